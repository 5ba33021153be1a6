"""Render the models of the bundled schemas into a temporary directory and import them.

The generated package is imported as ``noema_db`` from that directory (ahead of any
installed/committed ``generated/noema_db``); the previous ``noema_db`` modules are
restored after each test module.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from noema_codegen.checked_project import load_project
from noema_codegen.ir.model import Project
from noema_codegen.render.models import render_models
from noema_codegen.render.package import render_runtime
from tests.schema_fixtures import NOEMA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT / "schemas", NOEMA)


@pytest.fixture(scope="session")
def rendered(project: Project) -> dict[str, str]:
    return render_models(project)


def write_package(files: dict[str, str], out: Path) -> Path:
    """Write the rendered files (plus the package marker files and the runtime copy that
    ``render.package`` adds in a build, where ``files`` lacks them) under ``out``."""
    files = {**render_runtime(load_project(ROOT / "schemas", NOEMA)), **files}
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for marker in ("noema_db/__init__.py", "noema_db/py.typed"):
        if not (out / marker).exists():
            (out / marker).write_text("", encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def generated_dir(rendered: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_package(rendered, tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def models(generated_dir: Path) -> Iterator[ModuleType]:
    """``noema_db.models`` imported from the freshly rendered package.

    Module-scoped: the installed ``noema_db`` is restored after each test module, so
    tests elsewhere (repositories) never see this partial package.
    """
    saved = {k: v for k, v in sys.modules.items() if k == "noema_db" or k.startswith("noema_db.")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, str(generated_dir))
    try:
        module = importlib.import_module("noema_db.models")
        assert Path(module.__file__ or "").is_relative_to(generated_dir)
        yield module
    finally:
        sys.path.remove(str(generated_dir))
        for name in [k for k in sys.modules if k == "noema_db" or k.startswith("noema_db.")]:
            del sys.modules[name]
        sys.modules.update(saved)
