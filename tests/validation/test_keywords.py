"""Each keyword and each BSON type, judged as MongoDB judges an insert (see cases.py)."""

from __future__ import annotations

import pytest

from noema_codegen.validation import compile_schema
from tests.validation.cases import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_engine_matches_server_semantics(case: Case) -> None:
    validator = compile_schema(case.schema)
    assert validator.is_valid(case.doc) is case.valid
    errors = validator.errors(case.doc)
    assert (errors == []) is case.valid, errors


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_errors_point_at_the_offending_value() -> None:
    validator = compile_schema(
        {"properties": {"a": {"items": {"properties": {"b": {"bsonType": "int"}}}}}}
    )
    errors = validator.errors({"a": [{"b": 1}, {"b": "x"}]})
    assert [(e.pointer, e.keyword) for e in errors] == [("/a/1/b", "bsonType")]
    assert "int" in errors[0].message and "string" in errors[0].message


def test_pointer_escapes_slash_and_tilde() -> None:
    validator = compile_schema({"properties": {"a/b~c": {"bsonType": "int"}}})
    [error] = validator.errors({"a/b~c": "x"})
    assert error.pointer == "/a~1b~0c"


def test_assume_id_false_checks_document_as_given() -> None:
    schema = {"required": ["_id"]}
    assert compile_schema(schema).is_valid({"a": 1})
    assert not compile_schema(schema, assume_id=False).is_valid({"a": 1})


def test_non_mapping_document_is_invalid() -> None:
    validator = compile_schema({})
    assert validator.is_valid([1]) is False
    assert validator.errors("x")[0].keyword == "type"


def test_is_valid_runs_generated_code() -> None:
    validator = compile_schema({"properties": {"a": {"bsonType": "int"}}})
    assert "def " in validator.source and "'a'" in validator.source


def test_deep_nesting_compiles() -> None:
    schema: dict[str, object] = {"bsonType": "int"}
    for _ in range(40):
        schema = {"properties": {"a": schema}}
    doc: dict[str, object] = {"a": 1}
    bad: dict[str, object] = {"a": "x"}
    for _ in range(39):
        doc, bad = {"a": doc}, {"a": bad}
    validator = compile_schema(schema)
    assert validator.is_valid(doc)
    assert not validator.is_valid(bad)
    assert validator.errors(bad)[0].pointer == "/a" * 40
