"""Snapshot format 2: server version and whole collection options; format 1 still loads.

Collection entries are listCollections shapes from the MongoDB manual (listCollections output,
"Clustered Collections", "Views", db.createCollection ``collation``), plus the expanded default
collation asserted by jstests/core/query/collation/collation.js.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from apply_fakes import RecordingAdapter

from noema_codegen.apply.adapter import ServerInfo
from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.live import live_state
from noema_codegen.apply.snapshot import (
    dumps_snapshot,
    loads_snapshot,
    read_snapshot,
    server_version,
    take_snapshot,
)

FIXTURES = Path(__file__).parent / "fixtures"

FR_CA = {
    "locale": "fr_CA",
    "caseLevel": False,
    "caseFirst": "off",
    "strength": 3,
    "numericOrdering": False,
    "alternate": "non-ignorable",
    "maxVariable": "punct",
    "normalization": False,
    "backwards": True,
    "version": "57.1",
}
COLLECTIONS: list[dict[str, Any]] = [
    {"name": "byLocale", "type": "collection", "options": {"collation": FR_CA}},
    {
        "name": "clustered",
        "type": "collection",
        "options": {
            "clusteredIndex": {"v": 2, "key": {"_id": 1}, "name": "_id_", "unique": True},
            "expireAfterSeconds": 3600,
        },
    },
    {"name": "capped", "type": "collection", "options": {"capped": True, "size": 4096, "max": 10}},
    {
        "name": "recent",
        "type": "view",
        "options": {"viewOn": "byLocale", "pipeline": [{"$match": {"a": 1}}]},
        "info": {"readOnly": True},
    },
]


class VersionedFake(RecordingAdapter):
    def server_info(self) -> ServerInfo:
        self._record("server_info")
        return ServerInfo("7.0.12", "replicaSet", (7, 0, 12, 0))


def fake() -> VersionedFake:
    id_index = [{"v": 2, "key": {"_id": 1}, "name": "_id_"}]
    indexes = {c["name"]: id_index for c in COLLECTIONS if c["type"] == "collection"}
    return VersionedFake([{"database": "noema", "collections": COLLECTIONS, "indexes": indexes}])


def test_a_snapshot_records_the_server_version_and_every_collection_option() -> None:
    snap = loads_snapshot(dumps_snapshot(take_snapshot(fake())))
    assert snap["format"] == 2
    assert snap["server"] == {"version": "7.0.12", "versionArray": [7, 0, 12, 0]}
    assert server_version(snap) == (7, 0, 12, 0)
    by_name = {c["name"]: c for c in snap["collections"]}
    assert by_name["byLocale"]["options"]["collation"] == FR_CA
    assert by_name["clustered"]["options"]["expireAfterSeconds"] == 3600
    assert by_name["capped"]["options"] == {"capped": True, "size": 4096, "max": 10}
    assert by_name["recent"]["options"]["viewOn"] == "byLocale"
    assert "recent" not in snap["indexes"]  # views have no indexes to list
    live = live_state(snap)
    assert live.server_version == (7, 0, 12, 0)
    assert live.collections["byLocale"].default_collation == FR_CA
    assert live.collections["clustered"].clustered
    assert live.collections["recent"].type == "view"


def test_format_1_snapshots_still_load_with_an_unknown_server_version() -> None:
    snap = read_snapshot(FIXTURES / "mongodb-7.0.json")
    assert "format" not in snap
    assert server_version(snap) is None
    assert live_state(snap).server_version is None


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ({"version": "6.0.3"}, (6, 0, 3)),
        ({"version": "8.0.0-rc1"}, (8, 0, 0)),
        ({"version": "?"}, None),
        ({"versionArray": [7, 0, 2, 0], "version": "x"}, (7, 0, 2, 0)),
    ],
)
def test_server_version_from_either_field(server: dict[str, Any], expected: Any) -> None:
    assert server_version({"database": "d", "server": server}) == expected


def test_an_unknown_format_is_refused_with_the_next_step() -> None:
    with pytest.raises(BadInput, match="/format"):
        loads_snapshot('{"format": 99, "database": "noema"}', "future.json")


@pytest.mark.parametrize(
    ("snapshot", "pointer"),
    [
        ({"database": "d", "collections": ["x"]}, "/collections/0"),
        ({"database": "d", "collections": [{"name": "c", "options": 5}]}, "/collections/0/options"),
        (
            {"database": "d", "collections": [{"name": "a/b"}], "indexes": {"a/b": [5]}},
            "/indexes/a~1b/0",
        ),
        (
            {"database": "d", "collections": [{"name": "c"}], "indexes": {"c": [{"key": "a"}]}},
            "/indexes/c/0",
        ),
    ],
)
def test_a_malformed_snapshot_is_bad_input_with_its_pointer(
    snapshot: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(BadInput) as info:
        live_state(snapshot)
    assert pointer in str(info.value)
