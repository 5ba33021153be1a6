"""The plan as a versioned JSON document: ``{"format": "noema-plan", "version": 1, ...}``.

Every action is ``{"action": kind, "collection": name, ...}`` plus ``"index"`` (the index
name) for index actions and the fields of its kind under their own names, so nothing a
command sends can overwrite what the action is (docs/plan.schema.json is the contract; a test
validates real output against it). BSON values inside validators and index specs are relaxed
Extended JSON (``{"$date": ...}``, ``{"$numberDecimal": ...}``).

The staged roll-out kinds (``stage_validation``, ``run_migrations``, ``tighten_validation``)
were added to version 1 compatibly: every plan written before them is still valid.
"""

from __future__ import annotations

from typing import Any, assert_never

from bson import json_util

from noema_codegen.apply.actions import (
    Action,
    Change,
    CreateCollection,
    CreateIndex,
    DropIndex,
    Finding,
    HideIndex,
    ModifyIndex,
    ModifyValidation,
    Plan,
    PlanInputs,
    RebuildIndex,
    RunMigrations,
    StageValidation,
    TightenValidation,
)

FORMAT = "noema-plan"
VERSION = 1


def _change(change: Change | None) -> dict[str, str] | None:
    return None if change is None else {"from": change.old, "to": change.new}


def action_json(action: Action) -> dict[str, Any]:
    """One action as JSON (see the module docstring)."""
    out: dict[str, Any] = {"action": action.kind, "collection": action.collection}
    match action:
        case CreateCollection():
            out["options"] = dict(action.options)
        case ModifyValidation():
            out["options"] = dict(action.options)
            out["validator_changes"] = [dict(c) for c in action.validator_changes]
            out["validation_level"] = _change(action.level)
            out["validation_action"] = _change(action.action)
        case StageValidation():
            out["options"] = dict(action.options)
            out["validator_changes"] = [dict(c) for c in action.validator_changes]
            out["migrations"] = list(action.migrations)
        case RunMigrations():
            out["migrations"] = list(action.migrations)
        case TightenValidation():
            out["options"] = dict(action.options)
        case CreateIndex():
            out["index"] = action.index_name
            out["spec"] = dict(action.spec)
        case RebuildIndex():
            out["index"] = action.index_name
            out["spec"] = dict(action.spec)
            out["live"] = dict(action.live)
            out["differences"] = list(action.differences)
            out["window"] = action.window
        case ModifyIndex():
            out["index"] = action.index_name
            out["steps"] = [dict(step) for step in action.steps]
            out["differences"] = list(action.differences)
            out["spec"] = dict(action.spec)
        case HideIndex() | DropIndex():
            out["index"] = action.index_name
        case _:
            assert_never(action)
    out["checks"] = list(action.checks)
    return out


def _finding(finding: Finding) -> dict[str, str]:
    return {"collection": finding.collection, "message": finding.message}


def inputs_json(inputs: PlanInputs) -> dict[str, Any]:
    return {
        "live_sha256": inputs.live,
        "desired_sha256": inputs.desired,
        "collections_sha256": dict(sorted(inputs.collections.items())),
        "server_version": inputs.server_version,
        "options": {
            "prune_indexes": inputs.prune,
            "validation_level": inputs.validation_level,
            "validation_action": inputs.validation_action,
            "owned_prefix": inputs.owned_prefix,
        },
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The whole plan document; ``inputs`` is ``null`` when the plan's inputs are unknown."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "database": plan.database,
        "in_sync": plan.in_sync,
        "inputs": None if plan.inputs is None else inputs_json(plan.inputs),
        "actions": [action_json(a) for a in plan.actions],
        "blockers": [_finding(b) for b in plan.blockers],
        "notes": [_finding(n) for n in plan.notes],
    }


def dumps_plan(plan: Plan) -> str:
    """The plan document as JSON (relaxed Extended JSON for BSON values), 2-space indent."""
    options = json_util.RELAXED_JSON_OPTIONS
    return json_util.dumps(plan_document(plan), json_options=options, indent=2) + "\n"
