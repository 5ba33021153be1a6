"""``diff --against``: a temporary git repository (read with git, no checkout), a directory,
``--fail-on`` exit codes, and the exit-2 errors for what a user can get wrong."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from evolution_pairs import owners, things

from noema_codegen.cli import main


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _write(schemas: Path, **collections: dict[str, Any]) -> None:
    schemas.mkdir(parents=True, exist_ok=True)
    for name, schema in collections.items():
        (schemas / f"{name}.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds schemas/things.json and owners.json."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.noema-codegen]\nschemas = "schemas"\n')
    _write(project / "schemas", things=things(), owners=owners())
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", ".")
    _git(project, "commit", "-q", "-m", "first")
    monkeypatch.chdir(project)
    return project


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _tighten_and_break(project: Path) -> None:
    new = things()
    new["properties"]["note"] = {"bsonType": "string"}
    new["required"].append("note")  # data
    del new["x-noema"]["queries"]  # code
    _write(project / "schemas", things=new)


def test_no_change_against_head(repo: Path) -> None:
    result = _run("diff")
    assert result.exit_code == 0
    assert result.output.strip() == "no changes"


def test_uncommitted_changes_are_classified_against_head(repo: Path) -> None:
    _tighten_and_break(repo)
    result = _run("diff", "--against", "HEAD")
    assert result.exit_code == 0, result.output
    assert "schemas/things.json:/properties/note: [data] new-required-field" in result.output
    assert (
        "schemas/things.json:/x-noema/queries/find_by_name: [code] query-removed" in result.output
    )


@pytest.mark.parametrize(("fail_on", "code"), [("data", 1), ("code", 1), ("any", 1)])
def test_fail_on_exits_1_when_such_a_change_exists(repo: Path, fail_on: str, code: int) -> None:
    _tighten_and_break(repo)
    assert _run("diff", "--fail-on", fail_on).exit_code == code


def test_fail_on_code_passes_a_data_only_change(repo: Path) -> None:
    new = things()
    new["required"].append("label")
    _write(repo / "schemas", things=new)
    assert _run("diff", "--fail-on", "code").exit_code == 0
    assert _run("diff", "--fail-on", "data").exit_code == 1


def test_fail_on_any_passes_no_change(repo: Path) -> None:
    assert _run("diff", "--fail-on", "any").exit_code == 0


def test_a_committed_change_is_compared_with_an_older_commit(repo: Path) -> None:
    _tighten_and_break(repo)
    _git(repo, "commit", "-q", "-am", "second")
    assert _run("diff").output.strip() == "no changes"
    result = _run("diff", "--against", "HEAD~1", "--format", "json")
    assert result.exit_code == 0
    body = json.loads(result.output)
    assert {c["rule"] for c in body["changes"]} == {"new-required-field", "query-removed"}
    assert body["counts"] == {"data": 1, "code": 1, "safe": 0}


def test_the_work_tree_is_not_touched(repo: Path) -> None:
    _tighten_and_break(repo)
    before = (repo / "schemas" / "things.json").read_bytes()
    _run("diff", "--against", "HEAD")
    assert (repo / "schemas" / "things.json").read_bytes() == before
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert status.stdout.strip() == "M schemas/things.json"


def test_a_directory_can_be_the_old_side(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old" / "schemas"
    _write(old, things=things(), owners=owners())
    _tighten_and_break(repo)
    result = _run("diff", "--against", str(old), "--fail-on", "data")
    assert result.exit_code == 1
    assert "new-required-field" in result.output


def test_schemas_absent_at_the_ref_make_every_collection_new(repo: Path) -> None:
    _git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    _git(repo, "checkout", "-q", "--orphan", "fresh")
    _git(repo, "rm", "-q", "-r", "--cached", "schemas")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "no schemas")
    result = _run("diff", "--against", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {c["rule"] for c in json.loads(result.output)["changes"]} == {"collection-added"}


def test_an_unknown_ref_is_bad_input(repo: Path) -> None:
    result = _run("diff", "--against", "no-such-branch")
    assert result.exit_code == 2
    assert "no such git ref" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("against", ["--output=/tmp/x", "HEAD\x00", "a\nb", ""])
def test_a_ref_like_an_option_or_with_control_characters_is_refused(
    repo: Path, against: str
) -> None:
    result = _run("diff", f"--against={against}")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_outside_a_git_repository_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "plain"
    _write(project / "schemas", things=things(), owners=owners())
    monkeypatch.chdir(project)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = _run("diff", "--schemas", "schemas", "--against", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


def test_schema_errors_at_the_ref_are_bad_input_naming_the_ref(repo: Path) -> None:
    (repo / "schemas" / "things.json").write_text("{not json")
    _git(repo, "commit", "-q", "-am", "broken")
    _write(repo / "schemas", things=things())
    result = _run("diff", "--against", "HEAD")
    assert result.exit_code == 2
    assert "at HEAD have errors" in result.output
    assert "schemas/things.json" in result.output


def test_help_teaches_with_an_example() -> None:
    result = _run("diff", "--help")
    assert result.exit_code == 0
    assert "noema-codegen diff --against origin/main --fail-on code" in result.output
