"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.connection.uri import DEFAULT_TIMEOUT_S

schemas_option = click.option(
    "--schemas",
    "schema_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Directory of $jsonSchema sources, one <collection>.json per collection.",
)

timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    default=None,
    metavar="SECONDS",
    help="How long to wait for MongoDB (server selection and connect). Overrides the URI's "
    "serverSelectionTimeoutMS and connectTimeoutMS, which are honoured otherwise; "
    f"default {DEFAULT_TIMEOUT_S:g} s.",
)
"""The one ``--timeout`` option of every command that takes ``--uri``."""
