"""Index identity as the server decides it.

Specification: mongodb/mongo ``src/mongo/db/index/index_descriptor.cpp``
(``IndexDescriptor::compareIndexOptions``), ``src/mongo/db/catalog/index_catalog_impl.cpp``
(``_doesSpecConflictWithExisting``: 86 IndexKeySpecsConflict for the same name with another
signature, 85 IndexOptionsConflict for the same name with other options or for the same
signature under another name) and ``jstests/core/index/index_signature.js``, whose cases are
reproduced here with the jstest's own index names.
"""

from __future__ import annotations

from typing import Any

import pytest
from bson import Int64
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.index_identity import (
    INDEX_KEY_SPECS_CONFLICT,
    INDEX_OPTIONS_CONFLICT,
    Comparison,
    Verdict,
    compare,
    identify,
)

KEY = {"a": 1}
# index_signature.js: initialIndexSpec
INITIAL: dict[str, Any] = {
    "key": KEY,
    "name": "initial_index",
    "collation": {"locale": "en_US", "strength": 1},
    "partialFilterExpression": {"a": {"$gt": 0, "$lt": 10}, "b": "blah"},
}
EN_US_1 = {
    "locale": "en_US",
    "caseLevel": False,
    "caseFirst": "off",
    "strength": 1,
    "numericOrdering": False,
    "alternate": "non-ignorable",
    "maxVariable": "punct",
    "normalization": False,
    "backwards": False,
    "version": "57.1",
}
# as listIndexes returns INITIAL: v added, collation expanded
INITIAL_LIVE: dict[str, Any] = {"v": 2, **INITIAL, "collation": EN_US_1}


def spec(**changes: Any) -> dict[str, Any]:
    return {**INITIAL, **changes}


def test_the_listed_index_is_identical_to_the_spec_that_created_it() -> None:
    assert compare(INITIAL, INITIAL_LIVE) == (Comparison.IDENTICAL, [])
    assert identify(INITIAL, [INITIAL_LIVE]).verdict is Verdict.IDENTICAL


@pytest.mark.parametrize(
    ("label", "changes", "differs_on"),
    [
        ("sparse_index", {"sparse": True}, ["sparse"]),
        ("unique_index", {"unique": True}, ["unique"]),
        ("simple_collation_index", {"collation": {"locale": "simple"}}, ["collation"]),
        (
            "partial_filter_index",
            {"partialFilterExpression": {"a": {"$gt": 5, "$lt": 10}, "b": "blah"}},
            ["partialFilterExpression"],
        ),
        (
            "partial_filter_collator_index",
            {"partialFilterExpression": {"a": {"$gt": 0, "$lt": 10}, "b": "BLAH"}},
            ["partialFilterExpression"],
        ),
        ("other key", {"key": {"a": 1, "b": 1}}, ["key"]),
        ("key order", {"key": {"b": 1, "a": 1}}, ["key"]),
    ],
)
def test_index_signature_js_distinct_indexes_can_coexist(
    label: str, changes: dict[str, Any], differs_on: list[str]
) -> None:
    """index_signature.js: assertNewIndexBuilt(...) for each of these under a new name."""
    desired = spec(name=label, **changes)
    if "key" in changes:
        desired["key"] = changes["key"]
    comparison, diffs = compare(desired, INITIAL_LIVE)
    assert comparison is Comparison.DIFFERENT
    assert diffs == differs_on
    assert identify(desired, [INITIAL_LIVE]).verdict is Verdict.ABSENT


def test_index_signature_js_normalised_filter_same_name_is_already_there() -> None:
    """index_signature.js: partialFilterDupeSpec under the initial name: no-op success."""
    dupe = spec(
        partialFilterExpression={"$and": [{"b": "blah"}, {"a": {"$lt": 10}}, {"a": {"$gt": 0}}]}
    )
    assert identify(dupe, [INITIAL_LIVE]).verdict is Verdict.IDENTICAL


