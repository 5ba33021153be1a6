"""Entry points the CLI commands call: snapshot, plan, apply (each opens and closes a client)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from noema_codegen.apply.actions import Plan
from noema_codegen.apply.adapter import Adapter
from noema_codegen.apply.desired import DesiredCollection, desired_from_project
from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.executor import ApplyOptions, ApplyReport, Executor
from noema_codegen.apply.live import live_state
from noema_codegen.apply.planner import PlanOptions, plan
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.snapshot import dumps_snapshot, read_snapshot, take_snapshot
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


@contextmanager
def connect(uri: str, database: str, timeout: float | None = None) -> Iterator[Adapter]:
    """An adapter whose server answered (fails fast with ``CannotConnect`` otherwise)."""
    adapter = PymongoAdapter(uri, database, timeout=timeout)
    try:
        adapter.server_info()
        yield adapter
    finally:
        adapter.close()


def live_plan(
    adapter: Adapter, desired: tuple[DesiredCollection, ...], options: PlanOptions
) -> Plan:
    return plan(desired, live_state(take_snapshot(adapter)), options)


def snapshot_text(uri: str, database: str, timeout: float | None = None) -> str:
    with connect(uri, database, timeout) as adapter:
        return dumps_snapshot(take_snapshot(adapter))


def plan_from_snapshot(
    schema_dir: Path, snapshot: Path, options: PlanOptions, config: Config | None = None
) -> Plan:
    desired = desired_state(schema_dir, config)
    return plan(desired, live_state(read_snapshot(snapshot)), options)


def plan_from_uri(
    schema_dir: Path,
    uri: str,
    database: str,
    options: PlanOptions,
    timeout: float | None = None,
    config: Config | None = None,
) -> Plan:
    desired = desired_state(schema_dir, config)
    with connect(uri, database, timeout) as adapter:
        return live_plan(adapter, desired, options)


def apply_to_uri(
    schema_dir: Path,
    uri: str,
    database: str,
    plan_options: PlanOptions,
    apply_options: ApplyOptions,
    timeout: float | None = None,
    config: Config | None = None,
) -> ApplyReport:
    desired = desired_state(schema_dir, config)
    with connect(uri, database, timeout) as adapter:
        server = adapter.server_info()
        if apply_options.commit_quorum is not None and server.topology == "standalone":
            raise BadInput(
                "--commit-quorum applies to replica sets and sharded clusters; "
                "this server is a standalone: drop the option"
            )
        report = apply_with(adapter, desired, plan_options, apply_options)
        report.server = server
        return report


def apply_with(
    adapter: Adapter,
    desired: tuple[DesiredCollection, ...],
    plan_options: PlanOptions,
    apply_options: ApplyOptions,
) -> ApplyReport:
    """Plan against the adapter's live state, run it, and verify by planning again."""
    current = live_plan(adapter, desired, plan_options)
    return Executor(adapter, apply_options).run(
        current, replan=lambda: live_plan(adapter, desired, plan_options)
    )
