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

FIXTURE = (
    Path(__file__).parent
    / "fixtures"
    / "server_details"
    / "doc_validation_error_json_schema_test.json"
)

_TOKEN = re.compile(
    r"\s+|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<punct>[{}\[\]:,])"
)


def relaxed_to_json(text: str) -> str:
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
            out.append(match.group("num"))
        elif match.group("ident"):
            word = match.group("ident")
            out.append(word if word in ("true", "false", "null") else json.dumps(word))
        elif match.group("punct"):
            out.append(match.group("punct"))
    return "".join(out)


def read(text: str) -> Any:
    return json_util.loads(relaxed_to_json(text))


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
    FIXTURE.write_text(
        json_util.dumps(build(), json_options=CANONICAL_JSON_OPTIONS, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(cases.CASES)} cases to {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
