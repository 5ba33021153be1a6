"""Placeholder for the `apply-validators` command; replaced by the issue that implements it."""

import click


@click.command(name="apply-validators")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
