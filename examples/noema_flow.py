"""A user's journey through the noema database, written only with the generated repositories.

It follows seeds 000/001: find or create the master account and its session, log events,
track a generation, charge for it atomically, keep preferences, read the history. Every
repository is used, sync and async. mypy --strict checks this file in CI:

    MYPYPATH=generated .venv/bin/mypy --strict examples/

Run it against a database that `noema-codegen apply` prepared (it writes test data):

    NOEMA_EXAMPLE_MONGODB_URI=mongodb://localhost:27017/noema_example python examples/noema_flow.py
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bson import ObjectId
from noema_db.models import (
    UserCore,
    UserEconomy,
    UserSession,
)
from noema_db.repositories import (
    AsyncUserEventRepository,
    AsyncUserSessionRepository,
    GenerationOutputRepository,
    InsufficientCredit,
    TransactionRepository,
    UserCoreRepository,
    UserEconomyRepository,
    UserEventRepository,
    UserPreferencesRepository,
    UserSessionRepository,
    gte,
)
from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database

Document = dict[str, object]
"""What the raw pymongo clients hold; the application only touches typed models."""


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def sign_in(database: Database[Document], telegram_id: str) -> tuple[UserCore, UserSession]:
    """Find or create the master account of a Telegram user and an active session."""
    users = UserCoreRepository(database)
    user = users.find_by_platform_identity("telegram", telegram_id)
    if user is None:
        user = users.insert_one(
            UserCore(
                platform_identities={"telegram": telegram_id},
                user_creation_timestamp=now(),
                updated_at=now(),
            )
        )
        UserEconomyRepository(database).insert_one(
            UserEconomy(
                master_account_id=user.id,
                usd_credit=Decimal(0),
                exp=0,
                created_at=now(),
                updated_at=now(),
            )
        )
    users.record_login(user.id, now(), "telegram")
    sessions = UserSessionRepository(database)
    active = sessions.find_active_sessions_by_user_and_platform(user.id, "telegram", limit=1)
    if active:
        session = active[0]
        sessions.update_last_activity(session.session_id, now())
    else:
        session = sessions.create_session(user.id, "telegram")  # sessionId, startTime stamped
    return user, session


def generate_image(database: Database[Document], user: UserCore, session: UserSession) -> None:
    """Log the request, track the generation, charge for it, finalise it."""
    events = UserEventRepository(database)
    request = events.log_event(
        user.id,
        session.session_id,
        "generation_requested",
        "telegram",
        {"command": "/make", "prompt": "a lighthouse"},
    )
    outputs = GenerationOutputRepository(database)
    output = outputs.create_generation_output(
        user.id, session.session_id, request.event_id, "comfyui-deploy"
    )  # generationId and requestTimestamp stamped, status "pending"
    outputs.set_platform_run_id(output.generation_id, "run-123")
    economy = UserEconomyRepository(database)
    economy.adjust_usd_credit(
        user.id, Decimal("5.00"), "bonus", "welcome bonus", None, f"welcome-{user.id}"
    )
    try:
        charge = economy.adjust_usd_credit(
            user.id,
            Decimal("-0.04"),
            "generation_cost",
            "image generation",
            {"generation_id": output.generation_id, "event_id": request.event_id},
        )
        print(
            f"charged 0.04 USD: {charge.transaction.balance_before_usd} -> {charge.transaction.balance_after_usd}"
        )
    except InsufficientCredit as refused:
        print(f"not enough credit ({refused.balance} USD)")
        outputs.finalize_generation_output(output.generation_id, "failed", now(), 0, None)
        return
    outputs.finalize_generation_output(
        output.generation_id,
        "success",
        now(),
        4200,
        Decimal("0.04"),
        artifact_urls=[{"url": "https://cdn.example/lighthouse.png", "type": "image"}],
    )
    economy.add_experience(user.id, 10)


def wallets_and_keys(database: Database[Document], user: UserCore) -> None:
    """Seed 001's identity operations: each is one update, safe under concurrent requests."""
    users = UserCoreRepository(database)
    users.link_platform_identity(user.id, "discord", "lighthouse#1")
    users.add_wallet(user.id, "0xAbC0000000000000000000000000000000000001", "evm", True)
    owner = users.find_by_wallet_address("evm", "0xabc0000000000000000000000000000000000001")
    print("wallet owner found:", owner is not None and owner.id == user.id)
    key_hash = hashlib.sha256(b"a secret api key").hexdigest()  # store only the hash
    users.add_api_key(user.id, key_hash, "ci")
    print("api key owner found:", users.find_by_api_key_hash(key_hash) is not None)


def settings_and_history(database: Database[Document], user: UserCore) -> None:
    preferences = UserPreferencesRepository(database)
    preferences.set_preference_by_key(user.id, "globalSettings", {"language": "en"})
    preferences.update_preference_by_key(user.id, "globalSettings", "theme", "dark")  # one key
    stored = preferences.find_by_master_account_id(user.id)
    print("preferences:", stored.preferences if stored else None)
    history = TransactionRepository(database).find_history_by_user(
        user.id, since=now() - timedelta(days=30)
    )
    for transaction in history:
        print(
            f"{transaction.timestamp:%Y-%m-%d %H:%M} {transaction.type:16} {transaction.amount_usd:>8} USD"
        )
    page = GenerationOutputRepository(database).find_page(
        {"master_account_id": user.id}, index="noema_generations_by_user", limit=20
    )
    print(f"{len(page.items)} generation(s); more: {page.next_cursor is not None}")
    report = UserEconomyRepository(database).check_ledger(user.id)
    print("ledger consistent:", report.ok)


async def end_idle_sessions(database: AsyncDatabase[Document]) -> int:
    """The async API: a background job ending sessions idle for 30 minutes."""
    sessions = AsyncUserSessionRepository(database)
    events = AsyncUserEventRepository(database)
    ended = 0
    for session in await sessions.find_inactive_since(now() - timedelta(minutes=30)):
        if await sessions.end_session(session.session_id, now(), "session_timeout_inactive"):
            ended += 1
            recent = await events.find(
                {"session_id": session.session_id, "timestamp": gte(session.start_time)}
            )
            print(f"ended session {session.session_id} after {len(recent)} event(s)")
    return ended


async def run_async_job(uri: str, database_name: str) -> None:
    client: AsyncMongoClient[Document] = AsyncMongoClient(uri)
    try:
        await end_idle_sessions(client[database_name])
    finally:
        await client.close()


def main() -> int:
    uri = os.environ.get("NOEMA_EXAMPLE_MONGODB_URI")
    if not uri:
        print(
            "set NOEMA_EXAMPLE_MONGODB_URI (a database prepared by `noema-codegen apply`)",
            file=sys.stderr,
        )
        return 2
    client: MongoClient[Document] = MongoClient(uri)
    database = client.get_default_database(default="noema_example")
    user, session = sign_in(database, telegram_id=f"tg-{ObjectId()}")
    generate_image(database, user, session)
    wallets_and_keys(database, user)
    settings_and_history(database, user)
    asyncio.run(run_async_job(uri, database.name))
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
