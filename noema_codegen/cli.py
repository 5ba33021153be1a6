"""Command-line interface (placeholder, filled in by the build issue)."""

import click


@click.group()
def main() -> None:
    """noema-codegen."""
