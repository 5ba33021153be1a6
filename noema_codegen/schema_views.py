"""Derive the views of a source schema: for models (defaults kept) and for MongoDB.

Only *schema positions* are stripped: a key under ``properties`` or
``patternProperties`` is a property name, not a keyword, so properties
literally named ``default``, ``description`` or ``type`` stay.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from noema_codegen.diagnostics import pointer_join

VENDOR_KEY = "x-noema"
"""The one vendor key holding noema-codegen's extensions (stripped before MongoDB sees a schema)."""

SUBSCHEMA_MAP_KEYWORDS = frozenset({"properties", "patternProperties"})
SUBSCHEMA_KEYWORDS = frozenset({"additionalProperties", "additionalItems", "not", "items"})
SUBSCHEMA_LIST_KEYWORDS = frozenset({"allOf", "anyOf", "oneOf"})


def strip_schema(schema: Any, *, keep_defaults: bool) -> Any:
    """Copy ``schema`` without the vendor key (and without ``default`` unless asked)."""
    if not isinstance(schema, Mapping):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == VENDOR_KEY or (key == "default" and not keep_defaults):
            continue
        if key in SUBSCHEMA_MAP_KEYWORDS and isinstance(value, Mapping):
            result[key] = {
                name: strip_schema(sub, keep_defaults=keep_defaults) for name, sub in value.items()
            }
        elif (
            key in SUBSCHEMA_LIST_KEYWORDS
            and isinstance(value, list)
            or key == "items"
            and isinstance(value, list)
        ):
            result[key] = [strip_schema(sub, keep_defaults=keep_defaults) for sub in value]
        elif key == "dependencies" and isinstance(value, Mapping):
            result[key] = {
                name: strip_schema(sub, keep_defaults=keep_defaults)
                if isinstance(sub, Mapping)
                else sub
                for name, sub in value.items()
            }
        elif key in SUBSCHEMA_KEYWORDS:
            result[key] = strip_schema(value, keep_defaults=keep_defaults)
        else:
            result[key] = value
    return result


def validator_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The ``$jsonSchema`` MongoDB receives."""
    stripped = strip_schema(schema, keep_defaults=False)
    assert isinstance(stripped, dict)
    return stripped


def model_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema models are generated from (``default`` kept)."""
    stripped = strip_schema(schema, keep_defaults=True)
    assert isinstance(stripped, dict)
    return stripped


def walk_schemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield ``(pointer, subschema)`` for every schema position, root first."""
    if not isinstance(schema, Mapping):
        return
    yield pointer, schema
    for key, value in schema.items():
        if key in SUBSCHEMA_MAP_KEYWORDS and isinstance(value, Mapping):
            for name, sub in value.items():
                yield from walk_schemas(sub, pointer_join(pointer, key, name))
        elif (
            key in SUBSCHEMA_LIST_KEYWORDS
            and isinstance(value, list)
            or key == "items"
            and isinstance(value, list)
        ):
            for index, sub in enumerate(value):
                yield from walk_schemas(sub, pointer_join(pointer, key, index))
        elif key == "dependencies" and isinstance(value, Mapping):
            for name, sub in value.items():
                if isinstance(sub, Mapping):
                    yield from walk_schemas(sub, pointer_join(pointer, key, name))
        elif key in SUBSCHEMA_KEYWORDS and isinstance(value, Mapping):
            yield from walk_schemas(value, pointer_join(pointer, key))
