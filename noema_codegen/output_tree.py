"""What is in an output directory: its files, the build marker, and the drift from a new build.

The marker ``.noema-codegen`` is a text file every build writes at the top of the output
directory: a few ``#`` comment lines, then the paths the build wrote, one per line, sorted
(POSIX, relative to the directory, the marker itself included). It is what lets the next
build tell its own files (replaced) from files somebody else put there (refused).
Caches (``__pycache__``, ``.mypy_cache`` ...) are not part of a tree: never listed, never
compared, never refused.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from noema_codegen.diagnostics import UserFacingError

MARKER = ".noema-codegen"
"""File every build writes into the output directory: the list of the files it wrote."""

MARKER_HEADER = (
    "# Written by `noema-codegen build` from schemas/. Do not edit or add files here:\n"
    "# a build replaces this directory as a whole, and refuses to while it holds a file\n"
    "# that is neither listed below (the files the last build wrote) nor one it writes.\n"
)

IGNORED_NAMES = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".DS_Store"}
)
IGNORED_SUFFIXES = (".pyc", ".egg-info")


class OutputError(UserFacingError):
    """The output directory cannot be read or written; the message says where and what next."""


def describe_os_error(error: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) in our words, from the errno alone."""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the device", "free some space, then re-run"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied", "make it writable for this user, or choose another --out"
    if code == errno.EROFS:
        return "read-only file system", "choose an --out on a writable file system"
    if code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return (
            "a path that must be a directory is a file",
            "move that file away, or choose another --out",
        )
    if code == errno.ENAMETOOLONG:
        return "file name too long", "choose a shorter --out path"
    name = errno.errorcode.get(code, "unknown error") if code is not None else "unknown error"
    return f"operating-system error {name}", "fix the cause, then re-run"


def read_error(path: Path, error: OSError) -> OutputError:
    """``OutputError`` for a failed read under ``path`` (naming the file that failed)."""
    failed = error.filename if isinstance(error.filename, str) else str(path)
    reason, next_step = describe_os_error(error)
    if error.errno in (errno.EACCES, errno.EPERM):
        next_step = "make it readable for this user, or choose another --out"
    return OutputError(f"cannot read {failed}: {reason}; {next_step}")


def marker_text(paths: Iterable[str]) -> str:
    """The marker's content for a build writing ``paths``: deterministic (sorted, no dates)."""
    listed = sorted(set(paths) | {MARKER})
    return MARKER_HEADER + "".join(f"{path}\n" for path in listed)


def parse_marker(text: str) -> frozenset[str] | None:
    """The paths a marker lists (every line not starting with ``#``; no path the build writes
    does); ``None`` for a marker of older builds, which held prose and no list."""
    if not text.startswith("#"):
        return None
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def _ignored(name: str) -> bool:
    return name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES)


def _scan(directory: Path, prefix: str, found: list[str]) -> None:
    with os.scandir(directory) as entries:
        for entry in entries:
            if _ignored(entry.name):
                continue
            relative = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                _scan(Path(entry.path), f"{relative}/", found)
            else:  # regular files, symlinks (never followed), anything else
                found.append(relative)


def existing_paths(out_dir: Path) -> list[str]:
    """Every non-directory entry under ``out_dir`` (relative POSIX paths, sorted), caches left out.

    Raises ``OutputError`` when ``out_dir`` is not a directory or cannot be read.
    """
    try:
        if not out_dir.exists() and not out_dir.is_symlink():
            return []
        if out_dir.is_symlink():
            raise OutputError(
                f"{out_dir} is a symbolic link, which a build would replace by a directory; "
                "pass its target as --out, or remove the link"
            )
        if not out_dir.is_dir():
            raise OutputError(
                f"{out_dir} is not a directory; move it away, or choose another --out"
            )
        found: list[str] = []
        _scan(out_dir, "", found)
    except OSError as error:
        raise read_error(out_dir, error) from error
    return sorted(found)


def _read_entry(path: Path) -> bytes:
    mode = path.lstat().st_mode
    if stat.S_ISREG(mode):
        return path.read_bytes()
    if stat.S_ISLNK(mode):
        return f"(a symbolic link to {os.readlink(path)})\n".encode("utf-8", "surrogateescape")
    return b"(not a regular file)\n"


def existing_files(out_dir: Path) -> dict[str, bytes]:
    """The content of every entry ``existing_paths`` lists (links and special files described)."""
    try:
        return {relative: _read_entry(out_dir / relative) for relative in existing_paths(out_dir)}
    except OSError as error:
        raise read_error(out_dir, error) from error


def previous_build(out_dir: Path) -> frozenset[str]:
    """The paths the last build wrote into ``out_dir``, from its marker (empty when none)."""
    marker = out_dir / MARKER
    try:
        if not marker.is_file() or marker.is_symlink():
            return frozenset()
        listed = parse_marker(marker.read_text(encoding="utf-8", errors="replace"))
    except OSError as error:
        raise read_error(marker, error) from error
    return listed if listed is not None else frozenset()


def foreign_paths(files: Mapping[str, str], out_dir: Path) -> list[str]:
    """Entries of ``out_dir`` that neither the last build (its marker) nor this one writes."""
    ours = previous_build(out_dir) | set(files) | {MARKER}
    return [path for path in existing_paths(out_dir) if path not in ours]


def interrupted_leftovers(out_dir: Path) -> list[Path]:
    """Siblings ``.<name>.new.*`` / ``.<name>.old.*`` that only a killed build leaves behind
    (a complete or partial new tree, or the previous tree moved aside). Never deleted for the
    user: an ``.old.`` one may be the only copy of the previous tree."""
    parent = Path(os.path.abspath(out_dir)).parent
    prefixes = (f".{out_dir.name}.new.", f".{out_dir.name}.old.")
    try:
        return sorted(p for p in parent.iterdir() if p.name.startswith(prefixes) and p.is_dir())
    except OSError:
        return []  # an unreadable parent is reported by the write itself


@dataclass(frozen=True)
class Drift:
    changed: list[str]
    added: list[str]
    removed: list[str]
    label: str = field(default="", repr=False)
    """The output directory's name, in the diff's ``a/`` and ``b/`` paths."""
    current: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    wanted: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def clean(self) -> bool:
        return not (self.changed or self.added or self.removed)

    @property
    def stale_files(self) -> list[str]:
        return sorted(self.changed + self.added + self.removed)

    @cached_property
    def diff(self) -> str:
        """A unified diff of every stale file (computed when asked: a build only asks
        ``clean``)."""
        chunks: list[str] = []
        for path in self.stale_files:
            old = self.current.get(path, b"").decode("utf-8", errors="replace")
            chunks.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    self.wanted.get(path, "").splitlines(keepends=True),
                    fromfile=f"a/{self.label}/{path}" if path in self.current else "/dev/null",
                    tofile=f"b/{self.label}/{path}" if path in self.wanted else "/dev/null",
                )
            )
        return "".join(chunks)


def compare(files: Mapping[str, str], out_dir: Path) -> Drift:
    """How ``out_dir`` differs from ``files``; raises ``OutputError`` when it cannot be read."""
    current = existing_files(out_dir)
    wanted = {path: text.encode("utf-8") for path, text in files.items()}
    changed = sorted(p for p in wanted if p in current and current[p] != wanted[p])
    added = sorted(p for p in wanted if p not in current)
    removed = sorted(p for p in current if p not in wanted)
    return Drift(changed, added, removed, out_dir.name, current, files)
