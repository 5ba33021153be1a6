"""Command-line entry point: a click group that registers one module per command.

Each command lives in ``noema_codegen.commands.<name>`` and exposes a click
command called ``command``. Commands stay thin: parse arguments, call one
function, print, exit.
"""

from __future__ import annotations

import importlib

import click

from noema_codegen import __version__

COMMAND_MODULES = ("build", "lint", "validate", "snapshot", "plan", "apply", "check_references")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for _name in COMMAND_MODULES:
    _module = importlib.import_module(f"noema_codegen.commands.{_name}")
    main.add_command(_module.command)
