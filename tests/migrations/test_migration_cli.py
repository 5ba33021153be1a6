"""``migration new``/``migration lint``/``migrate`` from the command line, without a server:
what they write and print, their exit codes, and the errors raised before connecting."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from migration_fakes import RecordingStore

from noema_codegen.cli import main
from tests.evolution.evolution_pairs import owners, things


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _write(schemas: Path, **collections: dict[str, Any]) -> None:
    for name, schema in collections.items():
        (schemas / f"{name}.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = tmp_path / "project"
    (project / "schemas").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.noema-codegen]\ndatabase = "noema"\n')
    _write(project / "schemas", things=things(), owners=owners())
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "first")
    new = things()
    new["properties"]["label"]["bsonType"] = "date"
    new["properties"]["note"] = {"bsonType": "string", "default": "-"}
    new["required"].append("note")
    _write(project / "schemas", things=new)
    monkeypatch.chdir(project)
    monkeypatch.delenv("MONGODB_URI", raising=False)
    return project


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_migration_new_writes_a_numbered_reviewed_proposal(repo: Path) -> None:
    result = _run("migration", "new", "label_date")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "wrote migrations/0001_label_date.json (2 step(s), 0 to review)"
    )
    written = json.loads((repo / "migrations" / "0001_label_date.json").read_text())
    assert [s["change"] for s in written["steps"]] == ["type-changed", "new-required-field"]
    lint = _run("migration", "lint")
    assert (lint.exit_code, lint.output.strip()) == (0, "1 migration(s), no errors")


def test_migration_new_refuses_an_existing_name(repo: Path) -> None:
    assert _run("migration", "new", "label_date").exit_code == 0
    result = _run("migration", "new", "label_date")
    assert result.exit_code == 2
    assert "exists already" in result.output
    assert sorted(p.name for p in (repo / "migrations").iterdir()) == ["0001_label_date.json"]


def test_migration_new_with_an_unknown_ref_is_bad_input(repo: Path) -> None:
    result = _run("migration", "new", "x", "--against", "nope")
    assert result.exit_code == 2
    assert not (repo / "migrations").exists()


def test_migration_lint_reports_a_todo_with_its_pointer_and_exits_1(repo: Path) -> None:
    _run("migration", "new", "label_date")
    path = repo / "migrations" / "0001_label_date.json"
    body = json.loads(path.read_text())
    body["steps"][0]["todo"] = "check the default"
    path.write_text(json.dumps(body))
    result = _run("migration", "lint", "--format", "json")
    assert result.exit_code == 1
    [found] = json.loads(result.output)["diagnostics"]
    assert (found["file"], found["pointer"], found["rule"]) == (
        "migrations/0001_label_date.json",
        "/steps/0/todo",
        "migration-todo",
    )


def test_migrate_refuses_unreviewed_migrations_before_connecting(repo: Path) -> None:
    _run("migration", "new", "label_date")
    path = repo / "migrations" / "0001_label_date.json"
    body = json.loads(path.read_text())
    body["steps"][0]["todo"] = "check"
    path.write_text(json.dumps(body))
    result = _run("migrate", "--uri", "mongodb://u:SeCrEt@127.0.0.1:1/", "--dry-run")
    assert result.exit_code == 2
    assert "migration lint" in result.output
    assert "SeCrEt" not in result.output


def test_migrate_without_a_uri_is_bad_input(repo: Path) -> None:
    result = _run("migrate", "--dry-run")
    assert result.exit_code == 2
    assert "--uri" in result.output


@pytest.mark.parametrize("args", [["migration", "new", "--help"], ["migration", "lint", "--help"],
                                  ["migrate", "--help"], ["migration", "--help"]])  # fmt: skip
def test_help_teaches_with_an_example(args: list[str]) -> None:
    result = _run(*args)
    assert result.exit_code == 0
    assert "  noema-codegen migrat" in result.output


class _FakeStore(RecordingStore):
    """The recording fake, constructed as the command constructs its pymongo store."""

    shared = RecordingStore()

    def __init__(self, uri: str, database: str, *, timeout: float | None = None) -> None:
        self.__dict__ = _FakeStore.shared.__dict__

    def close(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> RecordingStore:
    from noema_codegen.commands import migrate

    docs = [{"_id": i, "name": "n"} for i in range(1, 6)]
    _FakeStore.shared = RecordingStore({"things": docs})
    monkeypatch.setattr(migrate, "PymongoMigrationStore", _FakeStore)
    return _FakeStore.shared


def test_migrate_dry_run_then_run_then_a_changed_file_is_refused(
    repo: Path, fake_server: RecordingStore
) -> None:
    assert _run("migration", "new", "note_default").exit_code == 0
    path = repo / "migrations" / "0001_note_default.json"
    body = json.loads(path.read_text())
    body["steps"] = [s for s in body["steps"] if s["change"] == "new-required-field"]
    path.write_text(json.dumps(body))
    uri = "mongodb://127.0.0.1:1/"
    dry = _run("migrate", "--uri", uri, "--dry-run")
    assert (dry.exit_code, dry.output.splitlines()) == (
        0,
        [
            "0001_note_default: dry run",
            "  step 0 things new-required-field note: 5 document(s) to update",
        ],
    )
    done = _run("migrate", "--uri", uri, "--batch-size", "2")
    assert done.exit_code == 0, done.output
    assert "matched 5, modified 5" in done.output
    assert all(d["note"] == "-" for d in fake_server.collections["things"].values())
    assert _run("migrate", "--uri", uri).output.strip() == "no pending migrations"
    body["description"] = "edited after it ran"
    path.write_text(json.dumps(body))
    refused = _run("migrate", "--uri", uri)
    assert refused.exit_code == 2
    assert "changed after it ran" in refused.output
