"""``MigrationStore`` over pymongo: the only module of ``migrations`` that talks to a server.

Each method is one server command; errors are translated (and redacted) by
``apply.pymongo_adapter.PymongoAdapter``'s ``_translate``, whose client this store shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.migrations.runner import LEDGER, batch_filter, counting, read_count


class PymongoMigrationStore(PymongoAdapter):
    """The ledger in ``<database>.noema_migrations``; updates in the migrated collections."""

    def ledger(self) -> list[dict[str, Any]]:
        with self._translate("find", LEDGER):
            return [dict(doc) for doc in self._db[LEDGER].find({})]

    def begin(self, name: str, checksum: str, steps: int, at: datetime) -> None:
        state = {"matched": 0, "modified": 0, "hasBound": False, "lastBound": None, "done": False}
        entry = {
            "checksum": checksum,
            "startedAt": at,
            "finishedAt": None,
            "steps": [dict(state) for _ in range(steps)],
        }
        with self._translate("update", LEDGER):
            self._db[LEDGER].update_one({"_id": name}, {"$setOnInsert": entry}, upsert=True)

    def record_batch(
        self,
        name: str,
        step: int,
        bound: tuple[Any] | None,
        matched: int,
        modified: int,
        done: bool,
    ) -> None:
        prefix = f"steps.{step}"
        fields: dict[str, Any] = {f"{prefix}.done": done}
        if bound is not None:
            fields[f"{prefix}.lastBound"] = bound[0]
            fields[f"{prefix}.hasBound"] = True
        update = {
            "$set": fields,
            "$inc": {f"{prefix}.matched": matched, f"{prefix}.modified": modified},
        }
        with self._translate("update", LEDGER):
            self._db[LEDGER].update_one({"_id": name}, update)

    def finish(self, name: str, at: datetime) -> None:
        with self._translate("update", LEDGER):
            self._db[LEDGER].update_one({"_id": name}, {"$set": {"finishedAt": at}})

    def count_pipeline(self, collection: str, pipeline: Sequence[Mapping[str, Any]]) -> int:
        return read_count(self.aggregate(collection, counting(pipeline)))

    def bound_after(
        self, collection: str, filter: Mapping[str, Any], after: tuple[Any] | None, batch: int
    ) -> tuple[Any] | None:
        query = batch_filter(filter, after, None)
        with self._translate("find", collection):
            cursor = (
                self._db[collection].find(query, {"_id": 1}).sort("_id", 1).skip(batch - 1).limit(1)
            )
            found = [doc["_id"] for doc in cursor]
        return (found[0],) if found else None

    def update_many(
        self,
        collection: str,
        filter: Mapping[str, Any],
        update: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    ) -> tuple[int, int]:
        body: Any = dict(update) if isinstance(update, Mapping) else [dict(s) for s in update]
        with self._translate("update", collection):
            result = self._db[collection].update_many(dict(filter), body)
        return result.matched_count, result.modified_count
