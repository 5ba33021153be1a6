"""The runtime's fast Decimal128 <-> Decimal conversions give exactly bson's results.

bson's own ``Decimal128.to_decimal()`` / ``Decimal128(Decimal)`` (pymongo's bson/decimal128.py)
are the reference: same sign, digits and exponent (``as_tuple``), the same BID bytes, for
arbitrary 128-bit patterns (canonical or not, NaN, infinities) and arbitrary decimals.
"""

from __future__ import annotations

import decimal
import struct
from decimal import Decimal

import pytest
from bson import Decimal128
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.runtime.decimal128_codec import (
    decimal128_from_decimal,
    decimal_from_decimal128,
)

PACK = struct.Struct("<QQ").pack


def same(left: Decimal, right: Decimal) -> bool:
    if left.is_nan() or right.is_nan():
        return left.is_nan() and right.is_nan() and left.is_snan() == right.is_snan()
    return left.as_tuple() == right.as_tuple()


@settings(max_examples=400, derandomize=True)
@given(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1))
def test_any_bid_pattern_decodes_as_bson(low: int, high: int) -> None:
    value = Decimal128.from_bid(PACK(low, high))
    assert same(decimal_from_decimal128(value), value.to_decimal())


@settings(max_examples=400, derandomize=True)
@given(
    st.booleans(),
    st.integers(0, 10**34 - 1) | st.integers(0, 10**6),
    st.integers(-6176, 6111),
)
def test_canonical_values_decode_as_bson(negative: bool, coefficient: int, exponent: int) -> None:
    value = Decimal128(Decimal((int(negative), tuple(map(int, str(coefficient))), exponent)))
    assert same(decimal_from_decimal128(value), value.to_decimal())


@settings(max_examples=400, derandomize=True)
@given(st.decimals(allow_nan=True, allow_infinity=True, places=None))
def test_any_decimal_encodes_as_bson(value: Decimal) -> None:
    try:
        expected = Decimal128(value)
    except (ArithmeticError, ValueError):  # not representable: bson raises, and so must we
        with pytest.raises((ArithmeticError, ValueError)):
            decimal128_from_decimal(value)
        return
    assert decimal128_from_decimal(value).bid == expected.bid


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "-0.00", "1E-6176", "-1E-6176", "0E6111", "1E6111", "9" * 33, "-" + "9" * 33,
     "9" * 34, "1" + "0" * 33, "1E6144", "123.456", "-1e-20", "NaN", "-Infinity"],
)  # fmt: skip
def test_edge_values_round_trip_as_bson(text: str) -> None:
    value = Decimal(text)
    encoded = decimal128_from_decimal(value)
    assert encoded.bid == Decimal128(value).bid
    assert same(decimal_from_decimal128(encoded), encoded.to_decimal())


@settings(max_examples=400, derandomize=True)
@given(
    st.integers(-(2**64) - 10, 2**64 + 10) | st.integers(-(10**7), 10**7),
    st.integers(0, 30) | st.integers(0, 3),
)
def test_plain_notation_values_encode_as_bson(coefficient: int, places: int) -> None:
    """The plain-notation route (money amounts: ``-8416.57``, ``0.000001``, ``-0.00``), up to
    and past its 64-bit coefficient bound and 25 places, gives bson's bytes."""
    value = Decimal(coefficient).scaleb(-places)
    assert decimal128_from_decimal(value).bid == Decimal128(value).bid
    negative_zero = Decimal((1, (0,), -places))
    assert decimal128_from_decimal(negative_zero).bid == Decimal128(negative_zero).bid


@pytest.mark.parametrize("text", ["1E+5", "-1.5E-9", "NaN", "-Infinity", "12.50"])
def test_lower_case_exponent_context_encodes_as_bson(text: str) -> None:
    """``str`` writes ``e`` under a context with ``capitals=0``; that text is no plain notation."""
    with decimal.localcontext() as context:
        context.capitals = 0
        value = Decimal(text)
        assert decimal128_from_decimal(value).bid == Decimal128(value).bid
