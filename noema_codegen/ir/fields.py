"""Flatten a schema into the dotted field paths MongoDB queries and indexes use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from noema_codegen.bson_registry import bson_types_of
from noema_codegen.ir.model import Field

MAP_SEGMENT = "{}"


def flatten_fields(schema: Mapping[str, Any]) -> tuple[Field, ...]:
    """Every field path of ``schema``: ``a``, ``a.b``, array elements' fields, ``map.{}``."""
    fields: list[Field] = [Field("_id", {}, (), False, False)] if not _declares_id(schema) else []
    _collect(schema, "", False, fields)
    return tuple(fields)


def _declares_id(schema: Mapping[str, Any]) -> bool:
    properties = schema.get("properties")
    return isinstance(properties, Mapping) and "_id" in properties


def _collect(schema: Mapping[str, Any], prefix: str, in_array: bool, out: list[Field]) -> None:
    target = schema
    crossing = in_array
    items = schema.get("items")
    if "array" in bson_types_of(schema) and isinstance(items, Mapping):
        target = items
        crossing = True
    properties = target.get("properties")
    required = target.get("required")
    required_names = set(required) if isinstance(required, list) else set()
    if isinstance(properties, Mapping):
        for name, sub in properties.items():
            if not isinstance(sub, Mapping):
                continue
            path = f"{prefix}.{name}" if prefix else name
            out.append(Field(path, sub, bson_types_of(sub), name in required_names, crossing))
            _collect(sub, path, crossing, out)
    additional = target.get("additionalProperties")
    if isinstance(additional, Mapping) and prefix:
        path = f"{prefix}.{MAP_SEGMENT}"
        out.append(Field(path, additional, bson_types_of(additional), False, crossing))
        _collect(additional, path, crossing, out)


def template_to_field_path(path: str) -> str:
    """``preferences.{key}`` -> ``preferences.{}`` (placeholders match map segments)."""
    return ".".join(MAP_SEGMENT if _is_placeholder(seg) else seg for seg in path.split("."))


def placeholders(path: str) -> list[str]:
    return [seg[1:-1] for seg in path.split(".") if _is_placeholder(seg)]


def _is_placeholder(segment: str) -> bool:
    return len(segment) > 2 and segment.startswith("{") and segment.endswith("}")
