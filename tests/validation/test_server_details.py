"""``CompiledSchema.explain`` against the server's own expected ``errInfo.details``.

Every case comes from mongodb/mongo: all the ``$jsonSchema`` tests of
``src/mongo/db/matcher/doc_validation/doc_validation_error_json_schema_test.cpp`` and of
``jstests/core/doc_validation/doc_validation_error.js`` (each fixture's ``source`` names the
test); the fixtures are written by ``make_server_details.py`` from ``server_details_cases.py``. The comparison is byte for byte on canonical Extended JSON, so key
order and BSON number types (int32/int64/double) count, as they do for ``ASSERT_BSONOBJ_EQ``
on field names and for an application reading ``errInfo``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bson
import pytest
from bson import json_util
from bson.json_util import CANONICAL_JSON_OPTIONS
from hypothesis import HealthCheck, assume, given, settings

from noema_codegen.validation import compile_schema, schema_errors
from tests.validation import make_server_details, server_details_cases
from tests.validation.strategies import documents, schemas


def _load(path: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json_util.loads(path.read_text(encoding="utf-8"))
    return loaded


CPP_CASES = _load(make_server_details.FIXTURE)
JS_CASES = _load(make_server_details.JS_FIXTURE)
CASES = CPP_CASES + JS_CASES

#: Cases whose expected details ``explain`` does not reproduce yet: source -> reason.
KNOWN_DIFFERENCES: dict[str, str] = {}


def _canonical(value: Any) -> str:
    return json_util.dumps(value, json_options=CANONICAL_JSON_OPTIONS)


def test_fixtures_are_written_from_the_ported_cases() -> None:
    assert _canonical(CPP_CASES) == _canonical(make_server_details.build())
    assert _canonical(JS_CASES) == _canonical(make_server_details.build_js())
    assert len(CPP_CASES) == len(server_details_cases.CASES)
    assert len(JS_CASES) == len(server_details_cases.JS_CASES)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            id=case["source"].split(" ", 1)[-1],
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[case["source"]])]
            if case["source"] in KNOWN_DIFFERENCES
            else [],
        )
        for case in CASES
    ],
)
def test_explain_matches_the_server_details(case: dict[str, Any]) -> None:
    validator = compile_schema(case["schema"])
    details = validator.explain(case["document"])
    assert _canonical(details) == _canonical(case["expected"])
    assert validator.is_valid(case["document"]) is (case["expected"] is None)


def test_items_array_reports_item_index_as_int64_and_single_schema_items_as_int32() -> None:
    """``InternalSchemaMatchArrayIndexMatchExpression::arrayIndex()`` is a ``long long`` appended
    as is; the single-schema ``items`` index goes through ``appendNumber`` (int32 when it fits)."""
    listed = compile_schema({"properties": {"a": {"items": [{"type": "string"}]}}})
    single = compile_schema({"properties": {"a": {"items": {"type": "string"}}}})
    listed_entry = listed.explain({"_id": 1, "a": [1]})["schemaRulesNotSatisfied"][0]  # type: ignore[index]
    single_entry = single.explain({"_id": 1, "a": [1]})["schemaRulesNotSatisfied"][0]  # type: ignore[index]
    listed_index = listed_entry["propertiesNotSatisfied"][0]["details"][0]["details"][0][
        "itemIndex"
    ]
    single_index = single_entry["propertiesNotSatisfied"][0]["details"][0]["itemIndex"]
    assert type(listed_index) is bson.Int64
    assert type(single_index) is int


def test_a_document_without_id_is_explained_with_the_id_the_server_adds_first() -> None:
    validator = compile_schema({"additionalProperties": False, "properties": {"a": {}}})
    details = validator.explain({"a": 1})
    assert details is not None
    rule = details["schemaRulesNotSatisfied"][0]
    assert rule["additionalProperties"] == ["_id"]


def test_a_value_that_is_not_a_document_is_explained_without_raising() -> None:
    validator = compile_schema({"required": ["a"]})
    assert validator.explain([1, 2]) == {
        "operatorName": "$jsonSchema",
        "reason": "the value is not a document",
    }


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(schema=schemas, doc=documents)
def test_explain_is_none_exactly_when_is_valid(schema: dict[str, Any], doc: dict[str, Any]) -> None:
    assume(not schema_errors(schema))
    validator = compile_schema(schema)
    details = validator.explain(doc)
    if validator.is_valid(doc):
        assert details is None
        return
    assert details is not None
    assert details["operatorName"] == "$jsonSchema"
    assert details.get("schemaRulesNotSatisfied") or details.get("reason")
    bson.encode({"details": details})  # what the server sends is a BSON document


def test_dependencies_apply_to_an_object_whatever_type_the_schema_states() -> None:
    """``json_schema_parser.cpp``: ``parseDependencies`` is not wrapped in ``makeRestriction``
    (``minProperties`` is), so under ``type: "string"`` an object still gets its dependencies
    checked, after the dropped object keywords and before ``type``."""
    validator = compile_schema(
        {"properties": {"a": {"type": "string", "minProperties": 5, "dependencies": {"x": ["y"]}}}}
    )
    details = validator.explain({"_id": 1, "a": {"x": 1}})
    assert details is not None
    [prop] = details["schemaRulesNotSatisfied"][0]["propertiesNotSatisfied"]
    assert [rule["operatorName"] for rule in prop["details"]] == ["dependencies", "type"]


def test_a_top_level_subschema_whose_type_excludes_object_is_an_always_false_node() -> None:
    """``_parse`` without a path (the top level, and so each ``allOf`` entry and schema
    dependency there) returns an ``AlwaysFalseMatchExpression`` tagged ``$jsonSchema`` when its
    type excludes object; ``generateAlwaysBooleanError`` explains it with ``specifiedAs`` and
    no schema annotations, as an object where a subschema's rules would be a list."""
    validator = compile_schema({"allOf": [{"type": "string", "title": "t"}, {"required": ["a"]}]})
    details = validator.explain({"_id": 1})
    assert details == {
        "operatorName": "$jsonSchema",
        "schemaRulesNotSatisfied": [
            {
                "operatorName": "allOf",
                "schemasNotSatisfied": [
                    {
                        "index": 0,
                        "details": {
                            "operatorName": "$jsonSchema",
                            "specifiedAs": {"$jsonSchema": {"type": "string", "title": "t"}},
                            "reason": "expression always evaluates to false",
                        },
                    },
                    {
                        "index": 1,
                        "details": [
                            {
                                "operatorName": "required",
                                "specifiedAs": {"required": ["a"]},
                                "missingProperties": ["a"],
                            }
                        ],
                    },
                ],
            }
        ],
    }
    assert [(e.pointer, e.keyword) for e in validator.errors({"_id": 1})] == [
        ("", "type"),
        ("/a", "required"),
    ]
