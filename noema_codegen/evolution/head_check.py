"""``build``'s breaking-change check: code-breaking changes of the schemas since git ``HEAD``.

Cheap when nothing changed: one ``git rev-parse`` and one ``git ls-tree`` give the blob ids
of the schema files at ``HEAD``; the files on disk are hashed the way git hashes a blob
(SHA-1 of ``blob <size>\\0<bytes>``) and, when every name and id matches, nothing is loaded.
Only when they differ are both sides loaded and classified (``classify.diff_projects``).

Silent by design: not a git repository, no ``HEAD`` yet, git missing or slow, schemas at
``HEAD`` (or now) that do not lint clean all mean "nothing to warn about" (the build itself
reports the schemas' errors; ``noema-codegen diff --against HEAD`` explains the others).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from noema_codegen.config import Config
from noema_codegen.diagnostics import UserFacingError
from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.load import SCHEMA_SUFFIX

GIT_TIMEOUT_S = 10


def _git(cwd: Path, *args: str) -> bytes | None:
    """``git`` output, or None when git is missing, slow or fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def blob_id(data: bytes) -> str:
    """The id git gives a blob holding ``data`` (SHA-1 object format)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _head_blobs(schema_dir: Path) -> dict[str, str] | None:
    """Schema file name -> blob id at ``HEAD``; None when there is no HEAD to compare with."""
    found = _git(schema_dir, "rev-parse", "--show-prefix", "--verify", "--quiet", "HEAD")
    if found is None:  # not a repository, or no commit yet
        return None
    prefix = found.decode("utf-8", "surrogateescape").split("\n")[0].strip().rstrip("/")
    listing = _git(
        schema_dir, "ls-tree", "-z", "--full-tree", f"HEAD:{prefix}" if prefix else "HEAD"
    )
    if listing is None:
        return {}  # the directory is new since HEAD: everything is an addition
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        meta, _, name = entry.partition(b"\t")
        parts = meta.split(b" ")
        if len(parts) == 3 and parts[1] == b"blob" and name.endswith(SCHEMA_SUFFIX.encode()):
            blobs[os.fsdecode(name)] = parts[2].decode()
    return blobs


def _disk_blobs(schema_dir: Path) -> dict[str, str]:
    return {
        path.name: blob_id(path.read_bytes())
        for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}"))
        if path.is_file()
    }


def code_breaking_since_head(config: Config) -> list[Change]:
    """The code-breaking changes from the schemas at ``HEAD`` to those on disk (see above)."""
    schema_dir = config.schemas
    if not schema_dir.is_dir():
        return []
    head = _head_blobs(schema_dir)
    if head is None:
        return []
    try:
        if head == _disk_blobs(schema_dir):
            return []
        # imported only when a schema changed: an unchanged tree costs the two git calls
        from noema_codegen.evolution.classify import diff_projects
        from noema_codegen.evolution.source_ref import current_project, project_against

        old = project_against("HEAD", config)
        new = current_project(config)
    except (OSError, UserFacingError):
        return []
    return [change for change in diff_projects(old, new) if change.is_a(Kind.CODE)]


def warning_line(change: Change) -> str:
    """``code-breaking change: <file>#<pointer>: <what>`` (``build`` prefixes ``warning:``)."""
    return f"code-breaking change: {change.file}#{change.pointer or '/'}: {change.message}"
