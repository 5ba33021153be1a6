"""``iter_find`` streams a typed cursor; pages fetch limit+1 (no empty last page); named
find-many queries page with ``_id`` as the tie-breaker (events in the same millisecond)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.mongomock_adapter import make_databases
from tests.repositories.support import run


def _collect(iterator: Any) -> list[Any]:
    if hasattr(iterator, "__aiter__"):

        async def drain() -> list[Any]:
            return [item async for item in iterator]

        return list(run(drain()))
    return list(iterator)


def _events(database: Any, flavour: str) -> Any:
    name = "UserEventRepository" if flavour == "sync" else "AsyncUserEventRepository"
    return getattr(repositories, name)(database)


def test_iter_find_streams_in_sort_order(database: Any, flavour: str) -> None:
    repo = _events(database, flavour)
    session = ObjectId()
    run(repo.insert_many([factories.user_event(n, session_id=session) for n in range(7)]))
    run(repo.insert_one(factories.user_event(99)))
    streamed = _collect(
        repo.iter_find({"session_id": session}, sort=[("timestamp", -1)], batch_size=2)
    )
    expected = run(repo.find({"session_id": session}, sort=[("timestamp", -1)]))
    assert [e.id for e in streamed] == [e.id for e in expected]
    assert len(streamed) == 7


def test_iter_find_refuses_a_negative_batch_size(database: Any, flavour: str) -> None:
    repo = _events(database, flavour)
    with pytest.raises(ValueError):
        _collect(repo.iter_find(batch_size=-1))


@settings(max_examples=25, deadline=None, derandomize=True)
@given(count=st.integers(0, 12), limit=st.integers(1, 5))
def test_pages_have_no_empty_tail(count: int, limit: int) -> None:
    database, _ = make_databases()
    repo = repositories.UserEventRepository(database)
    session = ObjectId()
    # every event in the same millisecond: only the _id tie-breaker orders them
    same = factories.at(0)
    events = [factories.user_event(n, session_id=session, timestamp=same) for n in range(count)]
    if events:
        repo.insert_many(events)
    pages: list[list[ObjectId]] = []
    after = None
    while True:
        page = repo.find_events_by_session_page(session, limit=limit, after=after)
        pages.append([e.id for e in page.items])
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(pages) == max(1, math.ceil(count / limit))
    seen = [i for p in pages for i in p]
    assert seen == sorted(e.id for e in events)
    index_pages = 0
    after = None
    while True:
        index_page = repo.find_page({"session_id": session}, limit=limit, after=after)
        index_pages += 1
        if index_page.next_cursor is None:
            break
        after = index_page.next_cursor
    assert index_pages == max(1, math.ceil(count / limit))


def test_named_find_many_sorts_ties_by_id(database: Any, flavour: str) -> None:
    repo = _events(database, flavour)
    session = ObjectId()
    same = factories.at(0)
    stored = run(
        repo.insert_many(
            [factories.user_event(n, session_id=session, timestamp=same) for n in range(5)]
        )
    )
    found = run(repo.find_events_by_session(session))
    assert [e.id for e in found] == sorted(e.id for e in stored)


def test_named_page_cursor_of_another_query_is_refused(database: Any, flavour: str) -> None:
    repo = _events(database, flavour)
    session = ObjectId()
    run(repo.insert_many([factories.user_event(n, session_id=session) for n in range(3)]))
    page = run(repo.find_events_by_session_page(session, limit=1))
    assert page.next_cursor is not None
    with pytest.raises(ValueError):
        run(repo.find_page({"session_id": session}, limit=1, after=page.next_cursor))
