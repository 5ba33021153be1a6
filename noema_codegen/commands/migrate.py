"""``noema-codegen migrate``: run pending data migrations, batched and resumable."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Self

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from noema_codegen.commands.exit_codes import Exit
from noema_codegen.commands.options import (
    command_config,
    dir_option,
    required_database,
    required_uri,
    schemas_option,
    timeout_option,
)
from noema_codegen.commands.uri_support import UriCommand, db_option, uri_option
from noema_codegen.migrations.pymongo_store import PymongoMigrationStore
from noema_codegen.migrations.report import report_lines
from noema_codegen.migrations.runner import DEFAULT_BATCH, StepReport
from noema_codegen.migrations.service import default_directory, migrate, ready_migrations


@click.command(name="migrate", cls=UriCommand)
@uri_option()
@db_option
@timeout_option
@schemas_option
@dir_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print per step how many documents it would touch (server-side counts); change nothing.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=1_000_000),
    default=DEFAULT_BATCH,
    show_default=True,
    help="Documents per updateMany (each batch is recorded, so a rerun resumes after it).",
)
def command(
    uri: str | None,
    database: str | None,
    timeout: float | None,
    schema_dir: Path | None,
    directory: Path | None,
    dry_run: bool,
    batch_size: int,
) -> None:
    """Run the pending migrations of migrations/ in order, recorded in noema_migrations.

    \b
      noema-codegen migrate --uri "$MONGODB_URI" --db noema --dry-run
      noema-codegen migrate --uri "$MONGODB_URI" --db noema

    Each migration runs only if every file lints clean (`migration lint`). Its
    update steps run in batches of --batch-size documents by _id range (one
    updateMany each; no document is read by the client, so it works through
    mongos); each batch is recorded, and an interrupted run resumes after the
    last recorded batch. A file changed after it ran (its SHA-256 differs from
    the recorded one) is refused. A step whose filter still matches documents
    afterwards (a value $convert could not convert) is reported.

    Exit codes: 0 done (or nothing pending), 1 documents still need attention
    (remaining matches, orphans) or a server error, 2 bad input (a migration with
    errors or changed after it ran, bad URI, unreachable server).
    """
    config = command_config(schemas=schema_dir, database=database, timeout=timeout)
    uri = required_uri(uri, config)
    database = required_database(config)
    migrations = ready_migrations(config, directory or default_directory(config))
    store = PymongoMigrationStore(uri, database, timeout=config.timeout)
    try:
        with _progress_bar() as bar:
            reports = migrate(store, migrations, dry=dry_run, batch=batch_size, progress=bar.update)
    finally:
        store.close()
    for line in report_lines(reports):
        click.echo(line)
    if any(step.remaining for report in reports for step in report.steps) and not dry_run:
        raise SystemExit(Exit.PROBLEMS)


class _Bar:
    """A rich progress bar on a terminal (stderr); nothing otherwise."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._tasks: dict[tuple[str, int], TaskID] = {}

    def __enter__(self) -> Self:
        if sys.stderr.isatty():
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, step: StepReport, total: int) -> None:
        if self._progress is None:
            return
        key = (step.migration, step.step)
        if key not in self._tasks:
            label = f"{step.migration} step {step.step} {step.collection}"
            self._tasks[key] = self._progress.add_task(label, total=max(total, 1))
        self._progress.update(self._tasks[key], completed=min(step.matched, max(total, 1)))


def _progress_bar() -> _Bar:
    return _Bar()
