"""Staged roll-out against a real MongoDB (issue 13 item 4): warn, migrate, tighten.

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create/drop databases); skipped otherwise.
Server facts relied on, from mongodb/mongo jstests/core/doc_validation/doc_validation_options.js:
after ``collMod {validationAction: "warn"}`` a write failing the validator is accepted (and
``getCollectionInfos`` shows ``options.validationAction: "warn"``), and ``collMod`` back to
``validationAction: "error"`` succeeds while an invalid document is stored (stored documents
are not checked: hence the tool's own ``{$nor: [validator]}`` count before tightening). Every
test uses its own database and drops it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apply_documents import session_doc
from pymongo.database import Database

from noema_codegen.apply.desired import load_desired
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.service import apply_with
from noema_codegen.migrations.format import read_migration
from noema_codegen.migrations.rollout_source import FileMigrations
from tests.apply.real_server import scratch_server

pytestmark = pytest.mark.mongodb

ROOT = Path(__file__).resolve().parents[2]
URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")
STEP = {
    "collection": "userSessions",
    "change": "new-required",
    "path": "platform",
    "filter": {"platform": {"$exists": False}},
    "update": {"$set": {"platform": "web"}},
}


@pytest.fixture
def server() -> Iterator[tuple[PymongoAdapter, Database[dict[str, Any]]]]:
    yield from scratch_server("noema_test_staged")


def _source(tmp_path: Path) -> FileMigrations:
    path = tmp_path / "0001_sessions_platform.json"
    path.write_text(json.dumps({"steps": [STEP]}), encoding="utf-8")
    return FileMigrations((read_migration(path, path.name),))


def _options(db: Database[dict[str, Any]]) -> dict[str, Any]:
    entry = next(db.list_collections(filter={"name": "userSessions"}))
    options: dict[str, Any] = entry["options"]
    return options


def test_warn_then_migrate_then_tighten(server: Any, tmp_path: Path) -> None:
    adapter, db = server
    desired = load_desired(ROOT / "schemas")
    assert apply_with(adapter, desired, PlanOptions(), ApplyOptions()).ok
    # the old schema: platform not required yet, and two sessions stored without it
    schema = _options(db)["validator"]["$jsonSchema"]
    schema["required"] = [f for f in schema["required"] if f != "platform"]
    db.command({"collMod": "userSessions", "validator": {"$jsonSchema": schema}})
    for _ in range(2):
        doc = session_doc()
        del doc["platform"]
        db.userSessions.insert_one(doc)
    source = _source(tmp_path)

    stopped = apply_with(adapter, desired, PlanOptions(), ApplyOptions(), source)
    assert stopped.stopped is not None and not stopped.ok
    assert [a.kind for a in stopped.applied] == ["stage_validation"]
    assert _options(db)["validationAction"] == "warn"
    assert "platform" in _options(db)["validator"]["$jsonSchema"]["required"]
    no_platform = session_doc()
    del no_platform["platform"]
    db.userSessions.insert_one(no_platform)  # warn: accepted (logged by the server)

    done = apply_with(adapter, desired, PlanOptions(), ApplyOptions(run_migrations=True), source)
    assert done.ok, (done.stopped, done.error, done.refusals)
    assert [a.kind for a in done.applied] == ["run_migrations", "tighten_validation"]
    assert _options(db)["validationAction"] == "error"
    assert db.userSessions.count_documents({"platform": {"$exists": False}}) == 0
    ledger = list(db.noema_migrations.find({}))
    assert [e["_id"] for e in ledger] == ["0001_sessions_platform"]
    assert ledger[0]["finishedAt"] is not None


def test_documents_the_migration_does_not_fix_keep_the_validator_at_warn(
    server: Any, tmp_path: Path
) -> None:
    adapter, db = server
    desired = load_desired(ROOT / "schemas")
    assert apply_with(adapter, desired, PlanOptions(), ApplyOptions()).ok
    schema = _options(db)["validator"]["$jsonSchema"]
    schema["required"] = [f for f in schema["required"] if f != "platform"]
    db.command(
        {"collMod": "userSessions", "validator": {"$jsonSchema": schema}, "validationLevel": "off"}
    )
    bad = session_doc()
    del bad["platform"]
    bad["isActive"] = "yes"  # a type the migration does not fix
    db.userSessions.insert_one(bad)
    report = apply_with(
        adapter, desired, PlanOptions(), ApplyOptions(run_migrations=True), _source(tmp_path)
    )
    assert report.stopped is not None and "1 document(s) of userSessions" in report.stopped
    assert _options(db)["validationAction"] == "warn"
