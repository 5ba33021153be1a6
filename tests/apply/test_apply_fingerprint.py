"""``apply.normalise.same`` compares server replies with the engine's BSON equality.

The engine's equality is the server's ``uniqueItems`` comparison
(``UnorderedFieldsBSONElementComparator``, ``src/mongo/db/matcher/schema/
expression_internal_schema_unique_items.h``): the property test asks the compiled engine
whether ``[a, b]`` has duplicate items and expects ``same(a, b)`` to say the same.
"""

from __future__ import annotations

import math
from typing import Any

from bson import Decimal128, Int64
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.normalise import canonical, same
from noema_codegen.validation import compile_schema
from tests.validation.strategies import values

UNIQUE = compile_schema({"properties": {"x": {"uniqueItems": True}}})


def _respelled(value: Any) -> Any:
    """The same BSON value spelled differently: fields reversed, whole numbers as other numeric
    types, a NaN as another NaN."""
    if isinstance(value, dict):
        return {key: _respelled(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_respelled(item) for item in value]
    if type(value) is int:
        return Int64(value) if value % 2 else Decimal128(str(value))
    if isinstance(value, float) and math.isnan(value):
        return Decimal128("NaN")
    return value


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_same_agrees_with_the_engines_equality(data: st.DataObject) -> None:
    a = data.draw(values)
    b = data.draw(st.one_of(values, st.just(a), st.just(_respelled(a))))
    engine_says_equal = not UNIQUE.is_valid({"x": [a, b]})
    assert same(a, b) is engine_says_equal, (a, b)


def test_numbers_of_every_type_and_every_nan_are_the_same() -> None:
    # compareElementValues in src/mongo/bson/bsonelement.cpp: numbers compare by value across
    # types, and NaN equals NaN (so an unchanged validator holding NaN is not a change).
    assert same({"maximum": Decimal128("1.0")}, {"maximum": 1})
    assert same(float("nan"), Decimal128("NaN"))
    assert not same(True, 1)
    assert not same([1, 2], [2, 1])


def test_values_pymongo_cannot_encode_still_compare() -> None:
    # canonical() turns a huge whole double into a Python int beyond int64.
    huge = canonical({"$lt": 1e20})
    assert same(huge, canonical({"$lt": 1e20}))
    assert not same(huge, canonical({"$lt": 2e20}))
    assert not same({"$lt": 10**20}, {"$lt": True})
