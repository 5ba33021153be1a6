"""Turn server replies and desired specs into values that compare equal when they mean the same.

Rules (each one exists because MongoDB 6.0, 7.0 or 8.0 returns something different from what
was sent, or because two spellings mean the same thing):

* numbers: ``1``, ``1.0``, ``Int64(1)`` and ``Decimal128("1")`` are the same, and so are all
  NaNs (booleans stay booleans): :func:`fingerprint` is the engine's BSON equality;
* key order does not matter inside validators, partial filters and collations, so those are
  compared with sorted keys, but it DOES matter in an index ``key`` (``{a: 1, b: 1}`` is not
  ``{b: 1, a: 1}``), which is kept as an ordered tuple;
* ``v``, ``ns``, ``background`` and the ``*IndexVersion`` fields are server bookkeeping;
* ``unique: false``, ``sparse: false`` and ``hidden: false`` equal an absent option;
* index identity (signature, partial filters by meaning, collations with the locale defaults
  and the collection's default collation) is :mod:`noema_codegen.apply.index_identity`;
* an absent ``validationLevel``/``validationAction`` means ``strict``/``error``; an absent or
  empty validator means no validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from noema_codegen.apply.index_identity import (
    Comparison,
    compare,
    other_differences,
    signature_differences,
)
from noema_codegen.validation.equality import Unencodable, value_key

SERVER_BOOKKEEPING = frozenset(
    {"v", "ns", "background", "textIndexVersion", "2dsphereIndexVersion", "key", "name"}
)
FALSE_MEANS_ABSENT = frozenset({"unique", "sparse", "hidden"})
ID_INDEX_NAME = "_id_"


def canonical(value: Any) -> Any:
    """A comparable copy of ``value``: sorted mapping keys, unified numbers, lists kept in order."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Mapping):
        return {str(k): canonical(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def fingerprint(value: Any) -> Any:
    """A hashable value equal for two values exactly when MongoDB treats them as the same.

    The engine's BSON equality (:func:`~noema_codegen.validation.equality.value_key`): unlike
    Python's ``==``, ``True`` and ``1`` differ (``{$eq: true}`` does not match ``1``), while
    ``1``, ``1.0``, ``Int64(1)`` and ``Decimal128("1")`` are the same; mapping key order is
    ignored, list order is kept. A value pymongo cannot encode (never one the server sent, but
    :func:`canonical` turns a huge double into a Python integer beyond int64) is keyed by the
    ``repr`` of its canonical copy, so the comparison stays total.
    """
    try:
        return value_key(value)
    except Unencodable:
        return ("unencodable", repr(canonical(value)))


def same(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` mean the same to MongoDB (see ``fingerprint``)."""
    return bool(fingerprint(a) == fingerprint(b))


def index_key(key: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """An index key pattern as an ordered tuple with unified numbers: order is significant."""
    return tuple((str(name), canonical(direction)) for name, direction in key.items())


@dataclass(frozen=True)
class NormalIndex:
    """An index reduced to what decides its behaviour."""

    name: str
    key: tuple[tuple[str, Any], ...]
    options: Mapping[str, Any]
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The spec as written or returned (compared by meaning in ``index_identity``)."""

    @property
    def unique(self) -> bool:
        return bool(self.options.get("unique", False))

    @property
    def hidden(self) -> bool:
        return bool(self.options.get("hidden", False))


def normalise_index(spec: Mapping[str, Any]) -> NormalIndex:
    """Normalise one listIndexes entry or one createIndexes spec."""
    options: dict[str, Any] = {}
    for option, value in spec.items():
        if option in SERVER_BOOKKEEPING:
            continue
        if option in FALSE_MEANS_ABSENT and value is False:
            continue
        options[option] = canonical(value)
    return NormalIndex(
        name=str(spec.get("name", "")),
        key=index_key(spec.get("key", {})),
        options=options,
        spec=dict(spec),
    )


def index_differences(
    desired: NormalIndex, live: NormalIndex, default_collation: Mapping[str, Any] | None = None
) -> list[str]:
    """Names of what differs between a desired index and the live index of the same name.

    ``key`` first when the key pattern differs, then the option names, sorted. Compared as the
    server compares them (:mod:`noema_codegen.apply.index_identity`): partial filters by
    meaning, collations with ``default_collation`` (the collection's) for a desired index that
    sets none, ``unique``/``sparse``/``hidden`` as true values.
    """
    signature = signature_differences(desired.spec, live.spec, default_collation)
    options = set(signature) - {"key"}
    # prepareUnique is a state collMod sets on the way to unique (6.0+), never desired: the
    # planner (index_change.relevant_differences) ignores it where it changes nothing and undoes
    # an abandoned one in place; it never rebuilds an index for it
    options |= set(other_differences(desired.spec, live.spec))
    if bool(desired.spec.get("hidden")) != bool(live.spec.get("hidden")):
        options.add("hidden")
    return (["key"] if "key" in signature else []) + sorted(options)


def same_identity(
    desired: NormalIndex, live: NormalIndex, default_collation: Mapping[str, Any] | None = None
) -> bool:
    """True when the server would consider both the same index apart from the name.

    An index's signature is its key pattern, collation, partial filter (by meaning), ``unique``
    and ``sparse`` (and a wildcard index's projection); creating one whose signature matches an
    existing index under another name fails with IndexOptionsConflict (85). See
    :func:`noema_codegen.apply.index_identity.compare`.
    """
    comparison, _ = compare(desired.spec, live.spec, default_collation)
    return comparison is not Comparison.DIFFERENT


@dataclass(frozen=True)
class ValidatorState:
    """What decides document validation on a collection."""

    validator: Mapping[str, Any] = field(compare=False)
    level: str
    action: str
    validator_fingerprint: Any = field(default=None, repr=False)


def validator_state(options: Mapping[str, Any]) -> ValidatorState:
    """Normalise collection options (listCollections ``options`` or create/collMod options)."""
    validator = options.get("validator") or {}
    return ValidatorState(
        validator=canonical(validator),
        level=str(options.get("validationLevel", "strict")),
        action=str(options.get("validationAction", "error")),
        validator_fingerprint=fingerprint(validator),
    )


def index_spec_for_create(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A createIndexes spec from a desired spec: drops bookkeeping and ``false`` defaults."""
    out: dict[str, Any] = {"key": dict(spec["key"]), "name": spec["name"]}
    for option, value in spec.items():
        if option in ("key", "name") or option in SERVER_BOOKKEEPING:
            continue
        if option in FALSE_MEANS_ABSENT and value is False:
            continue
        out[option] = value
    return out
