"""Write a rendered tree into the output directory, all or nothing, destroying nothing else.

A build renders every file in memory first. Then:

* When the output directory already holds exactly those bytes, nothing is written (mtimes
  are kept; ``build`` prints "... is up to date") -- see ``pipeline.build``.
* When it holds a file that neither the last build wrote (the list in its ``.noema-codegen``
  marker) nor this build writes, the build is refused with the list of those files
  (``UnsafeOutputDir``): nothing is deleted, nothing is written. Files the last build wrote
  are replaced; caches (``__pycache__``, ``.mypy_cache`` ...) are not looked at and go with
  the old tree.
* Otherwise the new tree is written to a sibling temporary directory and swapped in with
  two renames, so a failure (full disk, read-only file system, permission denied, an
  output path that is a file ...) or a crash leaves the previous directory byte-identical;
  a failure is raised as ``WriteFailed`` naming the path, what failed and what to do, and
  the temporary directory is removed. Durability: once every file is written, each file
  and each directory of the new tree is fsynced (one journal commit for the lot, not one
  per file), then the renames swap it in and the parent directory is fsynced.

Directories are created with ``os.mkdir`` and files with ``open``, so they get the
permissions the umask gives, like any other tool's output (0755/0644 under umask 022).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from noema_codegen.output_tree import (
    MARKER,
    Drift,
    OutputError,
    compare,
    describe_os_error,
    existing_files,
    existing_paths,
    foreign_paths,
    interrupted_leftovers,
    marker_text,
    parse_marker,
)

__all__ = [
    "MARKER",
    "Drift",
    "OutputError",
    "UnsafeOutputDir",
    "WriteFailed",
    "compare",
    "existing_files",
    "existing_paths",
    "foreign_paths",
    "interrupted_leftovers",
    "marker_text",
    "parse_marker",
    "write_tree",
]

SHOWN_FOREIGN = 50
"""How many refused paths a message lists before "... and N more"."""


class UnsafeOutputDir(OutputError):
    """The output directory holds files no build wrote: replacing it would destroy them."""

    def __init__(self, out_dir: Path, foreign: list[str]) -> None:
        shown = [f"  {out_dir.as_posix()}/{path}" for path in foreign[:SHOWN_FOREIGN]]
        if len(foreign) > SHOWN_FOREIGN:
            shown.append(f"  ... and {len(foreign) - SHOWN_FOREIGN} more")
        super().__init__(
            f"refusing to build into {out_dir}: a build replaces it as a whole, and it holds "
            f"{len(foreign)} file(s) that noema-codegen did not write:\n"
            + "\n".join(shown)
            + f"\nmove them out of {out_dir}, or delete them, then re-run; nothing was written"
        )
        self.foreign = foreign


class WriteFailed(OutputError):
    """An operating-system error while writing; the previous tree is in place (or named)."""


def _check_relative(out_dir: Path, relative: str) -> None:
    parts = relative.split("/")
    bad_char = any(ord(c) < 0x20 or c == "\x7f" for c in relative)
    if bad_char or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise OutputError(
            f"the build would write {relative!r}, which is not a plain file name inside "
            f"{out_dir}; rename the collection or model it comes from, then re-run"
        )


def _unique_sibling(parent: Path, stem: str) -> Path:
    while True:
        candidate = parent / f".{stem}.{secrets.token_hex(4)}"
        if not candidate.exists() and not candidate.is_symlink():
            return candidate


@contextmanager
def _step(out_dir: Path, what: str, path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        reason, next_step = describe_os_error(error)
        raise WriteFailed(
            f"cannot write {out_dir}: {what} {path} failed: {reason}; {next_step} "
            f"({out_dir} is unchanged)"
        ) from error


def _write_file(out_dir: Path, target: Path, text: str) -> None:
    with (
        _step(out_dir, "writing", target),
        open(target, "w", encoding="utf-8", newline="\n") as handle,
    ):
        handle.write(text)


def _fsync_path(out_dir: Path, path: Path, *, directory: bool) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    with _step(out_dir, "flushing to disk", path):
        descriptor = os.open(path, flags)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _write_staging(files: Mapping[str, str], out_dir: Path, staging: Path) -> None:
    """Write every file, then make the staging tree durable: fsync each file and each
    directory once all are written (one journal commit serves them all, where fsync after
    each write would wait for one commit per file), before the swap renames it."""
    written: list[Path] = []
    directories = {staging}
    for relative, text in sorted(files.items()):
        target = staging / relative
        if not target.parent.is_dir():
            with _step(out_dir, "creating directory", target.parent):
                target.parent.mkdir(parents=True)
        directories.update(staging / p for p in Path(relative).parents)
        _write_file(out_dir, target, text)
        written.append(target)
    for target in written:
        _fsync_path(out_dir, target, directory=False)
    if os.name == "posix":  # directories cannot be opened for fsync elsewhere
        for directory in sorted(directories, key=lambda d: len(d.parts), reverse=True):
            _fsync_path(out_dir, directory, directory=True)


def _fsync_parent(directory: Path) -> None:
    """Make the swap's renames durable (POSIX: fsync the directory holding them). The new
    tree is in place by now, so a file system that cannot fsync a directory is not an error."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _restore(out_dir: Path, backup: Path) -> None:
    """Put the previous tree back after a failed swap; say where it is if even that fails."""
    try:
        os.rename(backup, out_dir)
    except OSError as error:
        reason, _ = describe_os_error(error)
        raise WriteFailed(
            f"cannot write {out_dir}, and putting the previous tree back failed too ({reason}): "
            f"it is intact in {backup}; rename it to {out_dir}"
        ) from error


def write_tree(files: Mapping[str, str], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files`` (paths relative to it), atomically.

    Raises ``UnsafeOutputDir`` (and writes nothing) when ``out_dir`` holds a file neither the
    last build nor this one writes; ``WriteFailed`` (leaving ``out_dir`` as it was) when the
    operating system refuses a step; ``OutputError`` for a path that is not a plain name.
    """
    for relative in files:
        _check_relative(out_dir, relative)
    foreign = foreign_paths(files, out_dir)
    if foreign:
        raise UnsafeOutputDir(out_dir, foreign)
    out_dir = Path(os.path.abspath(out_dir))
    parent = out_dir.parent
    with _step(out_dir, "creating directory", parent):
        parent.mkdir(parents=True, exist_ok=True)
    staging = _unique_sibling(parent, f"{out_dir.name}.new")
    with _step(out_dir, "creating directory", staging):
        os.mkdir(staging)
    backup: Path | None = None
    try:
        _write_staging(files, out_dir, staging)
        if out_dir.exists() or out_dir.is_symlink():
            backup = _unique_sibling(parent, f"{out_dir.name}.old")
            with _step(out_dir, "moving aside", out_dir):
                os.rename(out_dir, backup)
        with _step(out_dir, "moving the new tree into place at", out_dir):
            os.rename(staging, out_dir)
    except BaseException:
        try:
            if backup is not None and not out_dir.exists():
                _restore(out_dir, backup)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync_parent(parent)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
