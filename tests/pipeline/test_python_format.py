"""The batch formatter used for generated Python."""

from __future__ import annotations

import pytest

from noema_codegen.config import Config
from noema_codegen.render.python_format import GeneratedSyntaxError, format_python_sources


def test_formats_a_batch_and_keeps_paths() -> None:
    out = format_python_sources(
        {"a.py": "x=( 1,2 )\n", "pkg/b.py": "def f( ):\n  return {'k':1}\n"}, Config(cache_dir=None)
    )
    assert out == {"a.py": "x = (1, 2)\n", "pkg/b.py": 'def f():\n    return {"k": 1}\n'}


def test_invalid_python_names_the_file() -> None:
    with pytest.raises(GeneratedSyntaxError, match="broken.py"):
        format_python_sources(
            {"ok.py": "x = 1\n", "broken.py": "def f(:\n"}, Config(cache_dir=None)
        )


def test_imports_are_sorted_and_grouped_with_the_package_last() -> None:
    source = (
        "from __future__ import annotations\n"
        "from shop_db._runtime.pagination import Page\n"
        "from pydantic import Field, MISSING, AliasChoices\n"
        "from typing import Any\n"
        "from bson import ObjectId\n"
        "X: Any = (Page, Field, MISSING, AliasChoices, ObjectId)\n"
    )
    out = format_python_sources({"m.py": source}, Config(package="shop_db", cache_dir=None))
    assert out["m.py"] == (
        "from __future__ import annotations\n\n"
        "from typing import Any\n\n"
        "from bson import ObjectId\n"
        "from pydantic import MISSING, AliasChoices, Field\n\n"
        "from shop_db._runtime.pagination import Page\n\n"
        "X: Any = (Page, Field, MISSING, AliasChoices, ObjectId)\n"
    )
