"""A recording fake of ``MigrationStore``: documents in memory, every call recorded.

It understands only the filters and updates the runner and these tests build (``$and``,
``_id`` ``$gt``/``$lte``, ``$exists``, ``$not: {$type}`` for date/string, ``$set``, and a
pipeline ``$set`` of ``$convert`` to date); it is evidence for the runner's bookkeeping
(batches, ledger, resume), never for what MongoDB does with a filter.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

TYPES = {"date": datetime, "string": str}


class Interrupted(Exception):
    """Raised by the fake to simulate a run cut short (a crash, a lost connection)."""


def _matches(doc: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    for key, condition in query.items():
        if key == "$and":
            if not all(_matches(doc, sub) for sub in condition):
                return False
            continue
        present = key in doc
        value = doc.get(key)
        if not isinstance(condition, Mapping):
            if value != condition:
                return False
            continue
        for op, arg in condition.items():
            if op == "$exists" and present != bool(arg):
                return False
            if op == "$gt" and not (present and value > arg):
                return False
            if op == "$lte" and not (present and value <= arg):
                return False
            if op == "$not" and isinstance(value, TYPES[arg["$type"]]):
                return False
    return True


def _convert(value: Any, spec: Mapping[str, Any], doc: Mapping[str, Any]) -> Any:
    """``$convert`` to date as mongodb/mongo jstests/aggregation/expressions/convert.js shows it:
    an ISO-8601 string becomes a date, anything it cannot convert becomes ``onError``."""
    assert spec["to"] == "date"
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        on_error = spec["onError"]
        return doc.get(on_error[1:]) if isinstance(on_error, str) else on_error


class RecordingStore:
    def __init__(self, docs: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> None:
        self.collections: dict[str, dict[Any, dict[str, Any]]] = {
            name: {d["_id"]: dict(d) for d in items} for name, items in (docs or {}).items()
        }
        self.entries: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, Any]] = []
        self.fail_after_updates: int | None = None
        self.orphans = 0

    # the ledger
    def ledger(self) -> list[dict[str, Any]]:
        self.calls.append(("ledger", None))
        return [{"_id": name, **copy.deepcopy(entry)} for name, entry in self.entries.items()]

    def begin(self, name: str, checksum: str, steps: int, at: datetime) -> None:
        self.calls.append(("begin", name))
        state = {"matched": 0, "modified": 0, "hasBound": False, "lastBound": None, "done": False}
        self.entries.setdefault(
            name,
            {
                "checksum": checksum,
                "startedAt": at,
                "finishedAt": None,
                "steps": [dict(state) for _ in range(steps)],
            },
        )

    def record_batch(
        self,
        name: str,
        step: int,
        bound: tuple[Any] | None,
        matched: int,
        modified: int,
        done: bool,
    ) -> None:
        self.calls.append(("record_batch", (name, step, bound, matched, modified, done)))
        state = self.entries[name]["steps"][step]
        state["done"] = done
        if bound is not None:
            state["lastBound"], state["hasBound"] = bound[0], True
        state["matched"] += matched
        state["modified"] += modified

    def finish(self, name: str, at: datetime) -> None:
        self.calls.append(("finish", name))
        self.entries[name]["finishedAt"] = at

    # the data
    def _docs(self, collection: str, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        docs = self.collections.get(collection, {})
        return [docs[key] for key in sorted(docs) if _matches(docs[key], query)]

    def count(self, collection: str, filter: Mapping[str, Any]) -> int:
        self.calls.append(("count", (collection, filter)))
        return len(self._docs(collection, filter))

    def count_pipeline(self, collection: str, pipeline: Sequence[Mapping[str, Any]]) -> int:
        self.calls.append(("count_pipeline", collection))
        return self.orphans

    def bound_after(
        self, collection: str, filter: Mapping[str, Any], after: tuple[Any] | None, batch: int
    ) -> tuple[Any] | None:
        self.calls.append(("bound_after", (collection, after, batch)))
        query = dict(filter) if after is None else {"$and": [filter, {"_id": {"$gt": after[0]}}]}
        found = self._docs(collection, query)
        return (found[batch - 1]["_id"],) if len(found) >= batch else None

    def update_many(
        self,
        collection: str,
        filter: Mapping[str, Any],
        update: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    ) -> tuple[int, int]:
        updates = sum(1 for call, _ in self.calls if call == "update_many")
        if self.fail_after_updates is not None and updates >= self.fail_after_updates:
            raise Interrupted
        self.calls.append(("update_many", (collection, copy.deepcopy(dict(filter)))))
        matched = modified = 0
        for doc in self._docs(collection, filter):
            matched += 1
            before = dict(doc)
            if isinstance(update, Mapping):
                doc.update(update["$set"])
            else:
                for name, expression in update[0]["$set"].items():
                    doc[name] = _convert(doc.get(name), expression["$convert"], before)
            modified += doc != before
        return matched, modified
