"""`noema-codegen apply-validators`: apply validators and indexes to a database, safely."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from noema_codegen.apply.actions import Plan
from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions, Prune
from noema_codegen.apply.render import render_text
from noema_codegen.apply.report import render_report
from noema_codegen.apply.saved_plan import read_saved_plan
from noema_codegen.apply.service import apply_to_uri
from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import (
    command_config,
    dir_option,
    required_database,
    required_uri,
    schemas_option,
    timeout_option,
)
from noema_codegen.commands.uri_support import (
    UriCommand,
    action_option,
    db_option,
    fail,
    level_option,
    prune_option,
    uri_option,
)
from noema_codegen.migrations.rollout_source import project_migrations


def _interactive() -> bool:
    """True when a person can answer a prompt (standard input and output are terminals)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _confirm(plan: Plan) -> bool:
    click.echo(render_text(plan), nl=False)
    return click.confirm("Apply these changes?", default=False)


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
    "--plan",
    "plan_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Run exactly this saved plan (from `plan --out FILE`); refused (exit 2, with the "
    "difference) if the database or the schemas changed since it was made.",
)
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="Apply without asking. Without --yes or --plan, a terminal shows the plan and asks; "
    "a non-interactive run (CI) is refused.",
)
@click.option(
    "--commit-quorum",
    default=None,
    help="commitQuorum for index builds on a replica set / sharded cluster "
    "(e.g. majority, votingMembers, or a number). Not allowed on a standalone.",
)
@click.option(
    "--run-migrations",
    is_flag=True,
    help="In a staged roll-out, run the pending migrations after the warn step (as "
    "`noema-codegen migrate` would); without it the run stops there with exit 1.",
)
@dir_option
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
    plan_file: Path | None,
    yes: bool,
    commit_quorum: str | None,
    run_migrations: bool,
    directory: Path | None,
) -> None:
    """Create collections, set validators and build indexes so the database matches the schemas.

    Checks stored data first (documents violating a new validator, duplicates for a unique
    index) and refuses when it finds any. Never drops a collection or a document. Exit 0 when
    applied and verified (or nothing to do), 1 when refused/failed/unverified, declined at
    the prompt or on a server error (e.g. a missing privilege), 2 bad input (also a bad URI,
    an unreachable server, a failed login, a saved plan that no longer holds, no --yes or
    --plan off a terminal).

    Apply what was reviewed (the plan refuses to run if the database or schemas changed):

    \b
      noema-codegen plan --uri "$NOEMA_MONGODB_URI" --out plan.json
      noema-codegen apply-validators --uri "$NOEMA_MONGODB_URI" --plan plan.json

    Or plan and apply in one go: on a terminal the plan is shown and confirmed; in scripts
    pass --yes (`apply-validators --uri "$NOEMA_MONGODB_URI" --yes`). --dry-run needs neither.

    Staged roll-out: when pending migrations (migrations/ files the noema_migrations
    collection does not record as finished) touch a collection whose validator changes, the
    new validator is first set with validationAction warn, then the migrations run (only
    with --run-migrations; else the run stops with exit 1: run `noema-codegen migrate`,
    then apply again), then the validator is tightened once no document fails it:

    \b
      noema-codegen apply-validators --uri "$NOEMA_MONGODB_URI" --yes --run-migrations
    """
    if plan_file is not None and (prune or validation_level or validation_action):
        fail(
            "--plan runs the saved plan with the options it was made with: drop "
            "--prune-indexes/--validation-level/--validation-action (or plan again with them)"
        )
    asks = plan_file is None and not yes and not dry_run
    if asks and not _interactive():
        fail(
            "not a terminal, so nothing can confirm the plan: pass --yes to apply what is "
            "planned now, or --plan FILE to apply a reviewed plan (see `plan --out`)"
        )
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    uri = required_uri(uri, config)
    database = required_database(config)
    plan_options = PlanOptions(
        prune=prune,
        overrides=Overrides(validation_level, validation_action),
        owned_prefix=config.index_prefix,
    )
    apply_options = ApplyOptions(
        allow_violations=allow_violations,
        dry_run=dry_run,
        commit_quorum=_quorum(commit_quorum),
        run_migrations=run_migrations,
    )
    saved = read_saved_plan(plan_file) if plan_file is not None else None
    report = apply_to_uri(
        config.schemas,
        uri,
        database,
        plan_options,
        apply_options,
        config.timeout,
        config,
        confirm=_confirm if asks else None,
        saved=saved,
        migrations=project_migrations(config, directory),
    )
    click.echo(render_report(report), nl=False)
    if not report.ok:
        raise SystemExit(Exit.PROBLEMS)
