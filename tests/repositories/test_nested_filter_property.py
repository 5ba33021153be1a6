"""Dotted typed-filter keys match as MongoDB matches array elements, and a named query's pages
cover its results once, in its sort order with ``_id`` breaking ties, for any data."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.mongomock_adapter import make_databases

ADDRESSES = ["0xA", "0xB", "0xC", "0xD"]


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    wallets=st.lists(st.lists(st.sampled_from(ADDRESSES), max_size=3, unique=True), max_size=6),
    wanted=st.sampled_from(ADDRESSES),
    active=st.booleans(),
)
def test_dotted_key_matches_any_array_element(
    wallets: list[list[str]], wanted: str, active: bool
) -> None:
    database, _ = make_databases()
    repo = repositories.UserCoreRepository(database)
    stored = repo.insert_many(
        [
            factories.user_core(
                n,
                wallets=[
                    {"address": a, "added_at": factories.at(n), "verified": active} for a in owned
                ],
            )
            for n, owned in enumerate(wallets)
        ]
    )
    found = repo.find({"wallets.address": wanted, "wallets.verified": active})
    expected = [u.id for u, owned in zip(stored, wallets, strict=True) if wanted in owned]
    assert sorted(u.id for u in found) == sorted(expected)
    other = repo.find(
        {"wallets.address": repositories.in_([wanted]), "wallets.verified": not active}
    )
    assert other == []


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    minutes=st.lists(st.integers(0, 3), max_size=14),
    limit=st.integers(1, 5),
)
def test_history_pages_follow_the_query_order(minutes: list[int], limit: int) -> None:
    database, _ = make_databases()
    repo = repositories.TransactionRepository(database)
    account = ObjectId()
    if minutes:
        repo.insert_many(
            [
                factories.transaction(
                    n,
                    master_account_id=account,
                    timestamp=factories.BASE_TIME + timedelta(minutes=m),
                    amount_usd=Decimal(n),
                )
                for n, m in enumerate(minutes)
            ]
        )
    raw = list(database["transactions"].find({"masterAccountId": account}))
    # find_history_by_user sorts {timestamp: -1}; _id (descending, as the last key) breaks ties
    expected = [
        d["_id"] for d in sorted(raw, key=lambda d: (d["timestamp"], d["_id"]), reverse=True)
    ]
    seen: list[ObjectId] = []
    pages = 0
    after = None
    while True:
        page = repo.find_history_by_user_page(account, limit=limit, after=after)
        pages += 1
        seen.extend(t.id for t in page.items)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == expected
    assert pages == max(1, math.ceil(len(minutes) / limit))
    assert [t.id for t in repo.find_history_by_user(account)] == expected
