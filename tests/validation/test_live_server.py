"""The engine against a real MongoDB (6/7/8): same verdict on every case, same parser verdicts.

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create and drop databases). Each run works in a
throwaway database ``noema_validation_test_<random>`` and drops it at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from noema_codegen.document_check import load_collection_validator
from noema_codegen.live_check import check_live_collection
from noema_codegen.validation import compile_schema, schema_errors
from tests.validation.cases import CASES, Case
from tests.validation.server_jstests import JSTEST_CASES
from tests.validation.test_schema_rejections import ACCEPTED, REJECTED

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.mongodb


@pytest.fixture(scope="module")
def database() -> Iterator[Any]:
    if not URI:
        pytest.skip("NOEMA_TEST_MONGODB_URI is not set: needs a real MongoDB server")
    import pymongo

    client: Any = pymongo.MongoClient(
        URI, uuidRepresentation="standard", serverSelectionTimeoutMS=5000
    )
    name = f"noema_validation_test_{uuid.uuid4().hex[:8]}"
    try:
        yield client[name]
    finally:
        client.drop_database(name)
        client.close()


def server_accepts(database: Any, schema: Any, doc: dict[str, Any]) -> bool:
    from pymongo.errors import WriteError

    name = f"c_{uuid.uuid4().hex[:12]}"
    database.create_collection(
        name, validator={"$jsonSchema": schema}, validationLevel="strict", validationAction="error"
    )
    try:
        database[name].insert_one(dict(doc))
    except WriteError as exc:
        assert exc.code == 121, exc  # DocumentValidationFailure
        return False
    finally:
        database.drop_collection(name)
    return True


def server_parses(database: Any, schema: Any) -> bool:
    from pymongo.errors import OperationFailure

    name = f"c_{uuid.uuid4().hex[:12]}"
    try:
        database.create_collection(name, validator={"$jsonSchema": schema})
    except OperationFailure:
        return False
    database.drop_collection(name)
    return True


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_server_verdict_matches_engine(database: Any, case: Case) -> None:
    engine = compile_schema(case.schema).is_valid(case.doc)
    assert server_accepts(database, case.schema, case.doc) is case.valid is engine


@pytest.mark.parametrize("rejected", REJECTED, ids=[r[0] for r in REJECTED])
def test_server_rejects_what_the_engine_rejects(database: Any, rejected: tuple[Any, ...]) -> None:
    schema = rejected[1]
    assert schema_errors(schema)
    assert server_parses(database, schema) is False


@pytest.mark.parametrize("accepted", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_server_accepts_what_the_engine_accepts(database: Any, accepted: tuple[Any, ...]) -> None:
    assert schema_errors(accepted[1]) == []
    assert server_parses(database, accepted[1]) is True


def test_live_collection_mode_reports_invalid_documents(database: Any) -> None:
    from bson import ObjectId

    validator, validator_document = load_collection_validator(ROOT / "schemas", "userEvents")
    now = __import__("datetime").datetime(2025, 1, 1)
    good = {
        "_id": ObjectId(),
        "eventId": ObjectId(),
        "masterAccountId": ObjectId(),
        "sessionId": ObjectId(),
        "timestamp": now,
        "eventType": "login",
        "sourcePlatform": "web",
    }
    bad = dict(good, _id=ObjectId(), eventType=5)
    database["userEvents"].insert_many(
        [good, bad] + [dict(good, _id=ObjectId()) for _ in range(2500)]
    )
    report = check_live_collection(
        validator,
        "userEvents",
        URI,
        database.name,
        validator_document=validator_document,
        batch_size=100,
        progress=False,
    )
    assert (report.checked, report.invalid) == (2502, 1)
    assert report.details[0].id == bad["_id"]


@pytest.mark.parametrize(
    ("name", "schema", "doc", "valid"), JSTEST_CASES, ids=[c[0] for c in JSTEST_CASES]
)
def test_server_agrees_with_transcribed_jstests(
    database: Any, name: str, schema: Any, doc: dict[str, Any], valid: bool
) -> None:
    assert server_accepts(database, schema, doc) is valid
