"""The write vocabulary of named queries is linted: every rule names its key by JSON pointer.

(docs/schema-extensions.md "Named queries" and "Collection-wide rules".)
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from noema_codegen.checked_project import check_schemas, load_project
from noema_codegen.diagnostics import Severity
from noema_codegen.ir.model import Collection
from tests.schema_fixtures import NOEMA, SchemaDirFactory

ACCOUNTS: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "name", "status", "createdAt"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "status": {"bsonType": "string", "enum": ["new", "open", "closed"]},
        "createdAt": {"bsonType": "date"},
        "count": {"bsonType": "int"},
        "settings": {"bsonType": "object", "additionalProperties": True},
        "tags": {"bsonType": "array", "items": {"bsonType": "string"}},
        "wallets": {
            "bsonType": "array",
            "items": {
                "bsonType": "object",
                "required": ["address", "addedAt"],
                "properties": {
                    "address": {"bsonType": "string"},
                    "chain": {"bsonType": "string", "enum": ["evm", "solana"]},
                    "primary": {"bsonType": "bool", "default": False},
                    "addedAt": {"bsonType": "date"},
                },
            },
        },
    },
    "x-noema": {
        "model": "Account",
        "timestamps": {"createdAt": "createdAt"},
        "indexes": [{"keys": {"wallets.address": 1}, "unique": True}],
        "transitions": {"status": {"new": ["open"], "open": ["closed"]}},
        "normalise": {
            "wallets.address": {"lowercaseWhen": {"field": "wallets.chain", "in": ["evm"]}}
        },
        "queries": {},
    },
}

BY_ID = {"_id": {"param": "account_id"}}


def _check(make_schema_dir: SchemaDirFactory, **queries: Any) -> list[tuple[str, str]]:
    schema = copy.deepcopy(ACCOUNTS)
    schema["x-noema"]["queries"] = queries
    _, diagnostics = check_schemas(make_schema_dir(accounts=schema) / "schemas")
    return [(d.pointer, d.rule) for d in diagnostics if d.severity is Severity.ERROR]


def _collection(make_schema_dir: SchemaDirFactory, **queries: Any) -> Collection:
    schema = copy.deepcopy(ACCOUNTS)
    schema["x-noema"]["queries"] = queries
    project: Path = make_schema_dir(accounts=schema)
    return load_project(project / "schemas", NOEMA).get("accounts")


Q = "/x-noema/queries/q"


def test_a_correct_write_vocabulary_lints_clean(make_schema_dir: SchemaDirFactory) -> None:
    assert (
        _check(
            make_schema_dir,
            add={
                "op": "update_one",
                "filter": {**BY_ID, "wallets.address": {"$ne": {"param": "address"}}},
                "push": {
                    "wallets": {
                        "element": {
                            "address": {"param": "address"},
                            "chain": {"param": "chain"},
                            "addedAt": {"now": True},
                        },
                        "slice": -10,
                    }
                },
                "inc": {"count": 1},
            },
            primary={
                "op": "update_one",
                "filter": BY_ID,
                "set": {"wallets.$[w].primary": True},
                "array_filters": {
                    "w": {"address": {"param": "address"}, "chain": {"param": "chain"}}
                },
                "returning": "after",
            },
            tag={"op": "update_one", "filter": BY_ID, "add_to_set": {"tags": {"param": "tag"}}},
            untag={"op": "update_one", "filter": BY_ID, "pull": {"tags": {"param": "tag"}}},
            open={"op": "update_one", "filter": BY_ID, "set": {"status": "open"}},
            create={"op": "insert_one", "document": {"name": {"param": "name"}, "status": "new"}},
        )
        == []
    )


@pytest.mark.parametrize(
    ("query", "pointer", "rule"),
    [
        # $push/$addToSet/$pull need arrays
        ({"push": {"name": "x"}}, f"{Q}/push/name", "query-update"),
        ({"add_to_set": {"count": 1}}, f"{Q}/add_to_set/count", "query-update"),
        ({"pull": {"name": {"match": {"a": 1}}}}, f"{Q}/pull/name", "query-update"),
        # element fields exist; required element fields are given
        (
            {"push": {"wallets": {"element": {"adress": "x", "addedAt": {"now": True}}}}},
            f"{Q}/push/wallets/element/adress",
            "query-field",
        ),
        (
            {"push": {"wallets": {"element": {"chain": "evm", "addedAt": {"now": True}}}}},
            f"{Q}/push/wallets/element",
            "query-update",
        ),
        # elements of a string array have no fields
        ({"push": {"tags": {"element": {"a": 1}}}}, f"{Q}/push/tags/element", "query-update"),
        # types match: a constant of the wrong type, $inc of a string, $min of a bool
        ({"add_to_set": {"tags": 3}}, f"{Q}/add_to_set/tags", "query-constant"),
        ({"inc": {"name": 1}}, f"{Q}/inc/name", "query-update"),
        ({"min": {"wallets.primary": True}}, f"{Q}/min/wallets.primary", "query-update"),
        # {"now": true} only for dates
        ({"set": {"name": {"now": True}}}, f"{Q}/set/name", "query-constant"),
        # $[identifier]: declared and used
        ({"set": {"wallets.$[w].primary": True}}, Q, "query-update"),
        (
            {"set": {"count": 1}, "array_filters": {"w": {"address": "x"}}},
            f"{Q}/array_filters/w",
            "query-update",
        ),
        (
            {"set": {"wallets.$[w].primary": True}, "array_filters": {"w": {"adress": "x"}}},
            f"{Q}/array_filters/w/adress",
            "query-field",
        ),
        # set_on_insert only with upsert; slice only on push
        ({"set_on_insert": {"count": 1}}, f"{Q}/set_on_insert", "query-update"),
        (
            {
                "add_to_set": {
                    "wallets": {"element": {"address": "a", "addedAt": {"now": True}}, "slice": 1}
                }
            },
            f"{Q}/add_to_set/wallets/slice",
            "query-update",
        ),
        # transitions: an initial state cannot be set; the filter may not name the field
        ({"set": {"status": "new"}}, f"{Q}/set/status", "transitions"),
        (
            {"filter": {**BY_ID, "status": "new"}, "set": {"status": "open"}},
            f"{Q}/filter/status",
            "transitions",
        ),
        ({"set": {"status": "open"}, "upsert": True}, f"{Q}/upsert", "transitions"),
        # normalise: binding the address needs the chain
        ({"pull": {"wallets": {"match": {"address": {"param": "a"}}}}}, Q, "normalise"),
    ],
)
def test_write_rules(
    make_schema_dir: SchemaDirFactory, query: dict[str, Any], pointer: str, rule: str
) -> None:
    spec = {"op": "update_one", "filter": BY_ID, **query}
    assert (pointer, rule) in _check(make_schema_dir, q=spec)


def test_returning_only_on_update_one(make_schema_dir: SchemaDirFactory) -> None:
    spec = {"op": "update_many", "filter": BY_ID, "set": {"count": 1}, "returning": "after"}
    assert _check(make_schema_dir, q=spec) == [(f"{Q}/returning", "query-update")]


def test_insert_needs_every_required_field_it_does_not_stamp(
    make_schema_dir: SchemaDirFactory,
) -> None:
    """``_id`` (objectId) and ``createdAt`` are stamped; ``name`` and ``status`` are not."""
    spec = {"op": "insert_one", "document": {"status": "new"}}
    assert _check(make_schema_dir, q=spec) == [(f"{Q}/document", "query-update")]
    spec = {"op": "insert_one", "filter": BY_ID, "document": {"name": "a", "status": "new"}}
    assert _check(make_schema_dir, q=spec) == [(f"{Q}/filter", "query-filter")]


def test_append_only_collection_declares_no_update(make_schema_dir: SchemaDirFactory) -> None:
    schema = copy.deepcopy(ACCOUNTS)
    schema["x-noema"]["appendOnly"] = True
    schema["x-noema"]["queries"] = {"q": {"op": "update_one", "filter": BY_ID, "set": {"count": 1}}}
    _, diagnostics = check_schemas(make_schema_dir(accounts=schema) / "schemas")
    errors = [(d.pointer, d.rule) for d in diagnostics if d.severity is Severity.ERROR]
    assert errors == [(Q, "append-only")]


def test_transition_guard_and_parameter_states(make_schema_dir: SchemaDirFactory) -> None:
    collection = _collection(
        make_schema_dir,
        move={"op": "update_one", "filter": BY_ID, "set": {"status": {"param": "status"}}},
    )
    (query,) = collection.queries
    ((transition, value),) = query.guards
    assert value.param == "status"
    assert transition.allowed_from("open") == ("new",)
    assert transition.allowed_from("closed") == ("open",)
    assert transition.allowed_from("new") == ()
    (param,) = [p for p in query.params if p.name == "status"]
    assert param.schema["enum"] == ["open", "closed"]  # "new" is no target: a type error


def test_normalised_parameter_is_paired_with_its_condition(
    make_schema_dir: SchemaDirFactory,
) -> None:
    collection = _collection(
        make_schema_dir,
        by_wallet={
            "op": "find_one",
            "filter": {
                "wallets": {
                    "$elemMatch": {"chain": {"param": "chain"}, "address": {"param": "address"}}
                }
            },
        },
    )
    (query,) = collection.queries
    ((param, rule, when),) = query.normalised
    assert (param, rule.when_in, when.param) == ("address", ("evm",), "chain")


def test_unknown_condition_inside_elem_match(make_schema_dir: SchemaDirFactory) -> None:
    spec = {
        "op": "find_one",
        "filter": {"wallets": {"$elemMatch": {"address": {"$regex": "x"}}}},
    }
    pointer = f"{Q}/filter/wallets/$elemMatch/address/$regex"
    assert (pointer, "query-filter") in _check(make_schema_dir, q=spec)
