"""A test backend for the generated layer: the repositories on mongomock, no server.

Copied into ``<package>/_runtime/`` and re-exported as ``<package>.testing``::

    from <package>.testing import mongomock_database, mongomock_databases

    users = UserCoreRepository(mongomock_database())           # sync
    sync_db, async_db = mongomock_databases()                   # the same data, both APIs
    sessions = AsyncUserSessionRepository(async_db)

mongomock is an optional dependency (``pip install <package>[testing]``); it is imported
when a database is made, and a missing install raises ``TestBackendUnavailable`` saying so.

What this fills in over plain mongomock:

* ``Decimal128``: mongomock cannot order or add it (``NotImplementedError`` on ``$inc``,
  ``$min``/``$max``, range filters and sorts of decimal fields). Every ``Decimal128`` sent to
  a collection is swapped for ``OrderedDecimal128``, a subclass with ordering and addition
  (BSON-encoded as decimal128, so the generated models read it back unchanged).
* The async API: mongomock has none; ``mongomock_databases`` also returns the same
  database in pymongo's ``AsyncDatabase`` shape (awaitable methods, ``find()`` returning
  a cursor with ``sort``/``hint``/``to_list``/``close`` and ``async for``).
* ``insert_one``/``insert_many`` set ``_id`` on the documents passed, as pymongo does.

It is a unit-test backend, not evidence of server behaviour: validators, indexes, unique
constraints beyond mongomock's, and transactions need a real server (the ``mongodb``
test marker).
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any, Self, cast

from bson import Decimal128
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database


class TestBackendUnavailable(ImportError):
    """mongomock is not installed: install the package's ``testing`` extra."""

    __test__ = False  # not a pytest test class


def _mongomock() -> Any:
    try:
        return importlib.import_module("mongomock")
    except ImportError:
        raise TestBackendUnavailable(
            "the test backend needs mongomock, which is not installed; "
            "install the generated package with its testing extra "
            "(pip install '<package>[testing]') or pip install mongomock"
        ) from None


def _decimal(other: object) -> Decimal:
    if isinstance(other, Decimal128):
        return other.to_decimal()
    return Decimal(str(other))


class OrderedDecimal128(Decimal128):
    """A ``Decimal128`` mongomock can sort, compare and add (BSON-encoded as decimal128)."""

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

    def __mul__(self, other: object) -> OrderedDecimal128:
        return OrderedDecimal128(self.to_decimal() * _decimal(other))

    __rmul__ = __mul__

    # bson's stubs declare Decimal128 unhashable; mongomock hashes values ($addToSet, distinct)
    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self.to_decimal())


numbers.Number.register(OrderedDecimal128)  # mongomock orders numbers by this check


def ordered(value: Any) -> Any:
    """``value`` with every ``Decimal128`` (in dicts, lists, tuples) made an ``OrderedDecimal128``."""
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
    """A mongomock collection whose inputs have their ``Decimal128`` values made orderable."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            return attribute(*ordered(args), **ordered(kwargs))

        return call

    def find(self, *args: Any, **kwargs: Any) -> Any:
        return _ClosableCursor(self.inner.find(*ordered(args), **ordered(kwargs)))

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


class _ClosableCursor:
    """A mongomock cursor with pymongo's ``close`` and context manager."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)

    def sort(self, *args: Any, **kwargs: Any) -> _ClosableCursor:
        self.cursor = self.cursor.sort(*args, **kwargs)
        return self

    def hint(self, index: Any) -> _ClosableCursor:
        self.cursor = self.cursor.hint(index)
        return self

    def limit(self, count: int) -> _ClosableCursor:
        self.cursor = self.cursor.limit(count)
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cursor)

    def close(self) -> None:
        close = getattr(self.cursor, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DecimalDatabase:
    """A mongomock database whose collections are ``DecimalCollection``s."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.client = inner.client

    def __getitem__(self, name: str) -> DecimalCollection:
        return DecimalCollection(self.inner[name])

    def get_collection(self, name: str) -> DecimalCollection:
        return self[name]


class AsyncCursorAdapter:
    """pymongo's ``AsyncCursor`` shape over a mongomock cursor."""

    def __init__(self, cursor: _ClosableCursor) -> None:
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

    async def close(self) -> None:
        self.cursor.close()

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
    """pymongo's ``AsyncDatabase`` shape over a ``DecimalDatabase``."""

    def __init__(self, inner: DecimalDatabase) -> None:
        self.inner = inner
        self.name = inner.name

    def __getitem__(self, name: str) -> AsyncCollectionAdapter:
        return AsyncCollectionAdapter(self.inner[name])

    def get_collection(self, name: str) -> AsyncCollectionAdapter:
        return self[name]


def mongomock_databases(name: str = "noema") -> tuple[Database[Any], AsyncDatabase[Any]]:
    """A fresh in-memory database as (sync, async) views of the same data, typed as pymongo's
    ``Database``/``AsyncDatabase`` so every generated repository accepts them."""
    sync = DecimalDatabase(_mongomock().MongoClient()[name])
    # the adapters implement the part of pymongo's API the repositories call
    return cast("Database[Any]", sync), cast("AsyncDatabase[Any]", AsyncDatabaseAdapter(sync))


def mongomock_database(name: str = "noema") -> Database[Any]:
    """A fresh in-memory database for the sync repositories."""
    return mongomock_databases(name)[0]


__all__ = [
    "OrderedDecimal128",
    "TestBackendUnavailable",
    "mongomock_database",
    "mongomock_databases",
]
