"""Value checks of individual keywords: type sets, non-negative integers, encrypt options.

Each function returns ``(value, None)`` when the server accepts the keyword's value, or
``(None, message)`` with the server's reason when it does not.
"""

from __future__ import annotations

import math
from typing import Any, Final

from noema_codegen.validation import bson_types as bt

ENCRYPT_METADATA_KEYWORD: Final = "encryptMetadata"
FLE_ALGORITHMS: Final = frozenset(
    {"AEAD_AES_256_CBC_HMAC_SHA_512-Deterministic", "AEAD_AES_256_CBC_HMAC_SHA_512-Random"}
)
_INT64_MAX_PLUS_ONE: Final = 2.0**63


def parse_type_set(
    value: Any, keyword: str, aliases: dict[str, int], *, allow_empty: bool = False
) -> tuple[frozenset[int] | None, str | None]:
    """``JSONSchemaParser::parseTypeSet`` followed by the "at least one type" check."""
    code = bt.type_code(value)
    names: list[str] = []
    if code == bt.STRING:
        if value == "integer":
            return None, "$jsonSchema type 'integer' is not currently supported."
        names.append(str(value))
    elif code == bt.ARRAY:
        for item in value:
            if bt.type_code(item) != bt.STRING:
                return None, f"$jsonSchema keyword '{keyword}' array elements must be strings"
            if item == "integer":
                return None, "$jsonSchema type 'integer' is not currently supported."
            if item in names:
                return None, f"$jsonSchema keyword '{keyword}' has duplicate value: {item}"
            names.append(str(item))
    else:
        return (
            None,
            f"$jsonSchema keyword '{keyword}' must be either a string or an array of strings",
        )
    codes: set[int] = set()
    for name in sorted(names):
        if name == bt.NUMBER_ALIAS:
            codes |= bt.NUMBER_CODES
        elif name in aliases:
            codes.add(aliases[name])
        elif name == "missing":
            return None, (
                "'missing' is not a legal type name. To query for non-existence of a "
                "field, use {$exists:false}."
            )
        else:
            return None, f"Unknown type name alias: {name}"
    if not codes and not allow_empty:
        return None, f"$jsonSchema keyword '{keyword}' must name at least one type"
    return frozenset(codes), None


def parse_integer_keyword(value: Any) -> tuple[int | None, str | None]:
    """``BSONElement::parseIntegerElementToNonNegativeLong``: any number with an exact
    non-negative 64-bit integer value (2, 2.0, Int64(2), Decimal128("2.0"))."""
    code = bt.type_code(value)
    if code not in bt.NUMBER_CODES:
        return None, f"Expected a number in: {value!r}"
    if code == bt.DOUBLE:
        if math.isnan(value):
            return None, f"Expected an integer, but found NaN in: {value!r}"
        if value >= _INT64_MAX_PLUS_ONE or value < -_INT64_MAX_PLUS_ONE:
            return None, f"Cannot represent as a 64-bit integer: {value!r}"
        if math.floor(value) != value:
            return None, f"Expected an integer: {value!r}"
        number = int(value)
    elif code == bt.DECIMAL:
        dec = value.to_decimal()
        if not dec.is_finite() or dec != dec.to_integral_value():
            return None, f"Cannot represent as a 64-bit integer: {value!r}"
        number = int(dec)
        if not -(2**63) <= number < 2**63:
            return None, f"Cannot represent as a 64-bit integer: {value!r}"
    else:
        number = int(value)
    if number < 0:
        return None, f"Expected a non-negative number in: {value!r}"
    return number, None


def _is_uuid(value: Any) -> bool:
    if bt.type_code(value) != bt.BINDATA:
        return False
    return bt.bindata_subtype(value) == 4 and len(bt.bindata_bytes(value)) == 16


def _check_key_id(value: Any, field: str) -> str | None:
    code = bt.type_code(value)
    if code == bt.STRING:
        return None
    if code == bt.ARRAY:
        for item in value:
            if not _is_uuid(item):
                return "Array elements must have type UUID"
        return None
    return (
        "Expected either string or array of UUID for EncryptSchemaKeyId, found "
        f"{bt.type_name(code)} ({field}.keyId)"
    )


def _check_common(options: Any, field: str, allowed: frozenset[str]) -> str | None:
    code = bt.type_code(options)
    if code != bt.OBJECT:
        return f"$jsonSchema keyword '{field}' must be an object "
    mapping = bt.as_mapping(options)
    for name in mapping:
        if name not in allowed:
            return f"BSON field '{field}.{name}' is an unknown field."
    if "algorithm" in mapping:
        algorithm = mapping["algorithm"]
        if bt.type_code(algorithm) != bt.STRING:
            return (
                f"BSON field '{field}.algorithm' is the wrong type "
                f"'{bt.type_name(bt.type_code(algorithm))}', expected type 'string'"
            )
        if algorithm not in FLE_ALGORITHMS:
            return (
                f"Enumeration value '{algorithm}' for field '{field}.algorithm' is not a "
                "valid value."
            )
    if "keyId" in mapping:
        return _check_key_id(mapping["keyId"], field)
    return None


def parse_encrypt_metadata(value: Any) -> str | None:
    """The ``EncryptionMetadata`` IDL struct (strict): algorithm and keyId, non-empty."""
    message = _check_common(value, ENCRYPT_METADATA_KEYWORD, frozenset({"algorithm", "keyId"}))
    if message is not None:
        return message
    if len(bt.as_mapping(value)) == 0:
        return "$jsonSchema keyword 'encryptMetadata' cannot be an empty object "
    return None


def parse_encrypt(value: Any) -> tuple[frozenset[int] | None, str | None]:
    """The ``EncryptionInfo`` IDL struct (strict): bsonType, algorithm, keyId.

    Returns the set of original BSON types the encrypted payload may carry (None: any)."""
    message = _check_common(value, "encrypt", frozenset({"bsonType", "algorithm", "keyId"}))
    if message is not None:
        return None, message
    mapping = bt.as_mapping(value)
    if "bsonType" not in mapping:
        return None, None
    types, type_message = parse_type_set(
        mapping["bsonType"], "bsonType", bt.BSON_TYPE_ALIASES, allow_empty=True
    )
    if type_message is not None:
        return None, type_message
    return types, None
