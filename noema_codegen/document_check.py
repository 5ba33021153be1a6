"""Check documents against a collection's ``$jsonSchema`` the way MongoDB would.

Used by ``noema-codegen validate``. Documents come from Extended JSON files (a JSON array, or one
document per line; relaxed or canonical) or from a live collection read in batches. Memory stays
bounded: documents are checked one at a time and at most ``max_details`` invalid documents keep
their errors (the rest are only counted).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bson import json_util

from noema_codegen.document_files import InputError, SourcedDocument, read_files
from noema_codegen.validation import ValidationError

__all__ = [
    "CheckReport",
    "InputError",
    "SourcedDocument",
    "check_documents",
    "check_files",
    "load_validator",
    "read_files",
    "report_json",
    "report_lines",
]

DEFAULT_MAX_DETAILS = 1000
DEFAULT_BATCH_SIZE = 1000


class DocumentValidator(Protocol):
    def is_valid(self, doc: Any) -> bool: ...

    def errors(self, doc: Any) -> list[ValidationError]: ...


@dataclass(frozen=True)
class InvalidDocument:
    location: str
    id: Any
    errors: tuple[ValidationError, ...]


@dataclass
class CheckReport:
    collection: str
    checked: int = 0
    invalid: int = 0
    details: list[InvalidDocument] = field(default_factory=list)
    max_details: int = DEFAULT_MAX_DETAILS

    @property
    def truncated(self) -> bool:
        return self.invalid > len(self.details)

    @property
    def ok(self) -> bool:
        return self.invalid == 0


def check_documents(
    validator: DocumentValidator,
    documents: Iterable[SourcedDocument],
    collection: str,
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_checked: Callable[[int], None] | None = None,
) -> CheckReport:
    """Validate every document; ``on_checked(n)`` is called after each document (progress)."""
    report = CheckReport(collection=collection, max_details=max_details)
    for item in documents:
        report.checked += 1
        if not validator.is_valid(item.document):
            report.invalid += 1
            if len(report.details) < max_details:
                doc_id = item.document.get("_id") if hasattr(item.document, "get") else None
                report.details.append(
                    InvalidDocument(item.location, doc_id, tuple(validator.errors(item.document)))
                )
        if on_checked is not None:
            on_checked(report.checked)
    return report


# -- live collections -------------------------------------------------------------------------
class CollectionLike(Protocol):
    def find(self, *args: Any, **kwargs: Any) -> Iterable[Any]: ...


def iter_collection(
    collection: CollectionLike, location: str, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[SourcedDocument]:
    """Stream a collection with a server-side cursor (``batch_size`` documents per round trip)."""
    for doc in collection.find({}, batch_size=batch_size):
        yield SourcedDocument(location, doc)


# -- reporting --------------------------------------------------------------------------------
def format_id(doc_id: Any) -> str:
    if doc_id is None:
        return "(no _id)"
    return str(json_util.dumps(doc_id, json_options=json_util.RELAXED_JSON_OPTIONS))


def report_lines(report: CheckReport) -> list[str]:
    """Human-readable report: each invalid document's ``_id`` with its errors, then a summary."""
    lines: list[str] = []
    for item in report.details:
        lines.append(f"{item.location}: _id {format_id(item.id)}")
        for error in item.errors:
            lines.append(f"  {error.pointer or '/'}: {error.message} [{error.keyword}]")
    if report.truncated:
        lines.append(f"... {report.invalid - len(report.details)} more invalid documents not shown")
    lines.append(
        f"{report.collection}: {report.checked} documents checked, {report.invalid} invalid"
    )
    return lines


def report_json(report: CheckReport) -> str:
    payload = {
        "collection": report.collection,
        "checked": report.checked,
        "invalid": report.invalid,
        "truncated": report.truncated,
        "documents": [
            {
                "location": item.location,
                "_id": json.loads(
                    json_util.dumps(item.id, json_options=json_util.RELAXED_JSON_OPTIONS)
                ),
                "errors": [
                    {"pointer": e.pointer, "keyword": e.keyword, "message": e.message}
                    for e in item.errors
                ],
            }
            for item in report.details
        ],
    }
    return json.dumps(payload, indent=2)


# -- the validate command's entry points ------------------------------------------------------
def load_validator(schema_dir: Path, collection: str) -> DocumentValidator:
    """The compiled ``$jsonSchema`` of ``collection`` from the project's schemas."""
    from noema_codegen.checked_project import load_project
    from noema_codegen.diagnostics import BuildFailed, errors_in
    from noema_codegen.validation import SchemaError, compile_schema

    try:
        project = load_project(schema_dir)
    except BuildFailed as exc:
        details = "\n".join(f"  {d.format()}" for d in errors_in(exc.diagnostics))
        raise InputError(
            f"{schema_dir}: the schemas have errors (see `noema-codegen lint`):\n{details}"
        ) from None
    try:
        options = project.get(collection).validator_options
    except KeyError as exc:
        raise InputError(str(exc.args[0]) if exc.args else str(exc)) from exc
    # The server refuses encrypt keywords when a validator could log plaintext (warn/moderate).
    allow_encrypt = options.get("validationLevel") != "moderate" and options.get(
        "validationAction"
    ) not in ("warn", "errorAndLog")
    try:
        return compile_schema(options["validator"]["$jsonSchema"], allow_encrypt=allow_encrypt)
    except SchemaError as exc:
        raise InputError(f"schema of {collection}: {exc}") from exc


def check_files(
    validator: DocumentValidator,
    collection: str,
    paths: Iterable[Path],
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
) -> CheckReport:
    return check_documents(validator, read_files(paths), collection, max_details=max_details)


def check_live_collection(
    validator: DocumentValidator,
    collection: str,
    uri: str,
    database: str,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_details: int = DEFAULT_MAX_DETAILS,
    progress: bool = True,
    timeout: float | None = None,
) -> CheckReport:
    """Read ``database.collection`` in batches, with a progress bar on stderr.

    Connects through ``noema_codegen.connection.open_client`` (``timeout`` in seconds, see
    there); a bad URI or an unusable connection raises its ``CannotConnect``.
    """
    from pymongo.errors import PyMongoError
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from noema_codegen.connection.client import open_client

    connection = open_client(uri, timeout=timeout)
    client, redact = connection.client, connection.redact
    try:
        with connection.errors():
            coll = client[database][collection]
            location = f"{database}.{collection}"
            total = coll.estimated_document_count()
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                disable=not progress,
            ) as bar:
                task = bar.add_task(f"validating {location}", total=total)
                return check_documents(
                    validator,
                    iter_collection(coll, location, batch_size),
                    collection,
                    max_details=max_details,
                    on_checked=lambda n: bar.update(task, completed=n) if n % 256 == 0 else None,
                )
    except PyMongoError as exc:
        raise InputError(f"cannot read {database}.{collection}: {redact(exc)}") from None
    finally:
        connection.close()
