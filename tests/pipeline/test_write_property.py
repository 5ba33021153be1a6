"""Property: whatever is in the output directory and whatever step fails, a build either
leaves the complete new tree or the old tree byte-identical, and never deletes a user file."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from noema_codegen import write
from noema_codegen.write import existing_files, marker_text, write_tree

GENERATED = ["a.json", "b.json", "pkg/__init__.py", "pkg/m.py", "pkg/sub/n.py", "other/c.json"]
USER = ["notes.txt", "pkg/mine.py", "pkg/sub/deep/x.txt", "own/y.json"]
CACHES = ["__pycache__/a.pyc", "pkg/__pycache__/m.cpython-311.pyc", ".mypy_cache/3.11/x.json"]
OPERATIONS = ("mkdir", "open", "fsync", "rename")
ERRNOS = (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO, errno.ENOTDIR)

contents = st.text(alphabet="ab\n{}é", max_size=8)


def build_files(paths: dict[str, str]) -> dict[str, str]:
    files = dict(paths)
    files[write.MARKER] = marker_text(files)
    return files


class Injected:
    """Counts calls to one operation and fails the ``nth`` (once, or from then on)."""

    def __init__(self, operation: str, nth: int, error_number: int, sticky: bool) -> None:
        self.operation, self.nth, self.error_number = operation, nth, error_number
        self.sticky = sticky and operation != "rename"  # a rename failing for good is not tested
        self.calls = 0

    def wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.nth or (self.sticky and self.calls > self.nth):
                raise OSError(self.error_number, "injected")
            return real(*args, **kwargs)

        return wrapper


def _no_fsync(fd: int) -> None:
    """Durability is not what this test checks; skipping the disk flush keeps it fast."""


def injecting(monkeypatch: pytest.MonkeyPatch, fault: Injected | None) -> None:
    monkeypatch.setattr(os, "fsync", _no_fsync)
    if fault is None:
        return
    fault.calls = 0
    if fault.operation == "open":
        monkeypatch.setattr(write, "open", fault.wrap(open), raising=False)
    else:
        monkeypatch.setattr(os, fault.operation, fault.wrap(getattr(os, fault.operation)))


CALLS = {"mkdir": 4, "open": 6, "fsync": 6, "rename": 2}
"""How many calls of each operation a write of this test's trees makes, at most (about)."""

FAULTS: list[tuple[str, int, bool] | None] = [None] + [
    (operation, nth, sticky)
    for operation, most in CALLS.items()
    for nth in range(1, most + 1)
    for sticky in (False, True)
]


def _fault(fault: tuple[str, int, bool] | None, error_number: int) -> Injected | None:
    return None if fault is None else Injected(fault[0], fault[1], error_number, fault[2])


faults = st.builds(_fault, st.sampled_from(FAULTS), st.sampled_from(ERRNOS))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    previous=st.none() | st.dictionaries(st.sampled_from(GENERATED), contents, max_size=6),
    user=st.just({}) | st.dictionaries(st.sampled_from(USER), contents, min_size=1, max_size=2),
    caches=st.lists(st.sampled_from(CACHES), unique=True, max_size=3),
    new=st.dictionaries(st.sampled_from(GENERATED), contents, min_size=1, max_size=6),
    fault=faults,
)
@example(  # the swap's second rename fails: the old tree must be put back
    previous={"a.json": "old"},
    user={},
    caches=["__pycache__/a.pyc"],
    new={"a.json": "new"},
    fault=Injected("rename", 2, errno.EIO, False),
)
@example(  # the disk is full from the first file on
    previous={"a.json": "old"},
    user={},
    caches=[],
    new={"b.json": "new"},
    fault=Injected("open", 1, errno.ENOSPC, True),
)
def test_a_build_is_all_or_nothing_and_never_deletes_a_user_file(
    previous: dict[str, str] | None,
    user: dict[str, str],
    caches: list[str],
    new: dict[str, str],
    fault: Injected | None,
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "generated"
        if previous is not None:
            write_tree(build_files(previous), out)
        for relative, text in user.items():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_text(text, encoding="utf-8")
        for relative in caches:
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_bytes(b"\0")
        before = existing_files(out)
        wanted = build_files(new)
        with pytest.MonkeyPatch.context() as monkeypatch:
            injecting(monkeypatch, fault)
            try:
                write_tree(wanted, out)
                outcome = "written"
            except write.UnsafeOutputDir as refused:
                outcome = "refused"
                assert refused.foreign == sorted(user)
            except write.WriteFailed as failed:
                outcome = "failed"
                assert str(out) in str(failed) and "is unchanged" in str(failed)
        if user:
            assert outcome == "refused"
        if outcome == "written":
            assert existing_files(out) == {p: t.encode() for p, t in wanted.items()}
        else:
            assert existing_files(out) == before
        for relative, text in user.items():
            assert (out / relative).read_text(encoding="utf-8") == text
        leftovers = sorted(p.name for p in Path(scratch).iterdir())
        assert leftovers == (["generated"] if out.exists() else [])
