"""Collects the changes of one collection pair (the ``Change`` values ``classify`` returns)."""

from __future__ import annotations

import json
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.evolution.keywords import Finding
from noema_codegen.ir.model import Collection
from noema_codegen.schema_views import VENDOR_KEY

CODE = (Kind.CODE,)
EXTENSION = pointer_join("", VENDOR_KEY)


def key(value: Any) -> str:
    """A canonical text of a JSON-like value (equal values, equal keys)."""
    return json.dumps(value, sort_keys=True, default=str)


class Collector:
    """The changes found so far between ``old`` and ``new`` (one collection)."""

    def __init__(self, old: Collection, new: Collection) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def add(
        self,
        kinds: tuple[Kind, ...],
        rule: str,
        pointer: str,
        message: str,
        path: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        self.changes.append(
            Change(
                kinds, rule, self.new.name, self.new.source_file, pointer, message, path, old, new
            )
        )

    def finding(self, found: Finding, base: str, path: str) -> None:
        where = f"{path}: " if path else ""
        self.add(
            found.kinds,
            found.rule,
            base + found.keyword,
            where + found.message,
            path,
            found.old,
            found.new,
        )
