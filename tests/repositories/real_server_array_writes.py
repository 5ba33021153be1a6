"""The seed write operations on a real MongoDB server (6/7/8): what mongomock cannot show.

- ``arrayFilters`` (mongomock raises NotImplementedError): set_primary_wallet, revoke_api_key,
  touch_api_key. Semantics as asserted by mongodb/mongo jstests/core/write/update/
  update_arrayFilters.js (``$set: {"a.$[i].c": ...}`` with ``arrayFilters: [{"i.b": 0}]``
  changes exactly the matching elements; an unused array filter is refused, which is why the
  linter requires every declared identifier to be used).
- Concurrency: threads adding wallets to one user at once (each one ``$push``: none is lost), and
  racing final statuses of one generation (the transition guard in the filter lets one win).

Not a test module itself: test_real_server.py imports these tests, so they run with its
fixtures (set NOEMA_TEST_MONGODB_URI; a fresh database with schemas/' validators and indexes).
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.support import run

pytestmark = pytest.mark.mongodb


def _users(databases: tuple[Any, Any], flavour: str) -> Any:
    if flavour == "sync":
        return repositories.UserCoreRepository(databases[0])
    return repositories.AsyncUserCoreRepository(databases[1])


def test_set_primary_wallet_marks_exactly_one(databases: tuple[Any, Any], flavour: str) -> None:
    users = _users(databases, flavour)
    user = factories.user_core(1, wallets=[])
    run(users.insert_one(user))
    for address, chain in [("0xAA", "evm"), ("0xBB", "evm"), ("SoLC", "solana")]:
        assert run(users.add_wallet(user.id, address, chain, True)) is True

    def primaries() -> list[str]:
        stored = run(users.get(user.id))
        return [w.address for w in stored.wallets if w.is_primary]

    assert run(users.set_primary_wallet(user.id, "evm", "0xbB")) is True
    assert primaries() == ["0xbb"]
    assert run(users.set_primary_wallet(user.id, "solana", "SoLC")) is True
    assert primaries() == ["SoLC"]
    assert run(users.set_primary_wallet(user.id, "solana", "solc")) is False  # case-sensitive
    assert primaries() == ["SoLC"]


def test_revoke_and_touch_api_keys(databases: tuple[Any, Any], flavour: str) -> None:
    users = _users(databases, flavour)
    user = factories.user_core(2, api_keys=[])
    run(users.insert_one(user))
    assert run(users.add_api_key(user.id, "h-keep", "main")) is True
    assert run(users.add_api_key(user.id, "h-drop", "old")) is True
    touched = run(users.touch_api_key("h-keep"))
    assert touched is not None and touched.id == user.id
    kept = next(k for k in touched.api_keys if k.key_hash == "h-keep")
    assert kept.last_used_at is not None
    assert run(users.revoke_api_key(user.id, "h-drop")) is True
    assert run(users.find_by_api_key_hash("h-drop")) is None
    assert run(users.touch_api_key("h-drop")) is None  # a revoked key is not used
    assert run(users.find_by_api_key_hash("h-keep")).id == user.id
    stored = run(users.get(user.id))
    assert [(k.key_hash, k.is_active) for k in stored.api_keys] == [
        ("h-keep", True),
        ("h-drop", False),
    ]


def test_concurrent_wallet_additions_all_survive(databases: tuple[Any, Any]) -> None:
    users = repositories.UserCoreRepository(databases[0])
    user = factories.user_core(3, wallets=[])
    users.insert_one(user)
    addresses = [f"0x{n:040x}" for n in range(16)]
    start = threading.Barrier(len(addresses))

    def add(address: str) -> None:
        start.wait()
        assert users.add_wallet(user.id, address, "evm", False) is True

    threads = [threading.Thread(target=add, args=(a,)) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = users.get(user.id)
    assert stored is not None
    assert sorted(w.address for w in stored.wallets) == sorted(addresses)


def test_racing_final_statuses_one_wins(databases: tuple[Any, Any]) -> None:
    outputs = repositories.GenerationOutputRepository(databases[0])
    created = outputs.create_generation_output(ObjectId(), ObjectId(), ObjectId(), "comfy")
    assert outputs.set_platform_run_id(created.generation_id, "run") is True
    statuses = ["success", "failed", "timeout", "cancelled_by_user"] * 4
    start = threading.Barrier(len(statuses))
    won: list[str] = []

    def finalize(status: Any) -> None:
        start.wait()
        if outputs.finalize_generation_output(
            created.generation_id, status, factories.at(9), 5, Decimal("0.01")
        ):
            won.append(status)

    threads = [threading.Thread(target=finalize, args=(s,)) for s in statuses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    stored = outputs.get(created.generation_id)
    assert stored is not None and stored.status == won[0]
