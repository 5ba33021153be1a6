"""Placeholder for the `validate` command; replaced by the issue that implements it."""

import click


@click.command(name="validate")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
