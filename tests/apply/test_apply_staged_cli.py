"""`plan --from-snapshot --dir`: migration files not finished in the snapshot's ledger stage
the validator change of the collection they touch (issue 13 item 4); no server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from noema_codegen.apply.snapshot import dumps_snapshot, read_snapshot
from noema_codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = str(ROOT / "schemas")
IN_SYNC = ROOT / "tests" / "apply" / "fixtures" / "snapshot-in-sync.json"
MIGRATION = {
    "description": "sessions recorded before platform was required get 'web'",
    "steps": [
        {
            "collection": "userSessions",
            "change": "new-required",
            "path": "platform",
            "filter": {"platform": {"$exists": False}},
            "update": {"$set": {"platform": "web"}},
        }
    ],
}


def _snapshot(tmp_path: Path, ledger: list[dict[str, Any]] | None) -> Path:
    """The in-sync snapshot with ``platform`` not yet required by the live userSessions."""
    snap = read_snapshot(IN_SYNC)
    entry = next(c for c in snap["collections"] if c["name"] == "userSessions")
    entry["options"]["validator"]["$jsonSchema"]["required"].remove("platform")
    if ledger is not None:
        snap["collections"].append(
            {"name": "noema_migrations", "type": "collection", "options": {}}
        )
        snap["indexes"]["noema_migrations"] = [{"v": 2, "key": {"_id": 1}, "name": "_id_"}]
        snap["ledger"] = ledger
    path = tmp_path / "snap.json"
    path.write_text(dumps_snapshot(snap), encoding="utf-8")
    return path


def _migrations(tmp_path: Path) -> tuple[Path, str]:
    directory = tmp_path / "migrations"
    directory.mkdir()
    data = json.dumps(MIGRATION, indent=2).encode()
    (directory / "0001_sessions_platform.json").write_bytes(data)
    return directory, hashlib.sha256(data).hexdigest()


def _plan(snapshot: Path, directory: Path, *extra: str) -> Any:
    args = ["plan", "--schemas", SCHEMAS, "--from-snapshot", str(snapshot), "--dir", str(directory)]
    return CliRunner().invoke(main, [*args, *extra])


def test_a_pending_migration_stages_the_change_in_the_plan(tmp_path: Path) -> None:
    directory, _ = _migrations(tmp_path)
    result = _plan(_snapshot(tmp_path, None), directory)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    heads = [line.split(" (")[0] for line in lines if line[:1] in "~>"]
    assert heads == [
        "~ stage validation of userSessions",
        "> run migrations 0001_sessions_platform",
        "~ tighten validation of userSessions",
    ]


def test_a_migration_the_ledger_records_as_finished_is_not_pending(tmp_path: Path) -> None:
    directory, checksum = _migrations(tmp_path)
    ledger = [
        {
            "_id": "0001_sessions_platform",
            "checksum": checksum,
            "startedAt": {"$date": "2026-01-01T00:00:00Z"},
            "finishedAt": {"$date": "2026-01-01T00:01:00Z"},
        }
    ]
    result = _plan(_snapshot(tmp_path, ledger), directory, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [a["action"] for a in json.loads(result.output)["actions"]] == ["modify_validation"]


def test_a_migration_changed_after_it_ran_is_refused_with_exit_2(tmp_path: Path) -> None:
    directory, _ = _migrations(tmp_path)
    ledger = [{"_id": "0001_sessions_platform", "checksum": "0" * 64, "finishedAt": None}]
    result = _plan(_snapshot(tmp_path, ledger), directory)
    assert result.exit_code == 2
    assert "0001_sessions_platform.json" in result.output and "Traceback" not in result.output


def test_apply_validators_help_teaches_the_staged_roll_out() -> None:
    result = CliRunner().invoke(main, ["apply-validators", "--help"])
    assert "--run-migrations" in result.output
    assert "apply-validators --uri" in result.output and "warn" in result.output


def test_apply_validators_passes_run_migrations_and_the_files(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from noema_codegen.apply.actions import Plan
    from noema_codegen.apply.executor import ApplyReport
    from noema_codegen.commands import apply as apply_command

    seen: dict[str, Any] = {}

    def apply_to_uri(*args: Any, **kwargs: Any) -> ApplyReport:
        seen["options"] = args[4]
        seen["migrations"] = kwargs["migrations"]
        return ApplyReport(plan=Plan("noema"))

    monkeypatch.setattr(apply_command, "apply_to_uri", apply_to_uri)
    directory, _ = _migrations(tmp_path)
    args = ["apply-validators", "--uri", "mongodb://127.0.0.1:1", "--db", "noema"]
    args += ["--schemas", SCHEMAS, "--dir", str(directory), "--yes", "--run-migrations"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen["options"].run_migrations is True
    assert [m.name for m in seen["migrations"].migrations] == ["0001_sessions_platform"]
