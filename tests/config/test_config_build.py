"""A build configured for another project: its package name and index prefix, nothing of noema's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from noema_codegen.cli import main
from tests.schema_fixtures import minimal_schema

ROOT = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path, section: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "other"\n\n[tool.noema-codegen]\n' + section, "utf-8"
    )
    return tmp_path


@pytest.fixture(scope="module")
def other_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled schemas built as package ``other_db`` into ``build/`` of a temp project."""
    project = _project(tmp_path_factory.mktemp("other"), 'package = "other_db"\nout = "build"\n')
    shutil.copytree(ROOT / "schemas", project / "schemas")
    before = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(main, ["build"])
    finally:
        os.chdir(before)
    assert result.exit_code == 0, result.output
    assert "to build/" in result.output
    return project / "build"


def test_the_package_is_named_by_the_config_and_noema_db_appears_nowhere(
    other_build: Path,
) -> None:
    assert (other_build / "other_db" / "models" / "__init__.py").is_file()
    assert not (other_build / "noema_db").exists()
    for path in other_build.rglob("*"):
        if path.is_file():
            assert "noema_db" not in path.read_text("utf-8"), path


def test_the_other_package_imports(other_build: Path) -> None:
    code = (
        "import other_db.models as m, other_db.repositories as r; "
        "assert m.UserCore.__module__ == 'other_db.models.user_core'; "
        "assert r.UserCoreRepository.__module__ == 'other_db.repositories.user_core'"
    )
    env = {**os.environ, "PYTHONPATH": str(other_build)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=other_build,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_the_other_package_passes_mypy_strict(other_build: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "other_db"],
        check=False,
        cwd=other_build,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_index_prefix_names_and_owns_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, 'index-prefix = "acme_"\n')
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"keys": {"count": 1}}]
    (project / "schemas").mkdir()
    (project / "schemas" / "things.json").write_text(json.dumps(schema), "utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "-q"])
    assert result.exit_code == 0, result.output
    spec = json.loads((project / "generated" / "indexes" / "things.json").read_text("utf-8"))
    assert [index["name"] for index in spec["indexes"]] == ["acme_count_1"]
    assert (project / "generated" / "mongo_models" / "models" / "thing.py").is_file()
    # a name without the configured prefix would not be owned: refused, at its pointer
    schema["x-noema"]["indexes"] = [{"keys": {"count": 1}, "name": "noema_count_1"}]
    (project / "schemas" / "things.json").write_text(json.dumps(schema), "utf-8")
    result = CliRunner().invoke(main, ["lint"])
    assert result.exit_code == 2
    assert "/x-noema/indexes/0/name" in result.output
    assert "must start with 'acme_'" in result.output
