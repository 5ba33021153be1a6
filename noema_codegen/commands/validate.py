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
    DEFAULT_MAX_DETAILS,
    CheckReport,
    Outcome,
    load_collection_validator,
)
from noema_codegen.document_progress import check_files_with_progress
from noema_codegen.document_report import outcome_json, outcome_lines, summary_json, summary_lines
from noema_codegen.live_check import check_live_collection


@click.command(name="validate", cls=UriCommand)
@click.argument("collection")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
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
    help="Documents per batch of the _id range scan and per round trip (with --uri).",
)
@click.option(
    "--sample",
    type=click.IntRange(1),
    default=None,
    help="With --uri: check N random documents ($sample) client-side instead of letting the "
    "server scan the whole collection.",
)
@click.option(
    "--max-details",
    default=DEFAULT_MAX_DETAILS,
    show_default=True,
    type=click.IntRange(0),
    help="Print at most N invalid or undecodable records (the rest are counted); 0: summary only.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one JSON object per line per invalid or undecodable record, then a summary "
    "object (see docs/validation.md).",
)
@schemas_option
def command(
    collection: str,
    files: tuple[Path, ...],
    uri: str | None,
    database: str | None,
    timeout: float | None,
    batch_size: int,
    sample: int | None,
    max_details: int,
    fmt: str,
    schema_dir: Path | None,
) -> None:
    """Check documents against COLLECTION's $jsonSchema exactly as MongoDB would.

    \b
    noema-codegen validate users export.jsonl      one document per line (mongoexport)
    noema-codegen validate users export.json       one JSON array (mongoexport --jsonArray)
    mongoexport -c users | noema-codegen validate users -     standard input
    noema-codegen validate users export.jsonl --format json | jq 'select(.kind == "invalid")'
    noema-codegen validate users --uri URI         the server finds the invalid documents
    noema-codegen validate users --uri URI --sample 1000   1000 random documents, checked here

    Prints each invalid document's place and _id with its errors, each record that
    cannot be decoded (bad JSON or Extended JSON, not an object, nested too deeply...)
    at its place (file:line, or file[index] (line N) in an array) with the JSON pointer,
    and goes on; then a summary: documents checked, invalid, undecodable, valid, and
    invalid documents by keyword (see docs/validation.md). A progress bar is shown on
    a terminal only. With --uri the server itself finds the documents its validator
    rejects ({$nor: [validator]}, in _id ranges of --batch-size documents; on a sharded
    cluster through mongos on every shard); only those are fetched and explained.
    Exit codes: 0 all valid, 1 some record is invalid or undecodable, 2 the command cannot
    run (unknown collection, unreadable file, bad options, a bad URI, an unreachable server,
    a failed login).
    """
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    if not files and not uri:
        uri = uri_from_env(None, config)
    if bool(files) == bool(uri):
        raise click.UsageError("give either FILE arguments or --uri (exactly one of them)")
    if sample is not None and not uri:
        raise click.UsageError("--sample needs --uri (a file is always read whole)")
    remember_uri(uri)
    # InputError and CannotConnect propagate: the CLI reports them (exit 2), redacting any URI
    # typed by mistake as COLLECTION or FILE too.
    validator, validator_document = load_collection_validator(config.schemas, collection)
    as_json = fmt == "json"

    def show(outcome: Outcome) -> None:
        if as_json:
            click.echo(outcome_json(outcome))
        else:
            for line in outcome_lines(outcome):
                click.echo(line)

    progress = sys.stderr.isatty()
    report: CheckReport
    if uri:
        report = check_live_collection(
            validator,
            collection,
            uri,
            required_database(config),
            validator_document=validator_document,
            sample=sample,
            batch_size=batch_size,
            max_details=max_details,
            progress=progress,
            timeout=config.timeout,
            on_outcome=show,
        )
    else:
        report = check_files_with_progress(
            validator,
            collection,
            files,
            max_details=max_details,
            on_outcome=show,
            progress=progress,
        )
    if as_json:
        click.echo(summary_json(report))
    else:
        for line in summary_lines(report):
            click.echo(line)
    raise SystemExit(Exit.OK if report.ok else Exit.PROBLEMS)
