"""The library behind ``validate``: reading Extended JSON, batching, bounded reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bson import Int64, ObjectId

from noema_codegen.document_check import (
    InputError,
    InvalidDocument,
    SourcedDocument,
    check_documents,
)
from noema_codegen.document_report import outcome_json, outcome_lines, summary_lines
from noema_codegen.document_sources import read_extended_json
from noema_codegen.validation import compile_schema

VALIDATOR = compile_schema({"required": ["n"], "properties": {"n": {"bsonType": "int"}}})


def stream(count: int, bad_every: int) -> Iterator[SourcedDocument]:
    for i in range(count):
        value: Any = "x" if bad_every and i % bad_every == 0 else i
        yield SourcedDocument(f"gen:{i}", {"_id": i, "n": value})


def test_counts_and_details() -> None:
    report = check_documents(VALIDATOR, stream(10, 5), "c")
    assert (report.checked, report.invalid) == (10, 2)
    assert all(isinstance(d, InvalidDocument) for d in report.details)
    assert [d.id for d in report.details if isinstance(d, InvalidDocument)] == [0, 5]
    first = report.details[0]
    assert isinstance(first, InvalidDocument) and first.errors[0].pointer == "/n"
    assert not report.ok and not report.truncated


def test_details_are_bounded_but_counting_goes_on() -> None:
    report = check_documents(VALIDATOR, stream(1000, 1), "c", max_details=3)
    assert report.invalid == 1000 and len(report.details) == 3
    assert report.truncated
    assert "... 997 more invalid or undecodable records not shown (--max-details)" in (
        summary_lines(report)
    )


def test_documents_are_consumed_lazily() -> None:
    seen: list[int] = []

    def gen() -> Iterator[SourcedDocument]:
        for i in range(5):
            seen.append(i)
            yield SourcedDocument("g", {"_id": i, "n": i})

    progress: list[int] = []
    check_documents(VALIDATOR, gen(), "c", on_checked=progress.append)
    assert progress == [1, 2, 3, 4, 5] and seen == [0, 1, 2, 3, 4]


def test_report_lines_and_json() -> None:
    shown: list[Any] = []
    report = check_documents(VALIDATOR, stream(2, 2), "c", on_outcome=shown.append)
    assert report.details == []  # handed to on_outcome, not kept
    [outcome] = shown
    assert outcome_lines(outcome) == ["gen:0: _id 0", "  /n: expected int, found string [bsonType]"]
    assert summary_lines(report) == [
        "c: 2 documents checked, 1 invalid, 0 undecodable, 1 valid",
        "  invalid documents by keyword: bsonType 1",
    ]
    payload = json.loads(outcome_json(outcome))
    assert payload["_id"] == 0 and payload["kind"] == "invalid"
    # errInfo.details as the server builds it (CompiledSchema.explain), beside the flat errors
    assert payload["details"]["operatorName"] == "$jsonSchema"
    assert [e["pointer"] for e in payload["errors"]] == ["/n"]


def test_object_id_printed_as_extended_json() -> None:
    oid = ObjectId("64b000000000000000000009")
    report = check_documents(VALIDATOR, [SourcedDocument("x", {"_id": oid})], "c")
    assert outcome_lines(report.details[0])[0] == 'x: _id {"$oid": "64b000000000000000000009"}'


def test_details_from_explain_when_the_engine_has_it() -> None:
    class Explaining:
        def is_valid(self, doc: Any) -> bool:
            return VALIDATOR.is_valid(doc)

        def errors(self, doc: Any) -> list[Any]:
            return VALIDATOR.errors(doc)

        def explain(self, doc: Any) -> dict[str, Any]:
            return {"operatorName": "$jsonSchema", "id": doc["_id"]}

    oid = ObjectId("64b000000000000000000009")
    report = check_documents(Explaining(), [SourcedDocument("x", {"_id": oid})], "c")
    payload = json.loads(outcome_json(report.details[0]))
    assert payload["details"] == {
        "operatorName": "$jsonSchema",
        "id": {"$oid": "64b000000000000000000009"},
    }


def test_read_ndjson_relaxed_and_canonical(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"n": 1}\n\n{"n": {"$numberLong": "2"}}\n{"n": {"$numberInt": "3"}}\n', encoding="utf-8"
    )
    docs = list(read_extended_json(path))
    assert [d.location for d in docs] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    values = [d.document["n"] for d in docs]
    assert values == [1, 2, 3]
    assert type(values[1]) is Int64 and type(values[2]) is int


def test_read_pretty_printed_single_document(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('{\n  "n": 1\n}\n', encoding="utf-8")
    [doc] = list(read_extended_json(path))
    assert doc.document == {"n": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1]", "expected a document"),
        ('{"a": 1', r"bad\.json:1:8: not valid JSON"),
        ("[{]", r"bad\.json\[0\] \(line 1, column 3\): not valid JSON"),
        ('"just a string"', "expected a document"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(read_extended_json(path))


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "bin.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match=r"bin\.json:1: byte 0 of the record is not UTF-8"):
        list(read_extended_json(path))
