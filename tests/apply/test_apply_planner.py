"""Planner tests: pure, no server. Desired state from ``apply_sample``; live from fixtures."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from apply_sample import CORE_INDEXES, SESSIONS_INDEXES, SESSIONS_SCHEMA, options, sample_desired
from bson import Int64

from noema_codegen.apply.actions import (
    CHECK_DUPLICATES,
    CHECK_VIOLATIONS,
    Change,
    CreateCollection,
    CreateIndex,
    DropIndex,
    HideIndex,
    ModifyIndex,
    ModifyValidation,
    RebuildIndex,
)
from noema_codegen.apply.desired import DesiredCollection, Overrides
from noema_codegen.apply.live import live_state
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.snapshot import read_snapshot

FIXTURES = Path(__file__).parent / "fixtures"
CREATE_COLLECTION = CreateCollection.kind
CREATE_INDEX = CreateIndex.kind
DROP_INDEX = DropIndex.kind
HIDE_INDEX = HideIndex.kind
MODIFY_INDEX = ModifyIndex.kind
MODIFY_VALIDATION = ModifyValidation.kind
REBUILD_INDEX = RebuildIndex.kind
VERSIONS = ("6.0", "7.0", "8.0")


def fixture(version: str) -> dict[str, Any]:
    return read_snapshot(FIXTURES / f"mongodb-{version}.json")


def kinds(result: Any) -> list[tuple[str, str]]:
    return [(a.kind, a.target) for a in result.actions]


def sessions_indexes(snap: dict[str, Any]) -> list[dict[str, Any]]:
    indexes: list[dict[str, Any]] = snap["indexes"]["userSessions"]
    return indexes


def by_name(indexes: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(i for i in indexes if i["name"] == name)


def test_empty_database_creates_every_collection_then_its_indexes() -> None:
    result = plan(
        sample_desired(), live_state({"database": "noema", "collections": [], "indexes": {}})
    )
    assert kinds(result) == [
        (CREATE_COLLECTION, "userCore"),
        (CREATE_INDEX, "userCore.noema_platform_identities"),
        (CREATE_INDEX, "userCore.noema_wallet_address"),
        (CREATE_COLLECTION, "userSessions"),
        (CREATE_INDEX, "userSessions.noema_session_id"),
        (CREATE_INDEX, "userSessions.noema_account_active"),
        (CREATE_INDEX, "userSessions.noema_end_time_ttl"),
        (CREATE_INDEX, "userSessions.noema_platform_ci"),
    ]
    assert result.actions[0].options == options(
        sample_desired()[0].options["validator"]["$jsonSchema"]
    )
    # a new collection is empty: no data checks are needed
    assert all(not a.checks for a in result.actions)
    assert not result.in_sync


@pytest.mark.parametrize("version", VERSIONS)
def test_realistic_replies_of_each_server_version_plan_to_nothing(version: str) -> None:
    result = plan(sample_desired(), live_state(fixture(version)))
    assert result.actions == ()
    assert result.blockers == ()
    assert result.in_sync


@pytest.mark.parametrize("version", VERSIONS)
def test_foreign_objects_in_fixtures_are_noted_and_left_alone(version: str) -> None:
    result = plan(sample_desired(), live_state(fixture(version)), PlanOptions(prune="drop"))
    assert result.actions == ()
    notes = " ".join(n.message for n in result.notes)
    foreign = {
        "6.0": "platform_1_startTime_-1",
        "7.0": "lastSeenPlatform_1",
        "8.0": "userAgent_text",
    }
    assert f"index {foreign[version]} is not owned" in notes
    assert "_id_" not in notes


def test_view_and_system_collections_are_not_planned() -> None:
    result = plan(sample_desired(), live_state(fixture("8.0")))
    noted = {n.collection for n in result.notes}
    assert "activeSessions" in noted  # a view not in the schemas: noted, never dropped
    assert "system.views" not in noted


def test_desired_collection_that_exists_as_a_view_is_a_blocker() -> None:
    desired = (DesiredCollection("activeSessions", options(SESSIONS_SCHEMA)),)
    result = plan(desired, live_state(fixture("8.0")))
    assert result.actions == ()
    assert "exists as a view" in result.blockers[0].message
    assert not result.in_sync


def test_changed_validator_is_a_collmod_with_a_readable_diff_and_a_violation_check() -> None:
    snap = fixture("7.0")
    schema = snap["collections"][1]["options"]["validator"]["$jsonSchema"]
    assert snap["collections"][1]["name"] == "userSessions"
    schema["required"].remove("isActive")
    del schema["properties"]["endTime"]
    schema["properties"]["platform"]["enum"].append("sms")
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(MODIFY_VALIDATION, "userSessions")]
    action = result.actions[0]
    assert isinstance(action, ModifyValidation)
    assert action.checks == (CHECK_VIOLATIONS,)
    assert action.options == options(SESSIONS_SCHEMA)
    changes = action.validator_changes
    assert {"op": "add", "path": "/$jsonSchema/required/-", "new": "isActive"} in changes
    assert {
        "op": "add",
        "path": "/$jsonSchema/properties/endTime",
        "new": {"bsonType": "date"},
    } in changes
    assert {
        "op": "remove",
        "path": "/$jsonSchema/properties/platform/enum/-",
        "old": "sms",
    } in changes
    assert action.level is None and action.action is None


@pytest.mark.parametrize(
    ("field", "live_value", "expected"),
    [
        ("validationLevel", "moderate", ("level", ["moderate", "strict"])),
        ("validationAction", "warn", ("action", ["warn", "error"])),
    ],
)
def test_changed_level_or_action_only(
    field: str, live_value: str, expected: tuple[str, list[str]]
) -> None:
    snap = fixture("7.0")
    snap["collections"][0]["options"][field] = live_value
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(MODIFY_VALIDATION, "userCore")]
    action = result.actions[0]
    assert isinstance(action, ModifyValidation)
    assert getattr(action, expected[0]) == Change(*expected[1])
    assert action.validator_changes == ()


def test_staged_rollout_overrides_change_the_desired_level_and_action() -> None:
    overrides = Overrides(validation_level="moderate", validation_action="warn")
    result = plan(sample_desired(), live_state(fixture("7.0")), PlanOptions(overrides=overrides))
    assert kinds(result) == [(MODIFY_VALIDATION, "userCore"), (MODIFY_VALIDATION, "userSessions")]
    for action in result.actions:
        assert isinstance(action, ModifyValidation)
        assert action.options["validationLevel"] == "moderate"
        assert action.options["validationAction"] == "warn"


def test_missing_unique_index_is_created_with_a_duplicate_check() -> None:
    snap = fixture("6.0")
    snap["indexes"]["userSessions"] = [
        i for i in sessions_indexes(snap) if i["name"] != "noema_session_id"
    ]
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(CREATE_INDEX, "userSessions.noema_session_id")]
    assert result.actions[0].checks == (CHECK_DUPLICATES,)
    action = result.actions[0]
    assert isinstance(action, CreateIndex) and action.spec == SESSIONS_INDEXES[0]


def test_unique_on_a_server_of_unknown_version_rebuilds_the_index() -> None:
    snap = fixture("7.0")
    del by_name(sessions_indexes(snap), "noema_session_id")["unique"]
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(REBUILD_INDEX, "userSessions.noema_session_id")]
    action = result.actions[0]
    assert isinstance(action, RebuildIndex)
    assert action.differences == ("unique",)
    assert action.checks == (CHECK_DUPLICATES,)
    assert action.live["name"] == "noema_session_id"


def test_partial_filter_change_rebuilds_the_index() -> None:
    snap = fixture("8.0")
    by_name(sessions_indexes(snap), "noema_account_active")["partialFilterExpression"] = {
        "isActive": {"$exists": True}
    }
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(REBUILD_INDEX, "userSessions.noema_account_active")]
    assert result.actions[0].differences == ("partialFilterExpression",)  # type: ignore[union-attr]
    assert result.actions[0].checks == ()


def test_key_order_is_significant_in_index_keys() -> None:
    snap = fixture("7.0")
    by_name(sessions_indexes(snap), "noema_account_active")["key"] = {
        "isActive": -1,
        "masterAccountId": 1,
    }
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(REBUILD_INDEX, "userSessions.noema_account_active")]
    assert result.actions[0].differences == ("key",)  # type: ignore[union-attr]


def test_collation_compared_on_the_fields_the_spec_sets() -> None:
    snap = fixture("7.0")
    by_name(sessions_indexes(snap), "noema_platform_ci")["collation"]["strength"] = 3
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(REBUILD_INDEX, "userSessions.noema_platform_ci")]
    assert result.actions[0].differences == ("collation",)  # type: ignore[union-attr]


def test_ttl_change_and_unhide_are_collmod_not_rebuild() -> None:
    snap = fixture("7.0")
    indexes = sessions_indexes(snap)
    by_name(indexes, "noema_end_time_ttl")["expireAfterSeconds"] = Int64(3600)
    by_name(indexes, "noema_account_active")["hidden"] = True
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [
        (MODIFY_INDEX, "userSessions.noema_account_active"),
        (MODIFY_INDEX, "userSessions.noema_end_time_ttl"),
    ]
    assert result.actions[0].steps == (  # type: ignore[union-attr]
        {"name": "noema_account_active", "hidden": False},
    )
    assert result.actions[1].steps == (  # type: ignore[union-attr]
        {"name": "noema_end_time_ttl", "expireAfterSeconds": 2592000},
    )


def test_ttl_added_to_a_plain_index_on_a_server_of_unknown_version_is_a_rebuild() -> None:
    snap = fixture("7.0")
    del by_name(sessions_indexes(snap), "noema_end_time_ttl")["expireAfterSeconds"]
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(REBUILD_INDEX, "userSessions.noema_end_time_ttl")]


def _with_obsolete_owned_index(hidden: bool = False) -> dict[str, Any]:
    snap = fixture("7.0")
    extra: dict[str, Any] = {"v": 2, "key": {"startTime": 1}, "name": "noema_old_start_time"}
    if hidden:
        extra["hidden"] = True
    sessions_indexes(snap).append(extra)
    return snap


def test_removed_owned_index_is_only_noted_without_prune() -> None:
    result = plan(sample_desired(), live_state(_with_obsolete_owned_index()))
    assert result.actions == ()
    assert any(
        "noema_old_start_time is no longer in the schemas" in n.message for n in result.notes
    )


def test_removed_owned_index_is_dropped_with_prune_drop_before_creates() -> None:
    snap = _with_obsolete_owned_index()
    snap["indexes"]["userSessions"] = [
        i for i in sessions_indexes(snap) if i["name"] != "noema_session_id"
    ]
    result = plan(sample_desired(), live_state(snap), PlanOptions(prune="drop"))
    assert kinds(result) == [
        (DROP_INDEX, "userSessions.noema_old_start_time"),
        (CREATE_INDEX, "userSessions.noema_session_id"),
    ]


def test_prune_hide_hides_then_is_a_no_op_once_hidden() -> None:
    first = plan(
        sample_desired(), live_state(_with_obsolete_owned_index()), PlanOptions(prune="hide")
    )
    assert kinds(first) == [(HIDE_INDEX, "userSessions.noema_old_start_time")]
    second = plan(
        sample_desired(),
        live_state(_with_obsolete_owned_index(hidden=True)),
        PlanOptions(prune="hide"),
    )
    assert second.actions == ()
    assert any("is hidden" in n.message for n in second.notes)


def test_foreign_index_is_never_dropped_even_with_prune() -> None:
    result = plan(sample_desired(), live_state(fixture("6.0")), PlanOptions(prune="drop"))
    assert all(a.index_name != "platform_1_startTime_-1" for a in result.actions)
    assert result.actions == ()


def test_foreign_index_with_the_same_keys_blocks_the_create() -> None:
    snap = fixture("7.0")
    entry = by_name(sessions_indexes(snap), "noema_session_id")
    entry["name"] = "sessionId_1"  # another team created it first under its own name
    result = plan(sample_desired(), live_state(snap), PlanOptions(prune="drop"))
    assert result.actions == ()
    assert "index sessionId_1 already has the same key pattern" in result.blockers[0].message
    assert "not owned" in result.blockers[0].message


def test_renamed_owned_index_replaces_the_old_one_only_with_prune_drop() -> None:
    desired = list(sample_desired())
    specs = copy.deepcopy(list(CORE_INDEXES))
    specs[1]["name"] = "noema_wallet_address_v2"
    desired[0] = DesiredCollection("userCore", desired[0].options, tuple(specs))
    blocked = plan(desired, live_state(fixture("7.0")))
    assert blocked.actions == () and "--prune-indexes drop" in blocked.blockers[0].message
    pruned = plan(desired, live_state(fixture("7.0")), PlanOptions(prune="drop"))
    assert kinds(pruned) == [
        (DROP_INDEX, "userCore.noema_wallet_address"),
        (CREATE_INDEX, "userCore.noema_wallet_address_v2"),
    ]


def test_collection_without_validator_gets_one() -> None:
    snap = fixture("6.0")
    snap["collections"] = [c for c in snap["collections"] if c["name"] != "userCore"]
    snap["collections"].append({"name": "userCore", "type": "collection", "options": {}})
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(MODIFY_VALIDATION, "userCore")]
    assert result.actions[0].validator_changes[0]["op"] == "add"  # type: ignore[union-attr]


def test_rebuild_onto_a_key_pattern_taken_by_another_index_is_a_blocker() -> None:
    snap = fixture("7.0")
    indexes = sessions_indexes(snap)
    by_name(indexes, "noema_session_id")["key"] = {
        "sessionId": -1
    }  # will be rebuilt as {sessionId: 1}
    indexes.append({"v": 2, "key": {"sessionId": 1}, "name": "sessionId_1", "unique": True})
    result = plan(sample_desired(), live_state(snap))
    assert result.actions == ()
    assert "sessionId_1 already has the same key pattern" in result.blockers[0].message


def test_same_keys_but_different_unique_is_not_a_clash() -> None:
    """Since 5.0 unique/sparse are part of the index signature: both indexes may coexist."""
    snap = fixture("7.0")
    indexes = sessions_indexes(snap)
    indexes.remove(by_name(indexes, "noema_session_id"))
    indexes.append({"v": 2, "key": {"sessionId": 1}, "name": "sessionId_1"})  # not unique
    result = plan(sample_desired(), live_state(snap))
    assert kinds(result) == [(CREATE_INDEX, "userSessions.noema_session_id")]
    assert result.blockers == ()
