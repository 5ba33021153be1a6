"""The engine is total: compile_schema raises only SchemaError/UnsupportedPattern, and
is_valid/errors return (and agree) for any value pymongo can decode."""

from __future__ import annotations

import datetime
import random
from typing import Any

import bson
import pytest
from bson import Regex

from noema_codegen.validation import (
    SchemaError,
    SchemaTooDeep,
    UnsupportedPattern,
    compile_schema,
    schema_errors,
)
from noema_codegen.validation.equality import value_key
from noema_codegen.validation.limits import MAX_SCHEMA_DEPTH
from noema_codegen.validation.runtime import array_index, reach


def nested(keyword: str, levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    for _ in range(levels):
        schema = {keyword: schema}
    return schema


def agree(schema: dict[str, Any], doc: Any) -> bool:
    validator = compile_schema(schema)
    verdict = validator.is_valid(doc)
    assert verdict is (validator.errors(doc) == [])
    return verdict


# -- compile_schema: only SchemaError / UnsupportedPattern ------------------------------------
def test_a_number_as_bson_type_is_a_schema_error() -> None:
    with pytest.raises(SchemaError) as caught:
        compile_schema({"properties": {"a": {"bsonType": 0}}})
    assert caught.value.pointer == "/properties/a/bsonType"


@pytest.mark.parametrize("pattern", ["\\x{}", "\\x{zz}", "\\x{110000}", "\\x{d800}", "\\c"])
def test_bad_code_point_escapes_are_schema_errors(pattern: str) -> None:
    # PCRE2 check_escape (pcre2_compile.c): ERR78 no digits, ERR67 non-hex, ERR34 too large,
    # ERR73 surrogate, ERR68 \c not followed by printable ASCII.
    with pytest.raises(SchemaError) as caught:
        compile_schema({"properties": {"a": {"pattern": pattern}}})
    assert caught.value.pointer == "/properties/a/pattern"


@pytest.mark.parametrize("keyword", ["not", "items", "additionalProperties", "additionalItems"])
def test_five_hundred_levels_are_refused_at_the_first_level_too_deep(keyword: str) -> None:
    schema = {"properties": {"a": nested(keyword, 500)}}
    with pytest.raises(SchemaError) as caught:
        compile_schema(schema)
    # The schema object is level 1, /properties level 2, /properties/a level 3...
    expected = "/properties/a" + f"/{keyword}" * (MAX_SCHEMA_DEPTH - 2)
    assert caught.value.pointer == expected
    assert str(MAX_SCHEMA_DEPTH) in caught.value.message
    assert isinstance(caught.value, SchemaTooDeep)  # the engine's limit, not a server rejection
    assert schema_errors(schema) == [caught.value]


def test_the_deepest_schema_allowed_compiles_and_runs() -> None:
    # not/not/... : every level negates, so an even number of levels accepts everything.
    levels = MAX_SCHEMA_DEPTH - 3  # root, properties, a, then the chain of 'not'
    inner = nested("not", levels)
    schema = {"properties": {"a": inner}}
    assert agree(schema, {"a": 1}) is (levels % 2 == 0)
    items = {"properties": {"a": nested("items", MAX_SCHEMA_DEPTH - 3)}}
    assert agree(items, {"a": [[[1]]]})


def test_a_cyclic_schema_is_refused_not_looped_over() -> None:
    schema: dict[str, Any] = {}
    schema["not"] = schema
    with pytest.raises(SchemaError):
        compile_schema(schema)


def test_deeply_nested_enum_values_in_the_schema_count_too() -> None:
    value: Any = 1
    for _ in range(200):
        value = [value]
    with pytest.raises(SchemaError):
        compile_schema({"properties": {"a": {"enum": [value]}}})


def test_a_path_of_ten_thousand_parts_is_followed_without_recursion() -> None:
    name = ".".join(["a"] * 10_000)
    doc: Any = 1
    for _ in range(999):
        doc = {"a": doc}
    assert not agree({"required": [name]}, doc)


# -- dotted paths: only ASCII digits name array positions --------------------------------------
@pytest.mark.parametrize(
    ("part", "index"),
    [("0", 0), ("10", 10), ("²", None), ("١", None), ("01", None), ("", None), ("9" * 30, None)],
)
def test_array_index(part: str, index: int | None) -> None:
    # isAllDigits (src/mongo/db/matcher/path_internal.cpp) is byte-wise isdigit, and
    # ArrayIterationState::isArrayOffsetMatch (src/mongo/db/matcher/path.cpp) compares the part
    # with the element's field name, so "01" never names element 1.
    assert array_index(part) == index


def test_unicode_digits_in_a_required_path() -> None:
    assert not agree({"required": ["a.²"]}, {"a": []})
    assert not agree({"required": ["a.²"]}, {"a": [1, 2, 3]})
    assert agree({"required": ["a.1"]}, {"a": [1, 2]})
    assert reach({"a": [5, 6]}, "a.01") == []


# -- regexes are compared by pattern and flags, even ones pymongo cannot encode ------------------
def test_enum_of_regexes_with_nul_returns() -> None:
    # The server compares regexes by pattern then flags (compareElementValues, RegEx case,
    # src/mongo/bson/bsonelement.cpp). pymongo refuses to encode a pattern holding NUL, so such a
    # value can never reach the server; the engine must still answer.
    schema = {"properties": {"a": {"enum": [Regex("a", "i")]}}}
    assert agree(schema, {"a": Regex("a", "i")})
    assert not agree(schema, {"a": Regex("a", "m")})
    assert not agree(schema, {"a": Regex("a\x00", "i")})
    assert not agree(schema, {"a": Regex("a", "\x00")})
    assert value_key(Regex("a\x00b")) == value_key(Regex("a\x00b"))


def test_regex_flags_compare_as_pymongo_writes_them() -> None:
    assert value_key(Regex("a", "xi")) == value_key(Regex("a", "ix"))
    decoded = bson.decode(bson.encode({"r": Regex("a\ud7ff", "imsx")}))["r"]
    assert value_key(decoded) == value_key(Regex("a\ud7ff", "smix"))


def test_regex_with_a_lone_surrogate_returns() -> None:
    schema = {"properties": {"a": {"enum": [Regex("a", "")], "bsonType": "regex"}}}
    assert not agree(schema, {"a": Regex("\ud800", "")})


# -- deep documents ---------------------------------------------------------------------------
@pytest.mark.parametrize("levels", [200, 900])
def test_deep_values_under_enum_and_unique_items(levels: int) -> None:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    assert not agree({"properties": {"a": {"enum": [1, 2]}}}, {"a": value})
    assert not agree({"properties": {"a": {"uniqueItems": True}}}, {"a": [value, value]})
    assert agree({"properties": {"a": {"uniqueItems": True}}}, {"a": [value, 1]})
    deep_doc: Any = {"x": 1}
    for _ in range(levels):
        deep_doc = {"x": deep_doc}
    assert not agree({"properties": {"a": {"enum": [{"x": 2}]}}}, {"a": deep_doc})


def test_the_enum_message_is_bounded_for_deep_and_long_values() -> None:
    value: Any = "x" * 10_000
    for _ in range(900):
        value = {"k": value}
    errors = compile_schema({"properties": {"a": {"enum": [1]}}}).errors({"a": value})
    assert len(errors) == 1 and len(errors[0].message) < 200


def test_dates_beyond_year_9999() -> None:
    from bson.datetime_ms import DatetimeMS

    late = DatetimeMS(253402300800000)  # 10000-01-01, stored fine by the server as a BSON date
    schema = {"properties": {"a": {"bsonType": "date", "enum": [late]}}}
    assert agree(schema, {"a": late})
    assert not agree(schema, {"a": datetime.datetime(9999, 12, 31, 23, 59, 59, 999000)})
    assert not agree({"properties": {"a": {"bsonType": "string"}}}, {"a": late})


def test_unsupported_patterns_are_the_only_other_exception() -> None:
    with pytest.raises(UnsupportedPattern):
        compile_schema({"properties": {"a": {"pattern": "\\p{L}"}}})


def _deep_mixed_schema(rng: random.Random, limit: int) -> dict[str, Any]:
    """A chain of random keywords nested up to ``limit`` BSON levels."""
    schema: dict[str, Any] = {"bsonType": ["object", "array", "int"]}
    depth = 3  # root, /properties, /properties/a
    while True:
        keyword = rng.choice(
            ["items", "not", "additionalProperties", "additionalItems", "anyOf", "oneOf"]
            + ["allOf", "properties", "patternProperties", "dependencies", "itemsList"]
        )
        levels = 1 if keyword in ("items", "not", "additionalProperties") else 2
        if depth + levels > limit:
            return {"properties": {"a": schema}}
        depth += levels
        if keyword in ("anyOf", "oneOf", "allOf"):
            schema = {keyword: [schema, {}]}
        elif keyword == "itemsList":
            schema = {"items": [schema], "additionalItems": {}}
        elif keyword == "additionalItems":
            schema = {"items": [{}], "additionalItems": schema}
        elif keyword == "properties":
            schema = {"properties": {rng.choice(["a", "b.0"]): schema}}
        elif keyword == "patternProperties":
            schema = {"patternProperties": {"^a": schema}, "additionalProperties": False}
        elif keyword == "dependencies":
            schema = {"dependencies": {"a": schema}}
        else:
            schema = {keyword: schema}


@pytest.mark.parametrize("seed", range(20))
def test_deep_mixed_schemas_at_the_limit_compile_and_agree(seed: int) -> None:
    """Generated code stays within Python's compile limits (nested blocks, indentation,
    recursion) for any mix of keywords up to the depth limit."""
    schema = _deep_mixed_schema(random.Random(seed), MAX_SCHEMA_DEPTH)
    for doc in ({"a": [[{"a": 1}]]}, {"a": {"a": {"a": []}}, "b": [{"0": 1}]}, {"a": 5}):
        agree(schema, doc)
