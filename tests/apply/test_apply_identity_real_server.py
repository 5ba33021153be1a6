"""Index identity against a real MongoDB 6.0/7.0/8.0 (issue 10).

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create and drop databases). Each test works in
its own throwaway database ``noema_test_identity_<random>`` and drops it afterwards. What the
server does here is what the pure tests assume from its source and jstests:
jstests/core/query/collation/collation.js (indexes inherit the collection's default
collation, expanded) and jstests/core/index/index_signature.js (partial filters compared after
normalisation; 85 IndexOptionsConflict for the same signature under another name).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from pymongo.database import Database
from pymongo.errors import OperationFailure

from noema_codegen.apply.desired import DesiredCollection
from noema_codegen.apply.errors import NotAuthenticated
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.index_identity import INDEX_OPTIONS_CONFLICT
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.service import apply_with, live_plan
from noema_codegen.apply.snapshot import take_snapshot
from tests.apply.real_server import scratch_server

pytestmark = pytest.mark.mongodb

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")
VALIDATOR = {"$jsonSchema": {"bsonType": "object"}}
OPTIONS = {"validator": VALIDATOR, "validationLevel": "strict", "validationAction": "error"}


@pytest.fixture
def server() -> Iterator[tuple[PymongoAdapter, Database[dict[str, Any]]]]:
    yield from scratch_server("noema_test_identity")


def desired(*indexes: dict[str, Any]) -> tuple[DesiredCollection, ...]:
    return (DesiredCollection("ledger", dict(OPTIONS), tuple(indexes)),)


def test_default_collation_collection_second_plan_is_empty(server: Any) -> None:
    adapter, db = server
    db.create_collection("ledger", collation={"locale": "en_US", "strength": 2}, **OPTIONS)
    wanted = desired(
        {"key": {"sessionId": 1}, "name": "noema_session_id", "unique": True},
        {"key": {"platform": 1}, "name": "noema_platform_ci", "collation": {"locale": "en"}},
        {"key": {"code": 1}, "name": "noema_code_simple", "collation": {"locale": "simple"}},
    )
    first = apply_with(adapter, wanted, PlanOptions(), ApplyOptions())
    assert first.ok, first.error or first.refusals
    listed = {i["name"]: i for i in db["ledger"].list_indexes()}
    assert listed["noema_session_id"]["collation"]["strength"] == 2  # inherited, expanded
    assert "collation" not in listed["noema_code_simple"]
    second = live_plan(adapter, wanted, PlanOptions())
    assert second.actions == ()
    assert second.blockers == ()


def test_foreign_type_number_partial_index_is_a_conflict_before_any_write(server: Any) -> None:
    adapter, db = server
    db.create_collection("ledger", **OPTIONS)
    db["ledger"].create_index(
        [("externalTransactionId", 1)],
        name="externalTransactionId_1",
        unique=True,
        partialFilterExpression={"externalTransactionId": {"$type": 2}},
    )
    ours = {
        "key": {"externalTransactionId": 1},
        "name": "noema_external_tx",
        "unique": True,
        "partialFilterExpression": {"externalTransactionId": {"$type": "string"}},
    }
    result = live_plan(adapter, desired(ours), PlanOptions())
    assert result.actions == ()
    assert "code 85" in result.blockers[0].message
    # and the server agrees: creating it anyway is refused with IndexOptionsConflict
    with pytest.raises(OperationFailure) as refused:
        db.command({"createIndexes": "ledger", "indexes": [ours]})
    assert refused.value.code == INDEX_OPTIONS_CONFLICT
    assert {i["name"] for i in db["ledger"].list_indexes()} == {"_id_", "externalTransactionId_1"}


def test_snapshot_records_the_server_version_and_the_default_collation(server: Any) -> None:
    adapter, db = server
    db.create_collection("ledger", collation={"locale": "fr_CA"})
    snap = take_snapshot(adapter)
    assert snap["format"] == 2
    assert snap["server"]["versionArray"][0] >= 6
    (entry,) = [c for c in snap["collections"] if c["name"] == "ledger"]
    # collation.js: listed expanded, fr_CA's own default backwards: true
    assert entry["options"]["collation"]["backwards"] is True


def test_no_credentials_is_not_authenticated_with_the_server_text(server: Any) -> None:
    """Only meaningful on a server with access control and a URI with a user."""
    parts = urlsplit(URI)
    if "@" not in parts.netloc:
        pytest.skip("NOEMA_TEST_MONGODB_URI has no user: cannot test an anonymous connection")
    anonymous = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    adapter = PymongoAdapter(anonymous, "noema_test_identity_anonymous")
    try:
        with pytest.raises(NotAuthenticated) as info:
            adapter.list_collections()
    except pytest.fail.Exception:
        pytest.skip("the server lets anonymous connections list collections (no access control)")
    finally:
        adapter.close()
    assert info.value.code == 13
    assert "requires authentication" in str(info.value)
