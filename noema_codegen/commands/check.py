"""``noema-codegen check``: lint + drift check in one process (for pre-commit hooks and CI)."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.commands.build import report_build, warn_leftovers
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import command_config, no_cache_option, schemas_option
from noema_codegen.config import Config
from noema_codegen.diagnostics import warnings_in
from noema_codegen.pipeline import build


@click.command(name="check")
@schemas_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Generated directory to compare with a fresh build "
    f"[default: `out` in [tool.noema-codegen], else {Config.out}].",
)
@click.option(
    "--package",
    default=None,
    help="Name of the generated Python package "
    f"[default: `package` in [tool.noema-codegen], else {Config.package}].",
)
@no_cache_option
@click.option("--warnings-as-errors", is_flag=True, help="Exit 1 when there are lint warnings.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
def command(
    schema_dir: Path | None,
    out_dir: Path | None,
    package: str | None,
    warnings_as_errors: bool,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Lint the schemas and check that generated/ is up to date, in one process.

    What `noema-codegen lint` then `noema-codegen build --check` report, with the
    schemas loaded, linted and turned into the IR once: lint errors (exit 2,
    nothing compared), warnings, then the drift check (exit 1 with a unified
    diff when generated/ differs from a fresh build). Nothing is written.

    \b
    Example, as a pre-commit hook (.pre-commit-config.yaml):
      - repo: local
        hooks:
          - id: noema-codegen
            name: noema-codegen check
            entry: noema-codegen check --quiet
            language: system
            pass_filenames: false
            files: ^(schemas|generated)/
    """
    config = command_config(
        schemas=schema_dir, out=out_dir, package=package, cache_dir=False if no_cache else None
    )
    warn_leftovers(config.out)
    result = build(config, check=True)
    report_build(result, config.out, quiet=quiet)
    if warnings_as_errors and warnings_in(result.diagnostics):
        raise SystemExit(Exit.PROBLEMS)
