"""The atomic writer and the drift comparison."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noema_codegen import write
from noema_codegen.write import compare, existing_files, write_tree


def test_write_replaces_the_tree_exactly(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree({write.MARKER: "", "a.json": "{}\n", "pkg/b.py": "x = 1\n"}, out)
    write_tree({write.MARKER: "", "a.json": "[]\n"}, out)
    assert existing_files(out) == {write.MARKER: b"", "a.json": b"[]\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_a_failure_midway_leaves_the_old_tree_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree({"a.json": "old\n", "b.json": "old\n"}, out)
    before = existing_files(out)
    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(write.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_tree({"a.json": "new\n", "b.json": "new\n", "c.json": "new\n"}, out)
    assert existing_files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_a_failed_swap_restores_the_old_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree({"a.json": "old\n"}, out)
    real_rename = os.rename

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".generated.new-"):
            raise OSError("rename failed")
        real_rename(src, dst)

    monkeypatch.setattr(write.os, "rename", failing_rename)
    with pytest.raises(OSError, match="rename failed"):
        write_tree({"a.json": "new\n"}, out)
    assert existing_files(out) == {"a.json": b"old\n"}


def test_compare_reports_changed_added_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree({"same.json": "1\n", "changed.json": "old\n", "removed.json": "x\n"}, out)
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "junk.pyc").write_bytes(b"\0")
    drift = compare({"same.json": "1\n", "changed.json": "new\n", "added.json": "y\n"}, out)
    assert (drift.changed, drift.added, drift.removed) == (
        ["changed.json"],
        ["added.json"],
        ["removed.json"],
    )
    assert "-old\n+new\n" in drift.diff
    assert "+++ /dev/null" in drift.diff and "--- /dev/null" in drift.diff
    assert compare({"a": "1\n"}, tmp_path / "missing").added == ["a"]


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "src"
    out.mkdir()
    (out / "precious.py").write_text("keep me\n")
    with pytest.raises(write.UnsafeOutputDir, match="precious.py"):
        write_tree({write.MARKER: "", "a.json": "{}\n"}, out)
    assert existing_files(out) == {"precious.py": b"keep me\n"}


def test_replaces_a_previous_build_even_with_files_it_no_longer_writes(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree({write.MARKER: "", "old.json": "{}\n"}, out)
    write_tree({write.MARKER: "", "new.json": "{}\n"}, out)
    assert sorted(existing_files(out)) == [write.MARKER, "new.json"]
