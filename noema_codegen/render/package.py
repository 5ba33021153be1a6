"""The fixed files of the generated package (``Config.package``)."""

from __future__ import annotations

from noema_codegen.ir.model import Project
from noema_codegen.render.headers import python_header


def render_package(project: Project) -> dict[str, str]:
    package = project.config.package
    sources = [c.source_file for c in project.collections]
    init = python_header(
        sources, f"The {package} package: Pydantic models and typed repositories."
    ) + (
        f'"""Generated models (``{package}.models``) and repositories '
        f'(``{package}.repositories``)."""\n'
    )
    return {f"{package}/__init__.py": init, f"{package}/py.typed": ""}
