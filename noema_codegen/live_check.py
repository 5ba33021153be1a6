"""``validate --uri``: the pymongo side of ``live_scan`` (thin: queries only) and the entry point
that connects, draws the progress bar and reports.

Connects through ``noema_codegen.connection.open_client`` (URI checks, redaction, timeouts); a
bad URI or an unusable connection raises its ``CannotConnect``, any other driver error becomes an
``InputError`` whose text went through the URI's redactor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from noema_codegen.apply.checks import violation_filter
from noema_codegen.document_check import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_DETAILS,
    CheckReport,
    DocumentValidator,
    InputError,
    Outcome,
)
from noema_codegen.live_scan import check_by_server, check_sample

_BY_ID = [("_id", 1)]


class PymongoScan:
    """``live_scan.ScanAdapter`` over one pymongo collection."""

    def __init__(self, collection: Any, batch_size: int) -> None:
        self.collection = collection
        self.batch_size = batch_size

    def estimated_count(self) -> int:
        return int(self.collection.estimated_document_count())

    def ids_from(self, lower: list[Any], limit: int) -> list[Any]:
        # sort: through mongos the shards' answers are merged in _id order.
        cursor = self.collection.find({}, {"_id": 1}).hint(_BY_ID).sort(_BY_ID).limit(limit)
        if lower:
            cursor = cursor.min([("_id", lower[0])])
        return [doc["_id"] for doc in cursor]

    def find_in_range(
        self, filter: Mapping[str, Any], lower: list[Any], upper: list[Any]
    ) -> Iterable[Any]:
        cursor = self.collection.find(dict(filter), batch_size=self.batch_size)
        cursor = cursor.hint(_BY_ID).sort(_BY_ID)
        if lower:
            cursor = cursor.min([("_id", lower[0])])
        if upper:
            cursor = cursor.max([("_id", upper[0])])
        return cast(Iterable[Any], cursor)

    def sample(self, size: int) -> Iterable[Any]:
        pipeline = [{"$sample": {"size": size}}]
        return cast(Iterable[Any], self.collection.aggregate(pipeline, batchSize=self.batch_size))


def check_live_collection(
    validator: DocumentValidator,
    collection: str,
    uri: str,
    database: str,
    *,
    validator_document: Mapping[str, Any] | None = None,
    sample: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_details: int = DEFAULT_MAX_DETAILS,
    progress: bool = True,
    timeout: float | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> CheckReport:
    """Check ``database.collection``: the server finds the invalid documents with
    ``{$nor: [validator_document]}`` in ``_id`` batches (``live_scan``), or ``sample`` random
    documents are checked client-side. A progress bar on stderr when ``progress``."""
    from pymongo.errors import PyMongoError
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from noema_codegen.connection.client import open_client

    if sample is None and validator_document is None:
        raise ValueError("validator_document is needed unless sample is given")
    connection = open_client(uri, timeout=timeout)
    client, redact = connection.client, connection.redact
    location = f"{database}.{collection}"
    try:
        with connection.errors():
            adapter = PymongoScan(client[database][collection], batch_size)
            total = sample if sample is not None else adapter.estimated_count()
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                disable=not progress,
            ) as bar:
                task = bar.add_task(f"validating {location}", total=total)

                def advance(n: int) -> None:
                    bar.update(task, completed=n)

                if sample is not None:
                    return check_sample(
                        adapter,
                        validator,
                        collection,
                        location,
                        sample,
                        max_details=max_details,
                        on_checked=lambda n: advance(n) if n % 256 == 0 else None,
                        on_outcome=on_outcome,
                    )
                assert validator_document is not None
                return check_by_server(
                    adapter,
                    validator,
                    violation_filter(validator_document),
                    collection,
                    location,
                    batch_size=batch_size,
                    max_details=max_details,
                    on_scanned=advance,
                    on_outcome=on_outcome,
                )
    except PyMongoError as exc:
        raise InputError(f"cannot read {location}: {redact(exc)}") from None
    finally:
        connection.close()
