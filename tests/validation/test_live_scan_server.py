"""``validate --uri`` against a real MongoDB (6/7/8): the server finds the invalid documents in
``_id`` index ranges, whatever the ``_id`` types; ``--sample`` checks random documents.

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create and drop databases); works in a throwaway
database and drops it. Index bounds (``min``/``max`` with ``hint``) follow the BSON comparison
order across types (https://www.mongodb.com/docs/manual/reference/method/cursor.min/ and
jstests/core/query/minmax.js in mongodb/mongo), which is what lets mixed ``_id`` types be walked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from bson import ObjectId

from noema_codegen.document_check import InvalidDocument
from noema_codegen.live_check import check_live_collection
from noema_codegen.validation import compile_schema

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")
SCHEMA = {"bsonType": "object", "required": ["n"], "properties": {"n": {"bsonType": "int"}}}

pytestmark = pytest.mark.mongodb


@pytest.fixture(scope="module")
def database() -> Iterator[Any]:
    if not URI:
        pytest.skip("NOEMA_TEST_MONGODB_URI is not set: needs a real MongoDB server")
    import pymongo

    client: Any = pymongo.MongoClient(URI, serverSelectionTimeoutMS=5000)
    name = f"noema_scan_test_{uuid.uuid4().hex[:8]}"
    try:
        yield client[name]
    finally:
        client.drop_database(name)
        client.close()


def test_server_scan_walks_mixed_id_types_and_finds_each_invalid_document(
    database: Any,
) -> None:
    # null < numbers < strings < objects < ObjectIds < booleans (BSON comparison order)
    ids: list[Any] = [None, -5, 2.5, 7, "a", "b", {"k": 1}, ObjectId(), ObjectId(), True]
    docs = [{"_id": i, "n": k} for k, i in enumerate(ids)]
    bad = {2, 4, 8}
    for k in bad:
        docs[k]["n"] = "not an int"
    name = f"c_{uuid.uuid4().hex[:8]}"
    database[name].insert_many(docs)
    report = check_live_collection(
        compile_schema(SCHEMA),
        name,
        URI,
        database.name,
        validator_document={"$jsonSchema": SCHEMA},
        batch_size=3,
        progress=False,
    )
    assert report.checked == len(ids)
    found = sorted(str(d.id) for d in report.details if isinstance(d, InvalidDocument))
    assert found == sorted(str(ids[k]) for k in bad)
    assert all(d.errors for d in report.details if isinstance(d, InvalidDocument))


def test_sample_checks_random_documents_client_side(database: Any) -> None:
    name = f"c_{uuid.uuid4().hex[:8]}"
    database[name].insert_many([{"_id": k, "n": k} for k in range(50)] + [{"_id": 50, "n": "x"}])
    report = check_live_collection(
        compile_schema(SCHEMA), name, URI, database.name, sample=51, progress=False
    )
    assert (report.checked, report.invalid) == (51, 1)
