"""The batch formatter used for generated Python."""

from __future__ import annotations

import pytest

from noema_codegen.config import Config
from noema_codegen.render.python_format import GeneratedSyntaxError, format_python_sources


def test_formats_a_batch_and_keeps_paths() -> None:
    out = format_python_sources(
        {"a.py": "x=( 1,2 )\n", "pkg/b.py": "def f( ):\n  return {'k':1}\n"}, Config()
    )
    assert out == {"a.py": "x = (1, 2)\n", "pkg/b.py": 'def f():\n    return {"k": 1}\n'}


def test_invalid_python_names_the_file() -> None:
    with pytest.raises(GeneratedSyntaxError, match="broken.py"):
        format_python_sources({"ok.py": "x = 1\n", "broken.py": "def f(:\n"}, Config())
