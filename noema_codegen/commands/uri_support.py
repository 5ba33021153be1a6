"""Shared click options and error handling for the snapshot/plan/apply-validators commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from noema_codegen.config import Config
from noema_codegen.connection.uri import Redactor
from noema_codegen.diagnostics import UserFacingError
from noema_codegen.identifiers import database_name_problem

F = TypeVar("F", bound=Callable[..., Any])


class UriCommand(click.Command):
    """A command that takes a URI: click's own usage errors are redacted too.

    A URI typed in the wrong place (an extra argument, the value of another option) would
    otherwise be quoted with its password by "Got unexpected extra argument (...)".
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        typed = list(args)  # parsing consumes ``args``
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            redacted = click.UsageError(redact_typed(error.format_message(), typed), error.ctx)
            redacted.exit_code = error.exit_code  # type: ignore[misc]
            raise redacted from None


def redact_typed(text: str, typed: list[str]) -> str:
    """``text`` without the secrets of any URI-like argument in ``typed`` (nor any user-info)."""
    for arg in typed:
        if "@" in arg:
            text = Redactor(arg)(text)
    return Redactor()(text)


def uri_option(help_text: str = "") -> Callable[[F], F]:
    """``--uri``; when not given, the command reads ``$<Config.uri_env>`` (commands.options)."""
    return click.option(
        "--uri",
        default=None,
        help=help_text
        or "MongoDB connection string, mongodb:// or mongodb+srv:// (or set the variable named "
        "by `uri-env` in [tool.noema-codegen], default $MONGODB_URI); credentials are never "
        "printed.",
    )


def checked_database(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback: refuse a database name the server would refuse (exit 2)."""
    if value is None:
        return None
    problem = database_name_problem(value)
    if problem is not None:
        raise click.BadParameter(f"{problem} (got {Redactor()(value)!r})", ctx, param)
    return value


db_option = click.option(
    "--db",
    "database",
    default=None,
    callback=checked_database,
    help="Database name [default: `database` in [tool.noema-codegen]; required otherwise].",
)
prune_option = click.option(
    "--prune-indexes",
    "prune",
    type=click.Choice(["hide", "drop"]),
    is_flag=False,
    flag_value="drop",
    default=None,
    help="Remove owned indexes (named with `index-prefix` of [tool.noema-codegen], default "
    f"{Config.index_prefix}) no longer in the schemas: 'drop' (the default when "
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


class CommandInputError(UserFacingError):
    """Options that cannot be used together or are missing (exit 2, reported by the CLI)."""


def fail(message: str) -> NoReturn:
    """Stop the command: the CLI prints ``error: <message>`` (redacted) and exits 2."""
    raise CommandInputError(message)
