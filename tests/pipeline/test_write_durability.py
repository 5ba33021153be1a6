"""write_tree's fsync strategy: every file and directory of the new tree is flushed after all
are written and before the swap; the parent directory (holding the renames) after it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noema_codegen import write

FILES = {
    "a.json": "{}\n",
    "pkg/__init__.py": "",
    "pkg/models/user.py": "x = 1\n",
    "pkg/models/__init__.py": "",
}


@pytest.mark.skipif(os.name != "posix", reason="directory fsync is POSIX")
def test_files_then_directories_then_parent_are_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "out"
    opened: dict[int, Path] = {}
    events: list[tuple[str, Path]] = []
    real_open, real_fsync, real_rename = os.open, os.fsync, os.rename

    def record_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        descriptor = real_open(path, flags, *args)
        opened[descriptor] = Path(path)
        return descriptor

    def record_fsync(descriptor: int) -> None:
        events.append(("fsync", opened[descriptor]))
        real_fsync(descriptor)

    def record_rename(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        events.append(("rename", Path(target)))
        real_rename(source, target)

    monkeypatch.setattr(os, "open", record_open)
    monkeypatch.setattr(os, "fsync", record_fsync)
    monkeypatch.setattr(os, "rename", record_rename)
    write.write_tree(FILES, out_dir)

    swap = events.index(("rename", out_dir))
    before = [path for kind, path in events[:swap] if kind == "fsync"]
    (root,) = {p for p in before if p.parent == tmp_path}  # the staging directory
    flushed = {p.relative_to(root).as_posix() for p in before if p != root}
    assert set(FILES) <= flushed  # every file
    assert {"pkg", "pkg/models"} <= flushed and root in before  # every directory
    assert events[swap + 1 :] == [("fsync", tmp_path)]  # the parent, once, after the swap
    assert {p.as_posix() for p in out_dir.rglob("*") if p.is_file()} == {
        (out_dir / name).as_posix() for name in FILES
    }
