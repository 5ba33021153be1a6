"""Render a ``Plan`` as human-readable text or as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_never

from bson import json_util

from noema_codegen.apply.actions import (
    Action,
    CreateCollection,
    CreateIndex,
    DropIndex,
    HideIndex,
    ModifyIndex,
    ModifyValidation,
    Plan,
    RebuildIndex,
    RunMigrations,
    StageValidation,
    TightenValidation,
)
from noema_codegen.apply.plan_json import dumps_plan


def _compact(value: Any) -> str:
    return json_util.dumps(value, json_options=json_util.RELAXED_JSON_OPTIONS, sort_keys=False)


def _index_summary(spec: Mapping[str, Any]) -> str:
    extras = {k: v for k, v in spec.items() if k not in ("key", "name", "v", "ns")}
    text = _compact(spec.get("key", {}))
    if extras:
        text += " " + _compact(extras)
    return text


def describe(action: Action) -> list[str]:
    """Lines describing one action (first line is the headline)."""
    match action:
        case CreateCollection(collection=name, options=opts):
            schema = opts.get("validator", {}).get("$jsonSchema", {})
            n_props = len(schema.get("properties", {})) if isinstance(schema, Mapping) else 0
            head = (
                f"+ create collection {name} (validator: {n_props} properties, "
                f"validationLevel={opts.get('validationLevel')}, "
                f"validationAction={opts.get('validationAction')})"
            )
            return [head]
        case ModifyValidation():
            lines = [f"~ update validation of {action.collection} (collMod)"]
            if action.level is not None:
                lines.append(f"    validationLevel: {action.level.old} -> {action.level.new}")
            if action.action is not None:
                lines.append(f"    validationAction: {action.action.old} -> {action.action.new}")
            lines.extend("    validator " + _change_text(c) for c in action.validator_changes)
            return lines
        case StageValidation():
            names = ", ".join(action.migrations)
            head = (
                f"~ stage validation of {action.collection} (collMod): new validator with "
                f"validationAction warn until pending migrations {names} ran"
            )
            lines = [head]
            lines.extend("    validator " + _change_text(c) for c in action.validator_changes)
            return lines
        case RunMigrations():
            names = ", ".join(action.migrations)
            head = (
                f"> run migrations {names} (touch {action.collection}; "
                "apply-validators --run-migrations, or `noema-codegen migrate`)"
            )
            return [head]
        case TightenValidation():
            head = (
                f"~ tighten validation of {action.collection} (collMod): validationAction "
                f"{action.options.get('validationAction')} once no stored document fails "
                "the validator"
            )
            return [head]
        case CreateIndex():
            return [f"+ create index {action.target} {_index_summary(action.spec)}"]
        case RebuildIndex():
            changed = ", ".join(action.differences)
            return [
                f"-/+ rebuild index {action.target} (changed: {changed}): drop, then create",
                f"    window: {action.window}",
                f"    live:    {_index_summary(action.live)}",
                f"    desired: {_index_summary(action.spec)}",
            ]
        case ModifyIndex():
            steps = ", then ".join(_compact(step) for step in action.steps)
            changed = ", ".join(action.differences)
            return [
                f"~ modify index {action.target} in place (changed: {changed}): collMod {steps}"
            ]
        case HideIndex():
            return [f"~ hide index {action.target} (owned, no longer in the schemas)"]
        case DropIndex():
            return [f"- drop index {action.target} (owned, no longer in the schemas)"]
        case _:
            assert_never(action)


def _change_text(change: Mapping[str, Any]) -> str:
    op, path = change["op"], change["path"]
    if op == "add":
        return f"+ {path}: {_compact(change['new'])}"
    if op == "remove":
        return f"- {path}: {_compact(change['old'])}"
    return f"~ {path}: {_compact(change['old'])} -> {_compact(change['new'])}"


_SUMMARY: tuple[tuple[type[Action], str], ...] = (
    (CreateCollection, "collection(s) to create"),
    (ModifyValidation, "validation change(s)"),
    (StageValidation, "validator(s) staged with warn"),
    (RunMigrations, "migration run(s)"),
    (TightenValidation, "validator(s) to tighten"),
    (CreateIndex, "index(es) to create"),
    (RebuildIndex, "index(es) to rebuild"),
    (ModifyIndex, "index(es) to modify in place"),
    (HideIndex, "index(es) to hide"),
    (DropIndex, "index(es) to drop"),
)


def summary(plan: Plan) -> str:
    """E.g. ``7 collection(s) to create, 16 index(es) to create``."""
    counts = [(sum(1 for a in plan.actions if type(a) is kind), label) for kind, label in _SUMMARY]
    return ", ".join(f"{count} {label}" for count, label in counts if count)


def render_text(plan: Plan) -> str:
    lines = [f"Plan for database {plan.database}:"]
    if plan.in_sync:
        lines.append("  in sync: nothing to do.")
    for action in plan.actions:
        lines.extend("  " + line for line in describe(action))
    for blocker in plan.blockers:
        lines.append(f"  ! blocked: {blocker.collection}: {blocker.message}")
    for note in plan.notes:
        lines.append(f"  note: {note.collection}: {note.message}")
    if plan.actions:
        lines.append(f"{len(plan.actions)} change(s) pending: {summary(plan)}.")
    return "\n".join(lines) + "\n"


def render_json(plan: Plan) -> str:
    """The plan as the versioned JSON document of ``plan_json`` (see docs/plan.schema.json)."""
    return dumps_plan(plan)
