"""Keyset (cursor) pagination on an index: the query of a page and the cursor after it.

Copied into ``<package>/_runtime/`` with the other runtime modules.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import bson

from .repository_core import CollectionSpec

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a cursor-paginated read; pass ``next_cursor`` as ``after`` to get the next."""

    items: list[T]
    next_cursor: str | None = field(default=None)


def encode_cursor(index: str, values: Sequence[Any]) -> str:
    raw = bson.encode({"i": index, "v": list(values)})
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, index: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = bson.decode(base64.urlsafe_b64decode(padded.encode("ascii")))
        name, values = decoded["i"], decoded["v"]
    except (binascii.Error, bson.errors.BSONError, KeyError, ValueError) as exc:
        raise ValueError(f"invalid page cursor {cursor[:20]!r}...: {exc}") from None
    if name != index or not isinstance(values, list) or len(values) != size:
        raise ValueError(
            f"page cursor belongs to index {name!r}, not {index!r}; start again without `after`"
        )
    return values


def lookup_path(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


@dataclass(frozen=True)
class PageQuery:
    """The filter, sort and hint of one page request."""

    filter: dict[str, Any]
    sort: list[tuple[str, int]]
    hint: str
    limit: int


def page_query(
    spec: CollectionSpec,
    index_name: str,
    base_filter: dict[str, Any],
    limit: int,
    after: str | None,
) -> PageQuery:
    """Keyset pagination on ``index_name``: documents strictly after the cursor in index order.

    A partial index only holds documents matching its ``partialFilterExpression``,
    so that expression is added to the filter (pages walk the index's documents).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    try:
        index = spec.page_indexes[index_name]
    except KeyError:
        known = ", ".join(sorted(spec.page_indexes))
        raise KeyError(f"{spec.name}: cannot paginate on {index_name!r} (known: {known})") from None
    sort = index.sort
    clauses: list[dict[str, Any]] = [base_filter] if base_filter else []
    if index.partial_filter:
        clauses.append(dict(index.partial_filter))
    if after is not None:
        values = decode_cursor(after, index.name, len(sort))
        alternatives: list[dict[str, Any]] = []
        for position, (name, direction) in enumerate(sort):
            clause = {prior: values[i] for i, (prior, _) in enumerate(sort[:position])}
            clause[name] = {"$gt" if direction == 1 else "$lt": values[position]}
            alternatives.append(clause)
        clauses.append({"$or": alternatives})
    combined: dict[str, Any] = (
        {} if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
    )
    return PageQuery(combined, sort, index.name, limit)


def next_cursor(query: PageQuery, documents: Sequence[Mapping[str, Any]]) -> str | None:
    """The cursor after the last document, or None when this was the last page."""
    if len(documents) < query.limit:
        return None
    last = documents[-1]
    return encode_cursor(query.hint, [lookup_path(last, name) for name, _ in query.sort])
