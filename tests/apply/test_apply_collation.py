"""Collations as the server stores and compares them.

Expanded shapes are the ones jstests/core/query/collation/collation.js asserts
(jstests/core/collation.js on older branches): ``createCollection(..., {collation: {locale:
"fr_CA"}})`` is listed with every field and ``version: "57.1"``, ``backwards: true`` being
fr_CA's own default; an index created without a collation inherits the collection default,
expanded; ``{locale: "simple"}`` leaves the index without a collation. The per-locale and
universal defaults are the manual's "Collation Locales and Default Parameters" page.
"""

from __future__ import annotations

from typing import Any

import pytest

from noema_codegen.apply.collation import (
    collation_differences,
    collations_match,
    effective_collation,
)


def expanded(locale: str, **overrides: Any) -> dict[str, Any]:
    """The listIndexes/listCollections shape asserted by collation.js."""
    doc: dict[str, Any] = {
        "locale": locale,
        "caseLevel": False,
        "caseFirst": "off",
        "strength": 3,
        "numericOrdering": False,
        "alternate": "non-ignorable",
        "maxVariable": "punct",
        "normalization": False,
        "backwards": locale == "fr_CA",
        "version": "57.1",
    }
    doc.update(overrides)
    return doc


def test_a_partial_desired_collation_matches_its_server_expansion() -> None:
    assert collations_match({"locale": "en_US", "strength": 2}, expanded("en_US", strength=2))
    assert collations_match({"locale": "fr_CA"}, expanded("fr_CA"))


def test_an_unset_field_is_compared_with_the_universal_default() -> None:
    # strength is 3 for every locale unless set: a live strength 2 is a different collation
    assert collation_differences({"locale": "en_US"}, expanded("en_US", strength=2)) == ["strength"]
    assert collation_differences(
        {"locale": "en_US", "numericOrdering": True}, expanded("en_US")
    ) == ["numericOrdering"]


def test_locale_specific_defaults_are_compared_only_when_set() -> None:
    # backwards defaults to true for fr_CA only: not assumed, compared when set
    assert collations_match({"locale": "fr_CA"}, expanded("fr_CA"))
    assert not collations_match({"locale": "fr_CA", "backwards": False}, expanded("fr_CA"))


def test_the_icu_version_is_not_part_of_the_comparison() -> None:
    assert collations_match(expanded("en_US"), expanded("en_US", version="72.1"))


def test_simple_means_no_collation() -> None:
    assert collations_match({"locale": "simple"}, None)
    assert collations_match(None, {"locale": "simple"})
    assert collation_differences(None, expanded("en_US")) == ["locale"]
    assert collation_differences({"locale": "en_US"}, None) == ["locale"]


@pytest.mark.parametrize(
    ("desired", "default", "expected"),
    [
        (None, None, None),
        (None, {"locale": "fr_CA"}, {"locale": "fr_CA"}),
        ({"locale": "en_US"}, {"locale": "fr_CA"}, {"locale": "en_US"}),
        ({"locale": "simple"}, {"locale": "fr_CA"}, None),
        (None, {"locale": "simple"}, None),
    ],
)
def test_an_index_without_collation_gets_the_collection_default(
    desired: Any, default: Any, expected: Any
) -> None:
    assert effective_collation(desired, default) == expected
