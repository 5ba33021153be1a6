"""The tool as a user gets it: a wheel installed into a fresh venv outside the checkout.

The wheel is built from a copy holding only what the distribution is made of
(``pyproject.toml``, ``README.md``, ``noema_codegen/``), offline (``--no-build-isolation``,
this venv's setuptools). The fresh venv gets the wheel's dependencies (the closure of its
declared requirements, without the dev extra, plus the build backend the generated project
needs) pinned with their hashes from ``requirements/dev.lock`` (``--require-hashes``), then
the wheel itself without dependencies: a dependency the wheel forgets to declare fails here.
In a directory holding only a ``pyproject.toml`` and ``schemas/`` (a copy of the second
golden project, tests/golden/library), ``noema-codegen lint`` and ``build`` run there, and the
generated project (``generated/pyproject.toml``) installs and imports there.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from noema_codegen.render.package import RUNTIME_DEPENDENCIES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

LIBRARY = ROOT / "tests" / "golden" / "library"
"""The second golden project (its own pyproject settings, package ``library_db``)."""

USE_THE_PACKAGE = """
    import datetime
    import library_db
    from library_db.models import Book
    from library_db.repositories import AsyncBookRepository, BookRepository
    assert "site-packages" in library_db.__file__, library_db.__file__
    added = datetime.datetime(2024, 1, 2, 3, 4, 5)
    book = Book(isbn="9780000000002", title="Dune", authors=["Herbert"], added_at=added)
    document = book.to_document()
    assert document["isbn"] == "9780000000002" and document["addedAt"] == added, document
    assert Book.from_document(document) == book
    assert callable(BookRepository.find_by_author) and callable(AsyncBookRepository.find_by_author)
    print("imported")
"""


def _run(
    args: list[str | Path], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def _closure(requirements: list[str]) -> set[str]:
    """Canonical names of ``requirements`` and everything they need (no extras), read from
    the metadata of this venv, which installed the same lock."""
    found: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        if requirement.marker and not requirement.marker.evaluate(
            {**default_environment(), "extra": ""}
        ):
            continue
        found.add(name)
        todo.extend(Requirement(r) for r in importlib.metadata.requires(name) or [])
    return found


def _locked(names: set[str], out: Path) -> Path:
    """The entries of requirements/dev.lock for ``names`` (with their hashes), in ``out``."""
    lock = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock)
    kept = [e for e in entries if canonicalize_name(re.split(r"[=<>; ]", e, 1)[0]) in names]
    assert {canonicalize_name(re.split(r"[=<>; ]", e, 1)[0]) for e in kept} == names
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return out


def _build_wheel(tmp: Path, env: dict[str, str]) -> Path:
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "noema_codegen",
        source / "noema_codegen",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    wheels = tmp / "wheels"
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    _run([*pip, "-w", wheels, source], tmp, env)
    (wheel,) = wheels.glob("noema_codegen-*.whl")
    return wheel


def test_wheel_installs_in_a_fresh_venv_and_builds_a_project_of_its_own(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    tmp = tmp_path_factory.mktemp("wheel-install")
    assert not tmp.resolve().is_relative_to(ROOT.resolve()), "the venv must be outside the checkout"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"

    wheel = _build_wheel(tmp, env)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "noema_codegen/templates/repositories/module.py.j2" in names
    assert "noema_codegen/py.typed" in names and "noema_codegen/runtime/credit.py" in names
    assert not any(n.startswith("noema_db") for n in names), "the wheel ships only the tool"

    venv = tmp / "venv"
    created = subprocess.run(
        [sys.executable, "-m", "venv", venv], capture_output=True, text=True, check=False
    )
    if created.returncode != 0:
        pytest.skip(f"cannot create a venv here (python -m venv failed): {created.stderr.strip()}")
    python, codegen = venv / "bin" / "python", venv / "bin" / "noema-codegen"
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    build_backend = ["setuptools", "wheel"]  # for pip install --no-build-isolation ./generated
    needed = _closure([*tool["dependencies"], *RUNTIME_DEPENDENCIES, *build_backend])
    lock = _locked(needed, tmp / "wheel.lock")
    _run(
        [python, "-m", "pip", "install", "-q", "--no-compile", "--require-hashes", "-r", lock],
        tmp,
        env,
    )
    _run([python, "-m", "pip", "install", "-q", "--no-deps", wheel], tmp, env)

    project = tmp / "library"
    project.mkdir()
    shutil.copy(LIBRARY / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(LIBRARY / "schemas", project / "schemas")

    assert sorted(p.name for p in project.iterdir()) == ["pyproject.toml", "schemas"]
    assert "no problems found" in _run([codegen, "lint"], project, env).stdout
    _run([codegen, "build"], project, env)
    assert (project / "generated" / "library_db" / "repositories" / "book.py").is_file()
    assert "up to date" in _run([codegen, "build", "--check"], project, env).stdout

    _run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "./generated"],
        project,
        env,
    )
    used = _run([python, "-c", textwrap.dedent(USE_THE_PACKAGE)], tmp, env)
    assert used.stdout.strip() == "imported"

    # docs/installing.md: a non-editable install leaves setuptools' generated/build/, which
    # the next build refuses (exit 2, naming it) until it is deleted
    refused = subprocess.run(
        [codegen, "build"], check=False, cwd=project, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "generated/build/" in refused.stderr, refused.stderr
    shutil.rmtree(project / "generated" / "build")
    assert "up to date" in _run([codegen, "build"], project, env).stdout
