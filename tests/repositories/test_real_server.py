"""The repository tests again on a real MongoDB server (6/7/8), plus what only a server shows:
its validator rejecting an insert, hinted pagination on the declared indexes, concurrent debits
and concurrent calls with one external transaction id.

Set NOEMA_TEST_MONGODB_URI (e.g. mongodb://localhost:27017; a replica set is not needed).
Each run creates a database ``noema_test_<random>`` with the validators and indexes of
schemas/ and drops it afterwards.
"""

from __future__ import annotations

import os
import threading
import uuid
import warnings
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

import pytest
from bson import ObjectId
from noema_db import repositories
from noema_db.models import UserSession
from pymongo import AsyncMongoClient, MongoClient
from pymongo.errors import WriteError

from noema_codegen.checked_project import load_project
from tests.repositories import factories

# the same tests as on mongomock, collected again here with the real-server fixtures below
from tests.repositories.real_server_array_writes import (  # noqa: F401
    test_concurrent_wallet_additions_all_survive,
    test_racing_final_statuses_one_wins,
    test_revoke_and_touch_api_keys,
    test_set_primary_wallet_marks_exactly_one,
)
from tests.repositories.support import ROOT, run
from tests.repositories.test_array_writes import (  # noqa: F401
    test_api_key_lookup_finds_active_keys_only,
    test_create_operations_stamp_keys_and_times,
    test_generation_status_transitions_are_guarded,
    test_last_activity_never_moves_back,
    test_retries_are_new_linked_records,
    test_update_preference_by_key_merges_one_setting,
    test_wallet_lookup_is_normalised_per_chain,
)
from tests.repositories.test_credit import (  # noqa: F401
    test_bad_record_is_refused_before_money_moves,
    test_check_ledger_reports_inconsistent_records_and_orphans,
    test_credit_then_debit_records_balances_from_the_update,
    test_debit_never_overdraws,
    test_external_transaction_id_makes_it_idempotent,
)
from tests.repositories.test_crud import (  # noqa: F401
    test_delete_by_key_and_many,
    test_find_filter_sort_limit_skip,
    test_find_page_walks_every_index,
    test_insert_get_count_exists,
    test_update_by_key_and_many,
)
from tests.repositories.test_named_queries import (  # noqa: F401
    test_generation_outputs,
    test_transactions,
    test_user_core,
    test_user_economy_and_preferences,
    test_user_events,
    test_user_sessions,
)
from tests.repositories.test_runtime import (  # noqa: F401
    test_invalid_stored_document_raises_naming_collection_and_id,
    test_invalid_stored_document_skipped_and_reported,
    test_long_and_decimal_values_are_encoded_as_the_schema_says,
    test_typed_update_guards,
)
from tests.schema_fixtures import NOEMA

URI = os.environ.get("NOEMA_TEST_MONGODB_URI")
pytestmark = pytest.mark.mongodb


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Any, Any]]:
    if not URI:
        pytest.skip(
            "NOEMA_TEST_MONGODB_URI is not set: these tests need a real MongoDB 6/7/8 server"
        )
    project = load_project(ROOT / "schemas", NOEMA)
    name = f"noema_test_{uuid.uuid4().hex[:12]}"
    client: MongoClient[dict[str, Any]] = MongoClient(URI, serverSelectionTimeoutMS=5000)
    database = client[name]
    for collection in project.collections:
        database.create_collection(collection.name, **collection.validator_options)
        if collection.index_specs:
            database.command({"createIndexes": collection.name, "indexes": collection.index_specs})
    async_client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(URI)
    try:
        yield database, async_client[name]
    finally:
        client.drop_database(name)
        client.close()
        run(async_client.close())


@pytest.fixture
def databases(server: tuple[Any, Any]) -> tuple[Any, Any]:
    """Overrides the mongomock fixture: the real database, emptied before each test."""
    for name in server[0].list_collection_names():
        server[0][name].delete_many({})
    return server


