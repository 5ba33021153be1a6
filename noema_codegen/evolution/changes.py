"""One classified change between two versions of the schemas, and its JSON form."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


class Kind(str, enum.Enum):
    """What a change means. A change may be both data-tightening and code-breaking."""

    DATA = "data"
    """Stored documents may now fail the validator (a migration may be needed)."""
    CODE = "code"
    """The generated API changes incompatibly (callers must change)."""
    SAFE = "safe"
    """Neither: stored documents still pass and the generated API only grows."""


@dataclass(frozen=True)
class Change:
    """One change at ``pointer`` of ``file`` (the new file, or the old one when removed).

    ``rule`` names the kind of change (``new-required-field``, ``type-changed`` ...; the list
    is in docs/evolution.md); ``path`` is the dotted field path when the change is about a
    field (``""`` otherwise); ``old``/``new`` are the values compared (``None`` when absent).
    """

    kinds: tuple[Kind, ...]
    rule: str
    collection: str
    file: str
    pointer: str
    message: str
    path: str = ""
    old: Any = None
    new: Any = None

    @property
    def label(self) -> str:
        return "+".join(kind.value for kind in self.kinds)

    def is_a(self, kind: Kind) -> bool:
        return kind in self.kinds

    def as_json(self) -> dict[str, Any]:
        return {
            "kinds": [kind.value for kind in self.kinds],
            "rule": self.rule,
            "collection": self.collection,
            "file": self.file,
            "pointer": self.pointer,
            "path": self.path,
            "message": self.message,
            "old": self.old,
            "new": self.new,
        }

    def as_text(self) -> str:
        return f"{self.file}:{self.pointer or '/'}: [{self.label}] {self.rule}: {self.message}"


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.collection, c.pointer, c.rule, c.path))


def changes_json(changes: Sequence[Change]) -> str:
    """The ``--format json`` document: the changes and a count per kind."""
    counts = {kind.value: sum(1 for c in changes if c.is_a(kind)) for kind in Kind}
    body = {"changes": [c.as_json() for c in changes], "counts": counts}
    return json.dumps(body, indent=2, sort_keys=True, default=str)
