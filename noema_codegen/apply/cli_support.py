"""Shared click options and error handling for the snapshot/plan/apply-validators commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from noema_codegen.apply.errors import ApplyError, BadInput
from noema_codegen.connection.errors import CannotConnect
from noema_codegen.connection.uri import Redactor

F = TypeVar("F", bound=Callable[..., Any])

URI_ENV = "NOEMA_MONGODB_URI"


def uri_option(required: bool) -> Callable[[F], F]:
    return click.option(
        "--uri",
        envvar=URI_ENV,
        required=required,
        help=f"MongoDB connection string, mongodb:// or mongodb+srv:// (or set ${URI_ENV}); "
        "credentials are never printed.",
    )


db_option = click.option(
    "--db", "database", default="noema", show_default=True, help="Database name."
)
prune_option = click.option(
    "--prune-indexes",
    "prune",
    type=click.Choice(["hide", "drop"]),
    is_flag=False,
    flag_value="drop",
    default=None,
    help="Remove owned (noema_*) indexes no longer in the schemas: 'drop' (the default when "
    "given without a value) or 'hide' (hide now, drop in a later run). Foreign indexes and "
    "_id_ are never touched.",
)
level_option = click.option(
    "--validation-level",
    type=click.Choice(["strict", "moderate"]),
    default=None,
    help="Override the schemas' validationLevel (staged roll-out: moderate does not check "
    "updates to documents that are already invalid).",
)
action_option = click.option(
    "--validation-action",
    type=click.Choice(["error", "warn"]),
    default=None,
    help="Override the schemas' validationAction (staged roll-out: warn only logs).",
)


def fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


@contextmanager
def reported_errors(
    uri: str | None, bad_input_code: int = 2, error_code: int = 1
) -> Iterator[None]:
    """Print our own errors (already redacted; redacted again) and exit.

    Bad input and a connection that cannot be used (bad URI, unreachable server, failed login)
    exit ``bad_input_code``; other ``ApplyError``s (refusals, privileges, server errors) exit
    ``error_code``. Anything else is a bug, reported by the CLI's one handler (exit 70).
    """
    redact = Redactor(uri)
    try:
        yield
    except (BadInput, CannotConnect) as exc:
        fail(redact(exc), bad_input_code)
    except ApplyError as exc:
        fail(redact(exc), error_code)
