"""Fast, exact ``Decimal128`` <-> ``Decimal`` conversions for the models' read and write paths.

pymongo's ``Decimal128.to_decimal()`` and ``Decimal128(Decimal)`` are pure Python and
cost several microseconds each (a third of a typed read of a transactions document). Both
directions here handle the common case (a finite value whose coefficient fits the
113-bit BID form, exponent within the Decimal128 range) with integer arithmetic and C
``decimal`` calls, and hand everything else (NaN, infinities, the non-canonical and
large-coefficient forms, more than 33 digits) to bson's own conversion, so the results
are exactly bson's (same sign, digits and exponent, the same BID bytes;
tests/models/test_decimal128_codec.py compares both on arbitrary values).

Layout of the 128 BID bits (IEEE 754-2008, as bson/decimal128.py reads them): bit 127 the
sign; when bits 126-125 are not ``11``, bits 124-111 the biased exponent (bias 6176) and
bits 110-0 the coefficient, which is canonical up to 10**34 - 1.
"""

from __future__ import annotations

import decimal
import struct
from decimal import Decimal
from typing import Any, cast

from bson import Decimal128

_UNPACK = struct.Struct("<QQ").unpack
_LOW_MASK = 0xFFFFFFFFFFFFFFFF
_SIGN = 1 << 63
_LARGE_FORM = 0x6000000000000000
"""Combination bits ``11``: the large-coefficient form, infinities and NaNs."""
_COEFFICIENT_HIGH = 0x1FFFFFFFFFFFF
_EXPONENT_BIAS = 6176
_EXPONENT_MIN, _EXPONENT_MAX = -6176, 6111
"""Exponents of a canonical Decimal128 (bson's context: Emin -6143, Emax 6144, 34 digits)."""
_MAX_COEFFICIENT = 10**34 - 1
_SCALE = decimal.Context(prec=34, traps=[decimal.Inexact, decimal.InvalidOperation]).scaleb

# bson keeps the two 64-bit halves in slots (``__high``/``__low``, outside the class spelled
# ``_Decimal128__high``): reading and setting them as attributes skips ``bid``'s pack and our
# unpack, and ``__init__``; when a bson version lacks them, ``bid`` and ``__init__`` are used.
_SLOTS = hasattr(Decimal128, "_Decimal128__high") and hasattr(Decimal128, "_Decimal128__low")
_OBJECT_NEW: Any = object.__new__
_POSITIVE_HIGH = tuple((_EXPONENT_BIAS - places) << 49 for places in range(27))
"""The high half of a Decimal128 with ``places`` digits after the point and a coefficient
below 2**64 (plain notation writes at most 5 zeros and 20 digits after the point)."""
_NEGATIVE_HIGH = tuple(_SIGN | high for high in _POSITIVE_HIGH)
_NOT_PLAIN = 1 << 65
"""Stands for the coefficient of a text ``int`` refuses: outside [0, 2**64) either sign."""


def decimal_from_decimal128(value: Decimal128) -> Decimal:
    """``value.to_decimal()``, several times faster for finite canonical values."""
    if _SLOTS:
        slots: Any = value
        high, low = slots._Decimal128__high, slots._Decimal128__low
    else:
        low, high = _UNPACK(value.bid)
    if high & _LARGE_FORM != _LARGE_FORM:
        exponent = ((high >> 49) & 0x3FFF) - _EXPONENT_BIAS
        if high & _COEFFICIENT_HIGH:  # a coefficient of 2**64 or more
            low |= (high & _COEFFICIENT_HIGH) << 64
            if low > _MAX_COEFFICIENT:
                return value.to_decimal()
        # a decimal string converts exactly (the context's precision does not apply); the
        # exponent of this form is at most 0x2FFF - 6176 = 6111, always in range
        return Decimal(f"-{low}E{exponent}" if high & _SIGN else f"{low}E{exponent}")
    return value.to_decimal()


def _from_halves(high: int, low: int) -> Decimal128:
    """What ``Decimal128((high, low))`` stores, without its Python ``__init__``."""
    result: Any = _OBJECT_NEW(Decimal128)
    result._Decimal128__high = high
    result._Decimal128__low = low
    return result  # type: ignore[no-any-return]


