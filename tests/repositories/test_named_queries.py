"""Every named query of every collection, sync and async, on mongomock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories
from pydantic import MISSING

from tests.repositories import factories
from tests.repositories.support import run


def repo(name: str, database: Any, flavour: str) -> Any:
    return getattr(repositories, name if flavour == "sync" else f"Async{name}")(database)


def test_user_sessions(database: Any, flavour: str) -> None:
    sessions = repo("UserSessionRepository", database, flavour)
    user = ObjectId()
    old, recent = (
        factories.user_session(1, master_account_id=user),
        factories.user_session(9, master_account_id=user),
    )
    other_platform = factories.user_session(5, master_account_id=user, platform="discord")
    ended = factories.user_session(7, master_account_id=user, is_active=False)
    someone_else = factories.user_session(8)
    run(sessions.insert_many([old, recent, other_platform, ended, someone_else]))

    found = run(sessions.find_active_sessions_by_user_and_platform(user, "telegram"))
    assert [s.session_id for s in found] == [
        recent.session_id,
        old.session_id,
    ]  # most recently active first
    assert (
        len(run(sessions.find_active_sessions_by_user_and_platform(user, "telegram", limit=1))) == 1
    )

    stale = run(sessions.find_inactive_since(factories.at(6)))
    assert [s.session_id for s in stale] == [
        old.session_id,
        other_platform.session_id,
    ]  # oldest first

    assert run(sessions.update_last_activity(old.session_id, factories.at(20))) is True
    assert run(sessions.get(old.session_id)).last_user_activity_timestamp == factories.at(20)
    assert run(sessions.update_last_activity(ObjectId(), factories.at(20))) is False

    assert run(sessions.end_session(recent.session_id, factories.at(30), "user_logout")) is True
    closed = run(sessions.get(recent.session_id))
    assert (closed.is_active, closed.end_time, closed.end_reason) == (
        False,
        factories.at(30),
        "user_logout",
    )
    # an ended session is left unchanged
    assert (
        run(sessions.end_session(recent.session_id, factories.at(40), "system_shutdown")) is False
    )
    assert run(sessions.get(recent.session_id)).end_reason == "user_logout"


def test_user_events(database: Any, flavour: str) -> None:
    events = repo("UserEventRepository", database, flavour)
    user, session = ObjectId(), ObjectId()
    made = [factories.user_event(n, master_account_id=user, session_id=session) for n in (3, 1, 2)]
    made.append(factories.user_event(4, master_account_id=user))
    made.append(factories.user_event(5))
    run(events.insert_many(made))
    in_session = run(events.find_events_by_session(session))
    assert [e.timestamp for e in in_session] == [factories.at(1), factories.at(2), factories.at(3)]
    by_user = run(events.find_events_by_user(user))
    assert [e.timestamp for e in by_user] == [factories.at(n) for n in (4, 3, 2, 1)]
    window = run(events.find_events_by_user(user, since=factories.at(2), until=factories.at(4)))
    assert [e.timestamp for e in window] == [factories.at(3), factories.at(2)]
    assert [e.timestamp for e in run(events.find_events_by_user(user, until=factories.at(2)))] == [
        factories.at(1)
    ]


def test_generation_outputs(database: Any, flavour: str) -> None:
    outputs = repo("GenerationOutputRepository", database, flavour)
    user = ObjectId()
    first = factories.generation_output(1, master_account_id=user, platform_specific_run_id=None)
    second = factories.generation_output(2, master_account_id=user)
    run(outputs.insert_many([first, second, factories.generation_output(3)]))
    assert [g.generation_id for g in run(outputs.find_generations_by_user(user))] == [
        second.generation_id,
        first.generation_id,
    ]
    assert run(outputs.find_by_platform_run_id("run-2")).generation_id == second.generation_id
    assert run(outputs.find_by_platform_run_id("run-404")) is None

    assert run(outputs.set_platform_run_id(first.generation_id, "run-77")) is True
    moved = run(outputs.find_by_platform_run_id("run-77"))
    assert (moved.generation_id, moved.status) == (first.generation_id, "processing")

    assert (
        run(
            outputs.finalize_generation_output(
                first.generation_id,
                "success",
                factories.at(9),
                4200,
                Decimal("0.04"),
                response_payload={"ok": True},
                artifact_urls=[{"url": "https://cdn/1.png", "type": "image"}],
            )
        )
        is True
    )
    done = run(outputs.get(first.generation_id))
    assert (done.status, done.response_timestamp, done.duration_ms, done.cost_usd) == (
        "success",
        factories.at(9),
        4200,
        Decimal("0.04"),
    )
    assert done.artifact_urls[0].url == "https://cdn/1.png"
    assert done.error_details is MISSING  # optional parameters left out are not written
    assert (
        run(
            outputs.finalize_generation_output(
                second.generation_id, "failed", None, 10, None, error_details={"error_code": "E1"}
            )
        )
        is True
    )
    failed = run(outputs.get(second.generation_id))
    assert (failed.cost_usd, failed.response_timestamp, failed.error_details.error_code) == (
        None,
        None,
        "E1",
    )
    assert failed.response_payload is MISSING


def test_user_core(database: Any, flavour: str) -> None:
    users = repo("UserCoreRepository", database, flavour)
    ann, bob = (
        factories.user_core(1),
        factories.user_core(2, platform_identities={"discord": "bob#1"}),
    )
    run(users.insert_many([ann, bob]))
    assert run(users.find_by_platform_identity("telegram", "tg-1")).id == ann.id
    assert run(users.find_by_platform_identity("discord", "bob#1")).id == bob.id
    assert run(users.find_by_platform_identity("discord", "tg-1")) is None
    assert run(users.find_by_wallet_address("evm", "0xWALLET0002")).id == bob.id  # EVM: any case
    assert run(users.find_by_wallet_address("solana", "0xwallet0002")) is None  # other chain
    assert run(users.find_by_api_key_hash("hash-1")).id == ann.id
    with pytest.raises(ValueError, match="cannot be used as a field name"):
        run(users.find_by_platform_identity("a.b", "x"))
    assert run(users.record_login(ann.id, factories.at(60), "web")) is True
    logged = run(users.get(ann.id))
    assert (logged.last_login_timestamp, logged.last_seen_platform) == (factories.at(60), "web")
    assert logged.updated_at > ann.updated_at  # updatedAt maintained by named updates too


def test_user_economy_and_preferences(database: Any, flavour: str) -> None:
    economy = repo("UserEconomyRepository", database, flavour)
    preferences = repo("UserPreferencesRepository", database, flavour)
    user = ObjectId()
    run(economy.insert_one(factories.user_economy(1, master_account_id=user, exp=10)))
    assert run(economy.find_by_master_account_id(user)).exp == 10
    assert run(economy.add_experience(user, 5)) is True
    assert run(economy.find_by_master_account_id(user)).exp == 15
    assert run(economy.add_experience(ObjectId(), 5)) is False

    assert run(preferences.find_by_master_account_id(user)) is None
    assert (
        run(preferences.set_preference_by_key(user, "workflowId_A", {"steps": 30})) is True
    )  # upsert
    created = run(preferences.find_by_master_account_id(user))
    assert created.preferences == {"workflowId_A": {"steps": 30}}
    assert created.created_at == created.updated_at  # $setOnInsert createdAt, $set updatedAt
    assert run(preferences.set_preference_by_key(user, "globalSettings", {"theme": "dark"})) is True
    assert run(preferences.count()) == 1
    assert run(preferences.delete_preference_by_key(user, "workflowId_A")) is True
    assert run(preferences.find_by_master_account_id(user)).preferences == {
        "globalSettings": {"theme": "dark"}
    }


def test_transactions(database: Any, flavour: str) -> None:
    transactions = repo("TransactionRepository", database, flavour)
    user = ObjectId()
    made = [factories.transaction(n, master_account_id=user) for n in (1, 2, 3)]
    made.append(factories.transaction(4, external_transaction_id="stripe-1"))
    run(transactions.insert_many(made))
    history = run(transactions.find_history_by_user(user))
    assert [t.timestamp for t in history] == [factories.at(3), factories.at(2), factories.at(1)]
    assert len(run(transactions.find_history_by_user(user, since=factories.at(2)))) == 2
    assert run(transactions.find_by_external_transaction_id("stripe-1")).id == made[3].id
    assert run(transactions.find_by_external_transaction_id("nope")) is None
