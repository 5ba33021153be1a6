"""Index identity: would the server call a desired index the same as, or in conflict with, a live one?

A port of the server's decision, pure (no I/O), from mongodb/mongo:

* ``IndexDescriptor::compareIndexOptions`` (``src/mongo/db/index/index_descriptor.cpp``):
  two specs are *different* when their **signature** differs: the key pattern (field order
  kept, numbers by value), the collation (as a collator: see :mod:`.collation`), whether the
  index is partial and the partial filter by meaning (see :mod:`.match_expression`), ``unique``
  and ``sparse`` (as true values, so ``unique: false`` is no ``unique``), and for wildcard
  indexes the normalised ``wildcardProjection``. Otherwise they are *identical* when the other
  options (``expireAfterSeconds``, ``prepareUnique``...) are equal, and *equivalent* when
  not. ``v``, ``ns``, ``background``, ``dropDups``, the text/2dsphere versions and the catalog's
  ``clustered``/``originalSpec`` never count, nor ``hidden`` (excluded up to 8.0; the newest
  server source compares it as a non-signature option, which only turns identical into
  equivalent);
* ``IndexCatalogImpl::_doesSpecConflictWithExisting``
  (``src/mongo/db/catalog/index_catalog_impl.cpp``): for an index of the SAME NAME, different
  -> error 86 IndexKeySpecsConflict, equivalent -> error 85 IndexOptionsConflict, identical ->
  68 IndexAlreadyExists (a no-op for createIndexes); with no index of that name, any live
  index whose signature matches under ANOTHER name -> error 85 IndexOptionsConflict.

The behaviour is pinned by ``jstests/core/index/index_signature.js`` (see
tests/apply/test_apply_index_identity.py, which cites each case).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from noema_codegen.apply.collation import collation_differences, effective_collation
from noema_codegen.apply.match_expression import equivalent as filters_equivalent
from noema_codegen.apply.match_expression import ordered_value_key

INDEX_OPTIONS_CONFLICT = 85
INDEX_KEY_SPECS_CONFLICT = 86
INDEX_ALREADY_EXISTS = 68

SIGNATURE_OPTIONS = (
    "key",
    "collation",
    "partialFilterExpression",
    "unique",
    "sparse",
    "wildcardProjection",
)
NEVER_COMPARED = frozenset(
    {
        "key",
        "name",
        "ns",
        "v",
        "textIndexVersion",
        "2dsphereIndexVersion",
        "background",
        "dropDups",
        "hidden",
        "collation",
        "partialFilterExpression",
        "unique",
        "sparse",
        "wildcardProjection",
        # catalog bookkeeping, never set by a createIndexes spec
        "clustered",
        "originalSpec",
    }
)


class Comparison(Enum):
    """``IndexDescriptor::Comparison``."""

    DIFFERENT = "different"
    EQUIVALENT = "equivalent"
    IDENTICAL = "identical"


class Verdict(Enum):
    IDENTICAL = "identical"
    """An index of that name with the same signature and options: nothing to do."""
    EQUIVALENT = "equivalent"
    """Same name and signature, other options differ (``differences``); create would be 85."""
    CONFLICT_BY_NAME = "conflicting-by-name"
    """Same name, another signature: create would fail with 86 IndexKeySpecsConflict."""
    CONFLICT_BY_OPTIONS = "conflicting-by-options"
    """Another name, same signature: create would fail with 85 IndexOptionsConflict."""
    ABSENT = "absent"
    """Nothing in the way: create would build a new index."""


SERVER_CODES: Mapping[Verdict, int] = {
    Verdict.EQUIVALENT: INDEX_OPTIONS_CONFLICT,
    Verdict.CONFLICT_BY_NAME: INDEX_KEY_SPECS_CONFLICT,
    Verdict.CONFLICT_BY_OPTIONS: INDEX_OPTIONS_CONFLICT,
}
CODE_NAMES: Mapping[int, str] = {
    INDEX_OPTIONS_CONFLICT: "IndexOptionsConflict",
    INDEX_KEY_SPECS_CONFLICT: "IndexKeySpecsConflict",
}


@dataclass(frozen=True)
class Identity:
    """What the server would make of creating the desired index next to the live ones."""

    verdict: Verdict
    live_name: str | None = None
    differences: tuple[str, ...] = ()

    @property
    def server_code(self) -> int | None:
        """The error createIndexes would reply with (85/86), ``None`` when it would succeed."""
        return SERVER_CODES.get(self.verdict)

    def describe(self) -> str:
        code = self.server_code
        if code is None:
            return self.verdict.value
        return (
            f"{self.verdict.value} with index {self.live_name} on "
            f"{', '.join(self.differences) or 'nothing but the name'} "
            f"(the server would refuse the create: {CODE_NAMES[code]}, code {code})"
        )


def _true(spec: Mapping[str, Any], option: str) -> bool:
    value = spec.get(option)
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value != 0
    return True


def key_pattern_key(key: Any) -> Any:
    """The key pattern as ``SimpleBSONObjComparator`` sees it: ordered, numbers by value."""
    return ordered_value_key(key)


def _projection_paths(projection: Mapping[str, Any], prefix: str = "") -> set[tuple[str, bool]]:
    paths: set[tuple[str, bool]] = set()
    for name, value in projection.items():
        path = f"{prefix}{name}"
        if isinstance(value, Mapping):
            paths |= _projection_paths(value, f"{path}.")
        else:
            paths.add((path, _true({"v": value}, "v")))
    return paths


def normalised_projection(projection: Any) -> Any:
    """A ``wildcardProjection`` as its set of (dotted path, included); ``_id`` is excluded by
    default, so an explicit ``_id: 0`` is dropped (index_signature.js). Something that is not
    a document (a hand-edited snapshot) is kept as its exact value."""
    if projection is None:
        return frozenset()
    if not isinstance(projection, Mapping):
        return ("not a document", ordered_value_key(projection))
    paths = _projection_paths(projection)
    return frozenset(p for p in paths if p != ("_id", False))


def _collation_differs(desired: Any, live: Any, collection_collation: Any) -> bool:
    documents = all(c is None or isinstance(c, Mapping) for c in (desired, live))
    if not documents or not (
        collection_collation is None or isinstance(collection_collation, Mapping)
    ):
        # not collation documents (a hand-edited snapshot): only the exact same value matches
        return bool(ordered_value_key(desired) != ordered_value_key(live))
    want = effective_collation(desired, collection_collation)
    return bool(collation_differences(want, live))


def signature_differences(
    desired: Mapping[str, Any],
    live: Mapping[str, Any],
    collection_collation: Mapping[str, Any] | None = None,
) -> list[str]:
    """Signature options on which ``live`` differs from ``desired`` (empty: same signature).

    ``collection_collation`` is the collection's default collation (listCollections
    ``options.collation``): a desired spec without ``collation`` gets it, as on the server.
    """
    diffs: list[str] = []
    if key_pattern_key(desired.get("key", {})) != key_pattern_key(live.get("key", {})):
        diffs.append("key")
    if _collation_differs(desired.get("collation"), live.get("collation"), collection_collation):
        diffs.append("collation")
    if not filters_equivalent(
        desired.get("partialFilterExpression"), live.get("partialFilterExpression")
    ):
        diffs.append("partialFilterExpression")
    for option in ("unique", "sparse"):
        if _true(desired, option) != _true(live, option):
            diffs.append(option)
    want_projection = normalised_projection(desired.get("wildcardProjection"))
    if want_projection != normalised_projection(live.get("wildcardProjection")):
        diffs.append("wildcardProjection")
    return diffs


def other_differences(desired: Mapping[str, Any], live: Mapping[str, Any]) -> list[str]:
    """Non-signature options that differ (``expireAfterSeconds``...), compared as BSON values."""
    names = (set(desired) | set(live)) - NEVER_COMPARED
    return sorted(
        name
        for name in names
        if name not in desired
        or name not in live
        or ordered_value_key(desired[name]) != ordered_value_key(live[name])
    )


def compare(
    desired: Mapping[str, Any],
    live: Mapping[str, Any],
    collection_collation: Mapping[str, Any] | None = None,
) -> tuple[Comparison, list[str]]:
    """``compareIndexOptions``: the comparison and the options that differ."""
    diffs = signature_differences(desired, live, collection_collation)
    if diffs:
        return Comparison.DIFFERENT, diffs
    others = other_differences(desired, live)
    return (Comparison.EQUIVALENT, others) if others else (Comparison.IDENTICAL, [])


def identify(
    desired: Mapping[str, Any],
    live_specs: Sequence[Mapping[str, Any]],
    collection_collation: Mapping[str, Any] | None = None,
) -> Identity:
    """``_doesSpecConflictWithExisting`` for one desired spec against the collection's indexes."""
    name = desired.get("name")
    for live in live_specs:
        if live.get("name") == name:
            comparison, diffs = compare(desired, live, collection_collation)
            verdict = {
                Comparison.DIFFERENT: Verdict.CONFLICT_BY_NAME,
                Comparison.EQUIVALENT: Verdict.EQUIVALENT,
                Comparison.IDENTICAL: Verdict.IDENTICAL,
            }[comparison]
            return Identity(verdict, str(name), tuple(diffs))
    for live in live_specs:
        comparison, diffs = compare(desired, live, collection_collation)
        if comparison is not Comparison.DIFFERENT:
            return Identity(Verdict.CONFLICT_BY_OPTIONS, str(live.get("name")), ("name", *diffs))
    return Identity(Verdict.ABSENT)
