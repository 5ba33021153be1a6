"""PCRE patterns run with Python's re: translation, ASCII classes, rejected and unsupported syntax."""

from __future__ import annotations

import pytest

from noema_codegen.validation import UnsupportedPattern, compile_schema, schema_errors
from noema_codegen.validation.pcre import InvalidPattern, compile_pcre


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("abc\\z", "abc", True),
        ("abc\\z", "abc\n", False),
        ("abc\\Z", "abc\n", True),
        ("abc\\Z", "abc\n\n", False),
        ("\\Aab", "xab", False),
        ("(?<y>\\d{4})-\\k<y>", "2024-2024", True),
        ("(?<y>\\d{4})-\\k{y}", "2024-2025", False),
        ("^[[:alpha:]]+$", "abcXYZ", True),
        ("^[[:alpha:]]+$", "abc1", False),
        ("^[[:digit:][:upper:]]+$", "A1B2", True),
        ("^\\h+$", " \t", True),
        ("^\\R$", "\r\n", True),
        ("^\\Qa.b\\E$", "a.b", True),
        ("^\\Qa.b\\E$", "axb", False),
        ("^\\x{e9}$", "é", True),
        ("^\\N+$", "ab", True),
        ("^\\N+$", "a\nb", False),
        ("\\w", "é", False),
        ("\\s", "\u00a0", False),
        ("[]a]", "]", True),
        ("[^]a]", "]", False),
        ("^(?i)abc$", "ABC", True),
        ("a(?=b)", "ab", True),
        ("(?<=a)b", "ab", True),
        ("(?>a+)b", "aab", True),
    ],
)
def test_translation(pattern: str, text: str, found: bool) -> None:
    assert (compile_pcre(pattern).search(text) is not None) is found


@pytest.mark.parametrize(
    "pattern",
    ["(", "[a", "a{2,1}", "\\u00e9", "\\N{LATIN SMALL LETTER E}", "a\x00b", "*a", "(?<=a+)b"],
)
def test_invalid_patterns_make_invalid_schemas(pattern: str) -> None:
    with pytest.raises(InvalidPattern):
        compile_pcre(pattern)
    errors = schema_errors({"properties": {"a": {"pattern": pattern}}})
    assert errors and errors[0].pointer == "/properties/a/pattern"


@pytest.mark.parametrize("pattern", ["\\p{L}", "\\X", "(?R)", "a\\Kb", "(*FAIL)"])
def test_unsupported_patterns(pattern: str) -> None:
    schema = {"properties": {"a": {"pattern": pattern}}}
    assert schema_errors(schema) == []  # MongoDB accepts them
    with pytest.raises(UnsupportedPattern):
        compile_schema(schema)


def test_pattern_properties_use_search() -> None:
    validator = compile_schema(
        {
            "properties": {
                "o": {
                    "patternProperties": {"^x_": {"bsonType": "int"}, "y": {"bsonType": "string"}},
                    "additionalProperties": False,
                }
            }
        }
    )
    assert validator.is_valid({"o": {"x_a": 1, "ayb": "s"}})
    assert not validator.is_valid({"o": {"x_a": "s"}})
    assert not validator.is_valid({"o": {"other": 1}})
    assert not validator.is_valid({"o": {"x_y": 1}})  # matches both patterns: both apply


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("^a(?i)bc$", "aBC", True),
        ("^a(?i)bc$", "ABC", False),
        ("^(a(?i)b)c$", "aBc", True),
        ("^(a(?i)b)c$", "aBC", False),
        ("^a(?i)b|c$", "C", True),
        ("^a(?i)b|c$", "aB", True),
        ("^(?i)a(?-i)b$", "Ab", True),
        ("^(?i)a(?-i)b$", "AB", False),
    ],
)
def test_inline_flags_mid_pattern(pattern: str, text: str, found: bool) -> None:
    assert (compile_pcre(pattern).search(text) is not None) is found


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("^a{,2}$", "a{,2}", True),
        ("^a{,2}$", "aa", False),
        ("^a{1,2}$", "aa", True),
        ("^\\cJ$", "\n", True),
    ],
)
def test_pcre2_literal_braces_and_control_escapes(pattern: str, text: str, found: bool) -> None:
    assert (compile_pcre(pattern).search(text) is not None) is found


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("(?i)^é$", "É", True),
        ("(?i)^\\w+$", "Éa", False),
        ("(?i)^\\w+$", "Ab_9", True),
        ("(?i)^[\\d]+$", "١", False),
        ("(?i)\\bab\\b", "x ab y", True),
        ("(?i)\\bab\\b", "éabé", True),
        ("(?i)^\\s$", "\u00a0", False),
        ("(?i)^\\S$", "é", True),
    ],
)
def test_caseless_patterns_fold_unicode_but_keep_ascii_classes(
    pattern: str, text: str, found: bool
) -> None:
    assert (compile_pcre(pattern).search(text) is not None) is found
