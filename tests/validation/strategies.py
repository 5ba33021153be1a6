"""Hypothesis strategies: BSON values as pymongo decodes them, and $jsonSchema documents."""

from __future__ import annotations

import datetime
from typing import Any

from bson import Decimal128, Int64, ObjectId
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


def _schema(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
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
            st.lists(st.sampled_from(PATHS), min_size=1, max_size=2, unique=True),
        ),
        st.tuples(
            st.just("properties"), st.dictionaries(st.sampled_from(PATHS), inner, max_size=2)
        ),
        st.tuples(
            st.just("patternProperties"),
            st.dictionaries(st.sampled_from(["^a", "b|c"]), inner, max_size=1),
        ),
        st.tuples(st.just("additionalProperties"), st.one_of(st.booleans(), inner)),
        st.tuples(st.just("minProperties"), lengths),
        st.tuples(st.just("maxProperties"), lengths),
        st.tuples(st.just("enum"), st.lists(values, min_size=1, max_size=3)),
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
