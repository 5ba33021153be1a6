"""``noema-codegen validate``: exit codes, messages, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noema_codegen.cli import main

SCHEMA = {
    "x-noema": {"model": "Thing"},
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "count": {"bsonType": "long"},
    },
}
GOOD = '{"_id": {"$oid": "64b000000000000000000001"}, "name": "a", "count": {"$numberLong": "5"}}'
BAD = '{"_id": {"$oid": "64b000000000000000000002"}, "name": 5, "count": 5}'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "things.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return tmp_path


def run(project: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", *args, "--schemas", str(project / "schemas")])
    return result.exit_code, result.stdout, result.stderr


def test_all_valid_exits_0(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD + "\n", encoding="utf-8")
    code, out, _ = run(project, "things", str(path))
    assert code == 0
    assert "things: 1 documents checked, 0 invalid" in out


def test_invalid_document_exits_1_with_id_and_errors(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD + "\n" + BAD + "\n", encoding="utf-8")
    code, out, _ = run(project, "things", str(path))
    assert code == 1
    assert f"{path}:2: _id " in out and "64b000000000000000000002" in out
    assert "/name: expected string, found int [bsonType]" in out
    assert "/count: expected long, found int [bsonType]" in out
    assert out.strip().endswith(
        "things: 2 documents checked, 1 invalid, 0 undecodable, 1 valid\n"
        "  invalid documents by keyword: bsonType 1"
    )


def test_json_array_and_canonical_extended_json(project: Path) -> None:
    path = project / "docs.json"
    canonical = (
        '{"_id": {"$oid": "64b000000000000000000003"}, "name": "x", "count": {"$numberInt": "7"}}'
    )
    path.write_text(f"[{GOOD}, {canonical}]", encoding="utf-8")
    code, out, _ = run(project, "things", str(path), "--format", "json")
    assert code == 1
    doc, report = (json.loads(line) for line in out.splitlines())
    assert report["checked"] == 2 and report["invalid"] == 1
    assert doc["_id"] == {"$oid": "64b000000000000000000003"}
    assert doc["location"] == f"{path}[1]" and (doc["index"], doc["line"]) == (1, 1)
    assert doc["errors"] == [
        {"pointer": "/count", "keyword": "bsonType", "message": "expected long, found int"}
    ]


def test_json_format_all_valid(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(project, "things", str(path), "--format", "json")
    assert code == 0
    [summary] = (json.loads(line) for line in out.splitlines())
    assert summary["kind"] == "summary" and summary["valid"] == 1


def test_unknown_collection_exits_2(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, _, err = run(project, "nothings", str(path))
    assert code == 2
    assert "unknown collection 'nothings'" in err and "things" in err


def test_missing_file_exits_2(project: Path) -> None:
    code, _, err = run(project, "things", str(project / "absent.json"))
    assert code == 2
    assert "absent.json: cannot read file" in err


def test_malformed_json_is_reported_and_exits_1(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD + "\n{not json\n", encoding="utf-8")
    code, out, _ = run(project, "things", str(path))
    assert code == 1
    assert "docs.jsonl:2:2: not valid JSON" in out


def test_non_document_is_reported_and_exits_1(project: Path) -> None:
    path = project / "docs.json"
    path.write_text("[1, 2]", encoding="utf-8")
    code, out, _ = run(project, "things", str(path))
    assert code == 1
    assert "docs.json[1] (line 1): expected a document" in out


def test_files_and_uri_together_is_a_usage_error(project: Path) -> None:
    path = project / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, _, err = run(project, "things", str(path), "--uri", "mongodb://localhost")
    assert code == 2
    assert "exactly one" in err


def test_neither_files_nor_uri_is_a_usage_error(project: Path) -> None:
    code, _, _ = run(project, "things")
    assert code == 2


def test_bad_uri_exits_2_without_echoing_credentials(project: Path) -> None:
    code, out, err = run(project, "things", "--uri", "mongodb://alice:hunter2secret@:x/")
    assert code == 2
    assert "cannot use MongoDB URI mongodb://***:***@:x/" in err
    assert "hunter2secret" not in err + out


def test_unreachable_server_exits_2_without_credentials(project: Path) -> None:
    uri = "mongodb://alice:hunter2secret@127.0.0.1:1/?serverSelectionTimeoutMS=200"
    code, out, err = run(project, "things", "--uri", uri)
    assert code == 2
    assert "cannot reach MongoDB at mongodb://***:***@127.0.0.1:1/" in err
    assert "hunter2secret" not in err + out


def test_schema_errors_exit_2(tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "things.json").write_text(
        '{"x-noema": {"model": "Thing"}, "bsonType": "object", '
        '"properties": {"a": {"type": "integer"}}}',
        encoding="utf-8",
    )
    path = tmp_path / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, _, err = run(tmp_path, "things", str(path))
    assert code == 2
    assert "lint" in err
    assert "/properties/a/type" in err


def test_uri_from_environment_when_no_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOEMA_MONGODB_URI", "mongodb://bob:envsecret@:x/")
    code, out, err = run(project, "things")
    assert code == 2 and "cannot use MongoDB URI" in err and "envsecret" not in out + err


def test_environment_uri_ignored_when_files_given(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOEMA_MONGODB_URI", "mongodb://localhost")
    path = project / "docs.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    code, _, _ = run(project, "things", str(path))
    assert code == 0
