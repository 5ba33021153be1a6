"""Cases transcribed from MongoDB's own jstests (jstests/core/query/json_schema/*.js).

Each ``assertSchemaMatch(coll, schema, doc, valid)`` there checks find, aggregate, insert into
a collection with the schema as validator and a replacement update: the server's own ground
truth. Plain numbers of the mongo shell are doubles, so they are written as floats where the
type matters (NumberInt -> int, NumberLong -> Int64, NumberDecimal -> Decimal128).
"""

from __future__ import annotations

from typing import Any

from bson import Binary, Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp

Match = tuple[str, dict[str, Any], dict[str, Any], bool]
ENCRYPTED = Binary(b"\x00" * 21, 6)
PLAIN_BIN = Binary(b"\x00" * 21, 0)


def _cases() -> list[Match]:
    out: list[Match] = []

    def m(source: str, schema: dict[str, Any], doc: dict[str, Any], valid: bool) -> None:
        out.append((f"{source}-{len(out)}", schema, doc, valid))

    # logical_keywords.js
    s: dict[str, Any] = {"properties": {"foo": {"allOf": [{"minimum": 1}]}}}
    m("logical", s, {"foo": 1.0}, True)
    m("logical", s, {"foo": 0.0}, False)
    m("logical", s, {"foo": "string"}, True)
    s = {"properties": {"foo": {"allOf": [{"type": "number"}, {"minimum": 0}]}}}
    m("logical", s, {"foo": 0.0}, True)
    m("logical", s, {"foo": "string"}, False)
    m("logical", s, {"foo": [0.0]}, False)
    m("logical", {"allOf": [{}]}, {}, True)
    m("logical", {"allOf": [{"type": "string"}]}, {}, False)
    m("logical", {"allOf": [{"properties": {"foo": {"type": "string"}}}]}, {"foo": 1.0}, False)
    s = {"properties": {"foo": {"anyOf": [{"type": "string"}, {"type": "number", "minimum": 1}]}}}
    m("logical", s, {"foo": "str"}, True)
    m("logical", s, {"foo": 1.0}, True)
    m("logical", s, {"foo": 0.0}, False)
    s = {"properties": {"foo": {"anyOf": [{"type": "string"}, {"type": "object"}]}}}
    m("logical", s, {"foo": {}}, True)
    m("logical", s, {"foo": [{}]}, False)
    m("logical", {"anyOf": [{"properties": {"foo": {"type": "string"}}}]}, {"foo": 1.0}, False)
    s = {"properties": {"foo": {"oneOf": [{"minimum": 0}, {"maximum": 3}]}}}
    m("logical", s, {"foo": 4.0}, True)
    m("logical", s, {"foo": 1.0}, False)
    m("logical", s, {"foo": "str"}, False)
    s = {"properties": {"foo": {"oneOf": [{"type": "string"}, {"pattern": "ing"}]}}}
    m("logical", s, {"foo": "str"}, True)
    m("logical", s, {"foo": "string"}, False)
    m("logical", {"oneOf": [{}, {}]}, {}, False)
    s = {"properties": {"foo": {"type": "number", "oneOf": [{"minimum": 4}]}}}
    m("logical", s, {"foo": 4.0}, True)
    m("logical", s, {}, True)
    m("logical", s, {"foo": "str"}, False)
    s = {"properties": {"foo": {"not": {"type": "number"}}}}
    m("logical", s, {}, True)
    m("logical", s, {"foo": "str"}, True)
    m("logical", s, {"foo": 1.0}, False)
    m("logical", {"properties": {"foo": {"not": {}}}}, {"foo": 1.0}, False)
    m("logical", {"not": {}}, {}, False)
    s = {"not": {"properties": {"foo": {"type": "string"}}}}
    m("logical", s, {"foo": 1.0}, True)
    m("logical", s, {"foo": "str"}, False)
    m("logical", s, {}, False)
    s = {"properties": {"foo": {"type": "string", "not": {"maxLength": 4}}}}
    m("logical", s, {"foo": "string"}, True)
    m("logical", s, {"foo": "str"}, False)
    m("logical", s, {"foo": 1.0}, False)
    s = {"properties": {"a": {"enum": ["str", 5.0]}}}
    m("logical", s, {"a": "str"}, True)
    m("logical", s, {"a": 5.0}, True)
    m("logical", s, {"a": ["str"]}, False)
    s = {"properties": {"a": {"enum": [None]}}}
    m("logical", s, {"a": None}, True)
    m("logical", s, {"a": 1.0}, False)
    m("logical", {"properties": {"a": {"enum": [None]}}, "required": ["a"]}, {}, False)
    s = {"properties": {"a": {"enum": [[1.0, 2.0, "3"]]}}}
    m("logical", s, {"a": [1.0, 2.0, "3"]}, True)
    m("logical", s, {"a": [2.0, "3", 1.0]}, False)
    m("logical", {"properties": {"a": {"enum": [[]]}}}, {"a": []}, True)
    m("logical", {"properties": {"a": {"enum": [[]]}}}, {"a": [1.0]}, False)
    s = {"properties": {"a": {"enum": [{"name": "tiny", "size": "large"}]}}}
    m("logical", s, {"a": {"size": "large", "name": "tiny"}}, True)
    m(
        "logical",
        {"properties": {"a": {"enum": [{"name": "tiny"}]}}},
        {"a": {"size": "large", "name": "tiny"}},
        False,
    )
    m("logical", {"enum": [{"_id": 0.0}]}, {"_id": 0.0}, True)
    m("logical", {"enum": [{"_id": 0.0, "a": "str"}]}, {"_id": 0.0, "a": "str"}, True)
    m("logical", {"enum": [{}]}, {}, False)
    m("logical", {"enum": [None]}, {}, False)
    m("logical", {"enum": [{"_id": 0.0, "a": "str"}]}, {"_id": 0.0, "a": "str", "b": 1.0}, False)
    m("logical", {"enum": [1.0, 2.0]}, {}, False)

    # items.js and additional_items.js
    m("items", {"items": {"type": "number"}}, {}, True)
    m("items", {"properties": {"a": {"items": {"minimum": 0}}}}, {"a": -1.0}, True)
    s = {"properties": {"a": {"items": {"pattern": "a+b"}}}}
    m("items", s, {"a": [7.0]}, True)
    m("items", s, {"a": [None]}, True)
    m("items", s, {"a": ["cab", "caab"]}, True)
    m("items", s, {"a": ["cab", "caab", "b"]}, False)
    s = {"properties": {"a": {"items": [{"multipleOf": 2}]}}}
    m("items", s, {"a": [2.0, 3.0]}, True)
    m("items", s, {"a": [3.0]}, False)
    s = {"properties": {"a": {"items": [{"maxLength": 1}, {"maxLength": 2}]}}}
    m("items", s, {"a": ["1", "12", "123"]}, True)
    m("items", s, {"a": ["12"]}, False)
    m("items", s, {"a": ["1", "123"]}, False)
    m("items", {"properties": {"a": {"items": []}}}, {"a": [1.0, "foo", {}]}, True)
    m("additionalItems", {"items": [{"type": "number"}], "additionalItems": False}, {}, True)
    m("additionalItems", {"properties": {"a": {"additionalItems": False}}}, {"a": [1.0, 2.0]}, True)
    m(
        "additionalItems",
        {"properties": {"a": {"items": {}, "additionalItems": False}}},
        {"a": [1.0, 2.0, 3.0]},
        True,
    )
    s = {
        "properties": {
            "a": {"items": [{"type": "number"}, {"type": "string"}], "additionalItems": False}
        }
    }
    m("additionalItems", s, {"a": [229.0, "West 43rd"]}, True)
    m("additionalItems", s, {"a": [229.0, "West 43rd", "Street"]}, False)
    s = {
        "properties": {
            "a": {
                "items": [{"type": "number"}, {"type": "string"}],
                "additionalItems": {"type": "object"},
            }
        }
    }
    m("additionalItems", s, {"a": [229.0, "West 43rd", "Street"]}, False)
    m("additionalItems", s, {"a": [229.0, "West 43rd", {}]}, True)
    m(
        "additionalItems",
        {"properties": {"a": {"items": [{"not": {}}], "additionalItems": False}}},
        {"a": []},
        True,
    )

    # additional_properties.js and pattern_properties.js
    s = {"properties": {"_id": {}, "a": {}}, "additionalProperties": False}
    m("additionalProperties", s, {"_id": 1.0, "a": 1.0}, True)
    m("additionalProperties", s, {"_id": 1.0, "b": 1.0}, False)
    s = {
        "properties": {"_id": {}, "a": {}},
        "patternProperties": {"^b": {"type": "string"}},
        "additionalProperties": {"type": "number"},
    }
    m("additionalProperties", s, {"_id": 1.0, "a": 1.0, "ba": "str", "other": 1.0}, True)
    m("additionalProperties", s, {"_id": 1.0, "a": 1.0, "ba": "str", "other": "str"}, False)
    m("additionalProperties", s, {"_id": 1.0, "a": 1.0, "ba": 1.0, "other": 1.0}, False)
    s = {"properties": {"obj": {"properties": {"a": {}}, "additionalProperties": False}}}
    m("additionalProperties", s, {"obj": 1.0}, True)
    m("additionalProperties", s, {"obj": {"a": 1.0, "b": 1.0}}, False)
    s = {"patternProperties": {"^a": {"type": "number"}, "^b": {"type": "string"}}}
    m("patternProperties", s, {"ca": 1.0, "cb": 1.0}, True)
    m("patternProperties", s, {"a": "str", "ca": 1.0, "cb": 1.0}, False)
    m("patternProperties", s, {"a": 1.0, "b": "str", "ca": 1.0, "cb": 1.0}, True)
    m(
        "patternProperties",
        {"properties": {"aa": {"type": "number"}}, "patternProperties": {"^a": {"type": "string"}}},
        {"aa": 1.0},
        False,
    )

    # dependencies.js
    s = {"dependencies": {"foo": {"required": ["bar"], "properties": {"baz": {"type": "string"}}}}}
    m("dependencies", s, {"bar": 1.0}, True)
    m("dependencies", s, {"foo": 1.0, "bar": 1.0, "baz": 1.0}, False)
    m("dependencies", s, {"foo": 1.0, "bar": 1.0, "baz": "str"}, True)
    s = {"dependencies": {"foo": ["bar", "baz"]}}
    m("dependencies", s, {"foo": 1.0, "bar": 1.0}, False)
    m("dependencies", s, {"foo": 1.0, "bar": 1.0, "baz": 1.0}, True)
    s = {"properties": {"obj": {"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}}}
    m("dependencies", s, {"obj": 1.0}, True)
    m("dependencies", s, {"obj": {"a": 1.0, "b": 1.0, "c": 1.0}}, False)
    m("dependencies", s, {"obj": {"a": 1.0, "c": 0.0, "d": 1.0}}, False)
    m("dependencies", s, {"obj": {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}}, True)

    # unique_items.js
    s = {"properties": {"a": {"uniqueItems": True}}}
    m("uniqueItems", s, {"a": {"foo": [1.0, 1.0]}}, True)
    m("uniqueItems", s, {"a": [{}, "", [], None]}, True)
    m("uniqueItems", s, {"a": [Int64(1), 1]}, False)
    m("uniqueItems", s, {"a": [{"x": [1.0, 2.0], "y": "a"}, {"y": "a", "x": [1.0, 2.0]}]}, False)

    # bsontype.js
    for value, alias, valid in [
        (3.0, "double", True),
        (Int64(3), "double", False),
        (3, "double", False),
        (Decimal128("3"), "double", False),
        ([3.0], "double", False),
        ("", "string", True),
        ([1.0, "foo"], "string", False),
        ([{}], "object", False),
        (PLAIN_BIN, "binData", True),
        (ObjectId(), "objectId", True),
        (1.0, "objectId", False),
        (1.0, "bool", False),
        (1.0, "date", False),
        (Regex("^abc"), "regex", True),
        ("^abc", "regex", False),
        (Code("function() { return true; }"), "javascript", True),
        (Code("f", {"scope": True}), "javascriptWithScope", True),
        (3, "int", True),
        (Int64(3), "int", False),
        (3.0, "int", False),
        (Timestamp(0, 1234), "timestamp", True),
        (Int64(3), "long", True),
        (3, "long", False),
        (Decimal128("3"), "decimal", True),
        (MinKey(), "minKey", True),
        (MaxKey(), "minKey", False),
        (MaxKey(), "maxKey", True),
    ]:
        m("bsonType", {"properties": {"f": {"bsonType": alias}}}, {"f": value}, valid)
    m("bsonType", {"properties": {"n": {"bsonType": "null"}}, "required": ["n"]}, {}, False)
    m("bsonType", {"properties": {"f": {"type": ["number", "string"]}}}, {"f": ["str", 1.0]}, False)
    m("bsonType", {"bsonType": ["object", "double"]}, {"foo": 1.0, "bar": 1.0}, True)
    m("bsonType", {"type": "array"}, {"arr": []}, False)

    # encrypt.js
    s = {"properties": {"bin": {"encrypt": {}}}}
    m("encrypt", s, {"bin": ENCRYPTED}, True)
    m("encrypt", s, {"bin": PLAIN_BIN}, False)
    m("encrypt", s, {"bin": [ENCRYPTED, ENCRYPTED]}, False)
    s = {"properties": {"arr": {"type": "array", "items": {"encrypt": {}}}}}
    m("encrypt", s, {"arr": [ENCRYPTED, PLAIN_BIN]}, False)
    m("encrypt", s, {"arr": [ENCRYPTED, ENCRYPTED]}, True)
    # required.js
    m("required", {"required": ["a"]}, {"b": {"a": 1.0}}, False)
    m("required", {"required": ["a", "b"]}, {"a": 1.0, "b": 1.0, "c": 1.0}, True)
    m("required", {"required": ["a", "b"]}, {"a": 1.0, "c": 1.0}, False)
    m("required", {"properties": {"a": {"required": ["b"]}}}, {"a": 1.0}, True)
    m("required", {"properties": {"a": {"required": ["b"]}}}, {"a": {}}, False)

    # min_max_properties.js: documents always get an _id when inserted
    m("minMaxProperties", {"maxProperties": 0}, {}, False)
    m("minMaxProperties", {"minProperties": 2}, {"_id": 0.0}, False)
    m("minMaxProperties", {"minProperties": 2}, {"_id": 0.0, "a": 1.0}, True)
    m("minMaxProperties", {"maxProperties": 2}, {"_id": 0.0, "a": 1.0, "b": 2.0}, False)
    m("minMaxProperties", {"properties": {"a": {"maxProperties": 0}}}, {"a": {}}, True)
    m("minMaxProperties", {"properties": {"a": {"minProperties": 1}}}, {"a": 1.0}, True)
    m("minMaxProperties", {"properties": {"a": {"minProperties": 1}}}, {"a": {}}, False)
    return out


JSTEST_CASES = _cases()
