"""Render models + repositories of schemas/ into a temporary package and import it as ``noema_db``.

A plain module (imported once, as ``tests.repositories.support``), not the conftest: pytest
imports a conftest under a second name, which rendered a second ``noema_db`` whose exception
classes did not match the first.

Done at import time (before the test modules here import ``noema_db``), so these
tests exercise what the renderers produce now, not a committed ``generated/`` tree.
"""

from __future__ import annotations

import asyncio
import atexit
import inspect
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from noema_codegen.checked_project import load_project
from noema_codegen.render.models import render_models
from noema_codegen.render.package import render_package
from noema_codegen.render.repositories import render_repositories
from tests.schema_fixtures import NOEMA

ROOT = Path(__file__).resolve().parents[2]


def render_generated_package() -> Path:
    project = load_project(ROOT / "schemas", NOEMA)
    files = {**render_models(project), **render_repositories(project), **render_package(project)}
    out = Path(tempfile.mkdtemp(prefix="noema-repositories-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


GENERATED = render_generated_package()
for _name in [n for n in sys.modules if n == "noema_db" or n.startswith("noema_db.")]:
    del sys.modules[_name]
sys.path.insert(0, str(GENERATED))


LOOP = asyncio.new_event_loop()
"""One event loop for every async call (pymongo's async client stays on the loop it started on)."""
atexit.register(LOOP.close)


def run(value: Any) -> Any:
    """The result of a repository call, sync or async."""
    return LOOP.run_until_complete(value) if inspect.iscoroutine(value) else value
