"""Property: an in-place change, simulated the way collMod applies it, leaves nothing to do;
and no version-dependent collMod is ever planned for a server too old or unknown.

The simulation follows ``jstests/core/ddl/collmod_convert_index_uniqueness.js`` (prepareUnique
sets the flag, ``unique: true`` makes the index unique, ``forceNonUnique`` makes it not) and
``collmod_convert_to_ttl.js`` (expireAfterSeconds set on the index).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.apply.actions import ModifyIndex, RebuildIndex
from noema_codegen.apply.index_change import (
    NON_UNIQUE_CONVERSION,
    TTL_CONVERSION,
    UNIQUE_CONVERSION,
    index_change,
    parse_version,
    relevant_differences,
)
from noema_codegen.apply.normalise import index_differences, normalise_index

KEYS = st.sampled_from([{"a": 1}, {"a": 1, "b": -1}])
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "unique": st.booleans(),
        "hidden": st.booleans(),
        "expireAfterSeconds": st.sampled_from([0, 60, 3600]),
    },
)
VERSIONS = st.sampled_from([None, "4.4.0", "5.0.3", "5.1.0", "6.0.1", "7.0.12", "8.0.0"])


def simulate(live: dict[str, Any], steps: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(live)
    for step in steps:
        for option, value in step.items():
            if option == "name":
                continue
            if option == "unique":
                assert out.get("prepareUnique") is True, "unique: true needs prepareUnique first"
                out["unique"] = True
            elif option == "forceNonUnique":
                out.pop("unique", None)
            else:
                out[option] = value
    return out


@settings(max_examples=300, derandomize=True, deadline=None)
@given(KEYS, OPTIONS, OPTIONS, st.booleans(), VERSIONS)
def test_in_place_changes_leave_nothing_to_do(
    key: dict[str, int],
    want_options: dict[str, Any],
    live_options: dict[str, Any],
    prepared: bool,
    version: str | None,
) -> None:
    desired = {"key": key, "name": "noema_x", **want_options}
    live = {"v": 2, "key": key, "name": "noema_x", **live_options}
    if prepared:
        live["prepareUnique"] = True
    want, have = normalise_index(desired), normalise_index(live)
    diffs = relevant_differences(index_differences(want, have), want, have)
    if not diffs:
        return
    change = index_change("c", desired, want, have, live, diffs, parse_version(version))
    parsed = parse_version(version)
    if isinstance(change, RebuildIndex):
        assert change.window
        return
    assert isinstance(change, ModifyIndex)
    for step in change.steps:
        assert step["name"] == "noema_x" and len(step) == 2  # one option per collMod
        if "prepareUnique" in step:
            assert len(step) == 2, "prepareUnique must be its own collMod"
            # setting it needs 6.0; clearing it is safe wherever a live index carries it
            assert step["prepareUnique"] is False or (
                parsed is not None and parsed >= UNIQUE_CONVERSION
            )
        if "unique" in step:
            assert parsed is not None and parsed >= UNIQUE_CONVERSION
        if "forceNonUnique" in step:
            assert parsed is not None and parsed >= NON_UNIQUE_CONVERSION
        if "expireAfterSeconds" in step and "expireAfterSeconds" not in have.options:
            assert parsed is not None and parsed >= TTL_CONVERSION and len(key) == 1
    after = normalise_index(simulate(live, change.steps))
    assert relevant_differences(index_differences(want, after), want, after) == []
