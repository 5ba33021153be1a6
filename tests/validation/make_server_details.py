"""Writes ``fixtures/server_details/*.json`` from ``server_details_cases`` (run after editing it).

    .venv/bin/python -m tests.validation.make_server_details

The relaxed JSON of the C++ tests (``fromjson``: unquoted keys, single quotes) is turned into
JSON token by token; ``bson.json_util`` then reads it (so ``{$binary: ...}`` and
``{$numberLong: ...}`` become BSON values) and writes canonical Extended JSON, which keeps each
number's BSON type: a Python int that fits 32 bits is an int32, as ``fromjson`` makes it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from bson import json_util
from bson.json_util import CANONICAL_JSON_OPTIONS

from tests.validation import server_details_cases as cases

FIXTURES = Path(__file__).parent / "fixtures" / "server_details"
FIXTURE = FIXTURES / "doc_validation_error_json_schema_test.json"
JS_FIXTURE = FIXTURES / "doc_validation_error_js.json"
_NUMBER_INT = re.compile(r'NumberInt\("(-?\d+)"\)')

_TOKEN = re.compile(
    r"\s+|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<punct>[{}\[\]:,])"
)


def relaxed_to_json(text: str, js_numbers: bool = False) -> str:
    """``js_numbers``: integer literals are JavaScript numbers (doubles), ``NumberInt("n")``
    an int32."""
    if js_numbers:
        text = _NUMBER_INT.sub(r"{'$numberInt': '\1'}", text)
    out: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"cannot read {text[pos : pos + 20]!r}")
        pos = match.end()
        if match.group("str"):
            out.append(json.dumps(match.group("str")[1:-1]))
        elif match.group("num"):
            number = match.group("num")
            if js_numbers and not any(c in number for c in ".eE"):
                number += ".0"
            out.append(number)
        elif match.group("ident"):
            word = match.group("ident")
            out.append(word if word in ("true", "false", "null") else json.dumps(word))
        elif match.group("punct"):
            out.append(match.group("punct"))
    return "".join(out)


def read(text: str, js_numbers: bool = False) -> Any:
    return json_util.loads(relaxed_to_json(text, js_numbers))


def _doubles(value: Any) -> Any:
    """What JSON.parse makes of a JSON document: every number a double."""
    if isinstance(value, dict):
        return {key: _doubles(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_doubles(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _js_schema(text: str) -> Any:
    if text.startswith("schemastore:"):
        path = FIXTURES / "schemastore" / text.removeprefix("schemastore:")
        return _doubles(json.loads(path.read_text(encoding="utf-8")))
    return read(text, js_numbers=True)


def build_js() -> list[dict[str, Any]]:
    return [
        {
            "source": f"{cases.JS_SOURCE}@{cases.JS_COMMIT[:12]} testCases[name={name!r}]",
            "schema": _js_schema(schema),
            "document": read(document, js_numbers=True),
            "expected": None if expected is None else read(expected, js_numbers=True),
        }
        for name, schema, document, expected in cases.JS_CASES
    ]


def build() -> list[dict[str, Any]]:
    fixtures = []
    for name, schema, document, expected in cases.CASES:
        doc = read(document)
        if "_id" not in doc:
            doc["_id"] = 1  # generateValidationError appends _id: 1 (doc_validation_error_test.cpp)
        fixtures.append(
            {
                "source": f"{cases.SOURCE}@{cases.COMMIT[:12]} TEST({name.replace('.', ', ', 1)})",
                "schema": read(schema),
                "document": doc,
                "expected": None if expected is None else read(expected),
            }
        )
    return fixtures


def main() -> int:
    for path, fixtures in ((FIXTURE, build()), (JS_FIXTURE, build_js())):
        path.write_text(
            json_util.dumps(fixtures, json_options=CANONICAL_JSON_OPTIONS, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {len(fixtures)} cases to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
