"""BSON value equality and numeric comparison with the server's rules.

``enum`` and ``uniqueItems`` use the server's ``UnorderedFieldsBSONElementComparator``: values are
compared by canonical type first (so ``true`` never equals ``1`` and a date never equals a
timestamp), numbers compare by value across int/long/double/decimal (``1 == 1.0 ==
Decimal128("1.00")``, every NaN equals every NaN), embedded documents compare their fields
regardless of order (recursively), and arrays compare element by element in order.

:func:`value_key` maps a value to a hashable key such that two values are BSON-equal iff their
keys are equal. Doubles are keyed by their 34-digit decimal rounding, which is what the server
compares a decimal with (``compareDecimalToDouble``) and still tells any two doubles apart.
"""

from __future__ import annotations

import datetime
import decimal
import math
from fractions import Fraction
from typing import Any, Final

from bson.datetime_ms import DatetimeMS

from noema_codegen.validation import bson_types as bt

_NAN_KEY: Final = ("nan",)
_CTX34: Final = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class Unencodable(Exception):
    """Raised for a value pymongo cannot encode."""


def number_key(value: Any, code: int) -> object:
    """Hashable key of a numeric value: equal keys iff equal numbers (NaNs all equal)."""
    if code == bt.INT or code == bt.LONG:
        return int(value)
    if code == bt.DOUBLE:
        if math.isnan(value):
            return _NAN_KEY
        if math.isinf(value):
            return value
        # The server compares a double with a decimal after rounding the double to 34 digits;
        # distinct doubles stay distinct at 34 digits, so this one key is exact for all pairs.
        rounded = _CTX34.create_decimal(value)
        if rounded == rounded.to_integral_value():
            return int(rounded)
        return Fraction(rounded)
    dec = value.to_decimal()
    if dec.is_nan():
        return _NAN_KEY
    if dec.is_infinite():
        return math.inf if dec > 0 else -math.inf
    if dec == dec.to_integral_value():
        return int(dec)
    return Fraction(dec)


def date_millis(value: Any) -> int:
    """Milliseconds since the epoch, as pymongo encodes a datetime (naive = UTC)."""
    if isinstance(value, DatetimeMS):
        return int(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    delta: datetime.timedelta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def value_key(value: Any) -> object:
    """Hashable key implementing BSON equality (see module docstring)."""
    code = bt.type_code(value)
    if code in bt.NUMBER_CODES:
        return ("n", number_key(value, code))
    if code == bt.STRING:
        return ("s", str(value))
    if code == bt.OBJECT:
        mapping = bt.as_mapping(value)
        return ("o", frozenset((str(k), value_key(v)) for k, v in mapping.items()))
    if code == bt.ARRAY:
        return ("a", tuple(value_key(v) for v in value))
    if code == bt.NULL:
        return ("null",)
    if code == bt.BOOL:
        return ("b", bool(value))
    if code == bt.DATE:
        return ("d", date_millis(value))
    if code == bt.OBJECTID:
        return ("oid", value.binary)
    if code == bt.BINDATA:
        return ("bin", bt.bindata_subtype(value), bt.bindata_bytes(value))
    if code == bt.TIMESTAMP:
        return ("ts", value.time, value.inc)
    if code == bt.REGEX:
        return ("re", _regex_parts(value))
    if code == bt.JAVASCRIPT:
        return ("js", str(value))
    if code == bt.JAVASCRIPT_WITH_SCOPE:
        return ("jsws", str(value), value_key(dict(value.scope)))
    if code == bt.MINKEY:
        return ("minkey",)
    if code == bt.MAXKEY:
        return ("maxkey",)
    raise Unencodable(type(value).__name__)


def _regex_parts(value: Any) -> tuple[str, str]:
    import bson

    raw = bson.encode({"r": value})
    # element: type byte, "r\0", pattern\0, flags\0
    body = raw[4 + 1 + 2 : -1]
    pattern, flags, _ = body.split(b"\x00", 2)
    return pattern.decode("utf-8", "surrogatepass"), flags.decode()


def safe_key(value: Any) -> object:
    """:func:`value_key`, or a key equal to nothing else for an unencodable value."""
    try:
        return value_key(value)
    except Unencodable:
        return object()


def to_decimal(value: Any, code: int) -> decimal.Decimal:
    """A numeric value as ``decimal.Decimal`` the way ``BSONElement::numberDecimal`` does
    (doubles are rounded to 15 significant digits)."""
    if code == bt.DECIMAL:
        result: decimal.Decimal = value.to_decimal()
        return result
    if code == bt.DOUBLE:
        if math.isnan(value) or math.isinf(value):
            return decimal.Decimal(value)
        return decimal.Decimal(f"{value:.14e}")
    return decimal.Decimal(int(value))


def is_multiple(value: Any, code: int, divisor: decimal.Decimal) -> bool:
    """``$_internalSchemaFmod``: the exact decimal remainder of value / divisor is zero."""
    dec = to_decimal(value, code)
    if not dec.is_finite():
        return False
    if dec.is_zero():
        return True
    _, v_digits, v_exp = dec.as_tuple()
    _, d_digits, d_exp = divisor.as_tuple()
    assert isinstance(v_exp, int) and isinstance(d_exp, int)
    v_int = int("".join(map(str, v_digits)) or "0")
    d_int = int("".join(map(str, d_digits)) or "0")
    exp = min(v_exp, d_exp)
    scaled_value: int = v_int * 10 ** (v_exp - exp)
    scaled_divisor: int = d_int * 10 ** (d_exp - exp)
    return scaled_value % scaled_divisor == 0


def compare_numbers(value: Any, code: int, bound: Any, bound_code: int) -> int | None:
    """Sign of value - bound, or None when either is NaN (the server's comparison rule)."""
    if code == bt.DECIMAL or bound_code == bt.DECIMAL:
        left = _as_decimal_for_compare(value, code)
        right = _as_decimal_for_compare(bound, bound_code)
        if left.is_nan() or right.is_nan():
            return None
        return (left > right) - (left < right)
    left_n = float(value) if code == bt.DOUBLE else int(value)
    right_n = float(bound) if bound_code == bt.DOUBLE else int(bound)
    if math.isnan(left_n) or math.isnan(right_n):
        return None
    return (left_n > right_n) - (left_n < right_n)


def _as_decimal_for_compare(value: Any, code: int) -> decimal.Decimal:
    if code == bt.DECIMAL:
        result: decimal.Decimal = value.to_decimal()
        return result
    if code == bt.DOUBLE:
        # compareDecimalToDouble: the double is rounded to 34 digits.
        return _CTX34.create_decimal(value)
    return decimal.Decimal(int(value))


def number_satisfies(value: Any, code: int, bound: Any, bound_code: int, op: str) -> bool:
    """``value <op> bound`` for op in gt/gte/lt/lte with the server's NaN rule: NaN only
    satisfies gte/lte against NaN."""
    sign = compare_numbers(value, code, bound, bound_code)
    if sign is None:
        both_nan = _is_nan(value, code) and _is_nan(bound, bound_code)
        return both_nan and op in ("gte", "lte")
    if op == "gt":
        return sign > 0
    if op == "gte":
        return sign >= 0
    if op == "lt":
        return sign < 0
    return sign <= 0


def _is_nan(value: Any, code: int) -> bool:
    if code == bt.DOUBLE:
        return math.isnan(value)
    if code == bt.DECIMAL:
        return bool(value.to_decimal().is_nan())
    return False
