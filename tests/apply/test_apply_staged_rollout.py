"""Staged roll-out (issue 13 item 4): warn -> pending migrations -> tighten.

Planner tests are pure (fixture snapshots, no server); executor tests use the recording fake
of the adapter and a fake migration source that stands in for ``migrations/`` + the ledger.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from apply_fakes import RecordingAdapter
from apply_sample import sample_desired
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.actions import (
    ModifyValidation,
    PendingMigration,
    RunMigrations,
    StageValidation,
    TightenValidation,
)
from noema_codegen.apply.adapter import Adapter
from noema_codegen.apply.errors import ServerError
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.live import live_state
from noema_codegen.apply.plan_json import dumps_plan
from noema_codegen.apply.plan_schema import PLAN_SCHEMA
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.render import render_text
from noema_codegen.apply.report import render_report
from noema_codegen.apply.saved_plan import check_still_holds, loads_saved_plan
from noema_codegen.apply.service import apply_with, plan_of_snapshot
from noema_codegen.apply.snapshot import (
    dumps_snapshot,
    ledger_of,
    loads_snapshot,
    read_snapshot,
    take_snapshot,
)
from noema_codegen.diagnostics import Outcome, UserFacingError

FIXTURES = Path(__file__).parent / "fixtures"
COLLECTION = "userSessions"
MIGRATION = "0001_sessions_active"
LEDGER_ENTRY = {"name": "noema_migrations", "type": "collection", "options": {}}
LEDGER_INDEXES = [{"v": 2, "key": {"_id": 1}, "name": "_id_"}]


def in_sync() -> dict[str, Any]:
    return read_snapshot(FIXTURES / "mongodb-7.0.json")


def _schema(snap: dict[str, Any], name: str) -> dict[str, Any]:
    entry = next(c for c in snap["collections"] if c["name"] == name)
    schema: dict[str, Any] = entry["options"]["validator"]["$jsonSchema"]
    return schema


def old_validator() -> dict[str, Any]:
    """The live validator before the change: ``isActive`` not required yet."""
    snap = in_sync()
    _schema(snap, COLLECTION)["required"].remove("isActive")
    return snap


def warned() -> dict[str, Any]:
    """After the warn step: the new validator is live, with validationAction warn."""
    snap = in_sync()
    entry = next(c for c in snap["collections"] if c["name"] == COLLECTION)
    entry["options"]["validationAction"] = "warn"
    return snap


def with_ledger(snap: dict[str, Any]) -> dict[str, Any]:
    snap = copy.deepcopy(snap)
    snap["collections"] = sorted([*snap["collections"], LEDGER_ENTRY], key=lambda e: e["name"])
    snap["indexes"]["noema_migrations"] = LEDGER_INDEXES
    return snap


PENDING = (PendingMigration(MIGRATION, frozenset({COLLECTION})),)


def kinds(actions: Sequence[Any]) -> list[tuple[str, str]]:
    return [(a.kind, a.collection) for a in actions]


# -- planner (pure) -------------------------------------------------------------------------


def test_a_validator_change_with_a_pending_migration_is_staged_in_three_steps() -> None:
    result = plan(
        sample_desired(), live_state(old_validator()), PlanOptions(pending_migrations=PENDING)
    )
    validation = [a for a in result.actions if not a.kind.endswith("index")]
    assert kinds(validation) == [
        ("stage_validation", COLLECTION),
        ("run_migrations", COLLECTION),
        ("tighten_validation", COLLECTION),
    ]
    stage, migrate, tighten = validation
    assert isinstance(stage, StageValidation) and isinstance(tighten, TightenValidation)
    assert stage.options["validationAction"] == "warn"
    assert stage.options["validator"] == tighten.options["validator"]
    assert tighten.options["validationAction"] == "error"  # the schema's own action
    assert stage.migrations == (MIGRATION,)
    assert isinstance(migrate, RunMigrations) and migrate.migrations == (MIGRATION,)
    assert stage.validator_changes == (
        {"op": "add", "path": "/$jsonSchema/required/-", "new": "isActive"},
    )


def test_without_pending_migrations_the_change_is_one_collmod_as_before() -> None:
    result = plan(sample_desired(), live_state(old_validator()), PlanOptions())
    assert kinds(result.actions) == [("modify_validation", COLLECTION)]


def test_a_migration_of_another_collection_does_not_stage_and_is_noted() -> None:
    other = (PendingMigration(MIGRATION, frozenset({"userCore"})),)
    result = plan(
        sample_desired(), live_state(old_validator()), PlanOptions(pending_migrations=other)
    )
    assert kinds(result.actions) == [("modify_validation", COLLECTION)]
    assert any(MIGRATION in note.message and "migrate" in note.message for note in result.notes)


def test_after_the_warn_step_the_plan_resumes_with_migrations_then_tighten() -> None:
    result = plan(sample_desired(), live_state(warned()), PlanOptions(pending_migrations=PENDING))
    assert kinds(result.actions) == [
        ("run_migrations", COLLECTION),
        ("tighten_validation", COLLECTION),
    ]


def test_once_the_migration_finished_only_the_tighten_is_left_as_a_plain_collmod() -> None:
    result = plan(sample_desired(), live_state(warned()), PlanOptions())
    assert len(result.actions) == 1 and isinstance(result.actions[0], ModifyValidation)
    assert result.actions[0].action is not None
    assert (result.actions[0].action.old, result.actions[0].action.new) == ("warn", "error")


def test_a_schema_whose_own_action_is_warn_is_not_staged() -> None:
    from noema_codegen.apply.desired import Overrides

    options = PlanOptions(pending_migrations=PENDING, overrides=Overrides(None, "warn"))
    result = plan(sample_desired(), live_state(old_validator()), options)
    assert not any(isinstance(a, StageValidation | TightenValidation) for a in result.actions)


@settings(max_examples=30, derandomize=True, deadline=None)
@given(
    drift=st.sets(st.sampled_from(["userCore", "userSessions"])),
    touched=st.lists(st.sets(st.sampled_from(["userCore", "userSessions", "other"])), max_size=3),
)
def test_warn_steps_come_before_the_migrations_and_tighten_steps_after(
    drift: set[str], touched: list[set[str]]
) -> None:
    snap = in_sync()
    for name in drift:
        _schema(snap, name)["required"].pop()
    pending = tuple(PendingMigration(f"000{i}_m", frozenset(c)) for i, c in enumerate(touched))
    result = plan(sample_desired(), live_state(snap), PlanOptions(pending_migrations=pending))
    order = [a.kind for a in result.actions]
    staged = {a.collection for a in result.actions if isinstance(a, StageValidation)}
    tightened = {a.collection for a in result.actions if isinstance(a, TightenValidation)}
    assert staged == tightened == {n for n in drift if any(n in c for c in touched)}
    if staged:
        run = order.index("run_migrations")
        assert order.count("run_migrations") == 1
        assert all(i < run for i, k in enumerate(order) if k == "stage_validation")
        assert all(i > run for i, k in enumerate(order) if k == "tighten_validation")
        migrate = next(a for a in result.actions if isinstance(a, RunMigrations))
        assert migrate.migrations == tuple(m.name for m in pending)  # all, in file order
    else:
        assert "run_migrations" not in order


def test_the_staged_plan_is_rendered_and_validates_against_the_published_schema() -> None:
    result = plan(
        sample_desired(), live_state(old_validator()), PlanOptions(pending_migrations=PENDING)
    )
    text = render_text(result)
    assert f"~ stage validation of {COLLECTION}" in text
    assert f"> run migrations {MIGRATION}" in text
    assert f"~ tighten validation of {COLLECTION}" in text
    document = json.loads(dumps_plan(result))
    jsonschema.Draft202012Validator(PLAN_SCHEMA).validate(document)
    assert [a["action"] for a in document["actions"]] == [
        "stage_validation",
        "run_migrations",
        "tighten_validation",
    ]
    assert document["actions"][1]["migrations"] == [MIGRATION]


def test_a_saved_staged_plan_still_holds_against_the_same_inputs() -> None:
    class Source:
        def pending(self, ledger: Sequence[Mapping[str, Any]]) -> tuple[PendingMigration, ...]:
            return PENDING

        def run(self, adapter: Adapter) -> list[str]:  # pragma: no cover - not run here
            return []

    snap = with_ledger(old_validator())
    saved = plan_of_snapshot(snap, sample_desired(), PlanOptions(), Source())
    reread = loads_saved_plan(dumps_plan(saved), "plan.json")
    check_still_holds(reread, plan_of_snapshot(snap, sample_desired(), PlanOptions(), Source()))


# -- snapshot: the ledger -------------------------------------------------------------------


def test_a_snapshot_records_the_ledger_when_the_collection_exists_and_reads_it_back() -> None:
    from datetime import UTC, datetime

    finished = datetime(2026, 1, 2, tzinfo=UTC)
    adapter = RecordingAdapter([with_ledger(in_sync())])
    adapter.ledger = [{"_id": MIGRATION, "checksum": "ab" * 32, "finishedAt": finished}]
    snap = loads_snapshot(dumps_snapshot(take_snapshot(adapter)))
    assert [e["_id"] for e in ledger_of(snap)] == [MIGRATION]
    assert ledger_of(snap)[0]["finishedAt"].replace(tzinfo=UTC) == finished


def test_no_ledger_collection_means_no_ledger_key_and_an_empty_ledger() -> None:
    adapter = RecordingAdapter([in_sync()])
    snap = take_snapshot(adapter)
    assert "ledger" not in snap and ledger_of(snap) == []
    assert not any(c[0] == "ledger_entries" for c in adapter.calls)


def test_a_snapshot_whose_ledger_is_not_a_list_is_bad_input() -> None:
    from noema_codegen.apply.errors import BadInput

    text = json.dumps({"database": "noema", "collections": [], "indexes": {}, "ledger": {}})
    with pytest.raises(BadInput, match="/ledger"):
        loads_snapshot(text, "snap.json")


# -- executor (recording fake) --------------------------------------------------------------


@dataclass
class FakeMigrations:
    """Pending until ``run``; running records a ``migrate`` call on the adapter, marks the
    migration finished in its ledger and leaves ``remaining`` documents failing."""

    remaining: int = 0
    ran: list[str] = field(default_factory=list)

    def pending(self, ledger: Sequence[Mapping[str, Any]]) -> tuple[PendingMigration, ...]:
        finished = {e.get("_id") for e in ledger if e.get("finishedAt") is not None}
        return tuple(m for m in PENDING if m.name not in finished)

    def run(self, adapter: Adapter) -> list[str]:
        assert isinstance(adapter, RecordingAdapter)
        adapter.calls.append(("migrate", MIGRATION))
        adapter.violations[COLLECTION] = self.remaining
        adapter.ledger = [{"_id": MIGRATION, "finishedAt": "now"}]
        self.ran.append(MIGRATION)
        return [f"{MIGRATION}: applied"]


def _writes(adapter: RecordingAdapter) -> list[tuple[Any, ...]]:
    return [
        (c[0], c[1], c[2].get("validationAction")) if c[0] == "coll_mod" else c[:2]
        for c in adapter.writes()
    ]


def test_without_run_migrations_apply_stops_after_the_warn_step() -> None:
    adapter = RecordingAdapter([with_ledger(old_validator())], violations={COLLECTION: 3})
    source = FakeMigrations()
    report = apply_with(adapter, sample_desired(), PlanOptions(), ApplyOptions(), source)
    assert _writes(adapter) == [("coll_mod", COLLECTION, "warn")]
    assert source.ran == [] and not report.ok
    assert report.stopped is not None and "noema-codegen migrate" in report.stopped
    text = render_report(report)
    assert "STOPPED" in text and f"tighten validation of {COLLECTION}" in text
    # the pre-flight counted the violations, and allowed them: the warn step rejects nothing
    assert any(w.startswith(f"3 stored document(s) in {COLLECTION}") for w in report.warnings)


def test_with_run_migrations_it_warns_migrates_then_tightens_and_verifies() -> None:
    states = [with_ledger(old_validator()), with_ledger(in_sync())]
    adapter = RecordingAdapter(states, violations={COLLECTION: 3})
    source = FakeMigrations(remaining=0)
    report = apply_with(
        adapter, sample_desired(), PlanOptions(), ApplyOptions(run_migrations=True), source
    )
    assert _writes(adapter) == [
        ("coll_mod", COLLECTION, "warn"),
        ("migrate", MIGRATION),
        ("coll_mod", COLLECTION, "error"),
    ]
    assert report.ok, render_report(report)
    assert report.verification is not None and not report.verification.actions
    assert report.migrations == [f"{MIGRATION}: applied"]
    text = render_report(report)
    run_line = text.index("applied > run migrations")
    assert run_line < text.index(f"\n  {MIGRATION}: applied") < text.index("applied ~ tighten")


def test_documents_still_failing_after_the_migrations_stop_before_the_tighten() -> None:
    adapter = RecordingAdapter([with_ledger(old_validator())], violations={COLLECTION: 3})
    report = apply_with(
        adapter,
        sample_desired(),
        PlanOptions(),
        ApplyOptions(run_migrations=True),
        FakeMigrations(remaining=2),
    )
    assert _writes(adapter) == [("coll_mod", COLLECTION, "warn"), ("migrate", MIGRATION)]
    assert not report.ok and report.stopped is not None
    assert f"2 document(s) of {COLLECTION}" in report.stopped
    assert [a.kind for a in report.not_applied] == ["tighten_validation"]


def test_allow_violations_tightens_anyway_with_a_warning() -> None:
    adapter = RecordingAdapter(
        [with_ledger(old_validator()), with_ledger(in_sync())], violations={COLLECTION: 3}
    )
    report = apply_with(
        adapter,
        sample_desired(),
        PlanOptions(),
        ApplyOptions(run_migrations=True, allow_violations=True),
        FakeMigrations(remaining=1),
    )
    assert _writes(adapter)[-1] == ("coll_mod", COLLECTION, "error")
    assert any("--allow-violations" in w for w in report.warnings)


def test_a_dry_run_of_a_staged_plan_changes_nothing() -> None:
    adapter = RecordingAdapter([with_ledger(old_validator())], violations={COLLECTION: 3})
    report = apply_with(
        adapter, sample_desired(), PlanOptions(), ApplyOptions(dry_run=True), FakeMigrations()
    )
    assert adapter.writes() == [] and report.stopped is None
    assert [a.kind for a in report.not_applied] == [
        "stage_validation",
        "run_migrations",
        "tighten_validation",
    ]


class _Orphans(UserFacingError):
    outcome = Outcome.PROBLEMS


@dataclass
class FailingMigrations(FakeMigrations):
    error: Exception = field(default_factory=lambda: _Orphans("3 orphans"))

    def run(self, adapter: Adapter) -> list[str]:
        raise self.error


def test_a_migration_that_finds_problems_stops_the_run_and_keeps_the_report() -> None:
    adapter = RecordingAdapter([with_ledger(old_validator())], violations={COLLECTION: 3})
    report = apply_with(
        adapter,
        sample_desired(),
        PlanOptions(),
        ApplyOptions(run_migrations=True),
        FailingMigrations(),
    )
    assert _writes(adapter) == [("coll_mod", COLLECTION, "warn")]
    assert report.stopped is not None and "3 orphans" in report.stopped
    assert [a.kind for a in report.applied] == ["stage_validation"]


def test_a_server_error_while_migrating_fails_at_the_run_migrations_action() -> None:
    adapter = RecordingAdapter([with_ledger(old_validator())], violations={COLLECTION: 3})
    error = ServerError("update failed on noema.userSessions")
    report = apply_with(
        adapter,
        sample_desired(),
        PlanOptions(),
        ApplyOptions(run_migrations=True),
        FailingMigrations(error=error),
    )
    assert report.failed is not None and report.failed.kind == "run_migrations"
    assert report.error is not None and "update failed" in report.error
    assert [a.kind for a in report.not_applied] == ["tighten_validation"]


def test_a_saved_staged_plan_no_longer_holds_once_the_migration_ran() -> None:
    from noema_codegen.apply.errors import BadInput

    source = FakeMigrations()
    before = with_ledger(old_validator())
    before["ledger"] = []
    saved = loads_saved_plan(
        dumps_plan(plan_of_snapshot(before, sample_desired(), PlanOptions(), source)), "plan.json"
    )
    after = copy.deepcopy(before)
    after["ledger"] = [{"_id": MIGRATION, "checksum": "ab" * 32, "finishedAt": "now"}]
    current = plan_of_snapshot(after, sample_desired(), PlanOptions(), source)
    with pytest.raises(BadInput, match="noema_migrations: migrations ran since the plan"):
        check_still_holds(saved, current)
