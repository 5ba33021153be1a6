"""Models against a real MongoDB server: the generated validator accepts what the models
write, and what the server hands back reads into equal models.

Needs NOEMA_TEST_MONGODB_URI (e.g. mongodb://localhost:27017; MongoDB 6, 7 or 8).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from bson import Int64, ObjectId

from noema_codegen.ir.model import Project
from tests.models.documents import DOCUMENTS, all_documents, document

pytestmark = pytest.mark.mongodb

URI = os.environ.get("NOEMA_TEST_MONGODB_URI")


def typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value), value)


@pytest.fixture(scope="module")
def database(project: Project) -> Iterator[Any]:
    if not URI:
        pytest.skip("NOEMA_TEST_MONGODB_URI is not set: needs a real MongoDB 6/7/8 server")
    from pymongo import MongoClient

    client: Any = MongoClient(URI, serverSelectionTimeoutMS=5000)
    db = client[f"noema_models_{uuid.uuid4().hex[:12]}"]
    try:
        for collection in project.collections:
            db.create_collection(collection.name, **collection.validator_options)
        yield db
    finally:
        client.drop_database(db.name)
        client.close()


@pytest.mark.parametrize(
    ("collection", "stored"), all_documents(), ids=[n for n, _ in all_documents()]
)
def test_server_accepts_what_the_model_writes_and_returns_it_unchanged(
    models: ModuleType, project: Project, database: Any, collection: str, stored: dict[str, Any]
) -> None:
    cls = getattr(models, project.get(collection).model_name)
    model = cls.from_document(stored)
    database[collection].insert_one(model.to_document())
    back = database[collection].find_one({"_id": stored["_id"]})
    assert typed(back) == typed(stored)
    assert cls.from_document(back) == model


@pytest.mark.parametrize("collection", sorted(DOCUMENTS))
def test_models_built_in_code_are_accepted(
    models: ModuleType, project: Project, database: Any, collection: str
) -> None:
    cls = getattr(models, project.get(collection).model_name)
    stored = document(collection)
    del stored["_id"]
    built = cls.model_validate(stored, by_alias=True, by_name=False)  # fresh ids, in-code defaults
    result = database[collection].insert_one(built.to_document())
    back = cls.from_document(database[collection].find_one({"_id": result.inserted_id}))
    assert back == built


def test_server_rejects_a_plain_int_in_a_long_field_the_model_would_write_as_int64(
    models: ModuleType, database: Any
) -> None:
    from pymongo.errors import WriteError

    raw = document("userEconomy") | {"_id": ObjectId(), "exp": 5}
    with pytest.raises(WriteError):
        database["userEconomy"].insert_one(dict(raw))
    economy = models.UserEconomy(
        master_account_id=ObjectId(),
        usd_credit=Decimal("0.50"),
        exp=5,
        created_at=datetime(2025, 1, 1, 0, 0, 0, 123456),
        updated_at=datetime(2025, 1, 1),
    )
    database["userEconomy"].insert_one(economy.to_document())
    back = database["userEconomy"].find_one({"_id": economy.id})
    assert type(back["exp"]) is Int64
    assert back["createdAt"] == economy.created_at  # millisecond precision kept exactly
