"""`noema-codegen check`: lint + build --check in one process, with the same exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from noema_codegen.cli import main
from noema_codegen.write import existing_files


@pytest.fixture
def project(tmp_path: Path, root: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(root / "schemas", target / "schemas")
    result = CliRunner().invoke(
        main,
        ["build", "--schemas", str(target / "schemas"), "--out", str(target / "generated")],
    )
    assert result.exit_code == 0, result.output
    return target


def _run(command: str, project: Path, *extra: str) -> tuple[int, str, str]:
    argv = [command, "--schemas", str(project / "schemas"), *extra]
    if command != "lint":
        argv += ["--out", str(project / "generated")]
    result = CliRunner().invoke(main, argv)
    return result.exit_code, result.stdout, result.stderr


def test_up_to_date_passes_and_writes_nothing(project: Path) -> None:
    before = existing_files(project / "generated")
    code, out, _ = _run("check", project)
    assert code == 0 and "is up to date" in out
    assert existing_files(project / "generated") == before


def test_drift_exits_1_with_the_diff_of_build_check(project: Path) -> None:
    validator = project / "generated" / "validators" / "userEconomy.json"
    validator.write_text(validator.read_text().replace('"strict"', '"moderate"'))
    check = _run("check", project)
    build_check = _run("build", project, "--check")
    assert check[0] == build_check[0] == 1
    assert check[1] == build_check[1] and '+  "validationLevel": "strict",' in check[1]
    assert "generated/validators/userEconomy.json" in check[2]


def test_a_lint_error_exits_2_like_lint_and_nothing_is_written(project: Path) -> None:
    schema_path = project / "schemas" / "userEconomy.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["exp"] = {"type": "integer"}
    schema_path.write_text(json.dumps(schema))
    before = existing_files(project / "generated")
    code, _, err = _run("check", project)
    assert code == _run("lint", project)[0] == 2
    assert "schemas/userEconomy.json" in err
    assert existing_files(project / "generated") == before


def test_warnings_as_errors_exit_1_on_an_up_to_date_tree(project: Path) -> None:
    schema_path = project / "schemas" / "userEconomy.json"
    schema = json.loads(schema_path.read_text())
    schema["properties"]["state"] = {"bsonType": "string", "enum": ["a", None]}
    schema_path.write_text(json.dumps(schema))
    assert _run("build", project)[0] == 0  # regenerate: only the warning is left
    assert _run("check", project)[0] == 0
    assert _run("check", project, "--warnings-as-errors")[0] == 1
    assert _run("lint", project, "--warnings-as-errors")[0] == 1
