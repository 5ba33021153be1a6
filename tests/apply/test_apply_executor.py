"""Executor tests with a recording fake of the adapter interface (no server)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from apply_fakes import RecordingAdapter
from apply_sample import sample_desired

from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.errors import PrivilegeError, ServerError
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.report import render_report
from noema_codegen.apply.service import apply_with
from noema_codegen.apply.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
EMPTY: dict[str, Any] = {"database": "noema", "collections": [], "indexes": {}}


def in_sync() -> dict[str, Any]:
    return read_snapshot(FIXTURES / "mongodb-7.0.json")


def drifted_validator() -> dict[str, Any]:
    snap = in_sync()
    snap["collections"][1]["options"]["validator"]["$jsonSchema"]["required"].remove("isActive")
    return snap


def without_session_index() -> dict[str, Any]:
    snap = in_sync()
    snap["indexes"]["userSessions"] = [
        i for i in snap["indexes"]["userSessions"] if i["name"] != "noema_session_id"
    ]
    return snap


def run(adapter: RecordingAdapter, plan_options: PlanOptions | None = None, **apply: Any) -> Any:
    return apply_with(
        adapter, sample_desired(), plan_options or PlanOptions(), ApplyOptions(**apply)
    )


def test_empty_database_order_of_operations_then_verified() -> None:
    adapter = RecordingAdapter([EMPTY, in_sync()])
    report = run(adapter, commit_quorum="majority")
    # one createIndexes per collection (issue 14 item 4), all of its new indexes in it
    assert [
        c[:2] if c[0] != "create_indexes" else (c[0], c[1], *c[2]) for c in adapter.writes()
    ] == [
        ("create_collection", "userCore"),
        ("create_indexes", "userCore", "noema_platform_identities", "noema_wallet_address"),
        ("create_collection", "userSessions"),
        (
            "create_indexes",
            "userSessions",
            "noema_session_id",
            "noema_account_active",
            "noema_end_time_ttl",
            "noema_platform_ci",
        ),
    ]
    assert all(c[3] == "majority" for c in adapter.writes() if c[0] == "create_indexes")
    create = adapter.writes()[0]
    assert create[2]["validationLevel"] == "strict" and "$jsonSchema" in create[2]["validator"]
    assert report.ok and report.verification is not None and report.verification.in_sync
    assert "verified: the database now matches the schemas." in render_report(report)


def test_second_run_is_a_no_op() -> None:
    adapter = RecordingAdapter([in_sync()])
    report = run(adapter)
    assert adapter.writes() == []
    assert report.ok and report.plan.in_sync


def test_verification_failure_is_reported() -> None:
    adapter = RecordingAdapter([EMPTY, EMPTY])  # the server did not keep what was applied
    report = run(adapter)
    assert not report.ok
    assert "VERIFY FAILED" in render_report(report)


def test_tightening_with_violations_is_refused_and_nothing_is_written() -> None:
    adapter = RecordingAdapter([drifted_validator()], violations={"userSessions": 12})
    report = run(adapter)
    assert not report.ok
    assert adapter.writes() == []
    count_call = next(c for c in adapter.calls if c[0] == "count")
    assert count_call[2] == {
        "$nor": [{"$jsonSchema": sample_desired()[1].options["validator"]["$jsonSchema"]}]
    }
    text = render_report(report)
    assert "12 stored document(s) in userSessions violate the new validator" in text
    assert "id0, id1, id2, id3, id4" in text
    assert "--validation-level moderate" in text and "REFUSED" in text


def test_allow_violations_applies_with_a_warning() -> None:
    adapter = RecordingAdapter([drifted_validator(), in_sync()], violations={"userSessions": 3})
    report = run(adapter, allow_violations=True)
    assert report.ok
    assert [c[0] for c in adapter.writes()] == ["coll_mod"]
    assert "allowed by --allow-violations" in render_report(report)


def test_moderate_level_is_a_staged_rollout_that_proceeds() -> None:
    moderate = drifted_validator()
    adapter = RecordingAdapter([moderate], violations={"userSessions": 3})
    report = run(adapter, PlanOptions(overrides=Overrides(validation_level="moderate")))
    coll_mods = [c for c in adapter.writes() if c[0] == "coll_mod"]
    assert {c[1] for c in coll_mods} == {"userCore", "userSessions"}
    assert all(c[2]["validationLevel"] == "moderate" for c in coll_mods)
    assert not report.refusals
    assert any("validationLevel=moderate" in w for w in report.warnings)


def test_unique_index_with_duplicates_is_refused_even_with_allow_violations() -> None:
    reply = [{"total": [{"n": 2}], "samples": [{"key": {"k0": "abc"}, "ids": [1, 2]}]}]
    adapter = RecordingAdapter([without_session_index()], duplicates={"userSessions": reply})
    report = run(adapter, allow_violations=True)
    assert adapter.writes() == []
    assert (
        "2 duplicate key group(s) would break unique index userSessions.noema_session_id"
        in render_report(report)
    )
    assert "{'sessionId': 'abc'} in _id [1, 2]" in render_report(report)
    aggregate = next(c for c in adapter.calls if c[0] == "aggregate")
    assert aggregate[2][0] == {
        "$unwind": {"path": "$sessionId", "preserveNullAndEmptyArrays": True}
    }


def test_dry_run_runs_checks_but_writes_nothing() -> None:
    adapter = RecordingAdapter([EMPTY])
    report = run(adapter, dry_run=True)
    assert adapter.writes() == []
    assert report.ok and report.verification is None
    assert "dry run: nothing was changed." in render_report(report)


def test_failure_midway_stops_and_reports_then_a_rerun_resumes() -> None:
    denied = PrivilegeError(
        "not authorized: createIndexes on noema.userSessions needs the privilege action "
        '"createIndex"',
        action="createIndex",
        resource="noema.userSessions",
    )
    adapter = RecordingAdapter([EMPTY], fail_on={("create_indexes", "userSessions"): denied})
    report = run(adapter)
    assert not report.ok
    assert [a.target for a in report.applied] == [
        "userCore",
        "userCore.noema_platform_identities",
        "userCore.noema_wallet_address",
        "userSessions",
    ]
    # the four indexes went in one createIndexes: the error names none, so the first is
    # reported as failed and the others as sent with it (none was created)
    assert report.failed is not None and report.failed.target == "userSessions.noema_session_id"
    together = [
        "userSessions.noema_account_active",
        "userSessions.noema_end_time_ttl",
        "userSessions.noema_platform_ci",
    ]
    assert [a.target for a in report.failed_with] == together
    assert [a.target for a in report.not_applied] == together
    text = render_report(report)
    assert '"createIndex"' in text and "a re-run resumes" in text
    assert "sent in the same createIndexes command" in text

    # The live state now has everything up to the failure; the re-run plans only the rest.
    partial = copy.deepcopy(in_sync())
    partial["indexes"]["userSessions"] = [
        i for i in partial["indexes"]["userSessions"] if i["name"] == "_id_"
    ]
    rerun = RecordingAdapter([partial, in_sync()])
    report2 = run(rerun)
    assert report2.ok
    assert [(c[0], c[2]) for c in rerun.writes()] == [
        (
            "create_indexes",
            [
                "noema_session_id",
                "noema_account_active",
                "noema_end_time_ttl",
                "noema_platform_ci",
            ],
        )
    ]


def test_rebuild_failure_after_drop_says_so() -> None:
    snap = in_sync()
    entry = next(i for i in snap["indexes"]["userSessions"] if i["name"] == "noema_account_active")
    entry["partialFilterExpression"] = {"isActive": {"$exists": True}}
    error = ServerError("createIndexes on noema.userSessions failed (code 67): bad", code=67)
    adapter = RecordingAdapter([snap], fail_on={("create_indexes", "userSessions"): error})
    report = run(adapter)
    assert [c[0] for c in adapter.writes()] == ["drop_index", "create_indexes"]
    assert "was dropped but re-creating it failed (a re-run creates it)" in (report.error or "")


def test_blockers_refuse_everything() -> None:
    snap = without_session_index()
    snap["indexes"]["userSessions"].append(
        {"v": 2, "key": {"sessionId": 1}, "name": "sessionId_1", "unique": True}
    )
    snap["collections"][0]["options"]["validationAction"] = "warn"  # another pending change
    adapter = RecordingAdapter([snap])
    report = run(adapter)
    assert adapter.writes() == [] and not report.ok
    assert "sessionId_1 already has the same key pattern" in render_report(report)


def test_validation_action_warn_is_a_staged_rollout_that_proceeds() -> None:
    adapter = RecordingAdapter([drifted_validator()], violations={"userSessions": 1})
    report = run(adapter, PlanOptions(overrides=Overrides(validation_action="warn")))
    assert not report.refusals
    assert all(c[2]["validationAction"] == "warn" for c in adapter.writes())
    assert any("validationAction=warn" in w for w in report.warnings)


def test_pymongo_errors_echoing_the_uri_are_redacted_in_the_report() -> None:
    """The real adapter, with its pymongo database replaced by a stub that fails."""
    from pymongo.errors import OperationFailure

    from noema_codegen.apply.executor import Executor
    from noema_codegen.apply.live import live_state
    from noema_codegen.apply.planner import plan
    from noema_codegen.apply.pymongo_adapter import PymongoAdapter

    uri = "mongodb://app:hunter2secret@db.example:27017/noema"

    class FailingDatabase:
        def command(self, *args: Any, **kwargs: Any) -> None:
            raise OperationFailure(f"write failed while connected to {uri}", code=2)

    adapter = PymongoAdapter(uri, "noema")
    adapter._db = FailingDatabase()  # type: ignore[assignment]
    report = Executor(adapter).run(plan(sample_desired(), live_state(EMPTY)))
    adapter.close()
    text = render_report(report)
    assert report.failed is not None and report.failed.target == "userCore"
    assert "hunter2secret" not in text
    assert "mongodb://***:***@db.example:27017/noema" in text


def test_index_option_changes_are_one_collmod_each() -> None:
    snap = in_sync()
    entry = next(i for i in snap["indexes"]["userSessions"] if i["name"] == "noema_end_time_ttl")
    entry["expireAfterSeconds"] = 60
    entry["hidden"] = True
    adapter = RecordingAdapter([snap, in_sync()])
    report = run(adapter)
    assert report.ok
    assert adapter.writes() == [
        (
            "coll_mod",
            "userSessions",
            {"index": {"name": "noema_end_time_ttl", "expireAfterSeconds": 2592000}},
        ),
        ("coll_mod", "userSessions", {"index": {"name": "noema_end_time_ttl", "hidden": False}}),
    ]
