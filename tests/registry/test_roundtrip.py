"""Each registry type with a runtime type, round-tripped: value -> runtime validator -> dump
-> BSON bytes (of the registry's type number) -> pymongo decode -> validator -> same value."""

from __future__ import annotations

import typing
from datetime import datetime
from decimal import Decimal
from typing import Any

import bson
import pytest
from bson import Binary, Code, Decimal128, MaxKey, MinKey, ObjectId, Regex, Timestamp
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from noema_codegen import bson_registry as registry
from noema_codegen.runtime import bson_types as runtime_types

BOUNDED = settings(max_examples=60, deadline=None, derandomize=True)

INT32 = st.integers(-(2**31), 2**31 - 1)
INT64 = st.integers(-(2**63), 2**63 - 1)
DOUBLES = st.floats(allow_nan=False)
DECIMALS = st.builds(
    lambda coefficient, exponent: Decimal(coefficient).scaleb(exponent),
    st.integers(-(10**33), 10**33),
    st.integers(-6000, 6000),
)
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=20)

VALUES: dict[str, st.SearchStrategy[Any]] = {
    "objectId": st.binary(min_size=12, max_size=12).map(ObjectId),
    "date": st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    "decimal": DECIMALS,
    "long": INT64,
    "int": INT32,
    "double": DOUBLES,
    "number": st.one_of(INT64, DOUBLES, DECIMALS),
    "binData": st.one_of(
        st.binary(max_size=16),
        st.builds(Binary, st.binary(max_size=16), st.sampled_from([1, 2, 5, 6, 128, 255])),
    ),
    "timestamp": st.builds(Timestamp, st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    "regex": st.builds(Regex, TEXT, st.sets(st.sampled_from("ilmsux")).map("".join)),
    "javascript": TEXT.map(Code),
    "minKey": st.just(MinKey()),
    "maxKey": st.just(MaxKey()),
}

RUNTIME_RECORDS = [record for record in registry.RECORDS if record.runtime_type is not None]


def test_every_runtime_type_has_a_strategy() -> None:
    assert {record.alias for record in RUNTIME_RECORDS} == set(VALUES)


def _codes(record: registry.BsonTypeRecord) -> set[int]:
    members = record.members or (record.alias,)
    return {registry.ALIAS_CODES[member] for member in members}


def _element_code(data: bytes) -> int:
    code = data[4]
    return code - 256 if code > 127 else code


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left == right and left.is_signed() == right.is_signed()
    return type(left) is type(right) and bool(left == right)


@pytest.mark.parametrize("record", RUNTIME_RECORDS, ids=lambda record: record.alias)
def test_round_trip(record: registry.BsonTypeRecord) -> None:
    annotation = getattr(runtime_types, str(record.runtime_type))
    assert typing.get_origin(annotation) is typing.Annotated
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)

    @BOUNDED
    @given(VALUES[record.alias])
    def round_trip(value: Any) -> None:
        validated = adapter.validate_python(value)
        data = bson.encode({"v": adapter.dump_python(validated)})
        assert _element_code(data) in _codes(record)
        decoded = bson.decode(data)["v"]
        again = adapter.validate_python(decoded)
        assert _same(again, validated), (value, validated, decoded, again)

    round_trip()


def test_decimal_dump_is_decimal128() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(runtime_types.DecimalT)
    assert isinstance(adapter.dump_python(Decimal("1.10")), Decimal128)
