"""Placeholder for the `plan` command; replaced by the issue that implements it."""

import click


@click.command(name="plan")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
