"""Printing diagnostics for people (text, grouped by file) or machines (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from noema_codegen.diagnostics import Diagnostic, errors_in, warnings_in


def echo_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """One line per diagnostic on stderr, then a summary line."""
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity.value == "error" else "yellow"
        click.secho(diagnostic.format(), fg=colour, err=True)
    errors, warnings = len(errors_in(diagnostics)), len(warnings_in(diagnostics))
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(
        {
            "errors": len(errors_in(diagnostics)),
            "warnings": len(warnings_in(diagnostics)),
            "diagnostics": [d.to_json() for d in diagnostics],
        },
        indent=2,
    )
