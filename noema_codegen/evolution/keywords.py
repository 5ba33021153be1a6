"""Compare the keywords of one schema position between two versions (pure).

Only the keywords *local* to a position are compared here: ``properties`` and nested objects
are fields of their own (``classify`` walks them), and ``items`` of an array is compared as
part of the array's position. Each difference is a ``Finding``: a rule, the kinds it has,
the keyword's pointer relative to the position, and a message.

Bounds follow MongoDB's ``$jsonSchema`` (draft 4: ``exclusiveMinimum``/``exclusiveMaximum``
are booleans next to ``minimum``/``maximum``; mongodb/mongo
src/mongo/db/matcher/schema/json_schema_parser.cpp).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from noema_codegen.bson_registry import bson_types_of
from noema_codegen.evolution.changes import Kind

DATA = (Kind.DATA,)
SAFE = (Kind.SAFE,)
DATA_AND_CODE = (Kind.DATA, Kind.CODE)

LOWER_BOUNDS = ("minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties")
DOCUMENTATION = ("description", "title")
NESTED = frozenset({"properties", "required"})
"""Compared elsewhere: child fields and whether each is required (``classify``)."""
HANDLED = frozenset(
    {
        "bsonType",
        "type",
        "enum",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "pattern",
        "additionalProperties",
        "uniqueItems",
        "multipleOf",
        "items",
        "default",
        "x-noema",
        *LOWER_BOUNDS,
        *UPPER_BOUNDS,
        *DOCUMENTATION,
    }
)


@dataclass(frozen=True)
class Finding:
    kinds: tuple[Kind, ...]
    rule: str
    keyword: str
    """The pointer suffix (``/bsonType``, ``/items/enum``), relative to the position."""
    message: str
    old: Any = None
    new: Any = None


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def type_findings(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> list[Finding]:
    """Narrowed (data), changed (data and code), widened (safe) BSON types."""
    before, after = set(bson_types_of(old)), set(bson_types_of(new))
    keyword = where + ("/bsonType" if "bsonType" in new or "bsonType" in old else "/type")
    if before == after:
        return []
    old_value = old.get("bsonType", old.get("type"))
    new_value = new.get("bsonType", new.get("type"))
    if not before or (after and after < before):
        removed = sorted(before - after) if before else ["any type"]
        return [
            Finding(
                DATA,
                "type-narrowed",
                keyword,
                f"no longer admits {', '.join(removed)}: stored values of those types fail",
                old_value,
                new_value,
            )
        ]
    if not after or before < after:
        return [Finding(SAFE, "type-widened", keyword, "admits more types", old_value, new_value)]
    return [
        Finding(
            DATA_AND_CODE,
            "type-changed",
            keyword,
            f"type {'/'.join(sorted(before))} became {'/'.join(sorted(after))}: stored values "
            "need converting and the generated attribute changes type",
            old_value,
            new_value,
        )
    ]


def enum_findings(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> list[Finding]:
    before, after = old.get("enum"), new.get("enum")
    if _key(before) == _key(after):
        return []
    keyword = f"{where}/enum"
    if not isinstance(after, list):
        return [Finding(SAFE, "enum-removed", keyword, "any value is allowed now", before, after)]
    if not isinstance(before, list):
        return [Finding(DATA, "enum-added", keyword, "only listed values pass", before, after)]
    old_keys = {_key(v) for v in before}
    new_keys = {_key(v) for v in after}
    removed = [v for v in before if _key(v) not in new_keys]
    if removed:
        shown = ", ".join(_key(v) for v in removed)
        return [Finding(DATA, "enum-narrowed", keyword, f"no longer admits {shown}", before, after)]
    if new_keys - old_keys:
        return [Finding(SAFE, "enum-widened", keyword, "admits more values", before, after)]
    return []


def _bound(
    old: Mapping[str, Any], new: Mapping[str, Any], name: str, lower: bool, where: str
) -> list[Finding]:
    before, after = old.get(name), new.get(name)
    if _key(before) == _key(after):
        return []
    keyword = f"{where}/{name}"
    a, b = _number(before), _number(after)
    if b is None and a is not None:
        return [Finding(SAFE, "bound-relaxed", keyword, f"{name} removed", before, after)]
    if a is None and b is not None:
        return [Finding(DATA, "bound-stricter", keyword, f"{name} {after} added", before, after)]
    if a is None or b is None:
        return [Finding(DATA, "constraint-changed", keyword, f"{name} changed", before, after)]
    stricter = b > a if lower else b < a
    if stricter:
        return [
            Finding(DATA, "bound-stricter", keyword, f"{name} {before} -> {after}", before, after)
        ]
    return [Finding(SAFE, "bound-relaxed", keyword, f"{name} {before} -> {after}", before, after)]


def _exclusive(
    old: Mapping[str, Any], new: Mapping[str, Any], name: str, where: str
) -> list[Finding]:
    before, after = old.get(name) is True, new.get(name) is True
    if before == after:
        return []
    if after:
        return [Finding(DATA, "bound-stricter", f"{where}/{name}", f"{name} set", False, True)]
    return [Finding(SAFE, "bound-relaxed", f"{where}/{name}", f"{name} cleared", True, False)]


def bound_findings(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> list[Finding]:
    found = _bound(old, new, "minimum", True, where) + _bound(old, new, "maximum", False, where)
    found += _exclusive(old, new, "exclusiveMinimum", where)
    found += _exclusive(old, new, "exclusiveMaximum", where)
    for name in LOWER_BOUNDS:
        found += _bound(old, new, name, True, where)
    for name in UPPER_BOUNDS:
        found += _bound(old, new, name, False, where)
    return found


def _added_or_changed(
    old: Mapping[str, Any], new: Mapping[str, Any], name: str, where: str, rule: str
) -> list[Finding]:
    before, after = old.get(name), new.get(name)
    if _key(before) == _key(after):
        return []
    keyword = f"{where}/{name}"
    if after is None or after is False:
        return [Finding(SAFE, "constraint-removed", keyword, f"{name} removed", before, after)]
    verb = "added" if before is None else "changed"
    return [Finding(DATA, rule, keyword, f"{name} {verb}", before, after)]


def additional_findings(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str
) -> list[Finding]:
    """``additionalProperties``: closing an object is data-tightening, opening it safe.
    (A schema under it is a map field of its own, compared by ``classify``.)"""
    before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
    open_before, open_after = before is not False, after is not False
    keyword = f"{where}/additionalProperties"
    if open_before and not open_after:
        return [
            Finding(
                DATA,
                "additional-properties-closed",
                keyword,
                "fields not declared under properties are refused now",
                before,
                after,
            )
        ]
    if not open_before and open_after:
        return [Finding(SAFE, "additional-properties-opened", keyword, "undeclared fields pass")]
    return []


def other_findings(old: Mapping[str, Any], new: Mapping[str, Any], where: str) -> list[Finding]:
    """Documentation, defaults, and every keyword this module does not reason about (a
    change there is reported as data-tightening: it cannot be proved looser)."""
    found: list[Finding] = []
    for name in DOCUMENTATION:
        if _key(old.get(name)) != _key(new.get(name)):
            found.append(
                Finding(
                    SAFE,
                    "documentation",
                    f"{where}/{name}",
                    f"{name} changed",
                    old.get(name),
                    new.get(name),
                )
            )
    if _key(old.get("default")) != _key(new.get("default")):
        found.append(
            Finding(
                SAFE,
                "default-changed",
                f"{where}/default",
                "the model's default changed",
                old.get("default"),
                new.get("default"),
            )
        )
    for name in sorted((set(old) | set(new)) - HANDLED - NESTED):
        if _key(old.get(name)) != _key(new.get(name)):
            found.append(
                Finding(
                    DATA,
                    "constraint-changed",
                    f"{where}/{name}",
                    f"{name} changed (not proved looser)",
                    old.get(name),
                    new.get(name),
                )
            )
    return found


def local_findings(
    old: Mapping[str, Any], new: Mapping[str, Any], where: str = ""
) -> list[Finding]:
    """Every difference of the keywords local to one position (``items`` included)."""
    found = type_findings(old, new, where) + enum_findings(old, new, where)
    found += bound_findings(old, new, where)
    found += _added_or_changed(old, new, "pattern", where, "pattern-changed")
    found += _added_or_changed(old, new, "multipleOf", where, "constraint-changed")
    found += _added_or_changed(old, new, "uniqueItems", where, "bound-stricter")
    found += additional_findings(old, new, where)
    found += other_findings(old, new, where)
    old_items, new_items = old.get("items"), new.get("items")
    if isinstance(old_items, Mapping) and isinstance(new_items, Mapping):
        found += local_findings(old_items, new_items, f"{where}/items")
    elif _key(old_items) != _key(new_items):
        kinds = SAFE if new_items is None else DATA
        found.append(
            Finding(
                kinds, "constraint-changed", f"{where}/items", "items changed", old_items, new_items
            )
        )
    return found
