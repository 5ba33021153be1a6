"""``noema_db.testing``: the supported test backend (the generated repositories on mongomock,
with the Decimal128 arithmetic and ordering mongomock lacks, and an async view)."""

from __future__ import annotations

import sys
from decimal import Decimal

import mongomock
import pytest
from bson import Decimal128, ObjectId
from noema_db import repositories, testing

from tests.repositories import factories
from tests.repositories.support import run


def test_plain_mongomock_lacks_decimal128_arithmetic() -> None:
    """The gap the backend fills (if mongomock grows it, the backend can shrink)."""
    collection = mongomock.MongoClient()["noema"]["c"]
    collection.insert_one({"_id": 1, "x": Decimal128("1.5")})
    with pytest.raises((TypeError, NotImplementedError)):
        collection.update_one({"_id": 1}, {"$inc": {"x": Decimal128("1")}})


def test_decimal_credit_sort_and_range_on_the_backend() -> None:
    database, async_database = testing.mongomock_databases()
    economy = repositories.UserEconomyRepository(database)
    accounts = [ObjectId() for _ in range(3)]
    economy.insert_many(
        [factories.user_economy(n, master_account_id=a) for n, a in enumerate(accounts)]
    )
    economy.adjust_usd_credit(accounts[0], Decimal("10.25"), "credit", "top-up")
    economy.adjust_usd_credit(accounts[0], Decimal("-0.25"), "debit", "generation")
    economy.adjust_usd_credit(accounts[2], Decimal("3.50"), "credit", "top-up")
    by_credit = economy.find(sort=[("usd_credit", -1)])
    assert [e.master_account_id for e in by_credit] == [accounts[0], accounts[2], accounts[1]]
    assert by_credit[0].usd_credit == Decimal("10.00")
    rich = economy.find({"usd_credit": repositories.gte(Decimal("3.5"))})
    assert {e.master_account_id for e in rich} == {accounts[0], accounts[2]}
    # the async view holds the same data
    async_economy = repositories.AsyncUserEconomyRepository(async_database)
    assert run(async_economy.count()) == 3
    history = repositories.TransactionRepository(database).find_history_by_user(accounts[0])
    assert [t.amount_usd for t in history] == [Decimal("-0.25"), Decimal("10.25")]


def test_streaming_and_paging_on_the_async_view() -> None:
    _, async_database = testing.mongomock_databases()
    events = repositories.AsyncUserEventRepository(async_database)
    session = ObjectId()
    run(events.insert_many([factories.user_event(n, session_id=session) for n in range(5)]))

    async def stream() -> list[ObjectId]:
        return [e.id async for e in events.iter_find({"session_id": session}, batch_size=2)]

    assert len(run(stream())) == 5
    page = run(events.find_events_by_session_page(session, limit=5))
    assert len(page.items) == 5 and page.next_cursor is None


def test_fresh_databases_are_independent() -> None:
    first = repositories.UserCoreRepository(testing.mongomock_database())
    first.insert_one(factories.user_core(0))
    second = repositories.UserCoreRepository(testing.mongomock_database())
    assert first.count() == 1 and second.count() == 0


def test_missing_mongomock_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mongomock", None)
    with pytest.raises(testing.TestBackendUnavailable) as raised:
        testing.mongomock_database()
    assert "testing" in str(raised.value)  # our own message names the extra
