"""Property tests: the generated code, the error walker and pymongo round trips agree."""

from __future__ import annotations

from typing import Any

import bson
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from noema_codegen.validation import compile_schema, schema_errors
from noema_codegen.validation.equality import value_key
from tests.validation.strategies import documents, schemas, values


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(schema=schemas, doc=documents)
def test_is_valid_agrees_with_errors(schema: dict[str, Any], doc: dict[str, Any]) -> None:
    assume(not schema_errors(schema))
    validator = compile_schema(schema)
    assert validator.is_valid(doc) is (validator.errors(doc) == [])


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(schema=schemas, doc=documents)
def test_verdict_survives_a_bson_round_trip(schema: dict[str, Any], doc: dict[str, Any]) -> None:
    """What pymongo decodes from what it sent gets the same verdict as what was sent."""
    assume(not schema_errors(schema))
    validator = compile_schema(schema)
    decoded = bson.decode(bson.encode(doc))
    assert validator.is_valid(decoded) is validator.is_valid(doc)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_equality_key_survives_a_bson_round_trip(value: Any) -> None:
    decoded = bson.decode(bson.encode({"v": value}))["v"]
    assert value_key(decoded) == value_key(value)


@settings(max_examples=200, deadline=None)
@given(left=values, right=values)
def test_enum_and_unique_items_agree(left: Any, right: Any) -> None:
    """``enum: [left]`` accepts ``right`` exactly when ``[left, right]`` is not unique."""
    enum = compile_schema({"properties": {"a": {"enum": [left]}}})
    unique = compile_schema({"properties": {"a": {"uniqueItems": True}}})
    assert enum.is_valid({"a": right}) is (not unique.is_valid({"a": [left, right]}))


@given(st.integers(-(2**63), 2**63 - 1))
def test_int_and_int64_are_equal_values(number: int) -> None:
    assert (
        value_key(number) == value_key(bson.Int64(number)) == value_key(float(number))
        or float(number) != number
    )
