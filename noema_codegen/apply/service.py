"""Entry points the CLI commands call: snapshot, plan, apply (each opens and closes a client)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from noema_codegen.apply.actions import PendingMigration, Plan
from noema_codegen.apply.adapter import Adapter, ServerInfo
from noema_codegen.apply.desired import DesiredCollection, desired_from_project
from noema_codegen.apply.errors import ApplyError, BadInput
from noema_codegen.apply.executor import ApplyOptions, ApplyReport, Executor
from noema_codegen.apply.live import live_state
from noema_codegen.apply.plan_inputs import plan_inputs, snapshot_server_version
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.saved_plan import SavedPlan, check_still_holds
from noema_codegen.apply.snapshot import (
    dumps_snapshot,
    ledger_of,
    read_snapshot,
    take_snapshot,
)
from noema_codegen.config import Config
from noema_codegen.ir.model import Project


def project_of(schema_dir: Path, config: Config | None = None) -> Project:
    """The project IR of ``schema_dir``; schema errors become a ``BadInput`` listing them all."""
    from noema_codegen.checked_project import load_project
    from noema_codegen.diagnostics import BuildFailed, errors_in

    if not schema_dir.is_dir():
        raise BadInput(f"{schema_dir}: schema directory not found (use --schemas DIR)")
    try:
        return load_project(schema_dir, config)
    except BuildFailed as exc:
        details = "\n".join(d.format() for d in errors_in(exc.diagnostics))
        raise BadInput(
            f"schemas in {schema_dir} have errors; fix them (see `noema-codegen lint`):\n{details}"
        ) from None


def desired_state(schema_dir: Path, config: Config | None = None) -> tuple[DesiredCollection, ...]:
    """Desired state from the schemas (``BadInput`` as in ``project_of``)."""
    return desired_from_project(project_of(schema_dir, config))


class MigrationSource(Protocol):
    """The project's migration files (``migrations.rollout_source.FileMigrations``)."""

    def pending(self, ledger: Sequence[Mapping[str, Any]]) -> tuple[PendingMigration, ...]:
        """The files the ledger does not record as finished, in order."""
        ...

    def run(self, adapter: Adapter) -> list[str]:
        """Run the pending migrations over ``adapter``'s connection; report lines."""
        ...


class ApplyCancelled(ApplyError):
    """The person at the terminal declined the plan (exit 1: nothing was changed)."""


@contextmanager
def connect_with_info(
    uri: str, database: str, timeout: float | None = None
) -> Iterator[tuple[Adapter, ServerInfo]]:
    """An adapter whose server answered, and what it said (``CannotConnect`` otherwise)."""
    adapter = PymongoAdapter(uri, database, timeout=timeout)
    try:
        yield adapter, adapter.server_info()
    finally:
        adapter.close()


@contextmanager
def connect(uri: str, database: str, timeout: float | None = None) -> Iterator[Adapter]:
    """An adapter whose server answered (fails fast with ``CannotConnect`` otherwise)."""
    with connect_with_info(uri, database, timeout) as (adapter, _):
        yield adapter


def plan_of_snapshot(
    snapshot: Mapping[str, Any],
    desired: tuple[DesiredCollection, ...],
    options: PlanOptions,
    migrations: MigrationSource | None = None,
) -> Plan:
    """Plan ``desired`` against a snapshot, recording the plan's inputs (fingerprints).

    With ``migrations``: the ones the snapshot's ledger does not record as finished stage the
    validator changes of the collections they touch (see ``planner``).
    """
    version = options.server_version or snapshot_server_version(snapshot)
    options = replace(options, server_version=version)
    if migrations is not None:
        options = replace(options, pending_migrations=migrations.pending(ledger_of(snapshot)))
    result = plan(desired, live_state(snapshot), options)
    return replace(result, inputs=plan_inputs(snapshot, desired, options))


def live_plan(
    adapter: Adapter,
    desired: tuple[DesiredCollection, ...],
    options: PlanOptions,
    migrations: MigrationSource | None = None,
) -> Plan:
    return plan_of_snapshot(take_snapshot(adapter), desired, options, migrations)


def snapshot_text(uri: str, database: str, timeout: float | None = None) -> str:
    with connect(uri, database, timeout) as adapter:
        return dumps_snapshot(take_snapshot(adapter))


