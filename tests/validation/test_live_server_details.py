"""``explain`` against a real MongoDB (7/8): the ``errInfo.details`` of error 121, byte for byte.

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create and drop databases); skipped without it.
Each case of the server's own tests (``fixtures/server_details``) is replayed as the server sees
it: a collection with ``{$jsonSchema: schema}`` as validator, one insert; the write error's
``errInfo.details`` must serialise (canonical Extended JSON) exactly as ``explain`` does, and a
case the server's test expects to match must insert. Works in a throwaway database dropped at
the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from bson import Binary, ObjectId, json_util
from bson.json_util import CANONICAL_JSON_OPTIONS

from noema_codegen.validation import compile_schema
from tests.validation.test_server_details import CASES

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")

pytestmark = pytest.mark.mongodb


@pytest.fixture(scope="module")
def database() -> Iterator[Any]:
    if not URI:
        pytest.skip("NOEMA_TEST_MONGODB_URI is not set: needs a real MongoDB server")
    import pymongo

    client: Any = pymongo.MongoClient(
        URI, uuidRepresentation="standard", serverSelectionTimeoutMS=5000
    )
    name = f"noema_details_test_{uuid.uuid4().hex[:8]}"
    try:
        yield client[name]
    finally:
        client.drop_database(name)
        client.close()


def _has_encrypted_payload(value: Any) -> bool:
    if isinstance(value, Binary):
        return value.subtype == 6
    if isinstance(value, dict):
        return any(_has_encrypted_payload(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_encrypted_payload(item) for item in value)
    return False


def server_details(database: Any, schema: Any, doc: dict[str, Any]) -> Any:
    """The ``details`` the server reports for inserting ``doc`` (None if it inserts)."""
    from pymongo.errors import WriteError

    name = f"c_{uuid.uuid4().hex[:12]}"
    database.create_collection(
        name, validator={"$jsonSchema": schema}, validationLevel="strict", validationAction="error"
    )
    try:
        database[name].insert_one(doc)
    except WriteError as exc:
        assert exc.code == 121, exc  # DocumentValidationFailure
        return exc.details["errInfo"]["details"]  # type: ignore[index]
    finally:
        database.drop_collection(name)
    return None


@pytest.mark.parametrize("case", CASES, ids=[case["source"].split(" ", 1)[-1] for case in CASES])
def test_server_details_match_explain(database: Any, case: dict[str, Any]) -> None:
    if _has_encrypted_payload(case["document"]):
        pytest.skip("a hand-made binData subtype 6 payload may be refused before validation")
    doc = dict(case["document"])
    if "_id" not in doc:
        doc = {"_id": ObjectId(), **doc}  # what the server validates: _id first
    expected = compile_schema(case["schema"]).explain(doc)
    got = server_details(database, case["schema"], doc)
    assert json_util.dumps(got, json_options=CANONICAL_JSON_OPTIONS) == json_util.dumps(
        expected, json_options=CANONICAL_JSON_OPTIONS
    )
