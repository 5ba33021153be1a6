"""``noema-codegen check-references``: find orphaned references in a live database."""

from __future__ import annotations

from pathlib import Path

import click
from bson import json_util

from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.service import project_of
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import (
    command_config,
    required_database,
    required_uri,
    schemas_option,
    timeout_option,
)
from noema_codegen.commands.uri_support import UriCommand, db_option, uri_option
from noema_codegen.integrity.references import OrphanReport, check_references, plan_reference_checks


@click.command(name="check-references", cls=UriCommand)
@uri_option()
@db_option
@timeout_option
@schemas_option
@click.option(
    "--sample", default=5, show_default=True, help="How many orphan _ids to show per reference."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def command(
    uri: str | None,
    database: str | None,
    timeout: float | None,
    schema_dir: Path | None,
    sample: int,
    fmt: str,
) -> None:
    """Report documents whose declared references (x-noema.references) point at nothing.

    One $lookup aggregation per reference, e.g. userSessions.masterAccountId ->
    userCore._id. A value of the wrong BSON type never matches and is reported
    too. Run it before tightening validators or migrating. Read-only.

    Exit codes: 0 no orphans, 1 orphans found (or a server error), 2 bad input (also a bad
    URI, an unreachable server, a failed login).
    """
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    uri = required_uri(uri, config)
    database = required_database(config)
    checks = plan_reference_checks(project_of(config.schemas, config), sample)
    adapter = PymongoAdapter(uri, database, timeout=config.timeout)
    try:
        reports = check_references(checks, adapter)
    finally:
        adapter.close()
    _print(reports, fmt)
    if any(r.count for r in reports):
        raise SystemExit(Exit.PROBLEMS)


def _print(reports: list[OrphanReport], fmt: str) -> None:
    if fmt == "json":
        data = [
            {"reference": r.check.label, "orphans": r.count, "sample": r.sample} for r in reports
        ]
        click.echo(json_util.dumps(data, indent=2, json_options=json_util.RELAXED_JSON_OPTIONS))
        return
    for report in reports:
        status = "ok" if not report.count else f"{report.count} orphan(s)"
        click.echo(f"{report.check.label}: {status}")
        for doc in report.sample:
            click.echo(
                f"    _id {json_util.dumps(doc['_id'])} -> {json_util.dumps(doc.get('value'))}"
            )
