"""A recording fake of the ``Adapter`` interface (not a server).

It returns scripted replies: ``states`` is a list of snapshots; the n-th call to
``list_collections`` (and the ``list_indexes`` calls that follow it) read ``states[n]``
(the last one repeats). Counts, sampled ids and aggregation replies are scripted per
collection. Every call is recorded in ``calls``; ``fail_on`` makes a given call raise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from noema_codegen.apply.adapter import ServerInfo
from noema_codegen.apply.errors import ApplyError


@dataclass
class RecordingAdapter:
    states: list[dict[str, Any]]
    violations: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_on: dict[tuple[str, str], ApplyError] = field(default_factory=dict)
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    database: str = "noema"
    ledger: list[dict[str, Any]] = field(default_factory=list)
    """What ``ledger_entries`` returns (the ``noema_migrations`` documents)."""
    _reads: int = 0

    def _state(self) -> dict[str, Any]:
        return self.states[min(self._reads - 1, len(self.states) - 1)]

    def _record(self, *call: Any) -> None:
        self.calls.append(call)
        error = self.fail_on.get((str(call[0]), str(call[1]) if len(call) > 1 else ""))
        if error is not None:
            raise error

    def writes(self) -> list[tuple[Any, ...]]:
        reads = {
            "server_info",
            "list_collections",
            "list_indexes",
            "count",
            "sample_ids",
            "aggregate",
            "ledger_entries",
        }
        return [c for c in self.calls if c[0] not in reads]

    def server_info(self) -> ServerInfo:
        self._record("server_info")
        return ServerInfo("7.0.12", "replicaSet")

    def list_collections(self) -> list[dict[str, Any]]:
        self._reads += 1
        self._record("list_collections", "")
        return list(self._state()["collections"])

    def list_indexes(self, collection: str) -> list[dict[str, Any]]:
        self._record("list_indexes", collection)
        return list(self._state()["indexes"].get(collection, []))

    def create_collection(self, name: str, options: Mapping[str, Any]) -> None:
        self._record("create_collection", name, dict(options))

    def coll_mod(self, name: str, fields: Mapping[str, Any]) -> None:
        self._record("coll_mod", name, dict(fields))

    def create_indexes(
        self,
        collection: str,
        specs: Sequence[Mapping[str, Any]],
        commit_quorum: str | int | None = None,
    ) -> None:
        self._record("create_indexes", collection, [s["name"] for s in specs], commit_quorum)

    def drop_index(self, collection: str, name: str) -> None:
        self._record("drop_index", collection, name)

    def count(self, collection: str, filter: Mapping[str, Any]) -> int:
        self._record("count", collection, dict(filter))
        return self.violations.get(collection, 0)

    def sample_ids(self, collection: str, filter: Mapping[str, Any], limit: int) -> list[Any]:
        self._record("sample_ids", collection, limit)
        return [f"id{i}" for i in range(min(limit, self.violations.get(collection, 0)))]

    def aggregate(
        self,
        collection: str,
        pipeline: Sequence[Mapping[str, Any]],
        collation: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        self._record("aggregate", collection, list(pipeline), collation)
        return self.duplicates.get(collection, [])

    def ledger_entries(self, collection: str) -> list[dict[str, Any]]:
        self._record("ledger_entries", collection)
        return [dict(entry) for entry in self.ledger]

    def close(self) -> None:
        self._record("close")