def test_index_signature_js_normalised_filter_other_name_is_85() -> None:
    """index_signature.js: partial_filter_dupe_index -> IndexOptionsConflict."""
    dupe = spec(
        name="partial_filter_dupe_index",
        partialFilterExpression={"$and": [{"b": "blah"}, {"a": {"$lt": 10}}, {"a": {"$gt": 0}}]},
    )
    identity = identify(dupe, [INITIAL_LIVE])
    assert identity.verdict is Verdict.CONFLICT_BY_OPTIONS
    assert identity.live_name == "initial_index"
    assert identity.server_code == INDEX_OPTIONS_CONFLICT
    assert "code 85" in identity.describe()


def test_index_signature_js_reordered_same_type_leaves_same_name_is_86() -> None:
    """index_signature.js: reversing {$and: [{a: {$type: 1}}, {a: {$type: 2}}]} under the same
    name fails with IndexKeySpecsConflict (the leaves are not sorted by value)."""
    name = "partial_filter_single_field_multiple_predicates_same_matchtype"
    live = {"v": 2, **spec(name=name), "collation": EN_US_1}
    live["partialFilterExpression"] = {"$and": [{"a": {"$type": 1}}, {"a": {"$type": 2}}]}
    desired = spec(
        name=name, partialFilterExpression={"$and": [{"a": {"$type": 2}}, {"a": {"$type": 1}}]}
    )
    identity = identify(desired, [live])
    assert identity.verdict is Verdict.CONFLICT_BY_NAME
    assert identity.server_code == INDEX_KEY_SPECS_CONFLICT
    assert identity.differences == ("partialFilterExpression",)


def test_index_signature_js_non_signature_option_cannot_distinguish_an_index() -> None:
    """index_signature.js: {expireAfterSeconds: 10} as non_sig_index -> IndexOptionsConflict."""
    basic = {"v": 2, "key": KEY, "name": "basic_index_default_opts"}
    desired = {"key": KEY, "name": "non_sig_index", "expireAfterSeconds": 10}
    identity = identify(desired, [basic])
    assert identity.verdict is Verdict.CONFLICT_BY_OPTIONS
    assert identity.differences == ("name", "expireAfterSeconds")


def test_same_name_other_non_signature_options_is_equivalent_85() -> None:
    live = {"v": 2, "key": {"t": 1}, "name": "ttl", "expireAfterSeconds": Int64(60)}
    desired = {"key": {"t": 1}, "name": "ttl", "expireAfterSeconds": 3600}
    identity = identify(desired, [live])
    assert identity.verdict is Verdict.EQUIVALENT
    assert identity.differences == ("expireAfterSeconds",)
    assert identity.server_code == INDEX_OPTIONS_CONFLICT
    # numbers by value: Int64(60) is 60.0
    assert identify({**desired, "expireAfterSeconds": 60.0}, [live]).verdict is Verdict.IDENTICAL


def test_hidden_and_bookkeeping_are_not_part_of_identity() -> None:
    live = {"v": 2, "key": KEY, "name": "x", "hidden": True, "background": True, "ns": "d.c"}
    assert identify({"key": KEY, "name": "x"}, [live]).verdict is Verdict.IDENTICAL


def test_unique_false_is_no_unique() -> None:
    live = {"v": 2, "key": KEY, "name": "x"}
    assert identify({"key": KEY, "name": "x", "unique": False}, [live]).verdict is (
        Verdict.IDENTICAL
    )


