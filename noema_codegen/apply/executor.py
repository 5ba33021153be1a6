"""Execute a ``Plan`` through an ``Adapter``: pre-flight checks, apply in order, read back, verify.

* Blockers in the plan: nothing is applied.
* Pre-flight (read-only, also in ``--dry-run``): before a validator change on an existing
  collection, count documents that violate it (``{$nor: [validator]}``) and sample a few
  ``_id``s; before creating/rebuilding a unique index, look for duplicate keys. Violations
  refuse the run unless the new validation is not enforced on them (``validationLevel:
  moderate`` or ``validationAction: warn``) or ``allow_violations`` is set; duplicates
  always refuse (the build would fail on the server anyway).
* Apply, in plan order: one server command per action, except that a collection's new
  indexes (consecutive ``CreateIndex`` actions) go in ONE ``createIndexes`` command (one
  build pass; the server builds them together and commits all or none), and an in-place
  index change sends one ``collMod`` per step. On the first error, stop: the report lists
  what was applied, what failed (for a batch: the index the server's error names, and the
  others sent with it) and what was not applied. Nothing is rolled back; since the next run
  plans from live state again, it resumes where this one stopped.
* Verify: re-read the live state once and re-plan; anything still pending is reported.
* Staged roll-out (``StageValidation`` -> ``RunMigrations`` -> ``TightenValidation``): the
  warn step is a ``collMod``; ``RunMigrations`` calls the injected ``MigrationRunner`` only
  with ``run_migrations`` set, else the run stops there (``stopped``: exit 1, the next step
  is ``noema-codegen migrate``, then apply again); before each ``TightenValidation`` the
  violation count runs again and the run stops while it is not 0 (unless
  ``allow_violations``), leaving the collection at ``warn``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, assert_never

from noema_codegen.apply.actions import (
    CHECK_DUPLICATES,
    CHECK_VIOLATIONS,
    Action,
    CreateCollection,
    CreateIndex,
    DropIndex,
    HideIndex,
    ModifyIndex,
    ModifyValidation,
    Plan,
    RebuildIndex,
    RunMigrations,
    StageValidation,
    TightenValidation,
)
from noema_codegen.apply.adapter import Adapter, ServerInfo
from noema_codegen.apply.checks import (
    SAMPLE_LIMIT,
    CheckResult,
    duplicate_pipeline,
    parse_duplicates,
    violation_filter,
)
from noema_codegen.apply.errors import ApplyError
from noema_codegen.diagnostics import Outcome, UserFacingError


@dataclass(frozen=True)
class ApplyOptions:
    allow_violations: bool = False
    dry_run: bool = False
    commit_quorum: str | int | None = None
    run_migrations: bool = False
    """Run a plan's ``RunMigrations`` step (``--run-migrations``); else stop before it."""


MigrationRunner = Callable[[Adapter], list[str]]
"""Runs the pending migrations through the adapter's connection; returns report lines."""


class _Stop(Exception):
    """The staged roll-out stops here (not an error: a step the person must take first)."""


@dataclass
class ApplyReport:
    plan: Plan
    dry_run: bool = False
    checks: list[CheckResult] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: list[Action] = field(default_factory=list)
    failed: Action | None = None
    failed_with: list[Action] = field(default_factory=list)
    """Other actions sent in the same command as ``failed`` (a batched createIndexes, which
    the server commits all or none); they are in ``not_applied`` too."""
    error: str | None = None
    not_applied: list[Action] = field(default_factory=list)
    verification: Plan | None = None
    server: ServerInfo | None = None
    stopped: str | None = None
    """Why a staged roll-out stopped before its end (what to do next)."""
    migrations: list[str] = field(default_factory=list)
    """What the migration runner reported (``RunMigrations`` with ``run_migrations``)."""

    @property
    def ok(self) -> bool:
        verified = self.verification is None or not self.verification.actions
        return not self.refusals and self.error is None and self.stopped is None and verified


