"""The ESR rule that decides whether a declared index serves a named query."""

from __future__ import annotations

from typing import Any

import pytest

from noema_codegen.config import Config
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.fields import flatten_fields
from noema_codegen.ir.index_match import index_serves, serving_index
from noema_codegen.ir.indexes import parse_indexes
from noema_codegen.ir.model import IndexSpec, NamedQuery
from noema_codegen.ir.queries import parse_queries

SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "properties": {
        "user": {"bsonType": "objectId"},
        "platform": {"bsonType": "string"},
        "active": {"bsonType": "bool"},
        "at": {"bsonType": "date"},
        "score": {"bsonType": "int"},
        "tags": {"bsonType": "object", "additionalProperties": {"bsonType": "string"}},
        "code": {"bsonType": ["string", "null"]},
    },
}


def _ctx() -> CollectionContext:
    return CollectionContext(
        "things", "schemas/things.json", flatten_fields(SCHEMA), Config().index_prefix
    )


def _index(keys: dict[str, Any], **options: Any) -> IndexSpec:
    ctx = _ctx()
    (spec,) = parse_indexes([{"keys": keys, **options}], ctx, "/x-noema/indexes")
    assert ctx.diagnostics == []
    return spec


def _query(spec: dict[str, Any]) -> NamedQuery:
    ctx = _ctx()
    (query,) = parse_queries({"q": spec}, ctx, "/x-noema/queries")
    assert ctx.diagnostics == []
    return query


EQ_SORT_RANGE = {
    "op": "find_many",
    "filter": {
        "user": {"param": "user"},
        "at": {"$gte": {"param": "since"}},
        "score": {"$lt": {"param": "top"}},
    },
    "sort": {"at": -1},
}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"user": 1, "at": -1, "score": 1}, True),
        ({"user": 1, "at": 1, "score": 1}, True),  # the whole sort reversed is fine
        ({"user": 1, "score": 1, "at": -1}, False),  # range before sort: in-memory sort
        ({"at": -1, "user": 1, "score": 1}, False),  # equality not first
        ({"user": 1, "at": -1}, False),  # range field 'score' not in the index
        ({"user": 1}, False),
    ],
)
def test_equality_sort_range_order(keys: dict[str, Any], expected: bool) -> None:
    assert index_serves(_index(keys), _query(EQ_SORT_RANGE)) is expected


def test_equality_fields_in_any_order() -> None:
    query = _query(
        {"op": "find_many", "filter": {"user": {"param": "u"}, "platform": {"param": "p"}}}
    )
    assert index_serves(_index({"platform": 1, "user": 1}), query)


def test_compound_sort_with_mixed_directions_must_match_or_fully_reverse() -> None:
    query = _query(
        {"op": "find_many", "filter": {"user": {"param": "u"}}, "sort": {"at": -1, "score": 1}}
    )
    assert index_serves(_index({"user": 1, "at": -1, "score": 1}), query)
    assert index_serves(_index({"user": 1, "at": 1, "score": -1}), query)
    assert not index_serves(_index({"user": 1, "at": -1, "score": -1}), query)


def test_partial_index_serves_only_queries_that_imply_its_filter() -> None:
    partial = _index({"user": 1, "at": -1}, partialFilterExpression={"active": True})
    implied = _query(
        {"op": "find_many", "filter": {"user": {"param": "u"}, "active": True}, "sort": {"at": -1}}
    )
    not_implied = _query(
        {"op": "find_many", "filter": {"user": {"param": "u"}}, "sort": {"at": -1}}
    )
    wrong_value = _query(
        {"op": "find_many", "filter": {"user": {"param": "u"}, "active": False}, "sort": {"at": -1}}
    )
    assert index_serves(partial, implied)
    assert not index_serves(partial, not_implied)
    assert not index_serves(partial, wrong_value)


def test_partial_exists_or_type_is_implied_by_an_equality_parameter() -> None:
    partial = _index({"code": 1}, partialFilterExpression={"code": {"$type": "string"}})
    assert index_serves(partial, _query({"op": "find_one", "filter": {"code": {"param": "code"}}}))


def test_unique_index_serves_point_lookups_with_extra_conditions() -> None:
    unique = _index({"user": 1}, unique=True)
    query = _query(
        {
            "op": "update_one",
            "filter": {"user": {"param": "u"}, "active": True},
            "set": {"active": False},
        }
    )
    assert index_serves(unique, query)
    assert not index_serves(_index({"user": 1}), query)


def test_wildcard_index_serves_map_key_lookup() -> None:
    query = _query({"op": "find_one", "filter": {"tags.{name}": {"param": "value"}}})
    assert [p.name for p in query.params] == ["name", "value"]
    assert index_serves(_index({"tags.$**": 1}), query)
    assert not index_serves(_index({"user": 1}), query)


def test_the_implicit_id_index() -> None:
    query = _query({"op": "find_one", "filter": {"_id": {"param": "id"}}})
    served = serving_index(query, ())
    assert served is not None and served.name == "_id_"


def test_equality_param_on_nullable_field_is_not_nullable() -> None:
    query = _query({"op": "find_one", "filter": {"code": {"param": "code"}}})
    assert query.params[0].bson_types == ("string",)
