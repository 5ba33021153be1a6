"""load -> lint -> IR: the ``Project`` every command consumes, or every diagnostic.

The one front end: ``pipeline.build`` renders what it returns, and ``apply``,
``validate`` and ``check-references`` read the same ``Project``, so nothing downstream
re-reads schemas its own way.
"""

from __future__ import annotations

from pathlib import Path

from noema_codegen.config import Config
from noema_codegen.diagnostics import BuildFailed, Diagnostic, errors_in
from noema_codegen.ir.build import build_project
from noema_codegen.ir.model import Project
from noema_codegen.lint import lint_sources
from noema_codegen.load import load_sources


def check_schemas(
    schema_dir: Path, config: Config | None = None
) -> tuple[Project | None, list[Diagnostic]]:
    """Load, lint and build the IR; all diagnostics, the project only when there is no error.

    ``config``: the settings the IR carries to the renderers (``Config()``'s defaults when
    not given; commands pass the one ``load_config`` built).
    """
    sources, diagnostics = load_sources(schema_dir)
    diagnostics.extend(lint_sources(sources))
    if errors_in(diagnostics):
        return None, sorted(diagnostics)
    project, found = build_project(sources, config or Config())
    diagnostics.extend(found)
    return project, sorted(diagnostics)


def load_project(schema_dir: Path, config: Config | None = None) -> Project:
    """The IR of ``schema_dir``; raises ``BuildFailed`` (with every diagnostic) on errors."""
    project, diagnostics = check_schemas(schema_dir, config)
    if project is None:
        raise BuildFailed(diagnostics)
    return project
