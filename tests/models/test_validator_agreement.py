"""The model accepts a stored document exactly when the collection's validator does.

Each field (top-level and nested) of the realistic documents is replaced by, or
stripped of, a value of each BSON type; ``from_document`` must agree with the
``$jsonSchema`` engine of ``noema_codegen.validation`` (MongoDB's semantics) on every
variant. The one documented exception (docs/models.md): a plain ``int`` in a ``long``
field is read (pymongo decodes stored longs as ``Int64``, so it is an int32 the
validator rejects) and written back as ``Int64``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest
from bson import Binary, Decimal128, Int64, ObjectId
from pydantic import ValidationError

from noema_codegen.ir.model import Collection, Project
from noema_codegen.runtime.bson_types import INT32_MAX, INT32_MIN
from noema_codegen.validation import compile_schema
from tests.models.documents import all_documents

ABSENT = object()
CANDIDATES: tuple[Any, ...] = (
    ABSENT,
    None,
    True,
    0,
    2**31,
    -(2**31) - 1,
    Int64(1),
    1.5,
    "x",
    "2025-01-01T00:00:00Z",
    "65f1a2b3c4d5e6f708192a3b",
    ObjectId("65f1a2b3c4d5e6f708192a3b"),
    Decimal128("1.5"),
    datetime(2025, 1, 1, 12, 30),
    datetime(2025, 1, 1, 12, 30, tzinfo=UTC),
    {},
    {"a": 1},
    [],
    ["x"],
    [{"a": 1}],
    Binary(b"\x01", 4),
    "active",
    "pending",
    "user_logout",
)


def positions(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """``(route to a field, dotted schema path)`` for every field of every subdocument."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), ".".join(str(p) for p in (*path, key) if isinstance(p, str))
            yield from positions(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from positions(item, (*path, index))


def variant(document: dict[str, Any], route: tuple[Any, ...], value: Any) -> dict[str, Any]:
    result = copy.deepcopy(document)
    container: Any = result
    for step in route[:-1]:
        container = container[step]
    if value is ABSENT:
        del container[route[-1]]
    else:
        container[route[-1]] = value
    return result


def is_documented_exception(collection: Collection, dotted: str, value: Any) -> bool:
    field = collection.field_at(dotted)
    plain_int32 = type(value) is int and INT32_MIN <= value <= INT32_MAX
    return plain_int32 and field is not None and field.bson_types == ("long",)


def undeclared(collection: Collection, dotted: str) -> bool:
    """Not a declared field: inside an open object (metadata, payloads) or a map entry."""
    return collection.field_at(dotted) is None


@pytest.mark.parametrize(
    ("collection_name", "stored"), all_documents(), ids=[n for n, _ in all_documents()]
)
def test_model_and_validator_agree_on_every_single_field_variant(
    models: ModuleType, project: Project, collection_name: str, stored: dict[str, Any]
) -> None:
    collection = project.get(collection_name)
    cls = getattr(models, collection.model_name)
    validator = compile_schema(collection.validator_schema)
    disagreements: list[str] = []
    checked = 0
    for route, dotted in positions(stored):
        if undeclared(collection, dotted):
            continue
        for value in CANDIDATES:
            candidate = variant(stored, route, value)
            server_accepts = validator.is_valid(candidate)
            try:
                cls.from_document(candidate)
                model_accepts = True
            except ValidationError:
                model_accepts = False
            checked += 1
            if server_accepts != model_accepts and not (
                model_accepts and is_documented_exception(collection, dotted, value)
            ):
                shown = "<absent>" if value is ABSENT else repr(value)
                disagreements.append(
                    f"{dotted}={shown}: validator {server_accepts}, model {model_accepts}"
                )
    assert checked >= len(CANDIDATES) * len(stored)
    assert disagreements == []


def test_the_documented_long_exception_is_the_only_one(
    models: ModuleType, project: Project
) -> None:
    """The exception above is real (so the test is not vacuous): validator rejects, model reads."""
    collection = project.get("userEconomy")
    stored = dict(all_documents()[1][1], exp=5)
    assert not compile_schema(collection.validator_schema).is_valid(stored)
    model = models.UserEconomy.from_document(stored)
    assert type(model.to_document()["exp"]) is Int64
