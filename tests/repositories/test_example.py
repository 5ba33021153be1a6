"""examples/noema_flow.py runs (on mongomock) and passes mypy --strict."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.repositories.support import ROOT, run


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("noema_flow", ROOT / "examples" / "noema_flow.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_flow_runs(databases: tuple[Any, Any], capsys: pytest.CaptureFixture[str]) -> None:
    example = load_example()
    sync, asynchronous = databases
    user, session = example.sign_in(sync, "tg-1")
    again, same_session = example.sign_in(sync, "tg-1")
    assert (again.id, same_session.session_id) == (user.id, session.session_id)
    example.generate_image(sync, user, session)
    example.wallets_and_keys(sync, user)
    example.settings_and_history(sync, user)
    output = capsys.readouterr().out
    assert "wallet owner found: True" in output
    assert "api key owner found: True" in output
    assert "'theme': 'dark'" in output and "'language': 'en'" in output
    assert "charged 0.04 USD: 5.00 -> 4.96" in output
    assert "ledger consistent: True" in output
    assert "1 generation(s)" in output
    sync["userSessions"].update_one(
        {"sessionId": session.session_id},
        {
            "$set": {
                "lastUserActivityTimestamp": session.last_user_activity_timestamp
                - timedelta(hours=1)
            }
        },
    )
    assert run(example.end_idle_sessions(asynchronous)) == 1


@pytest.mark.slow
def test_examples_pass_mypy_strict(generated_dir: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            str(ROOT / "examples"),
        ],
        env={**os.environ, "MYPYPATH": str(generated_dir)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_examples_use_the_generated_api_without_escape_hatches() -> None:
    # issue 11: the application modules type-check with no cast, no Any and no type: ignore
    for path in sorted((ROOT / "examples").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for hatch in ("cast(", "Any", "type: ignore"):
            assert hatch not in text, f"{path.name} uses {hatch}"
