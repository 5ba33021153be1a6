"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

schemas_option = click.option(
    "--schemas",
    "schema_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Directory of $jsonSchema sources, one <collection>.json per collection.",
)
