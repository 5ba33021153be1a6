"""Snapshots: a database's live state in the server's own reply shapes, as Extended JSON.

Format 2: ``{"format": 2, "database": name, "server": {"version": "7.0.12", "versionArray":
[7, 0, 12, 0]}, "collections": [listCollections entries], "indexes": {collection:
[listIndexes entries]}}``. The listCollections entries are kept whole, so every collection
option the planner may need is there as the server returned it: ``options.collation`` (the
default collation, expanded), ``clusteredIndex``, ``capped``/``size``/``max``, ``timeseries``,
``expireAfterSeconds``, ``validator``/``validationLevel``/``validationAction``, and for views
``type: "view"`` with ``viewOn``/``pipeline``. Format 1 (no ``format``, no ``server``) still
loads; its server version is unknown.

When the database has a ``noema_migrations`` collection (the migrations ledger), the snapshot
also records ``"ledger": [{_id, checksum, startedAt, finishedAt}, ...]`` (sorted by ``_id``),
so a plan from the snapshot knows which migrations are pending. A snapshot without
``ledger`` (older, or no ledger yet) means no migration has run.

Written as **canonical** Extended JSON v2 (``bson.json_util.CANONICAL_JSON_OPTIONS``) with a
2-space indent. Canonical keeps BSON types exact (``{"$numberInt": "1"}`` vs
``{"$numberLong": "1"}`` vs ``{"$numberDouble": "1.0"}``), so a snapshot read back yields the
very values the server returned. Key order is the server's (it is meaningful in index keys);
collections are sorted by name, the ``indexes`` map too, and index entries keep listIndexes
order. The same state always prints byte-identically.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bson import json_util
from bson.errors import InvalidBSON

from noema_codegen.apply.adapter import LEDGER_COLLECTION, Adapter
from noema_codegen.apply.errors import BadInput

JSON_OPTIONS = json_util.CANONICAL_JSON_OPTIONS
FORMAT = 2
KNOWN_FORMATS = frozenset({1, 2})


def take_snapshot(adapter: Adapter) -> dict[str, Any]:
    """Read buildInfo, listCollections and listIndexes (collections only, not views)."""
    info = adapter.server_info()
    entries = sorted(adapter.list_collections(), key=lambda e: str(e.get("name", "")))
    indexes: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry.get("type", "collection") != "collection":
            continue
        name = str(entry["name"])
        indexes[name] = adapter.list_indexes(name)
    snapshot: dict[str, Any] = {
        "format": FORMAT,
        "database": adapter.database,
        "server": {"version": info.version, "versionArray": list(info.version_array)},
        "collections": entries,
        "indexes": indexes,
    }
    if LEDGER_COLLECTION in indexes:
        snapshot["ledger"] = adapter.ledger_entries(LEDGER_COLLECTION)
    return snapshot


def ledger_of(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The migrations ledger a snapshot recorded (empty when it recorded none)."""
    ledger = snapshot.get("ledger", [])
    return [dict(e) for e in ledger if isinstance(e, Mapping)] if isinstance(ledger, list) else []


def server_version(snapshot: Mapping[str, Any]) -> tuple[int, ...] | None:
    """The server version a snapshot was taken from (``(7, 0, 12, 0)``), ``None`` if unknown."""
    server = snapshot.get("server")
    if not isinstance(server, Mapping):
        return None
    array = server.get("versionArray")
    if isinstance(array, list) and array and all(isinstance(n, int) for n in array):
        return tuple(int(n) for n in array)
    version = server.get("version")
    if isinstance(version, str):
        parts = version.split("-")[0].split(".")
        if parts and all(p.isdigit() for p in parts):
            return tuple(int(p) for p in parts)
    return None


def dumps_snapshot(snapshot: dict[str, Any]) -> str:
    return json_util.dumps(snapshot, json_options=JSON_OPTIONS, indent=2) + "\n"


def loads_snapshot(text: str, source: str = "<snapshot>") -> dict[str, Any]:
    try:
        loaded = json_util.loads(text, json_options=JSON_OPTIONS)
    except (ValueError, TypeError, InvalidBSON) as exc:
        raise BadInput(f"{source}: not valid Extended JSON: {exc}") from None
    if not isinstance(loaded, dict) or "database" not in loaded:
        raise BadInput(
            f'{source}: expected an object {{"database": ..., "collections": [...], '
            '"indexes": {...}} as written by `noema-codegen snapshot`'
        )
    version = loaded.get("format", 1)
    if version not in KNOWN_FORMATS:
        raise BadInput(
            f"{source}: /format is {version!r}; this noema-codegen reads snapshot formats "
            f"{sorted(KNOWN_FORMATS)}. Next: take the snapshot again with this version."
        )
    for key, kind in (("collections", list), ("indexes", dict), ("ledger", list)):
        if not isinstance(loaded.get(key, kind()), kind):
            raise BadInput(f"{source}: /{key} must be a JSON {kind.__name__}")
    if "server" in loaded and not isinstance(loaded["server"], dict):
        raise BadInput(f'{source}: /server must be a JSON object {{"version": ...}}')
    return loaded


def read_snapshot(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read snapshot: {exc.strerror}") from None
    return loads_snapshot(text, str(path))
