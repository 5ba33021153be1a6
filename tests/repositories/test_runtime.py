"""The hand-written runtime (noema_codegen/runtime), through the generated repositories:
invalid stored documents, typed-update guards, value encoding, page cursors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from bson import Decimal128, Int64, ObjectId
from noema_db import repositories
from pydantic import ValidationError

from noema_codegen.runtime import pagination
from noema_codegen.runtime import repository_core as core
from tests.repositories import factories
from tests.repositories.support import run


def sessions(database: Any, flavour: str, **options: Any) -> Any:
    name = "UserSessionRepository" if flavour == "sync" else "AsyncUserSessionRepository"
    return getattr(repositories, name)(database, **options)


def insert_broken_session(databases: tuple[Any, Any]) -> ObjectId:
    broken = factories.user_session(3).to_document()
    broken["isActive"] = "yes"  # not a bool
    databases[0]["userSessions"].insert_one(broken, bypass_document_validation=True)
    return ObjectId(broken["_id"])


def test_invalid_stored_document_raises_naming_collection_and_id(
    databases: tuple[Any, Any], flavour: str
) -> None:
    database = databases[0] if flavour == "sync" else databases[1]
    repo = sessions(database, flavour)
    run(repo.insert_one(factories.user_session(1)))
    broken_id = insert_broken_session(databases)
    with pytest.raises(repositories.DocumentValidationError) as caught:
        run(repo.find())
    assert caught.value.collection == "userSessions"
    assert caught.value.document_id == broken_id
    assert "userSessions" in str(caught.value) and str(broken_id) in str(caught.value)
    assert "isActive" in str(caught.value)


def test_invalid_stored_document_skipped_and_reported(
    databases: tuple[Any, Any], flavour: str
) -> None:
    database = databases[0] if flavour == "sync" else databases[1]
    repo = sessions(database, flavour, on_invalid="skip")
    good = run(repo.insert_one(factories.user_session(1)))
    broken_id = insert_broken_session(databases)
    assert [s.session_id for s in run(repo.find())] == [good.session_id]
    assert [s.document_id for s in repo.skipped] == [broken_id]
    assert isinstance(repo.skipped[0].error, ValidationError)


def test_typed_update_guards(database: Any, flavour: str) -> None:
    repo = sessions(database, flavour)
    stored = run(repo.insert_one(factories.user_session(1)))
    with pytest.raises(ValueError, match="cannot be null"):
        run(repo.update(stored.session_id, set={"user_agent": None}))
    with pytest.raises(ValueError, match="required and cannot be unset"):
        run(repo.update(stored.session_id, unset=["platform"]))
    with pytest.raises(KeyError, match="no field 'platfrom'"):
        run(repo.update(stored.session_id, set={"platfrom": "web"}))
    with pytest.raises(ValidationError):
        run(repo.update(stored.session_id, set={"is_active": "yes"}))
    with pytest.raises(ValueError, match="at least one of set, unset, inc"):
        run(repo.update(stored.session_id))
    assert run(repo.get(stored.session_id)) == stored  # nothing was written


def test_long_and_decimal_values_are_encoded_as_the_schema_says(databases: tuple[Any, Any]) -> None:
    outputs = repositories.GenerationOutputRepository(databases[0])
    made = outputs.insert_one(factories.generation_output(1))
    outputs.update(made.generation_id, set={"cost_usd": Decimal("1.10"), "duration_ms": 7})
    raw = databases[0]["generationOutputs"].find_one({"generationId": made.generation_id})
    assert type(raw["durationMs"]) is Int64
    assert isinstance(raw["costUsd"], Decimal128) and raw["costUsd"].to_decimal() == Decimal("1.10")
    assert type(raw["retryAttempt"]) is int


def test_page_cursor_rejects_foreign_or_corrupt_cursors() -> None:
    cursor = pagination.encode_cursor("by_user", [1, "a"])
    assert pagination.decode_cursor(cursor, "by_user", 2) == [1, "a"]
    with pytest.raises(ValueError, match="belongs to index 'by_user', not 'by_time'"):
        pagination.decode_cursor(cursor, "by_time", 2)
    with pytest.raises(ValueError, match="belongs to index"):
        pagination.decode_cursor(cursor, "by_user", 3)
    with pytest.raises(ValueError, match="invalid page cursor"):
        pagination.decode_cursor("!!not-base64!!", "by_user", 2)


def test_page_query_builds_keyset_condition() -> None:
    index = core.PageIndex(
        "by_user", (("user", 1), ("time", -1)), unique=False, partial_filter={"on": True}
    )
    spec = core.CollectionSpec("c", "_id", {}, None, None, {"by_user": index})
    after = pagination.encode_cursor("by_user", ["u1", 5, 9])
    query = pagination.page_query(spec, "by_user", {"x": 1}, 10, after)
    assert query.sort == [("user", 1), ("time", -1), ("_id", -1)]
    assert query.filter == {
        "$and": [
            {"x": 1},
            {"on": True},
            {
                "$or": [
                    {"user": {"$gt": "u1"}},
                    {"user": "u1", "time": {"$lt": 5}},
                    {"user": "u1", "time": 5, "_id": {"$lt": 9}},
                ]
            },
        ]
    }
    with pytest.raises(KeyError, match="cannot paginate on 'nope'"):
        pagination.page_query(spec, "nope", {}, 10, None)


def test_path_segment_refuses_field_path_injection() -> None:
    assert core.path_segment("workflowId_A") == "workflowId_A"
    for bad in ("", "a.b", "$where"):
        with pytest.raises(ValueError):
            core.path_segment(bad)
