"""`plan --from-snapshot` on the issue-10 situations, as a person would run it (no server).

The snapshots are the project's in-sync snapshot (tests/apply/fixtures/snapshot-in-sync.json)
changed into shapes the server's tests assert: every collection created with a default
collation, each index created without one listing it expanded
(jstests/core/query/collation/collation.js); and a foreign unique partial index whose filter
means what ours does (jstests/core/index/index_signature.js: same signature under another name
is IndexOptionsConflict).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from apply_server_shape import IN_SYNC
from click.testing import CliRunner

from noema_codegen.apply.snapshot import dumps_snapshot, read_snapshot
from noema_codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = str(ROOT / "schemas")
EN_US_2 = {
    "locale": "en_US",
    "caseLevel": False,
    "caseFirst": "off",
    "strength": 2,
    "numericOrdering": False,
    "alternate": "non-ignorable",
    "maxVariable": "punct",
    "normalization": False,
    "backwards": False,
    "version": "57.1",
}


def plan_of(snapshot: dict[str, Any], tmp_path: Path, *, detailed: bool = True) -> tuple[int, str]:
    path = tmp_path / "live.json"
    path.write_text(dumps_snapshot(snapshot), encoding="utf-8")
    flags = ["--detailed-exitcode"] if detailed else []
    result = CliRunner().invoke(
        main, ["plan", "--schemas", SCHEMAS, "--from-snapshot", str(path), *flags]
    )
    return result.exit_code, result.output


def test_default_collation_database_in_sync_plans_nothing(tmp_path: Path) -> None:
    snap = read_snapshot(IN_SYNC)
    for entry in snap["collections"]:
        entry["options"]["collation"] = copy.deepcopy(EN_US_2)
        for index in snap["indexes"][entry["name"]]:
            index.setdefault("collation", copy.deepcopy(EN_US_2))
    code, out = plan_of(snap, tmp_path)
    assert (code, out.splitlines()[-1]) == (0, "  in sync: nothing to do.")


def test_foreign_index_equal_by_meaning_is_reported_as_a_conflict(tmp_path: Path) -> None:
    snap = read_snapshot(IN_SYNC)
    indexes = snap["indexes"]["transactions"]
    ours = next(i for i in indexes if i["name"] == "noema_external_transaction_id")
    assert ours["partialFilterExpression"] == {"externalTransactionId": {"$type": "string"}}
    indexes.remove(ours)
    indexes.append(
        {
            "v": 2,
            "key": {"externalTransactionId": 1},
            "name": "externalTransactionId_1",
            "unique": True,
            "partialFilterExpression": {"externalTransactionId": {"$type": 2}},
        }
    )
    code, out = plan_of(snap, tmp_path)
    assert code == 1  # a blocker: apply would refuse, so plan exits 1 (--detailed-exitcode too)
    blocked = [line for line in out.splitlines() if "blocked" in line]
    assert len(blocked) == 1
    assert "noema_external_transaction_id" in blocked[0]
    assert "externalTransactionId_1" in blocked[0]
    assert "code 85" in blocked[0]
    assert plan_of(snap, tmp_path, detailed=False)[0] == 1
    assert "+ create index" not in out
