"""Pure planning: desired state versus live state -> an ordered ``Plan``.

No I/O here. Order of actions, per collection (collections sorted by name):

1. create the collection (with its validator) when missing;
2. ``collMod`` the validator / validationLevel / validationAction when they differ;
3. with ``prune="drop"``/``"hide"``: drop or hide owned indexes the schemas no longer list
   (before creates, so a renamed index can take over the key pattern);
4. change owned indexes whose options changed in place with ``collMod`` where the server
   allows it (``index_change``: TTL, hidden, unique conversions), else rebuild them (drop +
   create, with the window it opens);
5. create missing indexes.

Staged roll-out (docs/evolution.md): when pending migrations (``PlanOptions.pending_migrations``,
files in ``migrations/`` the ``noema_migrations`` ledger does not record as finished) touch a
collection whose validator must change to an enforcing one, step 2 becomes ``StageValidation``
(the new validator with ``validationAction: warn``), and after every collection's actions
come one ``RunMigrations`` and then a ``TightenValidation`` per staged collection (the schema's
own action, sent once no stored document fails the validator).

Never planned: dropping a collection, touching ``_id_`` or an index whose name does not start
with the owned prefix, or anything on a view / time-series collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from noema_codegen.apply.actions import (
    CHECK_DUPLICATES,
    CHECK_VIOLATIONS,
    Action,
    Change,
    Check,
    CreateCollection,
    CreateIndex,
    DropIndex,
    Finding,
    HideIndex,
    ModifyIndex,
    ModifyValidation,
    PendingMigration,
    Plan,
    RunMigrations,
    StageValidation,
    TightenValidation,
)
from noema_codegen.apply.adapter import LEDGER_COLLECTION
from noema_codegen.apply.desired import DesiredCollection, Overrides
from noema_codegen.apply.index_change import (
    Version,
    index_change,
    parse_version,
    relevant_differences,
)
from noema_codegen.apply.live import LiveCollection, LiveState
from noema_codegen.apply.normalise import (
    NormalIndex,
    index_differences,
    index_spec_for_create,
    normalise_index,
    same_identity,
    validator_state,
)
from noema_codegen.apply.schema_diff import validator_diff
from noema_codegen.config import Config

Prune = Literal["drop", "hide"] | None


@dataclass(frozen=True)
class PlanOptions:
    prune: Prune = None
    overrides: Overrides = field(default_factory=Overrides)
    owned_prefix: str = Config.index_prefix
    """``Config.index_prefix``: indexes named so are this tool's (commands pass the configured one)."""
    server_version: str | None = None
    """The server's version (``buildInfo.version``); ``None`` when unknown (a snapshot that does
    not record it): then no version-dependent in-place change is planned."""
    pending_migrations: tuple[PendingMigration, ...] = ()
    """Migrations not finished in the live ledger, in order (they stage validator changes)."""


def plan(
    desired: Iterable[DesiredCollection], live: LiveState, options: PlanOptions | None = None
) -> Plan:
    """Compute the actions that bring ``live`` to ``desired``."""
    opts = options or PlanOptions()
    version = opts.server_version or live.server_version
    builder = _Builder(opts, parse_version(version))
    wanted = sorted((opts.overrides.apply(d) for d in desired), key=lambda d: d.name)
    for target in wanted:
        current = live.get(target.name)
        if current is None:
            builder.create_collection(target)
        elif current.type != "collection":
            builder.blockers.append(
                Finding(
                    target.name,
                    f"{target.name} exists as a {current.type}, not a collection; "
                    "it cannot carry a validator. Rename or remove it by hand.",
                )
            )
        else:
            builder.sync_collection(target, current)
    builder.finish_staging()
    known = {d.name for d in wanted}
    for name in sorted(set(live.collections) - known - {LEDGER_COLLECTION}):
        builder.notes.append(Finding(name, "not in the schemas; left alone (never dropped)"))
    return Plan(
        database=live.database,
        actions=tuple(builder.actions),
        blockers=tuple(builder.blockers),
        notes=tuple(builder.notes),
    )


def _collmod_options(target: DesiredCollection) -> dict[str, Any]:
    return {
        "validator": dict(target.validator),
        "validationLevel": target.validation_level,
        "validationAction": target.validation_action,
    }


