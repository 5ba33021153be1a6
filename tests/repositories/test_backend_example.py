"""examples/test_backend_flow.py runs on the package's test backend (noema_db.testing) and
prints what the generated layer did; mypy --strict on examples/ is test_example.py's."""

from __future__ import annotations

import importlib.util

import pytest

from tests.repositories.support import ROOT


def test_test_backend_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "test_backend_flow", ROOT / "examples" / "test_backend_flow.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0
    output = capsys.readouterr().out.splitlines()
    assert output == [
        "wallet lookup: True",
        "balance after debit: 4.96; richest first: True",
        "streamed 10; page sizes [5, 5]",
    ]
