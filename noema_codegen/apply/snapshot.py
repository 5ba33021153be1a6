"""Snapshots: a database's live state in the server's own reply shapes, as Extended JSON.

Format: ``{"database": name, "collections": [listCollections entries], "indexes":
{collection: [listIndexes entries]}}``, written as **canonical** Extended JSON v2
(``bson.json_util.CANONICAL_JSON_OPTIONS``) with a 2-space indent. Canonical keeps BSON types
exact (``{"$numberInt": "1"}`` vs ``{"$numberLong": "1"}`` vs ``{"$numberDouble": "1.0"}``), so
a snapshot read back yields the very values the server returned. Key order is the server's
(it is meaningful in index keys); collections are sorted by name, the ``indexes`` map too, and
index entries keep listIndexes order. The same state always prints byte-identically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bson import json_util
from bson.errors import InvalidBSON

from noema_codegen.apply.adapter import Adapter
from noema_codegen.apply.errors import BadInput

JSON_OPTIONS = json_util.CANONICAL_JSON_OPTIONS


def take_snapshot(adapter: Adapter) -> dict[str, Any]:
    """Read listCollections and listIndexes (collections only, not views) through ``adapter``."""
    entries = sorted(adapter.list_collections(), key=lambda e: str(e.get("name", "")))
    indexes: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry.get("type", "collection") != "collection":
            continue
        name = str(entry["name"])
        indexes[name] = adapter.list_indexes(name)
    return {"database": adapter.database, "collections": entries, "indexes": indexes}


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
    for key, kind in (("collections", list), ("indexes", dict)):
        if not isinstance(loaded.get(key, kind()), kind):
            raise BadInput(f"{source}: /{key} must be a JSON {kind.__name__}")
    return loaded


def read_snapshot(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read snapshot: {exc.strerror}") from None
    return loads_snapshot(text, str(path))
