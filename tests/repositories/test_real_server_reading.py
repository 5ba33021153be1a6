"""Reading at scale and typed nested filters on a real MongoDB server (6/7/8): the mongomock
tests of iter_find, named-query paging and dotted filter keys again, plus what only a server
shows: ``iter_find`` reads ``batch_size`` documents per round trip.

Set NOEMA_TEST_MONGODB_URI (see tests/repositories/test_real_server.py, whose fixtures these
tests share).
"""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories
from pymongo import MongoClient, monitoring

from tests.repositories import factories

# the same tests as on mongomock, collected again here with the real-server fixtures
from tests.repositories.test_iter_find import (  # noqa: F401
    test_iter_find_refuses_a_negative_batch_size,
    test_iter_find_streams_in_sort_order,
    test_named_find_many_sorts_ties_by_id,
    test_named_page_cursor_of_another_query_is_refused,
)
from tests.repositories.test_real_server import URI, databases, server  # noqa: F401
from tests.repositories.test_typed_documents import (  # noqa: F401
    test_a_typed_dict_value_is_validated_and_stored,
    test_dotted_filter_keys_reach_embedded_documents,
)

pytestmark = pytest.mark.mongodb


class Recorder(monitoring.CommandListener):
    """Records the commands a client sends (pymongo command monitoring)."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, dict[str, Any]]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append((event.command_name, dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def test_iter_find_reads_batch_size_documents_per_round_trip(server: tuple[Any, Any]) -> None:  # noqa: F811
    """7 documents with batchSize 2: one find and three getMores (2+2+2+1). The server returns
    at most ``batchSize`` documents per batch and closes the cursor with the last one:
    mongodb/mongo jstests/core/query/find/find_getmore_cmd.js."""
    recorder = Recorder()
    client: MongoClient[dict[str, Any]] = MongoClient(URI, event_listeners=[recorder])
    try:
        repo = repositories.UserEventRepository(client[server[0].name])
        repo.delete_many({})
        session = ObjectId()
        repo.insert_many([factories.user_event(n, session_id=session) for n in range(7)])
        recorder.commands.clear()
        streamed = list(repo.iter_find({"session_id": session}, batch_size=2))
        assert len(streamed) == 7
        names = [name for name, _ in recorder.commands]
        assert names == ["find", "getMore", "getMore", "getMore"]
        assert recorder.commands[0][1]["batchSize"] == 2
        assert all(command["batchSize"] == 2 for name, command in recorder.commands[1:])
    finally:
        client.close()