@pytest.mark.parametrize(
    ("live_projection", "desired_projection", "same"),
    [
        # index_signature.js: _id is excluded by default
        ({"a": 1}, {"_id": 0, "a": 1}, True),
        ({"a": 0}, {"_id": 0, "a": 0}, True),
        ({"a": 0}, {"a": 0, "_id": 1}, False),
        ({"a": 1}, {"_id": 1, "a": 1}, False),
        ({"a": 1}, {"a": 0}, False),
        # "identical after normalization"
        ({"a.b": 1, "a.c": 1}, {"a": {"b": 1, "c": 1}}, True),
        ({"a.b": 1, "a.c": 1}, {"a": {"c": 1, "b": 1}}, True),
        ({"a.b": 1, "a.c": 1}, {"a.c": 1, "a.b": 1}, True),
    ],
)
def test_index_signature_js_wildcard_projections(
    live_projection: dict[str, Any], desired_projection: dict[str, Any], same: bool
) -> None:
    key = {"$**": 1}
    live = {"v": 2, "key": key, "name": "wc", "wildcardProjection": live_projection}
    desired = {"key": key, "name": "wc_other", "wildcardProjection": desired_projection}
    expected = Verdict.CONFLICT_BY_OPTIONS if same else Verdict.ABSENT
    assert identify(desired, [live]).verdict is expected


FR_CA = {
    "locale": "fr_CA",
    "caseLevel": False,
    "caseFirst": "off",
    "strength": 3,
    "numericOrdering": False,
    "alternate": "non-ignorable",
    "maxVariable": "punct",
    "normalization": False,
    "backwards": True,
    "version": "57.1",
}


def test_collection_default_collation_is_inherited_by_an_index_without_one() -> None:
    """jstests/core/query/collation/collation.js: "an index with no collation inherits the
    collection-default collation" (listed fully expanded)."""
    live = {"v": 2, "key": KEY, "name": "a_1", "collation": FR_CA}
    desired = {"key": KEY, "name": "a_1"}
    assert identify(desired, [live], FR_CA).verdict is Verdict.IDENTICAL
    # without knowing the collection default, the same index looks different
    assert identify(desired, [live]).verdict is Verdict.CONFLICT_BY_NAME


def test_simple_overrides_the_collection_default() -> None:
    """collation.js: an index with {locale: "simple"} does not use the collection default and
    is listed without a collation."""
    live = {"v": 2, "key": KEY, "name": "a_1"}
    assert identify(
        {"key": KEY, "name": "a_1", "collation": {"locale": "simple"}}, [live], FR_CA
    ).verdict is (Verdict.IDENTICAL)
    assert identify({"key": KEY, "name": "a_1"}, [live], FR_CA).verdict is (
        Verdict.CONFLICT_BY_NAME
    )


def test_foreign_type_number_filter_conflicts_with_our_alias_filter() -> None:
    """issue 10: a foreign unique index with {$type: 2} is, for the server, our {$type:
    "string"} index under another name."""
    foreign = {
        "v": 2,
        "key": {"externalTransactionId": 1},
        "name": "externalTransactionId_1",
        "unique": True,
        "partialFilterExpression": {"externalTransactionId": {"$type": 2}},
    }
    ours = {
        "key": {"externalTransactionId": 1},
        "name": "noema_external_tx",
        "unique": True,
        "partialFilterExpression": {"externalTransactionId": {"$type": "string"}},
    }
    identity = identify(ours, [{"v": 2, "key": {"_id": 1}, "name": "_id_"}, foreign])
    assert identity.verdict is Verdict.CONFLICT_BY_OPTIONS
    assert identity.live_name == "externalTransactionId_1"
    assert identity.server_code == INDEX_OPTIONS_CONFLICT


# Expansions asserted by jstests/core/query/collation/collation.js (fr_CA, en_US) and the
# manual's "Collation Locales and Default Parameters" (universal defaults).
LOCALE_EXPANSIONS: dict[str, dict[str, Any]] = {
    "en_US": {**FR_CA, "locale": "en_US", "backwards": False},
    "fr_CA": dict(FR_CA),
}

