"""Options shared by several commands, and the one place a command builds its ``Config``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import click

from noema_codegen.commands.error_report import remember_uri
from noema_codegen.commands.uri_support import fail
from noema_codegen.config import DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S, Config, load_config
from noema_codegen.connection.uri import Redactor

schemas_option = click.option(
    "--schemas",
    "schema_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory of $jsonSchema sources, one <collection>.json per collection "
    f"[default: `schemas` in [tool.noema-codegen], else {Config.schemas}].",
)

no_cache_option = click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Neither read nor write the cache of datamodel-code-generator's and ruff's output "
    f"(`cache-dir` in [tool.noema-codegen], else {Config.cache_dir}); the output is the same "
    "either way.",
)
"""``build`` and ``check``: run datamodel-code-generator and ruff on everything."""

dir_option = click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory of migration files [default: migrations/ next to the schema directory].",
)
"""The migration files' directory of ``migration``, ``migrate``, ``plan`` and ``apply-validators``."""

timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True, max=MAX_TIMEOUT_S),
    default=None,
    metavar="SECONDS",
    help="How long to wait for MongoDB (server selection and connect). Overrides the URI's "
    "serverSelectionTimeoutMS and connectTimeoutMS, which are honoured otherwise; "
    f"default: `timeout` in [tool.noema-codegen], else {DEFAULT_TIMEOUT_S:g} s.",
)
"""The one ``--timeout`` option of every command that takes ``--uri``."""


def bad_config(message: str) -> NoReturn:
    """Stop the command: the CLI prints ``message`` (URI credentials masked) and exits 2."""
    fail(Redactor()(message))


def command_config(**flags: Any) -> Config:
    """The run's ``Config``: pyproject section, then ``flags`` (``Config`` attribute -> value,
    ``None`` when not given). A file or value that cannot be used raises ``ConfigError`` (exit 2
    with its place, reported by the CLI)."""
    return load_config(flags=flags)


def required_database(config: Config) -> str:
    """``config.database``, or exit 2 saying how to give one."""
    if config.database is None:
        bad_config(
            'no database: give --db NAME, or set database = "NAME" in [tool.noema-codegen] '
            "of pyproject.toml (see docs/configuration.md)"
        )
    return config.database


def uri_from_env(uri: str | None, config: Config) -> str | None:
    """``--uri`` when given, else ``$<config.uri_env>`` when set and not empty."""
    found = uri if uri is not None else os.environ.get(config.uri_env) or None
    remember_uri(found)  # redacted from any error the run reports
    return found


def required_uri(uri: str | None, config: Config) -> str:
    """``uri_from_env``, or exit 2 naming the flag and the environment variable."""
    found = uri_from_env(uri, config)
    if found is None:
        bad_config(
            f"no MongoDB URI: give --uri URI or set ${config.uri_env} "
            "(the variable is `uri-env` in [tool.noema-codegen])"
        )
    return found
