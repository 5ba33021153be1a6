"""The atomic writer: replaces only what a build wrote, all or nothing, with umask permissions."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from noema_codegen import write
from noema_codegen.write import compare, existing_files, marker_text, write_tree


def tree(**files: str) -> dict[str, str]:
    """``files`` (``__`` for ``/``, a last ``_`` for ``.``) plus the marker, as a build renders."""
    out = {_name(name): text for name, text in files.items()}
    out[write.MARKER] = marker_text(out)
    return out


def _name(keyword: str) -> str:
    stem, _, suffix = keyword.replace("__", "/").rpartition("_")
    return f"{stem}.{suffix}"


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


def test_write_replaces_the_tree_exactly(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(tree(a_json="{}\n", pkg__b_py="x = 1\n"), out)
    second = tree(a_json="[]\n")
    write_tree(second, out)
    assert existing_files(out) == {p: t.encode() for p, t in second.items()}
    assert siblings(out) == ["generated"]


def test_the_marker_is_read_back_whatever_its_comment_says() -> None:
    listed = marker_text(["a.json", "pkg/m.py"])
    assert write.parse_marker(listed) == {write.MARKER, "a.json", "pkg/m.py"}
    reworded = "# another comment\n#\n" + listed.split("\n", 3)[3]
    assert write.parse_marker(reworded) == {write.MARKER, "a.json", "pkg/m.py"}
    assert write.parse_marker("This directory is written by `noema-codegen build`\n") is None


def test_the_marker_lists_every_written_path_sorted() -> None:
    text = marker_text(["b/z.py", "a.json"])
    listed = [line for line in text.splitlines() if not line.startswith("#")]
    assert listed == sorted([write.MARKER, "a.json", "b/z.py"])
    assert text == marker_text(["a.json", "b/z.py", "a.json"])


def failing_fsync(call: int, error_number: int) -> Callable[[int], None]:
    """``os.fsync`` that fails the ``call``-th time with ``error_number``."""
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(error_number, "injected")
        real(fd)

    return fsync


@pytest.mark.parametrize(
    ("error_number", "reason"),
    [
        (errno.ENOSPC, "no space left on the device"),
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
        (errno.EIO, "EIO"),
    ],
)
def test_a_failure_midway_leaves_the_old_tree_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error_number: int, reason: str
) -> None:
    out = tmp_path / "generated"
    write_tree(tree(a_json="old\n", b_json="old\n"), out)
    before = existing_files(out)
    monkeypatch.setattr(os, "fsync", failing_fsync(2, error_number))
    with pytest.raises(write.WriteFailed) as failed:
        write_tree(tree(a_json="new\n", b_json="new\n", c_json="new\n"), out)
    message = str(failed.value)
    assert reason in message and str(out) in message and "is unchanged" in message
    assert existing_files(out) == before
    assert siblings(out) == ["generated"]


def test_a_failed_swap_restores_the_old_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(tree(a_json="old\n"), out)
    before = existing_files(out)
    real_rename = os.rename

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".generated.new."):
            raise OSError(errno.EXDEV, "injected")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(write.WriteFailed, match="moving the new tree into place"):
        write_tree(tree(a_json="new\n"), out)
    assert existing_files(out) == before
    assert siblings(out) == ["generated"]


def test_when_even_the_restore_fails_the_message_says_where_the_old_tree_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(tree(a_json="old\n"), out)
    before = existing_files(out)
    real_rename = os.rename

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == out:
            raise OSError(errno.EIO, "injected")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(write.WriteFailed, match="it is intact in") as failed:
        write_tree(tree(a_json="new\n"), out)
    backups = [p for p in tmp_path.iterdir() if p.name.startswith(".generated.old.")]
    assert len(backups) == 1 and str(backups[0]) in str(failed.value)
    assert existing_files(backups[0]) == before
    assert siblings(out) == [backups[0].name]  # the staging directory is gone


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
    with pytest.raises(write.UnsafeOutputDir) as refused:
        write_tree(tree(a_json="{}\n"), out)
    assert f"{out.as_posix()}/precious.py" in str(refused.value)
    assert "move them out" in str(refused.value) and "delete them" in str(refused.value)
    assert existing_files(out) == {"precious.py": b"keep me\n"}


def test_refuses_user_files_in_a_previous_build_and_lists_them_all(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(tree(a_json="{}\n", pkg__m_py="x = 1\n"), out)
    (out / "notes.txt").write_text("mine\n")
    (out / "pkg" / "custom.py").write_text("mine\n")
    (out / "pkg" / "link").symlink_to(tmp_path)
    before = existing_files(out)
    with pytest.raises(write.UnsafeOutputDir) as refused:
        write_tree(tree(b_json="{}\n"), out)
    assert refused.value.foreign == ["notes.txt", "pkg/custom.py", "pkg/link"]
    for name in refused.value.foreign:
        assert f"{out.as_posix()}/{name}" in str(refused.value)
    assert existing_files(out) == before


def test_replaces_a_previous_build_even_with_files_it_no_longer_writes(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(tree(old_json="{}\n"), out)
    (out / "__pycache__").mkdir()
    (out / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (out / ".mypy_cache").mkdir()
    write_tree(tree(new_json="{}\n"), out)
    assert sorted(existing_files(out)) == [write.MARKER, "new.json"]


def test_a_marker_without_a_list_protects_everything_the_new_build_does_not_write(
    tmp_path: Path,
) -> None:
    out = tmp_path / "generated"
    out.mkdir()
    (out / write.MARKER).write_text("This directory is written by `noema-codegen build`\n")
    (out / "a.json").write_text("old\n")
    (out / "gone.json").write_text("old\n")
    with pytest.raises(write.UnsafeOutputDir) as refused:
        write_tree(tree(a_json="new\n"), out)
    assert refused.value.foreign == ["gone.json"]
    (out / "gone.json").unlink()
    write_tree(tree(a_json="new\n"), out)
    assert existing_files(out)["a.json"] == b"new\n"


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    out.write_text("a file\n")
    with pytest.raises(write.OutputError, match="is not a directory"):
        write_tree(tree(a_json="{}\n"), out)
    assert out.read_text() == "a file\n"
    with pytest.raises(write.WriteFailed, match="is a file"):
        write_tree(tree(a_json="{}\n"), out / "inside")
    assert siblings(out) == ["generated"]


@pytest.mark.parametrize("relative", ["../escape.json", "/abs.json", "a//b", "a/./b", "new\nline"])
def test_a_path_that_is_not_a_plain_name_is_refused_before_writing(
    tmp_path: Path, relative: str
) -> None:
    with pytest.raises(write.OutputError, match="not a plain file name"):
        write_tree({relative: "{}\n"}, tmp_path / "generated")
    assert list(tmp_path.iterdir()) == []


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(
    ("mask", "directory", "file"), [(0o022, 0o755, 0o644), (0o002, 0o775, 0o664)]
)
def test_permissions_are_what_the_umask_gives(
    tmp_path: Path, mask: int, directory: int, file: int
) -> None:
    out = tmp_path / "generated"
    with umask(mask):
        write_tree(tree(a_json="{}\n", pkg__sub__m_py="x = 1\n"), out)
    for path in [out, out / "pkg", out / "pkg" / "sub"]:
        assert stat.S_IMODE(path.stat().st_mode) == directory, path
    for path in [out / "a.json", out / "pkg" / "sub" / "m.py", out / write.MARKER]:
        assert stat.S_IMODE(path.stat().st_mode) == file, path


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_parent_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    out = parent / "generated"
    write_tree(tree(a_json="old\n"), out)
    before = existing_files(out)
    parent.chmod(0o555)
    try:
        with pytest.raises(write.WriteFailed, match="permission denied"):
            write_tree(tree(a_json="new\n"), out)
    finally:
        parent.chmod(0o755)
    assert existing_files(out) == before
    assert siblings(out) == ["generated"]


def test_an_output_path_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real"
    write_tree(tree(a_json="old\n"), target)
    link = tmp_path / "generated"
    link.symlink_to(target, target_is_directory=True)
    with pytest.raises(write.OutputError, match="symbolic link"):
        write_tree(tree(a_json="new\n"), link)
    assert link.is_symlink() and (target / "a.json").read_text() == "old\n"


def test_an_unreadable_directory_is_named_in_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(tree(pkg__m_py="x = 1\n"), out)
    before = existing_files(out)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "pkg":
            raise PermissionError(errno.EACCES, "injected", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(write.OutputError) as failed:
        write_tree(tree(pkg__m_py="x = 2\n"), out)
    assert f"cannot read {out / 'pkg'}: permission denied" in str(failed.value)
    assert "make it readable" in str(failed.value)
    monkeypatch.undo()
    assert existing_files(out) == before
