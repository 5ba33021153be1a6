"""`noema-codegen snapshot`: print a live database's collections and indexes as Extended JSON."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.apply.cli_support import db_option, reported_errors, uri_option
from noema_codegen.apply.service import snapshot_text
from noema_codegen.commands.options import timeout_option


@click.command(name="snapshot")
@uri_option(required=True)
@db_option
@timeout_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
def command(uri: str, database: str, timeout: float | None, output: Path | None) -> None:
    """Dump listCollections and listIndexes replies as canonical Extended JSON.

    Shape: {"database": ..., "collections": [...], "indexes": {collection: [...]}}.
    Feed it to `plan --from-snapshot` to review a plan offline.

    Exit codes: 0 written, 1 a server error (e.g. a missing privilege), 2 bad input (a bad
    URI, an unreachable server, a failed login).
    """
    with reported_errors(uri):
        text = snapshot_text(uri, database, timeout)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
