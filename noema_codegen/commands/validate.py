"""``noema-codegen validate``: which documents MongoDB would reject, and why."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from noema_codegen.commands.error_report import remember_uri
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import (
    command_config,
    required_database,
    schemas_option,
    timeout_option,
    uri_from_env,
)
from noema_codegen.commands.uri_support import UriCommand, checked_database
from noema_codegen.document_check import (
    CheckReport,
    check_files,
    check_live_collection,
    load_validator,
    report_json,
    report_lines,
)


@click.command(name="validate", cls=UriCommand)
@click.argument("collection")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--uri",
    help="Read the live collection from this MongoDB URI instead of files (or set the variable "
    "named by `uri-env` in [tool.noema-codegen] and give no FILE); credentials are never printed.",
)
@click.option(
    "--db",
    "database",
    default=None,
    callback=checked_database,
    help="Database (with --uri) [default: `database` in [tool.noema-codegen]].",
)
@timeout_option
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1),
    help="Documents per round trip (with --uri).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@schemas_option
def command(
    collection: str,
    files: tuple[Path, ...],
    uri: str | None,
    database: str | None,
    timeout: float | None,
    batch_size: int,
    fmt: str,
    schema_dir: Path | None,
) -> None:
    """Check documents against COLLECTION's $jsonSchema exactly as MongoDB would.

    \b
    noema-codegen validate COLLECTION FILE...     Extended JSON: an array, or one document per line
    noema-codegen validate COLLECTION --uri URI   the live collection, read in batches

    Prints each invalid document's _id with its errors and a summary. A file that
    cannot be read exactly (bad JSON or Extended JSON, a lone surrogate, nesting
    deeper than MongoDB stores...) stops with its place: file:line or file[index]
    and the JSON pointer (see docs/validation.md).
    Exit codes: 0 all valid, 1 some document is invalid, 2 bad input (also a bad URI, an
    unreachable server, a failed login).
    """
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    if not files and not uri:
        uri = uri_from_env(None, config)
    if bool(files) == bool(uri):
        raise click.UsageError("give either FILE arguments or --uri (exactly one of them)")
    remember_uri(uri)
    # InputError and CannotConnect propagate: the CLI reports them (exit 2), redacting any URI
    # typed by mistake as COLLECTION or FILE too.
    validator = load_validator(config.schemas, collection)
    report: CheckReport
    if uri:
        report = check_live_collection(
            validator,
            collection,
            uri,
            required_database(config),
            batch_size=batch_size,
            progress=sys.stderr.isatty(),
            timeout=config.timeout,
        )
    else:
        report = check_files(validator, collection, files)
    if fmt == "json":
        click.echo(report_json(report))
    else:
        for line in report_lines(report):
            click.echo(line)
    raise SystemExit(Exit.OK if report.ok else Exit.PROBLEMS)
