"""(schema, document, accepted?) cases: what MongoDB does on insert, per the server source.

Used twice: the engine must give the expected answer (test_keywords.py), and, when
NOEMA_TEST_MONGODB_URI is set, a real server must too (test_live_server.py).
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from bson import Binary, Code, DBRef, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp

OID = ObjectId("64b000000000000000000001")
NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Case:
    id: str
    schema: dict[str, Any]
    doc: dict[str, Any]
    valid: bool


def prop(sub: dict[str, Any], value: Any, valid: bool, name: str) -> Case:
    """A case with one property ``a`` under ``sub``."""
    return Case(name, {"properties": {"a": sub}}, {"a": value}, valid)


CASES: list[Case] = [
    # -- bsonType and the Python -> BSON mapping --------------------------------------------
    prop({"bsonType": "int"}, 5, True, "int-small-int"),
    prop({"bsonType": "int"}, 2**31, False, "int-rejects-int-beyond-32-bits"),
    prop({"bsonType": "long"}, 2**31, True, "long-accepts-int-beyond-32-bits"),
    prop({"bsonType": "long"}, 5, False, "long-rejects-int32"),
    prop({"bsonType": "long"}, Int64(5), True, "long-accepts-Int64"),
    prop({"bsonType": "int"}, Int64(5), False, "int-rejects-Int64"),
    prop({"bsonType": "double"}, 5.0, True, "double-float"),
    prop({"bsonType": "double"}, 5, False, "double-rejects-int"),
    prop({"bsonType": "decimal"}, Decimal128("1.10"), True, "decimal"),
    prop({"bsonType": "decimal"}, 1.1, False, "decimal-rejects-double"),
    prop({"bsonType": "number"}, Decimal128("1"), True, "number-decimal"),
    prop({"bsonType": "number"}, Int64(1), True, "number-long"),
    prop({"bsonType": "number"}, True, False, "number-rejects-bool"),
    prop({"type": "number"}, 2.5, True, "type-number-double"),
    prop({"bsonType": "bool"}, False, True, "bool"),
    prop({"bsonType": "bool"}, 0, False, "bool-rejects-int"),
    prop({"bsonType": "int"}, True, False, "int-rejects-bool"),
    prop({"bsonType": "string"}, "x", True, "string"),
    prop({"bsonType": "string"}, Code("x"), False, "string-rejects-code"),
    prop({"bsonType": "javascript"}, Code("x"), True, "javascript"),
    prop({"bsonType": "javascript"}, Code("x", {"a": 1}), False, "javascript-rejects-scope"),
    prop({"bsonType": "javascriptWithScope"}, Code("x", {"a": 1}), True, "javascriptWithScope"),
    prop({"bsonType": "objectId"}, OID, True, "objectId"),
    prop({"bsonType": "objectId"}, str(OID), False, "objectId-rejects-hex-string"),
    prop({"bsonType": "date"}, NOW, True, "date"),
    prop({"bsonType": "date"}, Timestamp(1, 1), False, "date-rejects-timestamp"),
    prop({"bsonType": "timestamp"}, Timestamp(1, 1), True, "timestamp"),
    prop({"bsonType": "null"}, None, True, "null"),
    prop({"bsonType": "binData"}, b"\x00\x01", True, "binData-bytes"),
    prop({"bsonType": "binData"}, Binary(b"x", 5), True, "binData-md5"),
    prop({"bsonType": "binData"}, uuid.UUID(int=1), True, "binData-uuid"),
    prop({"bsonType": "regex"}, re.compile("a+"), True, "regex-pattern"),
    prop({"bsonType": "regex"}, Regex("a+", "i"), True, "regex-bson"),
    prop({"bsonType": "minKey"}, MinKey(), True, "minKey"),
    prop({"bsonType": "maxKey"}, MaxKey(), True, "maxKey"),
    prop({"bsonType": "maxKey"}, MinKey(), False, "maxKey-rejects-minKey"),
    prop({"bsonType": "object"}, DBRef("c", OID), True, "dbref-is-object"),
    prop(
        {"bsonType": "object", "required": ["$ref", "$id"]}, DBRef("c", OID), True, "dbref-fields"
    ),
    prop({"bsonType": "array"}, (1, 2), True, "tuple-is-array"),
    prop({"bsonType": "object"}, [], False, "object-rejects-array"),
    prop({"bsonType": "array"}, {}, False, "array-rejects-object"),
    prop({"bsonType": ["string", "null"]}, None, True, "type-list"),
    prop({"bsonType": ["string", "null"]}, 1, False, "type-list-miss"),
    prop({"bsonType": "undefined"}, None, False, "undefined-never-from-python"),
    prop({"type": "object"}, {"x": 1}, True, "json-type-object"),
    prop({"type": "boolean"}, True, True, "json-type-boolean"),
    prop({"type": ["string", "null"]}, "s", True, "json-type-list"),
    Case("missing-optional-field", {"properties": {"a": {"bsonType": "int"}}}, {"b": 1}, True),
    # -- top level --------------------------------------------------------------------------
    Case("top-level-type-array", {"bsonType": "array"}, {"a": 1}, False),
    Case("top-level-type-number", {"type": "number"}, {"a": 1}, False),
    Case("top-level-object", {"bsonType": ["object", "array"]}, {"a": 1}, True),
    Case(
        "top-level-minimum-ignored", {"minimum": 5, "maxLength": 0, "pattern": "x"}, {"a": 1}, True
    ),
    Case("top-level-items-ignored", {"items": {"bsonType": "int"}, "minItems": 3}, {"a": 1}, True),
    Case("top-level-enum-scalars-never-match", {"enum": [1, "a"]}, {"a": 1}, False),
    Case("top-level-enum-object-with-id", {"enum": [{"_id": 1, "a": 1}]}, {"_id": 1, "a": 1}, True),
    Case("top-level-enum-field-order", {"enum": [{"a": 1, "_id": 1}]}, {"_id": 1, "a": 1}, True),
    Case("top-level-enum-object-without-id", {"enum": [{"a": 1}]}, {"a": 1}, False),
    Case("added-id-satisfies-required", {"required": ["_id"]}, {"a": 1}, True),
    Case(
        "added-id-vs-additionalProperties-false",
        {"properties": {"a": {}}, "additionalProperties": False},
        {"a": 1},
        False,
    ),
    Case(
        "additionalProperties-false-with-id",
        {"properties": {"a": {}, "_id": {}}, "additionalProperties": False},
        {"a": 1},
        True,
    ),
    Case("top-level-minProperties-counts-id", {"minProperties": 2}, {"a": 1}, True),
    Case("top-level-maxProperties-counts-id", {"maxProperties": 1}, {"a": 1}, False),
    # -- required / properties --------------------------------------------------------------
    Case("required-missing", {"required": ["a", "b"]}, {"a": 1}, False),
    Case("required-null-present", {"required": ["a"]}, {"a": None}, True),
    Case(
        "nested-required-only-for-objects",
        {"properties": {"a": {"required": ["x"]}}},
        {"a": 5},
        True,
    ),
    Case(
        "nested-required-object", {"properties": {"a": {"required": ["x"]}}}, {"a": {"y": 1}}, False
    ),
    Case(
        "nested-properties-skip-non-object",
        {"properties": {"a": {"properties": {"x": {"bsonType": "int"}}}}},
        {"a": [{"x": "s"}]},
        True,
    ),
    # -- numbers ----------------------------------------------------------------------------
    prop({"minimum": 5}, 5, True, "minimum-inclusive"),
    prop({"minimum": 5, "exclusiveMinimum": True}, 5, False, "minimum-exclusive"),
    prop({"maximum": 5}, Int64(6), False, "maximum-long"),
    prop({"maximum": 5, "exclusiveMaximum": True}, 4.999, True, "maximum-exclusive"),
    prop({"minimum": 5}, "a string", True, "minimum-ignores-strings"),
    prop({"minimum": 1}, Decimal128("0.5"), False, "minimum-decimal"),
    prop({"maximum": Decimal128("1.5")}, 1.25, True, "maximum-decimal-bound"),
    prop({"minimum": 0}, float("nan"), False, "nan-below-minimum"),
    prop({"maximum": 0}, float("nan"), False, "nan-not-below-maximum"),
    prop({"minimum": float("nan")}, float("nan"), True, "nan-gte-nan"),
    prop({"minimum": float("nan"), "exclusiveMinimum": True}, float("nan"), False, "nan-gt-nan"),
    prop({"minimum": 0}, float("inf"), True, "infinity"),
    prop({"maximum": 2**53}, 2**53 + 1, False, "long-vs-double-exact"),
    prop({"multipleOf": 3}, 9, True, "multipleOf-int"),
    prop({"multipleOf": 3}, 10, False, "multipleOf-int-miss"),
    prop({"multipleOf": 0.1}, 0.3, True, "multipleOf-double-15-digits"),
    prop({"multipleOf": 2}, 4.5, False, "multipleOf-double-miss"),
    prop({"multipleOf": Decimal128("0.01")}, Decimal128("1.23"), True, "multipleOf-decimal"),
    prop({"multipleOf": 2}, float("inf"), False, "multipleOf-infinity"),
    prop({"multipleOf": 2}, "x", True, "multipleOf-ignores-strings"),
    prop({"multipleOf": 2}, -4, True, "multipleOf-negative-value"),
    # -- strings ----------------------------------------------------------------------------
    prop({"minLength": 2}, "é", False, "minLength-code-points"),
    prop({"maxLength": 1}, "😀", True, "maxLength-code-points-astral"),
    prop({"maxLength": 1}, 12345, True, "maxLength-ignores-numbers"),
    prop({"minLength": 2.0}, "ab", True, "minLength-integral-double"),
    prop({"pattern": "^a.c$"}, "abc", True, "pattern-match"),
    prop({"pattern": "b"}, "abc", True, "pattern-is-search"),
    prop({"pattern": "^\\d+$"}, "١٢", False, "pattern-digits-ascii-only"),
    prop({"pattern": "^a"}, Code("abc"), True, "pattern-ignores-code"),
    prop({"pattern": "abc\\z"}, "abc\n", False, "pattern-backslash-z"),
    prop({"pattern": "abc$"}, "abc\n", True, "pattern-dollar-before-final-newline"),
    # -- arrays -----------------------------------------------------------------------------
    prop({"minItems": 2}, [1], False, "minItems"),
    prop({"maxItems": 1}, [1, 2], False, "maxItems"),
    prop({"items": {"bsonType": "int"}}, [1, "x"], False, "items-schema"),
    prop({"items": {"bsonType": "int"}}, "not an array", True, "items-ignores-non-arrays"),
    prop(
        {"items": [{"bsonType": "int"}, {"bsonType": "string"}]},
        [1, "x", None],
        True,
        "items-list-extra-allowed",
    ),
    prop(
        {"items": [{"bsonType": "int"}], "additionalItems": False},
        [1, 2],
        False,
        "additionalItems-false",
    ),
    prop(
        {"items": [{"bsonType": "int"}], "additionalItems": {"bsonType": "string"}},
        [1, "s"],
        True,
        "additionalItems-schema",
    ),
    prop(
        {"items": {"bsonType": "int"}, "additionalItems": False},
        [1, 2],
        True,
        "additionalItems-ignored-with-items-object",
    ),
    prop({"additionalItems": False}, [1, 2], True, "additionalItems-ignored-without-items"),
    prop({"items": []}, [1], True, "items-empty-list"),
    prop({"items": [], "additionalItems": False}, [1], False, "items-empty-list-no-additional"),
    prop({"uniqueItems": True}, [1, 1.0], False, "uniqueItems-numbers-across-types"),
    prop(
        {"uniqueItems": True},
        [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
        False,
        "uniqueItems-field-order-ignored",
    ),
    prop({"uniqueItems": True}, [[1, 2], [2, 1]], True, "uniqueItems-array-order-matters"),
    prop({"uniqueItems": True}, [True, 1], True, "uniqueItems-bool-not-number"),
    prop({"uniqueItems": True}, ["a", "A"], True, "uniqueItems-case-sensitive"),
    prop({"uniqueItems": False}, [1, 1], True, "uniqueItems-false"),
    # -- objects ----------------------------------------------------------------------------
    prop({"minProperties": 2}, {"x": 1}, False, "minProperties"),
    prop({"maxProperties": 1}, {"x": 1, "y": 2}, False, "maxProperties"),
    prop(
        {"additionalProperties": False, "properties": {"x": {}}},
        {"x": 1, "y": 2},
        False,
        "additionalProperties-false",
    ),
    prop(
        {"additionalProperties": {"bsonType": "int"}},
        {"x": 1, "y": "s"},
        False,
        "additionalProperties-schema",
    ),
    prop(
        {"patternProperties": {"^s_": {"bsonType": "string"}}, "additionalProperties": False},
        {"s_a": "x"},
        True,
        "patternProperties-match",
    ),
    prop(
        {"patternProperties": {"^s_": {"bsonType": "string"}}},
        {"s_a": 1},
        False,
        "patternProperties-fail",
    ),
    prop(
        {"properties": {"s_a": {}}, "patternProperties": {"^s_": {"bsonType": "string"}}},
        {"s_a": 1},
        False,
        "patternProperties-apply-to-listed-properties",
    ),
    prop(
        {"patternProperties": {"x": {"bsonType": "int"}}, "additionalProperties": False},
        {"axb": 1},
        True,
        "patternProperties-search",
    ),
    Case("dependencies-property", {"dependencies": {"a": ["b"]}}, {"a": 1}, False),
    Case("dependencies-property-ok", {"dependencies": {"a": ["b"]}}, {"a": 1, "b": 2}, True),
    Case("dependencies-absent", {"dependencies": {"a": ["b"]}}, {"c": 1}, True),
    Case("dependencies-schema", {"dependencies": {"a": {"required": ["c"]}}}, {"a": 1}, False),
    Case(
        "dependencies-schema-nested",
        {"properties": {"o": {"dependencies": {"a": {"properties": {"a": {"bsonType": "int"}}}}}}},
        {"o": {"a": "x"}},
        False,
    ),
    # -- logic and enum ---------------------------------------------------------------------
    prop({"allOf": [{"bsonType": "int"}, {"minimum": 2}]}, 1, False, "allOf"),
    prop({"anyOf": [{"bsonType": "int"}, {"bsonType": "string"}]}, "x", True, "anyOf"),
    prop({"anyOf": [{"bsonType": "int"}, {"bsonType": "string"}]}, 1.5, False, "anyOf-miss"),
    prop({"oneOf": [{"bsonType": "number"}, {"minimum": 0}]}, 5, False, "oneOf-two-match"),
    prop({"oneOf": [{"bsonType": "number"}, {"bsonType": "string"}]}, 5, True, "oneOf-one"),
    prop({"not": {"bsonType": "string"}}, 5, True, "not"),
    prop({"not": {"bsonType": "string"}}, "s", False, "not-miss"),
    prop({"enum": [1, "a"]}, 1.0, True, "enum-number-across-types"),
    prop({"enum": [1]}, Decimal128("1.000"), True, "enum-decimal"),
    prop({"enum": [1]}, True, False, "enum-bool-is-not-number"),
    prop({"enum": [{"x": 1, "y": 2}]}, {"y": 2, "x": 1}, True, "enum-object-field-order"),
    prop({"enum": [[1, 2]]}, [2, 1], False, "enum-array-order"),
    prop({"enum": [1]}, [1], False, "enum-no-array-traversal"),
    prop({"enum": [None]}, None, True, "enum-null"),
    prop({"enum": ["a"]}, Code("a"), False, "enum-code-is-not-string"),
    prop({"enum": [float("nan")]}, Decimal128("NaN"), True, "enum-nan"),
    Case("not-at-top-level", {"not": {"required": ["a"]}}, {"a": 1}, False),
    Case(
        "anyOf-at-top-level", {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}, {"b": 1}, True
    ),
    Case("top-level-not-type", {"not": {"bsonType": "string"}}, {"a": 1}, True),
    # -- annotations ------------------------------------------------------------------------
    prop({"title": "t", "description": "d"}, 1, True, "annotations"),
    # -- encrypt ----------------------------------------------------------------------------
    prop({"encrypt": {}}, Binary(b"\x01" + b"\x00" * 17, 6), True, "encrypt-bindata-6"),
    prop({"encrypt": {}}, "plain", False, "encrypt-rejects-plaintext"),
    prop(
        {"encrypt": {"bsonType": "string"}},
        Binary(b"\x01" + b"\x00" * 16 + b"\x02" + b"x", 6),
        True,
        "encrypt-original-type",
    ),
    prop(
        {"encrypt": {"bsonType": "int"}},
        Binary(b"\x01" + b"\x00" * 16 + b"\x02" + b"x", 6),
        False,
        "encrypt-original-type-miss",
    ),
]

CASES += [
    # -- property names with dots are paths for the server ----------------------------------
    Case(
        "dotted-property-is-a-path",
        {"properties": {"a.b": {"bsonType": "int"}}},
        {"a": {"b": "x"}},
        False,
    ),
    Case(
        "dotted-property-path-ok",
        {"properties": {"a.b": {"bsonType": "int"}}},
        {"a": {"b": 1}},
        True,
    ),
    Case("dotted-required-is-a-path", {"required": ["a.b"]}, {"a": {"b": None}}, True),
    Case("dotted-required-missing", {"required": ["a.b"]}, {"a": {"c": 1}}, False),
    Case("dotted-property-missing-path", {"required": ["a.b"]}, {"a": 5}, False),
]

CASES += [
    # -- double vs decimal: the double is rounded to 34 digits before comparing --------------
    prop(
        {"enum": [0.1]},
        Decimal128("0.1000000000000000055511151231257827"),
        True,
        "enum-double-vs-decimal-34-digits",
    ),
    prop({"enum": [0.1]}, Decimal128("0.1"), False, "enum-double-vs-short-decimal"),
    prop(
        {"maximum": 0.1},
        Decimal128("0.1000000000000000055511151231257827"),
        True,
        "maximum-double-vs-decimal-34-digits",
    ),
    prop(
        {"maximum": 0.1, "exclusiveMaximum": True},
        Decimal128("0.1000000000000000055511151231257827"),
        False,
        "exclusive-maximum-double-vs-decimal-34-digits",
    ),
]

CASES += [
    # -- dotted names reach through arrays of documents and by position ------------------------
    Case("dotted-required-through-array", {"required": ["a.b"]}, {"a": [{"b": 1}]}, True),
    Case("dotted-required-through-array-missing", {"required": ["a.b"]}, {"a": [{"c": 1}]}, False),
    Case(
        "dotted-property-any-element",
        {"properties": {"a.b": {"bsonType": "int"}}},
        {"a": [{"b": "x"}, {"b": 1}]},
        True,
    ),
    Case(
        "dotted-property-no-element",
        {"properties": {"a.b": {"bsonType": "int"}}},
        {"a": [{"b": "x"}]},
        False,
    ),
    Case("dotted-required-positional", {"required": ["a.1"]}, {"a": [5, 6]}, True),
    Case("dotted-literal-field-not-seen", {"required": ["a.b"]}, {"a.b": 1}, False),
]