class _Builder:
    def __init__(self, options: PlanOptions, version: Version | None) -> None:
        self.options = options
        self.version = version
        self.actions: list[Action] = []
        self.blockers: list[Finding] = []
        self.notes: list[Finding] = []
        self.tighten: list[TightenValidation] = []

    def owned(self, name: str) -> bool:
        return name.startswith(self.options.owned_prefix)

    def create_collection(self, target: DesiredCollection) -> None:
        self.actions.append(CreateCollection(target.name, _collmod_options(target)))
        for spec in target.indexes:
            self.actions.append(
                CreateIndex(target.name, str(spec["name"]), index_spec_for_create(spec))
            )

    def sync_collection(self, target: DesiredCollection, current: LiveCollection) -> None:
        self._sync_validation(target, current)
        self._sync_indexes(target, current)

    def _sync_validation(self, target: DesiredCollection, current: LiveCollection) -> None:
        want = validator_state(target.options)
        have = current.validation
        if want == have:
            return
        checks: tuple[Check, ...] = (CHECK_VIOLATIONS,) if want.validator else ()
        migrations = self._migrations_of(target.name)
        if migrations and want.validator and want.action != "warn":
            self._stage_validation(target, current, migrations)
            return
        self.actions.append(
            ModifyValidation(
                target.name,
                _collmod_options(target),
                tuple(c.as_json() for c in validator_diff(have.validator, want.validator)),
                Change(have.level, want.level) if have.level != want.level else None,
                Change(have.action, want.action) if have.action != want.action else None,
                checks,
            )
        )

    def _migrations_of(self, collection: str) -> tuple[str, ...]:
        pending = self.options.pending_migrations
        return tuple(m.name for m in pending if collection in m.collections)

    def _stage_validation(
        self, target: DesiredCollection, current: LiveCollection, migrations: tuple[str, ...]
    ) -> None:
        """Warn now (unless the live validator already is the new one with warn), tighten last."""
        options = _collmod_options(target)
        warn = {**options, "validationAction": "warn"}
        have = current.validation
        if validator_state(warn) != have:
            changes = validator_diff(have.validator, validator_state(warn).validator)
            self.actions.append(
                StageValidation(
                    target.name,
                    warn,
                    tuple(c.as_json() for c in changes),
                    migrations,
                    (CHECK_VIOLATIONS,),
                )
            )
        self.tighten.append(TightenValidation(target.name, options))

    def finish_staging(self) -> None:
        """Append ``RunMigrations`` and the tightening steps after every collection's actions."""
        pending = self.options.pending_migrations
        if not self.tighten:
            if pending:
                names = ", ".join(m.name for m in pending)
                self.notes.append(
                    Finding(
                        "migrations",
                        f"pending migration(s) {names} change no validator planned here; "
                        "run them with `noema-codegen migrate`",
                    )
                )
            return
        # every pending migration, in order: ``migrate`` runs them all (one may prepare another)
        touched: set[str] = set().union(*(m.collections for m in pending))
        self.actions.append(
            RunMigrations(", ".join(sorted(touched)), tuple(m.name for m in pending))
        )
        self.actions.extend(self.tighten)

    def _sync_indexes(self, target: DesiredCollection, current: LiveCollection) -> None:
        wanted = [(spec, normalise_index(spec)) for spec in target.indexes]
        wanted_names = {n.name for _, n in wanted}
        obsolete = [i for i in current.user_indexes if i.name not in wanted_names]
        removed = self._prune(target.name, obsolete, current)
        changes: list[Action] = []
        creates: list[Action] = []
        for spec, want in wanted:
            have = current.index(want.name)
            create_spec = index_spec_for_create(spec)
            checks: tuple[Check, ...] = (CHECK_DUPLICATES,) if want.unique else ()
            if have is None:
                if self._clashes(target.name, want, current, removed):
                    continue
                creates.append(CreateIndex(target.name, want.name, create_spec, checks))
                continue
            diffs = relevant_differences(
                index_differences(want, have, current.default_collation), want, have
            )
            if not diffs:
                continue
            live_raw = next(
                (dict(r) for r in current.raw_indexes if r.get("name") == want.name), {}
            )
            change = index_change(
                target.name, create_spec, want, have, live_raw, diffs, self.version
            )
            if isinstance(change, ModifyIndex) or not self._clashes(
                target.name, want, current, removed
            ):
                changes.append(change)
        self.actions.extend(changes)
        self.actions.extend(creates)

    def _prune(
        self, collection: str, obsolete: list[NormalIndex], current: LiveCollection
    ) -> set[str]:
        """Plan drop/hide of obsolete owned indexes; note the rest. Returns names dropped."""
        dropped: set[str] = set()
        prune = self.options.prune
        for index in obsolete:
            if not self.owned(index.name):
                self.notes.append(
                    Finding(
                        collection, f"index {index.name} is not owned by noema-codegen; left alone"
                    )
                )
            elif prune == "drop":
                self.actions.append(DropIndex(collection, index.name))
                dropped.add(index.name)
            elif prune == "hide" and not index.hidden:
                self.actions.append(HideIndex(collection, index.name))
            elif prune == "hide":
                self.notes.append(
                    Finding(
                        collection,
                        f"owned index {index.name} is hidden and no longer in the schemas; "
                        "drop it with --prune-indexes drop",
                    )
                )
            else:
                self.notes.append(
                    Finding(
                        collection,
                        f"owned index {index.name} is no longer in the schemas; "
                        "pass --prune-indexes hide (or drop) to remove it",
                    )
                )
        return dropped

    def _clashes(
        self, collection: str, want: NormalIndex, current: LiveCollection, removed: set[str]
    ) -> bool:
        for other in current.user_indexes:
            if other.name in removed or other.name == want.name:
                continue
            if not same_identity(want, other, current.default_collation):
                continue
            if self.owned(other.name):
                hint = "rerun with --prune-indexes drop to replace it"
            else:
                hint = "it is not owned by noema-codegen: rename or drop it by hand"
            diffs = ["name", *index_differences(want, other, current.default_collation)]
            self.blockers.append(
                Finding(
                    collection,
                    f"cannot create index {want.name}: index {other.name} already has the same "
                    f"key pattern and options ({_describe_key(want.key)}), compared as the "
                    f"server does, and differs only in: {', '.join(diffs)}; the server would "
                    f"refuse the create (IndexOptionsConflict, code 85); {hint}",
                )
            )
            return True
        return False


def _describe_key(key: tuple[tuple[str, Any], ...]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in key) + "}"
