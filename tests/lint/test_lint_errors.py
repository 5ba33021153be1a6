"""Each error class: reported with file, JSON pointer and rule; `lint` and `build` exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bson
import pytest
from click.testing import CliRunner

from noema_codegen.checked_project import check_schemas
from noema_codegen.cli import main
from noema_codegen.diagnostics import Diagnostic, Severity
from tests.schema_fixtures import SchemaDirFactory, minimal_schema


def _errors(project: Path) -> list[Diagnostic]:
    _, diagnostics = check_schemas(project / "schemas")
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def _with_property(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    result = minimal_schema()
    result["properties"][name] = schema
    return result


@pytest.mark.parametrize(
    ("field_schema", "pointer_prefix"),
    [
        ({"$ref": "#/definitions/x"}, "/properties/bad"),
        ({"bsonType": "string", "format": "email"}, "/properties/bad"),
        ({"bsonType": "string", "id": "x"}, "/properties/bad"),
        ({"bsonType": "string", "examples": ["a"]}, "/properties/bad"),
        ({"type": "integer"}, "/properties/bad"),
        ({"bsonType": "integer"}, "/properties/bad"),
        ({"bsonType": ["string", "string"]}, "/properties/bad"),
        ({"bsonType": "strin"}, "/properties/bad"),
        ({"type": "string", "bsonType": "string"}, "/properties/bad"),
    ],
    ids=[
        "$ref",
        "format",
        "id",
        "unknown-keyword",
        "type-integer",
        "bsonType-integer",
        "duplicate-alias",
        "unknown-alias",
        "type-beside-bsonType",
    ],
)
def test_mongodb_dialect_errors(
    make_schema_dir: SchemaDirFactory, field_schema: dict[str, Any], pointer_prefix: str
) -> None:
    errors = _errors(make_schema_dir(things=_with_property("bad", field_schema)))
    assert errors, "expected a dialect error"
    assert all(e.rule == "mongodb-dialect" for e in errors)
    assert errors[0].file == "schemas/things.json"
    assert errors[0].pointer.startswith(pointer_prefix)


@pytest.mark.parametrize("keyword", ["$schema", "definitions"])
def test_root_level_unsupported_keywords(make_schema_dir: SchemaDirFactory, keyword: str) -> None:
    schema = minimal_schema()
    schema[keyword] = {} if keyword == "definitions" else "http://json-schema.org/draft-04/schema#"
    errors = _errors(make_schema_dir(things=schema))
    assert [e.rule for e in errors] == ["mongodb-dialect"]


def test_invalid_json_names_line_and_column(make_schema_dir: SchemaDirFactory) -> None:
    errors = _errors(make_schema_dir(things='{\n  "bsonType": "object",\n  "required": ["a",]\n}'))
    assert len(errors) == 1
    assert errors[0].rule == "json"
    assert (errors[0].line, errors[0].column) == (3, 20)
    assert errors[0].format().startswith("schemas/things.json:3:20: error[json]: ")


def test_duplicate_json_keys_are_an_error_at_the_second_occurrence(
    make_schema_dir: SchemaDirFactory,
) -> None:
    text = '{\n  "bsonType": "object",\n  "properties": {},\n  "bsonType": "object"\n}'
    errors = _errors(make_schema_dir(things=text))
    assert [(e.rule, e.pointer, e.line, e.column) for e in errors] == [
        ("json-duplicate-key", "/bsonType", 4, 3)
    ]
    assert "first at line 2" in errors[0].message


def test_missing_extension(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    del schema["x-noema"]
    errors = _errors(make_schema_dir(things=schema))
    assert [e.rule for e in errors] == ["extension"]


def test_malformed_extension_points_into_it(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"keys": {"name": 2}}]
    schema["x-noema"]["colour"] = "blue"
    errors = _errors(make_schema_dir(things=schema))
    pointers = sorted(e.pointer for e in errors)
    assert pointers == ["/x-noema", "/x-noema/indexes/0/keys/name"]


def test_vendor_key_below_the_root(make_schema_dir: SchemaDirFactory) -> None:
    errors = _errors(
        make_schema_dir(things=_with_property("bad", {"bsonType": "string", "x-noema": {}}))
    )
    assert [(e.pointer, e.rule) for e in errors] == [
        ("/properties/bad/x-noema", "extension-position")
    ]


def test_index_on_a_field_the_schema_does_not_have(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"name": "noema_by_nmae", "keys": {"nmae": 1}}]
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.pointer, e.rule) for e in errors] == [
        ("/x-noema/indexes/0/keys/nmae", "index-field")
    ]
    assert "'nmae'" in errors[0].message


def test_index_name_without_ownership_prefix(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"name": "by_name", "keys": {"name": 1}}]
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.pointer, e.rule) for e in errors] == [("/x-noema/indexes/0/name", "index-name")]


def test_unique_wildcard_and_sparse_partial_are_rejected(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["properties"]["tags"] = {"bsonType": "object"}
    schema["x-noema"]["indexes"] = [
        {"keys": {"tags.$**": 1}, "unique": True},
        {
            "keys": {"name": 1},
            "sparse": True,
            "partialFilterExpression": {"name": {"$exists": True}},
        },
    ]
    rules = sorted((e.pointer, e.rule) for e in _errors(make_schema_dir(things=schema)))
    assert rules == [
        ("/x-noema/indexes/0/unique", "index-options"),
        ("/x-noema/indexes/1/sparse", "index-options"),
    ]


def test_named_query_that_no_index_serves(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["queries"] = {
        "find_by_name": {
            "op": "find_many",
            "filter": {"name": {"param": "name"}},
            "sort": {"count": -1},
        }
    }
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.pointer, e.rule) for e in errors] == [
        ("/x-noema/queries/find_by_name", "query-index")
    ]
    schema["x-noema"]["indexes"] = [{"keys": {"name": 1, "count": -1}}]
    assert _errors(make_schema_dir(things=schema)) == []


def test_named_query_on_a_misspelt_field(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["queries"] = {
        "find_by_name": {"op": "find_one", "filter": {"nmae": {"param": "name"}}}
    }
    errors = _errors(make_schema_dir(things=schema))
    assert (errors[0].pointer, errors[0].rule) == (
        "/x-noema/queries/find_by_name/filter/nmae",
        "query-field",
    )


def test_constant_that_can_never_match(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"keys": {"name": 1}}]
    schema["x-noema"]["queries"] = {"find_x": {"op": "find_one", "filter": {"name": True}}}
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.pointer, e.rule) for e in errors] == [
        ("/x-noema/queries/find_x/filter/name", "query-constant")
    ]


def test_primary_key_needs_a_unique_index(make_schema_dir: SchemaDirFactory) -> None:
    schema = minimal_schema()
    schema["x-noema"]["primaryKey"] = "name"
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.pointer, e.rule) for e in errors] == [("/x-noema/primaryKey", "primary-key")]
    schema["x-noema"]["indexes"] = [{"keys": {"name": 1}, "unique": True}]
    assert _errors(make_schema_dir(things=schema)) == []


def test_reference_type_mismatch_between_collections(make_schema_dir: SchemaDirFactory) -> None:
    owner = minimal_schema()
    child = minimal_schema()
    child["x-noema"]["model"] = "Child"
    child["properties"]["ownerId"] = {"bsonType": "string"}
    child["x-noema"]["references"] = {"ownerId": "things._id"}
    errors = _errors(make_schema_dir(things=owner, children=child))
    assert [(e.file, e.pointer, e.rule) for e in errors] == [
        ("schemas/children.json", "/x-noema/references/ownerId", "reference")
    ]
    assert "type mismatch" in errors[0].message


def test_lint_cli_exit_codes_and_json(make_schema_dir: SchemaDirFactory) -> None:
    runner = CliRunner()
    good = make_schema_dir(things=minimal_schema())
    result = runner.invoke(main, ["lint", "--schemas", str(good / "schemas")])
    assert result.exit_code == 0, result.output
    bad_schema = _with_property("bad", {"type": "integer"})
    bad_schema["properties"]["state"] = {"bsonType": "string", "enum": ["a", None]}
    bad = make_schema_dir(things=bad_schema)
    result = runner.invoke(main, ["lint", "--schemas", str(bad / "schemas"), "--format", "json"])
    assert result.exit_code == 2
    assert '"severity": "error"' in result.output and '"severity": "warning"' in result.output


def test_lint_warnings_as_errors(make_schema_dir: SchemaDirFactory) -> None:
    schema = _with_property("state", {"bsonType": "string", "enum": ["a", None]})
    project = make_schema_dir(things=schema)
    runner = CliRunner()
    assert runner.invoke(main, ["lint", "--schemas", str(project / "schemas")]).exit_code == 0
    strict = runner.invoke(
        main, ["lint", "--schemas", str(project / "schemas"), "--warnings-as-errors"]
    )
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    ("field_schema", "hint"),
    [
        ({"bsonType": "strin"}, 'did you mean "string"?'),
        ({"bsonType": "String"}, 'did you mean "string"?'),
        ({"bsonType": "objectid"}, 'did you mean "objectId"?'),
        ({"bsonType": "boolean"}, 'did you mean "bool"?'),
        ({"bsonType": ["null", "strng"]}, 'did you mean "string"?'),
        ({"type": "strin"}, 'did you mean "string"?'),
        ({"bsonType": "integer"}, 'use bsonType "int" (32-bit) or "long" (64-bit)'),
        ({"type": "integer"}, 'use bsonType "int" (32-bit) or "long" (64-bit)'),
        ({"bsonType": ["integer", "null"]}, 'use bsonType "int" (32-bit) or "long" (64-bit)'),
        ({"type": "int"}, 'write "bsonType": "int" instead'),
        ({"type": "objectId"}, 'write "bsonType": "objectId" instead'),
        ({"bsonType": "zzzzzz"}, "bsonType takes array, binData, bool"),
    ],
)
def test_type_name_errors_say_what_to_write(
    make_schema_dir: SchemaDirFactory, field_schema: dict[str, Any], hint: str
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "lint",
            "--schemas",
            str(make_schema_dir(things=_with_property("bad", field_schema)) / "schemas"),
        ],
    )
    assert result.exit_code == 2
    keyword = next(iter(field_schema))
    lines = [line for line in result.output.splitlines() if "error[mongodb-dialect]" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"schemas/things.json#/properties/bad/{keyword}: ")
    assert hint in lines[0]


def test_valid_type_names_get_no_hint() -> None:
    from noema_codegen.lint.type_hints import type_hints

    schema = _with_property("ok", {"bsonType": ["int", "long", "number", "null"]})
    schema["properties"]["json"] = {"type": ["number", "boolean", "string"]}
    assert type_hints(schema) == {}


def test_an_error_and_a_warning_at_the_same_pointer_sort(make_schema_dir: SchemaDirFactory) -> None:
    """Diagnostics sort totally: equal file and pointer never compare the severities as enums."""
    error = Diagnostic("schemas/a.json", "/x", Severity.ERROR, "r", "m")
    warning = Diagnostic("schemas/a.json", "/x", Severity.WARNING, "r", "m")
    note = Diagnostic("schemas/a.json", "/x", Severity.NOTE, "r", "m")
    assert sorted([warning, note, error]) == [error, note, warning]
    # the input that crashed lint: a duplicated required name (an error at /required/1) under
    # additionalProperties: false (a warning at the same pointer)
    schema = _with_property(
        "n", {"bsonType": "object", "additionalProperties": False, "required": ["x", "x"]}
    )
    result = CliRunner().invoke(
        main, ["lint", "--schemas", str(make_schema_dir(things=schema) / "schemas")]
    )
    assert result.exit_code == 2, result.output
    assert "schemas/things.json#/properties/n/required/1: error[mongodb-dialect]" in result.output


@pytest.mark.parametrize(
    "field_schema",
    [
        {"bsonType": 0},
        {"bsonType": [0]},
        {"bsonType": "string", "enum": 5},
        {"bsonType": "object", "required": [[]], "additionalProperties": False},
        {"bsonType": "object", "properties": 5, "additionalProperties": False, "required": ["a"]},
        {"bsonType": "string", "description": 5},
        {"bsonType": {"a": 1}, "default": 1},
    ],
)
def test_malformed_keywords_are_dialect_errors_not_crashes(
    make_schema_dir: SchemaDirFactory, field_schema: dict[str, Any]
) -> None:
    """Project rules only look at schema positions MongoDB accepts, so they never see these."""
    result = CliRunner().invoke(
        main,
        [
            "lint",
            "--schemas",
            str(make_schema_dir(things=_with_property("bad", field_schema)) / "schemas"),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "schemas/things.json#/properties/bad" in result.output
    assert "warning[" not in result.output


def test_warnings_still_come_with_errors_elsewhere(make_schema_dir: SchemaDirFactory) -> None:
    schema = _with_property("bad", {"bsonType": 0})
    schema["properties"]["state"] = {"bsonType": "string", "enum": ["a", None]}
    errors_and_warnings = [(d.pointer, d.severity) for d in _all(make_schema_dir(things=schema))]
    assert ("/properties/bad/bsonType", Severity.ERROR) in errors_and_warnings
    assert ("/properties/state/enum/1", Severity.WARNING) in errors_and_warnings


def _all(project: Path) -> list[Diagnostic]:
    return check_schemas(project / "schemas")[1]


def test_validator_over_16_mib_is_refused(make_schema_dir: SchemaDirFactory) -> None:
    """BSONObjMaxUserSize (mongodb/mongo src/mongo/bson/util/builder.h) is 16 * 1024 * 1024."""
    limit = 16 * 1024 * 1024
    schema = minimal_schema()
    schema["description"] = ""
    # a string element grows by exactly one byte per ASCII character
    empty = len(bson.encode({"$jsonSchema": {k: v for k, v in schema.items() if k != "x-noema"}}))
    schema["description"] = "x" * (limit - empty)
    assert _errors(make_schema_dir(things=schema)) == []
    schema["description"] += "x"
    errors = _errors(make_schema_dir(things=schema))
    assert [(e.file, e.pointer, e.rule) for e in errors] == [
        ("schemas/things.json", "", "validator-size")
    ]
    assert str(limit) in errors[0].message


def test_a_diagnostic_is_one_printable_line_whatever_the_names_hold(
    make_schema_dir: SchemaDirFactory,
) -> None:
    schema = _with_property("a\nb\u202e\x7f", {"bsonType": "strin\r"})
    result = CliRunner().invoke(
        main, ["lint", "--schemas", str(make_schema_dir(things=schema) / "schemas")]
    )
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "schemas/things.json#/properties/a\\u000ab\\u202e\\u007f/bsonType: error[mongodb-dialect]: "
    )
    assert lines[1:] == ["1 error(s), 0 warning(s)"]
    as_json = json.loads(
        CliRunner()
        .invoke(
            main,
            [
                "lint",
                "--schemas",
                str(make_schema_dir(things=schema) / "schemas"),
                "--format",
                "json",
            ],
        )
        .stdout
    )
    assert as_json["diagnostics"][0]["pointer"] == "/properties/a\nb\u202e\x7f/bsonType"
