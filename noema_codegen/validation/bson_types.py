"""BSON type codes of Python values, as pymongo would encode them, and the server's type aliases.

Mapping chosen (pymongo 4 encoder, ``bson._ENCODERS``):

* ``bool`` -> bool (never a number); ``int`` -> int (int32) when it fits in 32 bits, long (int64)
  when it fits in 64 bits, otherwise unencodable; ``bson.Int64`` -> long; ``float`` -> double;
  ``bson.Decimal128`` -> decimal.
* ``str`` -> string; ``bson.Code`` (a ``str`` subclass) -> javascript, or javascriptWithScope when
  it has a scope.
* ``bytes`` and ``bson.Binary`` -> binData; ``uuid.UUID`` -> binData subtype 4 (we assume
  ``uuidRepresentation=standard``; with pymongo's default ``unspecified`` a native UUID cannot be
  encoded at all).
* ``datetime.datetime`` and ``bson.DatetimeMS`` -> date; ``None`` -> null; ``re.Pattern`` and
  ``bson.Regex`` -> regex; ``bson.Timestamp`` -> timestamp; ``MinKey``/``MaxKey``.
* ``dict``, ``SON``, ``RawBSONDocument`` and any other ``Mapping`` -> object; ``bson.DBRef`` ->
  object (pymongo sends ``{$ref, $id, $db?, ...}``); ``list`` and ``tuple`` -> array.
* pymongo decodes the deprecated BSON types to other Python values (undefined -> ``None``,
  symbol -> ``str``, dbPointer -> ``DBRef``), so a document decoded by pymongo never holds them:
  the aliases ``undefined``, ``symbol`` and ``dbPointer`` are accepted in schemas but match no
  Python value.
* Anything else (``decimal.Decimal``, ``datetime.date``, ints beyond 64 bits, ...) cannot be
  encoded by pymongo; it gets the code :data:`UNENCODABLE`, which matches no type.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Mapping
from typing import Any, Final

import bson
import bson.errors
from bson import DBRef, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp
from bson.binary import Binary, UuidRepresentation
from bson.code import Code
from bson.codec_options import CodecOptions
from bson.datetime_ms import DatetimeMS
from bson.raw_bson import RawBSONDocument
from bson.son import SON

from noema_codegen import bson_registry as registry

MINKEY: Final = -1
DOUBLE: Final = 1
STRING: Final = 2
OBJECT: Final = 3
ARRAY: Final = 4
BINDATA: Final = 5
UNDEFINED: Final = 6
OBJECTID: Final = 7
BOOL: Final = 8
DATE: Final = 9
NULL: Final = 10
REGEX: Final = 11
DBPOINTER: Final = 12
JAVASCRIPT: Final = 13
SYMBOL: Final = 14
JAVASCRIPT_WITH_SCOPE: Final = 15
INT: Final = 16
TIMESTAMP: Final = 17
LONG: Final = 18
DECIMAL: Final = 19
MAXKEY: Final = 127
UNENCODABLE: Final = 1000

NUMBER_CODES: Final[frozenset[int]] = registry.NUMERIC_CODES

#: The server's ``findBSONTypeAlias`` table (bsontypes.cpp), used by ``bsonType``; the
#: codes above are its numbers (tests/registry/test_registry.py checks they agree).
BSON_TYPE_ALIASES: Final[dict[str, int]] = dict(registry.ALIAS_CODES)

#: ``MatcherTypeSet::kJsonSchemaTypeAliasMap``, used by ``type``.
JSON_TYPE_ALIASES: Final[dict[str, int]] = dict(registry.JSON_TYPE_CODES)

#: The alias that both keywords accept for "any of the four numeric types".
NUMBER_ALIAS: Final = registry.NUMBER_ALIAS

TYPE_NAMES: Final[dict[int, str]] = {code: name for name, code in BSON_TYPE_ALIASES.items()}
TYPE_NAMES[UNENCODABLE] = "a value pymongo cannot encode"

_INT32_MIN: Final = -(2**31)
_INT32_MAX: Final = 2**31 - 1
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1

#: Exact Python classes whose BSON type does not depend on the value.
FIXED_CODES: Final[dict[type, int]] = {
    float: DOUBLE,
    str: STRING,
    dict: OBJECT,
    SON: OBJECT,
    RawBSONDocument: OBJECT,
    DBRef: OBJECT,
    list: ARRAY,
    tuple: ARRAY,
    bytes: BINDATA,
    Binary: BINDATA,
    uuid.UUID: BINDATA,
    ObjectId: OBJECTID,
    bool: BOOL,
    datetime.datetime: DATE,
    DatetimeMS: DATE,
    type(None): NULL,
    re.Pattern: REGEX,
    Regex: REGEX,
    Timestamp: TIMESTAMP,
    Int64: LONG,
    Decimal128: DECIMAL,
    MinKey: MINKEY,
    MaxKey: MAXKEY,
}

# pymongo's _type_marker values for its own classes (subclasses included).
_MARKER_CODES: Final[dict[int, int]] = {
    5: BINDATA,
    7: OBJECTID,
    9: DATE,
    11: REGEX,
    17: TIMESTAMP,
    18: LONG,
    19: DECIMAL,
    100: OBJECT,  # DBRef
    101: OBJECT,  # RawBSONDocument
    127: MAXKEY,
    255: MINKEY,
}


def int_code(value: int) -> int:
    """The BSON type pymongo picks for a plain Python int."""
    if _INT32_MIN <= value <= _INT32_MAX:
        return INT
    if _INT64_MIN <= value <= _INT64_MAX:
        return LONG
    return UNENCODABLE


def type_code(value: Any) -> int:
    """The BSON type code pymongo would encode ``value`` as (:data:`UNENCODABLE` if none)."""
    cls = type(value)
    code = FIXED_CODES.get(cls)
    if code is not None:
        return code
    if cls is int:
        return int_code(value)
    if cls is Code:
        return JAVASCRIPT if value.scope is None else JAVASCRIPT_WITH_SCOPE
    return _subclass_code(value)


def _subclass_code(value: Any) -> int:
    marker = getattr(value, "_type_marker", None)
    if marker == 13:
        return JAVASCRIPT if value.scope is None else JAVASCRIPT_WITH_SCOPE
    if isinstance(marker, int) and marker in _MARKER_CODES:
        if marker == 18:
            return LONG if _INT64_MIN <= value <= _INT64_MAX else UNENCODABLE
        return _MARKER_CODES[marker]
    # The order follows bson._ENCODERS, which pymongo walks with isinstance().
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, bytes):
        return BINDATA
    if isinstance(value, datetime.datetime):
        return DATE
    if isinstance(value, dict):
        return OBJECT
    if isinstance(value, float):
        return DOUBLE
    if isinstance(value, int):
        return int_code(value)
    if isinstance(value, (list, tuple)):
        return ARRAY
    if isinstance(value, str):
        return STRING
    if isinstance(value, uuid.UUID):
        return BINDATA
    if isinstance(value, re.Pattern):
        return REGEX
    if isinstance(value, Mapping):
        return OBJECT
    return UNENCODABLE


def as_mapping(value: Any) -> Mapping[str, Any]:
    """The field view of a value whose code is OBJECT (a DBRef is sent as a subdocument)."""
    if isinstance(value, DBRef):
        return value.as_doc()
    result: Mapping[str, Any] = value
    return result


def bindata_subtype(value: Any) -> int:
    """Binary subtype of a value whose code is BINDATA."""
    if isinstance(value, Binary):
        return int(value.subtype)
    if isinstance(value, uuid.UUID):
        return 4
    return 0


def bindata_bytes(value: Any) -> bytes:
    """Payload of a value whose code is BINDATA."""
    if isinstance(value, uuid.UUID):
        return value.bytes
    return bytes(value)


def type_name(code: int) -> str:
    return TYPE_NAMES.get(code, f"type {code}")


_STANDARD_UUIDS: Final[CodecOptions[Any]] = CodecOptions(
    uuid_representation=UuidRepresentation.STANDARD
)


def is_encodable(value: Any) -> bool:
    """Whether pymongo can encode ``value`` (with ``uuidRepresentation=standard``)."""
    try:
        bson.encode({"v": value}, codec_options=_STANDARD_UUIDS)
    except (bson.errors.InvalidDocument, OverflowError, ValueError, TypeError):
        return False
    return True
