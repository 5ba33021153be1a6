"""The ``x-noema.ledger`` declaration: read it into a ``Ledger`` record and check what it names.

The declaration sits on the balance collection. Its own fields are checked there
(``parse_ledger``, with the collection's context); the entries collection's fields,
once every collection is built (``check_ledgers``). Every check says which key of
the declaration is wrong (a JSON pointer under ``/x-noema/ledger``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from noema_codegen.diagnostics import Diagnostic, Severity, pointer_join
from noema_codegen.identifiers import attribute_name
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.extension_schema import LEDGER_ENTRY_KEYS
from noema_codegen.ir.model import (
    Collection,
    Field,
    IndexSpec,
    Ledger,
    LedgerEntryFields,
    NamedQuery,
)
from noema_codegen.schema_views import VENDOR_KEY

BASE = pointer_join("", VENDOR_KEY, "ledger")
Report = Callable[[str, str, str], None]
"""``(pointer, rule, message)`` -> records an error."""

BALANCE_TYPES: dict[str, tuple[str, ...]] = {"balance": ("decimal",), "changedAt": ("date",)}
ENTRY_TYPES: dict[str, tuple[str, ...]] = {
    "timestamp": ("date",),
    "type": ("string",),
    "description": ("string",),
    "amount": ("decimal",),
    "before": ("decimal",),
    "after": ("decimal",),
    "externalId": ("string",),
    "relatedItems": ("object",),
    "metadata": ("object",),
}
"""The one BSON type each named field must have (the runtime writes exactly that type);
the account fields instead must have the same types as each other."""

FIXED_PARAMETERS = frozenset(
    {"self", "amount", "type", "description", "related_items", "metadata", "session"}
)
"""Parameters of the generated ``adjust_<balance>`` method whose names do not come from fields."""


def adjust_method_name(ledger: Ledger) -> str:
    """The generated credit method: ``adjust_`` + the balance attribute (``adjust_usd_credit``)."""
    return f"adjust_{attribute_name(ledger.balance)}"


def ledger_method_names(ledger: Ledger) -> tuple[str, ...]:
    return (adjust_method_name(ledger), "check_ledger", "repair_ledger")


def parse_ledger(
    raw: Mapping[str, Any],
    ctx: CollectionContext,
    indexes: Sequence[IndexSpec],
    queries: Sequence[NamedQuery],
) -> Ledger:
    """The declaration (already structurally valid) as a record; errors go to ``ctx``."""
    entry = raw["entry"]
    ledger = Ledger(
        balance_collection=ctx.collection,
        account=str(raw["account"]),
        balance=str(raw["balance"]),
        changed_at=str(raw["changedAt"]),
        entries=str(raw["entries"]),
        entry=LedgerEntryFields(
            account=str(entry["account"]),
            timestamp=str(entry["timestamp"]),
            type=str(entry["type"]),
            description=str(entry["description"]),
            amount=str(entry["amount"]),
            before=str(entry["before"]),
            after=str(entry["after"]),
            external_id=str(entry["externalId"]),
            related_items=str(entry["relatedItems"]),
            metadata=str(entry["metadata"]),
        ),
        pointer=BASE,
    )
    account = _top_level(ctx.fields, ledger.account, (BASE, "account"), ctx.collection, ctx.error)
    if account is not None:
        if not account.required:
            ctx.error(
                pointer_join(BASE, "account"),
                "ledger",
                f"account field {ledger.account!r} must be listed in required",
            )
        if not _unique_on(indexes, ledger.account):
            ctx.error(
                pointer_join(BASE, "account"),
                "ledger",
                f"account field {ledger.account!r} needs a unique index on exactly that field "
                f'(one balance per account): add {{"keys": {{"{ledger.account}": 1}}, '
                '"unique": true} to indexes',
            )
    for key, name in (("balance", ledger.balance), ("changedAt", ledger.changed_at)):
        found = _top_level(ctx.fields, name, (BASE, key), ctx.collection, ctx.error)
        if found is not None:
            _check_type(found, BALANCE_TYPES[key], (BASE, key), ctx.collection, ctx.error)
    _check_distinct(
        (
            ("account", ledger.account),
            ("balance", ledger.balance),
            ("changedAt", ledger.changed_at),
        ),
        (BASE,),
        ctx.error,
    )
    if ledger.entries == ctx.collection:
        ctx.error(
            pointer_join(BASE, "entries"),
            "ledger",
            "entries must name another collection: the balances and their entries are kept apart",
        )
    _check_method_names(ledger, queries, ctx)
    return ledger


def _check_method_names(
    ledger: Ledger, queries: Sequence[NamedQuery], ctx: CollectionContext
) -> None:
    methods = set(ledger_method_names(ledger))
    for query in queries:
        if query.name in methods:
            ctx.error(
                query.pointer,
                "ledger",
                f"query {query.name!r} has the name of a method the ledger declaration generates "
                "on this repository: rename the query",
            )
    account_param = attribute_name(ledger.account)
    external_param = attribute_name(ledger.entry.external_id)
    for key, name in (("account", account_param), ("entry/externalId", external_param)):
        if name in FIXED_PARAMETERS or (key != "account" and name == account_param):
            ctx.error(
                pointer_join(BASE, *key.split("/")),
                "ledger",
                f"the field becomes the parameter {name!r} of {adjust_method_name(ledger)}, "
                "which another parameter already has: name a field with another attribute name",
            )


def check_ledgers(collections: Sequence[Collection]) -> list[Diagnostic]:
    """The entries side of every declaration, and that no two ledgers share entries."""
    by_name = {c.name: c for c in collections}
    found: list[Diagnostic] = []
    claimed: dict[str, str] = {}
    for collection in collections:
        ledger = collection.ledger
        if ledger is None:
            continue

        def error(
            pointer: str, rule: str, message: str, file: str = collection.source_file
        ) -> None:
            found.append(Diagnostic(file, pointer, Severity.ERROR, rule, message))

        entries = by_name.get(ledger.entries)
        if entries is None or entries is collection:
            if entries is None:
                known = ", ".join(sorted(by_name))
                error(
                    pointer_join(BASE, "entries"),
                    "ledger",
                    f"entries names the unknown collection {ledger.entries!r} (known: {known})",
                )
            continue
        if ledger.entries in claimed:
            error(
                pointer_join(BASE, "entries"),
                "ledger",
                f"{ledger.entries!r} already holds the entries of the ledger declared in "
                f"{claimed[ledger.entries]}: each ledger needs its own entries collection",
            )
        claimed.setdefault(ledger.entries, collection.source_file)
        _check_entry_fields(ledger, collection, entries, error)
    return found


def _check_entry_fields(
    ledger: Ledger, balances: Collection, entries: Collection, error: Report
) -> None:
    names = dict(zip(LEDGER_ENTRY_KEYS, _entry_names(ledger), strict=True))
    where = f"{entries.name}"
    _check_distinct(tuple(names.items()), (BASE, "entry"), error)
    for key, name in names.items():
        pointer = (BASE, "entry", key)
        found = _top_level(entries.fields, name, pointer, where, error)
        if found is None:
            continue
        if key == "account":
            _check_account_types(ledger, balances, found, error)
        else:
            _check_type(found, ENTRY_TYPES[key], pointer, where, error)
        if key == "metadata" and found.schema.get("additionalProperties") is False:
            error(
                pointer_join(*pointer),
                "ledger",
                f"{where}.{name} must allow additional properties: repair_ledger records "
                "what it repaired under its ledgerRepair key",
            )
    external = ledger.entry.external_id
    if entries.field_at(external) is not None and not _unique_on(entries.indexes, external):
        error(
            pointer_join(BASE, "entry", "externalId"),
            "ledger",
            f"{where}.{external} needs a unique index on exactly that field (it makes a repeated "
            f'call with the same id apply once): add {{"keys": {{"{external}": 1}}, "unique": true, '
            f'"partialFilterExpression": {{"{external}": {{"$type": "string"}}}}}} to the indexes '
            f"of {entries.source_file}",
        )


def _check_distinct(
    named: tuple[tuple[str, str], ...], pointer: tuple[str, ...], error: Report
) -> None:
    """Each key names its own field: one field cannot hold two of the values."""
    seen: dict[str, str] = {}
    for key, name in named:
        if name in seen:
            error(
                pointer_join(*pointer, key),
                "ledger",
                f"{key} names {name!r}, which {seen[name]} already names: each key needs its own field",
            )
        seen.setdefault(name, key)


def _entry_names(ledger: Ledger) -> tuple[str, ...]:
    e = ledger.entry
    return (
        e.account,
        e.timestamp,
        e.type,
        e.description,
        e.amount,
        e.before,
        e.after,
        e.external_id,
        e.related_items,
        e.metadata,
    )


def _check_account_types(ledger: Ledger, balances: Collection, entry: Field, error: Report) -> None:
    account = balances.field_at(ledger.account)
    if account is None:
        return  # reported on the balance side
    ours, theirs = set(account.bson_types) - {"null"}, set(entry.bson_types) - {"null"}
    if ours != theirs:
        error(
            pointer_join(BASE, "entry", "account"),
            "ledger",
            f"type mismatch: {ledger.entries}.{entry.path} is {_types(theirs)} but "
            f"{balances.name}.{ledger.account} is {_types(ours)}; both name the same account",
        )


def _top_level(
    fields: Sequence[Field], name: str, pointer: tuple[str, ...], where: str, error: Report
) -> Field | None:
    found = next((f for f in fields if f.path == name), None)
    if found is None or "." in name:
        top = ", ".join(f.path for f in fields if "." not in f.path)
        error(
            pointer_join(*pointer),
            "ledger",
            f"{where} has no top-level field {name!r} (top-level fields: {top})",
        )
        return None
    return found


def _check_type(
    found: Field, expected: tuple[str, ...], pointer: tuple[str, ...], where: str, error: Report
) -> None:
    if found.bson_types != expected:
        actual = _types(found.bson_types) if found.bson_types else "any type"
        error(
            pointer_join(*pointer),
            "ledger",
            f'{where}.{found.path} is {actual}; the ledger needs bsonType "{expected[0]}" '
            "(exactly that type, not nullable)",
        )


def _unique_on(indexes: Sequence[IndexSpec], name: str) -> bool:
    """``_id``, or a field with a unique index on exactly it."""
    return name == "_id" or any(i.unique and i.fields == (name,) for i in indexes)


def _types(types: Any) -> str:
    return "/".join(sorted(types)) or "any type"
