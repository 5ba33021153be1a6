"""The USD credit operation and the ledger check/repair (synchronous).

``adjust_usd_credit`` makes two writes, in this order:

1. one atomic ``find_one_and_update`` on the economy document: ``$inc`` the balance
   (for a debit only if ``usdCredit >= -amount``, so concurrent debits never overdraw)
   and ``$set`` ``updatedAt``; the after-document gives ``balanceAfterUsd`` and
   ``balanceBeforeUsd = after - amount`` from the same atomic update;
2. ``insert_one`` of the transaction record.

If the process dies between 1 and 2 the balance has changed with no ledger record.
``check_ledger`` finds that (balance != sum of the account's ``amountUsd``) and
``repair_ledger`` writes the missing record as a ``ledger_reconciliation``
transaction for the difference; it never changes a balance. See docs/repositories.md.
The async twin is ``async_credit``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from bson import Decimal128, ObjectId
from bson.decimal128 import create_decimal128_context
from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, OperationFailure

from .repository_core import utc_now

R = TypeVar("R")
DECIMAL128 = create_decimal128_context()
RECONCILIATION_TYPE = "ledger_reconciliation"
REPAIR_KEY_PREFIX = "noema-ledger-repair"


@dataclass(frozen=True)
class LedgerSpec:
    """Where the balances and the ledger live (field names are ADR-002's)."""

    economy_collection: str = "userEconomy"
    ledger_collection: str = "transactions"
    account: str = "masterAccountId"
    balance: str = "usdCredit"
    updated_at: str = "updatedAt"
    amount: str = "amountUsd"
    before: str = "balanceBeforeUsd"
    after: str = "balanceAfterUsd"
    external_id: str = "externalTransactionId"
    timestamp: str = "timestamp"


class CreditError(Exception):
    """The credit operation did not change the balance."""


class AccountNotFound(CreditError):
    def __init__(self, master_account_id: ObjectId) -> None:
        self.master_account_id = master_account_id
        super().__init__(f"no economy record for masterAccountId {master_account_id}")


class InsufficientCredit(CreditError):
    def __init__(self, master_account_id: ObjectId, balance: Decimal, amount: Decimal) -> None:
        self.master_account_id = master_account_id
        self.balance = balance
        self.amount = amount
        super().__init__(
            f"debit of {-amount} USD refused for {master_account_id}: balance is {balance} USD"
        )


class IdempotencyConflict(CreditError):
    def __init__(self, external_id: str, existing: Mapping[str, Any]) -> None:
        self.external_id = external_id
        self.existing = existing
        super().__init__(
            f"externalTransactionId {external_id!r} is already recorded for a different account or amount "
            f"(transaction {existing.get('_id')}); use a new id"
        )


@dataclass(frozen=True)
class CreditResult(Generic[R]):
    """The recorded transaction; ``replayed`` when the external id was already recorded
    (nothing changed this time)."""

    transaction: R
    replayed: bool


def as_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal128):
        return value.to_decimal()
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def check_amount(amount: Decimal) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(
            f"amount must be a Decimal (got {type(amount).__name__}); floats lose cents"
        )
    amount = Decimal(amount)
    if not amount.is_finite():
        raise ValueError(f"amount must be finite, got {amount}")
    Decimal128(amount)  # raises when it does not fit 34 digits
    return amount


def draft_record(
    spec: LedgerSpec,
    master_account_id: ObjectId,
    amount: Decimal,
    type_: str,
    description: str,
    related_items: Mapping[str, Any] | None,
    external_id: str | None,
    metadata: Mapping[str, Any] | None,
    now: datetime,
) -> dict[str, Any]:
    """The transaction document with zero balances (filled in after the balance update)."""
    record: dict[str, Any] = {
        "_id": ObjectId(),
        spec.account: master_account_id,
        spec.timestamp: now,
        "type": type_,
        "description": description,
        spec.amount: Decimal128(amount),
        spec.before: Decimal128("0"),
        spec.after: Decimal128("0"),
    }
    if related_items is not None:
        record["relatedItems"] = dict(related_items)
    if external_id is not None:
        record[spec.external_id] = external_id
    if metadata is not None:
        record["metadata"] = dict(metadata)
    return record


