"""BSON value equality and numeric comparison with the server's rules.

``enum`` and ``uniqueItems`` use the server's ``UnorderedFieldsBSONElementComparator``: values are
compared by canonical type first (so ``true`` never equals ``1`` and a date never equals a
timestamp), numbers compare by value across int/long/double/decimal (``1 == 1.0 ==
Decimal128("1.00")``, every NaN equals every NaN), embedded documents compare their fields
regardless of order (recursively), and arrays compare element by element in order.

:func:`value_key` maps a value to a hashable key such that two values are BSON-equal iff their
keys are equal. Doubles are keyed by their 34-digit decimal rounding, which is what the server
compares a decimal with (``compareDecimalToDouble``) and still tells any two doubles apart.

It is the tool's one BSON-equality key: ``apply.normalise.fingerprint`` (is a server reply the
same as the desired spec?) calls it. The runtime copied into generated packages keeps its own,
smaller key (``_bson_key`` in ``runtime/document_model.py``, for ``uniqueItems`` on model
fields) on purpose: the runtime must not import the tool, and it keys values a model holds
(models, Python numbers, ``Decimal``) by Python equality, so it differs from this one for
values the server would call equal but Python does not (two distinct NaN objects; datetimes
that differ below the millisecond or in being naive or aware).
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from typing import Any, Final

from bson.datetime_ms import DatetimeMS
from bson.regex import str_flags_to_int

from noema_codegen.validation import bson_types as bt

_NAN_KEY: Final = "NaN"
_CTX34: Final = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class Unencodable(Exception):
    """Raised for a value pymongo cannot encode."""


def number_key(value: Any, code: int) -> str:
    """Key of a numeric value: equal keys iff equal numbers (NaNs all equal, -0 equals 0).

    Every BSON number is a decimal of at most 34 significant digits once a double is rounded to
    34 digits, which is what the server compares a double with a decimal after
    (``compareDecimalToDouble``); distinct doubles stay distinct at 34 digits, so the normalised
    34-digit decimal is exact for all pairs. A string, so huge exponents (``1E+6144``) never
    become huge Python integers."""
    if code == bt.INT or code == bt.LONG:
        dec = decimal.Decimal(int(value))
    elif code == bt.DOUBLE:
        if math.isnan(value):
            return _NAN_KEY
        dec = _CTX34.create_decimal(value)
    else:
        dec = value.to_decimal()
        if dec.is_nan():
            return _NAN_KEY
    if dec.is_zero():
        return "0"
    return str(_CTX34.normalize(dec))


def date_millis(value: Any) -> int:
    """Milliseconds since the epoch, as pymongo encodes a datetime (naive = UTC)."""
    if isinstance(value, DatetimeMS):
        return int(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    delta: datetime.timedelta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def value_key(value: Any) -> str:
    """Hashable key implementing BSON equality (see module docstring).

    The key is a flat string (a canonical encoding), and it is built from an explicit stack: a
    value nested as deep as pymongo decodes never exhausts Python's recursion limit, neither here
    nor when keys are hashed or compared (nested tuples would recurse there)."""
    results: list[str] = []
    # Each frame: (value, its BSON code, whether its children are already on the stack).
    stack: list[tuple[Any, int, bool]] = [(value, bt.type_code(value), False)]
    while stack:
        current, code, expanded = stack.pop()
        children = _children(current, code)
        if children is None:
            results.append(repr(_scalar_key(current, code)))
            continue
        if not expanded:
            stack.append((current, code, True))
            for child in reversed(children):
                stack.append((child, bt.type_code(child), False))
            continue
        cut = len(results) - len(children)
        keys = results[cut:]
        del results[cut:]
        results.append(_container_key(current, code, keys))
    return results[0]


def _children(value: Any, code: int) -> list[Any] | None:
    """The values a container's key depends on, in order; None for a scalar."""
    if code == bt.OBJECT:
        return list(bt.as_mapping(value).values())
    if code == bt.ARRAY:
        return list(value)
    if code == bt.JAVASCRIPT_WITH_SCOPE:
        return [dict(value.scope)]
    return None


def _framed(text: str) -> str:
    return f"{len(text)}:{text}"


def _container_key(value: Any, code: int, keys: list[str]) -> str:
    """Length-prefixed, so no two different values share an encoding; an object's fields are
    sorted (field order is ignored)."""
    if code == bt.OBJECT:
        names = [str(k) for k in bt.as_mapping(value)]
        fields = sorted(_framed(n) + _framed(k) for n, k in zip(names, keys, strict=True))
        return f"o{len(fields)}:" + "".join(fields)
    if code == bt.ARRAY:
        return f"a{len(keys)}:" + "".join(_framed(k) for k in keys)
    return "j" + _framed(str(value)) + keys[0]


def _scalar_key(value: Any, code: int) -> object:
    if code in bt.NUMBER_CODES:
        return ("n", number_key(value, code))
    if code == bt.STRING:
        return ("s", str(value))
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
        return ("re", *regex_parts(value))
    if code == bt.JAVASCRIPT:
        return ("js", str(value))
    if code == bt.MINKEY:
        return ("minkey",)
    if code == bt.MAXKEY:
        return ("maxkey",)
    raise Unencodable(type(value).__name__)


#: pymongo's regex flag letters (``bson._encode_regex``), in the order it writes them.
_REGEX_FLAG_LETTERS: Final = (
    (re.IGNORECASE, "i"),
    (re.LOCALE, "l"),
    (re.MULTILINE, "m"),
    (re.DOTALL, "s"),
    (re.UNICODE, "u"),
    (re.VERBOSE, "x"),
)


def regex_parts(value: Any) -> tuple[str, str]:
    """Pattern and flag letters of a regex as pymongo writes them (``bson.Regex`` or
    ``re.Pattern``). The server compares regexes by pattern, then flags (``compareElementValues``,
    case ``RegEx``, in ``src/mongo/bson/bsonelement.cpp``). Computed without encoding, so a value
    pymongo would refuse (NUL in the pattern) still gets a key rather than an exception."""
    pattern = value.pattern
    if isinstance(pattern, bytes):
        pattern = pattern.decode("utf-8", "surrogateescape")
    flags = value.flags
    if isinstance(flags, str):
        flags = str_flags_to_int(flags)
    letters = "".join(letter for flag, letter in _REGEX_FLAG_LETTERS if int(flags) & flag)
    return str(pattern), letters


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
