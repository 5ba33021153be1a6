"""The two sides of a diff: the schemas now, and the schemas at a git ref or in a directory.

A git ref is read with ``git rev-parse``/``git ls-tree``/``git cat-file`` (no checkout, the
work tree is never touched): the schema files at the ref are copied into a temporary
directory of the same name and go through the one front end (``checked_project``), so both
sides are the IR the generator sees. Problems the user can fix (not a git repository, an
unknown ref, schemas with errors at the ref) are ``EvolutionInputError`` (exit 2).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from noema_codegen.checked_project import check_schemas
from noema_codegen.config import Config
from noema_codegen.diagnostics import UserFacingError, errors_in
from noema_codegen.ir.model import Project
from noema_codegen.load import SCHEMA_SUFFIX

GIT_TIMEOUT_S = 60
BLOB_MODES = {b"100644", b"100755"}


class EvolutionInputError(UserFacingError):
    """The schemas to compare cannot be read (exit 2); the message says what to do."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise EvolutionInputError(
            "git is not installed (or not on PATH): install git, or pass --against DIR "
            "(a directory holding the old schemas)"
        ) from None
    except subprocess.TimeoutExpired:
        raise EvolutionInputError(f"git {args[0]} took over {GIT_TIMEOUT_S} s: retry") from None


def _checked(schema_dir: Path, config: Config, where: str) -> Project:
    project, diagnostics = check_schemas(schema_dir, config)
    if project is None:
        details = "\n".join(d.format() for d in errors_in(diagnostics))
        raise EvolutionInputError(
            f"the schemas {where} have errors; a diff needs both sides to lint clean "
            f"(run `noema-codegen lint` there):\n{details}"
        )
    return project


def current_project(config: Config) -> Project:
    """The project of ``config.schemas`` (the side being proposed)."""
    if not config.schemas.is_dir():
        raise EvolutionInputError(
            f"{config.schemas}: schema directory not found (pass --schemas DIR)"
        )
    return _checked(config.schemas, config, f"in {config.schemas}")


def project_against(against: str, config: Config) -> Project:
    """The project to compare with: ``against`` is a directory of schemas, or a git ref (its
    version of the directory ``config.schemas``)."""
    if not against or against.startswith("-") or not against.isprintable():
        raise EvolutionInputError(
            f"--against {against!r}: give a git ref (HEAD, origin/main, a tag, a commit) or a "
            "directory of schemas"
        )
    candidate = Path(against)
    if candidate.is_dir():
        return _checked(candidate, config, f"in {against}")
    return _project_at_ref(against, config)


def _repository_prefix(schema_dir: Path, against: str) -> tuple[Path, str]:
    """The repository's top directory and the schema directory's path inside it."""
    if not schema_dir.is_dir():
        raise EvolutionInputError(f"{schema_dir}: schema directory not found (pass --schemas DIR)")
    found = _git(schema_dir, "rev-parse", "--show-toplevel", "--show-prefix")
    if found.returncode != 0:
        raise EvolutionInputError(
            f"--against {against}: {schema_dir} is not inside a git repository (and "
            f"{against!r} is not a directory): run it in a clone, or pass --against DIR"
        )
    top, _, prefix = found.stdout.decode("utf-8", "surrogateescape").partition("\n")
    return Path(top.strip()), prefix.strip().rstrip("/")


def _project_at_ref(ref: str, config: Config) -> Project:
    schema_dir = config.schemas
    top, prefix = _repository_prefix(schema_dir, ref)
    commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise EvolutionInputError(
            f"--against {ref}: no such git ref or commit (and no such directory). Next: "
            "`git fetch` it, or check the name with `git branch -a` / `git tag`"
        )
    sha = commit.stdout.decode().strip()
    listing = _git(top, "ls-tree", "-z", f"{sha}:{prefix}" if prefix else sha)
    with tempfile.TemporaryDirectory(prefix="noema-diff-") as tmp:
        target = Path(tmp) / (schema_dir.resolve().name or "schemas")
        target.mkdir()
        if listing.returncode != 0:  # the directory did not exist at the ref: nothing to compare
            return Project((), config)
        written = 0
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.split(b" ")
            if kind != b"blob" or mode not in BLOB_MODES or b"/" in name:
                continue
            if not name.endswith(SCHEMA_SUFFIX.encode()):
                continue
            content = _git(top, "cat-file", "blob", blob.decode())
            (target / os.fsdecode(name)).write_bytes(content.stdout)
            written += 1
        if not written:
            return Project((), config)
        return _checked(target, config, f"at {ref}")
