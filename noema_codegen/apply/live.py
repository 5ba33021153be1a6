"""Live state: a database's collections and indexes as read from the server or a snapshot.

The input is the snapshot shape (``{"database", "collections": [listCollections entries],
"indexes": {name: [listIndexes entries]}}``), so a live read and a file read go through the
same code. ``system.*`` collections are ignored; views and time-series collections are kept
with their ``type`` so the planner can refuse to touch them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.normalise import (
    ID_INDEX_NAME,
    NormalIndex,
    ValidatorState,
    normalise_index,
    validator_state,
)
from noema_codegen.apply.snapshot import server_version
from noema_codegen.diagnostics import pointer_join


@dataclass(frozen=True)
class LiveCollection:
    name: str
    type: str
    validation: ValidatorState
    indexes: tuple[NormalIndex, ...]
    raw_indexes: tuple[Mapping[str, Any], ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    """The listCollections ``options`` as the server returned them (collation, capped,
    clusteredIndex, timeseries, viewOn, validator...)."""

    @property
    def default_collation(self) -> Mapping[str, Any] | None:
        """The collection's default collation (``options.collation``), ``None`` for simple."""
        collation = self.options.get("collation")
        if not isinstance(collation, Mapping) or collation.get("locale") == "simple":
            return None
        return collation

    @property
    def clustered(self) -> bool:
        """A clustered collection (``options.clusteredIndex``, MongoDB 5.3+)."""
        return bool(self.options.get("clusteredIndex"))

    def index(self, name: str) -> NormalIndex | None:
        for index in self.indexes:
            if index.name == name:
                return index
        return None

    @property
    def user_indexes(self) -> tuple[NormalIndex, ...]:
        """Every index but ``_id_`` and a clustered collection's clustered index (listIndexes
        shows it with ``clustered: true``, under the name given at creation): never compared,
        created or dropped."""
        return tuple(
            i for i in self.indexes if i.name != ID_INDEX_NAME and not i.spec.get("clustered")
        )


@dataclass(frozen=True)
class LiveState:
    database: str
    collections: Mapping[str, LiveCollection]
    server_version: tuple[int, ...] | None = None
    """The server's ``versionArray`` from the snapshot (``None``: format-1 snapshot)."""

    def get(self, name: str) -> LiveCollection | None:
        return self.collections.get(name)


def live_state(snapshot: Mapping[str, Any]) -> LiveState:
    """Build a ``LiveState`` from a snapshot document (see module docstring)."""
    try:
        database = str(snapshot["database"])
        entries: Sequence[Mapping[str, Any]] = snapshot.get("collections", [])
        index_map: Mapping[str, Sequence[Mapping[str, Any]]] = snapshot.get("indexes", {})
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadInput(
            'snapshot must be {"database": ..., "collections": [...], "indexes": {...}}'
        ) from exc
    collections: dict[str, LiveCollection] = {}
    for position, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise BadInput(f"snapshot: /collections/{position} must be a listCollections entry")
        name = str(entry.get("name", ""))
        if not name or name.startswith("system."):
            continue
        raw = tuple(index_map.get(name, ()))
        options = entry.get("options", {}) or {}
        if not isinstance(options, Mapping):
            raise BadInput(f"snapshot: /collections/{position}/options must be an object")
        for number, spec in enumerate(raw):
            if not isinstance(spec, Mapping) or not isinstance(spec.get("key", {}), Mapping):
                raise BadInput(
                    f"snapshot: {pointer_join('/indexes', name, number)} must be a listIndexes "
                    'entry {"key": {...}, "name": ...}. Next: take the snapshot again.'
                )
        collections[name] = LiveCollection(
            name=name,
            type=str(entry.get("type", "collection")),
            validation=validator_state(options),
            indexes=tuple(normalise_index(spec) for spec in raw),
            raw_indexes=raw,
            options=dict(options),
        )
    return LiveState(
        database=database, collections=collections, server_version=server_version(snapshot)
    )
