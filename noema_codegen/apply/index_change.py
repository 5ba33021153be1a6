"""The cheapest safe way to turn a live index into the desired one of the same name.

``collMod`` changes an index in place, without a moment where it is missing; a rebuild (drop,
then create) is chosen only when no ``collMod`` can make the change, and then says what is
unprotected while the new index builds. Server facts used (MongoDB manual, ``collMod`` page
and "Convert an Existing Index to a Unique Index"; mongodb/mongo jstests named below):

* ``expireAfterSeconds`` of a TTL index: changed with ``collMod {index: {name,
  expireAfterSeconds}}`` (``jstests/core/ddl/collmod.js``); since 5.1 the same command turns
  a non-TTL **single-field** index (not ``_id``) into a TTL index
  (``jstests/core/ddl/collmod_convert_to_ttl.js``). No ``collMod`` removes a TTL: that is a
  rebuild.
* ``hidden``: ``collMod {index: {name, hidden}}`` since 4.4 (manual, "Hidden Indexes").
* non-unique -> unique since 6.0: ``collMod {index: {name, prepareUnique: true}}`` (new
  duplicates are refused from then on), then ``collMod {index: {name, unique: true}}``,
  which fails with CannotConvertIndexToUnique if stored duplicates exist; ``prepareUnique``
  must be its own ``collMod``; ``unique: true`` without it fails with InvalidOptions
  (``jstests/core/ddl/collmod_convert_index_uniqueness.js``,
  ``collmod_convert_to_unique_violations.js``). The uniqueness is never unenforced, unlike a
  rebuild.
* unique -> non-unique since 6.0: ``collMod {index: {name, forceNonUnique: true}}``
  (SERVER-63578; the same jstest; ``unique: false`` is refused with BadValue). Both
  conversions were behind ``featureFlagCollModIndexUnique``, enabled with FCV 6.0
  (SERVER-67846).

An unknown server version (a snapshot that does not record it) gets the rebuild, never a
command the server might refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from noema_codegen.apply.actions import (
    CHECK_DUPLICATES,
    Check,
    ModifyIndex,
    RebuildIndex,
)
from noema_codegen.apply.normalise import NormalIndex

Version = tuple[int, int]

TTL_CONVERSION = (5, 1)
UNIQUE_CONVERSION = (6, 0)
NON_UNIQUE_CONVERSION = (6, 0)
IN_PLACE_OPTIONS = frozenset({"hidden", "expireAfterSeconds", "unique", "prepareUnique"})

WINDOW_UNIQUE = "unique index rebuilt: uniqueness unenforced while it builds"
WINDOW_TTL = "TTL index rebuilt: expired documents are not deleted while it builds"
WINDOW_PLAIN = "index rebuilt: queries that use it fall back to other plans while it builds"


def parse_version(text: object) -> Version | None:
    """``"7.0.12"`` or ``(7, 0, 12, 0)`` (``LiveState.server_version``) -> ``(7, 0)``; anything
    else (``None``, ``"unknown"``) -> ``None``."""
    if isinstance(text, tuple):
        numbers = [n for n in text[:2] if isinstance(n, int) and not isinstance(n, bool)]
        return (numbers[0], numbers[1]) if len(numbers) == 2 else None
    match = re.match(r"^(\d+)\.(\d+)", str(text)) if text is not None else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def _at_least(version: Version | None, needed: Version) -> bool:
    return version is not None and version >= needed


def _single_field(index: NormalIndex) -> bool:
    return len(index.key) == 1 and index.key[0][0] != "_id"


def _steps(
    diffs: list[str], want: NormalIndex, have: NormalIndex, version: Version | None
) -> list[dict[str, Any]] | None:
    """The collMod ``index`` documents that make the change, or ``None`` when none can."""
    if not set(diffs) <= IN_PLACE_OPTIONS:
        return None
    name = want.name
    steps: list[dict[str, Any]] = []
    if "expireAfterSeconds" in diffs:
        if "expireAfterSeconds" not in want.options:
            return None  # removing a TTL
        if "expireAfterSeconds" not in have.options and not (
            _at_least(version, TTL_CONVERSION) and _single_field(have)
        ):
            return None
        steps.append({"name": name, "expireAfterSeconds": want.options["expireAfterSeconds"]})
    if "hidden" in diffs:
        steps.append({"name": name, "hidden": want.hidden})
    prepared = bool(have.options.get("prepareUnique", False))
    if "unique" in diffs and want.unique:
        if not _at_least(version, UNIQUE_CONVERSION):
            return None
        if not prepared:
            steps.append({"name": name, "prepareUnique": True})
        steps.append({"name": name, "unique": True})
    elif "unique" in diffs:
        if not _at_least(version, NON_UNIQUE_CONVERSION):
            return None
        steps.append({"name": name, "forceNonUnique": True})
        if prepared:  # else it keeps refusing new duplicates
            steps.append({"name": name, "prepareUnique": False})
    elif prepared and not want.unique and "prepareUnique" in diffs:
        steps.append({"name": name, "prepareUnique": False})  # an abandoned conversion
    return steps


def relevant_differences(diffs: list[str], want: NormalIndex, have: NormalIndex) -> list[str]:
    """``diffs`` without ``prepareUnique`` where it changes nothing: ``prepareUnique: false``
    (the same as absent), a unique index, or a conversion to unique wanted anyway."""
    if "prepareUnique" not in diffs:
        return diffs
    unset = not have.options.get("prepareUnique", False)
    if unset or want.unique or (have.unique and "unique" not in diffs):
        return [d for d in diffs if d != "prepareUnique"]
    return diffs


def index_change(
    collection: str,
    spec: Mapping[str, Any],
    want: NormalIndex,
    have: NormalIndex,
    live_raw: Mapping[str, Any],
    diffs: list[str],
    version: Version | None,
) -> ModifyIndex | RebuildIndex:
    """The in-place change when one exists, else the rebuild with its window."""
    checks: tuple[Check, ...] = (CHECK_DUPLICATES,) if want.unique else ()
    steps = _steps(diffs, want, have, version)
    if steps is not None:
        converts = want.unique and not have.unique
        return ModifyIndex(
            collection,
            want.name,
            tuple(steps),
            tuple(diffs),
            dict(spec),
            checks if converts else (),
        )
    if have.unique:
        window = WINDOW_UNIQUE
    elif "expireAfterSeconds" in have.options:
        window = WINDOW_TTL
    else:
        window = WINDOW_PLAIN
    return RebuildIndex(
        collection, want.name, dict(spec), dict(live_raw), tuple(diffs), window, checks
    )
