"""Pydantic-compatible annotated types for the BSON types of MongoDB's ``$jsonSchema``.

Each type validates what pymongo decodes for that BSON type (and, where noted, the
Python value code naturally writes), rejects what the server's validator would
reject, and serialises (``model_dump()`` in Python mode) to the value ``bson.encode``
turns into that BSON type again:

=============  ===================  ==============================  ==================
bsonType       attribute type       accepted input                  dumped as
=============  ===================  ==============================  ==================
objectId       ``ObjectId``         ``ObjectId`` only (no hex str)  ``ObjectId``
date           ``datetime``         ``datetime`` only (no str)      naive UTC, ms
decimal        ``Decimal``          ``Decimal128``, ``Decimal``     ``Decimal128``
long           ``int``              ``int``/``Int64`` in int64      ``Int64``
int            ``int``              ``int`` in int32 (no ``Int64``) ``int`` (int32)
double         ``float``            ``float`` only                  ``float``
number         ``int|float|Decimal`` any of int/long/double/decimal  as for those
binData        ``bytes | Binary``   ``bytes``, ``Binary``           unchanged
timestamp      ``Timestamp``        ``Timestamp``                   unchanged
regex          ``Regex``            ``Regex``, ``re.Pattern``       ``Regex``
javascript     ``Code``             ``Code``                        unchanged
minKey/maxKey  ``MinKey``/``MaxKey`` instances                      unchanged
=============  ===================  ==============================  ==================

``bool`` is never accepted where a number is expected.  Dates: an aware datetime is
converted to naive UTC; microseconds are truncated to milliseconds (what MongoDB
stores), so a value equals itself after a round trip through the server.

In JSON mode (``model_dump(mode="json")``) the values become JSON-friendly
(``ObjectId``/``Decimal`` as strings, dates as ISO 8601 with ``Z``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeAlias

from bson import Binary, Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, PydanticSerializationUnexpectedValue, core_schema

from .decimal128_codec import decimal128_from_decimal, decimal_from_decimal128

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

Validator = Callable[[Any], Any]
Dumper = Callable[[Any, bool], Any]
"""``(value, json_mode) -> dumped value``."""


class BsonType:
    """Marker placed in ``Annotated[...]``: validates and dumps one BSON type."""

    def __init__(
        self,
        bson_type: str,
        validate: Validator,
        dump: Dumper,
        json_schema: JsonSchemaValue,
        holds: Callable[[Any], bool],
    ) -> None:
        self.bson_type = bson_type
        self._validate = validate
        self._dump = dump
        self._json_schema = json_schema
        self._holds = holds

    def __repr__(self) -> str:
        return f"BsonType({self.bson_type!r})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        dump, holds = self._dump, self._holds

        def serialize(value: Any, info: core_schema.SerializationInfo) -> Any:
            if not holds(value):
                # in a union (e.g. ["int", "double"]) let the member that holds it dump it
                raise PydanticSerializationUnexpectedValue(f"not a BSON {self.bson_type} value")
            return dump(value, info.mode_is_json())

        return core_schema.no_info_plain_validator_function(
            self._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                serialize, info_arg=True
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**self._json_schema, "x-bsonType": self.bson_type}


def _error(bson_type: str, expected: str, value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "bson_type",
        "BSON {bson_type} expects {expected}, got {got}",
        {"bson_type": bson_type, "expected": expected, "got": type(value).__name__},
    )


def _is_plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- objectId ---------------------------------------------------------------


def _validate_object_id(value: Any) -> ObjectId:
    if isinstance(value, ObjectId):
        return value
    raise _error("objectId", "a bson.ObjectId (a hex string is not an ObjectId)", value)


def _dump_object_id(value: ObjectId, json_mode: bool) -> Any:
    return str(value) if json_mode else value


# --- date -------------------------------------------------------------------


def _validate_date(value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise _error("date", "a datetime (an ISO string is not a date)", value)
    moment: datetime = value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if moment.microsecond % 1000:
        moment = moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)
    return moment


def _dump_date(value: datetime, json_mode: bool) -> Any:
    if json_mode:
        return value.isoformat(timespec="milliseconds") + "Z"
    return value


# --- decimal ----------------------------------------------------------------


def _validate_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal128):
        return decimal_from_decimal128(value)
    if isinstance(value, Decimal):
        try:
            decimal128_from_decimal(value)
        except Exception as exc:  # bson raises several types for unrepresentable values
            raise PydanticCustomError(
                "bson_decimal128_range",
                "BSON decimal: {value} does not fit a Decimal128 (34 digits): {reason}",
                {"value": str(value), "reason": str(exc)},
            ) from exc
        return value
    raise _error("decimal", "a bson.Decimal128 or decimal.Decimal", value)


def _dump_decimal(value: Decimal, json_mode: bool) -> Any:
    return str(value) if json_mode else decimal128_from_decimal(value)


# --- long / int -------------------------------------------------------------


def _validate_long(value: Any) -> int:
    if not _is_plain_int(value):
        raise _error("long", "an int or bson.Int64 (bool is not an int)", value)
    if not INT64_MIN <= value <= INT64_MAX:
        raise PydanticCustomError(
            "bson_int64_range", "BSON long: {value} is outside int64", {"value": int(value)}
        )
    return int(value)


def _dump_long(value: int, json_mode: bool) -> Any:
    return int(value) if json_mode else Int64(value)


def _validate_int32(value: Any) -> int:
    if isinstance(value, Int64):
        raise _error("int", "an int32 value (a bson.Int64 is stored as long)", value)
    if not _is_plain_int(value):
        raise _error("int", "an int (bool is not an int)", value)
    if not INT32_MIN <= value <= INT32_MAX:
        raise PydanticCustomError(
            "bson_int32_range",
            "BSON int: {value} is outside int32 [-2147483648, 2147483647]",
            {"value": int(value)},
        )
    return int(value)


def _dump_int(value: int, json_mode: bool) -> Any:
    return int(value)


# --- double / number --------------------------------------------------------


def _validate_double(value: Any) -> float:
    if isinstance(value, float):
        return float(value)
    raise _error("double", "a float (an int is stored as int32/int64, not double)", value)


def _dump_same(value: Any, json_mode: bool) -> Any:
    return value


def _validate_number(value: Any) -> int | float | Decimal:
    if isinstance(value, Decimal128 | Decimal):
        return _validate_decimal(value)
    if isinstance(value, float):
        return float(value)
    if _is_plain_int(value):
        return _validate_long(value)
    raise _error("number", "an int, bson.Int64, float, Decimal or Decimal128", value)


def _dump_number(value: Any, json_mode: bool) -> Any:
    if isinstance(value, Decimal):
        return _dump_decimal(value, json_mode)
    return value


# --- binData, timestamp, regex, javascript, minKey, maxKey -------------------


def _validate_binary(value: Any) -> bytes | Binary:
    if isinstance(value, Binary):
        # pymongo decodes subtype 0 as bytes: normalise so a round trip keeps the type
        return bytes(value) if value.subtype == 0 else value
    if isinstance(value, bytes):
        return value
    raise _error("binData", "bytes or a bson.Binary", value)


def _dump_binary(value: bytes | Binary, json_mode: bool) -> Any:
    return bytes(value).hex() if json_mode else value


def _instance_of(bson_type: str, cls: type) -> Validator:
    def validate(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        raise _error(bson_type, f"a bson.{cls.__name__}", value)

    return validate


def _validate_regex(value: Any) -> Regex[Any]:
    if isinstance(value, Regex):
        return value
    if isinstance(value, re.Pattern):
        return Regex.from_native(value)
    raise _error("regex", "a bson.Regex or re.Pattern", value)


def _dump_as_str(value: Any, json_mode: bool) -> Any:
    return str(value) if json_mode else value


def _dump_regex(value: Regex[Any], json_mode: bool) -> Any:
    return str(value.pattern) if json_mode else value


def _holds_int32(value: Any) -> bool:
    return _is_plain_int(value) and INT32_MIN <= value <= INT32_MAX


def _holds_number(value: Any) -> bool:
    return _is_plain_int(value) or isinstance(value, float | Decimal)


def _holds(*classes: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, classes)


_STRING: JsonSchemaValue = {"type": "string"}
_INTEGER: JsonSchemaValue = {"type": "integer"}

_OBJECT_ID_SCHEMA: JsonSchemaValue = {**_STRING, "pattern": "^[0-9a-f]{24}$"}

ObjectIdT: TypeAlias = Annotated[
    ObjectId,
    BsonType("objectId", _validate_object_id, _dump_object_id, _OBJECT_ID_SCHEMA, _holds(ObjectId)),
]
DateT: TypeAlias = Annotated[
    datetime,
    BsonType(
        "date", _validate_date, _dump_date, {**_STRING, "format": "date-time"}, _holds(datetime)
    ),
]
DecimalT: TypeAlias = Annotated[
    Decimal,
    BsonType(
        "decimal",
        _validate_decimal,
        _dump_decimal,
        {**_STRING, "format": "decimal"},
        _holds(Decimal),
    ),
]
LongT: TypeAlias = Annotated[
    int,
    BsonType(
        "long",
        _validate_long,
        _dump_long,
        {**_INTEGER, "minimum": INT64_MIN, "maximum": INT64_MAX},
        _is_plain_int,
    ),
]
Int32T: TypeAlias = Annotated[
    int,
    BsonType(
        "int",
        _validate_int32,
        _dump_int,
        {**_INTEGER, "minimum": INT32_MIN, "maximum": INT32_MAX},
        _holds_int32,
    ),
]
DoubleT: TypeAlias = Annotated[
    float, BsonType("double", _validate_double, _dump_same, {"type": "number"}, _holds(float))
]
NumberT: TypeAlias = Annotated[
    int | float | Decimal,
    BsonType("number", _validate_number, _dump_number, {"type": "number"}, _holds_number),
]
BinaryT: TypeAlias = Annotated[
    bytes | Binary,
    BsonType(
        "binData",
        _validate_binary,
        _dump_binary,
        {**_STRING, "format": "binary"},
        _holds(bytes, Binary),
    ),
]
TimestampT: TypeAlias = Annotated[
    Timestamp,
    BsonType(
        "timestamp",
        _instance_of("timestamp", Timestamp),
        _dump_as_str,
        {"type": "object"},
        _holds(Timestamp),
    ),
]
RegexT: TypeAlias = Annotated[
    Regex[Any],
    BsonType("regex", _validate_regex, _dump_regex, {**_STRING, "format": "regex"}, _holds(Regex)),
]
JavascriptT: TypeAlias = Annotated[
    Code,
    BsonType("javascript", _instance_of("javascript", Code), _dump_as_str, _STRING, _holds(Code)),
]
MinKeyT: TypeAlias = Annotated[
    MinKey,
    BsonType(
        "minKey", _instance_of("minKey", MinKey), _dump_as_str, {"type": "object"}, _holds(MinKey)
    ),
]
MaxKeyT: TypeAlias = Annotated[
    MaxKey,
    BsonType(
        "maxKey", _instance_of("maxKey", MaxKey), _dump_as_str, {"type": "object"}, _holds(MaxKey)
    ),
]

__all__ = [
    "INT32_MAX",
    "INT32_MIN",
    "INT64_MAX",
    "INT64_MIN",
    "BinaryT",
    "BsonType",
    "DateT",
    "DecimalT",
    "DoubleT",
    "Int32T",
    "JavascriptT",
    "LongT",
    "MaxKeyT",
    "MinKeyT",
    "NumberT",
    "ObjectIdT",
    "RegexT",
    "TimestampT",
]
