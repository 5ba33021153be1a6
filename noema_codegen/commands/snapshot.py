"""`noema-codegen snapshot`: print a live database's collections and indexes as Extended JSON."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.apply.service import snapshot_text
from noema_codegen.atomic_write import write_text_atomically
from noema_codegen.commands.options import (
    command_config,
    required_database,
    required_uri,
    timeout_option,
)
from noema_codegen.commands.uri_support import (
    UriCommand,
    db_option,
    fail,
    uri_option,
)


@click.command(name="snapshot", cls=UriCommand)
@uri_option()
@db_option
@timeout_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output (replaced atomically).",
)
def command(
    uri: str | None, database: str | None, timeout: float | None, output: Path | None
) -> None:
    """Dump listCollections and listIndexes replies as canonical Extended JSON.

    Shape: {"database": ..., "collections": [...], "indexes": {collection: [...]}}.
    Feed it to `plan --from-snapshot` to review a plan offline.

    Exit codes: 0 written, 1 a server error (e.g. a missing privilege), 2 bad input (a bad
    URI, an unreachable server, a failed login).
    """
    config = command_config(database=database, timeout=timeout)
    uri = required_uri(uri, config)
    database = required_database(config)
    text = snapshot_text(uri, database, config.timeout)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            write_text_atomically(output, text)
        except OSError as exc:
            fail(f"{output}: cannot write the snapshot ({exc.strerror}). Next: check the path.")
        click.echo(f"wrote {output}", err=True)
