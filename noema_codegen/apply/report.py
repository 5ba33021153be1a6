"""Render an ``ApplyReport`` (what was checked, refused, applied, failed, verified) as text."""

from __future__ import annotations

from noema_codegen.apply.actions import RunMigrations
from noema_codegen.apply.executor import ApplyReport
from noema_codegen.apply.render import describe, render_text


def render_report(report: ApplyReport) -> str:
    lines = []
    if report.server is not None:
        lines.append(f"MongoDB {report.server.version} ({report.server.topology})")
    lines.append(render_text(report.plan).rstrip("\n"))
    for check in report.checks:
        status = "FOUND " if check.found else "ok    "
        lines.append(f"check {status}{check.check} on {check.target}: {check.count}")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    if report.refusals:
        lines.append("REFUSED, nothing was changed:")
        lines.extend(f"  - {reason}" for reason in report.refusals)
    if report.dry_run and not report.refusals:
        lines.append("dry run: nothing was changed.")
    for action in report.applied:
        lines.append("applied " + describe(action)[0])
        if isinstance(action, RunMigrations):
            lines.extend(f"  {line}" for line in report.migrations)
    if report.stopped is not None:
        lines.append(f"STOPPED: {report.stopped}")
        lines.append("not applied yet:")
        lines.extend("  " + describe(action)[0] for action in report.not_applied)
    if report.failed is not None:
        lines.append("FAILED  " + describe(report.failed)[0])
        lines.append(f"  error: {report.error}")
        if report.failed_with:
            names = ", ".join(action.target for action in report.failed_with)
            lines.append(
                f"  sent in the same createIndexes command (built together, so none was "
                f"created): {names}"
            )
    elif report.error:
        lines.append(f"error: {report.error}")
    if report.not_applied and (report.failed is not None or (report.error and not report.refusals)):
        lines.append("not applied (a re-run resumes from the live state):")
        lines.extend("  " + describe(action)[0] for action in report.not_applied)
    if report.verification is not None:
        if report.verification.actions:
            lines.append("VERIFY FAILED: after applying, the database still differs:")
            lines.extend("  " + describe(action)[0] for action in report.verification.actions)
        else:
            lines.append("verified: the database now matches the schemas.")
    return "\n".join(lines) + "\n"
