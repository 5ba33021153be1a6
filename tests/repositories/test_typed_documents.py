"""Embedded documents are typed all the way down: TypedDicts for every embedded object,
dotted typed-filter keys into them, and re-exports from ``noema_db.repositories``.

The mypy test runs mypy's API on a snippet and asserts on line numbers and error codes
(never on mypy's wording)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.support import run

SNIPPET = """\
from datetime import datetime
from typing import Any
from bson import ObjectId
from pymongo import MongoClient
from noema_db.repositories import UserCoreRepository, UserCoreWalletsItem, gte

db = MongoClient[dict[str, Any]]()["noema"]
users = UserCoreRepository(db)
good: UserCoreWalletsItem = {"address": "0xabc", "added_at": datetime(2026, 1, 1), "verified": True}
users.update(ObjectId(), set={"wallets": [good]})
users.find({"wallets.address": "0xabc", "api_keys.is_active": True})
users.find({"api_keys.created_at": gte(datetime(2026, 1, 1))})
users.update(ObjectId(), set={"wallets": [{"adress": "0xabc", "added_at": datetime(2026, 1, 1), "verified": True}]})
users.find({"wallets.adress": "0xabc"})
users.find({"wallets.verified": "yes"})
users.update(ObjectId(), set={"wallets": [{"added_at": datetime(2026, 1, 1), "verified": True}]})
from noema_db.models.user_core import ApiKey, Wallet
users.update(ObjectId(), set={"wallets": [Wallet(address="0x", added_at=datetime(2026, 1, 1), verified=True)]})
users.update(ObjectId(), set={"wallets": [ApiKey(key_hash="h", label="l", created_at=datetime(2026, 1, 1))]})
"""
EXPECTED = {
    # each bad line differs from a good one (lines 9-12, no error) by one nested key or value;
    # in the ``X | None`` parameter context mypy reports the TypedDict mismatch as arg-type
    13: {"arg-type"},  # misspelt nested key in an update
    14: {"arg-type"},  # misspelt dotted filter key
    15: {"arg-type"},  # wrong type for a nested path
    16: {"arg-type"},  # a required nested key missing
    # line 18 passes the generated nested model (no error); line 19 the wrong model class
    19: {"arg-type"},
}


@pytest.mark.slow
def test_mypy_rejects_misspelt_nested_keys(
    tmp_path: Path, generated_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mypy import api

    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(generated_dir))
    monkeypatch.chdir(tmp_path)
    limit = sys.getrecursionlimit()
    try:
        stdout, stderr, _ = api.run(
            [
                "--strict",
                "--show-error-codes",
                "--no-error-summary",
                "--cache-dir",
                str(tmp_path / ".cache"),
                "snippet.py",
            ]
        )
    finally:
        # mypy raises the interpreter's recursion limit in-process; later tests rely on it
        sys.setrecursionlimit(limit)
    found: dict[int, set[str]] = {}
    for line in stdout.splitlines():
        match = re.match(r"snippet\.py:(\d+): error: .*\[([a-z-]+)\]$", line)
        if match:
            found.setdefault(int(match.group(1)), set()).add(match.group(2))
    assert found == EXPECTED, stdout + stderr


def test_nested_typed_dicts_and_paths_are_generated() -> None:
    module = repositories.user_core
    assert "UserCoreWalletsItem" in module.__all__
    # (``from __future__ import annotations``: ``Required`` is only seen in the annotation text)
    annotations = module.UserCoreWalletsItem.__annotations__
    texts = {k: str(getattr(v, "__forward_arg__", v)) for k, v in annotations.items()}
    required = {k for k, text in texts.items() if text.startswith("Required[")}
    assert required == {"address", "added_at", "verified"}
    assert set(annotations) == {"address", "chain", "is_primary", "added_at", "verified"}
    paths = module.SPEC.paths
    assert paths["api_keys.key_hash"].alias == "apiKeys.keyHash"
    assert paths["wallets.address"].alias == "wallets.address"
    assert "wallets.address" in module.UserCoreFilter.__optional_keys__
    # the generated nested model is the other accepted form of the value
    from noema_db.models import user_core as models

    assert module.Wallet is models.Wallet
    update = module.UserCoreUpdate.__annotations__["wallets"]
    assert "UserCoreWalletsItem | Wallet" in str(getattr(update, "__forward_arg__", update))


def test_every_module_export_is_reexported() -> None:
    for name in dir(repositories):
        module = getattr(repositories, name)
        if getattr(module, "__name__", "").startswith("noema_db.repositories."):
            for exported in module.__all__:
                assert exported in repositories.__all__, exported
                assert getattr(repositories, exported) is getattr(module, exported)


def _repo(database: Any, flavour: str) -> Any:
    name = "UserCoreRepository" if flavour == "sync" else "AsyncUserCoreRepository"
    return getattr(repositories, name)(database)


def test_dotted_filter_keys_reach_embedded_documents(database: Any, flavour: str) -> None:
    repo = _repo(database, flavour)
    users = run(repo.insert_many([factories.user_core(n) for n in range(3)]))
    found = run(repo.find({"wallets.address": "0xwallet0001"}))
    assert [u.id for u in found] == [users[1].id]
    found = run(repo.find({"api_keys.key_hash": repositories.in_(["hash-0", "hash-2"])}))
    assert sorted(u.id for u in found) == sorted([users[0].id, users[2].id])
    sent = repo._codec.encode_filter({"api_keys.key_hash": "hash-0"})
    assert sent == {"apiKeys.keyHash": "hash-0"}


def test_a_typed_dict_value_is_validated_and_stored(database: Any, flavour: str) -> None:
    repo = _repo(database, flavour)
    user = run(repo.insert_one(factories.user_core(0)))
    wallet = {"address": "0xNEW", "added_at": factories.at(5), "verified": False}
    updated = run(repo.update(user.id, set={"wallets": [wallet]}))
    assert updated.wallets[0].address == "0xNEW"
    assert run(repo.find({"wallets.address": "0xNEW"}))[0].id == user.id


def test_unknown_keys_are_refused_at_run_time(database: Any, flavour: str) -> None:
    repo = _repo(database, flavour)
    with pytest.raises(KeyError):
        repo._codec.encode_filter({"wallets.nope": 1})
    with pytest.raises(KeyError):
        run(repo.update_many({}, set={"wallets.address": "x"}))
    assert ObjectId  # the module's imports are used by the snippet's types too
