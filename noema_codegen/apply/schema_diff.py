"""A readable diff between two validators, as JSON-pointer changes.

Mappings are compared key by key (order ignored); lists of scalars (``required``, ``enum``,
``bsonType`` lists) report the items added and removed; any other list that differs is
reported as replaced. Values are compared with ``normalise.same`` (1 == 1.0, true != 1).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from noema_codegen.apply.normalise import canonical, same
from noema_codegen.diagnostics import pointer_join


@dataclass(frozen=True)
class Change:
    op: str  # "add", "remove", "replace"
    pointer: str
    old: Any = None
    new: Any = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "path": self.pointer}
        if self.op in ("remove", "replace"):
            out["old"] = self.old
        if self.op in ("add", "replace"):
            out["new"] = self.new
        return out

    def as_text(self) -> str:
        symbol = {"add": "+", "remove": "-", "replace": "~"}[self.op]
        if self.op == "add":
            return f"{symbol} {self.pointer}: {_short(self.new)}"
        if self.op == "remove":
            return f"{symbol} {self.pointer}: {_short(self.old)}"
        return f"{symbol} {self.pointer}: {_short(self.old)} -> {_short(self.new)}"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (list, Mapping)) for v in value)


def _diff(old: Any, new: Any, pointer: str, out: list[Change]) -> None:
    if same(old, new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            child = pointer_join(pointer, key)
            if key not in old:
                out.append(Change("add", child, new=new[key]))
            elif key not in new:
                out.append(Change("remove", child, old=old[key]))
            else:
                _diff(old[key], new[key], child, out)
        return
    if (
        _is_scalar_list(old)
        and _is_scalar_list(new)
        and sorted(map(repr, old)) != sorted(map(repr, new))
    ):
        removed = [v for v in old if not any(same(v, w) for w in new)]
        added = [v for v in new if not any(same(v, w) for w in old)]
        if removed or added:
            for value in removed:
                out.append(Change("remove", f"{pointer}/-", old=value))
            for value in added:
                out.append(Change("add", f"{pointer}/-", new=value))
            return
    out.append(Change("replace", pointer or "/", old=old, new=new))


def validator_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Changes that turn validator ``old`` into ``new`` (empty when equivalent)."""
    out: list[Change] = []
    _diff(canonical(old), canonical(new), "", out)
    return out