def plan_from_snapshot(
    schema_dir: Path,
    snapshot: Path,
    options: PlanOptions,
    config: Config | None = None,
    database: str | None = None,
    migrations: MigrationSource | None = None,
) -> Plan:
    """Plan against a snapshot file; ``database`` (an explicit ``--db``) must be its database."""
    desired = desired_state(schema_dir, config)
    loaded = read_snapshot(snapshot)
    if database is not None and str(loaded["database"]) != database:
        raise BadInput(
            f"{snapshot}: /database is {loaded['database']!r}, but --db is {database!r}. "
            f"Next: drop --db, or pass a snapshot of {database}."
        )
    return plan_of_snapshot(loaded, desired, options, migrations)


def plan_from_uri(
    schema_dir: Path,
    uri: str,
    database: str,
    options: PlanOptions,
    timeout: float | None = None,
    config: Config | None = None,
    migrations: MigrationSource | None = None,
) -> Plan:
    desired = desired_state(schema_dir, config)
    with connect_with_info(uri, database, timeout) as (adapter, server):
        options = replace(options, server_version=server.version)
        return live_plan(adapter, desired, options, migrations)


def apply_to_uri(
    schema_dir: Path,
    uri: str,
    database: str,
    plan_options: PlanOptions,
    apply_options: ApplyOptions,
    timeout: float | None = None,
    config: Config | None = None,
    *,
    confirm: Callable[[Plan], bool] | None = None,
    saved: SavedPlan | None = None,
    migrations: MigrationSource | None = None,
) -> ApplyReport:
    """Plan against the live database and run the plan.

    With ``saved``: the plan is computed with the saved plan's options and must be exactly the
    saved plan (``check_still_holds``), else ``BadInput`` before any write. Otherwise, with
    ``confirm``: asked before any write (not for a dry run, an empty or a blocked plan);
    ``ApplyCancelled`` when it says no.
    """
    desired = desired_state(schema_dir, config)
    with connect_with_info(uri, database, timeout) as (adapter, server):
        return run_apply(
            adapter,
            server,
            desired,
            plan_options,
            apply_options,
            confirm=confirm,
            saved=saved,
            migrations=migrations,
        )


def run_apply(
    adapter: Adapter,
    server: ServerInfo,
    desired: tuple[DesiredCollection, ...],
    plan_options: PlanOptions,
    apply_options: ApplyOptions,
    *,
    confirm: Callable[[Plan], bool] | None = None,
    saved: SavedPlan | None = None,
    migrations: MigrationSource | None = None,
) -> ApplyReport:
    """``apply_to_uri`` on an open adapter (see there)."""
    if apply_options.commit_quorum is not None and server.topology == "standalone":
        raise BadInput(
            "--commit-quorum applies to replica sets and sharded clusters; "
            "this server is a standalone: drop the option"
        )
    if saved is not None:
        plan_options = saved.plan_options()
    options = replace(plan_options, server_version=server.version)
    current = live_plan(adapter, desired, options, migrations)
    if saved is not None:
        check_still_holds(saved, current)
    elif confirm is not None and _asks(current, apply_options) and not confirm(current):
        raise ApplyCancelled("cancelled at the prompt; nothing was changed")
    runner = migrations.run if migrations is not None else None
    report = Executor(adapter, apply_options, runner).run(
        current, replan=lambda: live_plan(adapter, desired, options, migrations)
    )
    report.server = server
    return report


def _asks(current: Plan, apply_options: ApplyOptions) -> bool:
    return bool(current.actions) and not current.blockers and not apply_options.dry_run


def apply_with(
    adapter: Adapter,
    desired: tuple[DesiredCollection, ...],
    plan_options: PlanOptions,
    apply_options: ApplyOptions,
    migrations: MigrationSource | None = None,
) -> ApplyReport:
    """Plan against the adapter's live state, run it, and verify by planning again."""
    current = live_plan(adapter, desired, plan_options, migrations)
    runner = migrations.run if migrations is not None else None
    return Executor(adapter, apply_options, runner).run(
        current, replan=lambda: live_plan(adapter, desired, plan_options, migrations)
    )
