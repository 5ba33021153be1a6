"""In-place index changes and saved plans against a real MongoDB 6.0/7.0/8.0.

Needs NOEMA_TEST_MONGODB_URI (a user allowed to create/drop databases). Each test works in
its own throwaway database ``noema_test_inplace_<random>`` and drops it afterwards. What the
server is expected to do comes from its jstests: ``jstests/core/ddl/collmod_convert_to_ttl.js``
(a plain single-field index becomes TTL through collMod) and
``jstests/core/ddl/collmod_convert_index_uniqueness.js`` (prepareUnique, then unique; the
index reports ``unique: true`` afterwards and refuses duplicates).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from apply_sample import sample_desired
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from noema_codegen.apply.actions import ModifyIndex
from noema_codegen.apply.adapter import ServerInfo
from noema_codegen.apply.desired import DesiredCollection
from noema_codegen.apply.errors import BadInput
from noema_codegen.apply.executor import ApplyOptions
from noema_codegen.apply.plan_json import dumps_plan
from noema_codegen.apply.planner import PlanOptions
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.apply.saved_plan import loads_saved_plan
from noema_codegen.apply.service import live_plan, run_apply
from tests.apply.real_server import scratch_server

pytestmark = pytest.mark.mongodb

URI = os.environ.get("NOEMA_TEST_MONGODB_URI", "")


@pytest.fixture
def server() -> Iterator[tuple[PymongoAdapter, ServerInfo, Database[dict[str, Any]]]]:
    for adapter, database in scratch_server("noema_test_inplace"):
        yield adapter, adapter.server_info(), database


@pytest.fixture(scope="module")
def desired() -> tuple[DesiredCollection, ...]:
    """``apply_sample``: it has a single-field TTL index and a plain single-field unique one."""
    return sample_desired()


def apply(adapter: Any, info: ServerInfo, desired: Any, **kwargs: Any) -> Any:
    return run_apply(adapter, info, desired, PlanOptions(), ApplyOptions(), **kwargs)


def ttl_index(desired: tuple[DesiredCollection, ...]) -> tuple[str, dict[str, Any]]:
    for target in desired:
        for spec in target.indexes:
            if "expireAfterSeconds" in spec and len(spec["key"]) == 1:
                return target.name, dict(spec)
    raise AssertionError("apply_sample declares no single-field TTL index")


def unique_index(desired: tuple[DesiredCollection, ...]) -> tuple[str, dict[str, Any]]:
    for target in desired:
        for spec in target.indexes:
            plain = set(spec) <= {"key", "name", "unique"}
            if spec.get("unique") and plain and len(spec["key"]) == 1:
                return target.name, dict(spec)
    raise AssertionError("apply_sample declares no plain single-field unique index")


def test_plain_index_becomes_ttl_in_place(server: Any, desired: Any) -> None:
    adapter, info, db = server
    assert apply(adapter, info, desired).ok
    collection, spec = ttl_index(desired)
    db[collection].drop_index(spec["name"])
    db[collection].create_index(list(spec["key"].items()), name=spec["name"])  # no TTL
    current = live_plan(adapter, desired, PlanOptions(server_version=info.version))
    assert [type(a) for a in current.actions] == [ModifyIndex]
    report = apply(adapter, info, desired)
    assert report.ok, (report.error, report.refusals)
    assert [c for c in report.applied if isinstance(c, ModifyIndex)]
    entry = db[collection].index_information()[spec["name"]]
    assert int(entry["expireAfterSeconds"]) == int(spec["expireAfterSeconds"])


def test_index_becomes_unique_in_place_and_refuses_duplicates(server: Any, desired: Any) -> None:
    adapter, info, db = server
    assert apply(adapter, info, desired).ok
    collection, spec = unique_index(desired)
    db[collection].drop_index(spec["name"])
    db[collection].create_index(list(spec["key"].items()), name=spec["name"])  # not unique
    current = live_plan(adapter, desired, PlanOptions(server_version=info.version))
    [action] = current.actions
    assert isinstance(action, ModifyIndex)
    assert [set(step) - {"name"} for step in action.steps] == [{"prepareUnique"}, {"unique"}]
    report = apply(adapter, info, desired)
    assert report.ok, (report.error, report.refusals)
    assert db[collection].index_information()[spec["name"]].get("unique") is True
    assert apply(adapter, info, desired).applied == []  # in sync afterwards
    field = next(iter(spec["key"]))
    db[collection].with_options().insert_one({field: "dup"}, bypass_document_validation=True)
    with pytest.raises(DuplicateKeyError):
        db[collection].insert_one({field: "dup"}, bypass_document_validation=True)


def test_saved_plan_runs_once_and_is_refused_after_the_database_moved(
    server: Any, desired: Any
) -> None:
    adapter, info, db = server
    current = live_plan(adapter, desired, PlanOptions(server_version=info.version))
    saved = loads_saved_plan(dumps_plan(current), "plan.json")
    report = apply(adapter, info, desired, saved=saved)
    assert report.ok, (report.error, report.refusals)
    with pytest.raises(BadInput, match="the database changed since the plan was made"):
        apply(adapter, info, desired, saved=saved)
    assert sorted(db.list_collection_names()) == sorted(d.name for d in desired)
