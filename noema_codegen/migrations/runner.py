"""Run pending migrations through a ``MigrationStore`` (pure: the store does the I/O).

The ledger is the ``noema_migrations`` collection, one document per migration::

    {_id: "0001_event_data_required", checksum: "<sha256 of the file>",
     startedAt: <date>, finishedAt: <date or null>,
     steps: [{matched: 10, modified: 10, hasBound: true, lastBound: <_id>, done: false}, ...]}

An update step runs in batches: the store finds the ``_id`` of the ``batch_size``-th document
after the last bound that still matches the step's filter (a sorted, skipped ``find`` the
server answers from the ``_id`` index, returning one ``_id``), then one ``updateMany`` with
``{$and: [filter, {_id: {$gt: last, $lte: bound}}]}``, then one ledger update
(``$set`` of the bound, ``$inc`` of the counts: one server-side operation, never
read-modify-write). An interrupted run resumes after the last recorded bound; a batch whose
ledger update was lost is run again, which is harmless because the filters ``generate``
writes no longer match documents already migrated. No document is ever read by the client,
so it works through mongos. ``$gt``/``$lte`` compare only values of one BSON type (the
manual's "Comparison/Sort Order"): documents whose ``_id`` is of another type than the
bounds are left out, and show up in the count of documents still matching that ``migrate``
reports after each step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from noema_codegen.diagnostics import Outcome, UserFacingError
from noema_codegen.integrity.references import read_facet
from noema_codegen.migrations.format import Migration, Step

LEDGER = "noema_migrations"
DEFAULT_BATCH = 1000


class ChecksumMismatch(UserFacingError):
    """A migration file changed after it ran (exit 2)."""


class MigrationProblem(UserFacingError):
    """A migration found what it cannot fix (orphans): exit 1."""

    outcome = Outcome.PROBLEMS


class MigrationStore(Protocol):
    """What the runner needs from a database (``pymongo_store.PymongoMigrationStore``)."""

    def ledger(self) -> list[dict[str, Any]]: ...
    def begin(self, name: str, checksum: str, steps: int, at: datetime) -> None: ...
    def record_batch(
        self,
        name: str,
        step: int,
        bound: tuple[Any] | None,
        matched: int,
        modified: int,
        done: bool,
    ) -> None:
        """``$set`` the step's last bound (when not None) and ``done``, ``$inc`` its counts."""
        ...

    def finish(self, name: str, at: datetime) -> None: ...
    def count(self, collection: str, filter: Mapping[str, Any]) -> int: ...
    def count_pipeline(self, collection: str, pipeline: Sequence[Mapping[str, Any]]) -> int: ...
    def bound_after(
        self, collection: str, filter: Mapping[str, Any], after: tuple[Any] | None, batch: int
    ) -> tuple[Any] | None:
        """``(_id,)`` of the ``batch``-th matching document after ``after`` in ``_id`` order,
        or None when fewer remain."""
        ...

    def update_many(
        self,
        collection: str,
        filter: Mapping[str, Any],
        update: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    ) -> tuple[int, int]: ...


@dataclass
class StepReport:
    migration: str
    step: int
    collection: str
    change: str
    path: str
    matched: int = 0
    modified: int = 0
    remaining: int = 0
    """Documents still matching the filter afterwards (or orphans found, for a check)."""


@dataclass
class MigrationReport:
    name: str
    status: str
    """``applied``, ``resumed``, ``already applied`` or ``dry run``."""
    steps: list[StepReport] = field(default_factory=list)


Progress = Callable[[StepReport, int], None]
"""Called after each batch with the step's report so far and the total to do."""


def batch_filter(
    filter: Mapping[str, Any], after: tuple[Any] | None, bound: tuple[Any] | None
) -> dict[str, Any]:
    """The step's filter limited to ``_id`` in ``(after, bound]`` (open ends when None)."""
    id_range: dict[str, Any] = {}
    if after is not None:
        id_range["$gt"] = after[0]
    if bound is not None:
        id_range["$lte"] = bound[0]
    if not id_range:
        return dict(filter)
    return {"$and": [dict(filter), {"_id": id_range}]}


