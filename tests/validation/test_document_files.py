"""Reading Extended JSON document files: every bad record has its location, our own message and
a next step (``read_extended_json`` raises it as an InputError); ``validate`` reports it, counts
it and exits 1, never with a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bson.datetime_ms import DatetimeMS
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from noema_codegen.document_files import MAX_DOCUMENT_DEPTH, InputError
from noema_codegen.document_sources import read_extended_json
from tests.validation.test_cli import SCHEMA

DEEP = "[" * 1000 + "]" * 1000

# (file name, text, expected start of the message after the path, fragment of the message)
BAD: list[tuple[str, str, str, str]] = [
    ("oid.jsonl", '{"a": {"$oid": "zz"}}\n', ":1 at /a:", '{"$oid": "<24 hexadecimal'),
    ("oid.json", '[{"a": 1}, {"a": {"$oid": "zz"}}]', "[1] (line 1) at /a:", "$oid"),
    ("dec.jsonl", '{"n": 1}\n{"a": {"$numberDecimal": "abc"}}\n', ":2 at /a:", "$numberDecimal"),
    ("long.jsonl", '{"a": {"$numberLong": "x"}}\n', ":1 at /a:", "$numberLong"),
    ("date.jsonl", '{"a": {"$date": "yesterday"}}\n', ":1 at /a:", "$date"),
    ("uuid.jsonl", '{"a": {"$uuid": "0"}}\n', ":1 at /a:", "$uuid"),
    ("surrogate-key.jsonl", '{"\\ud800": 1}\n', ":1 at /\\ud800:", "lone surrogate"),
    ("surrogate.jsonl", '{"a": ["\\udfff"]}\n', ":1 at /a/0:", "lone surrogate"),
    ("surrogate-regex.jsonl", '{"a": {"$regex": "\\udc00"}}\n', ":1 at /a:", "lone surrogate"),
    ("nul-key.jsonl", '{"a\\u0000b": 1}\n', ":1 at /a\x00b:", "NUL"),
    ("regex.jsonl", '{"a": {"$regex": "a", "$options": "q"}}\n', ":1 at /a:", "regex options"),
    (
        "regex2.jsonl",
        '{"a": {"$regularExpression": {"pattern": "a", "options": "z"}}}\n',
        ":1 at /a:",
        "regex options",
    ),
    ("deep.json", DEEP, "[0] (line 1):", "nested too deeply"),
    ("deep.jsonl", '{"a": ' + DEEP + "}\n", ":1:", "nested too deeply"),
    (
        "deep-stored.jsonl",
        '{"a": ' + "[" * MAX_DOCUMENT_DEPTH + "1" + "]" * MAX_DOCUMENT_DEPTH + "}\n",
        ":1 at /a" + "/0" * (MAX_DOCUMENT_DEPTH - 1) + ":",
        f"more than {MAX_DOCUMENT_DEPTH} levels",
    ),
    ("long65.jsonl", '{"a": {"$numberLong": "99999999999999999999"}}\n', ":1 at /a:", "64 bits"),
    ("int33.jsonl", '{"a": {"$numberInt": "99999999999"}}\n', ":1 at /a:", "int32"),
    ("oid-doc.jsonl", '{"$oid": "64b000000000000000000001"}\n', ":1:", "not a document"),
    ("scalar.jsonl", "5\n", ":1:", "expected a document"),
    ("string.jsonl", '"a"\n', ":1:", "expected a document"),
    ("record.json", '[{"a": 1}, 5]', "[1] (line 1):", "expected a document"),
    ("nested-array.json", "[[{}]]", "[0] (line 1):", "expected a document"),
    ("nan.jsonl", '{"a": NaN}\n', ":1 at /a:", '{"$numberDouble": "NaN"}'),
    ("inf.jsonl", '{"a": -Infinity}\n', ":1 at /a:", "$numberDouble"),
    ("huge.jsonl", '{"a": 1e999}\n', ":1 at /a:", "range of a double"),
    ("int65.jsonl", '{"a": 36893488147419103232}\n', ":1 at /a:", "64 bits"),
    ("digits.jsonl", '{"a": ' + "9" * 5000 + "}\n", ":1 at /a:", "64 bits"),
    ("syntax.jsonl", '{"a": 1}\n{"a": }\n', ":2:7:", "not valid JSON"),
    ("pretty.json", '{\n  "a": 1,\n  "b":\n}\n', ":4:1:", "not valid JSON"),
    ("latin1.jsonl", "", ":", "not UTF-8"),
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name == "latin1.jsonl":
        path.write_bytes(b'{"a": "\xe9"}\n')
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.mark.parametrize(("name", "text", "where", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_located_input_errors(
    tmp_path: Path, name: str, text: str, where: str, fragment: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        list(read_extended_json(path))
    message = str(caught.value)
    assert message.startswith(f"{path}{where}"), message
    assert fragment in message
    message.encode("utf-8")  # printable: no lone surrogate left in it


@pytest.mark.parametrize(("name", "text", "where", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_validate_reports_the_location_and_exits_1(
    tmp_path: Path, name: str, text: str, where: str, fragment: str
) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "things.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    path = write(tmp_path, name, text)
    result = CliRunner().invoke(main, ["validate", "things", str(path), "--schemas", str(schemas)])
    assert result.exit_code == 1, result.output
    assert f"{path}{where}" in result.stdout.encode("utf-8", "backslashreplace").decode()
    assert "1 undecodable" in result.stdout
    assert "Traceback" not in result.output + result.stderr


def test_empty_containers_do_not_count_toward_the_depth(tmp_path: Path) -> None:
    # The server's depth check ignores empty subdocuments
    # (jstests/noPassthrough/max_bson_depth_parameter.js).
    inner = "[" * MAX_DOCUMENT_DEPTH + "]" * MAX_DOCUMENT_DEPTH  # the last level is empty
    path = write(tmp_path, "ok.jsonl", '{"a": ' + inner + "}\n")
    [doc] = list(read_extended_json(path))
    assert doc.location == f"{path}:1"


def test_a_top_level_dbref_is_its_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "ref.jsonl", '{"$ref": "c", "$id": 1}\n')
    [doc] = list(read_extended_json(path))
    assert dict(doc.document) == {"$ref": "c", "$id": 1}


def test_a_date_beyond_year_9999_is_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, "late.jsonl", '{"a": {"$date": 253402300800000}}\n')
    [doc] = list(read_extended_json(path))
    assert doc.document["a"] == DatetimeMS(253402300800000)


def test_validate_judges_a_date_beyond_year_9999(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    schema = {**SCHEMA, "properties": {**SCHEMA["properties"], "at": {"bsonType": "date"}}}
    (schemas / "things.json").write_text(json.dumps(schema), encoding="utf-8")
    good = '{"_id": {"$oid": "64b000000000000000000001"}, "name": "a", "at": {"$date": 253402300800000}}'
    bad = '{"_id": {"$oid": "64b000000000000000000002"}, "name": "a", "at": {"$date": 253402300800000}, "count": 1}'
    path = write(tmp_path, "late.jsonl", good + "\n" + bad + "\n")
    result = CliRunner().invoke(main, ["validate", "things", str(path), "--schemas", str(schemas)])
    assert result.exit_code == 1, result.output
    assert "2 documents checked, 1 invalid" in result.stdout
    assert f"{path}:2" in result.stdout and f"{path}:1" not in result.stdout


# -- fuzz: bad Extended JSON anywhere in a document file ----------------------------------------
FRAGMENTS = [
    '{"$oid": "zz"}',
    '{"$numberDecimal": "abc"}',
    '{"$numberLong": "1e3"}',
    '{"$date": 253402300800000}',
    '{"$date": -62135596800001}',
    '{"$date": {"$numberLong": "99999999999999999999"}}',
    '{"$binary": {"base64": "!!", "subType": "00"}}',
    '{"$binary": {"base64": "", "subType": "zz"}}',
    '{"$timestamp": {"t": -1, "i": 1}}',
    '{"$regex": "(", "$options": "i"}',
    '{"$regularExpression": {"pattern": "a", "options": 5}}',
    '{"$minKey": 2}',
    '{"$uuid": "x"}',
    '{"$code": 5}',
    '{"$ref": 1, "$id": 2}',
    '{"$numberDouble": "one"}',
    '"\\ud800"',
    "NaN",
    "1e400",
    "123456789012345678901234567890",
    "[" * 300 + "]" * 300,
    "{",
    "",
    '"\\u0000"',
    '{"\\u0000": 1}',
]


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fragments=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3),
    as_array=st.booleans(),
)
def test_fuzzed_document_files(tmp_path: Path, fragments: list[str], as_array: bool) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir(exist_ok=True)
    (schemas / "things.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    docs = [
        f'{{"_id": {{"$oid": "64b00000000000000000000{i}"}}, "name": "a", "count": {f}}}'
        for i, f in enumerate(fragments)
    ]
    text = "[" + ",\n".join(docs) + "]" if as_array else "\n".join(docs) + "\n"
    path = tmp_path / ("docs.json" if as_array else "docs.jsonl")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "things", str(path), "--schemas", str(schemas)])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code == 2:
        assert str(path) in result.stderr
