"""`build` warns on code-breaking changes since git HEAD (issue 13 item 4), with temporary
git repositories; the exit code never changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from noema_codegen.cli import main
from noema_codegen.config import load_config
from noema_codegen.evolution import source_ref
from noema_codegen.evolution.head_check import blob_id, code_breaking_since_head

ROOT = Path(__file__).resolve().parents[2]
QUERY = "delete_preference_by_key"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def _repo(tmp_path: Path, *, commit: bool = True) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "schemas", repo / "schemas")
    _git(repo, "init", "-q")
    if commit:
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "schemas")
    return repo


def _remove_query(repo: Path) -> None:
    path = repo / "schemas" / "userPreferences.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["x-noema"]["queries"][QUERY]
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")


def _build(repo: Path, *extra: str) -> Any:
    args = ["build", "--schemas", str(repo / "schemas"), "--out", str(repo / "gen"), *extra]
    return CliRunner().invoke(main, args)


def _config(repo: Path) -> Any:
    return load_config(repo, {"schemas": repo / "schemas"})


def test_a_removed_query_is_warned_about_on_stderr_and_the_exit_code_is_unchanged(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    _remove_query(repo)
    result = _build(repo)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: code")]
    assert len(warnings) == 1, result.stderr
    assert f"userPreferences.json#/x-noema/queries/{QUERY}: " in warnings[0]
    assert warnings[0].endswith("callers of the method break")
    assert "code-breaking" not in result.stdout


def test_no_breaking_check_turns_it_off(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    _remove_query(repo)
    result = _build(repo, "--no-breaking-check")
    assert result.exit_code == 0 and "code-breaking" not in result.stderr


def test_an_unchanged_tree_warns_nothing_and_loads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)

    def must_not_load(*args: Any) -> Any:
        raise AssertionError("the schemas were loaded although no file changed")

    monkeypatch.setattr(source_ref, "project_against", must_not_load)
    monkeypatch.setattr(source_ref, "current_project", must_not_load)
    assert code_breaking_since_head(_config(repo)) == []


def test_a_safe_change_is_not_warned_about(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    path = repo / "schemas" / "userPreferences.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["properties"]["updatedAt"]["description"] = "Changed wording."
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    assert code_breaking_since_head(_config(repo)) == []


@pytest.mark.parametrize("case", ["no HEAD yet", "not a repository"])
def test_no_head_or_no_repository_is_silent(tmp_path: Path, case: str) -> None:
    repo = _repo(tmp_path, commit=case == "not a repository")
    if case == "not a repository":
        shutil.rmtree(repo / ".git")
    _remove_query(repo)
    assert code_breaking_since_head(_config(repo)) == []
    result = _build(repo)
    assert result.exit_code == 0 and "code-breaking" not in result.stderr


def test_schemas_in_a_subdirectory_of_the_repository_are_compared(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "schemas", repo / "project" / "schemas")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "schemas")
    _remove_query(repo / "project")
    changes = code_breaking_since_head(load_config(repo, {"schemas": repo / "project/schemas"}))
    assert [c.pointer for c in changes] == [f"/x-noema/queries/{QUERY}"]


def test_blob_id_is_the_id_git_gives(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b'{"a": 1}\n')
    done = subprocess.run(["git", "hash-object", str(path)], capture_output=True, check=True)
    assert blob_id(path.read_bytes()) == done.stdout.decode().strip()
