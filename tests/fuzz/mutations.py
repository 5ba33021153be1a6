"""Hypothesis strategies that damage JSON inputs the way users (and editors, and scripts) do.

A mutation picks a JSON pointer of a real input (a bundled schema, a document) and does one of:
delete the member, swap its value for one of another type, wrap it in deep nesting, or put in a
huge number, odd unicode or a bad Extended JSON value. ``text_damage`` works on the text instead:
truncation, a bare ``NaN``, a duplicated key, a byte-order mark, stray bytes.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from noema_codegen.diagnostics import pointer_join

SWAP_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    -(2**64),
    1.5,
    1e308,
    "",
    "integer",
    "strin",
    "\U0001f600",
    "a\u0000b",
    "\ud800",
    [],
    [None],
    {},
    {"bsonType": 0},
    {"$oid": "zz"},
    {"$numberDecimal": "abc"},
    {"$date": 253402300800000},
    {"$date": "not a date"},
    {"$regex": "a(", "$options": "q"},
    {"$numberLong": "1e3"},
]

KEYS = ["class", "first-name", "1st", "$x", "\U0001f600", "a.b", "", "_id", "user_agent", "\ud800"]


def pointers(value: Any, prefix: str = "") -> list[str]:
    """Every JSON pointer in ``value`` (objects and arrays), the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(pointers(item, pointer_join(prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(pointers(item, f"{prefix}/{index}"))
    return found


def _step(parent: Any, token: str) -> Any:
    if isinstance(parent, list):
        return int(token)
    return token.replace("~1", "/").replace("~0", "~")


def _parent_and_key(doc: Any, pointer: str) -> tuple[Any, Any]:
    tokens = pointer.split("/")[1:]
    parent = doc
    for token in tokens[:-1]:
        parent = parent[_step(parent, token)]
    return parent, _step(parent, tokens[-1])


def _nest(value: Any, depth: int, kind: str) -> Any:
    for _ in range(depth):
        if kind == "array":
            value = [value]
        elif kind == "not":
            value = {"not": value}
        else:
            value = {"bsonType": "object", "properties": {"p": value}}
    return value


@st.composite
def mutated(draw: st.DrawFn, original: Any) -> Any:
    """``original`` (deep-copied) with one random mutation applied at a random pointer."""
    doc = json.loads(json.dumps(original))
    pointer = draw(st.sampled_from(pointers(doc)))
    kind = draw(st.sampled_from(["delete", "swap", "nest", "add-key", "swap", "swap"]))
    if pointer == "":
        if kind == "swap":
            return draw(st.sampled_from(SWAP_VALUES))
        if kind == "nest":
            return _nest(doc, draw(st.integers(1, 300)), draw(st.sampled_from(["array", "not"])))
        kind = "add-key"
    if kind == "add-key":
        target = doc
        if pointer:
            parent, key = _parent_and_key(doc, pointer)
            target = parent[key]
        if isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = draw(st.sampled_from(SWAP_VALUES))
        return doc
    parent, key = _parent_and_key(doc, pointer)
    if kind == "delete":
        del parent[key]
    elif kind == "swap":
        parent[key] = draw(st.sampled_from(SWAP_VALUES))
    else:
        depth = draw(st.integers(1, 300))
        parent[key] = _nest(parent[key], depth, draw(st.sampled_from(["array", "not", "object"])))
    return doc


def dumps(value: Any) -> str:
    """JSON text, keeping lone surrogates and NaN as the raw tokens a user's file could hold."""
    return json.dumps(value, indent=1, ensure_ascii=True, allow_nan=True)


@st.composite
def text_damage(draw: st.DrawFn, text: str) -> str:
    """``text`` with one textual defect: what a bad merge, an editor or a script leaves."""
    kind = draw(st.sampled_from(["truncate", "nan", "dup-key", "bom", "bytes", "infinity"]))
    if kind == "truncate":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if kind == "nan":
        return text.replace('"maxLength": ', '"maxLength": NaN, "x": ', 1).replace("1,", "NaN,", 1)
    if kind == "infinity":
        return text.replace("{", '{"minimum": -Infinity, ', 1)
    if kind == "dup-key":
        return text.replace("{", '{"bsonType": "string", ', 1)
    if kind == "bom":
        return "\ufeff" + text
    at = draw(st.integers(0, len(text)))
    return (
        text[:at] + draw(st.sampled_from(["\x00", "\udcff", "\\", '"', "}", "\\ud800"])) + text[at:]
    )
