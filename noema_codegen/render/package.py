"""The fixed files of the generated ``noema_db`` package."""

from __future__ import annotations

from noema_codegen.ir.model import Project
from noema_codegen.render.headers import python_header


def render_package(project: Project) -> dict[str, str]:
    sources = [c.source_file for c in project.collections]
    init = python_header(
        sources, "The noema_db package: Pydantic models and typed repositories."
    ) + (
        '"""Generated models (``noema_db.models``) and repositories (``noema_db.repositories``)."""\n'
    )
    return {"noema_db/__init__.py": init, "noema_db/py.typed": ""}
