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
    """The index to walk (``use_hint``), and the name the cursor carries."""
    limit: int
    use_hint: bool = True

    @property
    def fetch(self) -> int:
        """How many documents to read: one more than the page, to know whether one follows."""
        return self.limit + 1


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
    try:
        index = spec.page_indexes[index_name]
    except KeyError:
        known = ", ".join(sorted(spec.page_indexes))
        raise KeyError(f"{spec.name}: cannot paginate on {index_name!r} (known: {known})") from None
    base = dict(base_filter)
    if index.partial_filter:
        base = _and(base, dict(index.partial_filter))
    return keyset_query(index.name, base, index.sort, limit, after, hint=index.name)


def with_tie_breaker(sort: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """``sort`` made total: ``_id`` (in the direction of the last key) appended when absent,
    so documents with equal keys (events in the same millisecond) keep one order."""
    keys = list(sort)
    if all(name != "_id" for name, _ in keys):
        keys.append(("_id", keys[-1][1] if keys else 1))
    return keys


def keyset_query(
    name: str,
    base_filter: dict[str, Any],
    sort: Sequence[tuple[str, int]],
    limit: int,
    after: str | None,
    *,
    hint: str | None = None,
) -> PageQuery:
    """The page after ``after`` in ``sort`` order (which must be total: end it with ``_id``).

    ``name`` is written into the cursor, so a cursor of another query is refused. The
    sort keys should be fields every matching document has: keyset comparisons
    (``$gt``/``$lt``) do not cross BSON type brackets, so a document missing a key
    would be skipped after the first page."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    order = list(sort)
    query = dict(base_filter)
    if after is not None:
        values = decode_cursor(after, name, len(order))
        alternatives: list[dict[str, Any]] = []
        for position, (key, direction) in enumerate(order):
            clause = {prior: values[i] for i, (prior, _) in enumerate(order[:position])}
            clause[key] = {"$gt" if direction == 1 else "$lt": values[position]}
            alternatives.append(clause)
        query = _and(query, {"$or": alternatives})
    return PageQuery(query, order, name, limit, use_hint=hint is not None)


def _and(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Both filters; one flat ``$and`` when ``left`` already is one."""
    if not left:
        return right
    if not right:
        return left
    clauses = list(left["$and"]) if set(left) == {"$and"} else [left]
    return {"$and": [*clauses, right]}


def split_page(
    query: PageQuery, documents: Sequence[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], str | None]:
    """The page's documents and the cursor after them, from up to ``query.fetch`` documents
    (``limit + 1``): the extra one only says that a next page exists, so a count that is a
    multiple of the page size costs no empty page."""
    page = list(documents[: query.limit])
    if len(documents) <= query.limit or not page:
        return page, None
    last = page[-1]
    return page, encode_cursor(query.hint, [lookup_path(last, name) for name, _ in query.sort])
