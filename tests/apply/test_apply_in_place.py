"""The cheapest safe index change: collMod in place where the server allows it, else a rebuild
that says the window it opens (issue 10 item 3).

Live state: ``fixtures/mongodb-7.0.json`` (listIndexes reply shapes, see fixtures/README.md),
edited per test. What the server allows, and from which version, is in
``noema_codegen/apply/index_change.py`` with the jstests it comes from:
``jstests/core/ddl/collmod.js`` (expireAfterSeconds), ``collmod_convert_to_ttl.js`` (plain ->
TTL, 5.1+, single field), ``collmod_convert_index_uniqueness.js`` (prepareUnique then unique,
and forceNonUnique, 6.0+). A half-done conversion shows ``prepareUnique: true`` in listIndexes
(``jstests/core/ddl/index_prepareUnique.js``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apply_fakes import RecordingAdapter
from apply_sample import sample_desired
from bson import Int64

from noema_codegen.apply.actions import CHECK_DUPLICATES, ModifyIndex, RebuildIndex
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.index_change import (
    WINDOW_PLAIN,
    WINDOW_TTL,
    WINDOW_UNIQUE,
    parse_version,
)
from noema_codegen.apply.live import live_state
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.render import render_text
from noema_codegen.apply.service import apply_with
from noema_codegen.apply.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"


def snap_with(name: str, **changes: Any) -> dict[str, Any]:
    """The 7.0 fixture with index ``name`` of userSessions changed (``None`` deletes)."""
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    entry = next(i for i in snap["indexes"]["userSessions"] if i["name"] == name)
    for option, value in changes.items():
        if value is None:
            entry.pop(option, None)
        else:
            entry[option] = value
    return snap


def only_action(snap: dict[str, Any], version: str | None) -> Any:
    result = plan(sample_desired(), live_state(snap), PlanOptions(server_version=version))
    assert len(result.actions) == 1, result.actions
    return result.actions[0]


@pytest.mark.parametrize("version", ["6.0.0", "7.0.12", "8.0.4", None])
def test_ttl_value_change_is_in_place_on_every_version(version: str | None) -> None:
    action = only_action(snap_with("noema_end_time_ttl", expireAfterSeconds=Int64(60)), version)
    assert isinstance(action, ModifyIndex)
    assert action.steps == ({"name": "noema_end_time_ttl", "expireAfterSeconds": 2592000},)


@pytest.mark.parametrize(("version", "in_place"), [("5.1.0", True), ("7.0.12", True)])
def test_plain_single_field_index_becomes_ttl_in_place_from_5_1(
    version: str, in_place: bool
) -> None:
    action = only_action(snap_with("noema_end_time_ttl", expireAfterSeconds=None), version)
    assert isinstance(action, ModifyIndex) is in_place
    assert action.steps == ({"name": "noema_end_time_ttl", "expireAfterSeconds": 2592000},)
    assert action.checks == ()


@pytest.mark.parametrize("version", ["5.0.9", None])
def test_plain_index_becomes_ttl_by_rebuild_before_5_1_or_when_unknown(
    version: str | None,
) -> None:
    action = only_action(snap_with("noema_end_time_ttl", expireAfterSeconds=None), version)
    assert isinstance(action, RebuildIndex)
    assert action.window == WINDOW_PLAIN


def test_removing_a_ttl_is_a_rebuild_with_its_window() -> None:
    desired = list(sample_desired())
    sessions = desired[1]
    specs = [dict(s) for s in sessions.indexes]
    del specs[2]["expireAfterSeconds"]
    desired[1] = type(sessions)(sessions.name, sessions.options, tuple(specs))
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    result = plan(desired, live_state(snap), PlanOptions(server_version="8.0.0"))
    [action] = result.actions
    assert isinstance(action, RebuildIndex) and action.window == WINDOW_TTL


@pytest.mark.parametrize("version", ["6.0.0", "7.0.12", "8.0.4"])
def test_non_unique_to_unique_is_prepare_unique_then_unique_with_a_duplicate_check(
    version: str,
) -> None:
    action = only_action(snap_with("noema_session_id", unique=None), version)
    assert isinstance(action, ModifyIndex)
    assert action.steps == (
        {"name": "noema_session_id", "prepareUnique": True},
        {"name": "noema_session_id", "unique": True},
    )
    assert action.checks == (CHECK_DUPLICATES,)
    assert action.differences == ("unique",)


def test_half_done_unique_conversion_only_needs_the_second_step() -> None:
    action = only_action(snap_with("noema_session_id", unique=None, prepareUnique=True), "7.0.1")
    assert isinstance(action, ModifyIndex)
    assert action.steps == ({"name": "noema_session_id", "unique": True},)


def test_a_converted_index_keeping_prepare_unique_is_in_sync() -> None:
    snap = snap_with("noema_session_id", prepareUnique=True)
    assert plan(sample_desired(), live_state(snap), PlanOptions(server_version="7.0.1")).in_sync


@pytest.mark.parametrize("version", ["5.0.14", None])
def test_unique_conversion_before_6_0_or_unknown_is_a_rebuild_that_says_its_window(
    version: str | None,
) -> None:
    action = only_action(snap_with("noema_session_id", unique=None), version)
    assert isinstance(action, RebuildIndex)
    # the live index is not unique: no uniqueness is lost, the index is simply missing
    assert action.window == WINDOW_PLAIN


def test_unique_to_non_unique_is_force_non_unique_from_6_0_and_a_rebuild_before() -> None:
    desired = list(sample_desired())
    sessions = desired[1]
    specs = [dict(s) for s in sessions.indexes]
    del specs[0]["unique"]
    desired[1] = type(sessions)(sessions.name, sessions.options, tuple(specs))
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    [in_place] = plan(desired, live_state(snap), PlanOptions(server_version="6.0.3")).actions
    assert isinstance(in_place, ModifyIndex)
    assert in_place.steps == ({"name": "noema_session_id", "forceNonUnique": True},)
    [rebuild] = plan(desired, live_state(snap), PlanOptions(server_version="5.0.3")).actions
    assert isinstance(rebuild, RebuildIndex) and rebuild.window == WINDOW_UNIQUE
    text = render_text(plan(desired, live_state(snap)))
    assert "window: unique index rebuilt: uniqueness unenforced while it builds" in text


def test_unique_and_partial_filter_change_together_is_a_rebuild() -> None:
    snap = snap_with(
        "noema_session_id", unique=None, partialFilterExpression={"sessionId": {"$exists": True}}
    )
    action = only_action(snap, "8.0.0")
    assert isinstance(action, RebuildIndex)
    assert action.differences == ("partialFilterExpression", "unique")


def test_abandoned_prepare_unique_on_an_index_that_should_not_be_unique_is_undone() -> None:
    snap = snap_with("noema_end_time_ttl", prepareUnique=True)
    action = only_action(snap, "7.0.0")
    assert isinstance(action, ModifyIndex)
    assert action.steps == ({"name": "noema_end_time_ttl", "prepareUnique": False},)


def test_executor_sends_one_coll_mod_per_step_in_order_after_the_duplicate_check() -> None:
    adapter = RecordingAdapter(
        [snap_with("noema_session_id", unique=None), read_snapshot(FIXTURES / "mongodb-7.0.json")]
    )
    report = apply_with(
        adapter, sample_desired(), PlanOptions(server_version="7.0.12"), ApplyOptions()
    )
    assert report.ok, (report.error, report.refusals)
    assert [c[0] for c in adapter.calls if c[0] in ("aggregate", "coll_mod", "drop_index")] == [
        "aggregate",
        "coll_mod",
        "coll_mod",
    ]
    assert adapter.writes() == [
        (
            "coll_mod",
            "userSessions",
            {"index": {"name": "noema_session_id", "prepareUnique": True}},
        ),
        ("coll_mod", "userSessions", {"index": {"name": "noema_session_id", "unique": True}}),
    ]


def test_duplicates_refuse_a_unique_conversion_before_any_write() -> None:
    adapter = RecordingAdapter(
        [snap_with("noema_session_id", unique=None)],
        duplicates={
            "userSessions": [
                {"total": [{"n": 1}], "samples": [{"key": {"k0": 1}, "ids": ["a", "b"]}]}
            ]
        },
    )
    report = apply_with(
        adapter, sample_desired(), PlanOptions(server_version="7.0.12"), ApplyOptions()
    )
    assert not report.ok and report.refusals
    assert adapter.writes() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7.0.12", (7, 0)), ("8.0.0-rc1", (8, 0)), ("6.0", (6, 0)), ("unknown", None), (None, None)],
)
def test_parse_version(text: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_version(text) == expected
