"""``noema-codegen config``: the effective configuration and where each value came from."""

from __future__ import annotations

import json
from pathlib import Path

import click

from noema_codegen.commands.options import command_config, schemas_option
from noema_codegen.config import as_json_data, as_rows, find_pyproject_path


@click.command(name="config")
@schemas_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="As `build --out`.",
)
@click.option("--package", default=None, help="As `build --package`.")
@click.option("--db", "database", default=None, help="As the --db of the commands that connect.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def command(
    schema_dir: Path | None,
    out_dir: Path | None,
    package: str | None,
    database: str | None,
    fmt: str,
) -> None:
    """Print the effective configuration: each setting, its value, and where it came from.

    \b
    Settings come from, in order (later wins):
      default      built into noema-codegen
      <path>       [tool.noema-codegen] of the nearest pyproject.toml at or above
                   the working directory that has that section
      --flag       the command line (these flags are the other commands' own)

    Paths from pyproject.toml are relative to its directory and shown relative to
    the working directory. An unknown key or a value of the wrong type is exit 2
    with the file, the key and what is expected (see docs/configuration.md).
    """
    config = command_config(schemas=schema_dir, out=out_dir, package=package, database=database)
    pyproject = find_pyproject_path()
    if fmt == "json":
        data = {"pyproject": pyproject, "settings": as_json_data(config)}
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"# pyproject: {pyproject or '(none with [tool.noema-codegen])'}")
    rows = as_rows(config)
    width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for key, value, origin in rows:
        click.echo(f"{key:<{width}}  {value:<{value_width}}  ({origin})")
