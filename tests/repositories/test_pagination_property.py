"""Cursor pagination returns every document of the index exactly once, in index order, for any
page size, also when many documents share the same index key (ties broken by ``_id``)."""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.mongomock_adapter import make_databases

USERS = [ObjectId() for _ in range(3)]
sessions = st.lists(
    st.tuples(
        st.sampled_from(USERS), st.sampled_from(["web", "api"]), st.integers(0, 3), st.booleans()
    ),
    max_size=25,
)


def compare(keys: list[tuple[str, int]]) -> Any:
    def by_index(a: dict[str, Any], b: dict[str, Any]) -> int:
        for name, direction in keys:
            if a[name] != b[name]:
                return direction if a[name] > b[name] else -direction
        return 0

    return cmp_to_key(by_index)


@settings(max_examples=60, deadline=None)
@given(rows=sessions, limit=st.integers(1, 7), only_user=st.booleans())
def test_pages_cover_the_index_in_order(
    rows: list[tuple[ObjectId, str, int, bool]], limit: int, only_user: bool
) -> None:
    database, _ = make_databases()
    repo = repositories.UserSessionRepository(database)
    repo.insert_many(
        [
            factories.user_session(
                0,
                master_account_id=user,
                platform=platform,
                last_user_activity_timestamp=factories.at(minute),
                is_active=active,
            )
            for user, platform, minute, active in rows
        ]
    )
    raw = list(database["userSessions"].find({}))
    for name, index in repo.spec.page_indexes.items():
        criteria: repositories.user_session.UserSessionFilter = (
            {"master_account_id": USERS[0]} if only_user else {}
        )
        expected = [
            d
            for d in raw
            if all(d.get(k) == v for k, v in (index.partial_filter or {}).items())
            and (not only_user or d["masterAccountId"] == USERS[0])
        ]
        expected.sort(key=compare(index.sort))
        seen: list[ObjectId] = []
        after = None
        while True:
            page = repo.find_page(criteria, index=name, limit=limit, after=after)  # type: ignore[arg-type]
            assert len(page.items) <= limit
            seen.extend(s.id for s in page.items)
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert seen == [d["_id"] for d in expected], name
