"""Round trips of an apply (issue 14 item 4): one createIndexes per collection, one read-back.

Counted with the recording fake adapter (``apply_fakes``) on the project's own schemas; the
in-sync state is ``apply_server_shape.server_snapshot`` (the reply shapes of a server where
everything was applied, see fixtures/README.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from apply_fakes import RecordingAdapter
from apply_server_shape import server_snapshot

from noema_codegen.apply.desired import load_desired
from noema_codegen.apply.errors import ServerError
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.report import render_report
from noema_codegen.apply.service import apply_with

ROOT = Path(__file__).resolve().parents[2]
EMPTY = {"database": "noema", "collections": [], "indexes": {}}


def test_an_empty_database_takes_one_create_indexes_per_collection() -> None:
    desired = load_desired(ROOT / "schemas")
    adapter = RecordingAdapter([EMPTY, server_snapshot(desired)])
    report = apply_with(adapter, desired, PlanOptions(), ApplyOptions())
    assert report.ok, (report.error, report.refusals)
    calls = Counter(c[0] for c in adapter.calls)
    with_indexes = [d for d in desired if d.indexes]
    assert calls["create_indexes"] == len(with_indexes)
    assert calls["create_collection"] == len(desired)
    sent = {c[1]: c[2] for c in adapter.calls if c[0] == "create_indexes"}
    assert sent == {d.name: [s["name"] for s in d.indexes] for d in with_indexes}
    # read: one listCollections to plan, one to verify; listIndexes only for what exists
    assert calls["list_collections"] == 2
    assert calls["list_indexes"] == len(desired)


def test_a_failed_batch_names_the_index_from_the_server_error() -> None:
    desired = load_desired(ROOT / "schemas")
    target = next(d for d in desired if len(d.indexes) >= 2)
    failing = str(target.indexes[1]["name"])
    # the shape of an index build failure: the server names the index whose build failed
    error = ServerError(
        f"createIndexes on noema.{target.name} failed (code 11000): Index build failed: "
        f"E11000 duplicate key error collection: noema.{target.name} index: {failing} dup key",
        code=11000,
    )
    adapter = RecordingAdapter([EMPTY], fail_on={("create_indexes", target.name): error})
    report = apply_with(adapter, desired, PlanOptions(), ApplyOptions())
    assert report.failed is not None and report.failed.target == f"{target.name}.{failing}"
    others = {f"{target.name}.{s['name']}" for s in target.indexes if s["name"] != failing}
    assert {a.target for a in report.failed_with} == others
    assert others <= {a.target for a in report.not_applied}
    assert "built together, so none was created" in render_report(report)


def test_an_in_sync_database_is_read_once_and_not_read_back() -> None:
    """Nothing to apply: the plan's own read is the state, so no verification re-read."""
    desired = load_desired(ROOT / "schemas")
    adapter = RecordingAdapter([server_snapshot(desired)])
    report = apply_with(adapter, desired, PlanOptions(), ApplyOptions())
    assert report.ok and not report.plan.actions and report.verification is None
    calls = Counter(c[0] for c in adapter.calls)
    assert calls["list_collections"] == 1
    assert calls["list_indexes"] == len(desired)
    assert not {"create_indexes", "create_collection", "coll_mod"} & set(calls)
