"""Orphaned-reference check: the planned aggregations, the report, and a real-server run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bson import ObjectId
from click.testing import CliRunner

from noema_codegen.checked_project import load_project
from noema_codegen.cli import main
from noema_codegen.integrity.references import check_references, plan_reference_checks


class RecordingAggregator:
    def __init__(self, replies: Mapping[str, list[dict[str, Any]]]) -> None:
        self.replies = replies
        self.calls: list[tuple[str, list[Mapping[str, Any]]]] = []

    def aggregate(
        self, collection: str, pipeline: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        self.calls.append((collection, list(pipeline)))
        return self.replies.get(collection, [])


def test_one_lookup_per_declared_reference(root: Path) -> None:
    checks = plan_reference_checks(load_project(root / "schemas"))
    labels = {c.label for c in checks}
    assert "userSessions.masterAccountId -> userCore._id" in labels
    assert "transactions.relatedItems.generationId -> generationOutputs.generationId" in labels
    assert "generationOutputs.initiatingEventId -> userEvents.eventId" in labels
    lookup = next(c for c in checks if c.label.startswith("userEvents.sessionId")).pipeline[1][
        "$lookup"
    ]
    assert (lookup["from"], lookup["localField"], lookup["foreignField"]) == (
        "userSessions",
        "sessionId",
        "sessionId",
    )


def test_report_reads_counts_and_samples(root: Path) -> None:
    checks = [
        c
        for c in plan_reference_checks(load_project(root / "schemas"))
        if c.collection == "userEconomy"
    ]
    orphan = ObjectId()
    db = RecordingAggregator(
        {"userEconomy": [{"count": [{"n": 3}], "sample": [{"_id": orphan, "value": ObjectId()}]}]}
    )
    (report,) = check_references(checks, db)
    assert (report.count, report.sample[0]["_id"]) == (3, orphan)
    assert [c for c, _ in db.calls] == ["userEconomy"]
    empty = RecordingAggregator({"userEconomy": [{"count": [], "sample": []}]})
    assert check_references(checks, empty)[0].count == 0


def test_connection_failure_does_not_echo_credentials() -> None:
    result = CliRunner().invoke(
        main, ["check-references", "--uri", "mongodb://u:s3cret@127.0.0.1:1", "--timeout", "0.05"]
    )
    assert result.exit_code == 2  # an unusable connection is bad input, as in every command
    assert "s3cret" not in result.output
    assert "cannot reach MongoDB" in result.output


@pytest.mark.mongodb
def test_finds_orphans_and_type_mismatches_on_a_real_server(root: Path) -> None:
    uri = os.environ.get("NOEMA_TEST_MONGODB_URI")
    if not uri:
        pytest.skip("NOEMA_TEST_MONGODB_URI is not set: needs a real MongoDB server for $lookup")
    from pymongo import MongoClient

    client: MongoClient[dict[str, Any]] = MongoClient(uri, serverSelectionTimeoutMS=5000)
    name = f"noema_test_refs_{uuid.uuid4().hex[:8]}"
    db = client[name]
    try:
        user = ObjectId()
        now = datetime(2025, 5, 7)
        db.userCore.insert_one(
            {"_id": user, "platformIdentities": {}, "userCreationTimestamp": now, "updatedAt": now}
        )
        economy = {"usdCredit": 0, "exp": 0, "createdAt": now, "updatedAt": now}
        db.userEconomy.insert_many(
            [
                {"_id": ObjectId(), "masterAccountId": user, **economy},
                {"_id": ObjectId(), "masterAccountId": ObjectId(), **economy},
                {"_id": ObjectId(), "masterAccountId": str(user), **economy},
            ]
        )
        result = CliRunner().invoke(
            main,
            ["check-references", "--uri", uri, "--db", name, "--schemas", str(root / "schemas")],
        )
        assert result.exit_code == 1, result.output
        assert "userEconomy.masterAccountId -> userCore._id: 2 orphan(s)" in result.output
    finally:
        client.drop_database(name)
        client.close()


@pytest.mark.parametrize("schemas", ["missing", "broken"])
def test_bad_schemas_are_bad_input_not_an_internal_error(tmp_path: Path, schemas: str) -> None:
    directory = tmp_path / "schemas"
    if schemas == "broken":
        directory.mkdir()
        (directory / "things.json").write_text("{", encoding="utf-8")
    args = ["check-references", "--uri", "mongodb://h:1", "--schemas", str(directory)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert str(directory) in result.output
