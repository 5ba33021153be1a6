"""The safe order of a roll-out that tightens validators, from a git diff (pure).

``plan``/``apply-validators`` compute the same order from the live state instead (no git
ref needed: ``apply/planner.py`` stages a collection that pending migrations touch, with the
``StageValidation``/``RunMigrations``/``TightenValidation`` actions); this module answers the
question for a diff (which collections a change set will need to stage).

For every collection with a data-tightening change the new validator cannot be applied with
``validationAction: error`` while stored documents fail it. The order is:

1. ``warn``: ``collMod`` the new validator with ``validationAction: "warn"`` (the server
   logs failing writes instead of refusing them, so the application keeps working);
2. ``migrate``: run the pending migrations, in order;
3. ``tighten``: ``collMod`` the new validator with the schema's own ``validationAction``,
   only once the pre-flight count (documents matching ``{$nor: [{$jsonSchema: ...}]}``) is 0.

Collections without a data-tightening change get their validator at once (``apply``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.ir.model import Project

StepKind = Literal["apply", "warn", "migrate", "tighten"]


@dataclass(frozen=True)
class RolloutStep:
    kind: StepKind
    collection: str | None
    """None for ``migrate`` (migrations may touch several collections)."""
    coll_mod: dict[str, Any] = field(default_factory=dict)
    """The ``collMod`` fields (validator, level, action) for ``apply``/``warn``/``tighten``."""
    precondition: dict[str, Any] | None = None
    """``tighten``: the filter whose server-side count must be 0 first."""
    migrations: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "migrate":
            return f"run migrations {', '.join(self.migrations)}"
        if self.kind == "warn":
            return f"{self.collection}: new validator with validationAction warn"
        if self.kind == "tighten":
            action = self.coll_mod.get("validationAction")
            return f"{self.collection}: validationAction {action} once no document fails it"
        return f"{self.collection}: new validator"


def rollout_steps(
    changes: Sequence[Change], project: Project, pending_migrations: Sequence[str]
) -> list[RolloutStep]:
    """The ordered steps that bring the database to ``project`` after ``changes``."""
    tightened: dict[str, list[str]] = {}
    for change in changes:
        if change.is_a(Kind.DATA):
            tightened.setdefault(change.collection, []).append(change.rule)
    first: list[RolloutStep] = []
    last: list[RolloutStep] = []
    for collection in project.collections:
        options = collection.validator_options
        reasons = tuple(dict.fromkeys(tightened.get(collection.name, ())))
        if not reasons:
            first.append(RolloutStep("apply", collection.name, options))
            continue
        first.append(
            RolloutStep(
                "warn", collection.name, {**options, "validationAction": "warn"}, reasons=reasons
            )
        )
        last.append(
            RolloutStep(
                "tighten",
                collection.name,
                options,
                precondition={"$nor": [{"$jsonSchema": collection.validator_schema}]},
                reasons=reasons,
            )
        )
    middle = [RolloutStep("migrate", None, migrations=tuple(pending_migrations))]
    if not last and not pending_migrations:
        middle = []
    return [*first, *middle, *last]
