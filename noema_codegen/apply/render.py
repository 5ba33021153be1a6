"""Render a ``Plan`` as human-readable text or as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bson import json_util

from noema_codegen.apply.actions import (
    CREATE_COLLECTION,
    CREATE_INDEX,
    DROP_INDEX,
    HIDE_INDEX,
    MODIFY_INDEX,
    MODIFY_VALIDATION,
    REBUILD_INDEX,
    Action,
    Plan,
)

_SYMBOL = {
    CREATE_COLLECTION: "+",
    MODIFY_VALIDATION: "~",
    DROP_INDEX: "-",
    HIDE_INDEX: "~",
    REBUILD_INDEX: "-/+",
    MODIFY_INDEX: "~",
    CREATE_INDEX: "+",
}


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
    p = action.payload
    head = f"{_SYMBOL[action.kind]} "
    if action.kind == CREATE_COLLECTION:
        opts = p["options"]
        schema = opts.get("validator", {}).get("$jsonSchema", {})
        n_props = len(schema.get("properties", {})) if isinstance(schema, Mapping) else 0
        return [
            head + f"create collection {action.collection} (validator: {n_props} properties, "
            f"validationLevel={opts.get('validationLevel')}, "
            f"validationAction={opts.get('validationAction')})"
        ]
    if action.kind == MODIFY_VALIDATION:
        lines = [head + f"update validation of {action.collection} (collMod)"]
        if p.get("level"):
            lines.append(f"    validationLevel: {p['level'][0]} -> {p['level'][1]}")
        if p.get("action"):
            lines.append(f"    validationAction: {p['action'][0]} -> {p['action'][1]}")
        for change in p.get("validator_changes", []):
            lines.append("    validator " + _change_text(change))
        return lines
    if action.kind == CREATE_INDEX:
        return [head + f"create index {action.target} {_index_summary(p['spec'])}"]
    if action.kind == REBUILD_INDEX:
        return [
            head + f"rebuild index {action.target} (changed: {', '.join(p['differences'])}): "
            "drop, then create",
            f"    live:    {_index_summary(p.get('live', {}))}",
            f"    desired: {_index_summary(p['spec'])}",
        ]
    if action.kind == MODIFY_INDEX:
        return [head + f"modify index {action.target} (collMod): {_compact(p['index'])}"]
    if action.kind == HIDE_INDEX:
        return [head + f"hide index {action.target} (owned, no longer in the schemas)"]
    return [head + f"drop index {action.target} (owned, no longer in the schemas)"]


def _change_text(change: Mapping[str, Any]) -> str:
    op, path = change["op"], change["path"]
    if op == "add":
        return f"+ {path}: {_compact(change['new'])}"
    if op == "remove":
        return f"- {path}: {_compact(change['old'])}"
    return f"~ {path}: {_compact(change['old'])} -> {_compact(change['new'])}"


_SUMMARY = (
    (CREATE_COLLECTION, "collection(s) to create"),
    (MODIFY_VALIDATION, "validation change(s)"),
    (CREATE_INDEX, "index(es) to create"),
    (REBUILD_INDEX, "index(es) to rebuild"),
    (MODIFY_INDEX, "index(es) to modify"),
    (HIDE_INDEX, "index(es) to hide"),
    (DROP_INDEX, "index(es) to drop"),
)


def summary(plan: Plan) -> str:
    """E.g. ``7 collection(s) to create, 16 index(es) to create``."""
    counts = {kind: sum(1 for a in plan.actions if a.kind == kind) for kind, _ in _SUMMARY}
    return ", ".join(f"{counts[kind]} {label}" for kind, label in _SUMMARY if counts[kind])


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
    """The plan as JSON (relaxed Extended JSON for BSON values), 2-space indent."""
    options = json_util.RELAXED_JSON_OPTIONS
    return json_util.dumps(plan.as_json(), json_options=options, indent=2) + "\n"
