"""The seed write operations: each is ONE server command, and nothing is lost under concurrency.

Commands are recorded by wrapping the repository's collection object (mongomock has no command
monitoring). Behaviour runs on mongomock, except what needs ``arrayFilters`` (mongomock raises
NotImplementedError for them): those are recorded here and run against a real server in
test_array_writes_real_server.py.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.support import LOOP, run

WRITES = {"update_one", "update_many", "find_one_and_update", "insert_one", "insert_many"}
READS = {"find", "find_one", "count_documents", "aggregate"}


def repo(name: str, database: Any, flavour: str) -> Any:
    return getattr(repositories, name if flavour == "sync" else f"Async{name}")(database)


class _Result:
    matched_count = 1
    modified_count = 1
    upserted_id = None


class Recorder:
    """Stands for the collection: records every call; passes it on to mongomock unless it uses
    ``array_filters`` (then answers like a server that matched one document)."""

    def __init__(self, inner: Any, is_async: bool) -> None:
        self.inner = inner
        self.is_async = is_async
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args, kwargs))
            if kwargs.get("array_filters"):
                answer: Any = None if name == "find_one_and_update" else _Result()
                return _ready(answer) if self.is_async else answer
            return getattr(self.inner, name)(*args, **kwargs)

        return call


async def _ready(value: Any) -> Any:
    return value


def record(repository: Any, flavour: str) -> Recorder:
    recorder = Recorder(repository.collection, flavour == "async")
    repository.collection = recorder
    return recorder


def one_write(recorder: Recorder) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """The only call made: a write, no read before it."""
    assert len(recorder.calls) == 1, [name for name, _, _ in recorder.calls]
    name, args, kwargs = recorder.calls[0]
    assert name in WRITES and name not in READS
    recorder.calls.clear()
    return name, args, kwargs


def test_each_user_core_array_operation_is_one_update(database: Any, flavour: str) -> None:
    users = repo("UserCoreRepository", database, flavour)
    user = factories.user_core(1)
    run(users.insert_one(user))
    recorder = record(users, flavour)

    run(users.add_wallet(user.id, "0xABCdef", "evm", True))
    name, (query, update), kwargs = one_write(recorder)
    assert name == "update_one" and kwargs["array_filters"] is None
    assert query == {"_id": user.id, "wallets.address": {"$ne": "0xabcdef"}}
    pushed = update["$push"]["wallets"]
    assert {k: pushed[k] for k in ("chain", "address", "verified", "isPrimary")} == {
        "chain": "evm",
        "address": "0xabcdef",  # EVM: lower-cased at write
        "verified": True,
        "isPrimary": False,
    }
    assert set(update) == {"$push", "$set"} and set(update["$set"]) == {"updatedAt"}

    run(users.remove_wallet(user.id, "solana", "So1ANA"))
    name, (query, update), _ = one_write(recorder)
    assert update["$pull"] == {"wallets": {"chain": "solana", "address": "So1ANA"}}

    run(users.set_primary_wallet(user.id, "evm", "0xABCdef"))
    name, (query, update), kwargs = one_write(recorder)
    assert name == "update_one"
    assert query["wallets"] == {"$elemMatch": {"chain": "evm", "address": "0xabcdef"}}
    assert update["$set"]["wallets.$[chosen].isPrimary"] is True
    assert update["$set"]["wallets.$[other].isPrimary"] is False
    assert kwargs["array_filters"] == [
        {"chosen.chain": "evm", "chosen.address": "0xabcdef"},
        {"other.address": {"$ne": "0xabcdef"}},
    ]

    run(users.add_api_key(user.id, "hash-new", "ci", ["read"]))
    name, (query, update), _ = one_write(recorder)
    assert query["apiKeys.keyHash"] == {"$ne": "hash-new"}
    key = update["$push"]["apiKeys"]
    assert (key["keyHash"], key["label"], key["scopes"], key["isActive"]) == (
        "hash-new",
        "ci",
        ["read"],
        True,
    )

    run(users.revoke_api_key(user.id, "hash-new"))
    name, (query, update), kwargs = one_write(recorder)
    assert update["$set"]["apiKeys.$[key].isActive"] is False
    assert kwargs["array_filters"] == [{"key.keyHash": "hash-new"}]

    run(users.touch_api_key("hash-1"))
    name, (query, update), kwargs = one_write(recorder)
    assert name == "find_one_and_update"
    assert query == {"apiKeys": {"$elemMatch": {"keyHash": "hash-1", "isActive": {"$ne": False}}}}
    assert "apiKeys.$[key].lastUsedAt" in update["$set"]
    assert kwargs["array_filters"] == [{"key.keyHash": "hash-1"}]

    run(users.link_platform_identity(user.id, "discord", "ann#1"))
    name, (query, update), _ = one_write(recorder)
    assert update["$set"]["platformIdentities.discord"] == "ann#1"
    run(users.unlink_platform_identity(user.id, "discord"))
    name, (query, update), _ = one_write(recorder)
    assert update["$unset"] == {"platformIdentities.discord": ""}


def test_interleaved_wallet_additions_both_survive(databases: tuple[Any, Any]) -> None:
    """Two requests add a wallet to the same user at once (async, gathered): each is one
    ``$push``, so neither overwrites the other (a read-then-write of the array would)."""
    user = factories.user_core(1, wallets=[])
    sync_users = repositories.UserCoreRepository(databases[0])
    run(sync_users.insert_one(user))
    first = repositories.AsyncUserCoreRepository(databases[1])
    second = repositories.AsyncUserCoreRepository(databases[1])

    async def both() -> list[bool]:
        return list(
            await asyncio.gather(
                first.add_wallet(user.id, "0xAAA", "evm", True),
                second.add_wallet(user.id, "So1B", "solana", False),
            )
        )

    assert LOOP.run_until_complete(both()) == [True, True]
    stored = sync_users.get(user.id)
    assert stored is not None
    addresses = sorted(w.address for w in stored.wallets)
    assert addresses == ["0xaaa", "So1B"]
    # the same address again: the guard in the filter refuses, nothing duplicated
    assert sync_users.add_wallet(user.id, "0xaAa", "evm", True) is False
    again = sync_users.get(user.id)
    assert again is not None and len(again.wallets) == 2


def test_wallet_lookup_is_normalised_per_chain(database: Any, flavour: str) -> None:
    users = repo("UserCoreRepository", database, flavour)
    ann, bob = factories.user_core(1, wallets=[]), factories.user_core(2, wallets=[])
    run(users.insert_many([ann, bob]))
    assert run(users.add_wallet(ann.id, "0xDeadBeef", "evm", True)) is True
    assert run(users.add_wallet(bob.id, "So1anaCase", "solana", True)) is True
    assert run(users.find_by_wallet_address("evm", "0xDEADBEEF")).id == ann.id
    assert run(users.find_by_wallet_address("solana", "So1anaCase")).id == bob.id
    assert run(users.find_by_wallet_address("solana", "so1anacase")) is None
    assert run(users.remove_wallet(ann.id, "evm", "0xDEADbeef")) is True
    assert run(users.find_by_wallet_address("evm", "0xdeadbeef")) is None


def test_api_key_lookup_finds_active_keys_only(database: Any, flavour: str) -> None:
    users = repo("UserCoreRepository", database, flavour)
    revoked = factories.user_core(
        3,
        api_keys=[
            {"key_hash": "old", "label": "x", "created_at": factories.at(1), "is_active": False}
        ],
    )
    user = factories.user_core(4, api_keys=[])
    run(users.insert_many([revoked, user]))
    assert run(users.find_by_api_key_hash("old")) is None
    assert run(users.add_api_key(user.id, "h1", "main")) is True
    assert run(users.add_api_key(user.id, "h1", "again")) is False  # no duplicate hash
    found = run(users.find_by_api_key_hash("h1"))
    assert found.id == user.id and [k.key_hash for k in found.api_keys] == ["h1"]


def test_generation_status_transitions_are_guarded(database: Any, flavour: str) -> None:
    outputs = repo("GenerationOutputRepository", database, flavour)
    created = run(
        outputs.create_generation_output(ObjectId(), ObjectId(), ObjectId(), "comfy", {"p": 1})
    )
    key = created.generation_id
    assert isinstance(key, ObjectId) and created.status == "pending"
    assert created.request_timestamp is not None

    def finalize(status: str) -> bool:
        result: bool = run(
            outputs.finalize_generation_output(key, status, factories.at(5), 10, Decimal("0.1"))
        )
        return result

    assert finalize("success") is False  # pending may not become success
    assert run(outputs.get(key)).status == "pending"
    assert run(outputs.set_platform_run_id(key, "run-1")) is True
    assert finalize("success") is True
    assert finalize("failed") is False  # a final status is final
    assert run(outputs.set_platform_run_id(key, "run-2")) is False
    assert run(outputs.get(key)).status == "success"


def test_retries_are_new_linked_records(database: Any, flavour: str) -> None:
    outputs = repo("GenerationOutputRepository", database, flavour)
    user, session, event = ObjectId(), ObjectId(), ObjectId()
    original = run(outputs.create_generation_output(user, session, event, "comfy"))
    first = run(
        outputs.create_generation_output(
            user, session, event, "comfy", retry_of=original.generation_id
        )
    )
    second = run(
        outputs.create_generation_output(
            user, session, event, "comfy", retry_of=original.generation_id
        )
    )
    retries = run(outputs.find_retries_of(original.generation_id))
    assert [r.generation_id for r in retries] == [first.generation_id, second.generation_id]
    assert run(outputs.find_retries_of(first.generation_id)) == []


def test_create_operations_stamp_keys_and_times(database: Any, flavour: str) -> None:
    sessions = repo("UserSessionRepository", database, flavour)
    events = repo("UserEventRepository", database, flavour)
    recorder = record(sessions, flavour)
    user = ObjectId()
    session = run(sessions.create_session(user, "telegram"))
    name, (document,), _ = one_write(recorder)
    assert name == "insert_one" and document["sessionId"] == session.session_id
    assert isinstance(session.session_id, ObjectId) and session.is_active is True
    assert session.start_time is not None and session.master_account_id == user
    event = run(events.log_event(user, session.session_id, "session_started", "telegram"))
    assert isinstance(event.event_id, ObjectId) and event.timestamp is not None
    assert run(events.get(event.event_id)) == event


def test_last_activity_never_moves_back(database: Any, flavour: str) -> None:
    sessions = repo("UserSessionRepository", database, flavour)
    session = run(sessions.create_session(ObjectId(), "web"))
    later = session.last_user_activity_timestamp + timedelta(minutes=5)
    assert run(sessions.update_last_activity(session.session_id, later)) is True
    assert run(sessions.update_last_activity(session.session_id, later - timedelta(hours=1)))
    assert run(sessions.get(session.session_id)).last_user_activity_timestamp == later


def test_update_preference_by_key_merges_one_setting(database: Any, flavour: str) -> None:
    preferences = repo("UserPreferencesRepository", database, flavour)
    user = ObjectId()
    assert run(preferences.get_preference_by_key(user, "tool_a")) is None
    assert run(preferences.update_preference_by_key(user, "tool_a", "size", 512)) is True
    assert run(preferences.update_preference_by_key(user, "tool_a", "steps", 20)) is True
    stored = run(preferences.get_preference_by_key(user, "tool_a"))
    assert stored.preferences["tool_a"] == {"size": 512, "steps": 20}
    assert run(preferences.get_preference_by_key(user, "tool_b")) is None
    with pytest.raises(ValueError, match="cannot be used as a field name"):
        run(preferences.update_preference_by_key(user, "tool_a", "a.b", 1))


class NothingSent:
    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"collection.{name} was used: the write reached the driver")


def test_the_ledger_is_append_only(database: Any, flavour: str) -> None:
    transactions = repo("TransactionRepository", database, flavour)
    for method in ("update", "update_many", "delete", "delete_many"):
        assert not hasattr(transactions, method), method
    transactions.collection = NothingSent()
    refused: list[Callable[[], Any]] = [
        lambda: transactions._update_by_key(ObjectId(), {"description": "x"}, None, None),
        lambda: transactions._update_many({}, {"description": "x"}, None, None),
        lambda: transactions._delete_by_key(ObjectId()),
        lambda: transactions._delete_many({}),
        lambda: transactions._query_update({}, {"$set": {"a": 1}}, many=False, upsert=False),
    ]
    for attempt in refused:
        with pytest.raises(repositories.AppendOnlyError):
            value = attempt()
            if inspect.iscoroutine(value):
                LOOP.run_until_complete(value)


ADDRESSES = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="$."),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, derandomize=True, deadline=None)
@given(address=ADDRESSES, chain=st.sampled_from(["evm", "solana"]), swap=st.booleans())
def test_wallet_round_trip_property(address: str, chain: str, swap: bool) -> None:
    """Any address added on a chain is found again: on EVM in any letter case, on Solana only
    as given; it is stored lower-cased exactly when the chain is EVM."""
    from tests.repositories.mongomock_adapter import make_databases

    users = repositories.UserCoreRepository(make_databases()[0])
    user = factories.user_core(1, wallets=[])
    users.insert_one(user)
    assert users.add_wallet(user.id, address, chain, False) is True
    stored = users.get(user.id)
    assert stored is not None
    assert [w.address for w in stored.wallets] == [address.lower() if chain == "evm" else address]
    asked = address.swapcase() if swap else address
    found = users.find_by_wallet_address(chain, asked)
    expected = chain == "evm" or asked == address
    assert (found is not None) is expected
