"""Check documents against a collection's ``$jsonSchema`` the way MongoDB would.

Used by ``noema-codegen validate``. Records come from Extended JSON files or standard input
(``document_sources``: one document per line, one top-level array, or pretty-printed documents)
or from a live collection read in batches. Memory stays flat: records are checked one at a
time, each invalid or undecodable record is handed to ``on_outcome`` as it is found (the first
``max_details`` of them; the rest are only counted) and the report keeps counts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from noema_codegen.document_files import InputError, SourcedDocument, UndecodableRecord
from noema_codegen.document_sources import iter_records
from noema_codegen.validation import ValidationError

__all__ = [
    "CheckReport",
    "InputError",
    "InvalidDocument",
    "SourcedDocument",
    "UndecodableRecord",
    "check_documents",
    "check_files",
    "load_validator",
]

DEFAULT_MAX_DETAILS = 1000
DEFAULT_BATCH_SIZE = 1000


class DocumentValidator(Protocol):
    def is_valid(self, doc: Any) -> bool: ...

    def errors(self, doc: Any) -> list[ValidationError]: ...


@dataclass(frozen=True)
class InvalidDocument:
    """A document the validator rejects: where it is, its ``_id``, the flat ``errors`` and,
    when the engine has ``explain``, the server's ``errInfo.details`` (``details``)."""

    location: str
    id: Any
    errors: tuple[ValidationError, ...]
    line: int | None = None
    details: Any = None
    source: str | None = None
    index: int | None = None


Outcome = InvalidDocument | UndecodableRecord


@dataclass
class CheckReport:
    """Counts of one run: ``checked`` documents (``valid`` + ``invalid``), ``undecodable``
    records, ``keywords`` (how many invalid documents fail each keyword) and ``details`` (the
    first ``max_details`` outcomes, kept only when no ``on_outcome`` consumer takes them)."""

    collection: str
    checked: int = 0
    invalid: int = 0
    undecodable: int = 0
    keywords: Counter[str] = field(default_factory=Counter)
    details: list[Outcome] = field(default_factory=list)
    shown: int = 0
    max_details: int = DEFAULT_MAX_DETAILS

    @property
    def valid(self) -> int:
        return self.checked - self.invalid

    @property
    def not_shown(self) -> int:
        return self.invalid + self.undecodable - self.shown

    @property
    def truncated(self) -> bool:
        return self.not_shown > 0

    @property
    def ok(self) -> bool:
        return self.invalid == 0 and self.undecodable == 0


def _document_id(document: Any) -> Any:
    return document.get("_id") if hasattr(document, "get") else None


def check_documents(
    validator: DocumentValidator,
    records: Iterable[SourcedDocument | UndecodableRecord],
    collection: str,
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_checked: Callable[[int], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> CheckReport:
    """Validate every record; ``on_checked(n)`` after each record (progress), ``on_outcome``
    for each of the first ``max_details`` invalid or undecodable records (else they are kept
    in ``report.details``)."""
    report = CheckReport(collection=collection, max_details=max_details)
    explain = getattr(validator, "explain", None)
    for record in records:
        outcome: Outcome | None = None
        if isinstance(record, UndecodableRecord):
            report.undecodable += 1
            outcome = record
        else:
            report.checked += 1
            if not validator.is_valid(record.document):
                report.invalid += 1
                errors = tuple(validator.errors(record.document))
                report.keywords.update({error.keyword for error in errors})
                if report.shown < max_details:
                    details = explain(record.document) if callable(explain) else None
                    outcome = InvalidDocument(
                        record.location,
                        _document_id(record.document),
                        errors,
                        record.line,
                        details,
                        record.source,
                        record.index,
                    )
        if outcome is not None and report.shown < max_details:
            report.shown += 1
            if on_outcome is not None:
                on_outcome(outcome)
            else:
                report.details.append(outcome)
        if on_checked is not None:
            on_checked(report.checked + report.undecodable)
    return report


# -- the validate command's entry points ------------------------------------------------------
def load_validator(schema_dir: Path, collection: str) -> DocumentValidator:
    """The compiled ``$jsonSchema`` of ``collection`` from the project's schemas."""
    return load_collection_validator(schema_dir, collection)[0]


def load_collection_validator(
    schema_dir: Path, collection: str
) -> tuple[DocumentValidator, dict[str, Any]]:
    """The compiled ``$jsonSchema`` of ``collection`` and the validator document the server is
    given (``{"$jsonSchema": ...}``)."""
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
        compiled = compile_schema(options["validator"]["$jsonSchema"], allow_encrypt=allow_encrypt)
    except SchemaError as exc:
        raise InputError(f"schema of {collection}: {exc}") from exc
    return compiled, dict(options["validator"])


def check_files(
    validator: DocumentValidator,
    collection: str,
    paths: Iterable[Path | str],
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> CheckReport:
    """Check every record of ``paths`` (``-`` is standard input); ``on_bytes(n)`` after each
    chunk read (progress)."""
    return check_documents(
        validator,
        iter_records(paths, on_bytes=on_bytes),
        collection,
        max_details=max_details,
        on_outcome=on_outcome,
    )
