"""RawBSONDocument inputs are decoded once at the entry of ``is_valid``/``errors`` and judged
exactly as the decoded document (issue 14 item 5)."""

from __future__ import annotations

from typing import Any

import bson
from bson.raw_bson import RawBSONDocument
from hypothesis import HealthCheck, given, settings

from noema_codegen.validation import SchemaError, UnsupportedPattern, compile_schema
from tests.validation.strategies import documents, schemas


def _encodable(doc: dict[str, Any]) -> bytes | None:
    try:
        return bson.encode(doc)
    except Exception:  # noqa: BLE001 - values bson cannot encode are not RawBSON inputs
        return None


@settings(
    max_examples=150, derandomize=True, suppress_health_check=[HealthCheck.too_slow], deadline=None
)
@given(schemas, documents)
def test_raw_document_is_judged_as_the_decoded_document(
    schema: dict[str, Any], doc: dict[str, Any]
) -> None:
    try:
        validator = compile_schema(schema)
    except (SchemaError, UnsupportedPattern):
        return
    data = _encodable(doc)
    if data is None:
        return
    decoded = bson.decode(data)
    raw = RawBSONDocument(data)
    assert validator.is_valid(raw) == validator.is_valid(decoded)
    assert validator.errors(raw) == validator.errors(decoded)


class CountingRaw(RawBSONDocument):
    lookups = 0

    def __getitem__(self, key: str) -> Any:
        CountingRaw.lookups += 1
        return super().__getitem__(key)


def test_fields_are_not_looked_up_in_the_raw_bytes() -> None:
    validator = compile_schema(
        {"required": ["a"], "properties": {"a": {"bsonType": "int", "minimum": 1}}}
    )
    good, bad = CountingRaw(bson.encode({"a": 2})), CountingRaw(bson.encode({"a": 0}))
    assert validator.is_valid(good) and not validator.is_valid(bad)
    assert [e.pointer for e in validator.errors(bad)] == ["/a"]
    assert CountingRaw.lookups == 0
