"""The scratch database every real-server apply test runs in (``NOEMA_TEST_MONGODB_URI``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from noema_codegen.apply.pymongo_adapter import PymongoAdapter

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")
REASON = "NOEMA_TEST_MONGODB_URI is not set: real-server apply tests need a MongoDB 6+"


def scratch_server(prefix: str) -> Iterator[tuple[PymongoAdapter, Database[dict[str, Any]]]]:
    """An adapter and a client database on a fresh ``<prefix>_<random>`` database, dropped
    afterwards; skips the test when no server is configured."""
    if not URI:
        pytest.skip(REASON)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    client: MongoClient[dict[str, Any]] = MongoClient(URI, serverSelectionTimeoutMS=5000)
    adapter = PymongoAdapter(URI, name)
    try:
        adapter.server_info()
        yield adapter, client[name]
    finally:
        client.drop_database(name)
        client.close()
        adapter.close()
