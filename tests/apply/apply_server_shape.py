"""Build the snapshot a MongoDB 7.0 server would return once the desired state is applied.

Used to produce ``fixtures/snapshot-in-sync.json`` from the project's IR (and the empty-db
``fixtures/snapshot-empty.json``). Regenerate both after changing the schemas with:

    .venv/bin/python tests/apply/apply_server_shape.py

Shapes follow listCollections / listIndexes replies: ``{name, type, options, info: {readOnly,
uuid}, idIndex}`` and ``{v: 2, key, name, ...options}``; UUIDs are deterministic so the file is
stable.
"""

from __future__ import annotations

import copy
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bson import Binary

from noema_codegen.apply.desired import DesiredCollection, load_desired
from noema_codegen.apply.snapshot import dumps_snapshot

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
IN_SYNC = FIXTURES / "snapshot-in-sync.json"
EMPTY = FIXTURES / "snapshot-empty.json"


def _id_index() -> dict[str, Any]:
    return {"v": 2, "key": {"_id": 1}, "name": "_id_"}


def server_snapshot(
    desired: Iterable[DesiredCollection], database: str = "noema"
) -> dict[str, Any]:
    collections: list[dict[str, Any]] = []
    indexes: dict[str, list[dict[str, Any]]] = {}
    for target in sorted(desired, key=lambda d: d.name):
        collections.append(
            {
                "name": target.name,
                "type": "collection",
                "options": copy.deepcopy(dict(target.options)),
                "info": {
                    "readOnly": False,
                    "uuid": Binary.from_uuid(
                        uuid.uuid5(uuid.NAMESPACE_URL, f"{database}.{target.name}")
                    ),
                },
                "idIndex": _id_index(),
            }
        )
        entries = [_id_index()]
        for spec in target.indexes:
            entry: dict[str, Any] = {"v": 2, "key": dict(spec["key"]), "name": spec["name"]}
            entry.update(copy.deepcopy({k: v for k, v in spec.items() if k not in ("key", "name")}))
            entries.append(entry)
        indexes[target.name] = entries
    return {"database": database, "collections": collections, "indexes": indexes}


def empty_snapshot(database: str = "noema") -> dict[str, Any]:
    return {"database": database, "collections": [], "indexes": {}}


def main() -> int:
    desired = load_desired(ROOT / "schemas")
    IN_SYNC.write_text(dumps_snapshot(server_snapshot(desired)), encoding="utf-8")
    EMPTY.write_text(dumps_snapshot(empty_snapshot()), encoding="utf-8")
    print(f"wrote {IN_SYNC.relative_to(ROOT)} and {EMPTY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
