"""Values named queries compute before they reach MongoDB (copied into ``<package>/_runtime/``).

- ``lower_when``: an ``x-noema.normalise`` rule -- lower-case a value when another value is
  one of a set (EVM addresses are case-insensitive hex and are stored lower-cased; Solana's
  base58 addresses are case-sensitive and kept as given).
- ``present``: an array element built from optional parameters keeps only the given ones.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

T = TypeVar("T", str, None)


def lower_when(value: T, when: object, among: Collection[str]) -> T:
    """``value.lower()`` when ``value`` is a string and ``when`` is one of ``among``."""
    if isinstance(value, str) and when in among:
        return value.lower()
    return value


def present(element: Mapping[str, Any]) -> dict[str, Any]:
    """``element`` without the keys whose value is None (optional parameters not given)."""
    return {key: value for key, value in element.items() if value is not None}
