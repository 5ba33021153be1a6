"""Write a rendered tree atomically, or compare it with what is on disk.

A build renders every file in memory first; only then is the output directory
replaced: the new tree is written to a sibling temporary directory and swapped
in with two renames, so a failing build (or a crash) leaves the previous
``generated/`` byte-identical. Files under ``generated/`` that the build does
not produce are reported as stale by ``--check`` and removed by ``build``.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MARKER = ".noema-codegen"
"""File every build writes into the output directory: proof the directory is ours to replace."""

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


def existing_paths(out_dir: Path) -> list[Path]:
    """Files under ``out_dir`` (sorted), caches and build metadata left out."""
    if not out_dir.is_dir():
        return []
    found = []
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir)
        if any(part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in relative.parts):
            continue
        if path.is_file():
            found.append(path)
    return found


def existing_files(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in existing_paths(out_dir)}


@dataclass(frozen=True)
class Drift:
    changed: list[str]
    added: list[str]
    removed: list[str]
    diff: str

    @property
    def clean(self) -> bool:
        return not (self.changed or self.added or self.removed)

    @property
    def stale_files(self) -> list[str]:
        return sorted(self.changed + self.added + self.removed)


def compare(files: Mapping[str, str], out_dir: Path) -> Drift:
    current = existing_files(out_dir)
    wanted = {path: text.encode("utf-8") for path, text in files.items()}
    changed = sorted(p for p in wanted if p in current and current[p] != wanted[p])
    added = sorted(p for p in wanted if p not in current)
    removed = sorted(p for p in current if p not in wanted)
    chunks: list[str] = []
    for path in sorted(changed + added + removed):
        old = current.get(path, b"").decode("utf-8", errors="replace").splitlines(keepends=True)
        new = files.get(path, "").splitlines(keepends=True)
        label = out_dir.name
        chunks.extend(
            difflib.unified_diff(
                old,
                new,
                fromfile=f"a/{label}/{path}" if path in current else "/dev/null",
                tofile=f"b/{label}/{path}" if path in wanted else "/dev/null",
            )
        )
    return Drift(changed, added, removed, "".join(chunks))


class UnsafeOutputDir(Exception):
    """The output directory holds files a build did not write: replacing it would destroy them."""


def check_replaceable(files: Mapping[str, str], out_dir: Path) -> None:
    """Refuse to replace a directory that is neither empty, nor a previous build's output
    (it has the marker), nor made only of files this build writes."""
    current = {p.relative_to(out_dir).as_posix() for p in existing_paths(out_dir)}
    if not current or MARKER in current:
        return
    foreign = sorted(set(current) - set(files))
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise UnsafeOutputDir(
            f"refusing to replace {out_dir}: it holds files noema-codegen did not write ({shown}) "
            f"and no {MARKER} marker; choose an empty or new --out directory"
        )


def write_tree(files: Mapping[str, str], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files`` (paths relative to it), atomically.

    Raises ``UnsafeOutputDir`` (and writes nothing) when ``out_dir`` does not look like
    a previous build's output.
    """
    check_replaceable(files, out_dir)
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=parent))
    backup: Path | None = None
    try:
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        if out_dir.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=parent))
            backup.rmdir()
            os.rename(out_dir, backup)
        os.rename(staging, out_dir)
    except BaseException:
        if backup is not None and not out_dir.exists():
            os.rename(backup, out_dir)
            backup = None
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
