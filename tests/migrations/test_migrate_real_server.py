"""Migrations end to end against a real MongoDB 6.0/7.0/8.0 (standalone, replica set or mongos).

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create/drop databases). Each test works in its
own throwaway database ``noema_test_migrate_<random>`` and drops it afterwards. The evidence
that a migration worked is the server's own ``$jsonSchema`` evaluation of the new validator
(``{$nor: [{$jsonSchema: ...}]}`` counts the documents it would refuse). That an ISO-8601 string
converts to a date and a value that cannot be converted yields ``onError`` is what
mongodb/mongo jstests/aggregation/expressions/convert.js asserts.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from bson import ObjectId
from pymongo import MongoClient
from pymongo.database import Database

from noema_codegen.evolution.classify import diff_projects
from noema_codegen.ir.model import Project
from noema_codegen.migrations.format import Migration, parse_migration
from noema_codegen.migrations.generate import migration_document, render
from noema_codegen.migrations.pymongo_store import PymongoMigrationStore
from noema_codegen.migrations.runner import LEDGER, dry_run, run
from tests.evolution.evolution_pairs import owners, project, things

pytestmark = pytest.mark.mongodb

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")


@pytest.fixture
def server() -> Iterator[tuple[PymongoMigrationStore, Database[dict[str, Any]]]]:
    if not URI:
        pytest.skip(
            "NOEMA_TEST_MONGODB_URI is not set: real-server migrate tests need a MongoDB 6+"
        )
    name = f"noema_test_migrate_{uuid.uuid4().hex[:10]}"
    client: MongoClient[dict[str, Any]] = MongoClient(URI, serverSelectionTimeoutMS=5000)
    store = PymongoMigrationStore(URI, name)
    try:
        yield store, client[name]
    finally:
        store.close()
        client.drop_database(name)
        client.close()


def _migration(new_schema: dict[str, Any]) -> tuple[Migration, Project]:
    old = project(things=things(), owners=owners())
    new = project(things=new_schema, owners=owners())
    document = migration_document(diff_projects(old, new), new, "HEAD")
    assert all("todo" not in step for step in document["steps"])
    text = render(document).encode()
    return parse_migration("0001_m", "migrations/0001_m.json", text), new


def _refused(db: Database[dict[str, Any]], new: Project) -> int:
    validator = new.get("things").validator_schema
    return db.things.count_documents({"$nor": [{"$jsonSchema": validator}]})


def _thing(**fields: Any) -> dict[str, Any]:
    return {"_id": ObjectId(), "name": "n", "ownerId": ObjectId(), **fields}


def test_a_type_change_migration_converts_strings_to_dates(
    server: tuple[PymongoMigrationStore, Database[dict[str, Any]]],
) -> None:
    store, db = server
    schema = things()
    schema["properties"]["label"]["bsonType"] = "date"
    migration, new = _migration(schema)
    db.things.insert_many(
        [_thing(label=f"2025-01-{day:02d}T10:00:00Z") for day in range(1, 8)]
        + [_thing(label="not a date"), _thing()]
    )
    [planned] = dry_run([migration], store)
    assert planned.steps[0].matched == 8  # countDocuments on the server
    assert _refused(db, new) == 8
    [report] = run([migration], store, lambda: datetime.now(UTC), batch=3)
    step = report.steps[0]
    assert (step.matched, step.modified, step.remaining) == (8, 7, 1)  # "not a date" is kept
    assert db.things.count_documents({"label": {"$type": "date"}}) == 7
    assert _refused(db, new) == 1
    entry = db[LEDGER].find_one({"_id": "0001_m"})
    assert entry is not None
    assert entry["checksum"] == migration.checksum
    assert entry["finishedAt"] is not None
    assert entry["steps"][0]["done"] is True
    assert run([migration], store, lambda: datetime.now(UTC)) == []


def test_a_new_required_field_migration_sets_the_default(
    server: tuple[PymongoMigrationStore, Database[dict[str, Any]]],
) -> None:
    store, db = server
    schema = things()
    schema["properties"]["note"] = {"bsonType": "string", "default": "none"}
    schema["required"].append("note")
    migration, new = _migration(schema)
    db.things.insert_many([_thing() for _ in range(5)] + [_thing(note="kept")])
    assert _refused(db, new) == 5
    [report] = run([migration], store, lambda: datetime.now(UTC), batch=2)
    assert (report.steps[0].matched, report.steps[0].modified) == (5, 5)
    assert _refused(db, new) == 0
    assert db.things.count_documents({"note": "kept"}) == 1
    db.command(
        {"collMod": "things", "validator": {"$jsonSchema": new.get("things").validator_schema}}
    )
