"""``noema-codegen build``: render generated/ from schemas/, or check it is up to date."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import command_config, no_cache_option, schemas_option
from noema_codegen.config import Config
from noema_codegen.diagnostic_output import echo_diagnostics
from noema_codegen.evolution.head_check import code_breaking_since_head, warning_line
from noema_codegen.pipeline import BuildResult, build
from noema_codegen.write import interrupted_leftovers


@click.command(name="build")
@schemas_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output directory, replaced atomically as a whole; refused (exit 2, nothing deleted) "
    "while it holds a file that neither the last build nor this one writes "
    f"[default: `out` in [tool.noema-codegen], else {Config.out}].",
)
@click.option(
    "--package",
    default=None,
    help="Name of the generated Python package "
    f"[default: `package` in [tool.noema-codegen], else {Config.package}].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Build in memory and compare with --out instead of writing (CI drift check).",
)
@no_cache_option
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option(
    "--no-breaking-check",
    "no_breaking_check",
    is_flag=True,
    help="Do not compare the schemas with git HEAD for code-breaking changes.",
)
def command(
    schema_dir: Path | None,
    out_dir: Path | None,
    package: str | None,
    check: bool,
    quiet: bool,
    no_cache: bool,
    no_breaking_check: bool,
) -> None:
    """Generate validators, indexes, Pydantic models and repositories from the schemas.

    \b
    Writes, from schemas/<collection>.json (directories and the package name come
    from [tool.noema-codegen] in pyproject.toml or the flags: `noema-codegen config`):
      generated/validators/<collection>.json   create/collMod options: {$jsonSchema} + level/action
      generated/indexes/<collection>.json      the createIndexes command, with stable names
      generated/<package>/models/              Pydantic v2 models (import <package>.models)
      generated/<package>/repositories/        typed sync/async repositories
      generated/<package>/_runtime/            the runtime they import (no noema-codegen)
      generated/pyproject.toml                 makes generated/ a project: pip install -e generated

    \b
    The schemas are linted first (see `noema-codegen lint`): errors stop the
    build with exit 2 and nothing is written; warnings are printed.

    \b
    Writing --out:
      - already identical: nothing is rewritten ("... is up to date"), mtimes kept
      - it holds files that neither the last build (whose files its
        .noema-codegen marker lists) nor this one writes: exit 2 with their list,
        nothing deleted or written; move them out or delete them, then
        re-run. Caches (__pycache__, .mypy_cache ...) are ignored and go with
        the old tree.
      - otherwise the new tree is written next to it and swapped in with two
        renames: a failure (full disk, read-only file system, permission
        denied, --out is a file) is exit 2 with the path and what failed, and
        leaves --out byte-identical, with no temporary directory left.
      - directories and files get the permissions your umask gives.
      - a build that was killed midway can leave .<out>.new.* / .<out>.old.*
        beside --out: each build warns about them; delete them yourself.

    \b
    With --check nothing is written: exit 0 when --out matches a fresh build,
    exit 1 with a unified diff and the list of stale files when it does not
    (files noema-codegen did not write, which a build would refuse, listed apart).
    Fix drift by running `noema-codegen build` and committing generated/.

    \b
    Inside a git repository, the schemas are also compared with those at HEAD
    (file hashes first, so an unchanged tree costs two git calls), and each
    code-breaking change of the generated API (a removed field, collection or
    query, a changed type...) is printed on stderr, the exit code unchanged:
      warning: code-breaking change: schemas/userPreferences.json#/x-noema/queries/
        delete_preference_by_key: query delete_preference_by_key is removed: ...
    Review it with `noema-codegen diff --against HEAD`; --no-breaking-check skips it.
    """
    config = command_config(
        schemas=schema_dir, out=out_dir, package=package, cache_dir=False if no_cache else None
    )
    warn_leftovers(config.out)
    result = build(config, check=check)
    if not no_breaking_check and not result.schemas_failed:
        warn_code_breaking(config)
    report_build(result, config.out, quiet=quiet)


def warn_code_breaking(config: Config) -> None:
    """A ``warning:`` line on stderr per code-breaking change since git HEAD."""
    for change in code_breaking_since_head(config):
        click.secho(f"warning: {warning_line(change)}", fg="yellow", err=True)


def warn_leftovers(out_dir: Path) -> None:
    """Warn about the temporary trees an interrupted build left beside ``out_dir``."""
    for leftover in interrupted_leftovers(out_dir):
        click.secho(
            f"warning: {leftover} was left by an interrupted build (a new tree, or the previous "
            f"one moved aside); check it, then delete it (builds never do)",
            fg="yellow",
            err=True,
        )


def report_build(result: BuildResult, out_dir: Path, *, quiet: bool) -> None:
    """Print a build (or ``--check``) result; exit 2 on schema or output errors, 1 on drift."""
    echo_diagnostics(result.diagnostics)
    if result.schemas_failed:
        click.secho("build failed: nothing was written", fg="red", err=True)
        raise SystemExit(Exit.BAD_INPUT)
    if result.output_error is not None:
        click.secho(f"build failed: {result.output_error}", fg="red", err=True)
        raise SystemExit(Exit.BAD_INPUT)
    if result.drift is not None:
        if result.drift.clean:
            if not quiet:
                click.echo(f"{out_dir.as_posix()}/ is up to date ({len(result.files)} files)")
            return
        click.echo(result.drift.diff, nl=False)
        click.secho(
            f"{out_dir} is stale; these files differ from a fresh build:", fg="red", err=True
        )
        for path in result.drift.stale_files:
            click.echo(f"  {out_dir.as_posix()}/{path}", err=True)
        if result.foreign:
            click.echo(
                f"of these, noema-codegen did not write {len(result.foreign)}, and a build "
                "refuses to replace them: move them out or delete them first:",
                err=True,
            )
            for path in result.foreign:
                click.echo(f"  {out_dir.as_posix()}/{path}", err=True)
        click.echo("run `noema-codegen build` and commit the result", err=True)
        raise SystemExit(Exit.PROBLEMS)
    if not quiet:
        if result.up_to_date:
            click.echo(
                f"{out_dir.as_posix()}/ is up to date ({len(result.files)} files; nothing written)"
            )
        else:
            click.echo(f"wrote {len(result.files)} files to {out_dir.as_posix()}/")
