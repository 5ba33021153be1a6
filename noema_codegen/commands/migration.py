"""``noema-codegen migration new|lint``: write and check data migration files."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import command_config, dir_option, schemas_option
from noema_codegen.diagnostic_output import diagnostics_json, echo_diagnostics
from noema_codegen.diagnostics import errors_in
from noema_codegen.migrations.service import default_directory, lint_migrations, new_migration


@click.group(name="migration", context_settings={"help_option_names": ["-h", "--help"]})
def command() -> None:
    """Data migrations as reviewable files: migrations/NNNN_name.json.

    \b
      noema-codegen migration new event_data_required   # propose from `diff --against HEAD`
      noema-codegen migration lint                      # check every migration file

    Then review the file, commit it with the schema change, and run
    `noema-codegen migrate --dry-run` / `migrate` (docs/evolution.md).
    """


@command.command(name="new")
@click.argument("name")
@schemas_option
@dir_option
@click.option(
    "--against",
    default="HEAD",
    show_default=True,
    metavar="REF|DIR",
    help="The old schemas: a git ref or a directory (as for `diff`).",
)
def new(name: str, schema_dir: Path | None, directory: Path | None, against: str) -> None:
    """Write migrations/NNNN_NAME.json proposed from the diff against REF.

    \b
      noema-codegen migration new event_data_required
      noema-codegen migration new created_at_to_date --against origin/main

    One step per data-tightening change: a filter finding the affected documents
    and a proposed update ($set the default of a new required field, $convert with
    onError for a changed type, $rename for a renamedFrom field, $unset for a
    removed one); a new reference gets the orphan query. A step the tool cannot
    decide carries a "todo" that `migration lint` refuses until it is removed.
    The file is written atomically and never overwritten.

    Exit codes: 0 written, 2 bad input (bad name, unknown ref, schema errors, file exists).
    """
    config = command_config(schemas=schema_dir)
    created = new_migration(name, against, config, directory or default_directory(config))
    steps = created.document["steps"]
    todos = sum(1 for step in steps if "todo" in step)
    click.echo(f"wrote {created.path} ({len(steps)} step(s), {todos} to review)")
    if not steps:
        click.echo("no data-tightening change since " + against + ": the file has no step yet")


@command.command(name="lint")
@schemas_option
@dir_option
@click.option(
    "--against",
    default=None,
    metavar="REF|DIR",
    help="Also accept field paths of these old schemas (a git ref or a directory).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def lint(schema_dir: Path | None, directory: Path | None, against: str | None, fmt: str) -> None:
    """Check every migration file against the schemas.

    \b
      noema-codegen migration lint
      noema-codegen migration lint --against origin/main --format json

    Structure (the JSON Schema in docs/evolution.md), no "todo" left, known
    collections and field paths (or renamedFrom names), update operators, and
    what can be decided without data: a constant $set writes (also a literal in
    a pipeline) must satisfy the new schema of its field, a $convert must
    convert to a type the field admits, a required field must not be $unset.

    Exit codes: 0 clean (warnings allowed), 1 a migration has errors, 2 bad input.
    """
    config = command_config(schemas=schema_dir)
    migrations, found = lint_migrations(config, directory or default_directory(config), against)
    if fmt == "json":
        click.echo(diagnostics_json(found))
    else:
        echo_diagnostics(found)
        if not errors_in(found):
            click.echo(f"{len(migrations)} migration(s), no errors")
    if errors_in(found):
        raise SystemExit(Exit.PROBLEMS)
