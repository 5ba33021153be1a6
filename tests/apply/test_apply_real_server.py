"""The whole plan/apply flow against a real MongoDB 6.0/7.0/8.0 (standalone, replica set or mongos).

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create/drop databases, e.g. root on a test
server). Each test works in its own throwaway database ``noema_test_apply_<random>``, never
``noema``, and drops it afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apply_documents import session_doc, user_doc
from bson import ObjectId
from click.testing import CliRunner
from pymongo.database import Database

from noema_codegen.apply.actions import RebuildIndex
from noema_codegen.apply.desired import DesiredCollection, Overrides, load_desired
from noema_codegen.apply.executor import ApplyOptions, ApplyReport
from noema_codegen.apply.live import live_state
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.service import apply_with, live_plan
from noema_codegen.apply.snapshot import loads_snapshot
from noema_codegen.cli import main
from tests.apply.real_server import scratch_server

pytestmark = pytest.mark.mongodb

ROOT = Path(__file__).resolve().parents[2]
URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")


@pytest.fixture
def server() -> Iterator[tuple[PymongoAdapter, Database[dict[str, Any]]]]:
    yield from scratch_server("noema_test_apply")


@pytest.fixture(scope="module")
def desired() -> tuple[DesiredCollection, ...]:
    return load_desired(ROOT / "schemas")


def apply(
    adapter: PymongoAdapter,
    desired: tuple[DesiredCollection, ...],
    plan_options: PlanOptions | None = None,
    **options: Any,
) -> ApplyReport:
    return apply_with(adapter, desired, plan_options or PlanOptions(), ApplyOptions(**options))


def index_names(db: Database[dict[str, Any]], collection: str) -> set[str]:
    return {i["name"] for i in db[collection].list_indexes()}


def test_apply_on_empty_database_then_second_run_is_a_no_op(server: Any, desired: Any) -> None:
    adapter, db = server
    first = apply(adapter, desired)
    assert first.ok, first.error or first.refusals
    assert first.verification is not None and first.verification.in_sync
    assert sorted(db.list_collection_names()) == sorted(d.name for d in desired)
    for target in desired:
        options = next(db.list_collections(filter={"name": target.name}))["options"]
        assert options["validationLevel"] == "strict"
        assert index_names(db, target.name) == {"_id_"} | {s["name"] for s in target.indexes}
    second = apply(adapter, desired)
    assert second.plan.in_sync and second.applied == [] and second.ok


def test_validator_rejects_invalid_documents_after_apply(server: Any, desired: Any) -> None:
    from pymongo.errors import WriteError

    adapter, db = server
    assert apply(adapter, desired).ok
    db.userSessions.insert_one(session_doc())
    with pytest.raises(WriteError) as info:
        db.userSessions.insert_one(session_doc(platform=42))
    assert info.value.code == 121


def test_tightening_with_violating_documents_is_refused_then_staged(
    server: Any, desired: Any
) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    db.command({"collMod": "userSessions", "validator": {}, "validationLevel": "off"})
    bad = db.userSessions.insert_many([{"platform": "web"}, {"sessionId": "not-an-object-id"}])
    db.userSessions.insert_one(session_doc())

    refused = apply(adapter, desired)
    assert not refused.ok and refused.applied == []
    violations = next(c for c in refused.checks if c.check == "violations")
    assert violations.count == 2 and set(violations.samples) == set(bad.inserted_ids)
    options = next(db.list_collections(filter={"name": "userSessions"}))["options"]
    assert options.get("validationLevel") == "off"  # unchanged

    staged = apply(adapter, desired, PlanOptions(overrides=Overrides(validation_level="moderate")))
    assert staged.ok and staged.warnings
    options = next(db.list_collections(filter={"name": "userSessions"}))["options"]
    assert options["validationLevel"] == "moderate"

    forced = apply(adapter, desired, allow_violations=True)
    assert forced.ok
    options = next(db.list_collections(filter={"name": "userSessions"}))["options"]
    assert options["validationLevel"] == "strict"


def test_unique_index_with_duplicates_is_refused(server: Any, desired: Any) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    db.userSessions.drop_index("noema_session_id")
    same = ObjectId()
    db.userSessions.insert_many([session_doc(sessionId=same), session_doc(sessionId=same)])
    report = apply(adapter, desired)
    assert not report.ok and report.applied == []
    duplicates = next(c for c in report.checks if c.check == "duplicates")
    assert duplicates.count == 1 and str(same) in duplicates.samples[0]
    assert "noema_session_id" not in index_names(db, "userSessions")


def test_multikey_duplicates_follow_the_index_semantics(server: Any, desired: Any) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    db.userCore.drop_index("noema_wallet_address")

    # the same address twice inside one document is not a duplicate for a unique index
    db.userCore.insert_many([user_doc("0xA", "0xA"), user_doc("0xB"), user_doc()])
    ok = apply(adapter, desired)
    assert ok.ok, ok.refusals
    db.userCore.drop_index("noema_wallet_address")
    db.userCore.insert_one(user_doc("0xC", "0xB"))  # 0xB now in two documents
    refused = apply(adapter, desired)
    assert not refused.ok
    assert any(c.check == "duplicates" and c.count == 1 for c in refused.checks)


def test_option_only_index_change_on_an_unknown_version_is_rebuilt(
    server: Any, desired: Any
) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    db.userSessions.drop_index("noema_session_id")
    db.userSessions.create_index([("sessionId", 1)], name="noema_session_id")  # not unique
    plan_ = live_plan(adapter, desired, PlanOptions())
    assert [(a.kind, a.index_name) for a in plan_.actions] == [
        (RebuildIndex.kind, "noema_session_id")
    ]
    report = apply(adapter, desired)
    assert report.ok
    info = db.userSessions.index_information()["noema_session_id"]
    assert info.get("unique") is True


def test_foreign_index_untouched_and_owned_index_pruned(server: Any, desired: Any) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    db.userSessions.create_index([("platform", 1)], name="platform_1")
    db.userSessions.create_index([("userAgent", 1)], name="noema_obsolete_user_agent")

    kept = apply(adapter, desired)
    assert kept.ok and {"platform_1", "noema_obsolete_user_agent"} <= index_names(
        db, "userSessions"
    )

    hidden = apply(adapter, desired, PlanOptions(prune="hide"))
    assert hidden.ok
    assert db.userSessions.index_information()["noema_obsolete_user_agent"].get("hidden") is True
    assert apply(adapter, desired, PlanOptions(prune="hide")).applied == []

    dropped = apply(adapter, desired, PlanOptions(prune="drop"))
    assert dropped.ok
    names = index_names(db, "userSessions")
    assert "noema_obsolete_user_agent" not in names and "platform_1" in names


def test_snapshot_command_round_trips_into_an_in_sync_plan(server: Any, desired: Any) -> None:
    adapter, db = server
    assert apply(adapter, desired).ok
    result = CliRunner().invoke(main, ["snapshot", "--uri", URI, "--db", db.name])
    assert result.exit_code == 0, result.output
    snapshot = loads_snapshot(result.output)
    assert snapshot["database"] == db.name
    assert {c["name"] for c in snapshot["collections"]} >= {d.name for d in desired}
    entry = next(c for c in snapshot["collections"] if c["name"] == "userSessions")
    assert "uuid" in entry["info"] and entry["idIndex"]["name"] == "_id_"
    from noema_codegen.apply.planner import plan

    assert plan(desired, live_state(snapshot)).in_sync
