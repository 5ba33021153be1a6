"""The annotated BSON types of the runtime, tested directly (no generated code)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal

import bson
import pytest
from bson import Binary, Decimal128, Int64, ObjectId, Regex
from pydantic import TypeAdapter, ValidationError

from noema_codegen.runtime import bson_types as bt


def check(annotation: Any, value: Any) -> Any:
    return TypeAdapter(annotation).validate_python(value)


def dump(annotation: Any, value: Any, mode: Literal["json", "python"] = "python") -> Any:
    adapter = TypeAdapter(annotation)
    return adapter.dump_python(adapter.validate_python(value), mode=mode)


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        (bt.ObjectIdT, "65f1a2b3c4d5e6f708192a3b"),
        (bt.ObjectIdT, b"\x01" * 12),
        (bt.DateT, "2025-01-01T00:00:00Z"),
        (bt.DateT, 1735689600000),
        (bt.DateT, datetime(2025, 1, 1).date()),
        (bt.LongT, True),
        (bt.LongT, "5"),
        (bt.LongT, 5.0),
        (bt.LongT, 2**63),
        (bt.LongT, -(2**63) - 1),
        (bt.Int32T, True),
        (bt.Int32T, 2**31),
        (bt.Int32T, -(2**31) - 1),
        (bt.Int32T, Int64(5)),
        (bt.Int32T, 5.0),
        (bt.DecimalT, 1.5),
        (bt.DecimalT, "1.5"),
        (bt.DecimalT, 1),
        (bt.DecimalT, Decimal("1." + "1" * 40)),
        (bt.DoubleT, 1),
        (bt.DoubleT, True),
        (bt.DoubleT, Decimal128("1.5")),
        (bt.NumberT, True),
        (bt.NumberT, "1"),
        (bt.BinaryT, "abc"),
        (bt.RegexT, "^a"),
    ],
)
def test_values_the_validator_rejects_are_rejected(annotation: Any, value: Any) -> None:
    with pytest.raises(ValidationError):
        check(annotation, value)


def test_objectid_accepted_as_is() -> None:
    oid = ObjectId()
    assert check(bt.ObjectIdT, oid) is oid
    assert dump(bt.ObjectIdT, oid) is oid
    assert dump(bt.ObjectIdT, oid, "json") == str(oid)


def test_int32_bounds_are_inclusive() -> None:
    assert check(bt.Int32T, 2**31 - 1) == 2**31 - 1
    assert check(bt.Int32T, -(2**31)) == -(2**31)
    assert type(dump(bt.Int32T, 7)) is int


def test_long_accepts_int_and_int64_and_dumps_int64() -> None:
    for value in (7, Int64(7), 2**63 - 1, -(2**63)):
        assert type(check(bt.LongT, value)) is int
        dumped = dump(bt.LongT, value)
        assert type(dumped) is Int64 and dumped == value
    encoded = bson.encode({"n": dump(bt.LongT, 7)})
    assert encoded[4:5] == b"\x12"  # first element is an int64


def test_decimal_from_decimal128_and_decimal_dumps_decimal128() -> None:
    assert check(bt.DecimalT, Decimal128("12.3450")) == Decimal("12.3450")
    assert str(check(bt.DecimalT, Decimal128("12.3450"))) == "12.3450"  # exponent kept
    assert dump(bt.DecimalT, Decimal("-0.04")) == Decimal128("-0.04")
    assert type(dump(bt.DecimalT, Decimal("-0.04"))) is Decimal128
    assert dump(bt.DecimalT, Decimal("-0.04"), "json") == "-0.04"


def test_dates_are_naive_utc_with_millisecond_precision() -> None:
    assert check(bt.DateT, datetime(2025, 1, 1, 12, 0, 0, 123999)) == datetime(
        2025, 1, 1, 12, 0, 0, 123000
    )
    aware = datetime(2025, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    converted = check(bt.DateT, aware)
    assert converted == datetime(2025, 1, 1, 12, 0) and converted.tzinfo is None
    assert check(bt.DateT, datetime(2025, 1, 1, tzinfo=UTC)).tzinfo is None
    # exactly what the server hands back
    value = datetime(2025, 1, 1, 12, 0, 0, 123999)
    assert bson.decode(bson.encode({"d": check(bt.DateT, value)}))["d"] == check(bt.DateT, value)
    assert dump(bt.DateT, datetime(2025, 1, 1), "json") == "2025-01-01T00:00:00.000Z"


def test_double_and_number() -> None:
    assert check(bt.DoubleT, 1.5) == 1.5
    assert check(bt.NumberT, 3) == 3
    assert check(bt.NumberT, Decimal128("2.5")) == Decimal("2.5")
    assert dump(bt.NumberT, Decimal("2.5")) == Decimal128("2.5")
    assert dump(bt.NumberT, 1.25) == 1.25


def test_binary_subtype_zero_is_bytes_like_pymongo_decodes_it() -> None:
    assert check(bt.BinaryT, Binary(b"ab", 0)) == b"ab"
    assert type(check(bt.BinaryT, Binary(b"ab", 0))) is bytes
    uuid_bin = Binary(b"\x00" * 16, 4)
    assert check(bt.BinaryT, uuid_bin) is uuid_bin


def test_regex_from_pattern() -> None:
    regex = check(bt.RegexT, re.compile("^a", re.IGNORECASE))
    assert isinstance(regex, Regex) and regex.pattern == "^a"


def test_json_schema_names_the_bson_type() -> None:
    schema = TypeAdapter(bt.LongT).json_schema()
    assert schema["x-bsonType"] == "long" and schema["type"] == "integer"
