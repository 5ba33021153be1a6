"""``validate --uri``: let the server find the invalid documents, batch by batch (pure logic).

The server already knows its validator's verdict: ``{$nor: [validator]}`` matches exactly the
documents it would reject (``apply.checks.violation_filter``, the query apply-validators' preflight
uses). The collection is walked in ranges of ``batch_size`` documents along the ``_id`` index:

1. the ``_id``s of the next ``batch_size + 1`` documents from the current lower bound (an index-only
   scan; only ``_id``s cross the network) give the exact size of the batch and the first ``_id``
   of the next one (the upper bound, exclusive);
2. ``{$nor: [validator]}`` restricted to that range returns only the invalid documents, which the
   engine then explains client-side.

Ranges are index bounds (``min``/``max`` with ``hint({_id: 1})``), not ``$gt``/``$lt``
predicates, so a collection whose ``_id``s mix types (numbers, strings, ObjectIds) is walked
whole: comparison predicates only match values of the bound's own type ("type bracketing"),
index bounds follow the BSON sort order of the index. On a sharded cluster each query goes
through mongos and runs on every shard, merged in ``_id`` order.

The walk is not a snapshot: documents inserted, deleted or changed during the walk may be seen
or missed, as with any cursor.

``sample`` mode instead fetches ``$sample: {size: N}`` random documents and checks them all
client-side. The pymongo calls are in ``live_check``; everything here is tested against a fake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from noema_codegen.document_check import (
    DEFAULT_MAX_DETAILS,
    CheckReport,
    DocumentValidator,
    InvalidDocument,
    Outcome,
    SourcedDocument,
    check_documents,
)


class ScanAdapter(Protocol):
    """What the scan asks of one collection. A bound is a one-element list holding an ``_id``
    (``[]``: no bound), since ``None`` is itself a valid ``_id``."""

    def estimated_count(self) -> int: ...

    def ids_from(self, lower: list[Any], limit: int) -> list[Any]:
        """The ``_id``s of the first ``limit`` documents from ``lower`` (inclusive), in index
        order."""
        ...

    def find_in_range(
        self, filter: Mapping[str, Any], lower: list[Any], upper: list[Any]
    ) -> Iterable[Any]:
        """Documents matching ``filter`` with ``lower <= _id < upper`` in index order."""
        ...

    def sample(self, size: int) -> Iterable[Any]: ...


def scan_invalid(
    adapter: ScanAdapter,
    filter: Mapping[str, Any],
    batch_size: int,
    on_scanned: Callable[[int], None] | None = None,
) -> Iterator[Any]:
    """Every document matching ``filter`` (``{$nor: [validator]}``), batch by batch along the
    ``_id`` index; ``on_scanned(n)`` after each batch with the documents scanned so far."""
    lower: list[Any] = []
    scanned = 0
    while True:
        ids = adapter.ids_from(lower, batch_size + 1)
        upper = ids[batch_size : batch_size + 1]
        if ids:
            yield from adapter.find_in_range(filter, lower, upper)
        scanned += min(len(ids), batch_size)
        if on_scanned is not None:
            on_scanned(scanned)
        if not upper:
            return
        lower = upper


def check_by_server(
    adapter: ScanAdapter,
    validator: DocumentValidator,
    violation_filter: Mapping[str, Any],
    collection: str,
    location: str,
    *,
    batch_size: int,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_scanned: Callable[[int], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> CheckReport:
    """Count every document of the collection; explain the ones the server finds invalid.

    A document the server rejects but the engine accepts is still reported invalid (the server
    decides), with no errors: that disagreement is a bug worth reporting."""
    scanned = [0]

    def progress(n: int) -> None:
        scanned[0] = n
        if on_scanned is not None:
            on_scanned(n)

    invalid = (
        SourcedDocument(location, doc)
        for doc in scan_invalid(adapter, violation_filter, batch_size, progress)
    )
    report = check_documents(
        _ServerSaysInvalid(validator),
        invalid,
        collection,
        max_details=max_details,
        on_outcome=on_outcome,
    )
    report.checked = scanned[0]
    return report


class _ServerSaysInvalid:
    """The engine's errors for a document the server already rejected."""

    def __init__(self, engine: DocumentValidator) -> None:
        self.engine = engine
        explain = getattr(engine, "explain", None)
        if callable(explain):
            self.explain = explain

    def is_valid(self, doc: Any) -> bool:
        return False

    def errors(self, doc: Any) -> list[Any]:
        return self.engine.errors(doc)


def check_sample(
    adapter: ScanAdapter,
    validator: DocumentValidator,
    collection: str,
    location: str,
    size: int,
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_checked: Callable[[int], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> CheckReport:
    """Check ``size`` random documents (``$sample``) client-side."""
    documents = (SourcedDocument(location, doc) for doc in adapter.sample(size))
    return check_documents(
        validator,
        documents,
        collection,
        max_details=max_details,
        on_checked=on_checked,
        on_outcome=on_outcome,
    )


__all__ = ["InvalidDocument", "ScanAdapter", "check_by_server", "check_sample", "scan_invalid"]
