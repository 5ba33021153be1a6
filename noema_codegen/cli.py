"""Command-line entry point: a click group that registers one module per command.

Each command lives in ``noema_codegen.commands.<name>`` and exposes a click
command called ``command``; modules are imported lazily. Commands stay thin: parse arguments, call one
function, print, exit.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any

import click

from noema_codegen import __version__
from noema_codegen.commands.error_report import remember_typed, report
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.diagnostics import UserFacingError

INTERNAL_ERROR = Exit.INTERNAL_ERROR
"""Exit code of an unexpected exception (a bug in noema-codegen): sysexits.h's EX_SOFTWARE,
distinct from 0 (ok), 1 (a check found problems) and 2 (bad input or usage) in every command."""

DEBUG_ENV = "NOEMA_CODEGEN_DEBUG"

COMMANDS = {
    "lint": "lint",
    "build": "build",
    "check": "check",
    "validate": "validate",
    "snapshot": "snapshot",
    "plan": "plan",
    "apply-validators": "apply",
    "check-references": "check_references",
    "config": "config",
    "diff": "diff",
    "migration": "migration",
    "migrate": "migrate",
}
"""Command name -> module in ``noema_codegen.commands`` (imported only when used)."""


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it),
    so ``build`` does not pay for pymongo's network stack and ``plan`` not for the
    code generators."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = importlib.import_module(f"noema_codegen.commands.{module}").command
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        remember_typed(ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a ``UserFacingError`` becomes ``error: <message>`` and its exit code
        (``commands/error_report.py``); any other exception becomes a short report and exit 70.

        The message is not printed (it may quote a URI with its password); the exception type and
        the innermost noema-codegen frame are, so a report can still point at the bug. The full
        traceback is printed only when ``NOEMA_CODEGEN_DEBUG=1`` is set (it may hold secrets).
        """
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except UserFacingError as exc:
            report(ctx, exc)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            raise SystemExit(Exit.INTERRUPTED) from None
        except BrokenPipeError:
            # `noema-codegen ... | head`: the reader is gone. Point stdout at /dev/null so the
            # interpreter's final flush cannot fail again, and stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(Exit.PIPE_CLOSED) from None
        except Exception as exc:  # noqa: BLE001 - the one place unexpected errors are turned into an exit code
            if os.environ.get(DEBUG_ENV) == "1":
                traceback.print_exc(file=sys.stderr)
            click.echo(internal_error_message(exc), err=True)
            raise SystemExit(INTERNAL_ERROR) from None


def internal_error_message(exc: BaseException) -> str:
    """``internal error: ValueError at noema_codegen/x.py:12 ...`` with what to do next."""
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = frame.filename.replace(os.sep, "/").split("/")
        if "noema_codegen" in parts:
            relative = "/".join(parts[parts.index("noema_codegen") :])
            where = f" at {relative}:{frame.lineno}"
            break
    return (
        f"internal error: {type(exc).__name__}{where}. This is a bug in noema-codegen, not in "
        f"your input: please report it with the command you ran. Set {DEBUG_ENV}=1 to print "
        f"the traceback (it may show secrets from the command line)."
    )


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noema-codegen")
def main() -> None:
    """Schema-first code generator, validator and migrator for MongoDB databases.

    The $jsonSchema documents in schemas/ are the single source of truth. From them:

    \b
      lint              check schemas against MongoDB's $jsonSchema dialect and project rules
      build             write generated/ (validators, indexes, Pydantic models, repositories)
      build --check     CI drift check: exit 1 with a diff when generated/ is stale
      check             lint + build --check in one process (a pre-commit hook)
      validate          check documents (files or a live collection) the way MongoDB would
      snapshot          dump a live database's collections and indexes as Extended JSON
      plan              show what apply-validators would change (live or from a snapshot)
      apply-validators  apply validators and indexes to a database, safely
      check-references  find documents whose declared references point at nothing
      config            print the effective configuration and where each value came from
      diff              classify schema changes since a git ref: data, code or safe
      migration         write (migration new) or check (migration lint) data migrations
      migrate           run pending data migrations, batched and resumable

    Settings come from [tool.noema-codegen] in the nearest pyproject.toml, then the
    flags (see `noema-codegen config` and docs/configuration.md).

    Exit codes: 0 success, 1 a check found problems (drift, invalid documents),
    2 bad input or usage, 70 an internal error (a bug: please report it),
    130 interrupted, 141 the output pipe was closed (`... | head`).
    """
