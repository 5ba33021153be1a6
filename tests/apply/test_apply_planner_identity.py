"""The planner decides "same index" / "conflicting index" as the server does (issue 10).

Live states are the per-version fixtures (tests/apply/fixtures/README.md) changed into the
shapes the server's own tests assert:

* a collection created with a default collation is listed with ``options.collation`` fully
  expanded, and every index created without a collation carries that expansion
  (jstests/core/query/collation/collation.js: "an index with no collation inherits the
  collection-default collation"; MongoDB manual, db.createCollection ``collation``);
* a partial filter written differently but meaning the same is the same index signature
  (jstests/core/index/index_signature.js; src/mongo/db/index/index_descriptor.cpp).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from apply_fakes import RecordingAdapter
from apply_sample import CORE_SCHEMA, SESSIONS_INDEXES, SESSIONS_SCHEMA, options, sample_desired

from noema_codegen.apply.actions import CreateIndex, RebuildIndex
from noema_codegen.apply.desired import DesiredCollection
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.live import live_state
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.service import apply_with
from noema_codegen.apply.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"


def expanded(locale: str, strength: int) -> dict[str, Any]:
    """listCollections/listIndexes collation shape asserted by collation.js."""
    return {
        "locale": locale,
        "caseLevel": False,
        "caseFirst": "off",
        "strength": strength,
        "numericOrdering": False,
        "alternate": "non-ignorable",
        "maxVariable": "punct",
        "normalization": False,
        "backwards": False,
        "version": "57.1",
    }


def with_default_collation(version: str) -> dict[str, Any]:
    """The fixture as the server lists it when a DBA created userSessions with
    ``{collation: {locale: "en_US", strength: 2}}`` before our first apply."""
    snap = read_snapshot(FIXTURES / f"mongodb-{version}.json")
    default = expanded("en_US", 2)
    entry = next(c for c in snap["collections"] if c["name"] == "userSessions")
    entry["options"]["collation"] = copy.deepcopy(default)
    for index in snap["indexes"]["userSessions"]:
        if "collation" not in index:
            # _id_ too: the implicit _id index gets the collection default
            index["collation"] = copy.deepcopy(default)
    return snap


def test_our_indexes_on_a_collection_with_a_default_collation_plan_nothing() -> None:
    """The bug: each expanded inherited collation was seen as drift and every index rebuilt."""
    for version in ("6.0", "7.0", "8.0"):
        result = plan(sample_desired(), live_state(with_default_collation(version)))
        assert result.actions == (), version
        assert result.blockers == (), version


def test_an_index_built_with_simple_on_a_collation_collection_is_drift() -> None:
    snap = with_default_collation("7.0")
    session_id = next(i for i in snap["indexes"]["userSessions"] if i["name"] == "noema_session_id")
    del session_id["collation"]  # built with {locale: "simple"}: listed without collation
    result = plan(sample_desired(), live_state(snap))
    [action] = result.actions
    assert isinstance(action, RebuildIndex)
    assert (action.collection, action.index_name) == ("userSessions", "noema_session_id")
    assert action.differences == ("collation",)


def _ledger(partial_filter: dict[str, Any]) -> tuple[DesiredCollection, ...]:
    index = {
        "key": {"externalTransactionId": 1},
        "name": "noema_external_tx",
        "unique": True,
        "partialFilterExpression": partial_filter,
    }
    return (
        DesiredCollection("userCore", options(CORE_SCHEMA)),
        DesiredCollection("userSessions", options(SESSIONS_SCHEMA), (*SESSIONS_INDEXES, index)),
    )


def _with_foreign(partial_filter: dict[str, Any]) -> dict[str, Any]:
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    snap["indexes"]["userCore"] = [i for i in snap["indexes"]["userCore"] if i["name"] == "_id_"]
    snap["indexes"]["userSessions"].append(
        {
            "v": 2,
            "key": {"externalTransactionId": 1},
            "name": "externalTransactionId_1",
            "unique": True,
            "partialFilterExpression": partial_filter,
        }
    )
    return snap


def test_foreign_index_equal_by_meaning_is_a_conflict_before_any_write() -> None:
    """issue 10: {$type: 2} (foreign) vs {$type: "string"} (ours): the server would refuse our
    create with IndexOptionsConflict (85), so the plan reports it and creates nothing."""
    result = plan(
        _ledger({"externalTransactionId": {"$type": "string"}}),
        live_state(_with_foreign({"externalTransactionId": {"$type": 2}})),
    )
    assert not any(isinstance(a, CreateIndex) for a in result.actions)
    assert len(result.blockers) == 1
    message = result.blockers[0].message
    assert "noema_external_tx" in message and "externalTransactionId_1" in message
    assert "code 85" in message
    assert not result.in_sync


def test_foreign_index_with_another_meaning_does_not_block() -> None:
    result = plan(
        _ledger({"externalTransactionId": {"$type": "string"}}),
        live_state(_with_foreign({"externalTransactionId": {"$type": "number"}})),
    )
    assert result.blockers == ()
    [action] = result.actions
    assert isinstance(action, CreateIndex)
    assert (action.collection, action.index_name) == ("userSessions", "noema_external_tx")


def test_a_filter_respelled_by_meaning_is_not_drift() -> None:
    """{isActive: {$eq: true}} (ours) listed back as {isActive: true}, or a numeric literal
    stored as another BSON number type, is the same index."""
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    active = next(i for i in snap["indexes"]["userSessions"] if i["name"] == "noema_account_active")
    active["partialFilterExpression"] = {"$and": [{"isActive": True}]}
    assert plan(sample_desired(), live_state(snap)).actions == ()


def test_clustered_index_is_not_drift_nor_a_note() -> None:
    """A clustered collection's clustered index is listed with ``clustered: true`` under the name
    given at creation (MongoDB manual, "Clustered Collections", listIndexes example)."""
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    entry = next(c for c in snap["collections"] if c["name"] == "userSessions")
    entry["options"]["clusteredIndex"] = {
        "v": 2,
        "key": {"_id": 1},
        "name": "by_id",
        "unique": True,
    }
    snap["indexes"]["userSessions"] = [
        {"v": 2, "key": {"_id": 1}, "name": "by_id", "unique": True, "clustered": True},
        *[i for i in snap["indexes"]["userSessions"] if i["name"] != "_id_"],
    ]
    result = plan(sample_desired(), live_state(snap))
    assert result.actions == ()
    assert not any("by_id" in n.message for n in result.notes)


def test_the_conflict_names_what_differs_and_apply_refuses_before_any_write() -> None:
    snap = _with_foreign({"externalTransactionId": {"$type": 2}})
    foreign = snap["indexes"]["userSessions"][-1]
    foreign["hidden"] = True
    desired = _ledger({"externalTransactionId": {"$type": "string"}})
    message = plan(desired, live_state(snap)).blockers[0].message
    assert "differs only in: name, hidden" in message
    adapter = RecordingAdapter([snap])
    report = apply_with(adapter, desired, PlanOptions(), ApplyOptions())
    assert not report.ok
    assert any("code 85" in refusal for refusal in report.refusals)
    assert adapter.writes() == []


def test_a_leftover_prepare_unique_never_rebuilds_a_unique_index() -> None:
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    session_id = next(i for i in snap["indexes"]["userSessions"] if i["name"] == "noema_session_id")
    session_id["prepareUnique"] = True
    assert plan(sample_desired(), live_state(snap)).actions == ()
