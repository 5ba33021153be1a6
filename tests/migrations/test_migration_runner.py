"""The runner's batches, ledger, resume, checksum refusal and dry run, with a recording fake."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from migration_fakes import Interrupted, RecordingStore

from noema_codegen.migrations.format import Migration, parse_migration
from noema_codegen.migrations.runner import (
    ChecksumMismatch,
    MigrationProblem,
    batch_filter,
    counting,
    dry_run,
    pending,
    read_count,
    run,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)

REQUIRED_STEP = {
    "collection": "events",
    "change": "now-required",
    "path": "eventData",
    "filter": {"eventData": {"$exists": False}},
    "update": {"$set": {"eventData": {}}},
}
CONVERT_STEP = {
    "collection": "events",
    "change": "type-changed",
    "path": "at",
    "filter": {"at": {"$exists": True, "$not": {"$type": "date"}}},
    "update": [{"$set": {"at": {"$convert": {"input": "$at", "to": "date", "onError": "$at"}}}}],
}


def _migration(name: str, *steps: dict[str, Any]) -> Migration:
    data = json.dumps({"steps": list(steps)}).encode()
    return parse_migration(name, f"migrations/{name}.json", data)


def _events(n: int) -> RecordingStore:
    docs = [{"_id": i, "at": f"2025-01-{(i % 28) + 1:02d}T00:00:00"} for i in range(1, n + 1)]
    return RecordingStore({"events": docs})


def _updates(store: RecordingStore) -> list[Any]:
    return [arg for call, arg in store.calls if call == "update_many"]


def test_batches_cover_every_document_once_and_the_ledger_records_them() -> None:
    store = _events(10)
    migration = _migration("0001_event_data", REQUIRED_STEP)
    [report] = run([migration], store, lambda: NOW, batch=4)
    assert (report.status, report.steps[0].matched, report.steps[0].modified) == ("applied", 10, 10)
    assert report.steps[0].remaining == 0
    assert all(doc["eventData"] == {} for doc in store.collections["events"].values())
    # batches (..4], (4..8], (8..): bounds are the 4th and 8th matching _id
    assert [u[1] for u in _updates(store)] == [
        batch_filter(REQUIRED_STEP["filter"], None, (4,)),
        batch_filter(REQUIRED_STEP["filter"], (4,), (8,)),
        batch_filter(REQUIRED_STEP["filter"], (8,), None),
    ]
    entry = store.entries["0001_event_data"]
    assert entry["checksum"] == migration.checksum
    assert entry["finishedAt"] == NOW
    assert entry["steps"][0] == {
        "matched": 10,
        "modified": 10,
        "hasBound": True,
        "lastBound": 8,
        "done": True,
    }


def test_an_interrupted_run_resumes_after_the_last_recorded_batch() -> None:
    store = _events(10)
    migration = _migration("0001_event_data", REQUIRED_STEP)
    store.fail_after_updates = 2
    with pytest.raises(Interrupted):
        run([migration], store, lambda: NOW, batch=3)
    assert store.entries["0001_event_data"]["steps"][0]["lastBound"] == 6
    assert store.entries["0001_event_data"]["finishedAt"] is None
    first = len(_updates(store))
    store.fail_after_updates = None
    [report] = run([migration], store, lambda: NOW, batch=3)
    resumed = _updates(store)[first:]
    assert report.status == "resumed"
    assert resumed[0][1] == batch_filter(REQUIRED_STEP["filter"], (6,), (9,))  # no batch redone
    assert report.steps[0].matched == 10  # counts carried over from the ledger
    assert store.calls.count(("begin", "0001_event_data")) == 1


def test_a_finished_migration_is_not_run_again() -> None:
    store = _events(3)
    migration = _migration("0001_event_data", REQUIRED_STEP)
    run([migration], store, lambda: NOW)
    before = len(_updates(store))
    assert run([migration], store, lambda: NOW) == []
    assert len(_updates(store)) == before


def test_a_file_changed_after_it_ran_is_refused() -> None:
    store = _events(3)
    run([_migration("0001_event_data", REQUIRED_STEP)], store, lambda: NOW)
    edited = dict(REQUIRED_STEP, update={"$set": {"eventData": {"v": 1}}})
    with pytest.raises(ChecksumMismatch) as caught:
        run([_migration("0001_event_data", edited)], store, lambda: NOW)
    assert "migrations/0001_event_data.json" in str(caught.value)
    with pytest.raises(ChecksumMismatch):
        dry_run([_migration("0001_event_data", edited)], store)


def test_a_file_changed_after_it_started_is_refused_too() -> None:
    store = _events(10)
    store.fail_after_updates = 1
    with pytest.raises(Interrupted):
        run([_migration("0001_event_data", REQUIRED_STEP)], store, lambda: NOW, batch=3)
    store.fail_after_updates = None
    with pytest.raises(ChecksumMismatch):
        run([_migration("0001_event_data", CONVERT_STEP)], store, lambda: NOW)


def test_migrations_run_in_order_and_only_pending_ones() -> None:
    store = _events(2)
    first = _migration("0001_event_data", REQUIRED_STEP)
    second = _migration("0002_at_date", CONVERT_STEP)
    run([first], store, lambda: NOW)
    assert [m.name for m in pending([first, second], store.ledger())] == ["0002_at_date"]
    reports = run([first, second], store, lambda: NOW)
    assert [r.name for r in reports] == ["0002_at_date"]
    assert all(isinstance(d["at"], datetime) for d in store.collections["events"].values())


def test_values_convert_cannot_convert_are_kept_and_reported_as_remaining() -> None:
    store = RecordingStore({"events": [{"_id": 1, "at": "2025-01-01"}, {"_id": 2, "at": "soon"}]})
    [report] = run([_migration("0001_at_date", CONVERT_STEP)], store, lambda: NOW)
    assert store.collections["events"][2]["at"] == "soon"
    assert (report.steps[0].modified, report.steps[0].remaining) == (1, 1)


def test_dry_run_counts_on_the_server_and_changes_nothing() -> None:
    store = _events(5)
    store.collections["events"][1]["eventData"] = {}
    [report] = dry_run([_migration("0001_event_data", REQUIRED_STEP)], store)
    assert (report.status, report.steps[0].matched) == ("dry run", 4)
    assert {call for call, _ in store.calls} == {"ledger", "count"}


def test_orphans_stop_the_migration_at_that_step() -> None:
    store = _events(2)
    store.orphans = 3
    orphan_step = {"collection": "events", "change": "new-reference", "path": "ownerId",
                   "orphans": [{"$match": {}}]}  # fmt: skip
    migration = _migration("0001_owner_ref", orphan_step, REQUIRED_STEP)
    with pytest.raises(MigrationProblem) as caught:
        run([migration], store, lambda: NOW)
    assert "3 document(s)" in str(caught.value)
    assert _updates(store) == []
    store.orphans = 0
    [report] = run([migration], store, lambda: NOW)
    assert report.steps[1].matched == 2


def test_counting_pipelines_of_both_shapes() -> None:
    facet = [{"$match": {}}, {"$facet": {"count": [{"$count": "n"}], "sample": []}}]
    assert counting(facet) == facet
    assert counting([{"$match": {}}]) == [{"$match": {}}, {"$count": "n"}]
    assert read_count([{"count": [{"n": 7}], "sample": []}]) == 7
    assert read_count([{"n": 4}]) == 4
    assert read_count([]) == 0
