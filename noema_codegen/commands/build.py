"""Placeholder for the `build` command; replaced by the issue that implements it."""

import click


@click.command(name="build")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
