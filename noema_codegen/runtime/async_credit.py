"""The USD credit operation and the ledger check/repair over pymongo's async API.

Same steps as ``credit`` (whose docstring explains the two writes and the crash
window); only the I/O is awaited. The pure parts are shared with ``credit``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from pymongo import ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, OperationFailure

from .credit import (
    CreditError,
    CreditResult,
    LedgerSpec,
    balance_update,
    check_amount,
    check_replay,
    draft_record,
    fill_balances,
    refusal,
    undo_failed,
    undo_update,
)
from .ledger import (
    LedgerReport,
    LedgerTally,
    RepairReport,
    account_projection,
    classify,
    entry_scope,
    reconciliation_record,
    record_projection,
    scope,
)
from .repository_core import utc_now

R = TypeVar("R")


async def async_adjust_balance(
    database: AsyncDatabase[Any],
    spec: LedgerSpec,
    validate: Callable[[dict[str, Any]], R],
    account: Any,
    amount: Decimal,
    type_: str,
    description: str,
    related_items: Mapping[str, Any] | None = None,
    external_transaction_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    session: AsyncClientSession | None = None,
) -> CreditResult[R]:
    """See ``credit.adjust_balance``."""
    amount = check_amount(amount)
    balances, ledger = database[spec.balance_collection], database[spec.entries_collection]
    now = utc_now()
    record = draft_record(
        spec,
        account,
        amount,
        type_,
        description,
        related_items,
        external_transaction_id,
        metadata,
        now,
    )
    validate(record)
    if external_transaction_id is not None:
        existing = await ledger.find_one(
            {spec.external_id: external_transaction_id}, session=session
        )
        if existing is not None:
            check_replay(spec, existing, account, amount, external_transaction_id)
            return CreditResult(validate(existing), True)
    query, update = balance_update(spec, account, amount, now)
    after = await balances.find_one_and_update(
        query, update, return_document=ReturnDocument.AFTER, session=session
    )
    if after is None:
        current = await balances.find_one({spec.account: account}, session=session)
        raise refusal(spec, account, current, amount)
    fill_balances(spec, record, after, amount)
    try:
        await ledger.insert_one(record, session=session)
    except OperationFailure as error:
        undo_query, undo = undo_update(spec, account, amount)
        if await balances.find_one_and_update(undo_query, undo, session=session) is None:
            raise CreditError(undo_failed(account, error)) from error
        if not (isinstance(error, DuplicateKeyError) and external_transaction_id is not None):
            raise CreditError(
                f"the transaction record was refused, balance change undone: {error}"
            ) from error
        winner = await ledger.find_one({spec.external_id: external_transaction_id}, session=session)
        assert winner is not None
        check_replay(spec, winner, account, amount, external_transaction_id)
        return CreditResult(validate(winner), True)
    return CreditResult(validate(record), False)


async def async_check_ledger(
    database: AsyncDatabase[Any], spec: LedgerSpec, account: Any | None = None
) -> LedgerReport:
    """See ``ledger.check_ledger``."""
    tally = LedgerTally(spec)
    async for document in database[spec.balance_collection].find(
        scope(spec, account), projection=account_projection(spec)
    ):
        tally.add_account(document)
    async for document in database[spec.entries_collection].find(
        entry_scope(spec, account), projection=record_projection(spec)
    ):
        tally.add_record(document)
    return tally.finish()


async def async_repair_ledger(
    database: AsyncDatabase[Any],
    spec: LedgerSpec,
    validate: Callable[[dict[str, Any]], R],
    *,
    account: Any | None = None,
    grace: timedelta = timedelta(minutes=5),
    dry_run: bool = False,
) -> RepairReport[R]:
    """See ``ledger.repair_ledger``."""
    report: RepairReport[R] = RepairReport(await async_check_ledger(database, spec, account))
    for found in report.check.discrepancies:
        now = utc_now()
        if not classify(found, now, grace, report):
            continue
        again = (await async_check_ledger(database, spec, found.account)).discrepancies
        if not again or again[0] != found:
            continue
        record = reconciliation_record(spec, found, now)
        model = validate(record)
        if not dry_run:
            try:
                await database[spec.entries_collection].insert_one(record)
            except DuplicateKeyError:
                continue
        report.written.append(model)
    return report