def balance_update(
    spec: LedgerSpec, master_account_id: ObjectId, amount: Decimal, now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Filter and update of the one atomic balance change (conditional for debits)."""
    query: dict[str, Any] = {spec.account: master_account_id}
    if amount < 0:
        query[spec.balance] = {"$gte": Decimal128(-amount)}
    update = {"$inc": {spec.balance: Decimal128(amount)}, "$set": {spec.updated_at: now}}
    return query, update


def fill_balances(
    spec: LedgerSpec, record: dict[str, Any], after_document: Mapping[str, Any], amount: Decimal
) -> None:
    after = as_decimal(after_document[spec.balance])
    record[spec.after] = Decimal128(after)
    record[spec.before] = Decimal128(DECIMAL128.subtract(after, amount))


def refusal(
    spec: LedgerSpec,
    master_account_id: ObjectId,
    current: Mapping[str, Any] | None,
    amount: Decimal,
) -> CreditError:
    if current is None:
        return AccountNotFound(master_account_id)
    return InsufficientCredit(master_account_id, as_decimal(current.get(spec.balance, 0)), amount)


def check_replay(
    spec: LedgerSpec,
    existing: Mapping[str, Any],
    master_account_id: ObjectId,
    amount: Decimal,
    external_id: str,
) -> None:
    if (
        existing.get(spec.account) != master_account_id
        or as_decimal(existing.get(spec.amount)) != amount
    ):
        raise IdempotencyConflict(external_id, existing)


def undo_update(
    spec: LedgerSpec, master_account_id: ObjectId, amount: Decimal
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Reverse our own balance change (used when a concurrent call with the same external id won)."""
    return balance_update(spec, master_account_id, -amount, utc_now())


def adjust_usd_credit(
    database: Database[Any],
    spec: LedgerSpec,
    validate: Callable[[dict[str, Any]], R],
    master_account_id: ObjectId,
    amount: Decimal,
    type_: str,
    description: str,
    related_items: Mapping[str, Any] | None = None,
    external_transaction_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> CreditResult[R]:
    """Add ``amount`` (negative: debit) to the balance and record the transaction.

    ``validate`` turns the transaction document into the model (and rejects a bad
    one before any money moves). Raises ``InsufficientCredit``/``AccountNotFound``
    when the balance was not changed.
    """
    amount = check_amount(amount)
    economy, ledger = database[spec.economy_collection], database[spec.ledger_collection]
    now = utc_now()
    record = draft_record(
        spec,
        master_account_id,
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
        existing = ledger.find_one({spec.external_id: external_transaction_id})
        if existing is not None:
            check_replay(spec, existing, master_account_id, amount, external_transaction_id)
            return CreditResult(validate(existing), True)
    query, update = balance_update(spec, master_account_id, amount, now)
    after = economy.find_one_and_update(query, update, return_document=ReturnDocument.AFTER)
    if after is None:
        raise refusal(
            spec, master_account_id, economy.find_one({spec.account: master_account_id}), amount
        )
    fill_balances(spec, record, after, amount)
    try:
        ledger.insert_one(record)
    except OperationFailure as error:
        # the server refused the record (a concurrent call with the same external id
        # recorded first, or the validator): undo this call's balance change
        undo_query, undo = undo_update(spec, master_account_id, amount)
        if economy.find_one_and_update(undo_query, undo) is None:
            raise CreditError(undo_failed(master_account_id, error)) from error
        if not (isinstance(error, DuplicateKeyError) and external_transaction_id is not None):
            raise CreditError(
                f"the transaction record was refused, balance change undone: {error}"
            ) from error
        winner = ledger.find_one({spec.external_id: external_transaction_id})
        assert winner is not None
        check_replay(spec, winner, master_account_id, amount, external_transaction_id)
        return CreditResult(validate(winner), True)
    return CreditResult(validate(record), False)


def undo_failed(master_account_id: ObjectId, error: Exception) -> str:
    return (
        f"the transaction record was refused ({error}) and undoing the balance change failed: "
        f"run check_ledger/repair_ledger for {master_account_id}"
    )


# -- the ledger check -------------------------------------------------------------


@dataclass(frozen=True)
class LedgerDiscrepancy:
    """An account whose balance is not the sum of its ledger."""

    master_account_id: ObjectId
    balance: Decimal | None
    """None: ledger records exist but there is no economy record."""
    ledger_sum: Decimal
    transaction_count: int
    last_balance_change: datetime | None

    @property
    def difference(self) -> Decimal:
        """Balance minus ledger: the amount of balance changes with no transaction record."""
        return DECIMAL128.subtract(self.balance or Decimal(0), self.ledger_sum)


@dataclass(frozen=True)
class InconsistentRecord:
    """A transaction whose ``balanceBeforeUsd + amountUsd != balanceAfterUsd``."""

    transaction_id: Any
    master_account_id: Any
    before: Decimal
    amount: Decimal
    after: Decimal


@dataclass
class LedgerReport:
    accounts_checked: int = 0
    transactions_checked: int = 0
    discrepancies: list[LedgerDiscrepancy] = field(default_factory=list)
    inconsistent_records: list[InconsistentRecord] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.discrepancies and not self.inconsistent_records


@dataclass
class RepairReport(Generic[R]):
    check: LedgerReport
    written: list[R] = field(default_factory=list)
    """Reconciliation transactions written (or, with ``dry_run``, that would be)."""
    skipped_recent: list[LedgerDiscrepancy] = field(default_factory=list)
    """Balance changed within the grace period: an adjustment may still be writing its record."""
    unrepairable: list[LedgerDiscrepancy] = field(default_factory=list)
    """Ledger records for an account with no economy record: needs a person."""


class LedgerTally:
    """Accumulates balances and ledger sums (the same for sync and async reads)."""

    def __init__(self, spec: LedgerSpec) -> None:
        self.spec = spec
        self.balances: dict[Any, tuple[Decimal, datetime | None]] = {}
        self.sums: dict[Any, Decimal] = {}
        self.counts: dict[Any, int] = {}
        self.report = LedgerReport()

    def add_account(self, document: Mapping[str, Any]) -> None:
        self.report.accounts_checked += 1
        balance = as_decimal(document.get(self.spec.balance, Decimal128("0")))
        self.balances[document[self.spec.account]] = (balance, document.get(self.spec.updated_at))

    def add_record(self, document: Mapping[str, Any]) -> None:
        spec = self.spec
        self.report.transactions_checked += 1
        account = document.get(spec.account)
        amount = as_decimal(document.get(spec.amount, Decimal128("0")))
        self.sums[account] = DECIMAL128.add(self.sums.get(account, Decimal(0)), amount)
        self.counts[account] = self.counts.get(account, 0) + 1
        before, after = (
            as_decimal(document.get(spec.before, 0)),
            as_decimal(document.get(spec.after, 0)),
        )
        if DECIMAL128.add(before, amount) != after:
            self.report.inconsistent_records.append(
                InconsistentRecord(document.get("_id"), account, before, amount, after)
            )

    def finish(self) -> LedgerReport:
        for account in sorted(set(self.balances) | set(self.sums), key=str):
            balance, changed = self.balances.get(account, (None, None))
            total = self.sums.get(account, Decimal(0))
            if balance is None or balance != total:
                self.report.discrepancies.append(
                    LedgerDiscrepancy(account, balance, total, self.counts.get(account, 0), changed)
                )
        return self.report


def scope(spec: LedgerSpec, master_account_id: ObjectId | None) -> dict[str, Any]:
    return {} if master_account_id is None else {spec.account: master_account_id}


def account_projection(spec: LedgerSpec) -> dict[str, int]:
    return {spec.account: 1, spec.balance: 1, spec.updated_at: 1}


def record_projection(spec: LedgerSpec) -> dict[str, int]:
    return {spec.account: 1, spec.amount: 1, spec.before: 1, spec.after: 1}


def check_ledger(
    database: Database[Any], spec: LedgerSpec, master_account_id: ObjectId | None = None
) -> LedgerReport:
    """Compare every balance (or one account's) with the sum of its ledger; one pass over each collection."""
    tally = LedgerTally(spec)
    query = scope(spec, master_account_id)
    for document in database[spec.economy_collection].find(
        query, projection=account_projection(spec)
    ):
        tally.add_account(document)
    for document in database[spec.ledger_collection].find(
        query, projection=record_projection(spec)
    ):
        tally.add_record(document)
    return tally.finish()


def reconciliation_record(
    spec: LedgerSpec, found: LedgerDiscrepancy, now: datetime
) -> dict[str, Any]:
    """The missing ledger entry for ``found``: amount = balance - ledger sum; the balance is not touched.

    Its external id is derived from the ledger state it repairs, so two repairs
    of the same state collide on the unique index instead of writing it twice.
    """
    assert found.balance is not None
    difference = found.difference
    key = f"{REPAIR_KEY_PREFIX}:{found.master_account_id}:{found.transaction_count}:{found.ledger_sum}"
    record = draft_record(
        spec,
        found.master_account_id,
        difference,
        RECONCILIATION_TYPE,
        "Ledger repair: the balance changed by this amount with no transaction record "
        "(an adjustment interrupted between its balance update and its ledger write).",
        None,
        key,
        {
            "ledgerRepair": {
                "ledgerSumBefore": Decimal128(found.ledger_sum),
                "transactionCount": found.transaction_count,
            }
        },
        now,
    )
    record[spec.before] = Decimal128(found.ledger_sum)
    record[spec.after] = Decimal128(found.balance)
    return record


def classify(
    found: LedgerDiscrepancy, now: datetime, grace: timedelta, report: RepairReport[R]
) -> bool:
    """True when ``found`` may be repaired now; otherwise files it in ``report``."""
    if found.balance is None:
        report.unrepairable.append(found)
        return False
    changed = found.last_balance_change
    if changed is not None and changed.tzinfo is not None:
        changed = changed.astimezone(UTC).replace(tzinfo=None)
    if changed is not None and now - changed < grace:
        report.skipped_recent.append(found)
        return False
    return True


def repair_ledger(
    database: Database[Any],
    spec: LedgerSpec,
    validate: Callable[[dict[str, Any]], R],
    *,
    master_account_id: ObjectId | None = None,
    grace: timedelta = timedelta(minutes=5),
    dry_run: bool = False,
) -> RepairReport[R]:
    """Write a reconciliation transaction for each discrepancy older than ``grace``.

    Each candidate is re-checked alone just before writing, so an adjustment that
    finished meanwhile is not repaired twice.
    """
    report: RepairReport[R] = RepairReport(check_ledger(database, spec, master_account_id))
    for found in report.check.discrepancies:
        now = utc_now()
        if not classify(found, now, grace, report):
            continue
        current = _one_discrepancy(
            check_ledger(database, spec, found.master_account_id).discrepancies
        )
        if current != found:
            continue
        record = reconciliation_record(spec, found, now)
        model = validate(record)
        if not dry_run:
            try:
                database[spec.ledger_collection].insert_one(record)
            except DuplicateKeyError:
                continue
        report.written.append(model)
    return report


def _one_discrepancy(found: Iterable[LedgerDiscrepancy]) -> LedgerDiscrepancy | None:
    return next(iter(found), None)
