"""Golden end-to-end test: the committed generated/ equals a fresh build of schemas/.

Regenerate the golden output with `noema-codegen build` (or run this test with
NOEMA_REGENERATE=1, which rebuilds generated/ instead of failing).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from noema_codegen.config import load_config
from noema_codegen.pipeline import build


def test_committed_generated_tree_matches_a_fresh_build(root: Path) -> None:
    config = load_config(root)  # this repository's [tool.noema-codegen]: the noema project
    assert config.package == "noema_db"
    if os.environ.get("NOEMA_REGENERATE") == "1":
        build(config)
    result = build(config, check=True)
    assert result.drift is not None
    assert result.drift.clean, (
        "generated/ is stale (run `noema-codegen build` or NOEMA_REGENERATE=1 pytest tests/test_golden.py):\n"
        + result.drift.diff[:4000]
    )


@pytest.mark.slow
def test_generated_package_passes_mypy_strict(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "generated/noema_db"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
