"""Collations compared the way the server compares index collations.

The server builds a collator from a collation document and compares collators
(``CollatorInterface::collatorsMatch`` in ``compareIndexOptions``), and it stores and returns
an index's collation fully expanded with the locale's defaults (``caseLevel``, ``caseFirst``,
``strength``, ``numericOrdering``, ``alternate``, ``maxVariable``, ``normalization``,
``backwards``, ``version``). So a desired ``{locale: "en_US", strength: 2}`` must equal the
live expansion, and a desired index without a collation on a collection with a default
collation gets that default (``createIndexes`` fills it in before building the index).

What is compared:

* ``{locale: "simple"}`` means no collation, on either side (the server removes it);
* no collation in the desired spec means the collection's default collation;
* every field the desired collation sets (``version``, the ICU version, excepted);
* the defaults the manual documents as the same for every locale ("Collation Locales and
  Default Parameters": ``caseLevel: false``, ``strength: 3``, ``numericOrdering: false``,
  ``maxVariable: "punct"``), where the desired collation does not set them;
* ``caseFirst``, ``alternate``, ``normalization`` and ``backwards`` have per-locale defaults
  (for example ``backwards: true`` for ``fr_CA``), so they are compared only when the desired
  collation sets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from noema_codegen.validation.equality import Unencodable, value_key

SIMPLE = "simple"
UNIVERSAL_DEFAULTS: Mapping[str, Any] = {
    "caseLevel": False,
    "strength": 3,
    "numericOrdering": False,
    "maxVariable": "punct",
}
NOT_COMPARED = frozenset({"version"})


def _is_simple(collation: Mapping[str, Any] | None) -> bool:
    return not collation or collation.get("locale") == SIMPLE


def effective_collation(
    desired: Mapping[str, Any] | None, collection_default: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """The collation an index created from ``desired`` ends up with (``None``: simple)."""
    chosen = collection_default if desired is None else desired
    return None if _is_simple(chosen) else chosen


def _same(a: Any, b: Any) -> bool:
    try:
        return value_key(a) == value_key(b)
    except Unencodable:
        return bool(a == b)


def collation_differences(
    desired: Mapping[str, Any] | None, live: Mapping[str, Any] | None
) -> list[str]:
    """Fields on which the live collation differs from the desired effective one.

    ``desired`` is already effective (see :func:`effective_collation`). ``["locale"]`` when one
    side is simple and the other is not.
    """
    if _is_simple(desired) or _is_simple(live):
        return [] if _is_simple(desired) and _is_simple(live) else ["locale"]
    assert desired is not None and live is not None
    expected = {**UNIVERSAL_DEFAULTS, **desired}
    return sorted(
        name
        for name, value in expected.items()
        if name not in NOT_COMPARED
        and not _same(live.get(name, UNIVERSAL_DEFAULTS.get(name)), value)
    )


def collations_match(desired: Mapping[str, Any] | None, live: Mapping[str, Any] | None) -> bool:
    """True when an index with the (effective) ``desired`` collation has the ``live`` one."""
    return not collation_differences(desired, live)
