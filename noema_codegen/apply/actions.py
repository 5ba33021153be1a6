"""The plan: an ordered list of actions, plus blockers (cannot proceed) and notes (FYI)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CREATE_COLLECTION = "create_collection"
MODIFY_VALIDATION = "modify_validation"
DROP_INDEX = "drop_index"
HIDE_INDEX = "hide_index"
REBUILD_INDEX = "rebuild_index"
MODIFY_INDEX = "modify_index"
CREATE_INDEX = "create_index"

# Pre-flight checks the executor runs before any change.
CHECK_VIOLATIONS = "violations"
CHECK_DUPLICATES = "duplicates"


@dataclass(frozen=True)
class Action:
    """One change to make. ``payload`` holds what the server command needs.

    * create_collection: ``options`` (validator, validationLevel, validationAction)
    * modify_validation: ``options`` (the collMod fields), ``validator_changes`` (list of
      JSON-pointer changes as dicts), ``level``/``action`` as ``[old, new]`` or ``None``
    * create_index / rebuild_index: ``spec`` (createIndexes spec); rebuild also ``differences``
      and ``live`` (the live spec being replaced)
    * modify_index: ``index`` (the collMod ``index`` document) and ``differences``
    * hide_index / drop_index: nothing beyond ``index_name``
    """

    kind: str
    collection: str
    index_name: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    checks: tuple[str, ...] = ()

    @property
    def target(self) -> str:
        return (
            self.collection if self.index_name is None else f"{self.collection}.{self.index_name}"
        )

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.kind, "collection": self.collection}
        if self.index_name is not None:
            out["index"] = self.index_name
        out.update(self.payload)
        if self.checks:
            out["checks"] = list(self.checks)
        return out


@dataclass(frozen=True)
class Finding:
    """A blocker (the plan cannot be applied as is) or a note (nothing to do, worth knowing)."""

    collection: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"collection": self.collection, "message": self.message}


@dataclass(frozen=True)
class Plan:
    database: str
    actions: tuple[Action, ...] = ()
    blockers: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()

    @property
    def in_sync(self) -> bool:
        return not self.actions and not self.blockers

    def as_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "in_sync": self.in_sync,
            "actions": [a.as_json() for a in self.actions],
            "blockers": [b.as_json() for b in self.blockers],
            "notes": [n.as_json() for n in self.notes],
        }
