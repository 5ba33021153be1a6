"""Normalisation, schema diff and snapshot round-trips (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bson import Binary, Int64

from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.normalise import (
    canonical,
    index_differences,
    index_spec_for_create,
    normalise_index,
    validator_state,
)
from noema_codegen.apply.schema_diff import validator_diff
from noema_codegen.apply.snapshot import dumps_snapshot, loads_snapshot, read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"


def test_numbers_unify_but_booleans_and_fractions_do_not() -> None:
    assert canonical({"a": 1.0, "b": Int64(1), "c": 1}) == {"a": 1, "b": 1, "c": 1}
    assert canonical(True) is True and canonical(1) is not True
    assert canonical(1.5) == 1.5
    assert canonical({"b": 1, "a": 2}) == canonical({"a": 2, "b": 1})
    assert canonical([2, 1]) != canonical([1, 2])


def test_index_key_order_matters_and_bookkeeping_is_ignored() -> None:
    a = normalise_index(
        {"v": 2, "ns": "noema.x", "key": {"a": 1.0, "b": -1}, "name": "i", "hidden": False}
    )
    b = normalise_index({"key": {"a": 1, "b": Int64(-1)}, "name": "i", "background": True})
    c = normalise_index({"key": {"b": -1, "a": 1}, "name": "i"})
    assert index_differences(a, b) == []
    assert index_differences(a, c) == ["key"]


def test_false_means_absent_for_unique_sparse_hidden_but_true_differs() -> None:
    plain = normalise_index({"key": {"a": 1}, "name": "i"})
    for option in ("unique", "sparse", "hidden"):
        assert (
            index_differences(plain, normalise_index({"key": {"a": 1}, "name": "i", option: False}))
            == []
        )
        assert index_differences(
            plain, normalise_index({"key": {"a": 1}, "name": "i", option: True})
        ) == [option]


def test_collation_expanded_by_the_server_matches_the_short_desired_one() -> None:
    desired = normalise_index(
        {"key": {"a": 1}, "name": "i", "collation": {"locale": "fr", "strength": 1}}
    )
    live_collation = {
        "locale": "fr",
        "caseLevel": False,
        "caseFirst": "off",
        "strength": 1,
        "numericOrdering": False,
        "alternate": "non-ignorable",
        "maxVariable": "punct",
        "normalization": False,
        "backwards": False,
        "version": "57.1",
    }
    live = normalise_index({"v": 2, "key": {"a": 1}, "name": "i", "collation": live_collation})
    assert index_differences(desired, live) == []
    other_locale = normalise_index(
        {"key": {"a": 1}, "name": "i", "collation": {**live_collation, "locale": "de"}}
    )
    assert index_differences(desired, other_locale) == ["collation"]
    assert index_differences(normalise_index({"key": {"a": 1}, "name": "i"}), live) == ["collation"]
    simple = normalise_index({"key": {"a": 1}, "name": "i", "collation": {"locale": "simple"}})
    assert index_differences(normalise_index({"key": {"a": 1}, "name": "i"}), simple) == []


def test_validator_state_defaults() -> None:
    assert validator_state({}) == validator_state(
        {"validator": {}, "validationLevel": "strict", "validationAction": "error"}
    )
    assert validator_state({"validationAction": "warn"}).action == "warn"


def test_create_spec_drops_false_defaults_and_bookkeeping() -> None:
    spec = {"v": 2, "key": {"a": 1}, "name": "noema_a", "unique": False, "sparse": True}
    assert index_spec_for_create(spec) == {"key": {"a": 1}, "name": "noema_a", "sparse": True}


def test_validator_diff_pointers() -> None:
    old = {
        "$jsonSchema": {"required": ["a"], "properties": {"a": {"bsonType": "int", "minimum": 0}}}
    }
    new = {
        "$jsonSchema": {
            "required": ["a", "b"],
            "properties": {"a": {"bsonType": "long", "minimum": 0.0}},
        }
    }
    changes = [c.as_json() for c in validator_diff(old, new)]
    assert changes == [
        {
            "op": "replace",
            "path": "/$jsonSchema/properties/a/bsonType",
            "old": "int",
            "new": "long",
        },
        {"op": "add", "path": "/$jsonSchema/required/-", "new": "b"},
    ]
    assert validator_diff(old, old) == []


def test_snapshot_round_trip_is_byte_stable_and_keeps_bson_types() -> None:
    text = (FIXTURES / "mongodb-6.0.json").read_text()
    loaded = loads_snapshot(text)
    assert dumps_snapshot(loaded) == text
    ttl = next(i for i in loaded["indexes"]["userSessions"] if i["name"] == "noema_end_time_ttl")
    assert isinstance(ttl["expireAfterSeconds"], Int64)
    assert isinstance(loaded["collections"][0]["info"]["uuid"], Binary)
    key = next(i for i in loaded["indexes"]["userSessions"] if i["name"] == "noema_account_active")[
        "key"
    ]
    assert list(key) == ["masterAccountId", "isActive"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid Extended JSON"),
        ("[]", "expected an object"),
        ('{"database": "x", "collections": {}}', "/collections"),
    ],
)
def test_bad_snapshot_is_reported_with_the_file(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    path.write_text(text)
    with pytest.raises(BadInput, match=message) as info:
        read_snapshot(path)
    assert str(path) in str(info.value)


def test_true_and_1_differ_although_python_says_equal() -> None:
    a = normalise_index(
        {"key": {"a": 1}, "name": "i", "partialFilterExpression": {"a": {"$eq": True}}}
    )
    b = normalise_index(
        {"key": {"a": 1}, "name": "i", "partialFilterExpression": {"a": {"$eq": 1}}}
    )
    assert index_differences(a, b) == ["partialFilterExpression"]
    assert validator_state({"validator": {"$jsonSchema": {"enum": [True]}}}) != validator_state(
        {"validator": {"$jsonSchema": {"enum": [1]}}}
    )
    assert validator_state({"validator": {"$jsonSchema": {"minimum": 1}}}) == validator_state(
        {"validator": {"$jsonSchema": {"minimum": Int64(1)}}}
    )
    changes = validator_diff({"$jsonSchema": {"enum": [1]}}, {"$jsonSchema": {"enum": [True]}})
    assert [c.op for c in changes] == ["remove", "add"]
