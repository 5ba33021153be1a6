"""``plan --format json``: a versioned document (docs/plan.schema.json) where no field of an
action's server payload overwrites what the action is (issue 10 item 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from apply_sample import sample_desired
from click.testing import CliRunner

from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.live import live_state
from noema_codegen.apply.plan_json import plan_document
from noema_codegen.apply.plan_schema import PLAN_SCHEMA
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.render import render_json
from noema_codegen.apply.service import plan_of_snapshot
from noema_codegen.apply.snapshot import read_snapshot
from noema_codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def drifted() -> dict[str, Any]:
    """The 7.0 fixture with every kind of change the planner makes from it."""
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    core = snap["collections"][0]
    assert core["name"] == "userCore"
    core["options"]["validationAction"] = "warn"
    sessions = snap["indexes"]["userSessions"]
    by_name = {i["name"]: i for i in sessions}
    del by_name["noema_session_id"]["unique"]  # -> modify_index (prepareUnique, unique)
    by_name["noema_account_active"]["partialFilterExpression"] = {"isActive": {"$exists": True}}
    by_name["noema_end_time_ttl"]["hidden"] = True  # -> modify_index (hidden)
    sessions.remove(by_name["noema_platform_ci"])  # -> create_index
    sessions.append({"v": 2, "key": {"old": 1}, "name": "noema_old"})  # -> drop_index
    snap["collections"] = [c for c in snap["collections"] if c["name"] != "userSessions"] + [
        c for c in snap["collections"] if c["name"] == "userSessions"
    ]
    return snap


def drifted_document() -> dict[str, Any]:
    options = PlanOptions(prune="drop", server_version="7.0.12")
    result = plan_of_snapshot(drifted(), sample_desired(), options)
    loaded: dict[str, Any] = json.loads(render_json(result))
    return loaded


def test_modify_validation_keeps_its_kind_under_action() -> None:
    # before: the payload's "action" ([old, new] of validationAction) replaced the kind
    actions = drifted_document()["actions"]
    modify = next(a for a in actions if a["collection"] == "userCore")
    assert modify["action"] == "modify_validation"
    assert modify["validation_action"] == {"from": "warn", "to": "error"}
    assert modify["validation_level"] is None


def test_modify_index_keeps_the_index_name_under_index() -> None:
    # before: the payload's "index" (the collMod document) replaced the index name
    actions = drifted_document()["actions"]
    ttl = next(a for a in actions if a.get("index") == "noema_end_time_ttl")
    assert ttl["action"] == "modify_index"
    assert ttl["steps"] == [{"name": "noema_end_time_ttl", "hidden": False}]
    unique = next(a for a in actions if a.get("index") == "noema_session_id")
    assert unique["steps"] == [
        {"name": "noema_session_id", "prepareUnique": True},
        {"name": "noema_session_id", "unique": True},
    ]
    assert unique["checks"] == ["duplicates"]


def test_every_kind_validates_against_the_published_schema() -> None:
    document = drifted_document()
    assert {a["action"] for a in document["actions"]} == {
        "modify_validation",
        "modify_index",
        "rebuild_index",
        "create_index",
        "drop_index",
    }
    VALIDATOR.validate(document)
    assert document["format"] == "noema-plan" and document["version"] == 1
    assert document["inputs"]["server_version"] == "7.0.12"
    assert document["inputs"]["options"]["prune_indexes"] == "drop"


def test_create_and_hide_and_overrides_validate_too() -> None:
    empty = {"database": "noema", "collections": [], "indexes": {}}
    created = plan_of_snapshot(empty, sample_desired(), PlanOptions())
    VALIDATOR.validate(json.loads(render_json(created)))
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    snap["indexes"]["userSessions"].append({"v": 2, "key": {"x": 1}, "name": "noema_x"})
    options = PlanOptions(prune="hide", overrides=Overrides("moderate", "warn"))
    hidden = json.loads(render_json(plan_of_snapshot(snap, sample_desired(), options)))
    VALIDATOR.validate(hidden)
    assert "hide_index" in {a["action"] for a in hidden["actions"]}


def test_a_plan_without_inputs_validates_with_null_inputs() -> None:
    result = plan(sample_desired(), live_state(read_snapshot(FIXTURES / "mongodb-6.0.json")))
    document = json.loads(render_json(result))
    assert document["inputs"] is None and document["in_sync"] is True
    VALIDATOR.validate(document)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda a: a.update(action=["warn", "error"]),
        lambda a: a.update(index={"name": "noema_end_time_ttl", "hidden": False}),
        lambda a: a.update(extra=1),
        lambda a: a.pop("checks"),
    ],
)
def test_the_schema_rejects_the_old_overwritten_shapes(mutate: Any) -> None:
    document = drifted_document()
    action = next(a for a in document["actions"] if a["action"] == "modify_index")
    mutate(action)
    assert not VALIDATOR.is_valid(document)


def test_published_schema_file_is_the_one_the_code_checks_with() -> None:
    assert SCHEMA == PLAN_SCHEMA
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_plan_command_json_output_validates() -> None:
    result = CliRunner().invoke(
        main,
        [
            "plan",
            "--from-snapshot",
            str(FIXTURES / "snapshot-empty.json"),
            "--schemas",
            str(ROOT / "schemas"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    VALIDATOR.validate(document)
    assert document["inputs"]["server_version"] is None  # the snapshot records none
    assert [a["action"] for a in document["actions"]][:2] == ["create_collection", "create_index"]


def test_plan_document_has_the_plans_fields() -> None:
    result = plan_of_snapshot(drifted(), sample_desired(), PlanOptions(server_version="7.0.12"))
    document = plan_document(result)
    assert document["database"] == "noema"
    assert document["in_sync"] is False
    assert len(document["actions"]) == len(result.actions)
