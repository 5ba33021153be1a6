"""The repository tests run on the generated package's own test backend (``noema_db.testing``,
from ``noema_codegen/runtime/testing.py``), so what users get is what these tests exercise.

* ``DecimalDatabase``/``DecimalCollection``: mongomock with orderable, addable ``Decimal128``;
* ``AsyncDatabaseAdapter``: the same database in pymongo's async API shape.

Only a real server (tests/repositories/test_real_server.py) shows what MongoDB does.
"""

from __future__ import annotations

from typing import Any

from noema_db._runtime.testing import (
    AsyncDatabaseAdapter,
    DecimalCollection,
    DecimalDatabase,
    OrderedDecimal128,
    ordered,
)
from noema_db.testing import mongomock_databases

__all__ = [
    "AsyncDatabaseAdapter",
    "DecimalCollection",
    "DecimalDatabase",
    "OrderedDecimal128",
    "make_databases",
    "ordered",
]


def make_databases() -> tuple[Any, Any]:
    """A fresh mongomock ``noema`` database, as (sync, async) views of the same data."""
    return mongomock_databases("noema")