_collations = st.one_of(
    st.none(),
    st.builds(
        lambda locale, strength: {
            "locale": locale,
            **({} if strength is None else {"strength": strength}),
        },
        st.sampled_from(sorted(LOCALE_EXPANSIONS)),
        st.one_of(st.none(), st.integers(1, 5)),
    ),
)
_specs = st.fixed_dictionaries(
    {
        "key": st.sampled_from([{"a": 1}, {"a": -1, "b": 1}, {"b": 1.0}, {"c": Int64(1)}]),
        "name": st.sampled_from(["noema_a", "noema_b"]),
    },
    optional={
        "unique": st.booleans(),
        "sparse": st.booleans(),
        "expireAfterSeconds": st.integers(0, 10**6),
        "partialFilterExpression": st.sampled_from(
            [{"a": {"$type": "string"}}, {"a": {"$exists": True}}, {"a": {"$gt": 5}, "b": True}]
        ),
        "collation": _collations,
    },
)


def server_listing(spec: dict[str, Any], default: dict[str, Any] | None) -> dict[str, Any]:
    """What listIndexes returns for ``spec`` on a collection whose default collation is
    ``default`` (collation.js): v added, collation inherited and expanded, simple removed."""
    listed: dict[str, Any] = {"v": 2, **{k: v for k, v in spec.items() if v is not None}}
    wanted = spec.get("collation") or default
    listed.pop("collation", None)
    if wanted and wanted.get("locale") != "simple":
        listed["collation"] = {**LOCALE_EXPANSIONS[wanted["locale"]], **wanted}
    return listed


@settings(max_examples=200, derandomize=True)
@given(_specs, st.one_of(st.none(), st.sampled_from([dict(v) for v in LOCALE_EXPANSIONS.values()])))
def test_every_spec_is_identical_to_its_own_listing(
    spec: dict[str, Any], default: dict[str, Any] | None
) -> None:
    """The second run after our own apply plans nothing, whatever the options and the
    collection's default collation."""
    spec = {k: v for k, v in spec.items() if v is not None}
    assert identify(spec, [server_listing(spec, default)], default).verdict is Verdict.IDENTICAL
    renamed = {**spec, "name": "noema_other"}
    identity = identify(renamed, [server_listing(spec, default)], default)
    assert identity.verdict is Verdict.CONFLICT_BY_OPTIONS


_anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(), st.text(max_size=3)),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["a", "locale", "$type", "b.c"]), children, max_size=3),
    ),
    max_leaves=8,
)
_option_names = st.sampled_from(
    ["key", "name", "collation", "partialFilterExpression", "unique", "sparse", "hidden"]
    + ["wildcardProjection", "expireAfterSeconds"]
)


@settings(max_examples=300, derandomize=True)
@given(
    st.dictionaries(_option_names, _anything, max_size=6),
    st.lists(st.dictionaries(_option_names, _anything, max_size=6), max_size=3),
    st.one_of(st.none(), _anything),
)
def test_identify_is_total_on_whatever_a_snapshot_holds(
    desired: dict[str, Any], live: list[dict[str, Any]], default: Any
) -> None:
    """A hand-edited snapshot can put anything in an index entry: never a traceback, and a
    spec is identical to itself (on a collection without a default collation: with one, the
    server would have given the listed index that collation)."""
    identity = identify(desired, live, default)
    assert isinstance(identity.verdict, Verdict)
    desired["name"] = "self"
    assert identify(desired, [desired]).verdict is Verdict.IDENTICAL


def test_prepare_unique_is_a_non_signature_option_for_the_server() -> None:
    """prepareUnique is not in populateOptionsMapForEqualityCheck's skip list: same signature,
    other options (the planner ignores it, see test_apply_planner_identity)."""
    live = {"v": 2, "key": KEY, "name": "x", "unique": True, "prepareUnique": True}
    identity = identify({"key": KEY, "name": "x", "unique": True}, [live])
    assert identity.verdict is Verdict.EQUIVALENT
    assert identity.differences == ("prepareUnique",)