def test_server_validator_rejects_an_invalid_insert(
    databases: tuple[Any, Any], flavour: str
) -> None:
    database = databases[0] if flavour == "sync" else databases[1]
    repo = (
        repositories.UserSessionRepository
        if flavour == "sync"
        else repositories.AsyncUserSessionRepository
    )(database)
    valid = factories.user_session(1)
    invalid = UserSession.model_construct(
        **{**dict(valid), "is_active": "yes"}
    )  # skips model validation
    with pytest.raises(WriteError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic warns that it serialises a str as the bool field
        run(repo.insert_one(invalid))
    assert caught.value.code == 121  # DocumentValidationFailure
    assert run(repo.count()) == 0


class ProcessDied(BaseException):
    """Stands for the process being killed between the balance update and the ledger write."""


class DyingLedger:
    """A database whose ledger insert dies, as if the process were killed between the writes."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getitem__(self, name: str) -> Any:
        collection = self.inner[name]
        if name != "transactions":
            return collection

        class Dying:
            def __getattr__(self, attribute: str) -> Any:
                return getattr(collection, attribute)

            def insert_one(self, *args: Any, **kwargs: Any) -> Any:
                raise ProcessDied

        return Dying()


def test_crash_between_the_writes_is_repaired(databases: tuple[Any, Any]) -> None:
    from datetime import timedelta

    repo = repositories.UserEconomyRepository(databases[0])
    account = ObjectId()
    repo.insert_one(factories.user_economy(1, master_account_id=account))
    repo.adjust_usd_credit(account, Decimal(10), "credit", "top-up")
    with pytest.raises(ProcessDied):
        repositories.UserEconomyRepository(cast(Any, DyingLedger(databases[0]))).adjust_usd_credit(
            account, Decimal(-4), "debit", "lost"
        )
    [found] = repo.check_ledger().discrepancies
    assert found.difference == Decimal(-4)
    [record] = repo.repair_ledger(grace=timedelta(0)).written
    assert record.amount_usd == Decimal(-4)
    assert repo.check_ledger().ok
    assert repo.find_by_master_account_id(account).usd_credit == Decimal(6)  # type: ignore[union-attr]


def test_concurrent_debits_never_overdraw(databases: tuple[Any, Any]) -> None:
    repo = repositories.UserEconomyRepository(databases[0])
    account = ObjectId()
    repo.insert_one(factories.user_economy(1, master_account_id=account))
    repo.adjust_usd_credit(account, Decimal(10), "credit", "top-up")
    outcomes: list[object] = []
    start = threading.Barrier(20)

    def debit() -> None:
        start.wait()
        try:
            outcomes.append(
                repo.adjust_usd_credit(account, Decimal(-1), "debit", "race").transaction
            )
        except repositories.InsufficientCredit as refused:
            outcomes.append(refused)

    threads = [threading.Thread(target=debit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [o for o in outcomes if not isinstance(o, repositories.InsufficientCredit)]
    assert len(done) == 10
    assert sorted(t.balance_after_usd for t in done) == [Decimal(n) for n in range(10)]  # type: ignore[attr-defined]
    assert repo.find_by_master_account_id(account).usd_credit == 0  # type: ignore[union-attr]
    assert repo.check_ledger().ok


def test_concurrent_async_debits_never_overdraw(databases: tuple[Any, Any]) -> None:
    import asyncio

    repo = repositories.AsyncUserEconomyRepository(databases[1])
    account = ObjectId()

    async def scenario() -> list[object]:
        await repo.insert_one(factories.user_economy(1, master_account_id=account))
        await repo.adjust_usd_credit(account, Decimal(5), "credit", "top-up")
        calls = [repo.adjust_usd_credit(account, Decimal(-1), "debit", "race") for _ in range(12)]
        return list(await asyncio.gather(*calls, return_exceptions=True))

    outcomes = run(scenario())
    assert sum(isinstance(o, repositories.InsufficientCredit) for o in outcomes) == 7
    assert run(repo.find_by_master_account_id(account)).usd_credit == 0
    assert run(repo.check_ledger()).ok


def test_concurrent_calls_with_one_external_id_apply_once(databases: tuple[Any, Any]) -> None:
    repo = repositories.UserEconomyRepository(databases[0])
    account = ObjectId()
    repo.insert_one(factories.user_economy(1, master_account_id=account))
    results: list[Any] = []
    start = threading.Barrier(8)

    def pay() -> None:
        start.wait()
        results.append(
            repo.adjust_usd_credit(
                account, Decimal(5), "subscription_payment", "June", None, "ch_42"
            )
        )

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(not r.replayed for r in results) == 1
    assert len({r.transaction.id for r in results}) == 1
    assert repo.find_by_master_account_id(account).usd_credit == Decimal(5)  # type: ignore[union-attr]
    assert databases[0]["transactions"].count_documents({"externalTransactionId": "ch_42"}) == 1
    assert repo.check_ledger().ok


def test_credit_inside_a_transaction_commits_or_aborts_both_writes(
    databases: tuple[Any, Any],
) -> None:
    client = databases[0].client
    hello = client.admin.command("hello")
    if "setName" not in hello and hello.get("msg") != "isdbgrid":
        pytest.skip(
            "the server is standalone: multi-document transactions need a replica set or mongos"
        )
    repo = repositories.UserEconomyRepository(databases[0])
    account = ObjectId()
    repo.insert_one(factories.user_economy(1, master_account_id=account))
    with client.start_session() as session:
        session.start_transaction()
        repo.adjust_usd_credit(account, Decimal(7), "credit", "aborted", session=session)
        session.abort_transaction()
    assert repo.find_by_master_account_id(account).usd_credit == 0  # type: ignore[union-attr]
    assert databases[0]["transactions"].count_documents({"masterAccountId": account}) == 0
    with client.start_session() as session:
        session.with_transaction(
            lambda s: repo.adjust_usd_credit(account, Decimal(7), "credit", "committed", session=s)
        )
    assert repo.find_by_master_account_id(account).usd_credit == Decimal(7)  # type: ignore[union-attr]
    assert repo.check_ledger(account).ok
