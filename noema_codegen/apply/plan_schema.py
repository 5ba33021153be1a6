"""The JSON Schema (draft 2020-12) of the plan document ``plan_json`` writes, version 1.

Version 1 gained the staged roll-out kinds (``stage_validation``, ``run_migrations``,
``tighten_validation``) as additional ``oneOf`` branches: older plans stay valid.

Published as docs/plan.schema.json (a test keeps the file equal to ``PLAN_SCHEMA``); a saved
plan read by ``apply-validators --plan`` is checked against it first.
"""

from __future__ import annotations

from typing import Any

_NAME = {"type": "string", "minLength": 1}
_SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_STRINGS = {"type": "array", "items": {"type": "string"}}


def _action(kind: str, required: dict[str, Any], index: bool = True) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "action": {"const": kind},
        "collection": _NAME,
        "checks": {"$ref": "#/$defs/checks"},
    }
    if index:
        properties["index"] = _NAME
    properties.update(required)
    return {
        "type": "object",
        "required": sorted(properties),
        "properties": properties,
        "additionalProperties": False,
    }


_SPEC = {"$ref": "#/$defs/indexSpec"}

PLAN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "noema-codegen plan (format noema-plan, version 1)",
    "description": "Written by `noema-codegen plan --format json` and `plan --out FILE`; "
    "executed by `apply-validators --plan FILE`. BSON values are relaxed Extended JSON.",
    "type": "object",
    "required": [
        "format",
        "version",
        "database",
        "in_sync",
        "inputs",
        "actions",
        "blockers",
        "notes",
    ],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "noema-plan"},
        "version": {"const": 1},
        "database": _NAME,
        "in_sync": {"type": "boolean"},
        "inputs": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/inputs"}]},
        "actions": {"type": "array", "items": {"$ref": "#/$defs/action"}},
        "blockers": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "notes": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
    },
    "$defs": {
        "inputs": {
            "description": "What the plan was computed from (sha256 of canonical Extended JSON).",
            "type": "object",
            "required": [
                "live_sha256",
                "desired_sha256",
                "collections_sha256",
                "server_version",
                "options",
            ],
            "additionalProperties": False,
            "properties": {
                "live_sha256": _SHA256,
                "desired_sha256": _SHA256,
                "collections_sha256": {"type": "object", "additionalProperties": _SHA256},
                "server_version": {"type": ["string", "null"]},
                "options": {
                    "type": "object",
                    "required": [
                        "prune_indexes",
                        "validation_level",
                        "validation_action",
                        "owned_prefix",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "prune_indexes": {"enum": ["drop", "hide", None]},
                        "validation_level": {"enum": ["off", "moderate", "strict", None]},
                        "validation_action": {"enum": ["warn", "error", "errorAndLog", None]},
                        "owned_prefix": _NAME,
                    },
                },
            },
        },
        "finding": {
            "type": "object",
            "required": ["collection", "message"],
            "additionalProperties": False,
            "properties": {"collection": {"type": "string"}, "message": {"type": "string"}},
        },
        "checks": {
            "type": "array",
            "items": {"enum": ["violations", "duplicates"]},
            "uniqueItems": True,
        },
        "change": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["from", "to"],
                    "additionalProperties": False,
                    "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
                },
            ]
        },
        "validatorChanges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["op", "path"],
                "properties": {
                    "op": {"enum": ["add", "remove", "replace"]},
                    "path": {"type": "string"},
                },
            },
        },
        "indexSpec": {
            "type": "object",
            "required": ["key", "name"],
            "properties": {"key": {"type": "object", "minProperties": 1}, "name": _NAME},
        },
        "collectionOptions": {
            "type": "object",
            "required": ["validator", "validationLevel", "validationAction"],
            "properties": {"validator": {"type": "object"}},
        },
        "action": {
            "oneOf": [
                _action(
                    "create_collection",
                    {"options": {"$ref": "#/$defs/collectionOptions"}},
                    index=False,
                ),
                _action(
                    "modify_validation",
                    {
                        "options": {"$ref": "#/$defs/collectionOptions"},
                        "validator_changes": {"$ref": "#/$defs/validatorChanges"},
                        "validation_level": {"$ref": "#/$defs/change"},
                        "validation_action": {"$ref": "#/$defs/change"},
                    },
                    index=False,
                ),
                _action(
                    "stage_validation",
                    {
                        "options": {"$ref": "#/$defs/collectionOptions"},
                        "validator_changes": {"$ref": "#/$defs/validatorChanges"},
                        "migrations": _STRINGS,
                    },
                    index=False,
                ),
                _action(
                    "run_migrations",
                    {"migrations": {**_STRINGS, "minItems": 1}},
                    index=False,
                ),
                _action(
                    "tighten_validation",
                    {"options": {"$ref": "#/$defs/collectionOptions"}},
                    index=False,
                ),
                _action("create_index", {"spec": _SPEC}),
                _action(
                    "rebuild_index",
                    {
                        "spec": _SPEC,
                        "live": {"type": "object"},
                        "differences": _STRINGS,
                        "window": {"type": "string"},
                    },
                ),
                _action(
                    "modify_index",
                    {
                        "steps": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["name"],
                                "minProperties": 2,
                                "properties": {"name": _NAME},
                            },
                        },
                        "differences": _STRINGS,
                        "spec": _SPEC,
                    },
                ),
                _action("hide_index", {}),
                _action("drop_index", {}),
            ]
        },
    },
}
