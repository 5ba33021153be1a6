"""Schemas MongoDB's $jsonSchema parser rejects (and some it accepts that look wrong)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bson import Binary, Decimal128, Int64

from noema_codegen.validation import SchemaError, compile_schema, schema_errors

UUID_BIN = Binary(b"\x00" * 16, 4)

# (id, schema, pointer of the first error, fragment of its message)
REJECTED: list[tuple[str, Any, str, str]] = [
    ("not-an-object", [1], "", "must be an object"),
    ("unknown-keyword", {"foo": 1}, "/foo", "Unknown $jsonSchema keyword: foo"),
    ("comment-keyword", {"$comment": "x"}, "/$comment", "Unknown"),
    ("x-noema", {"x-noema": {}}, "/x-noema", "Unknown"),
    (
        "default",
        {"properties": {"a": {"default": 1}}},
        "/properties/a/default",
        "not currently supported",
    ),
    ("ref", {"$ref": "#/x"}, "/$ref", "not currently supported"),
    ("schema", {"$schema": "x"}, "/$schema", "not currently supported"),
    ("definitions", {"definitions": {}}, "/definitions", "not currently supported"),
    ("format", {"format": "date"}, "/format", "not currently supported"),
    ("id", {"id": "x"}, "/id", "not currently supported"),
    ("examples", {"examples": []}, "/examples", "Unknown"),
    ("const", {"const": 1}, "/const", "Unknown"),
    ("type-integer", {"type": "integer"}, "/type", "'integer' is not currently supported"),
    ("bsonType-integer", {"bsonType": ["integer"]}, "/bsonType", "'integer'"),
    ("type-bson-alias", {"type": "int"}, "/type", "Unknown type name alias: int"),
    ("type-double", {"type": "double"}, "/type", "Unknown type name alias"),
    ("bsonType-json-alias", {"bsonType": "boolean"}, "/bsonType", "Unknown type name alias"),
    ("bsonType-missing", {"bsonType": "missing"}, "/bsonType", "'missing' is not a legal"),
    ("bsonType-duplicate", {"bsonType": ["int", "int"]}, "/bsonType", "duplicate value: int"),
    ("bsonType-empty", {"bsonType": []}, "/bsonType", "must name at least one type"),
    ("bsonType-number-code", {"bsonType": 16}, "/bsonType", "string or an array of strings"),
    ("bsonType-array-non-string", {"bsonType": ["int", 2]}, "/bsonType", "must be strings"),
    ("type-and-bsonType", {"type": "object", "bsonType": "object"}, "", "Cannot specify both"),
    ("description-not-string", {"description": 1}, "/description", "must be of type string"),
    ("title-not-string", {"title": None}, "/title", "must be of type string"),
    ("enum-empty", {"enum": []}, "/enum", "cannot be an empty array"),
    ("enum-not-array", {"enum": "a"}, "/enum", "must be an array"),
    ("enum-duplicate", {"enum": ["a", "a"]}, "/enum/1", "duplicate"),
    ("enum-duplicate-across-number-types", {"enum": [1, 1.0]}, "/enum/1", "duplicate"),
    (
        "enum-duplicate-field-order",
        {"enum": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]},
        "/enum/1",
        "duplicate",
    ),
    ("required-empty", {"required": []}, "/required", "cannot be an empty array"),
    ("required-not-array", {"required": "a"}, "/required", "must be an array"),
    ("required-non-string", {"required": ["a", 1]}, "/required/1", "array of strings"),
    ("required-duplicate", {"required": ["a", "a"]}, "/required/1", "duplicate"),
    ("properties-not-object", {"properties": []}, "/properties", "must be an object"),
    ("property-not-object", {"properties": {"a": 1}}, "/properties/a", "must be an object"),
    (
        "minLength-negative",
        {"properties": {"a": {"minLength": -1}}},
        "/properties/a/minLength",
        "non-negative",
    ),
    (
        "minLength-fraction",
        {"properties": {"a": {"minLength": 1.5}}},
        "/properties/a/minLength",
        "integer",
    ),
    (
        "minLength-string",
        {"properties": {"a": {"minLength": "1"}}},
        "/properties/a/minLength",
        "Expected a number",
    ),
    ("minLength-nan", {"minLength": float("nan")}, "/minLength", "NaN"),
    ("maxItems-huge-double", {"maxItems": 2.0**63}, "/maxItems", "64-bit"),
    ("maxItems-decimal-fraction", {"maxItems": Decimal128("1.5")}, "/maxItems", "64-bit"),
    ("minProperties-bool", {"minProperties": True}, "/minProperties", "Expected a number"),
    (
        "maximum-string",
        {"properties": {"a": {"maximum": "5"}}},
        "/properties/a/maximum",
        "must be a number",
    ),
    (
        "exclusiveMaximum-alone",
        {"properties": {"a": {"exclusiveMaximum": True}}},
        "/properties/a/exclusiveMaximum",
        "'maximum' must be a present",
    ),
    (
        "exclusiveMinimum-false-alone",
        {"exclusiveMinimum": False},
        "/exclusiveMinimum",
        "'minimum' must be a present",
    ),
    (
        "exclusiveMinimum-number",
        {"minimum": 1, "exclusiveMinimum": 1},
        "/exclusiveMinimum",
        "must be a boolean",
    ),
    ("multipleOf-zero", {"multipleOf": 0}, "/multipleOf", "positive"),
    ("multipleOf-negative", {"multipleOf": -2}, "/multipleOf", "positive"),
    ("multipleOf-negative-infinity", {"multipleOf": float("-inf")}, "/multipleOf", "positive"),
    (
        "multipleOf-nan-nested",
        {"properties": {"a": {"multipleOf": float("nan")}}},
        "/properties/a/multipleOf",
        "NaN",
    ),
    (
        "multipleOf-infinity-nested",
        {"properties": {"a": {"multipleOf": float("inf")}}},
        "/properties/a/multipleOf",
        "infinite",
    ),
    ("multipleOf-string", {"multipleOf": "2"}, "/multipleOf", "must be a number"),
    ("pattern-not-string", {"pattern": 1}, "/pattern", "must be a string"),
    (
        "pattern-invalid-nested",
        {"properties": {"a": {"pattern": "("}}},
        "/properties/a/pattern",
        "Invalid regular expression",
    ),
    (
        "patternProperties-invalid-regex",
        {"patternProperties": {"(": {}}},
        "/patternProperties/(",
        "Invalid regular expression",
    ),
    (
        "patternProperties-not-object",
        {"patternProperties": []},
        "/patternProperties",
        "must be an object",
    ),
    (
        "patternProperties-value",
        {"patternProperties": {"a": True}},
        "/patternProperties/a",
        "not an object",
    ),
    (
        "additionalProperties-string",
        {"additionalProperties": "no"},
        "/additionalProperties",
        "object or a boolean",
    ),
    ("items-string", {"items": "x"}, "/items", "array or an object"),
    ("items-array-of-non-objects", {"items": [{}, 1]}, "/items/1", "each element"),
    ("additionalItems-number", {"additionalItems": 1}, "/additionalItems", "object or a boolean"),
    ("uniqueItems-number", {"uniqueItems": 1}, "/uniqueItems", "must be a boolean"),
    ("allOf-empty", {"allOf": []}, "/allOf", "non-empty"),
    ("anyOf-object", {"anyOf": {}}, "/anyOf", "must be an array"),
    ("oneOf-non-object", {"oneOf": [1]}, "/oneOf/0", "array of objects"),
    ("not-array", {"not": []}, "/not", "must be an object"),
    ("dependencies-not-object", {"dependencies": []}, "/dependencies", "must be an object"),
    ("dependencies-string", {"dependencies": {"a": "b"}}, "/dependencies/a", "object or an array"),
    ("dependencies-empty-array", {"dependencies": {"a": []}}, "/dependencies/a", "empty array"),
    (
        "dependencies-non-string",
        {"dependencies": {"a": [1]}},
        "/dependencies/a/0",
        "only contain strings",
    ),
    (
        "dependencies-duplicate",
        {"dependencies": {"a": ["b", "b"]}},
        "/dependencies/a/1",
        "duplicate",
    ),
    (
        "nested-unknown",
        {"properties": {"a": {"items": {"anyOf": [{"foo": 1}]}}}},
        "/properties/a/items/anyOf/0/foo",
        "Unknown",
    ),
    (
        "encrypt-and-encryptMetadata",
        {
            "properties": {
                "a": {
                    "encrypt": {},
                    "encryptMetadata": {"algorithm": "AEAD_AES_256_CBC_HMAC_SHA_512-Random"},
                }
            }
        },
        "/properties/a",
        "Cannot specify both",
    ),
    (
        "encrypt-with-bsonType",
        {"properties": {"a": {"encrypt": {}, "bsonType": "binData"}}},
        "/properties/a",
        "cannot be used in conjunction with 'bsonType'",
    ),
    (
        "encrypt-with-type",
        {"properties": {"a": {"encrypt": {}, "type": "string"}}},
        "/properties/a",
        "conjunction with 'type'",
    ),
    (
        "encrypt-not-object",
        {"properties": {"a": {"encrypt": 1}}},
        "/properties/a/encrypt",
        "must be an object",
    ),
    (
        "encrypt-unknown-field",
        {"properties": {"a": {"encrypt": {"foo": 1}}}},
        "/properties/a/encrypt",
        "unknown field",
    ),
    (
        "encrypt-bad-algorithm",
        {"properties": {"a": {"encrypt": {"algorithm": "x"}}}},
        "/properties/a/encrypt",
        "not a valid value",
    ),
    (
        "encrypt-bad-keyId",
        {"properties": {"a": {"encrypt": {"keyId": [1]}}}},
        "/properties/a/encrypt",
        "UUID",
    ),
    (
        "encrypt-bad-bsonType",
        {"properties": {"a": {"encrypt": {"bsonType": "integer"}}}},
        "/properties/a/encrypt",
        "integer",
    ),
    ("encryptMetadata-empty", {"encryptMetadata": {}}, "/encryptMetadata", "empty object"),
    ("encryptMetadata-not-object", {"encryptMetadata": 1}, "/encryptMetadata", "must be an object"),
]

ACCEPTED: list[tuple[str, Any]] = [
    ("empty", {}),
    ("number-alias-type", {"properties": {"a": {"type": "number"}}}),
    ("number-alias-bsonType", {"properties": {"a": {"bsonType": ["number", "null"]}}}),
    (
        "every-bson-alias",
        {
            "properties": {
                "a": {
                    "bsonType": [
                        "double",
                        "string",
                        "object",
                        "array",
                        "binData",
                        "undefined",
                        "objectId",
                        "bool",
                        "date",
                        "null",
                        "regex",
                        "dbPointer",
                        "javascript",
                        "symbol",
                        "javascriptWithScope",
                        "int",
                        "timestamp",
                        "long",
                        "decimal",
                        "minKey",
                        "maxKey",
                    ]
                }
            }
        },
    ),
    (
        "lengths-as-double-decimal-long",
        {
            "properties": {
                "a": {"minLength": 1.0, "maxLength": Decimal128("3"), "minItems": Int64(0)}
            }
        },
    ),
    ("enum-distinct-types", {"enum": [1, "1", True, None, [1], {"a": 1}]}),
    ("multipleOf-nan-top-level", {"multipleOf": float("nan")}),
    ("multipleOf-infinity-top-level", {"multipleOf": float("inf")}),
    ("pattern-invalid-top-level", {"pattern": "("}),
    ("exclusiveMaximum-with-maximum", {"maximum": 1, "exclusiveMaximum": False}),
    ("dependencies-annotation", {"dependencies": {"title": "x", "description": "y"}}),
    ("items-empty-list", {"properties": {"a": {"items": []}}}),
    ("additionalItems-without-items", {"properties": {"a": {"additionalItems": False}}}),
    (
        "encrypt-full",
        {
            "properties": {
                "a": {
                    "encrypt": {
                        "bsonType": "string",
                        "algorithm": "AEAD_AES_256_CBC_HMAC_SHA_512-Deterministic",
                        "keyId": [UUID_BIN],
                    }
                }
            }
        },
    ),
    ("encrypt-keyId-pointer", {"properties": {"a": {"encrypt": {"keyId": "/key"}}}}),
    ("encryptMetadata", {"encryptMetadata": {"keyId": "/k"}}),
    ("top-level-non-object-type", {"bsonType": "string"}),
]


@pytest.mark.parametrize(
    ("name", "schema", "pointer", "fragment"), REJECTED, ids=[r[0] for r in REJECTED]
)
def test_rejected(name: str, schema: Any, pointer: str, fragment: str) -> None:
    errors = schema_errors(schema)
    assert errors, f"{name}: MongoDB rejects this schema"
    assert errors[0].pointer == pointer
    assert fragment in errors[0].message
    with pytest.raises(SchemaError) as caught:
        compile_schema(schema)
    assert caught.value == errors[0]


@pytest.mark.parametrize(("name", "schema"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted(name: str, schema: Any) -> None:
    assert schema_errors(schema) == []
    compile_schema(schema)


def test_all_errors_are_reported_with_pointers() -> None:
    schema = {
        "bsonType": "object",
        "required": [],
        "properties": {
            "a": {"type": "integer"},
            "b": {"bsonType": "string", "default": "x", "format": "email"},
            "c": {"items": {"bsonType": ["int", "int"]}},
        },
        "$schema": "http://json-schema.org/draft-04/schema#",
    }
    pointers = [(e.pointer, e.keyword) for e in schema_errors(schema)]
    assert pointers == [
        ("/$schema", "$schema"),
        ("/required", "required"),
        ("/properties/a/type", "type"),
        ("/properties/b/default", "default"),
        ("/properties/b/format", "format"),
        ("/properties/c/items/bsonType", "bsonType"),
    ]


def test_first_error_follows_server_keyword_order() -> None:
    # The server parses scalar keywords, then array, encryption, object, logical keywords.
    schema = {"enum": [], "required": [], "minItems": -1, "pattern": 5}
    assert [e.keyword for e in schema_errors(schema)] == ["pattern", "minItems", "required", "enum"]


def test_encrypt_can_be_disallowed() -> None:
    errors = schema_errors({"properties": {"a": {"encrypt": {}}}}, allow_encrypt=False)
    assert "not allowed in this context" in errors[0].message


def test_repository_schemas_are_accepted() -> None:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("x-noema", "default")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    files = sorted(Path("schemas").glob("*.json"))
    if not files:
        pytest.skip("no schemas/ directory here")
    for path in files:
        assert schema_errors(strip(json.loads(path.read_text()))) == [], path


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"required": ["a\x00"]}, "/required/0"),
        ({"dependencies": {"a": ["b\x00"]}}, "/dependencies/a/0"),
        ({"properties": {"a\x00": {}}}, "/properties/a\x00"),
        ({1: "x"}, ""),
    ],
)
def test_nul_bytes_and_unencodable_keys(schema: Any, pointer: str) -> None:
    errors = schema_errors(schema)
    assert errors and errors[0].pointer == pointer


def test_unencodable_enum_member() -> None:
    import datetime

    errors = schema_errors({"properties": {"a": {"enum": ["x", datetime.date(2020, 1, 1)]}}})
    assert errors[0].pointer == "/properties/a/enum/1"
    assert "cannot be encoded" in errors[0].message


def test_pattern_length_limit() -> None:
    assert schema_errors({"properties": {"a": {"pattern": "a" * 32764}}}) == []
    [error] = schema_errors({"properties": {"a": {"pattern": "a" * 32765}}})
    assert error.message == "Regular expression is too long"
    assert schema_errors({"pattern": "a" * 40000}) == []  # no effect at the top level
