"""`noema-codegen apply-validators`: apply validators and indexes to a database, safely."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions, Prune
from noema_codegen.apply.report import render_report
from noema_codegen.apply.service import apply_to_uri
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import (
    command_config,
    required_database,
    required_uri,
    schemas_option,
    timeout_option,
)
from noema_codegen.commands.uri_support import (
    UriCommand,
    action_option,
    db_option,
    level_option,
    prune_option,
    uri_option,
)


def _quorum(value: str | None) -> str | int | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else value


@click.command(name="apply-validators", cls=UriCommand)
@uri_option()
@db_option
@timeout_option
@schemas_option
@click.option(
    "--dry-run", is_flag=True, help="Print the plan and run the read-only checks; change nothing."
)
@click.option(
    "--allow-violations",
    is_flag=True,
    help="Apply a validator even though stored documents violate it (their next update fails).",
)
@level_option
@action_option
@prune_option
@click.option(
    "--commit-quorum",
    default=None,
    help="commitQuorum for index builds on a replica set / sharded cluster "
    "(e.g. majority, votingMembers, or a number). Not allowed on a standalone.",
)
def command(
    uri: str | None,
    database: str | None,
    timeout: float | None,
    schema_dir: Path | None,
    dry_run: bool,
    allow_violations: bool,
    validation_level: str | None,
    validation_action: str | None,
    prune: Prune,
    commit_quorum: str | None,
) -> None:
    """Create collections, set validators and build indexes so the database matches the schemas.

    Checks stored data first (documents violating a new validator, duplicates for a unique
    index) and refuses when it finds any. Never drops a collection or a document. Exit 0 when
    applied and verified (or nothing to do), 1 when refused/failed/unverified or on a server
    error (e.g. a missing privilege), 2 bad input (also a bad URI, an unreachable server, a
    failed login).
    """
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    uri = required_uri(uri, config)
    database = required_database(config)
    plan_options = PlanOptions(
        prune=prune,
        overrides=Overrides(validation_level, validation_action),
        owned_prefix=config.index_prefix,
    )
    apply_options = ApplyOptions(
        allow_violations=allow_violations, dry_run=dry_run, commit_quorum=_quorum(commit_quorum)
    )
    report = apply_to_uri(
        config.schemas, uri, database, plan_options, apply_options, config.timeout, config
    )
    click.echo(render_report(report), nl=False)
    if not report.ok:
        raise SystemExit(Exit.PROBLEMS)
