"""adjust_usd_credit, check_ledger and repair_ledger, sync and async, on mongomock.

mongomock runs one operation at a time, so it cannot show concurrent debits; the
real-server tests (test_real_server.py) do.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories

from tests.repositories import factories
from tests.repositories.mongomock_adapter import (
    AsyncDatabaseAdapter,
    DecimalCollection,
    DecimalDatabase,
)
from tests.repositories.support import run


class ProcessDied(BaseException):
    """Stands for the process being killed between the balance update and the ledger write."""


class DyingLedgerDatabase(DecimalDatabase):
    """The database as seen by a process that dies when it writes a transaction record."""

    def __getitem__(self, name: str) -> DecimalCollection:
        collection = super().__getitem__(name)
        if name == "transactions":

            class Dying(DecimalCollection):
                def insert_one(self, document: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
                    raise ProcessDied

            return Dying(collection.inner)
        return collection


def economy(database: Any, flavour: str) -> Any:
    name = "UserEconomyRepository" if flavour == "sync" else "AsyncUserEconomyRepository"
    return getattr(repositories, name)(database)


def view(databases: tuple[Any, Any], flavour: str) -> Any:
    return databases[0] if flavour == "sync" else databases[1]


def new_account(repo: Any) -> ObjectId:
    account = ObjectId()
    run(repo.insert_one(factories.user_economy(1, master_account_id=account)))
    return account


def balance(databases: tuple[Any, Any], account: ObjectId) -> Decimal:
    document = databases[0]["userEconomy"].find_one({"masterAccountId": account})
    return Decimal(str(document["usdCredit"].to_decimal()))


def test_credit_then_debit_records_balances_from_the_update(
    databases: tuple[Any, Any], flavour: str
) -> None:
    repo = economy(view(databases, flavour), flavour)
    account = new_account(repo)
    credit = run(repo.adjust_usd_credit(account, Decimal("10.50"), "credit", "top-up"))
    debit = run(
        repo.adjust_usd_credit(
            account,
            Decimal("-3.25"),
            "generation_cost",
            "image",
            {"generation_id": ObjectId(), "command_name": "make"},
        )
    )
    assert not credit.replayed and not debit.replayed
    assert (credit.transaction.balance_before_usd, credit.transaction.balance_after_usd) == (
        0,
        Decimal("10.50"),
    )
    assert (debit.transaction.balance_before_usd, debit.transaction.balance_after_usd) == (
        Decimal("10.50"),
        Decimal("7.25"),
    )
    assert debit.transaction.related_items.command_name == "make"
    assert balance(databases, account) == Decimal("7.25")
    stored = databases[0]["transactions"].find_one({"_id": debit.transaction.id})
    assert stored["relatedItems"]["commandName"] == "make"  # written with MongoDB names
    assert run(repo.check_ledger()).ok


def test_debit_never_overdraws(databases: tuple[Any, Any], flavour: str) -> None:
    repo = economy(view(databases, flavour), flavour)
    account = new_account(repo)
    run(repo.adjust_usd_credit(account, Decimal(5), "credit", "top-up"))
    with pytest.raises(repositories.InsufficientCredit) as caught:
        run(repo.adjust_usd_credit(account, Decimal("-5.01"), "debit", "too much"))
    assert caught.value.balance == Decimal(5)
    assert balance(databases, account) == Decimal(5)
    run(repo.adjust_usd_credit(account, Decimal(-5), "debit", "exactly all"))
    assert balance(databases, account) == 0
    assert databases[0]["transactions"].count_documents({}) == 2  # no record for the refused debit
    with pytest.raises(repositories.AccountNotFound):
        run(repo.adjust_usd_credit(ObjectId(), Decimal(1), "credit", "nobody"))


def test_external_transaction_id_makes_it_idempotent(
    databases: tuple[Any, Any], flavour: str
) -> None:
    repo = economy(view(databases, flavour), flavour)
    account = new_account(repo)
    first = run(
        repo.adjust_usd_credit(
            account, Decimal(20), "subscription_payment", "May", None, "stripe-ch_1"
        )
    )
    again = run(
        repo.adjust_usd_credit(
            account, Decimal(20), "subscription_payment", "May", None, "stripe-ch_1"
        )
    )
    assert again.replayed and again.transaction == first.transaction
    assert balance(databases, account) == Decimal(20)
    assert databases[0]["transactions"].count_documents({}) == 1
    with pytest.raises(repositories.IdempotencyConflict):
        run(
            repo.adjust_usd_credit(
                account, Decimal(25), "subscription_payment", "May", None, "stripe-ch_1"
            )
        )


def test_bad_record_is_refused_before_money_moves(databases: tuple[Any, Any], flavour: str) -> None:
    repo = economy(view(databases, flavour), flavour)
    account = new_account(repo)
    with pytest.raises(Exception, match="unknown_key|Extra inputs"):
        run(repo.adjust_usd_credit(account, Decimal(1), "credit", "x", {"unknown_key": 1}))
    with pytest.raises(TypeError, match="Decimal"):
        run(repo.adjust_usd_credit(account, 1.5, "credit", "float"))
    assert balance(databases, account) == 0


def test_crash_between_the_two_writes_is_found_and_repaired(
    databases: tuple[Any, Any], flavour: str
) -> None:
    repo = economy(view(databases, flavour), flavour)
    account = new_account(repo)
    run(repo.adjust_usd_credit(account, Decimal(10), "credit", "top-up"))
    dying = DyingLedgerDatabase(databases[0].inner)
    dying_repo = economy(dying if flavour == "sync" else AsyncDatabaseAdapter(dying), flavour)
    with pytest.raises(ProcessDied):
        run(dying_repo.adjust_usd_credit(account, Decimal(-4), "debit", "lost record"))
    assert balance(databases, account) == Decimal(6)  # the balance changed, the ledger did not

    report = run(repo.check_ledger())
    assert not report.ok
    [found] = report.discrepancies
    assert (found.account, found.balance, found.ledger_sum, found.difference) == (
        account,
        Decimal(6),
        Decimal(10),
        Decimal(-4),
    )
    # right after the crash the change is too recent: an adjustment could still be writing
    waiting = run(repo.repair_ledger())
    assert waiting.skipped_recent == [found] and not waiting.written
    dry = run(repo.repair_ledger(grace=timedelta(0), dry_run=True))
    assert len(dry.written) == 1 and not run(repo.check_ledger()).ok

    repaired = run(repo.repair_ledger(grace=timedelta(0)))
    [record] = repaired.written
    assert (
        record.type,
        record.amount_usd,
        record.balance_before_usd,
        record.balance_after_usd,
    ) == (
        "ledger_reconciliation",
        Decimal(-4),
        Decimal(10),
        Decimal(6),
    )
    assert balance(databases, account) == Decimal(6)  # repair never changes a balance
    assert run(repo.check_ledger()).ok
    assert not run(repo.repair_ledger(grace=timedelta(0))).written  # nothing left to repair


def test_check_ledger_reports_inconsistent_records_and_orphans(
    databases: tuple[Any, Any], flavour: str
) -> None:
    repo = economy(view(databases, flavour), flavour)
    transactions = repositories.TransactionRepository(databases[0])
    bad = transactions.insert_one(factories.transaction(1, balance_after_usd=Decimal(99)))
    report = run(repo.check_ledger())
    assert [r.transaction_id for r in report.inconsistent_records] == [bad.id]
    [orphan] = report.discrepancies  # ledger records without an economy record
    assert orphan.balance is None
    repaired = run(repo.repair_ledger(grace=timedelta(0)))
    assert repaired.unrepairable == [orphan] and not repaired.written
    assert run(repo.check_ledger(bad.master_account_id)).transactions_checked == 1
    assert run(repo.check_ledger(ObjectId())).ok
