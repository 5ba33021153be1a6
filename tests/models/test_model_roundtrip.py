"""A realistic document of each collection survives model -> BSON -> model unchanged."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import bson
import pytest
from bson import Int64

from noema_codegen.ir.model import Project
from noema_codegen.validation import compile_schema
from tests.models.documents import DOCUMENTS, LONG_FIELDS, all_documents, document


def model_class(models: ModuleType, project: Project, collection: str) -> Any:
    return getattr(models, project.get(collection).model_name)


def typed(value: Any) -> Any:
    """``value`` with the type of every leaf, so equality also compares types."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value), value)


def roundtrip(document: dict[str, Any]) -> dict[str, Any]:
    return bson.decode(bson.encode(document))


@pytest.mark.parametrize(
    ("collection", "stored"), all_documents(), ids=[n for n, _ in all_documents()]
)
def test_stored_document_round_trips_with_equal_values_and_types(
    models: ModuleType, project: Project, collection: str, stored: dict[str, Any]
) -> None:
    cls = model_class(models, project, collection)
    model = cls.from_document(stored)
    dumped = model.to_document()
    assert typed(roundtrip(dumped)) == typed(stored)
    again = cls.from_document(roundtrip(dumped))
    assert again == model
    assert typed(dict(again)) == typed(dict(model))


@pytest.mark.parametrize("collection", sorted(DOCUMENTS))
def test_dumped_document_passes_the_collection_validator(
    models: ModuleType, project: Project, collection: str
) -> None:
    cls = model_class(models, project, collection)
    dumped = cls.from_document(document(collection)).to_document()
    validator = compile_schema(project.get(collection).validator_schema)
    assert validator.errors(dumped) == []


@pytest.mark.parametrize("collection", sorted(LONG_FIELDS))
def test_long_fields_are_encoded_as_int64_even_from_plain_small_ints(
    models: ModuleType, project: Project, collection: str
) -> None:
    cls = model_class(models, project, collection)
    stored = document(collection)
    for field in LONG_FIELDS[collection]:
        stored[field] = 7  # a plain int that fits int32
    model = cls.from_document(stored)
    dumped = model.to_document()
    encoded = bson.encode(dumped)
    for field in LONG_FIELDS[collection]:
        assert type(dumped[field]) is Int64
        assert b"\x12" + field.encode() + b"\x00" in encoded  # element type 0x12 = int64
        assert b"\x10" + field.encode() + b"\x00" not in encoded  # not int32
        assert type(roundtrip(dumped)[field]) is Int64
    validator = compile_schema(project.get(collection).validator_schema)
    assert validator.errors(dumped) == []


def test_models_built_in_code_round_trip(models: ModuleType) -> None:
    from datetime import datetime
    from decimal import Decimal

    from bson import ObjectId

    economy = models.UserEconomy(
        master_account_id=ObjectId(),
        usd_credit=Decimal("0.10"),
        exp=5,
        created_at=datetime(2025, 1, 1, 0, 0, 0, 999999),
        updated_at=datetime(2025, 1, 1),
    )
    back = models.UserEconomy.from_document(roundtrip(economy.to_document()))
    assert back == economy
    assert type(back.usd_credit) is Decimal and back.usd_credit == Decimal("0.10")
    assert back.created_at == datetime(2025, 1, 1, 0, 0, 0, 999000)
