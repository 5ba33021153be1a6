"""Python values map to BSON types as pymongo encodes them."""

from __future__ import annotations

import datetime
import re
import uuid
from collections import OrderedDict
from typing import Any

import bson
import pytest
from bson import (
    SON,
    Binary,
    Code,
    DBRef,
    Decimal128,
    Int64,
    MaxKey,
    MinKey,
    ObjectId,
    Regex,
    Timestamp,
)
from bson.binary import UuidRepresentation
from bson.codec_options import CodecOptions
from bson.datetime_ms import DatetimeMS
from bson.raw_bson import RawBSONDocument

from noema_codegen.validation import bson_types as bt
from noema_codegen.validation import compile_schema

VALUES: list[tuple[Any, int]] = [
    (1.5, bt.DOUBLE),
    ("s", bt.STRING),
    ({"a": 1}, bt.OBJECT),
    (SON([("a", 1)]), bt.OBJECT),
    (OrderedDict(a=1), bt.OBJECT),
    (RawBSONDocument(bson.encode({"a": 1})), bt.OBJECT),
    (DBRef("c", ObjectId()), bt.OBJECT),
    ([1], bt.ARRAY),
    ((1,), bt.ARRAY),
    (b"x", bt.BINDATA),
    (Binary(b"x", 128), bt.BINDATA),
    (uuid.uuid4(), bt.BINDATA),
    (ObjectId(), bt.OBJECTID),
    (True, bt.BOOL),
    (datetime.datetime(2020, 1, 1), bt.DATE),
    (DatetimeMS(0), bt.DATE),
    (None, bt.NULL),
    (re.compile("a"), bt.REGEX),
    (Regex("a", "i"), bt.REGEX),
    (Code("f()"), bt.JAVASCRIPT),
    (Code("f()", {"x": 1}), bt.JAVASCRIPT_WITH_SCOPE),
    (0, bt.INT),
    (-(2**31), bt.INT),
    (2**31 - 1, bt.INT),
    (2**31, bt.LONG),
    (-(2**31) - 1, bt.LONG),
    (2**63 - 1, bt.LONG),
    (2**63, bt.UNENCODABLE),
    (Int64(1), bt.LONG),
    (Timestamp(1, 2), bt.TIMESTAMP),
    (Decimal128("1"), bt.DECIMAL),
    (MinKey(), bt.MINKEY),
    (MaxKey(), bt.MAXKEY),
    (datetime.date(2020, 1, 1), bt.UNENCODABLE),
    (object(), bt.UNENCODABLE),
]


@pytest.mark.parametrize(
    ("value", "code"), VALUES, ids=[f"{type(v).__name__}-{c}" for v, c in VALUES]
)
def test_type_code(value: Any, code: int) -> None:
    assert bt.type_code(value) == code


@pytest.mark.parametrize(
    ("value", "code"),
    [v for v in VALUES if v[1] != bt.UNENCODABLE],
    ids=[f"{type(v).__name__}-{c}" for v, c in VALUES if c != bt.UNENCODABLE],
)
def test_type_code_agrees_with_pymongo_encoder(value: Any, code: int) -> None:
    options: CodecOptions[Any] = CodecOptions(uuid_representation=UuidRepresentation.STANDARD)
    raw = bson.encode({"v": value}, codec_options=options)
    element_type = raw[4]
    expected = -1 if element_type == 0xFF else element_type
    assert code == expected


def test_pymongo_cannot_encode_what_we_call_unencodable() -> None:
    for value in (2**63, datetime.date(2020, 1, 1)):
        with pytest.raises((bson.errors.InvalidDocument, OverflowError)):
            bson.encode({"v": value})


def test_subclasses_follow_the_encoder() -> None:
    class MyInt(int):
        pass

    class MyStr(str):
        pass

    class MyDict(dict[str, Any]):
        pass

    assert bt.type_code(MyInt(3)) == bt.INT
    assert bt.type_code(MyStr("x")) == bt.STRING
    assert bt.type_code(MyDict()) == bt.OBJECT


@pytest.mark.parametrize("alias", sorted(bt.BSON_TYPE_ALIASES))
def test_each_alias_matches_its_values_only(alias: str) -> None:
    validator = compile_schema({"properties": {"a": {"bsonType": alias}}})
    code = bt.BSON_TYPE_ALIASES[alias]
    for value, value_code in VALUES:
        assert validator.is_valid({"a": value}) is (value_code == code), (alias, value)
        assert (validator.errors({"a": value}) == []) is (value_code == code)


def test_number_alias() -> None:
    validator = compile_schema({"properties": {"a": {"bsonType": "number"}}})
    for value, code in VALUES:
        assert validator.is_valid({"a": value}) is (code in bt.NUMBER_CODES), value
