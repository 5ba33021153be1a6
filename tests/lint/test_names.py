"""Name errors of lint (``lint.names``): attribute collisions and collection names."""

from __future__ import annotations

from pathlib import Path

from noema_codegen.checked_project import check_schemas
from noema_codegen.diagnostics import Severity
from tests.schema_fixtures import SchemaDirFactory, minimal_schema


def _errors(project: Path) -> list[tuple[str, str, str]]:
    _, diagnostics = check_schemas(project / "schemas")
    return [(d.file, d.pointer, d.rule) for d in diagnostics if d.severity is Severity.ERROR]


def test_collision_in_a_nested_object(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["box"] = {
        "bsonType": "object",
        "properties": {"a-b": {"bsonType": "int"}, "a_b": {"bsonType": "int"}},
    }
    assert _errors(make_schema_dir(things=schema)) == [
        ("schemas/things.json", "/properties/box/properties/a_b", "attribute-collision")
    ]


def test_id_collides_with_the_implicit_id(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    del schema["properties"]["_id"]
    schema["required"] = ["name"]
    schema["properties"]["id"] = {"bsonType": "string"}
    assert _errors(make_schema_dir(things=schema)) == [
        ("schemas/things.json", "/properties/id", "attribute-collision")
    ]


def test_same_names_in_different_objects_are_fine(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["userAgent"] = {"bsonType": "string"}
    schema["properties"]["box"] = {
        "bsonType": "object",
        "properties": {"user_agent": {"bsonType": "string"}},
    }
    assert _errors(make_schema_dir(things=schema)) == []


def test_collection_name_mongodb_refuses(make_schema_dir: SchemaDirFactory) -> None:
    """'system.' is reserved and '$' is refused by MongoDB (src/mongo/db/namespace_string.cpp,
    NamespaceString::validCollectionName; NamespaceString::isSystem)."""
    schema = minimal_schema()
    other = minimal_schema()
    other["x-noema"]["model"] = "Other"
    project = make_schema_dir(**{"system.things": schema, "a$b": other})
    assert _errors(project) == [
        ("schemas/a$b.json", "", "collection-name"),
        ("schemas/system.things.json", "", "collection-name"),
    ]


def test_collections_equal_but_for_case(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    other = minimal_schema()
    other["x-noema"]["model"] = "OtherThing"
    project = make_schema_dir(things=schema, Things=other)
    if len(list((project / "schemas").iterdir())) < 2:  # a case-insensitive filesystem
        return
    _, diagnostics = check_schemas(project / "schemas")
    found = [d for d in diagnostics if d.rule == "file-name-collision"]
    assert len(found) == 1
    assert "'Things'" in found[0].message and "'things'" in found[0].message


def test_collections_equal_but_for_unicode_normalization(make_schema_dir: SchemaDirFactory) -> None:
    """macOS file systems compare names normalization-insensitively: NFC and NFD 'café'."""
    schema = minimal_schema()
    other = minimal_schema()
    other["x-noema"]["model"] = "OtherThing"
    names = ["caf\u00e9", "cafe\u0301"]  # NFC and NFD spellings
    project = make_schema_dir(**dict(zip(names, [schema, other], strict=True)))
    if len(list((project / "schemas").iterdir())) < 2:  # a normalizing filesystem
        return
    assert [rule for _, _, rule in _errors(project)] == ["file-name-collision"]
