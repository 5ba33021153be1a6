"""The ledger check and repair: every balance must equal the sum of its account's entry amounts.

Field and collection names come from the ``LedgerSpec`` (the ``x-noema.ledger`` declaration).
``check_ledger`` compares them (one projected pass over each collection);
``repair_ledger`` writes each missing record as a ``ledger_reconciliation`` transaction
for the difference (an adjustment interrupted between its balance update and its ledger
write, see ``credit``). It never changes a balance. The async twins are in ``async_credit``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from bson import Decimal128
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .credit import DECIMAL128, LedgerSpec, as_decimal, draft_record
from .repository_core import utc_now

R = TypeVar("R")
RECONCILIATION_TYPE = "ledger_reconciliation"
REPAIR_KEY_PREFIX = "noema-ledger-repair"


@dataclass(frozen=True)
class LedgerDiscrepancy:
    """An account whose balance is not the sum of its ledger."""

    account: Any
    balance: Decimal | None
    """None: ledger entries exist but there is no balance document."""
    ledger_sum: Decimal
    transaction_count: int
    last_balance_change: datetime | None

    @property
    def difference(self) -> Decimal:
        """Balance minus ledger: the amount of balance changes with no transaction record."""
        return DECIMAL128.subtract(self.balance or Decimal(0), self.ledger_sum)


@dataclass(frozen=True)
class InconsistentRecord:
    """An entry whose ``before + amount != after`` (the declared fields)."""

    transaction_id: Any
    account: Any
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
    """Ledger entries for an account with no balance document: needs a person."""


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
        self.balances[document[self.spec.account]] = (balance, document.get(self.spec.changed_at))

    def add_record(self, document: Mapping[str, Any]) -> None:
        spec = self.spec
        self.report.transactions_checked += 1
        account = document.get(spec.entry_account)
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


def scope(spec: LedgerSpec, account: Any | None) -> dict[str, Any]:
    """The filter on the balance collection: every account, or one."""
    return {} if account is None else {spec.account: account}


def entry_scope(spec: LedgerSpec, account: Any | None) -> dict[str, Any]:
    """The filter on the entries collection: every account, or one."""
    return {} if account is None else {spec.entry_account: account}


def account_projection(spec: LedgerSpec) -> dict[str, int]:
    return {spec.account: 1, spec.balance: 1, spec.changed_at: 1}


def record_projection(spec: LedgerSpec) -> dict[str, int]:
    return {spec.entry_account: 1, spec.amount: 1, spec.before: 1, spec.after: 1}


def check_ledger(
    database: Database[Any], spec: LedgerSpec, account: Any | None = None
) -> LedgerReport:
    """Compare every balance (or one account's) with the sum of its ledger; one pass over each collection."""
    tally = LedgerTally(spec)
    for document in database[spec.balance_collection].find(
        scope(spec, account), projection=account_projection(spec)
    ):
        tally.add_account(document)
    for document in database[spec.entries_collection].find(
        entry_scope(spec, account), projection=record_projection(spec)
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
    key = f"{REPAIR_KEY_PREFIX}:{found.account}:{found.transaction_count}:{found.ledger_sum}"
    record = draft_record(
        spec,
        found.account,
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
    account: Any | None = None,
    grace: timedelta = timedelta(minutes=5),
    dry_run: bool = False,
) -> RepairReport[R]:
    """Write a reconciliation transaction for each discrepancy older than ``grace``.

    Each candidate is re-checked alone just before writing, so an adjustment that
    finished meanwhile is not repaired twice.
    """
    report: RepairReport[R] = RepairReport(check_ledger(database, spec, account))
    for found in report.check.discrepancies:
        now = utc_now()
        if not classify(found, now, grace, report):
            continue
        current = _one_discrepancy(check_ledger(database, spec, found.account).discrepancies)
        if current != found:
            continue
        record = reconciliation_record(spec, found, now)
        model = validate(record)
        if not dry_run:
            try:
                database[spec.entries_collection].insert_one(record)
            except DuplicateKeyError:
                continue
        report.written.append(model)
    return report


def _one_discrepancy(found: Iterable[LedgerDiscrepancy]) -> LedgerDiscrepancy | None:
    return next(iter(found), None)
