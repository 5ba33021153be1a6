"""Fuzz: random mutations of the bundled schemas through ``noema-codegen lint``, in-process.

The contract checked for every mutant: exit code 0, 1 or 2 (never 70, the internal-error exit),
no traceback, and every line of output is a diagnostic that starts with the file (plus a line,
column or JSON pointer when the problem is not the whole file) or the summary line.

Mutations, at a JSON pointer drawn from every value of the schema: replace the value (type
swaps, huge numbers, NaN/Infinity tokens, lone surrogates, unicode, deep nesting), delete it,
add a keyword (any $jsonSchema keyword, with one of those values), rename a key, duplicate a key; and on the text: truncate, insert a character.

CI runs a fixed number of derandomized examples (``NOEMA_FUZZ_EXAMPLES``, default 50);
``NOEMA_FUZZ_EXAMPLES=2000 pytest tests/fuzz/test_fuzz_lint.py`` runs a longer local search
(still derandomized; add ``NOEMA_FUZZ_RANDOM=1`` for new random seeds each run).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = {
    path.stem: path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "schemas").glob("*.json"))
}
EXAMPLES = int(os.environ.get("NOEMA_FUZZ_EXAMPLES", "50"))

#: a diagnostic line: file, then optional :line[:column] and #pointer, then the severity
DIAGNOSTIC = re.compile(
    r"^schemas/[^:#\s]+\.json(:\d+(:\d+)?)?(#.*)?: (error|warning|note)\[[a-z-]+\]: .+"
)
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")

#: placeholders for tokens a Python value cannot carry through json.dumps
RAW_TOKENS = {
    "@NaN@": "NaN",
    "@Inf@": "Infinity",
    "@-Inf@": "-Infinity",
    "@big@": "123456789012345678901234567890",
    "@huge@": "1e400",
    "@digits@": "9" * 5000,
    "@int64+1@": str(2**63),
}


def _deep_text(kind: str, levels: int) -> str:
    """A value nested ``levels`` times, as text (json.dumps itself recurses per level)."""
    leaf = '{"bsonType": "string"}'
    if kind == "array":
        return "[" * levels + leaf + "]" * levels
    if kind == "not":
        return '{"not": ' * levels + leaf + "}" * levels
    return '{"bsonType": "object", "properties": {"a": ' * levels + leaf + "}}" * levels


DEEP = re.compile(r'"@deep:(\w+):(\d+)@"')


nasty_values = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            2**31,
            2**63 - 1,
            -(2**63),
            1.5,
            1e308,
            "",
            [],
            {},
            [[]],
            {"": {}},
        ]
    ),
    st.sampled_from(sorted(RAW_TOKENS)),
    st.sampled_from(
        ["\ud800", "a\udfffb", "\x00", "a\x00b", "é", "\U0001f600", "\u202e", "ℌ", "٣"]
    ),
    st.sampled_from(
        ["integer", "strin", "String", "objectid", "number", "int", "long", "date", "object"]
    ),
    st.sampled_from(["[", "(?<n>a)\\k<n>", "\\x{}", "^a$", "(a", "\\p{L}"]),
    st.builds(
        "@deep:{}:{}@".format,
        st.sampled_from(["array", "not", "properties"]),
        st.sampled_from([1, 49, 50, 98, 99, 100, 101, 250, 500, 1000, 1500]),
    ),
)
plain_values = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.recursive(
        st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=4), children, max_size=3)
        ),
        max_leaves=8,
    ),
)
#: three draws in four are a known-nasty value
weird_values = st.one_of(nasty_values, nasty_values, nasty_values, plain_values)


KEYWORDS = [
    "bsonType",
    "type",
    "enum",
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minProperties",
    "maxProperties",
    "dependencies",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "title",
    "description",
    "default",
    "x-noema",
    "$ref",
    "format",
]


def _pointers(value: Any) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (iteratively), root first."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), value)]
    while stack:
        path, node = stack.pop()
        found.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, key), child) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, index), child) for index, child in enumerate(node))
    return sorted(found, key=lambda p: [str(t) for t in p])


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for token in path[:-1]:
        document = document[token]
    return document


def _dumps(document: Any) -> str:
    text = json.dumps(document, indent=2)
    for placeholder, token in RAW_TOKENS.items():
        text = text.replace(json.dumps(placeholder), token)
    return DEEP.sub(lambda m: _deep_text(m.group(1), int(m.group(2))), text)


STRUCTURAL = ["replace", "keyword", "delete", "rename"]
TEXTUAL = [None, None, None, None, "duplicate", "truncate", "insert"]


def _mutate(draw: st.DrawFn, document: Any) -> None:
    """One structural mutation at a random JSON pointer (never the root)."""
    paths = _pointers(document)[1:]
    if not paths:
        return
    path = draw(st.sampled_from(paths))
    parent, token = _parent(document, path), path[-1]
    action = draw(st.sampled_from(STRUCTURAL))
    if action == "replace":
        parent[token] = draw(weird_values)
    elif action == "keyword":
        target = parent[token] if isinstance(parent[token], dict) else parent
        if isinstance(target, dict):
            target[draw(st.sampled_from(KEYWORDS))] = draw(weird_values)
    elif action == "delete":
        del parent[token]
    elif isinstance(parent, dict):
        parent[draw(weird_values.filter(lambda v: isinstance(v, str)))] = parent.pop(token)


def _mutate_text(draw: st.DrawFn, text: str) -> str:
    action = draw(st.sampled_from(TEXTUAL))
    if action == "duplicate":
        keys = re.findall(r'"[^"\\]*": ', text)
        if keys:
            key = draw(st.sampled_from(keys))
            return text.replace(key, f"{key}null, {key}", 1)
    position = draw(st.integers(min_value=0, max_value=len(text)))
    if action == "truncate":
        return text[:position]
    if action == "insert":
        char = draw(st.sampled_from(list('{}[],:"\\0-eN\x00\ud800')))
        return text[:position] + char + text[position:]
    return text


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, str]:
    """(collection, schema text) after one to five structural mutations and maybe a textual one."""
    name = draw(st.sampled_from(sorted(BUNDLED)))
    document = json.loads(BUNDLED[name])
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        _mutate(draw, document)
    return name, _mutate_text(draw, _dumps(document))


def _write(directory: Path, name: str, text: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():
        old.unlink()
    for other, source in BUNDLED.items():
        if other != name:
            (directory / f"{other}.json").write_text(source, encoding="utf-8")
    (directory / f"{name}.json").write_bytes(text.encode("utf-8", "surrogatepass"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("NOEMA_FUZZ_RANDOM") != "1",
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(mutants())
def test_lint_on_mutated_schemas_keeps_the_contract(
    tmp_path: Path, mutant: tuple[str, str]
) -> None:
    name, text = mutant
    schemas = tmp_path / "schemas"
    _write(schemas, name, text)
    result = CliRunner().invoke(main, ["lint", "--schemas", str(schemas)])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for line in lines:
        assert DIAGNOSTIC.match(line) or SUMMARY.match(line) or line == "no problems found", line
    if result.exit_code == 2:
        assert any(" error[" in line for line in lines)
