"""`noema-codegen plan`: what apply-validators would change, from a live database or a snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from noema_codegen.apply.desired import Overrides
from noema_codegen.apply.planner import PlanOptions, Prune
from noema_codegen.apply.render import render_json, render_text
from noema_codegen.apply.saved_plan import save_plan
from noema_codegen.apply.service import plan_from_snapshot, plan_from_uri
from noema_codegen.commands.error_report import remember_uri, use_detailed_exitcode
from noema_codegen.commands.exit_codes import CHANGES_PENDING, DETAILED, Exit
from noema_codegen.commands.options import (
    command_config,
    dir_option,
    required_database,
    schemas_option,
    timeout_option,
    uri_from_env,
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


class _PlanCommand(UriCommand):
    """With --detailed-exitcode, 2 means "changes pending": usage errors must then exit 1."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        detailed = "--detailed-exitcode" in args  # read before parsing consumes args
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            if detailed:
                error.exit_code = DETAILED[Exit.BAD_INPUT]  # type: ignore[misc]
            raise


@click.command(name="plan", cls=_PlanCommand)
@uri_option()
@click.option(
    "--from-snapshot",
    "snapshot",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Plan against a file written by `noema-codegen snapshot` instead of a server.",
)
@db_option
@timeout_option
@schemas_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the versioned plan document (docs/plan.schema.json).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also save the plan (JSON, with fingerprints of what it was computed from) to this "
    "file, replaced atomically, for `apply-validators --plan FILE`.",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when in sync, 2 when changes are pending, 1 on any error (for CI drift checks).",
)
@prune_option
@level_option
@action_option
@dir_option
def command(
    uri: str | None,
    snapshot: Path | None,
    database: str | None,
    timeout: float | None,
    schema_dir: Path | None,
    fmt: str,
    out: Path | None,
    detailed_exitcode: bool,
    prune: Prune,
    validation_level: str | None,
    validation_action: str | None,
    directory: Path | None,
) -> None:
    """Show collections to create, validator diffs, level/action changes and index changes.

    Migration files not recorded as finished in the noema_migrations collection (read from
    the database or the snapshot) stage the validator change of each collection they touch:
    warn, run migrations, then tighten (see docs/evolution.md).

    Exactly one of --uri and --from-snapshot. With --from-snapshot, --db (when given) must be
    the snapshot's database. To apply exactly what was reviewed:

    \b
      noema-codegen plan --uri "$NOEMA_MONGODB_URI" --out plan.json
      noema-codegen apply-validators --uri "$NOEMA_MONGODB_URI" --plan plan.json

    Exit codes: 0 success (in sync, or changes
    shown without --detailed-exitcode), 1 a server error, 2 bad input (also a bad URI, an
    unreachable server, a failed login); with --detailed-exitcode: 0 in sync, 2 changes
    pending, 1 any error (bad input and connection problems included).
    """
    if detailed_exitcode:
        use_detailed_exitcode()  # errors the CLI reports exit through DETAILED too
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    if snapshot is None and uri is None:
        # an exported URI variable does not conflict with --from-snapshot: read it only here
        uri = uri_from_env(uri, config)
    remember_uri(uri)
    if (uri is None) == (snapshot is None):
        fail(f"give exactly one of --uri and --from-snapshot (--uri may be ${config.uri_env})")
    options = PlanOptions(
        prune=prune,
        overrides=Overrides(validation_level, validation_action),
        owned_prefix=config.index_prefix,
    )
    migrations = project_migrations(config, directory)
    if snapshot is not None:
        result = plan_from_snapshot(config.schemas, snapshot, options, config, database, migrations)
    else:
        assert uri is not None
        database = required_database(config)
        result = plan_from_uri(
            config.schemas, uri, database, options, config.timeout, config, migrations
        )
    if out is not None:
        save_plan(out, result)
    click.echo(render_json(result) if fmt == "json" else render_text(result), nl=False)
    if out is not None:
        click.echo(f"wrote {out}", err=True)
    if result.blockers:  # apply would refuse: a check found problems (1, also when detailed)
        raise SystemExit(DETAILED[Exit.PROBLEMS] if detailed_exitcode else Exit.PROBLEMS)
    if detailed_exitcode and not result.in_sync:
        raise SystemExit(CHANGES_PENDING)
