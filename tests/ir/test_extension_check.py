"""The compiled ``x-noema`` check gives ``jsonschema``'s verdict (issue 14: no per-file descent).

``ir.build`` asks ``jsonschema`` only when ``ir.extension_check`` refuses an extension, so a
"valid" from the compiled check that ``jsonschema`` would refuse loses an error. These tests
compare the two verdicts on arbitrary JSON values and on mutations of the bundled schemas'
extensions (which reach deep into the vocabulary: oneOf branches, propertyNames, enums).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.ir.extension_check import compile_schema, json_equal
from noema_codegen.ir.extension_schema import EXTENSION_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = jsonschema.Draft202012Validator(EXTENSION_SCHEMA)
COMPILED = compile_schema(EXTENSION_SCHEMA)
BUNDLED = [
    json.loads(path.read_text(encoding="utf-8"))["x-noema"]
    for path in sorted((ROOT / "schemas").glob("*.json"))
]
# names and values the vocabulary uses, so mutations hit keys the schema knows
NAMES = st.sampled_from(
    ["op", "param", "optional", "$gt", "$exists", "$elemMatch", "now", "element", "slice",
     "sort", "match", "keys", "unique", "strength", "lowercaseWhen", "in", "field", "entry",
     "model", "module", "find_x", "Bad-Name", "a", ""]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=3)
    | st.sampled_from([1.0, -1.0, 0.5, 2147483648, "text", "find_one", "after", "upper"])
    | st.text(max_size=6)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES | st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)  # fmt: skip


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, member in value.items():
            found.extend(_nodes(member, (*path, key)))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            found.extend(_nodes(member, (*path, index)))
    return found


@st.composite
def mutated_extensions(draw: st.DrawFn) -> Any:
    extension = copy.deepcopy(draw(st.sampled_from(BUNDLED)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_nodes(extension)))
        if not path:
            continue
        parent = extension
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(NAMES)] = draw(JSON)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return extension


def test_the_bundled_extensions_are_valid_for_both() -> None:
    for extension in BUNDLED:
        assert REFERENCE.is_valid(extension)
        assert COMPILED(extension)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(mutated_extensions())
def test_mutated_extensions_get_jsonschemas_verdict(extension: Any) -> None:
    assert COMPILED(extension) == REFERENCE.is_valid(extension)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(JSON)
def test_arbitrary_values_get_jsonschemas_verdict(value: Any) -> None:
    assert COMPILED(value) == REFERENCE.is_valid(value)


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"enum": [1, -1]}, True),  # a boolean is not 1
        ({"enum": [1, -1]}, 1.0),  # 1.0 equals 1
        ({"const": True}, 1),
        ({"type": "integer"}, 3.0),
        ({"type": "integer"}, False),
        ({"type": "number", "minimum": 0}, True),
        ({"minLength": 1}, 5),  # not a string: the keyword does not apply
        ({"type": "array", "uniqueItems": True}, [1, 1.0]),
        ({"type": "array", "uniqueItems": True}, [1, True]),
        ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"Ab": 1}),
        ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "x"),  # both match: not one
        ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}),
        ({"pattern": "b"}, "abc"),  # re.search, not a full match
    ],
)
def test_edge_cases_match_jsonschema(schema: dict[str, Any], instance: Any) -> None:
    assert compile_schema(schema)(instance) == jsonschema.Draft202012Validator(schema).is_valid(
        instance
    )


@settings(max_examples=200, deadline=None, derandomize=True)
@given(JSON, JSON)
def test_equality_is_jsonschemas_enum_equality(one: Any, two: Any) -> None:
    assert json_equal(one, two) == jsonschema.Draft202012Validator({"enum": [two]}).is_valid(one)


def test_a_keyword_it_cannot_check_is_refused_when_compiling() -> None:
    with pytest.raises(ValueError, match="patternProperties"):
        compile_schema({"type": "object", "patternProperties": {"^a": {}}})
