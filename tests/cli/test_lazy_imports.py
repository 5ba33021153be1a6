"""`lint` and `check` import only what they use: lint no renderer, code generator or driver.

Measured with ``python -X importtime -m noema_codegen lint`` (docs/performance.md); this test
keeps the import graph from growing back: a fresh interpreter runs the command and lists
the modules it loaded.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import json, sys
from noema_codegen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""

NOT_FOR_LINT = (
    "noema_codegen.render",
    "noema_codegen.pipeline",
    "noema_codegen.apply",
    "datamodel_code_generator",
    "jinja2",
    "pymongo",
    "pydantic",
    "rich",
    "jsonschema",  # only when the compiled x-noema check refuses an extension (ir.build)
    "noema_codegen.validation.codegen",  # the engine's compiler: lint needs only its parser
)


@functools.cache  # one interpreter per command line, shared by the parametrized cases
def _modules(root: Path, *argv: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    modules: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return modules


def _loaded(modules: list[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


@pytest.mark.parametrize("prefix", NOT_FOR_LINT)
def test_lint_does_not_import(root: Path, prefix: str) -> None:
    modules = _modules(root, "lint", "--schemas", str(root / "schemas"))
    assert _loaded(modules, "noema_codegen.lint")  # the command did run
    assert not _loaded(modules, prefix)


def test_check_does_not_import_the_database_driver(root: Path) -> None:
    modules = _modules(root, "check", "--schemas", str(root / "schemas"), "--out", "generated")
    assert _loaded(modules, "noema_codegen.render")  # the command did run
    assert not _loaded(modules, "pymongo") and not _loaded(modules, "noema_codegen.apply")


NOT_FOR_A_WARM_BUILD = (
    "datamodel_code_generator.parser",  # every model text comes from the build cache
    "pydantic",  # only datamodel-code-generator and the runtime's models import it
    "noema_codegen.evolution.classify",  # no schema differs from git HEAD
    "pymongo",
)


@pytest.mark.parametrize("prefix", NOT_FOR_A_WARM_BUILD)
def test_a_warm_build_does_not_import(
    root: Path, tmp_path_factory: pytest.TempPathFactory, prefix: str
) -> None:
    work = tmp_path_factory.getbasetemp() / "warm-build"
    argv = ("build", "--schemas", str(root / "schemas"), "--out", str(work / "out"))
    if not (work / "pyproject.toml").exists():
        work.mkdir(exist_ok=True)
        cache = json.dumps(str(work / "cache"))
        (work / "pyproject.toml").write_text(
            f'[tool.noema-codegen]\npackage = "noema_db"\ncache-dir = {cache}\n', encoding="utf-8"
        )
        subprocess.run(  # fills the cache
            [sys.executable, "-m", "noema_codegen", *argv],
            cwd=work,
            capture_output=True,
            check=True,
        )
    modules = _modules(work, *argv)
    assert _loaded(modules, "noema_codegen.render.repositories")  # the command did run
    assert not _loaded(modules, prefix)
