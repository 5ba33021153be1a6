"""The one place a ``UserFacingError`` becomes output and an exit code (``cli.LazyGroup.invoke``).

A command lets the error propagate. Before it does, a command that reads a URI from somewhere
other than the command line (``$MONGODB_URI``) names it with ``remember_uri``, and ``plan
--detailed-exitcode`` calls ``use_detailed_exitcode``; both are kept in ``click.Context.meta``,
which every context of a run shares.
"""

from __future__ import annotations

from typing import NoReturn

import click

from noema_codegen.commands.exit_codes import DETAILED, Exit
from noema_codegen.commands.uri_support import redact_typed
from noema_codegen.diagnostics import Outcome, UserFacingError

TYPED_KEY = "noema_codegen.typed_args"
URIS_KEY = "noema_codegen.uris"
DETAILED_KEY = "noema_codegen.detailed_exitcode"

EXIT_OF: dict[Outcome, Exit] = {Outcome.BAD_INPUT: Exit.BAD_INPUT, Outcome.PROBLEMS: Exit.PROBLEMS}
"""A ``UserFacingError``'s outcome -> the exit code of every command."""


def remember_typed(ctx: click.Context, args: list[str]) -> None:
    """Keep the command line: a URI typed in the wrong place is redacted from messages too."""
    ctx.meta[TYPED_KEY] = list(args)


def remember_uri(uri: str | None) -> None:
    """Redact ``uri``'s secrets from any error this run reports (a URI from the environment)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and uri is not None:
        ctx.meta.setdefault(URIS_KEY, []).append(uri)


def use_detailed_exitcode() -> None:
    """Map this run's errors through ``DETAILED`` (``plan --detailed-exitcode``)."""
    click.get_current_context().meta[DETAILED_KEY] = True


def exit_code(ctx: click.Context, exc: UserFacingError) -> int:
    code = EXIT_OF[exc.outcome]
    return DETAILED[code] if ctx.meta.get(DETAILED_KEY) else int(code)


def report(ctx: click.Context, exc: UserFacingError) -> NoReturn:
    """Print ``error: <message>`` (redacted again) on stderr and exit with the mapped code."""
    secrets = [*ctx.meta.get(TYPED_KEY, []), *ctx.meta.get(URIS_KEY, [])]
    click.echo(f"error: {redact_typed(str(exc), secrets)}", err=True)
    raise SystemExit(exit_code(ctx, exc)) from None
