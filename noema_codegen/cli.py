"""Command-line entry point: a click group that registers one module per command.

Each command lives in ``noema_codegen.commands.<name>`` and exposes a click
command called ``command``; modules are imported lazily. Commands stay thin: parse arguments, call one
function, print, exit.
"""

from __future__ import annotations

import importlib

import click

from noema_codegen import __version__

COMMANDS = {
    "lint": "lint",
    "build": "build",
    "validate": "validate",
    "snapshot": "snapshot",
    "plan": "plan",
    "apply-validators": "apply",
    "check-references": "check_references",
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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noema-codegen")
def main() -> None:
    """Schema-first code generator, validator and migrator for the noema MongoDB database.

    The $jsonSchema documents in schemas/ are the single source of truth. From them:

    \b
      lint              check schemas against MongoDB's $jsonSchema dialect and project rules
      build             write generated/ (validators, indexes, Pydantic models, repositories)
      build --check     CI drift check: exit 1 with a diff when generated/ is stale
      validate          check documents (files or a live collection) the way MongoDB would
      snapshot          dump a live database's collections and indexes as Extended JSON
      plan              show what apply-validators would change (live or from a snapshot)
      apply-validators  apply validators and indexes to a database, safely
      check-references  find documents whose declared references point at nothing

    Exit codes: 0 success, 1 a check found problems (drift, invalid documents),
    2 bad input or usage.
    """