def _enforced(options: Mapping[str, Any]) -> bool:
    return options.get("validationLevel", "strict") == "strict" and options.get(
        "validationAction", "error"
    ) in ("error", "errorAndLog")


class Executor:
    def __init__(
        self,
        adapter: Adapter,
        options: ApplyOptions | None = None,
        migrations: MigrationRunner | None = None,
    ) -> None:
        self.adapter = adapter
        self.options = options or ApplyOptions()
        self.migrations = migrations
        self._report: ApplyReport | None = None

    def run(self, plan: Plan, replan: Callable[[], Plan] | None = None) -> ApplyReport:
        report = ApplyReport(plan=plan, dry_run=self.options.dry_run)
        if plan.blockers:
            report.refusals.extend(f"{b.collection}: {b.message}" for b in plan.blockers)
            report.not_applied = list(plan.actions)
            return report
        try:
            self._preflight(plan, report)
        except ApplyError as exc:
            report.error = f"pre-flight check failed, nothing applied: {exc}"
            report.not_applied = list(plan.actions)
            return report
        if report.refusals or self.options.dry_run:
            report.not_applied = list(plan.actions)
            return report
        self._report = report
        for position, batch in _batches(plan.actions):
            try:
                self._apply_batch(batch)
            except _Stop as stop:
                report.stopped = str(stop)
                report.not_applied = list(plan.actions[position:])
                return report
            except ApplyError as exc:
                report.failed = _named_in(batch, str(exc))
                report.failed_with = [a for a in batch if a is not report.failed]
                report.error = str(exc)
                report.not_applied = report.failed_with + list(
                    plan.actions[position + len(batch) :]
                )
                return report
            report.applied.extend(batch)
        if replan is not None and report.applied:  # nothing applied: the plan's read is current
            try:
                report.verification = replan()
            except ApplyError as exc:
                report.error = f"applied, but reading back to verify failed: {exc}"
        return report

    def _preflight(self, plan: Plan, report: ApplyReport) -> None:
        for action in plan.actions:
            if isinstance(action, TightenValidation):
                continue  # counted right before it runs, after the migrations
            if CHECK_VIOLATIONS in action.checks:
                self._check_violations(action, report)
            if CHECK_DUPLICATES in action.checks:
                self._check_duplicates(action, report)

    def _check_violations(self, action: Action, report: ApplyReport) -> None:
        if not isinstance(action, ModifyValidation | StageValidation):  # pragma: no cover
            return
        options = action.options
        query = violation_filter(options["validator"])
        count = self.adapter.count(action.collection, query)
        samples = (
            tuple(self.adapter.sample_ids(action.collection, query, SAMPLE_LIMIT)) if count else ()
        )
        result = CheckResult(CHECK_VIOLATIONS, action.collection, count, samples)
        report.checks.append(result)
        if not result.found:
            return
        if not _enforced(options):
            report.warnings.append(
                result.describe() + " (allowed: the new validation does not reject them: "
                f"validationLevel={options.get('validationLevel')}, "
                f"validationAction={options.get('validationAction')})"
            )
        elif self.options.allow_violations:
            report.warnings.append(
                result.describe() + " (allowed by --allow-violations: their next update will fail)"
            )
        else:
            report.refusals.append(
                result.describe() + ". Fix those documents first, or stage the roll-out with "
                "--validation-level moderate or --validation-action warn, or pass "
                "--allow-violations"
            )

    def _check_duplicates(self, action: Action, report: ApplyReport) -> None:
        if not isinstance(action, CreateIndex | RebuildIndex | ModifyIndex):  # pragma: no cover
            return
        spec = dict(action.spec)
        fields = [str(f) for f in spec["key"]]
        reply = self.adapter.aggregate(
            action.collection, duplicate_pipeline(spec), spec.get("collation")
        )
        result = parse_duplicates(action.target, reply, fields)
        report.checks.append(result)
        if result.found:
            report.refusals.append(
                result.describe() + ". Remove or merge the duplicates first; the index build "
                "would fail with E11000 otherwise"
            )

    def _apply_batch(self, batch: Sequence[Action]) -> None:
        first = batch[0]
        if len(batch) > 1:
            specs = [a.spec for a in batch if isinstance(a, CreateIndex)]
            self.adapter.create_indexes(first.collection, specs, self.options.commit_quorum)
        else:
            self._apply(first)

    def _apply(self, action: Action) -> None:
        adapter, quorum = self.adapter, self.options.commit_quorum
        match action:
            case CreateCollection():
                adapter.create_collection(action.collection, action.options)
            case ModifyValidation() | StageValidation():
                adapter.coll_mod(action.collection, action.options)
            case RunMigrations():
                self._run_migrations(action)
            case TightenValidation():
                self._tighten(action)
            case CreateIndex():
                adapter.create_indexes(action.collection, [action.spec], quorum)
            case RebuildIndex():
                adapter.drop_index(action.collection, action.index_name)
                try:
                    adapter.create_indexes(action.collection, [action.spec], quorum)
                except ApplyError as exc:
                    raise ApplyError(
                        f"index {action.target} was dropped but re-creating it failed "
                        f"(a re-run creates it): {exc}"
                    ) from exc
            case ModifyIndex():
                # one collMod per step: prepareUnique must be alone, and older servers refuse
                # several index options in one call
                for step in action.steps:
                    adapter.coll_mod(action.collection, {"index": dict(step)})
            case HideIndex():
                adapter.coll_mod(
                    action.collection, {"index": {"name": action.index_name, "hidden": True}}
                )
            case DropIndex():
                adapter.drop_index(action.collection, action.index_name)
            case _:
                assert_never(action)

    def _run_migrations(self, action: RunMigrations) -> None:
        names = ", ".join(action.migrations)
        if not self.options.run_migrations or self.migrations is None:
            raise _Stop(
                f"stopped after the warn step: pending migration(s) {names} must run before "
                "the validator is tightened. Next: `noema-codegen migrate --uri ...` (or pass "
                "--run-migrations), then run apply-validators again"
            )
        try:
            lines = self.migrations(self.adapter)
        except ApplyError:
            raise  # a server error: the run fails at this action (``report.failed``)
        except UserFacingError as exc:
            if exc.outcome is not Outcome.PROBLEMS:
                raise
            # e.g. orphans a migration cannot fix: the warn step stays, the report says so
            raise _Stop(f"the migrations stopped: {exc}") from None
        if self._report is not None:
            self._report.migrations.extend(lines)

    def _tighten(self, action: TightenValidation) -> None:
        query = violation_filter(action.options["validator"])
        count = self.adapter.count(action.collection, query)
        result = CheckResult(CHECK_VIOLATIONS, action.collection, count, ())
        report = self._report
        if report is not None:
            report.checks.append(result)
        if count and not self.options.allow_violations:
            raise _Stop(
                f"{count} document(s) of {action.collection} still fail the new validator; it "
                "stays at validationAction warn. Next: fix them (a new migration, see "
                "`noema-codegen migration new`), then run apply-validators again"
            )
        if count and report is not None:
            report.warnings.append(
                result.describe() + " (tightened anyway: --allow-violations; their next "
                "update will fail)"
            )
        self.adapter.coll_mod(action.collection, action.options)


def _batches(actions: Sequence[Action]) -> list[tuple[int, list[Action]]]:
    """``(position, actions)`` groups: consecutive creates on one collection form one group."""
    groups: list[tuple[int, list[Action]]] = []
    for position, action in enumerate(actions):
        if groups and isinstance(action, CreateIndex):
            _, last = groups[-1]
            if isinstance(last[-1], CreateIndex) and last[-1].collection == action.collection:
                last.append(action)
                continue
        groups.append((position, [action]))
    return groups


def _named_in(batch: Sequence[Action], error: str) -> Action:
    """The action of ``batch`` whose index the server's error names (else the first)."""
    named = [a for a in batch if isinstance(a, CreateIndex) and a.index_name in error]
    return max(named, key=lambda a: len(a.index_name)) if named else batch[0]
