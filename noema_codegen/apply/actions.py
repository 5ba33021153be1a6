"""The plan: an ordered list of typed actions, plus blockers (cannot proceed) and notes (FYI).

One frozen dataclass per kind of change, each with the fields its server command needs; the
``Action`` union is what the planner emits and what render, executor, report and the plan JSON
dispatch on with ``match`` (exhaustive: mypy checks ``assert_never``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

Check = Literal["violations", "duplicates"]
CHECK_VIOLATIONS: Check = "violations"
CHECK_DUPLICATES: Check = "duplicates"


@dataclass(frozen=True)
class Change:
    """An old -> new change of one collection setting (validationLevel, validationAction)."""

    old: str
    new: str


@dataclass(frozen=True)
class CreateCollection:
    """``create`` with the validator options (validator, validationLevel, validationAction)."""

    kind: ClassVar[str] = "create_collection"
    collection: str
    options: Mapping[str, Any]
    checks: ClassVar[tuple[Check, ...]] = ()

    @property
    def target(self) -> str:
        return self.collection


@dataclass(frozen=True)
class ModifyValidation:
    """One ``collMod`` with validator, validationLevel and validationAction.

    ``validator_changes`` are JSON-pointer changes (``{"op", "path", "old"?, "new"?}``).
    """

    kind: ClassVar[str] = "modify_validation"
    collection: str
    options: Mapping[str, Any]
    validator_changes: tuple[Mapping[str, Any], ...] = ()
    level: Change | None = None
    action: Change | None = None
    checks: tuple[Check, ...] = ()

    @property
    def target(self) -> str:
        return self.collection


@dataclass(frozen=True)
class CreateIndex:
    """A ``createIndexes`` spec (the executor sends a collection's creates in one command)."""

    kind: ClassVar[str] = "create_index"
    collection: str
    index_name: str
    spec: Mapping[str, Any]
    checks: tuple[Check, ...] = ()

    @property
    def target(self) -> str:
        return f"{self.collection}.{self.index_name}"


@dataclass(frozen=True)
class RebuildIndex:
    """Drop, then create: only when no ``collMod`` can make the change.

    ``window`` says what is unprotected while the new index builds.
    """

    kind: ClassVar[str] = "rebuild_index"
    collection: str
    index_name: str
    spec: Mapping[str, Any]
    live: Mapping[str, Any]
    differences: tuple[str, ...]
    window: str
    checks: tuple[Check, ...] = ()

    @property
    def target(self) -> str:
        return f"{self.collection}.{self.index_name}"


@dataclass(frozen=True)
class ModifyIndex:
    """In-place change through ``collMod``: one command per step, in order.

    Each step is the ``index`` document of one ``collMod`` (``{name, expireAfterSeconds}``,
    ``{name, hidden}``, ``{name, prepareUnique: true}`` then ``{name, unique: true}``...).
    ``spec`` is the desired index (the duplicate check of a unique conversion reads it).
    """

    kind: ClassVar[str] = "modify_index"
    collection: str
    index_name: str
    steps: tuple[Mapping[str, Any], ...]
    differences: tuple[str, ...]
    spec: Mapping[str, Any]
    checks: tuple[Check, ...] = ()

    @property
    def target(self) -> str:
        return f"{self.collection}.{self.index_name}"


@dataclass(frozen=True)
class HideIndex:
    """``collMod {index: {name, hidden: true}}`` of an owned index no longer in the schemas."""

    kind: ClassVar[str] = "hide_index"
    collection: str
    index_name: str
    checks: ClassVar[tuple[Check, ...]] = ()

    @property
    def target(self) -> str:
        return f"{self.collection}.{self.index_name}"


@dataclass(frozen=True)
class DropIndex:
    """``dropIndexes`` of an owned index no longer in the schemas."""

    kind: ClassVar[str] = "drop_index"
    collection: str
    index_name: str
    checks: ClassVar[tuple[Check, ...]] = ()

    @property
    def target(self) -> str:
        return f"{self.collection}.{self.index_name}"


@dataclass(frozen=True)
class StageValidation:
    """Staged roll-out, step 1: ``collMod`` the new validator with ``validationAction: warn``.

    Planned instead of ``ModifyValidation`` when pending migrations change the collection's
    documents: writes keep working (the server logs failures) while the migrations run.
    ``options`` are the collMod fields (``validationAction`` is ``warn``); ``migrations`` the
    pending migrations that touch the collection.
    """

    kind: ClassVar[str] = "stage_validation"
    collection: str
    options: Mapping[str, Any]
    validator_changes: tuple[Mapping[str, Any], ...] = ()
    migrations: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()

    @property
    def target(self) -> str:
        return self.collection


@dataclass(frozen=True)
class RunMigrations:
    """Staged roll-out, step 2: run the pending migrations (``migrations/``), in order.

    ``collection`` names the collections they touch (comma-separated, for display).
    ``apply-validators`` runs them only with ``--run-migrations``; otherwise it stops here.
    """

    kind: ClassVar[str] = "run_migrations"
    collection: str
    migrations: tuple[str, ...]
    checks: ClassVar[tuple[Check, ...]] = ()

    @property
    def target(self) -> str:
        return "migrations " + ", ".join(self.migrations)


@dataclass(frozen=True)
class TightenValidation:
    """Staged roll-out, step 3: ``collMod`` the validator with the schema's own action.

    Sent only when the server-side count of documents failing the validator
    (``{$nor: [validator]}``) is 0 at that moment (the ``violations`` check runs right
    before it, after the migrations, not in the pre-flight).
    """

    kind: ClassVar[str] = "tighten_validation"
    collection: str
    options: Mapping[str, Any]
    checks: tuple[Check, ...] = (CHECK_VIOLATIONS,)

    @property
    def target(self) -> str:
        return self.collection


Action = (
    CreateCollection
    | ModifyValidation
    | StageValidation
    | RunMigrations
    | TightenValidation
    | CreateIndex
    | RebuildIndex
    | ModifyIndex
    | HideIndex
    | DropIndex
)
ACTION_KINDS: tuple[type[Action], ...] = (
    CreateCollection,
    ModifyValidation,
    StageValidation,
    RunMigrations,
    TightenValidation,
    CreateIndex,
    RebuildIndex,
    ModifyIndex,
    HideIndex,
    DropIndex,
)


@dataclass(frozen=True)
class PendingMigration:
    """A migration file not recorded as finished in the ``noema_migrations`` ledger."""

    name: str
    collections: frozenset[str]


@dataclass(frozen=True)
class Finding:
    """A blocker (the plan cannot be applied as is) or a note (nothing to do, worth knowing)."""

    collection: str
    message: str


@dataclass(frozen=True)
class PlanInputs:
    """What a plan was computed from, for ``apply-validators --plan`` to check it still holds.

    ``live``/``desired`` are sha256 digests (``fingerprints``) of the live state and of the
    desired state with the plan options; ``collections`` the digest of each live collection
    (to show which changed). The options are those the plan was computed with.
    """

    live: str
    desired: str
    collections: Mapping[str, str]
    server_version: str | None = None
    prune: str | None = None
    validation_level: str | None = None
    validation_action: str | None = None
    owned_prefix: str = "noema_"


@dataclass(frozen=True)
class Plan:
    database: str
    actions: tuple[Action, ...] = ()
    blockers: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    inputs: PlanInputs | None = None

    @property
    def in_sync(self) -> bool:
        return not self.actions and not self.blockers
