"""``validate --uri``: the server finds the invalid documents in ``_id`` batches (``live_scan``),
tested against a recording fake of the adapter (the pymongo calls are in ``live_check``; the
real server is in test_live_scan_server.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.document_check import InvalidDocument
from noema_codegen.live_scan import check_by_server, check_sample, scan_invalid
from noema_codegen.validation import compile_schema

SCHEMA = {"required": ["n"], "properties": {"n": {"bsonType": "int"}}}
VALIDATOR = compile_schema(SCHEMA)
FILTER = {"$nor": [{"$jsonSchema": SCHEMA}]}


def sort_key(value: Any) -> tuple[int, Any]:
    """The _id index order for the types used here: numbers < strings < ObjectIds (the BSON
    comparison order, https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/)."""
    if isinstance(value, int):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, str(value))


class FakeCollection:
    """Documents in _id index order; records every call. ``find_in_range`` answers the server's
    part: documents ``{$nor: [validator]}`` matches, decided here by the engine (the real
    server's verdict is tested against the engine in test_live_server.py)."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = sorted(docs, key=lambda d: sort_key(d["_id"]))
        self.calls: list[tuple[Any, ...]] = []

    def _from(self, lower: list[Any]) -> list[dict[str, Any]]:
        if not lower:
            return self.docs
        return [d for d in self.docs if sort_key(d["_id"]) >= sort_key(lower[0])]

    def estimated_count(self) -> int:
        return len(self.docs)

    def ids_from(self, lower: list[Any], limit: int) -> list[Any]:
        self.calls.append(("ids_from", list(lower), limit))
        return [d["_id"] for d in self._from(lower)[:limit]]

    def find_in_range(
        self, filter: Mapping[str, Any], lower: list[Any], upper: list[Any]
    ) -> Iterable[Any]:
        assert filter == FILTER
        self.calls.append(("find_in_range", list(lower), list(upper)))
        docs = self._from(lower)
        if upper:
            docs = [d for d in docs if sort_key(d["_id"]) < sort_key(upper[0])]
        return [d for d in docs if not VALIDATOR.is_valid(d)]

    def sample(self, size: int) -> Iterable[Any]:
        self.calls.append(("sample", size))
        return self.docs[:size]


def make_docs(ids: list[Any], invalid: set[int]) -> list[dict[str, Any]]:
    return [{"_id": i, "n": "x" if k in invalid else k} for k, i in enumerate(ids)]


def test_batches_are_contiguous_ranges_and_fetch_only_invalid_documents() -> None:
    fake = FakeCollection(make_docs(list(range(7)), invalid={1, 5}))
    found = list(scan_invalid(fake, FILTER, batch_size=3))
    assert [d["_id"] for d in found] == [1, 5]
    assert fake.calls == [
        ("ids_from", [], 4),
        ("find_in_range", [], [3]),
        ("ids_from", [3], 4),
        ("find_in_range", [3], [6]),
        ("ids_from", [6], 4),
        ("find_in_range", [6], []),
    ]


def test_an_empty_collection_asks_once() -> None:
    fake = FakeCollection([])
    progress: list[int] = []
    assert list(scan_invalid(fake, FILTER, 10, progress.append)) == []
    assert fake.calls == [("ids_from", [], 11)] and progress == [0]


def test_mixed_id_types_are_all_scanned() -> None:
    ids: list[Any] = [3, "b", ObjectId("64b000000000000000000001"), 1, "a"]
    fake = FakeCollection(make_docs(ids, invalid=set(range(len(ids)))))
    found = list(scan_invalid(fake, FILTER, batch_size=2))
    assert sorted(map(str, (d["_id"] for d in found))) == sorted(map(str, ids))


@settings(max_examples=100, derandomize=True, deadline=None)
@given(
    count=st.integers(0, 40),
    batch=st.integers(1, 9),
    invalid=st.sets(st.integers(0, 39), max_size=15),
)
def test_every_document_counted_once_and_every_invalid_one_found(
    count: int, batch: int, invalid: set[int]
) -> None:
    docs = make_docs([f"id{k:03d}" for k in range(count)], invalid)
    fake = FakeCollection(docs)
    progress: list[int] = []
    report = check_by_server(
        fake, VALIDATOR, FILTER, "c", "db.c", batch_size=batch, on_scanned=progress.append
    )
    expected = sorted(k for k in invalid if k < count)
    assert report.checked == count and progress[-1] == count
    assert progress == sorted(progress)
    assert report.invalid == len(expected)
    assert [d.id for d in report.details if isinstance(d, InvalidDocument)] == [
        f"id{k:03d}" for k in expected
    ]
    ranges = [c for c in fake.calls if c[0] == "find_in_range"]
    uppers = [r[2] for r in ranges]
    assert [r[1] for r in ranges[1:]] == uppers[:-1]  # each batch starts where the last ended
    assert not ranges or uppers[-1] == []


def test_a_document_the_server_rejects_but_the_engine_accepts_stays_invalid() -> None:
    class Disagreeing(FakeCollection):
        def find_in_range(
            self, filter: Mapping[str, Any], lower: list[Any], upper: list[Any]
        ) -> Iterable[Any]:
            return self.docs[:1]  # the server says: invalid

    fake = Disagreeing(make_docs([1], invalid=set()))
    report = check_by_server(fake, VALIDATOR, FILTER, "c", "db.c", batch_size=5)
    [outcome] = report.details
    assert report.invalid == 1 and isinstance(outcome, InvalidDocument) and outcome.errors == ()


def test_sample_checks_client_side() -> None:
    fake = FakeCollection(make_docs(list(range(10)), invalid={0, 9}))
    report = check_sample(fake, VALIDATOR, "c", "db.c", 4)
    assert fake.calls == [("sample", 4)]
    assert (report.checked, report.invalid) == (4, 1)


@pytest.mark.parametrize("batch", [1, 1000])
def test_outcomes_are_streamed(batch: int) -> None:
    fake = FakeCollection(make_docs(list(range(5)), invalid={2, 3}))
    seen: list[Any] = []
    report = check_by_server(
        fake, VALIDATOR, FILTER, "c", "db.c", batch_size=batch, on_outcome=seen.append
    )
    assert [o.id for o in seen] == [2, 3] and report.details == []
