"""Hypothesis strategies: BSON values as pymongo decodes them, and $jsonSchema documents."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

from bson import (
    SON,
    Binary,
    Code,
    DBRef,
    Decimal128,
    Int64,
    MaxKey,
    MinKey,
    ObjectId,
    Regex,
    Timestamp,
)
from bson.datetime_ms import DatetimeMS
from hypothesis import strategies as st

NAMES = ["a", "b", "c"]
PATHS = [*NAMES, "a.b", "a.0"]  # schema names may be dotted paths
ALIASES = [
    "int",
    "long",
    "double",
    "decimal",
    "number",
    "string",
    "bool",
    "null",
    "object",
    "array",
    "date",
    "objectId",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**31), max_value=2**31 - 1),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.builds(Int64, st.integers(min_value=-(2**63), max_value=2**63 - 1)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 2, 0.5, 1.0, 2.0, float("nan")]),
    st.decimals(allow_nan=False, places=3, min_value=-1000, max_value=1000).map(Decimal128),
    st.sampled_from([Decimal128("NaN"), Decimal128("1"), Decimal128("1.0"), Decimal128("-0")]),
    st.text(max_size=6),
    st.sampled_from(["", "a", "ab", "abc", "A1", "é"]),
    st.builds(lambda n: ObjectId(n.to_bytes(12, "big")), st.integers(0, 5)),
    st.builds(
        lambda s: (
            datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(milliseconds=s)
        ),
        st.integers(0, 10**6),
    ),
)

values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
    ),
    max_leaves=8,
)

documents = st.dictionaries(st.sampled_from([*NAMES, "_id"]), values, max_size=4)

numbers = st.one_of(
    st.integers(-5, 5),
    st.floats(-5, 5, allow_nan=False),
    st.sampled_from([Int64(3), Decimal128("2.5"), float("nan"), float("inf")]),
)
lengths = st.integers(0, 4)


def _schema(
    inner: st.SearchStrategy[dict[str, Any]],
    enum_values: st.SearchStrategy[Any] = values,
    paths: list[str] = PATHS,
) -> st.SearchStrategy[dict[str, Any]]:
    keyword = st.one_of(
        st.tuples(
            st.just("bsonType"),
            st.one_of(
                st.sampled_from(ALIASES),
                st.lists(st.sampled_from(ALIASES), min_size=1, max_size=3, unique=True),
            ),
        ),
        st.tuples(st.just("minimum"), numbers),
        st.tuples(st.just("maximum"), numbers),
        st.tuples(st.just("exclusiveMinimum"), st.booleans()),
        st.tuples(st.just("multipleOf"), st.sampled_from([1, 2, 0.5, Decimal128("0.25"), 3])),
        st.tuples(st.just("minLength"), lengths),
        st.tuples(st.just("maxLength"), lengths),
        st.tuples(st.just("pattern"), st.sampled_from(["^a", "b$", "\\d", "^$", "[A-Z]"])),
        st.tuples(st.just("minItems"), lengths),
        st.tuples(st.just("maxItems"), lengths),
        st.tuples(st.just("uniqueItems"), st.booleans()),
        st.tuples(st.just("items"), st.one_of(inner, st.lists(inner, max_size=2))),
        st.tuples(st.just("additionalItems"), st.one_of(st.booleans(), inner)),
        st.tuples(
            st.just("required"),
            st.lists(st.sampled_from(paths), min_size=1, max_size=2, unique=True),
        ),
        st.tuples(
            st.just("properties"), st.dictionaries(st.sampled_from(paths), inner, max_size=2)
        ),
        st.tuples(
            st.just("patternProperties"),
            st.dictionaries(st.sampled_from(["^a", "b|c"]), inner, max_size=1),
        ),
        st.tuples(st.just("additionalProperties"), st.one_of(st.booleans(), inner)),
        st.tuples(st.just("minProperties"), lengths),
        st.tuples(st.just("maxProperties"), lengths),
        st.tuples(st.just("enum"), st.lists(enum_values, min_size=1, max_size=3)),
        st.tuples(st.just("allOf"), st.lists(inner, min_size=1, max_size=2)),
        st.tuples(st.just("anyOf"), st.lists(inner, min_size=1, max_size=2)),
        st.tuples(st.just("oneOf"), st.lists(inner, min_size=1, max_size=2)),
        st.tuples(st.just("not"), inner),
        st.tuples(
            st.just("dependencies"),
            st.dictionaries(
                st.sampled_from(NAMES),
                st.one_of(
                    inner, st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True)
                ),
                max_size=1,
            ),
        ),
    )
    return st.lists(keyword, max_size=3).map(dict)


schemas: st.SearchStrategy[dict[str, Any]] = st.recursive(st.just({}), _schema, max_leaves=6)


# -- every value pymongo can decode (and a few it cannot encode) ------------------------------
def _deep(value: Any, levels: int, as_list: bool) -> Any:
    for _ in range(levels):
        value = [value] if as_list else {"d": value}
    return value


#: Keys as documents can hold them: dotted, digits (ASCII and not), unicode, a lone surrogate.
EXOTIC_KEYS = [*NAMES, "_id", "0", "1", "²", "١", "é", "a.b", "$x", "", "\ud800", "\U0001f600"]

exotic_scalars = st.one_of(
    scalars,
    st.sampled_from(
        [
            MinKey(),
            MaxKey(),
            Code("function () {}"),
            Code("f()", {"x": 1, "y": [MinKey()]}),
            DBRef("coll", ObjectId(b"\x00" * 12)),
            DBRef("coll", 1, "db", extra=[1, {"a": None}]),
            Timestamp(0, 0),
            Timestamp(2**32 - 1, 2**32 - 1),
            Int64(2**63 - 1),
            Int64(-(2**63)),
            Decimal128("NaN"),
            Decimal128("-NaN"),
            Decimal128("sNaN"),
            Decimal128("Infinity"),
            Decimal128("-Infinity"),
            Decimal128("1E+6144"),
            Decimal128("-1E-6176"),
            Decimal128("9.999999999999999999999999999999999E+6144"),
            DatetimeMS(253402300800000),  # year 10000
            DatetimeMS(-(2**63)),
            DatetimeMS(2**63 - 1),
            uuid.UUID(int=0),
            Regex("a\x00b", "i"),  # pymongo refuses to encode it
            Regex("\ud800", ""),  # neither this (not UTF-8)
            Regex("^a", "imsux"),
            Regex("a", "\x00"),
            re.compile("a", re.IGNORECASE),
            b"",
            2**64,  # beyond 64 bits: unencodable
            "\ud800",
            "a\x00b",
        ]
    ),
    st.builds(Binary, st.binary(max_size=20), st.sampled_from([*range(10), 128, 200, 255])),
    st.builds(Timestamp, st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    st.builds(DatetimeMS, st.integers(-(2**63), 2**63 - 1)),
    st.builds(Regex, st.text(max_size=4), st.text(alphabet="ilmsux", max_size=3)),
    st.text(alphabet=st.characters(codec=None), max_size=4),
)

exotic_values = st.recursive(
    exotic_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from(EXOTIC_KEYS), inner, max_size=3),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=3).map(
            lambda d: SON(list(d.items()))
        ),
        st.builds(Code, st.just("f()"), st.dictionaries(st.sampled_from(NAMES), inner, max_size=2)),
        st.builds(DBRef, st.just("c"), inner),
        st.builds(_deep, inner, st.sampled_from([50, 200]), st.booleans()),
    ),
    max_leaves=8,
)

exotic_documents = st.dictionaries(
    st.sampled_from([*EXOTIC_KEYS, *NAMES, *NAMES]), exotic_values, max_size=4
)

#: Schema paths with array positions spelled in ASCII and other digits, and a leading zero.
EXOTIC_PATHS = [*PATHS, "a.1", "a.01", "a.²", "a.١", "a.b.0.c", "é", "\U0001f600"]

exotic_schemas: st.SearchStrategy[dict[str, Any]] = st.recursive(
    st.just({}),
    lambda inner: _schema(inner, st.one_of(values, exotic_scalars), EXOTIC_PATHS),
    max_leaves=6,
)
