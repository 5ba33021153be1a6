"""Property tests: the engine never raises on any value pymongo can decode, for the bundled schemas
and for random ones, and ``is_valid`` agrees with ``errors``; ``compile_schema`` raises nothing but
SchemaError/UnsupportedPattern for any JSON-like input. Bounded and derandomized (CI-stable)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.documents import valid_document
from noema_codegen.checked_project import load_project
from noema_codegen.validation import (
    SchemaError,
    UnsupportedPattern,
    compile_schema,
    schema_errors,
)
from noema_codegen.validation.dialect import KNOWN_KEYWORDS
from tests.validation.strategies import (
    EXOTIC_KEYS,
    exotic_documents,
    exotic_scalars,
    exotic_schemas,
    exotic_values,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    c.name: c.validator_options["validator"]["$jsonSchema"]
    for c in load_project(ROOT / "schemas").collections
}
ENGINES = {name: compile_schema(schema) for name, schema in SCHEMAS.items()}
BOUNDED = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def check(validator: Any, doc: Any) -> None:
    verdict = validator.is_valid(doc)
    errors = validator.errors(doc)
    assert isinstance(verdict, bool)
    assert verdict is (errors == []), errors


@BOUNDED
@given(schema=exotic_schemas, doc=exotic_documents)
def test_random_schemas_on_any_value(schema: dict[str, Any], doc: dict[str, Any]) -> None:
    assume(not schema_errors(schema))
    validator = compile_schema(schema)
    check(validator, doc)
    check(compile_schema(schema, assume_id=False), doc)


@st.composite
def bundled_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A valid document of a bundled schema with up to three values replaced by any value."""
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    doc = valid_document(random.Random(draw(st.integers(0, 2**32))), SCHEMAS[name])
    for _ in range(draw(st.integers(1, 3))):
        target: Any = doc
        # Walk down a random branch, then replace or add a field there.
        while draw(st.booleans()):
            children = [v for v in (target.values() if isinstance(target, dict) else target) if v]
            children = [c for c in children if isinstance(c, (dict, list))]
            if not children:
                break
            target = draw(st.sampled_from(children))
        if isinstance(target, dict):
            key = draw(st.sampled_from([*target, *EXOTIC_KEYS]))
            target[key] = draw(exotic_values)
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = draw(exotic_values)
    return name, doc


@BOUNDED
@given(bundled_documents())
def test_bundled_schemas_on_any_value(case: tuple[str, dict[str, Any]]) -> None:
    name, doc = case
    check(ENGINES[name], doc)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(value=exotic_values)
def test_any_top_level_value(value: Any) -> None:
    """Not only documents: ``is_valid`` is False and ``errors`` says why for any other value."""
    for validator in ENGINES.values():
        check(validator, value)


json_like = st.recursive(
    st.one_of(exotic_scalars, st.sampled_from(sorted(KNOWN_KEYWORDS))),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(sorted(KNOWN_KEYWORDS)), st.text(max_size=3)),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=12,
)


@BOUNDED
@given(schema=json_like)
def test_compile_schema_raises_only_schema_errors(schema: Any) -> None:
    try:
        validator = compile_schema(schema)
    except (SchemaError, UnsupportedPattern):
        return
    check(validator, {"a": 1})


@BOUNDED
@given(
    path=st.sampled_from(["a", "a.0", "a.1", "a.01", "a.²", "a.١", "a.b", "a.0.b"]),
    sub=exotic_schemas,
    enum=st.lists(exotic_values, min_size=1, max_size=2),
    value=exotic_values,
)
def test_one_field_under_a_path_and_an_enum(path: str, sub: Any, enum: Any, value: Any) -> None:
    """Aimed at one field: required/properties through dotted paths (array positions in any
    digits), and enum/uniqueItems over any value (regexes with NUL, deep nesting...)."""
    for schema in (
        {"required": [path], "properties": {"a": sub}},
        {"properties": {path: {"enum": enum}}},
        {"properties": {"a": {"uniqueItems": True}}},
    ):
        if schema_errors(schema):
            continue
        validator = compile_schema(schema)
        check(validator, {"a": value})
        check(validator, {"a": [value, value]})


#: PCRE syntax in pieces: escapes that take arguments, group openers, class and quantifier
#: brackets, and characters MongoDB refuses (NUL) or that are not Unicode (a lone surrogate).
PCRE_PIECES = [
    *"()[]{}^$|*+?,:<>\\a1zZ",
    *["\\x", "\\x{", "\\o{", "\\c", "\\k<", "\\k{", "\\Q", "\\E", "\\p", "\\d", "\\N"],
    *["(?<", "(?P<", "(?i)", "(?-i)", "(?#", "(*", "[[:", ":]]", "{,", "{65536}", "é"],
    *["\ud800", "\x00"],
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pattern=st.lists(st.sampled_from(PCRE_PIECES), max_size=8).map("".join))
def test_any_pattern_is_compiled_or_refused(pattern: str) -> None:
    """Patterns made of PCRE syntax pieces: a SchemaError, an UnsupportedPattern, or a
    validator that answers for any string."""
    for schema in (
        {"properties": {"a": {"pattern": pattern}}},
        {"patternProperties": {pattern: {"bsonType": "int"}}},
    ):
        try:
            validator = compile_schema(schema)
        except (SchemaError, UnsupportedPattern):
            continue
        for text in ("", "a", pattern, "\ud800", "\n"):
            check(validator, {"a": text, text: 1})
