"""Golden end-to-end tests: each project's committed output equals a fresh build of its schemas.

Two projects: this repository's (noema: ``schemas/`` -> ``generated/``, package ``noema_db``,
with a declared ledger) and ``tests/golden/library/`` (its own pyproject settings, package
``library_db``, no ledger), which proves the generator is generic.

Regenerate both golden outputs with one command:
``NOEMA_REGENERATE=1 .venv/bin/python -m pytest -q tests/test_golden.py``
(which rebuilds them instead of failing), then review and commit the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from noema_codegen.config import load_config
from noema_codegen.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = {
    "noema": (ROOT, "noema_db"),
    "library": (ROOT / "tests" / "golden" / "library", "library_db"),
}


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_committed_output_matches_a_fresh_build(name: str) -> None:
    directory, package = PROJECTS[name]
    config = load_config(directory)  # the project's own [tool.noema-codegen]
    assert config.package == package
    if os.environ.get("NOEMA_REGENERATE") == "1":
        build(config)
    result = build(config, check=True)
    assert result.drift is not None
    assert result.drift.clean, (
        f"{config.out} is stale (NOEMA_REGENERATE=1 pytest tests/test_golden.py):\n"
        + result.drift.diff[:4000]
    )


def test_the_second_project_shares_nothing_of_noema() -> None:
    directory, package = PROJECTS["library"]
    out = load_config(directory).out
    texts = [
        p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and "cache" not in str(p)
    ]
    assert texts and not any(b"noema_db" in text for text in texts)
    runtime = {p.name for p in (out / package / "_runtime").glob("*.py")}
    assert "repository_core.py" in runtime and "credit.py" not in runtime  # no ledger declared


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_generated_package_passes_mypy_strict(name: str) -> None:
    directory, package = PROJECTS[name]
    out = load_config(directory).out
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
