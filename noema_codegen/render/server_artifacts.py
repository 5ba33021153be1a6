"""What the server receives: validator options and createIndexes commands, as data."""

from __future__ import annotations

from noema_codegen.ir.model import Project
from noema_codegen.render.canonical_json import canonical_json


def render_validators(project: Project) -> dict[str, str]:
    return {
        f"validators/{c.name}.json": canonical_json(c.validator_options)
        for c in project.collections
    }


def render_indexes(project: Project) -> dict[str, str]:
    return {
        f"indexes/{c.name}.json": canonical_json(
            {"createIndexes": c.name, "indexes": c.index_specs}
        )
        for c in project.collections
    }
