"""Placeholder for the `snapshot` command; replaced by the issue that implements it."""

import click


@click.command(name="snapshot")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
