"""What a migration run reports, as text lines (``migrate`` and ``apply-validators
--run-migrations`` print the same)."""

from __future__ import annotations

from noema_codegen.migrations.runner import MigrationReport


def report_lines(reports: list[MigrationReport]) -> list[str]:
    if not reports:
        return ["no pending migrations"]
    lines = []
    for report in reports:
        lines.append(f"{report.name}: {report.status}")
        for step in report.steps:
            what = f"  step {step.step} {step.collection} {step.change}"
            what += f" {step.path}" if step.path else ""
            if report.status == "dry run":
                count = step.remaining if step.change == "new-reference" else step.matched
                noun = "orphan(s)" if step.change == "new-reference" else "document(s) to update"
                lines.append(f"{what}: {count} {noun}")
            else:
                line = f"{what}: matched {step.matched}, modified {step.modified}"
                if step.remaining:
                    line += f"; {step.remaining} still match the filter: fix them by hand or in a new migration"
                lines.append(line)
    return lines
