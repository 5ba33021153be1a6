"""Warnings for the class of defect ADR-002 has: schemas MongoDB accepts that say something else.

Each rule is a function ``(pointer, subschema) -> [(pointer, rule, message)]``
applied to every schema position of the source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from noema_codegen.bson_registry import NUMERIC_ALIASES, bson_types_of
from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation.pcre import InvalidPattern, UnsupportedPattern, compile_pcre

Finding = tuple[str, str, str]
Rule = Callable[[str, Mapping[str, Any]], Iterator[Finding]]

NULL_PROMISE = re.compile(r"\bnull\b", re.IGNORECASE)


def json_value_types(value: Any) -> tuple[str, ...]:
    """BSON types a JSON literal can be stored as."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool",)
    if isinstance(value, int):
        return NUMERIC_ALIASES
    if isinstance(value, float):
        return ("double", "decimal") + (("int", "long") if value.is_integer() else ())
    if isinstance(value, str):
        return ("string",)
    if isinstance(value, list):
        return ("array",)
    return ("object",)


def enum_member_excluded(pointer: str, schema: Mapping[str, Any]) -> Iterator[Finding]:
    types = bson_types_of(schema)
    enum = schema.get("enum")
    if not types or not isinstance(enum, list):
        return
    for position, member in enumerate(enum):
        if not set(json_value_types(member)) & set(types):
            yield (
                pointer_join(pointer, "enum", position),
                "enum-type",
                (
                    f"enum member {json.dumps(member)} can never be stored: the sibling type allows only "
                    f'{"/".join(types)}; remove the member or add its type (e.g. "null") to bsonType'
                ),
            )


def required_not_declared(pointer: str, schema: Mapping[str, Any]) -> Iterator[Finding]:
    required = schema.get("required")
    properties = schema.get("properties")
    if schema.get("additionalProperties") is not False or not isinstance(required, list):
        return
    declared = properties if isinstance(properties, Mapping) else {}
    for position, name in enumerate(required):
        if name not in declared:
            yield (
                pointer_join(pointer, "required", position),
                "required-undeclared",
                (
                    f"{name!r} is required but not in properties while additionalProperties is false: "
                    "no document can satisfy both; declare the property or drop it from required"
                ),
            )


def description_promises_null(pointer: str, schema: Mapping[str, Any]) -> Iterator[Finding]:
    description = schema.get("description")
    types = bson_types_of(schema)
    if not isinstance(description, str) or not types or "null" in types:
        return
    if NULL_PROMISE.search(description):
        yield (
            pointer_join(pointer, "description"),
            "null-promise",
            (
                f'the description promises null but the type ({"/".join(types)}) forbids it: add "null" to '
                "bsonType, or reword the description (e.g. 'absent while …') and leave the field out instead"
            ),
        )


def default_mismatch(pointer: str, schema: Mapping[str, Any]) -> Iterator[Finding]:
    if "default" not in schema:
        return
    types = bson_types_of(schema)
    value = schema["default"]
    if types and not set(json_value_types(value)) & set(types):
        yield (
            pointer_join(pointer, "default"),
            "default-type",
            f"default {json.dumps(value)} does not match the type {'/'.join(types)}",
        )
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        yield (
            pointer_join(pointer, "default"),
            "default-type",
            f"default {json.dumps(value)} is not one of the enum values",
        )


def pattern_unenforced(pointer: str, schema: Mapping[str, Any]) -> Iterator[Finding]:
    """Patterns MongoDB's PCRE accepts that the models and ``validate`` cannot run."""
    candidates: list[tuple[str, Any]] = [(pointer_join(pointer, "pattern"), schema.get("pattern"))]
    keyed = schema.get("patternProperties")
    if isinstance(keyed, Mapping):
        candidates += [(pointer_join(pointer, "patternProperties", k), k) for k in keyed]
    for where, pattern in candidates:
        if not isinstance(pattern, str):
            continue
        try:
            compile_pcre(pattern)
        except UnsupportedPattern as exc:
            yield (
                where,
                "pattern-unenforced",
                (
                    f"MongoDB accepts this pattern but the generated model and `noema-codegen "
                    f"validate` cannot run it ({exc}); only the server enforces it. Rewrite it "
                    "without that construct if documents must be checked before they are sent"
                ),
            )
        except InvalidPattern:
            continue  # an error of the dialect check


RULES: tuple[Rule, ...] = (
    enum_member_excluded,
    required_not_declared,
    description_promises_null,
    default_mismatch,
    pattern_unenforced,
)
