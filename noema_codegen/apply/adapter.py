"""The interface between planning/execution code and a MongoDB server.

``pymongo_adapter.PymongoAdapter`` is the real implementation; tests use a recording fake.
Every method raises only ``noema_codegen.apply.errors`` exceptions (already redacted).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

LEDGER_COLLECTION = "noema_migrations"
"""The migrations ledger (``migrations.runner.LEDGER``): apply reads it to know what is pending."""


@dataclass(frozen=True)
class ServerInfo:
    version: str
    topology: str  # "standalone", "replicaSet" or "sharded"
    version_array: tuple[int, ...] = ()
    """buildInfo ``versionArray`` (``[7, 0, 12, 0]``); empty when the server did not say."""


class Adapter(Protocol):
    @property
    def database(self) -> str: ...

    def server_info(self) -> ServerInfo: ...

    def list_collections(self) -> list[dict[str, Any]]:
        """listCollections cursor entries, as the server returns them."""
        ...

    def list_indexes(self, collection: str) -> list[dict[str, Any]]:
        """listIndexes cursor entries, as the server returns them."""
        ...

    def create_collection(self, name: str, options: Mapping[str, Any]) -> None: ...

    def coll_mod(self, name: str, fields: Mapping[str, Any]) -> None:
        """Run ``{collMod: name, **fields}``."""
        ...

    def create_indexes(
        self,
        collection: str,
        specs: Sequence[Mapping[str, Any]],
        commit_quorum: str | int | None = None,
    ) -> None: ...

    def drop_index(self, collection: str, name: str) -> None: ...

    def count(self, collection: str, filter: Mapping[str, Any]) -> int: ...

    def sample_ids(self, collection: str, filter: Mapping[str, Any], limit: int) -> list[Any]: ...

    def aggregate(
        self,
        collection: str,
        pipeline: Sequence[Mapping[str, Any]],
        collation: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]: ...

    def ledger_entries(self, collection: str) -> list[dict[str, Any]]:
        """``_id``, ``checksum``, ``startedAt``, ``finishedAt`` of every ledger document."""
        ...

    def close(self) -> None: ...
