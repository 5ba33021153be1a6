"""The credit operation of a declared ledger (synchronous).

Every collection and field name comes from the ``LedgerSpec`` the generated repository
passes (rendered from the schema's ``x-noema.ledger`` declaration). ``adjust_balance``
makes two writes, in this order:

1. one atomic ``find_one_and_update`` on the balance document: ``$inc`` the balance
   (for a debit only if ``balance >= -amount``, so concurrent debits never overdraw)
   and ``$set`` its ``changedAt`` field; the after-document gives the entry's ``after``
   and ``before = after - amount`` from the same atomic update;
2. ``insert_one`` of the entry.

If the process dies between 1 and 2 the balance has changed with no ledger record;
``ledger.check_ledger`` finds that and ``ledger.repair_ledger`` records it (see
docs/repositories.md). The async twin is ``async_credit``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from bson import Decimal128, ObjectId
from bson.decimal128 import create_decimal128_context
from pymongo import ReturnDocument
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, OperationFailure

from .repository_core import utc_now

R = TypeVar("R")
DECIMAL128 = create_decimal128_context()


@dataclass(frozen=True)
class LedgerSpec:
    """Where the balances and their entries live: the names of an ``x-noema.ledger``
    declaration (docs/schema-extensions.md), rendered into the balance collection's module."""

    balance_collection: str
    entries_collection: str
    account: str
    """The account field of the balance collection."""
    balance: str
    changed_at: str
    entry_account: str
    """The account field of the entries collection."""
    timestamp: str
    type: str
    description: str
    amount: str
    before: str
    after: str
    external_id: str
    related_items: str
    metadata: str


class CreditError(Exception):
    """The credit operation did not change the balance."""


class AccountNotFound(CreditError):
    def __init__(self, account: Any, spec: LedgerSpec) -> None:
        self.account = account
        super().__init__(f"no {spec.balance_collection} document with {spec.account} {account}")


class InsufficientCredit(CreditError):
    def __init__(self, account: Any, balance: Decimal, amount: Decimal, spec: LedgerSpec) -> None:
        self.account = account
        self.balance = balance
        self.amount = amount
        super().__init__(
            f"debit of {-amount} refused for {spec.account} {account}: {spec.balance} is {balance}"
        )


class IdempotencyConflict(CreditError):
    def __init__(self, external_id: str, existing: Mapping[str, Any], spec: LedgerSpec) -> None:
        self.external_id = external_id
        self.existing = existing
        super().__init__(
            f"{spec.external_id} {external_id!r} is already recorded in {spec.entries_collection} "
            f"for a different account or amount (entry {existing.get('_id')}); use a new id"
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
    account: Any,
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
        spec.entry_account: account,
        spec.timestamp: now,
        spec.type: type_,
        spec.description: description,
        spec.amount: Decimal128(amount),
        spec.before: Decimal128("0"),
        spec.after: Decimal128("0"),
    }
    if related_items is not None:
        record[spec.related_items] = dict(related_items)
    if external_id is not None:
        record[spec.external_id] = external_id
    if metadata is not None:
        record[spec.metadata] = dict(metadata)
    return record


def balance_update(
    spec: LedgerSpec, account: Any, amount: Decimal, now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Filter and update of the one atomic balance change (conditional for debits)."""
    query: dict[str, Any] = {spec.account: account}
    if amount < 0:
        query[spec.balance] = {"$gte": Decimal128(-amount)}
    update = {"$inc": {spec.balance: Decimal128(amount)}, "$set": {spec.changed_at: now}}
    return query, update


def fill_balances(
    spec: LedgerSpec, record: dict[str, Any], after_document: Mapping[str, Any], amount: Decimal
) -> None:
    after = as_decimal(after_document[spec.balance])
    record[spec.after] = Decimal128(after)
    record[spec.before] = Decimal128(DECIMAL128.subtract(after, amount))


def refusal(
    spec: LedgerSpec,
    account: Any,
    current: Mapping[str, Any] | None,
    amount: Decimal,
) -> CreditError:
    if current is None:
        return AccountNotFound(account, spec)
    return InsufficientCredit(account, as_decimal(current.get(spec.balance, 0)), amount, spec)


def check_replay(
    spec: LedgerSpec,
    existing: Mapping[str, Any],
    account: Any,
    amount: Decimal,
    external_id: str,
) -> None:
    if (
        existing.get(spec.entry_account) != account
        or as_decimal(existing.get(spec.amount)) != amount
    ):
        raise IdempotencyConflict(external_id, existing, spec)


def undo_update(
    spec: LedgerSpec, account: Any, amount: Decimal
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Reverse our own balance change (used when a concurrent call with the same external id won)."""
    return balance_update(spec, account, -amount, utc_now())


def adjust_balance(
    database: Database[Any],
    spec: LedgerSpec,
    validate: Callable[[dict[str, Any]], R],
    account: Any,
    amount: Decimal,
    type_: str,
    description: str,
    related_items: Mapping[str, Any] | None = None,
    external_transaction_id: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    session: ClientSession | None = None,
) -> CreditResult[R]:
    """Add ``amount`` (negative: debit) to the balance and record the transaction.

    ``validate`` turns the transaction document into the model (and rejects a bad
    one before any money moves). ``session``: run the reads and both writes in it; on a
    replica set, inside ``session.with_transaction`` the two writes commit together and
    the crash window between them does not exist. Raises ``InsufficientCredit``/``AccountNotFound``
    when the balance was not changed.
    """
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
        existing = ledger.find_one({spec.external_id: external_transaction_id}, session=session)
        if existing is not None:
            check_replay(spec, existing, account, amount, external_transaction_id)
            return CreditResult(validate(existing), True)
    query, update = balance_update(spec, account, amount, now)
    after = balances.find_one_and_update(
        query, update, return_document=ReturnDocument.AFTER, session=session
    )
    if after is None:
        raise refusal(
            spec,
            account,
            balances.find_one({spec.account: account}, session=session),
            amount,
        )
    fill_balances(spec, record, after, amount)
    try:
        ledger.insert_one(record, session=session)
    except OperationFailure as error:
        # the server refused the record (a concurrent call with the same external id
        # recorded first, or the validator): undo this call's balance change
        undo_query, undo = undo_update(spec, account, amount)
        if balances.find_one_and_update(undo_query, undo, session=session) is None:
            raise CreditError(undo_failed(account, error)) from error
        if not (isinstance(error, DuplicateKeyError) and external_transaction_id is not None):
            raise CreditError(
                f"the transaction record was refused, balance change undone: {error}"
            ) from error
        winner = ledger.find_one({spec.external_id: external_transaction_id}, session=session)
        assert winner is not None
        check_replay(spec, winner, account, amount, external_transaction_id)
        return CreditResult(validate(winner), True)
    return CreditResult(validate(record), False)


def undo_failed(account: Any, error: Exception) -> str:
    return (
        f"the transaction record was refused ({error}) and undoing the balance change failed: "
        f"run check_ledger/repair_ledger for {account}"
    )
