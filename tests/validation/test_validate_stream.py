"""``validate`` on files and standard input record by record: each bad record is reported at its
exact place and counted, every other record is still checked; exit 0 / 1 / 2; JSON Lines output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from tests.validation.test_cli import BAD, GOOD, SCHEMA


def good(n: int) -> str:
    return f'{{"_id": {{"$oid": "64b0000000000000000000{n:02d}"}}, "name": "a"}}'


# One record per line: valid records around a malformed line, a bad $oid, a non-object record,
# a bad $date and an invalid document. (line number, what is wrong or None)
MIXED: list[tuple[str, str | None]] = [
    (good(1), None),
    ('{"_id": 1, "name": }', "not valid JSON"),
    (good(2), None),
    ('{"_id": {"$oid": "zz"}, "name": "a"}', "$oid"),
    (good(3), None),
    ("[1, 2]", "expected a document"),
    (good(4), None),
    ('{"_id": 2, "at": {"$date": "not a date"}, "name": "a"}', "$date"),
    (BAD, "invalid"),
    (good(5), None),
]
VALID = sum(1 for _, problem in MIXED if problem is None)


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    directory = tmp_path / "schemas"
    directory.mkdir()
    (directory / "things.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return directory


def run(schemas: Path, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["validate", "things", *args, "--schemas", str(schemas)], input=stdin
    )
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_lines_each_bad_record_at_its_line_and_every_valid_one_checked(
    tmp_path: Path, schemas: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(text for text, _ in MIXED) + "\n", encoding="utf-8")
    code, out, _ = run(schemas, str(path))
    assert code == 1
    for number, (_, problem) in enumerate(MIXED, 1):
        located = [line for line in out.splitlines() if line.startswith(f"{path}:{number}")]
        if problem is None:
            assert located == [], out
        elif problem == "invalid":
            assert located == [f'{path}:{number}: _id {{"$oid": "64b000000000000000000002"}}']
        else:
            [line] = located
            assert problem in line
    assert f"{path}:2:20: not valid JSON" in out  # the column where a value is missing
    assert f"{path}:4 at /_id: " in out and f"{path}:8 at /at: " in out
    checked = VALID + 1  # the invalid one is decoded and checked too
    assert f"things: {checked} documents checked, 1 invalid, 4 undecodable, {VALID} valid" in out
    assert "invalid documents by keyword: bsonType 1" in out


def test_array_each_bad_record_at_its_index_and_line(tmp_path: Path, schemas: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text("[\n" + ",\n".join(text for text, _ in MIXED) + "\n]\n", encoding="utf-8")
    code, out, _ = run(schemas, str(path), "--format", "json")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    *records, summary = rows
    bad = [(i, p) for i, (_, p) in enumerate(MIXED) if p is not None]
    assert [(r["index"], r["line"]) for r in records] == [(i, i + 2) for i, _ in bad]
    for record, (index, problem) in zip(records, bad, strict=True):
        assert record["file"] == str(path) and record["location"] == f"{path}[{index}]"
        if problem == "invalid":
            assert record["kind"] == "invalid"
            assert record["_id"] == {"$oid": "64b000000000000000000002"}
            assert {e["keyword"] for e in record["errors"]} == {"bsonType"}
        else:
            assert record["kind"] == "undecodable" and problem in record["message"]
    assert summary == {
        "kind": "summary",
        "collection": "things",
        "checked": VALID + 1,
        "valid": VALID,
        "invalid": 1,
        "undecodable": 4,
        "keywords": {"bsonType": 1},
        "not_shown": 0,
    }


def test_standard_input(schemas: Path) -> None:
    data = "\n".join(text for text, _ in MIXED).encode("utf-8")
    code, out, _ = run(schemas, "-", "--format", "json", stdin=data)
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["location"] == "<stdin>:2" and rows[0]["line"] == 2
    assert rows[-1]["checked"] == VALID + 1 and rows[-1]["undecodable"] == 4


def test_standard_input_all_valid_exits_0(schemas: Path) -> None:
    code, out, _ = run(schemas, "-", stdin=f"[{good(1)}, {good(2)}]".encode())
    assert code == 0
    assert "things: 2 documents checked, 0 invalid, 0 undecodable, 2 valid" in out


def test_max_details_limits_what_is_printed_not_what_is_counted(
    tmp_path: Path, schemas: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text((BAD + "\n") * 5 + "5\n", encoding="utf-8")
    code, out, _ = run(schemas, str(path), "--max-details", "2")
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith(str(path))] == [
        f'{path}:1: _id {{"$oid": "64b000000000000000000002"}}',
        f'{path}:2: _id {{"$oid": "64b000000000000000000002"}}',
    ]
    assert "... 4 more invalid or undecodable records not shown (--max-details)" in out
    assert "things: 5 documents checked, 5 invalid, 1 undecodable, 0 valid" in out
    code, out, _ = run(schemas, str(path), "--max-details", "0", "--format", "json")
    [summary] = [json.loads(line) for line in out.splitlines()]
    assert summary["not_shown"] == 6 and code == 1


def test_only_undecodable_records_exit_1(tmp_path: Path, schemas: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(GOOD + "\n{oops\n", encoding="utf-8")
    code, out, _ = run(schemas, str(path))
    assert code == 1 and f"{path}:2:2: not valid JSON" in out


@pytest.mark.parametrize(
    "args",
    [
        ["{dir}/absent.jsonl"],  # unreadable file
        ["{dir}"],  # a directory
        ["{dir}/docs.jsonl", "--max-details", "-1"],  # bad option
        ["{dir}/docs.jsonl", "--format", "xml"],
    ],
)
def test_the_command_cannot_run_exits_2(tmp_path: Path, schemas: Path, args: list[str]) -> None:
    (tmp_path / "docs.jsonl").write_text(GOOD, encoding="utf-8")
    code, out, err = run(schemas, *[arg.format(dir=tmp_path) for arg in args])
    assert code == 2, out + err
    assert err.strip() and "things:" not in out  # no summary: nothing was checked


def test_unknown_collection_exits_2(tmp_path: Path, schemas: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", "nothings", str(path), "--schemas", str(schemas)]
    )
    assert result.exit_code == 2 and "nothings" in result.stderr


def test_no_progress_bar_when_piped(tmp_path: Path, schemas: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, _, err = run(schemas, str(path))
    assert code == 0 and err == ""


# -- fuzz: any bytes in a file --------------------------------------------------------------
PIECES = [b"{", b"}", b"[", b"]", b",", b'"', b"\\", b"\n", b":", b" ", b"1", b'"a"', b"\xff"]


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=80),
        st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join),
    )
)
def test_any_bytes_in_a_file_never_give_a_traceback(
    tmp_path: Path, schemas: Path, data: bytes
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    code, out, err = run(schemas, str(path), "--format", "json")
    assert code in (0, 1), (code, err)
    *records, summary = [json.loads(line) for line in out.splitlines()]
    assert summary["kind"] == "summary"
    assert len(records) == summary["invalid"] + summary["undecodable"]
    assert code == (1 if records else 0)


def test_sample_without_uri_is_a_usage_error(tmp_path: Path, schemas: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = run(schemas, str(path), "--sample", "10")
    assert code == 2 and "--sample needs --uri" in err and out == ""


def test_the_progress_bar_path_checks_the_same_records(tmp_path: Path) -> None:
    from noema_codegen.document_progress import check_files_with_progress
    from noema_codegen.validation import compile_schema

    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(text for text, _ in MIXED) + "\n", encoding="utf-8")
    validator = compile_schema({k: v for k, v in SCHEMA.items() if k != "x-noema"})
    with_bar = check_files_with_progress(validator, "things", [path], progress=True)
    without = check_files_with_progress(validator, "things", [path], progress=False)
    counts = (with_bar.checked, with_bar.invalid, with_bar.undecodable)
    assert counts == (without.checked, without.invalid, without.undecodable) == (VALID + 1, 1, 4)
