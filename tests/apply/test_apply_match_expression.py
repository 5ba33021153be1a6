"""Partial filters compared by meaning, as the server's ``MatchExpression::equivalent`` after
``parseAndNormalize`` (mongodb/mongo src/mongo/db/index/index_descriptor.cpp,
src/mongo/db/matcher/expression.cpp ``sortTree``/``matchExpressionComparator``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bson import Decimal128, Int64
from bson.regex import Regex
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.match_expression import NotAFilter, equivalent, normalise_filter

SAME: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    # issue 10: the foreign index's filter vs ours
    ("type number vs alias", {"x": {"$type": 2}}, {"x": {"$type": "string"}}),
    ("type double code", {"x": {"$type": 2.0}}, {"x": {"$type": ["string"]}}),
    ("type set", {"x": {"$type": ["int", "long"]}}, {"x": {"$type": [18, 16, 16]}}),
    ("implicit $eq", {"a": 5}, {"a": {"$eq": 5}}),
    ("int vs double", {"a": 1}, {"a": 1.0}),
    ("int vs long", {"a": {"$gt": Int64(1)}}, {"a": {"$gt": 1}}),
    ("int vs decimal", {"a": {"$lte": Decimal128("1")}}, {"a": {"$lte": 1}}),
    ("$in is a set", {"a": {"$in": [1, 2, 2]}}, {"a": {"$in": [2.0, 1]}}),
    ("$in of one is $eq", {"a": {"$in": [3]}}, {"a": 3}),
    ("$in of one regex", {"a": {"$in": [re.compile("^x")]}}, {"a": {"$regex": "^x"}}),
    ("exists 1 vs true", {"a": {"$exists": 1}}, {"a": {"$exists": True}}),
    # jstests/core/index/index_signature.js: "partialFilterExpressions are normalized"
    (
        "index_signature.js $and",
        {"a": {"$gt": 0, "$lt": 10}, "b": "blah"},
        {"$and": [{"b": "blah"}, {"a": {"$lt": 10}}, {"a": {"$gt": 0}}]},
    ),
    ("nested $and flattened", {"$and": [{"$and": [{"a": 1}]}, {"b": 2}]}, {"b": 2, "a": 1}),
    ("$or order", {"$or": [{"a": 1}, {"b": 2}]}, {"$or": [{"b": 2}, {"a": 1}]}),
    (
        "regex spellings",
        {"a": re.compile("^x", re.IGNORECASE)},
        {"a": {"$regex": "^x", "$options": "i"}},
    ),
    ("bson Regex", {"a": Regex("^x", "i")}, {"a": re.compile("^x", re.IGNORECASE)}),
]

DIFFERENT: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    # MatcherTypeSet keeps "number" apart from the list of numeric types
    ("number vs numeric codes", {"x": {"$type": "number"}}, {"x": {"$type": [1, 16, 18, 19]}}),
    ("true is not 1", {"a": True}, {"a": 1}),
    ("other value", {"a": {"$gt": 5}}, {"a": {"$gt": 0}}),
    ("gt vs gte", {"a": {"$gt": 5}}, {"a": {"$gte": 5}}),
    ("embedded order matters", {"a": {"x": 1, "y": 2}}, {"a": {"y": 2, "x": 1}}),
    # index_signature.js: collation not considered (SERVER-47664)
    ("case differs", {"b": "blah"}, {"b": "BLAH"}),
    # index_signature.js: leaves differing only by value keep their order (SERVER-47661)
    (
        "index_signature.js unsorted leaves",
        {"$and": [{"a": {"$type": 1}}, {"a": {"$type": 2}}]},
        {"$and": [{"a": {"$type": 2}}, {"a": {"$type": 1}}]},
    ),
    ("exists false", {"a": {"$exists": False}}, {"a": {"$exists": True}}),
    ("$or vs $and", {"$or": [{"a": 1}, {"b": 2}]}, {"$and": [{"a": 1}, {"b": 2}]}),
]


@pytest.mark.parametrize(("label", "a", "b"), SAME, ids=[c[0] for c in SAME])
def test_server_equivalent_filters_are_equivalent(label: str, a: Any, b: Any) -> None:
    assert equivalent(a, b)
    assert equivalent(b, a)


@pytest.mark.parametrize(("label", "a", "b"), DIFFERENT, ids=[c[0] for c in DIFFERENT])
def test_server_distinct_filters_are_distinct(label: str, a: Any, b: Any) -> None:
    assert not equivalent(a, b)
    assert not equivalent(b, a)


def test_absent_filter_only_equals_absent() -> None:
    assert equivalent(None, None)
    assert not equivalent(None, {"a": 1})
    assert not equivalent({"a": 1}, None)


@pytest.mark.parametrize(
    "bad",
    [
        {"a": {"$type": "nonsense"}},
        {"a": {"$type": 3.5}},
        {"a": {"$type": float("nan")}},
        {"a": {"$type": float("inf")}},
        {"a": {"$type": Decimal128("NaN")}},
        {"a": {"$type": Decimal128("Infinity")}},
        {"a": {"$type": True}},
        {"$and": []},
        {"a": {"$in": 5}},
    ],
)
def test_unparsable_filters_are_refused_by_the_parser(bad: dict[str, Any]) -> None:
    with pytest.raises(NotAFilter):
        normalise_filter(bad)


def test_unparsable_filters_compare_as_exact_values() -> None:
    assert equivalent({"a": {"$type": "nonsense"}}, {"a": {"$type": "nonsense"}})
    assert not equivalent({"a": {"$type": "nonsense"}}, {"a": {"$type": "other"}})


_leaf = st.fixed_dictionaries(
    {
        st.sampled_from(["a", "b", "c.d"]): st.one_of(
            st.integers(-3, 3),
            st.fixed_dictionaries({st.sampled_from(["$gt", "$lt", "$eq"]): st.integers(-3, 3)}),
            st.fixed_dictionaries(
                {"$type": st.sampled_from(["string", 2, "int", 16, "number", "double"])}
            ),
        )
    }
)


@settings(max_examples=150, derandomize=True)
@given(st.lists(_leaf, min_size=1, max_size=5))
def test_and_of_distinct_operator_paths_is_order_insensitive(leaves: list[dict[str, Any]]) -> None:
    """Reordering an $and never changes the meaning; the server agrees whenever no two children
    share operator and path (otherwise their written order is kept, SERVER-47661)."""
    tree = normalise_filter({"$and": leaves})
    keys = [(n[0], n[1]) for n in (tree[1] if tree[0] == "and" else (tree,))]
    if len(set(keys)) == len(keys):
        assert equivalent({"$and": leaves}, {"$and": list(reversed(leaves))})
    assert equivalent({"$and": leaves}, {"$and": [{"$and": leaves}]})


@settings(max_examples=100, derandomize=True)
@given(st.integers(-(2**31), 2**31 - 1))
def test_numbers_compare_by_value_across_bson_types(n: int) -> None:
    assert equivalent({"a": n}, {"a": {"$eq": Int64(n)}})
    assert equivalent({"a": {"$gt": n}}, {"a": {"$gt": float(n)}})
    assert equivalent({"a": {"$gt": n}}, {"a": {"$gt": Decimal128(str(n))}})
    assert not equivalent({"a": {"$gt": n}}, {"a": {"$gt": n + 1}})


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from(["string", "number", "int", "$type", "nonsense"]),
)
_keys = st.one_of(
    st.sampled_from(["a", "b.c", "$and", "$or", "$nor", "$type", "$in", "$eq", "$gt", "$exists"]),
    st.sampled_from(["$regex", "$options", "$ne", "$expr", "$not", "$elemMatch"]),
)
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_keys, children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, derandomize=True)
@given(
    st.dictionaries(
        _keys,
        st.one_of(_documents, st.dictionaries(_keys, _documents, max_size=3)),
        max_size=4,
    )
)
def test_any_document_is_compared_without_raising(doc: dict[str, Any]) -> None:
    """A snapshot may hold anything: the comparison is total and reflexive."""
    assert equivalent(doc, doc)
    try:
        normalise_filter(doc)
    except NotAFilter:
        pass
