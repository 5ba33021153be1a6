"""Execute a ``Plan`` through an ``Adapter``: pre-flight checks, apply in order, read back, verify.

* Blockers in the plan: nothing is applied.
* Pre-flight (read-only, also in ``--dry-run``): before a validator change on an existing
  collection, count documents that violate it (``{$nor: [validator]}``) and sample a few
  ``_id``s; before creating/rebuilding a unique index, look for duplicate keys. Violations
  refuse the run unless the new validation is not enforced on them (``validationLevel:
  moderate`` or ``validationAction: warn``) or ``allow_violations`` is set; duplicates
  always refuse (the build would fail on the server anyway).
* Apply: one server command per action, in plan order. On the first error, stop: the report
  lists what was applied, what failed and what was not applied. Nothing is rolled back; since
  the next run plans from live state again, it resumes where this one stopped.
* Verify: re-read the live state and re-plan; anything still pending is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from noema_codegen.apply.actions import (
    CHECK_DUPLICATES,
    CHECK_VIOLATIONS,
    CREATE_COLLECTION,
    CREATE_INDEX,
    DROP_INDEX,
    HIDE_INDEX,
    MODIFY_INDEX,
    MODIFY_VALIDATION,
    REBUILD_INDEX,
    Action,
    Plan,
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


@dataclass(frozen=True)
class ApplyOptions:
    allow_violations: bool = False
    dry_run: bool = False
    commit_quorum: str | int | None = None


@dataclass
class ApplyReport:
    plan: Plan
    dry_run: bool = False
    checks: list[CheckResult] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: list[Action] = field(default_factory=list)
    failed: Action | None = None
    error: str | None = None
    not_applied: list[Action] = field(default_factory=list)
    verification: Plan | None = None
    server: ServerInfo | None = None

    @property
    def ok(self) -> bool:
        verified = self.verification is None or not self.verification.actions
        return not self.refusals and self.error is None and verified


def _enforced(options: dict[str, Any]) -> bool:
    return options.get("validationLevel", "strict") == "strict" and options.get(
        "validationAction", "error"
    ) in ("error", "errorAndLog")


class Executor:
    def __init__(self, adapter: Adapter, options: ApplyOptions | None = None) -> None:
        self.adapter = adapter
        self.options = options or ApplyOptions()

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
        for position, action in enumerate(plan.actions):
            try:
                self._apply(action)
            except ApplyError as exc:
                report.failed = action
                report.error = str(exc)
                report.not_applied = list(plan.actions[position + 1 :])
                return report
            report.applied.append(action)
        if replan is not None:
            try:
                report.verification = replan()
            except ApplyError as exc:
                report.error = f"applied, but reading back to verify failed: {exc}"
        return report

    def _preflight(self, plan: Plan, report: ApplyReport) -> None:
        for action in plan.actions:
            if CHECK_VIOLATIONS in action.checks:
                self._check_violations(action, report)
            if CHECK_DUPLICATES in action.checks:
                self._check_duplicates(action, report)

    def _check_violations(self, action: Action, report: ApplyReport) -> None:
        options = dict(action.payload["options"])
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
        spec = dict(action.payload["spec"])
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

    def _apply(self, action: Action) -> None:
        adapter, p, name = self.adapter, action.payload, action.index_name or ""
        if action.kind == CREATE_COLLECTION:
            adapter.create_collection(action.collection, p["options"])
        elif action.kind == MODIFY_VALIDATION:
            adapter.coll_mod(action.collection, p["options"])
        elif action.kind == CREATE_INDEX:
            adapter.create_indexes(action.collection, [p["spec"]], self.options.commit_quorum)
        elif action.kind == REBUILD_INDEX:
            adapter.drop_index(action.collection, name)
            try:
                adapter.create_indexes(action.collection, [p["spec"]], self.options.commit_quorum)
            except ApplyError as exc:
                raise ApplyError(
                    f"index {action.target} was dropped but re-creating it failed "
                    f"(a re-run creates it): {exc}"
                ) from exc
        elif action.kind == MODIFY_INDEX:
            # one collMod per option: older servers refuse several index options in one call
            for option, value in p["index"].items():
                if option != "name":
                    adapter.coll_mod(action.collection, {"index": {"name": name, option: value}})
        elif action.kind == HIDE_INDEX:
            adapter.coll_mod(action.collection, {"index": {"name": name, "hidden": True}})
        elif action.kind == DROP_INDEX:
            adapter.drop_index(action.collection, name)
        else:  # pragma: no cover - the planner only emits the kinds above
            raise ValueError(f"unknown action {action.kind}")