def counting(pipeline: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``pipeline`` made to return its number of documents: unchanged when it ends in the
    ``$facet`` of ``integrity.references.orphan_pipeline`` (it counts), else with ``$count``."""
    stages = [dict(stage) for stage in pipeline]
    if stages and "$facet" in stages[-1] and "count" in stages[-1]["$facet"]:
        return stages
    return [*stages, {"$count": "n"}]


def read_count(reply: Sequence[Mapping[str, Any]]) -> int:
    """The number a ``counting`` pipeline returned (either shape)."""
    if not reply:
        return 0
    first = reply[0]
    if "count" in first:
        return read_facet(reply)[0]
    return int(first.get("n", 0))


def check_checksums(migrations: Sequence[Migration], ledger: Sequence[Mapping[str, Any]]) -> None:
    """Refuse a file whose checksum differs from the one recorded when it (started to) run."""
    recorded = {entry.get("_id"): entry for entry in ledger}
    for migration in migrations:
        entry = recorded.get(migration.name)
        if entry is not None and entry.get("checksum") != migration.checksum:
            raise ChecksumMismatch(
                f"{migration.file}: changed after it ran (checksum {str(entry.get('checksum'))[:12]}"
                f"... recorded in {LEDGER}, the file is now {migration.checksum[:12]}...). A "
                "migration that ran is history: restore the file (git checkout) and write a new "
                "migration for the further change"
            )


def pending(
    migrations: Sequence[Migration], ledger: Sequence[Mapping[str, Any]]
) -> list[Migration]:
    """The migrations not finished yet, in order (checksums checked first)."""
    check_checksums(migrations, ledger)
    finished = {e.get("_id") for e in ledger if e.get("finishedAt") is not None}
    return [m for m in migrations if m.name not in finished]


def _report(migration: Migration, step: Step) -> StepReport:
    return StepReport(migration.name, step.index, step.collection, step.change, step.path)


def dry_run(migrations: Sequence[Migration], store: MigrationStore) -> list[MigrationReport]:
    """Per pending migration and step, how many documents it would touch (server-side counts)."""
    reports = []
    for migration in pending(migrations, store.ledger()):
        report = MigrationReport(migration.name, "dry run")
        for step in migration.steps:
            item = _report(migration, step)
            if step.orphans is not None:
                item.remaining = store.count_pipeline(step.collection, step.orphans)
            else:
                item.matched = store.count(step.collection, step.filter)
            report.steps.append(item)
        reports.append(report)
    return reports


def _state(entry: Mapping[str, Any] | None, index: int) -> Mapping[str, Any]:
    if entry is None:
        return {}
    steps = entry.get("steps") or []
    return steps[index] if index < len(steps) and isinstance(steps[index], Mapping) else {}


def _recorded_count(value: Any) -> int:
    """A count from the ledger (0 when someone edited it into something else)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _run_update(
    migration: Migration,
    step: Step,
    state: Mapping[str, Any],
    store: MigrationStore,
    batch: int,
    progress: Progress | None,
) -> StepReport:
    item = _report(migration, step)
    item.matched = _recorded_count(state.get("matched"))
    item.modified = _recorded_count(state.get("modified"))
    after: tuple[Any] | None = (state.get("lastBound"),) if state.get("hasBound") else None
    total = item.matched + store.count(step.collection, batch_filter(step.filter, after, None))
    assert step.update is not None
    while True:
        bound = store.bound_after(step.collection, step.filter, after, batch)
        matched, modified = store.update_many(
            step.collection, batch_filter(step.filter, after, bound), step.update
        )
        item.matched += matched
        item.modified += modified
        done = bound is None
        recorded = bound if bound is not None else after
        store.record_batch(migration.name, step.index, recorded, matched, modified, done)
        if progress is not None:
            progress(item, total)
        if done:
            break
        after = bound
    item.remaining = store.count(step.collection, step.filter)
    return item


def run(
    migrations: Sequence[Migration],
    store: MigrationStore,
    now: Callable[[], datetime],
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> list[MigrationReport]:
    """Run every pending migration in order; a finished one is skipped, a started one resumes."""
    ledger = store.ledger()
    by_name = {entry.get("_id"): entry for entry in ledger}
    todo = pending(migrations, ledger)
    reports = []
    for migration in todo:
        entry = by_name.get(migration.name)
        report = MigrationReport(migration.name, "resumed" if entry is not None else "applied")
        if entry is None:
            store.begin(migration.name, migration.checksum, len(migration.steps), now())
        for step in migration.steps:
            state = _state(entry, step.index)
            if state.get("done"):
                continue
            if step.orphans is not None:
                item = _report(migration, step)
                item.remaining = store.count_pipeline(step.collection, step.orphans)
                if item.remaining:
                    raise MigrationProblem(
                        f"{migration.file}#{step.pointer}: {item.remaining} document(s) of "
                        f"{step.collection} reference nothing ({step.path}); see them with "
                        "`noema-codegen check-references`, then add a step that fixes or "
                        "removes them before this one (the migration stops here and resumes "
                        "at this step)"
                    )
                store.record_batch(migration.name, step.index, None, 0, 0, True)
            else:
                item = _run_update(migration, step, state, store, batch, progress)
            report.steps.append(item)
        store.finish(migration.name, now())
        reports.append(report)
    return reports
