"""mongomock behind the two API shapes the repositories use (tests only).

* ``DecimalDatabase`` wraps a mongomock database for the sync repositories. mongomock
  cannot compare or ``$inc`` ``Decimal128`` (it raises NotImplementedError), which the
  credit operation needs; the wrapper swaps every ``Decimal128`` a test sends for
  ``OrderedDecimal128``, a subclass with ordering and addition. Nothing else changes.
  Only a real server (tests/repositories/test_real_server.py) shows what MongoDB does.
* ``AsyncDatabaseAdapter`` presents the same database with pymongo's async API shape
  (awaitable methods, ``find()`` returning a cursor with ``sort``/``hint``/``to_list``
  and ``async for``), since mongomock has no async API.
"""

from __future__ import annotations

import numbers
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import mongomock
from bson import Decimal128


def _decimal(other: object) -> Decimal:
    if isinstance(other, Decimal128):
        return other.to_decimal()
    return Decimal(str(other))


class OrderedDecimal128(Decimal128):
    """A ``Decimal128`` mongomock can sort and add (bson encodes it as decimal128)."""

    def __lt__(self, other: object) -> bool:
        return self.to_decimal() < _decimal(other)

    def __le__(self, other: object) -> bool:
        return self.to_decimal() <= _decimal(other)

    def __gt__(self, other: object) -> bool:
        return self.to_decimal() > _decimal(other)

    def __ge__(self, other: object) -> bool:
        return self.to_decimal() >= _decimal(other)

    def __add__(self, other: object) -> OrderedDecimal128:
        return OrderedDecimal128(self.to_decimal() + _decimal(other))

    __radd__ = __add__

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self.to_decimal())


numbers.Number.register(OrderedDecimal128)  # mongomock sorts numbers by this check


def ordered(value: Any) -> Any:
    if isinstance(value, Decimal128) and not isinstance(value, OrderedDecimal128):
        return OrderedDecimal128(value.to_decimal())
    if isinstance(value, dict):
        return {key: ordered(item) for key, item in value.items()}
    if isinstance(value, list):
        return [ordered(item) for item in value]
    if isinstance(value, tuple):
        return tuple(ordered(item) for item in value)
    return value


class DecimalCollection:
    """A mongomock collection whose inputs have their Decimal128 values made orderable."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            return attribute(*ordered(args), **ordered(kwargs))

        return call

    def insert_one(self, document: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        converted = ordered(document)
        result = self.inner.insert_one(converted, *args, **kwargs)
        document.setdefault("_id", converted["_id"])  # as pymongo does
        return result

    def insert_many(self, documents: list[dict[str, Any]], *args: Any, **kwargs: Any) -> Any:
        converted = [ordered(document) for document in documents]
        result = self.inner.insert_many(converted, *args, **kwargs)
        for original, stored in zip(documents, converted, strict=True):
            original.setdefault("_id", stored["_id"])
        return result


class DecimalDatabase:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name

    def __getitem__(self, name: str) -> DecimalCollection:
        return DecimalCollection(self.inner[name])

    def get_collection(self, name: str) -> DecimalCollection:
        return self[name]


class AsyncCursorAdapter:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def sort(self, *args: Any, **kwargs: Any) -> AsyncCursorAdapter:
        self.cursor = self.cursor.sort(*args, **kwargs)
        return self

    def hint(self, index: Any) -> AsyncCursorAdapter:
        self.cursor = self.cursor.hint(index)
        return self

    def limit(self, count: int) -> AsyncCursorAdapter:
        self.cursor = self.cursor.limit(count)
        return self

    async def to_list(self, length: int | None = None) -> list[Any]:
        documents = list(self.cursor)
        return documents if length is None else documents[:length]

    def __aiter__(self) -> AsyncIterator[Any]:
        iterator: Iterator[Any] = iter(self.cursor)

        async def generate() -> AsyncIterator[Any]:
            for document in iterator:
                yield document

        return generate()


class AsyncCollectionAdapter:
    """Awaitable versions of the collection methods; ``find`` returns an async cursor."""

    def __init__(self, inner: DecimalCollection) -> None:
        self.inner = inner

    def find(self, *args: Any, **kwargs: Any) -> AsyncCursorAdapter:
        return AsyncCursorAdapter(self.inner.find(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        async def call(*args: Any, **kwargs: Any) -> Any:
            return attribute(*args, **kwargs)

        return call


class AsyncDatabaseAdapter:
    def __init__(self, inner: DecimalDatabase) -> None:
        self.inner = inner

    def __getitem__(self, name: str) -> AsyncCollectionAdapter:
        return AsyncCollectionAdapter(self.inner[name])


def make_databases() -> tuple[Any, Any]:
    """A fresh mongomock ``noema`` database, as (sync, async) views of the same data."""
    sync = DecimalDatabase(mongomock.MongoClient()["noema"])
    return sync, AsyncDatabaseAdapter(sync)
