"""The entry points ``migration new``, ``migration lint`` and ``migrate`` call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from noema_codegen.config import Config
from noema_codegen.diagnostics import Diagnostic, UserFacingError, errors_in
from noema_codegen.evolution.changes import Change
from noema_codegen.evolution.classify import diff_projects
from noema_codegen.evolution.source_ref import current_project, project_against
from noema_codegen.migrations.format import Migration, read_migrations
from noema_codegen.migrations.generate import migration_document, next_path, render, write_new
from noema_codegen.migrations.lint import lint_migration
from noema_codegen.migrations.runner import (
    DEFAULT_BATCH,
    MigrationReport,
    MigrationStore,
    Progress,
    dry_run,
    run,
)


class MigrationNotReady(UserFacingError):
    """A migration that does not lint clean is never run (exit 2)."""


def default_directory(config: Config) -> Path:
    """``migrations/`` next to the schema directory (the project root for ``schemas/``)."""
    return config.schemas.parent / "migrations"


@dataclass(frozen=True)
class NewMigration:
    path: Path
    document: dict[str, Any]
    changes: list[Change]


def new_migration(name: str, against: str, config: Config, directory: Path) -> NewMigration:
    """Write ``directory/NNNN_name.json`` proposed from the diff against ``against``."""
    old = project_against(against, config)
    new = current_project(config)
    changes = diff_projects(old, new)
    document = migration_document(changes, new, against)
    path = next_path(directory, name)
    write_new(path, render(document))
    return NewMigration(path, document, changes)


def lint_migrations(
    config: Config, directory: Path, against: str | None = None
) -> tuple[list[Migration], list[Diagnostic]]:
    """Every migration of ``directory`` read and linted against the schemas (and ``against``)."""
    project = current_project(config)
    old = project_against(against, config) if against is not None else None
    migrations = read_migrations(directory, config.schemas.parent)
    found: list[Diagnostic] = []
    for migration in migrations:
        found.extend(lint_migration(migration, project, old))
    return migrations, found


def ready_migrations(config: Config, directory: Path) -> list[Migration]:
    """The migrations, refused (``MigrationNotReady``) unless every one lints clean."""
    migrations, found = lint_migrations(config, directory)
    errors = errors_in(found)
    if errors:
        details = "\n".join(d.format() for d in errors)
        raise MigrationNotReady(
            f"migrations have errors; fix them (see `noema-codegen migration lint`):\n{details}"
        )
    return migrations


def utc_now() -> datetime:
    return datetime.now(UTC)


def migrate(
    store: MigrationStore,
    migrations: list[Migration],
    *,
    dry: bool,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    now: Callable[[], datetime] = utc_now,
) -> list[MigrationReport]:
    if dry:
        return dry_run(migrations, store)
    return run(migrations, store, now, batch, progress)
