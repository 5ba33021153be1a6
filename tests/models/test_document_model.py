"""Construction, strictness and dump rules of the generated models."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from bson import ObjectId
from pydantic import MISSING, ValidationError

from tests.models.documents import document

NOW = datetime(2025, 1, 20, 7, 45, 58)


def new_session(models: ModuleType, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "master_account_id": ObjectId(),
        "start_time": NOW,
        "platform": "web",
        "is_active": True,
        "last_user_activity_timestamp": NOW,
    }
    return models.UserSession(**{**fields, **overrides})


def test_construction_by_attribute_name_generates_object_id_keys(models: ModuleType) -> None:
    first, second = new_session(models), new_session(models)
    assert isinstance(first.session_id, ObjectId) and isinstance(first.id, ObjectId)
    assert first.session_id != second.session_id
    stored = first.to_document()
    assert stored["sessionId"] == first.session_id and stored["_id"] == first.id
    assert list(stored)[:3] == ["_id", "sessionId", "masterAccountId"]  # schema order


def test_attributes_are_snake_case_and_documents_camel_case(models: ModuleType) -> None:
    session = models.UserSession.from_document(document("userSessions"))
    assert session.last_user_activity_timestamp == datetime(2025, 1, 20, 7, 47, 12, 250000)
    assert "lastUserActivityTimestamp" in session.to_document()
    assert "last_user_activity_timestamp" not in session.to_document()


def test_from_document_accepts_only_mongodb_names(models: ModuleType) -> None:
    stored = document("userSessions")
    stored["master_account_id"] = stored.pop("masterAccountId")
    with pytest.raises(ValidationError, match="masterAccountId"):
        models.UserSession.from_document(stored)


def test_absent_optional_field_stays_absent(models: ModuleType) -> None:
    session = new_session(models)
    assert session.user_agent is MISSING and session.end_time is MISSING
    stored = session.to_document()
    assert "userAgent" not in stored and "endTime" not in stored and "endReason" not in stored
    event = document("userEvents")
    del event["eventData"]
    assert "eventData" not in models.UserEvent.from_document(event).to_document()


def test_nullable_field_set_to_none_is_written_as_null(models: ModuleType) -> None:
    session = new_session(models, end_time=None, end_reason=None)
    stored = session.to_document()
    assert stored["endTime"] is None and stored["endReason"] is None
    session.end_time = NOW
    assert session.to_document()["endTime"] == NOW


def test_null_is_rejected_where_the_schema_forbids_it(models: ModuleType) -> None:
    with pytest.raises(ValidationError):
        new_session(models, user_agent=None)
    session = new_session(models)
    with pytest.raises(ValidationError):
        session.platform = None  # validate_assignment


def test_enum_fields_are_literals_checked_strictly(models: ModuleType) -> None:
    with pytest.raises(ValidationError):
        new_session(models, end_reason="crashed")
    assert new_session(models, end_reason="user_logout").end_reason == "user_logout"
    stored = document("userCore") | {"status": "banned"}
    with pytest.raises(ValidationError):
        models.UserCore.from_document(stored)


def test_defaults_are_not_written_back_for_stored_documents(models: ModuleType) -> None:
    stored = document("userCore")
    del stored["status"]
    del stored["apiKeys"][0]["isActive"]
    user = models.UserCore.from_document(stored)
    assert user.status == "active" and user.api_keys[0].is_active is True
    dumped = user.to_document()
    assert "status" not in dumped and "isActive" not in dumped["apiKeys"][0]
    assert dumped == stored
    user.status = "suspended"  # an explicit assignment is written
    assert user.to_document()["status"] == "suspended"


def test_models_built_in_code_write_their_defaults(models: ModuleType) -> None:
    user = models.UserCore(
        platform_identities={"web": "ada"}, user_creation_timestamp=NOW, updated_at=NOW
    )
    assert user.to_document()["status"] == "active"
    key = models.ApiKey(key_hash="h", label="l", created_at=NOW)
    stored = models.UserCore.from_document(document("userCore"))
    stored.api_keys = [*stored.api_keys, key]
    assert stored.to_document()["apiKeys"][-1]["isActive"] is True


def test_unknown_stored_fields_survive_unless_the_schema_forbids_them(models: ModuleType) -> None:
    stored = document("userSessions") | {"legacyFlag": 1}
    assert models.UserSession.from_document(stored).to_document()["legacyFlag"] == 1
    transaction = document("transactions")
    transaction["relatedItems"]["unexpected"] = 1  # additionalProperties: false
    with pytest.raises(ValidationError, match="unexpected"):
        models.Transaction.from_document(transaction)


def test_stored_document_must_hold_its_primary_key(models: ModuleType) -> None:
    stored = document("userEvents")
    del stored["eventId"]
    with pytest.raises(ValidationError, match="eventId"):
        models.UserEvent.from_document(stored)
    without_id = document("userEvents")
    del without_id["_id"]  # _id may be absent: the server adds it
    assert "_id" not in models.UserEvent.from_document(without_id).to_document()


def test_strict_construction_in_code(models: ModuleType) -> None:
    with pytest.raises(ValidationError):
        new_session(models, master_account_id=str(ObjectId()))
    with pytest.raises(ValidationError):
        new_session(models, start_time="2025-01-01T00:00:00Z")
    with pytest.raises(ValidationError):
        new_session(models, is_active=1)
    with pytest.raises(ValidationError):
        models.UserEconomy(
            master_account_id=ObjectId(),
            usd_credit=Decimal(1),
            exp=True,
            created_at=NOW,
            updated_at=NOW,
        )


def test_equality_ignores_where_the_model_came_from(models: ModuleType) -> None:
    stored = document("userEconomy")
    read = models.UserEconomy.from_document(stored)
    built = models.UserEconomy(
        id=stored["_id"],
        master_account_id=stored["masterAccountId"],
        usd_credit=stored["usdCredit"].to_decimal(),
        exp=int(stored["exp"]),
        created_at=stored["createdAt"],
        updated_at=stored["updatedAt"],
    )
    assert read == built
    built.exp += 1
    assert read != built
