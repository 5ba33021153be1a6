"""Printing diagnostics for people (text, grouped by file) or machines (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from noema_codegen.diagnostics import Diagnostic, Severity, errors_in, notes_in, warnings_in

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: None}


def echo_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """One line per diagnostic on stderr, then a summary line when there are errors or warnings."""
    for diagnostic in diagnostics:
        click.secho(diagnostic.format(), fg=COLOURS[diagnostic.severity], err=True)
    errors, warnings = len(errors_in(diagnostics)), len(warnings_in(diagnostics))
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def diagnostics_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(
        {
            "errors": len(errors_in(diagnostics)),
            "warnings": len(warnings_in(diagnostics)),
            "notes": len(notes_in(diagnostics)),
            "diagnostics": [d.to_json() for d in diagnostics],
        },
        indent=2,
    )
