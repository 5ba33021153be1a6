"""The project's migration files as the ``apply.service.MigrationSource`` of a staged roll-out.

``plan``/``apply-validators`` ask which files the ``noema_migrations`` ledger does not record
as finished (checksums checked as ``migrate`` does) and, with ``--run-migrations``, run them
through the apply adapter's connection (``runner.run`` over ``PymongoMigrationStore``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noema_codegen.apply.actions import PendingMigration
from noema_codegen.apply.adapter import Adapter
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.config import Config
from noema_codegen.migrations.format import Migration
from noema_codegen.migrations.pymongo_store import PymongoMigrationStore
from noema_codegen.migrations.report import report_lines
from noema_codegen.migrations.runner import MigrationStore, pending
from noema_codegen.migrations.service import default_directory, migrate, ready_migrations


def store_of(adapter: Adapter) -> MigrationStore:
    """A migration store on the adapter's connection (a fake store passes through)."""
    if isinstance(adapter, PymongoAdapter):
        return PymongoMigrationStore.sharing(adapter)
    return adapter  # type: ignore[return-value]  # tests: a fake that is both


@dataclass(frozen=True)
class FileMigrations:
    """Migration files already read (and linted clean: ``ready_migrations``)."""

    migrations: tuple[Migration, ...]

    def pending(self, ledger: Sequence[Mapping[str, Any]]) -> tuple[PendingMigration, ...]:
        return tuple(
            PendingMigration(m.name, frozenset(step.collection for step in m.steps))
            for m in pending(self.migrations, ledger)
        )

    def run(self, adapter: Adapter) -> list[str]:
        return report_lines(migrate(store_of(adapter), list(self.migrations), dry=False))


def project_migrations(config: Config, directory: Path | None = None) -> FileMigrations | None:
    """The migrations of ``directory`` (default ``migrations/`` next to the schemas), ``None``
    when there is no such directory; every file must lint clean (``MigrationNotReady``)."""
    where = directory or default_directory(config)
    if not where.is_dir():
        return None
    return FileMigrations(tuple(ready_migrations(config, where)))
