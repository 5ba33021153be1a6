"""How an application's unit tests run the generated layer without a server: ``noema_db.testing``.

The repositories run on mongomock through the package's test backend (Decimal128 arithmetic
and ordering, an async view of the same data). Typed embedded values, dotted filter keys,
``iter_find`` and named-query paging are used as an application would. mypy --strict checks
this file in CI (tests/repositories/test_example.py); run it with:

    pip install -e 'generated[testing]'
    python examples/test_backend_flow.py
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

from bson import ObjectId
from noema_db.models import UserCore, UserEconomy, UserEvent
from noema_db.models.user_core import Wallet
from noema_db.repositories import (
    AsyncUserEventRepository,
    UserCoreRepository,
    UserCoreWalletsItem,
    UserEconomyRepository,
    UserEventRepository,
)
from noema_db.testing import mongomock_databases


def now() -> datetime:
    moment = datetime.now(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def wallets_and_lookup() -> str:
    """A user with two wallets (a TypedDict and a model), found by a nested path."""
    database, _ = mongomock_databases()
    users = UserCoreRepository(database)
    user = users.insert_one(
        UserCore(
            platform_identities={"telegram": "42"},
            user_creation_timestamp=now(),
            updated_at=now(),
        )
    )
    first: UserCoreWalletsItem = {"address": "0xabc", "added_at": now(), "verified": True}
    second = Wallet(address="0xdef", added_at=now(), verified=False)
    users.update(user.id, set={"wallets": [first, second]})
    found = users.find_one({"wallets.address": "0xdef", "wallets.verified": False})
    return f"wallet lookup: {found is not None and found.id == user.id}"


def credit_on_decimal128() -> str:
    """The credit operation ($inc on Decimal128) and a sort by the decimal balance."""
    database, _ = mongomock_databases()
    economy = UserEconomyRepository(database)
    rich, poor = ObjectId(), ObjectId()
    for account in (rich, poor):
        economy.insert_one(
            UserEconomy(
                master_account_id=account,
                usd_credit=Decimal(0),
                exp=0,
                created_at=now(),
                updated_at=now(),
            )
        )
    economy.adjust_usd_credit(rich, Decimal("5.00"), "credit", "top-up")
    result = economy.adjust_usd_credit(rich, Decimal("-0.04"), "debit", "generation")
    ranking = economy.find(sort=[("usd_credit", -1)])
    top = ranking[0].master_account_id == rich
    return f"balance after debit: {result.transaction.balance_after_usd}; richest first: {top}"


def events(session: ObjectId, count: int) -> list[UserEvent]:
    moment = now()  # every event in the same millisecond: _id orders them
    return [
        UserEvent(
            master_account_id=ObjectId(),
            session_id=session,
            timestamp=moment,
            event_type="command_executed",
            source_platform="telegram",
            event_data={"n": n},
        )
        for n in range(count)
    ]


def stream_and_page() -> str:
    """A session's events streamed (sync) and paged (async) from the same in-memory data."""
    database, async_database = mongomock_databases()
    session = ObjectId()
    UserEventRepository(database).insert_many(events(session, 10))
    streamed = sum(
        1
        for _ in UserEventRepository(database).iter_find(
            {"session_id": session}, sort=[("timestamp", 1)], batch_size=4
        )
    )

    async def pages() -> list[int]:
        repo = AsyncUserEventRepository(async_database)
        sizes: list[int] = []
        page = await repo.find_events_by_session_page(session, limit=5)
        sizes.append(len(page.items))
        while page.next_cursor is not None:
            page = await repo.find_events_by_session_page(session, limit=5, after=page.next_cursor)
            sizes.append(len(page.items))
        return sizes

    return f"streamed {streamed}; page sizes {asyncio.run(pages())}"


def main() -> int:
    for line in (wallets_and_lookup(), credit_on_decimal128(), stream_and_page()):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
