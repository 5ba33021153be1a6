"""`noema-codegen snapshot`: print a live database's collections and indexes as Extended JSON."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.apply.cli_support import db_option, reported_errors, uri_option
from noema_codegen.apply.service import snapshot_text


@click.command(name="snapshot")
@uri_option(required=True)
@db_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
def command(uri: str, database: str, output: Path | None) -> None:
    """Dump listCollections and listIndexes replies as canonical Extended JSON.

    Shape: {"database": ..., "collections": [...], "indexes": {collection: [...]}}.
    Feed it to `plan --from-snapshot` to review a plan offline.
    """
    with reported_errors(uri):
        text = snapshot_text(uri, database)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
