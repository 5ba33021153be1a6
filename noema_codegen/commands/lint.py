"""Placeholder for the `lint` command; replaced by the issue that implements it."""

import click


@click.command(name="lint")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
