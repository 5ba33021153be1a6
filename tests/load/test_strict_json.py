"""``strict_json.read_json``: accepts exactly the JSON a validator can hold, never raises."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.strict_json import (
    INT64_MAX,
    INT64_MIN,
    MAX_DEPTH,
    MAX_PROBLEMS,
    read_json,
    scan_json,
)

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Values a schema file may hold: no NaN/infinity, 64-bit integers, valid Unicode text, keys
#: without U+0000.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=INT64_MIN, max_value=INT64_MAX)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@PROPERTY
@given(json_values, st.booleans(), st.sampled_from([None, 0, 2]))
def test_valid_json_reads_back_unchanged(value: Any, ascii_only: bool, indent: int | None) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    assert read_json(text) == (value, [])


@PROPERTY
@given(st.text(alphabet=st.sampled_from('{}[]:," \n0123456789-.eEaNI\\u"tfnrl'), max_size=60))
def test_any_text_gets_a_value_or_located_problems(text: str) -> None:
    value, problems = read_json(text)
    if problems:
        assert value is None
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message
    else:
        assert value == json.loads(text)


@PROPERTY
@given(st.integers(min_value=1, max_value=3 * MAX_DEPTH), st.sampled_from(["[", "{"]))
def test_depth_limit(levels: int, opening: str) -> None:
    inner = "1" if opening == "[" else ""
    text = (
        '{"a": ' * levels + "{}" + "}" * levels
        if opening == "{"
        else "[" * levels + inner + "]" * levels
    )
    value, problems = read_json(text)
    total = levels + 1 if opening == "{" else levels
    if total <= MAX_DEPTH:
        assert problems == [] and _depth(value) == total
    else:
        assert [p.rule for p in problems] == ["json-depth"]
        assert problems[0].column == MAX_DEPTH * (6 if opening == "{" else 1) + 1
        assert problems[0].pointer.count("/") == MAX_DEPTH


def test_depth_is_measured_without_recursion() -> None:
    """A million unclosed brackets: one problem, no RecursionError, no MemoryError."""
    value, problems = read_json("[" * 1_000_000)
    assert value is None and [p.rule for p in problems] == ["json-depth"]


@PROPERTY
@given(
    st.one_of(
        st.integers(min_value=INT64_MAX + 1, max_value=10**40),
        st.integers(min_value=-(10**40), max_value=INT64_MIN - 1),
    )
)
def test_integers_beyond_int64_are_refused(number: int) -> None:
    _, problems = read_json(f'{{"n": [{number}]}}')
    assert [(p.pointer, p.rule, p.line, p.column) for p in problems] == [
        ("/n/0", "json-number", 1, 8)
    ]


@pytest.mark.parametrize("literal", ["1e309", "-1e309", "1.8e308", "123e999999999999"])
def test_doubles_beyond_range_are_refused(literal: str) -> None:
    assert math.isinf(float(literal))  # what Python's json would have produced
    _, problems = read_json(f'{{"n": {literal}}}')
    assert [p.rule for p in problems] == ["json-number"]


@pytest.mark.parametrize("literal", ["1.7976931348623157e308", "5e-324", "1e-400", "-0", "0.0"])
def test_doubles_in_range_are_read(literal: str) -> None:
    assert read_json(f'{{"n": {literal}}}') == ({"n": json.loads(literal)}, [])


@PROPERTY
@given(st.text(min_size=1, max_size=6), st.integers(min_value=0, max_value=3))
def test_duplicate_keys_are_found_at_the_second_occurrence(key: str, gap: int) -> None:
    members = [f'"k{i}": {i}' for i in range(gap)]
    encoded = json.dumps(key)
    text = "{" + ",\n".join([f"{encoded}: 1", *members, f"{encoded}: 2"]) + "}"
    _, problems = read_json(text)
    assert [(p.rule, p.line, p.column) for p in problems] == [("json-duplicate-key", gap + 2, 1)]
    assert "first at line 1" in problems[0].message


def test_keys_equal_after_unescaping_are_duplicates() -> None:
    _, problems = read_json('{"a": 1, "\\u0061": 2}')
    assert [p.rule for p in problems] == ["json-duplicate-key"]


def test_the_same_key_in_different_objects_is_fine() -> None:
    assert read_json('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}')[1] == []


@PROPERTY
@given(st.integers(min_value=0xD800, max_value=0xDFFF), st.booleans())
def test_lone_surrogates_are_refused_in_keys_and_values(code: int, in_key: bool) -> None:
    escape = f"\\u{code:04x}"
    text = f'{{"{escape}": 1}}' if in_key else f'{{"k": ["{escape}"]}}'
    _, problems = read_json(text)
    assert [p.rule for p in problems] == ["json-unicode"]
    assert problems[0].pointer == (f"/{chr(code)}" if in_key else "/k/0")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_tokens_are_refused(token: str) -> None:
    _, problems = read_json(f'{{\n "a": [1,\n  {token}]}}')
    assert [(p.pointer, p.rule, p.line, p.column) for p in problems] == [
        ("/a/1", "json-number", 3, 3)
    ]


def test_problems_are_capped() -> None:
    _, problems = read_json("[" + ",".join(["NaN"] * 500) + "]")
    assert len(problems) == MAX_PROBLEMS + 1
    assert str(MAX_PROBLEMS) in problems[-1].message


def test_a_huge_string_is_read(benchmark_size: int = 5_000_000) -> None:
    text = json.dumps({"description": "\\" * benchmark_size})
    value, problems = read_json(text)
    assert problems == [] and len(value["description"]) == benchmark_size


#: pieces of text that exercise every check, to splice into valid JSON
SPLICES = st.sampled_from(
    [
        "NaN",
        "-Infinity",
        "1e400",
        "9223372036854775808",
        "-9223372036854775809",
        "1" * 30,
        '"\\ud800"',
        '"\\ud83d\\ude00"',
        '"\\u0000"',
        '{"a": 1, "a": 2}',
        '{"\\u0000": 1}',
        "[" * 101 + "]" * 101,
        "[" * 99 + "]" * 99,
        '"\\\\ud800"',
        ",",
        "]",
        "{",
        '"',
    ]
)


@PROPERTY
@given(json_values, st.lists(st.tuples(st.integers(min_value=0), SPLICES), max_size=3))
def test_the_fast_path_agrees_with_the_scanner(value: Any, splices: list[tuple[int, str]]) -> None:
    """Whatever the text, the fast path (json.loads with hooks) and the scanner give one answer."""
    text = json.dumps(value)
    for position, piece in splices:
        cut = position % (len(text) + 1)
        text = text[:cut] + piece + text[cut:]
    assert read_json(text) == scan_json(text)
