"""``diff``'s one entry point and its text output."""

from __future__ import annotations

from collections.abc import Sequence

from noema_codegen.config import Config
from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.evolution.classify import diff_projects
from noema_codegen.evolution.source_ref import current_project, project_against

FAIL_ON: dict[str, tuple[Kind, ...]] = {
    "data": (Kind.DATA,),
    "code": (Kind.CODE,),
    "any": (Kind.DATA, Kind.CODE, Kind.SAFE),
}
"""``--fail-on`` value -> the kinds of change that make ``diff`` exit 1."""


def diff_against(against: str, config: Config) -> list[Change]:
    """The classified changes from the schemas at ``against`` to those in ``config.schemas``."""
    old = project_against(against, config)
    new = current_project(config)
    return diff_projects(old, new)


def fails(changes: Sequence[Change], fail_on: str | None) -> bool:
    if fail_on is None:
        return False
    kinds = FAIL_ON[fail_on]
    return any(change.is_a(kind) for change in changes for kind in kinds)


def summary(changes: Sequence[Change]) -> str:
    if not changes:
        return "no changes"
    data = sum(1 for c in changes if c.is_a(Kind.DATA))
    code = sum(1 for c in changes if c.is_a(Kind.CODE))
    safe = sum(1 for c in changes if c.is_a(Kind.SAFE))
    return f"{len(changes)} change(s): {data} data-tightening, {code} code-breaking, {safe} safe"


def text_lines(changes: Sequence[Change]) -> list[str]:
    lines = [change.as_text() for change in changes]
    lines.append(summary(changes))
    if any(c.is_a(Kind.DATA) for c in changes):
        lines.append(
            "next: `noema-codegen migration new NAME` proposes a migration for the "
            "data-tightening changes (docs/evolution.md)"
        )
    return lines
