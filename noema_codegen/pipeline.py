"""The one pipeline: load -> lint -> IR -> render -> write (or compare).

``build`` renders and writes the Project that ``checked_project`` (load -> lint -> IR) gives;
``apply``, ``validate`` and ``check-references`` take that same Project from
``checked_project`` directly, so they consume the same IR as the renderers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from noema_codegen.checked_project import check_schemas
from noema_codegen.config import Config, check_cache_outside_out
from noema_codegen.diagnostics import Diagnostic, errors_in
from noema_codegen.ir.model import Project
from noema_codegen.render.models import render_models
from noema_codegen.render.package import render_package
from noema_codegen.render.repositories import render_repositories
from noema_codegen.render.server_artifacts import render_indexes, render_validators
from noema_codegen.write import (
    MARKER,
    Drift,
    OutputError,
    UnsafeOutputDir,
    compare,
    foreign_paths,
    marker_text,
    write_tree,
)

Renderer = Callable[[Project], dict[str, str]]
RENDERERS: tuple[Renderer, ...] = (
    render_validators,
    render_indexes,
    render_package,
    render_models,
    render_repositories,
)


def render_all(project: Project) -> dict[str, str]:
    files: dict[str, str] = {}
    for renderer in RENDERERS:
        for path, text in renderer(project).items():
            if path in files:
                raise RuntimeError(f"two renderers produce {path}")
            files[path] = text
    if MARKER in files:
        raise RuntimeError(f"a renderer produces {MARKER}, which the pipeline writes")
    files[MARKER] = marker_text(files)
    return dict(sorted(files.items()))


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    files: dict[str, str] = field(default_factory=dict)
    drift: Drift | None = None
    up_to_date: bool = False
    foreign: list[str] = field(default_factory=list)
    """(``check``) files in the output directory that no build wrote: a build would refuse."""
    output_error: OutputError | None = None
    """Why the output directory could not be read, replaced or written (nothing was written)."""

    @property
    def schemas_failed(self) -> bool:
        """The schemas have errors (in ``diagnostics``): nothing was rendered or written."""
        return not self.files and bool(errors_in(self.diagnostics))


def build(config: Config, *, check: bool = False) -> BuildResult:
    """Render ``config.schemas`` in memory; then write ``config.out`` atomically, or
    (``check``) compare.

    Nothing is written when ``out_dir`` already holds exactly the rendered files
    (``up_to_date``). Problems are values, not exceptions: schema errors come back in
    ``diagnostics`` (``schemas_failed``), and an output directory that cannot be read, holds
    files no build wrote, or cannot be written comes back as ``output_error``; nothing is
    written then. A ``cache_dir`` inside ``out_dir`` raises ``ConfigError``.
    """
    out_dir = config.out
    check_cache_outside_out(config)
    project, diagnostics = check_schemas(config.schemas, config)
    if project is None:
        return BuildResult(diagnostics)
    files = render_all(project)
    try:
        if check:
            drift = compare(files, out_dir)
            return BuildResult(diagnostics, files, drift, foreign=foreign_paths(files, out_dir))
        foreign = foreign_paths(files, out_dir)
        if foreign:  # before reading any file: --out may be a large directory that is not ours
            raise UnsafeOutputDir(out_dir, foreign)
        if compare(files, out_dir).clean:
            return BuildResult(diagnostics, files, up_to_date=True)
        write_tree(files, out_dir)
    except OutputError as failed:
        return BuildResult(diagnostics, files, output_error=failed)
    return BuildResult(diagnostics, files)
