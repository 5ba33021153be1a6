"""``errors()`` is the flat view of ``explain()``: its pointers name what the server names.

The server's choices come from ``src/mongo/db/matcher/doc_validation/doc_validation_error.cpp``:
``generateJSONSchemaArraySingleSchemaError`` reports the first mismatching element
(``findFirstMismatchInArray``), ``generateAdditionalPropertiesSchemaError`` the first failing
additional property (``findFirstFailingAdditionalProperty``), ``InternalSchemaUniqueItems`` the
array with its first duplicate (expected details in ``doc_validation_error_json_schema_test.cpp``:
``ArrayItemsSingleSchema``, ``BasicAdditionalPropertiesSchema``, ``ArrayUniqueItems``).
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from noema_codegen.validation import compile_schema, schema_errors
from noema_codegen.validation.flat_errors import flat_errors
from tests.validation.strategies import documents, schemas


def pairs(schema: dict[str, Any], doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e.pointer, e.keyword) for e in compile_schema(schema).errors(doc)]


def test_single_schema_items_names_the_first_failing_element_only() -> None:
    schema = {"properties": {"a": {"items": {"bsonType": "string"}}}}
    assert pairs(schema, {"_id": 1, "a": ["x", 1, 2]}) == [("/a/1", "bsonType")]


def test_items_array_names_every_failing_position() -> None:
    schema = {"properties": {"a": {"items": [{"bsonType": "int"}, {"bsonType": "int"}]}}}
    assert pairs(schema, {"_id": 1, "a": ["x", "y"]}) == [
        ("/a/0", "bsonType"),
        ("/a/1", "bsonType"),
    ]


def test_additional_properties_schema_names_the_first_failing_property_only() -> None:
    schema = {"properties": {"_id": {}}, "additionalProperties": {"bsonType": "string"}}
    assert pairs(schema, {"_id": 1, "a": "ok", "b": 1, "c": 2}) == [("/b", "bsonType")]


def test_unique_items_points_at_the_array() -> None:
    schema = {"properties": {"a": {"uniqueItems": True}}}
    [error] = compile_schema(schema).errors({"_id": 1, "a": [1, 2, 2]})
    assert (error.pointer, error.keyword) == ("/a", "uniqueItems")
    assert "2" in error.message


def test_additional_items_false_points_at_the_array() -> None:
    schema = {"properties": {"a": {"items": [{}], "additionalItems": False}}}
    assert pairs(schema, {"_id": 1, "a": [1, 2, 3]}) == [("/a", "additionalItems")]


def test_sibling_rules_come_in_the_server_order() -> None:
    """``NestedPropertiesMultipleFailingClauses``: maximum before minimum; ``properties``,
    ``additionalProperties`` then ``required`` (``BasicAdditionalPropertiesFalseRequired...``)."""
    schema = {
        "required": ["z"],
        "additionalProperties": False,
        "properties": {"_id": {}, "a": {"minimum": 10, "maximum": -10}},
    }
    assert pairs(schema, {"_id": 1, "a": 5, "x": 1}) == [
        ("/a", "maximum"),
        ("/a", "minimum"),
        ("/x", "additionalProperties"),
        ("/z", "required"),
    ]


def test_a_required_and_typed_missing_field_is_reported_once() -> None:
    schema = {"required": ["a"], "properties": {"a": {"bsonType": "int", "minimum": 1}}}
    assert pairs(schema, {"_id": 1}) == [("/a", "required")]


def _resolve(doc: Any, pointer: str) -> bool:
    """Whether the JSON pointer names a value of ``doc``."""
    value = doc
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False
    return True


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(schema=schemas, doc=documents)
def test_errors_are_the_flat_view_of_explain_and_point_into_the_document(
    schema: dict[str, Any], doc: dict[str, Any]
) -> None:
    assume(not schema_errors(schema))
    # A dotted name ("a.b") reaches through arrays of documents, which a JSON pointer cannot say.
    assume("'a.b'" not in repr(schema) and "'a.0'" not in repr(schema))
    validator = compile_schema(schema)
    errors = validator.errors(doc)
    details = validator.explain(doc)
    assert errors == ([] if details is None else flat_errors(details))
    assert (errors == []) is validator.is_valid(doc)
    full = doc if "_id" in doc else {"_id": None, **doc}
    for error in errors:
        if error.keyword in ("required", "dependencies"):
            continue  # names the missing field
        assert _resolve(full, error.pointer), (error, doc)
