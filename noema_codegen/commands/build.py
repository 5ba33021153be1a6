"""``noema-codegen build``: render generated/ from schemas/, or check it is up to date."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.commands.options import schemas_option
from noema_codegen.diagnostic_output import echo_diagnostics
from noema_codegen.diagnostics import BuildFailed
from noema_codegen.pipeline import build
from noema_codegen.write import UnsafeOutputDir


@click.command(name="build")
@schemas_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("generated"),
    show_default=True,
    help="Output directory, replaced atomically as a whole (a directory that holds files "
    "noema-codegen did not write is refused).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Build in memory and compare with --out instead of writing (CI drift check).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
def command(schema_dir: Path, out_dir: Path, check: bool, quiet: bool) -> None:
    """Generate validators, indexes, Pydantic models and repositories from the schemas.

    \b
    Writes, from schemas/<collection>.json:
      generated/validators/<collection>.json   create/collMod options: {$jsonSchema} + level/action
      generated/indexes/<collection>.json      the createIndexes command, with stable names
      generated/noema_db/models/               Pydantic v2 models (import noema_db.models)
      generated/noema_db/repositories/         typed sync/async repositories

    \b
    The schemas are linted first (see `noema-codegen lint`): errors stop the
    build with exit 2 and nothing is written; warnings are printed. The output
    directory is replaced in one step, so a failed build leaves it untouched.

    \b
    With --check nothing is written: exit 0 when --out matches a fresh build,
    exit 1 with a unified diff and the list of stale files when it does not.
    Fix drift by running `noema-codegen build` and committing generated/.
    """
    try:
        result = build(schema_dir, out_dir, check=check)
    except BuildFailed as failed:
        echo_diagnostics(failed.diagnostics)
        click.secho("build failed: nothing was written", fg="red", err=True)
        raise SystemExit(2) from None
    except UnsafeOutputDir as unsafe:
        click.secho(f"build failed: {unsafe}", fg="red", err=True)
        raise SystemExit(2) from None
    echo_diagnostics(result.diagnostics)
    if result.drift is not None:
        if result.drift.clean:
            if not quiet:
                click.echo(f"{out_dir} is up to date ({len(result.files)} files)")
            return
        click.echo(result.drift.diff, nl=False)
        click.secho(
            f"{out_dir} is stale; these files differ from a fresh build:", fg="red", err=True
        )
        for path in result.drift.stale_files:
            click.echo(f"  {out_dir.as_posix()}/{path}", err=True)
        click.echo("run `noema-codegen build` and commit the result", err=True)
        raise SystemExit(1)
    if not quiet:
        click.echo(f"wrote {len(result.files)} files to {out_dir}")