def decimal128_from_decimal(value: Decimal) -> Decimal128:
    """``Decimal128(value)``, several times faster for finite values of up to 33 digits.

    A value that ``str`` writes in plain notation (``[-]digits[.digits]``, no exponent: what
    money amounts are) whose coefficient fits 64 bits is converted from that text: the digits
    are the coefficient and the number of digits after the point the (negated) exponent,
    which plain notation keeps within [-6 - 20, 0] for such a coefficient, so no rounding or
    clamping: the BID halves are a table entry (sign and biased exponent) and the
    coefficient. Any other text (an exponent, NaN, Infinity, in either case) holds a letter,
    which ``int`` refuses, and goes the general route (``_general``).
    """
    text = str(value)
    dot = text.find(".")
    try:
        whole = int(text) if dot < 0 else int(text.replace(".", ""))
    except ValueError:  # not plain notation
        whole = _NOT_PLAIN
    if text[0] == "-":  # "-0.00" too, whose int is 0
        whole = -whole
        highs = _NEGATIVE_HIGH
    else:
        highs = _POSITIVE_HIGH
    if 0 <= whole <= _LOW_MASK and _SLOTS:
        result: Any = _OBJECT_NEW(Decimal128)
        result._Decimal128__high = highs[0 if dot < 0 else len(text) - dot - 1]
        result._Decimal128__low = whole
        return result  # type: ignore[no-any-return]
    return _general(value)


def inline_source(pad: str) -> list[str] | None:
    """``x = decimal128_from_decimal(x)`` as statements at indent ``pad`` (the same steps,
    locals ``xt``, ``xp``, ``xw``, ``xh``), for the compiled writers (``document_writer``) to
    inline with the names of ``INLINE_NAMES``; None when this bson has no slots to set."""
    if not _SLOTS:
        return None
    lines = [
        "xt = str(x)",
        "xp = xt.find('.')",
        "try:",
        "    xw = int(xt) if xp < 0 else int(xt.replace('.', ''))",
        "except ValueError:",
        "    xw = _NOT_PLAIN",
        "if xt[0] == '-':",
        "    xw = -xw",
        "    xh = _NEGATIVE_HIGH",
        "else:",
        "    xh = _POSITIVE_HIGH",
        "if 0 <= xw <= _LOW_MASK:",
        "    x = _object_new(_Decimal128)",
        "    x._Decimal128__high = xh[0 if xp < 0 else len(xt) - xp - 1]",
        "    x._Decimal128__low = xw",
        "else:",
        "    x = _general(x)",
    ]
    return [pad + line for line in lines]


def _general(value: Decimal) -> Decimal128:
    """``Decimal128(value)``: a finite value of up to 33 digits within the exponent range from
    its tuple, scaled to an integer coefficient; anything else by bson's own conversion."""
    sign, digits, exponent = value.as_tuple()
    if type(exponent) is int and _EXPONENT_MIN <= exponent <= _EXPONENT_MAX and len(digits) <= 33:
        coefficient = int(_SCALE(value.copy_abs(), -exponent))
        high = ((exponent + _EXPONENT_BIAS) << 49) | (coefficient >> 64)
        if sign:
            high |= _SIGN
        if _SLOTS:
            return _from_halves(high, coefficient & _LOW_MASK)
        # bson accepts the (high, low) BID halves (documented; its stub omits them)
        return Decimal128(cast("Any", (high, coefficient & _LOW_MASK)))
    return Decimal128(value)


INLINE_NAMES: dict[str, Any] = {
    "_NOT_PLAIN": _NOT_PLAIN,
    "_NEGATIVE_HIGH": _NEGATIVE_HIGH,
    "_POSITIVE_HIGH": _POSITIVE_HIGH,
    "_LOW_MASK": _LOW_MASK,
    "_object_new": _OBJECT_NEW,
    "_Decimal128": Decimal128,
    "_general": _general,
}
"""The names ``inline_source`` uses."""

__all__ = ["INLINE_NAMES", "decimal128_from_decimal", "decimal_from_decimal128", "inline_source"]
