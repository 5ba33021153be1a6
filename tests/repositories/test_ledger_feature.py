"""The credit/ledger code is a declared feature: without ``x-noema.ledger`` none of it is rendered,
copied or imported; with it, the declared names (not ADR-002's) reach the generated code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from noema_codegen.checked_project import load_project
from noema_codegen.render.models import render_models
from noema_codegen.render.package import FEATURE_RUNTIME_MODULES, render_package
from noema_codegen.render.repositories import (
    render_repositories,
)
from tests.schema_fixtures import NOEMA

ROOT = Path(__file__).resolve().parents[2]
CREDIT_NAMES = ("_runtime.credit", "_runtime.ledger", "_runtime.async_credit", "LedgerSpec")


def schemas_dir(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the bundled schemas with ``edit`` applied to userEconomy.json."""
    directory = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", directory)
    path = directory / "userEconomy.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    edit(schema)
    path.write_text(json.dumps(schema), encoding="utf-8")
    return directory


def render_all(directory: Path, out: Path) -> dict[str, str]:
    project = load_project(directory, NOEMA)
    files = {**render_models(project), **render_repositories(project), **render_package(project)}
    for relative, text in files.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="utf-8")
    return files


def undeclare(schema: dict[str, Any]) -> None:
    del schema["x-noema"]["ledger"]


@pytest.fixture(scope="module")
def undeclared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("no-ledger")
    out = tmp / "out"
    return out, render_all(schemas_dir(tmp, undeclare), out)


def test_without_the_declaration_no_credit_code_is_rendered_or_copied(
    undeclared: tuple[Path, dict[str, str]],
) -> None:
    _, files = undeclared
    runtime = {p.removeprefix("noema_db/_runtime/") for p in files if "/_runtime/" in p}
    assert {"repository_core.py", "repository_base.py", "document_model.py"} <= runtime
    assert not runtime & set(FEATURE_RUNTIME_MODULES["ledger"])
    for path, text in files.items():
        for name in CREDIT_NAMES:
            assert name not in text, (path, name)
    init = files["noema_db/repositories/__init__.py"]
    for name in ("AccountNotFound", "CreditResult", "LedgerReport", "InsufficientCredit"):
        assert name not in init
    economy = files["noema_db/repositories/user_economy.py"]
    assert "adjust_usd_credit" not in economy and "check_ledger" not in economy
    # undeclared, the balance is an ordinary decimal field: set and inc may change it
    update = economy.split("class UserEconomyUpdate")[1].split("\nclass ")[0]
    assert "usd_credit: Decimal" in update


def test_without_the_declaration_the_package_imports(
    undeclared: tuple[Path, dict[str, str]],
) -> None:
    out, _ = undeclared
    code = (
        "import sys, noema_db.repositories as r; "
        "print(r.UserEconomyRepository.__name__); "
        "print(sorted(m for m in sys.modules if m.startswith('noema_db._runtime')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=out,
        env={**os.environ, "PYTHONPATH": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "UserEconomyRepository" in result.stdout
    assert "credit" not in result.stdout and "ledger" not in result.stdout


def test_declared_names_reach_the_rendered_spec(tmp_path: Path) -> None:
    """Renaming the balance field (schema and declaration) renames the method and the spec."""

    def rename(schema: dict[str, Any]) -> None:
        schema["properties"]["walletUsd"] = schema["properties"].pop("usdCredit")
        schema["required"] = ["walletUsd" if r == "usdCredit" else r for r in schema["required"]]
        schema["x-noema"]["ledger"]["balance"] = "walletUsd"

    project = load_project(schemas_dir(tmp_path, rename), NOEMA)
    economy = render_repositories(project)["noema_db/repositories/user_economy.py"]
    assert "    def adjust_wallet_usd(" in economy and "adjust_usd_credit" not in economy
    assert 'balance="walletUsd"' in economy and "usdCredit" not in economy


@pytest.mark.slow
def test_without_the_declaration_the_package_passes_mypy_strict(
    undeclared: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    out, _ = undeclared
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir",
         str(tmp_path), "-p", "noema_db"],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
