"""Each warning rule fires on a bad schema and stays quiet on the corrected one."""

from __future__ import annotations

from pathlib import Path

from noema_codegen.checked_project import check_schemas
from noema_codegen.diagnostics import Severity
from tests.schema_fixtures import SchemaDirFactory, minimal_schema


def _warnings(project: Path) -> list[tuple[str, str]]:
    _, diagnostics = check_schemas(project / "schemas")
    assert not [d for d in diagnostics if d.severity is Severity.ERROR], diagnostics
    return [(d.pointer, d.rule) for d in diagnostics if d.severity is Severity.WARNING]


def test_enum_member_excluded_by_type(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["state"] = {"bsonType": "string", "enum": ["on", "off", None]}
    assert _warnings(make_schema_dir(things=schema)) == [("/properties/state/enum/2", "enum-type")]


def test_enum_member_allowed_when_type_lists_null(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["state"] = {"bsonType": ["string", "null"], "enum": ["on", None]}
    assert _warnings(make_schema_dir(things=schema)) == []


def test_enum_number_member_under_string_type(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["state"] = {"bsonType": "string", "enum": ["on", 3]}
    assert _warnings(make_schema_dir(things=schema)) == [("/properties/state/enum/1", "enum-type")]


def test_required_missing_from_closed_properties(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["box"] = {
        "bsonType": "object",
        "required": ["width", "height"],
        "properties": {"width": {"bsonType": "int"}},
        "additionalProperties": False,
    }
    assert _warnings(make_schema_dir(things=schema)) == [
        ("/properties/box/required/1", "required-undeclared")
    ]


def test_required_missing_is_fine_when_properties_are_open(
    make_schema_dir: SchemaDirFactory,
) -> None:
    schema = minimal_schema()
    schema["properties"]["box"] = {
        "bsonType": "object",
        "required": ["width", "height"],
        "properties": {"width": {"bsonType": "int"}},
    }
    assert _warnings(make_schema_dir(things=schema)) == []


def test_description_promising_null(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["endTime"] = {
        "bsonType": "date",
        "description": "When it ended. Null if active.",
    }
    assert _warnings(make_schema_dir(things=schema)) == [
        ("/properties/endTime/description", "null-promise")
    ]


def test_description_mentioning_null_with_nullable_type(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["endTime"] = {
        "bsonType": ["date", "null"],
        "description": "Null if active.",
    }
    assert _warnings(make_schema_dir(things=schema)) == []


def test_default_of_the_wrong_type(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["flag"] = {"bsonType": "bool", "default": "yes"}
    assert _warnings(make_schema_dir(things=schema)) == [
        ("/properties/flag/default", "default-type")
    ]


def test_the_adr_text_has_exactly_the_known_defects(root: Path) -> None:
    """ADR-002 as written: four null promises and the null enum member of endReason."""
    from noema_codegen.lint import lint_sources
    from noema_codegen.load import load_sources

    sources, load_errors = load_sources(root / "tests" / "fixtures" / "adr002")
    assert load_errors == []
    found = {
        (d.file.rsplit("/", 1)[-1], d.pointer, d.rule)
        for d in lint_sources(sources)
        if d.severity is Severity.WARNING
    }
    assert found == {
        ("userSessions.json", "/properties/endTime/description", "null-promise"),
        ("userSessions.json", "/properties/endReason/description", "null-promise"),
        ("userSessions.json", "/properties/endReason/enum/6", "enum-type"),
        ("generationOutputs.json", "/properties/responseTimestamp/description", "null-promise"),
        ("generationOutputs.json", "/properties/costUsd/description", "null-promise"),
    }


def test_the_bundled_schemas_are_clean(root: Path) -> None:
    project, diagnostics = check_schemas(root / "schemas")
    assert project is not None
    assert diagnostics == []


def test_pattern_mongodb_accepts_but_models_cannot_run(make_schema_dir: SchemaDirFactory) -> None:
    """PCRE (the server's engine) knows \\p{L}; Python's re does not."""
    schema = minimal_schema()
    schema["properties"]["name"] = {"bsonType": "string", "pattern": "^\\p{L}+$"}
    schema["properties"]["tags"] = {
        "bsonType": "object",
        "patternProperties": {"^\\p{Lu}": {"bsonType": "int"}, "^a": {"bsonType": "int"}},
    }
    assert _warnings(make_schema_dir(things=schema)) == [
        ("/properties/name/pattern", "pattern-unenforced"),
        ("/properties/tags/patternProperties/^\\p{Lu}", "pattern-unenforced"),
    ]


def test_pattern_the_translator_runs_is_quiet(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["name"] = {"bsonType": "string", "pattern": "^(?<n>a)\\k<n>$"}
    assert _warnings(make_schema_dir(things=schema)) == []
