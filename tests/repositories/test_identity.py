"""Typed writes cannot change a document's identity: ``_id`` and the x-noema primary key are
refused by ``update``, ``update_many`` and every named-query update, before anything is sent.

The server refuses ``$set`` of ``_id`` itself (``ImmutableField``, mongodb/mongo
jstests/core/write/update/update3.js), but a primary key such as ``sessionId`` is an ordinary
field to MongoDB: only these checks keep it stable.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any, get_args

import pytest
from bson import ObjectId
from hypothesis import given, settings
from hypothesis import strategies as st
from noema_db import repositories
from noema_db._runtime.repository_core import check_identity

from tests.repositories.cases import CASES, MUTABLE_CASES, Case
from tests.repositories.support import run
from tests.repositories.test_crud import key_of, make_repository, seed


class NothingSent:
    """Stands for the pymongo collection: any use means something was about to be sent."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"collection.{name} was used: the update reached the driver")


def identity_attributes(repo: Any) -> list[tuple[str, str]]:
    """(attribute, MongoDB name) of ``_id`` and the primary key."""
    identity = {"_id", repo.spec.primary_key}
    return [(a, f.alias) for a, f in repo.spec.fields.items() if f.alias in identity]


@pytest.mark.parametrize("case", MUTABLE_CASES, ids=str)
def test_update_and_update_many_refuse_id_and_primary_key(
    case: Case, database: Any, flavour: str
) -> None:
    repo = make_repository(case, database, flavour)
    stored = seed(case, repo, count=2)
    key, other = key_of(repo, stored[0]), key_of(repo, stored[1])
    before = run(repo.find(sort=[(case.sort_field, 1)]))
    attributes = identity_attributes(repo)
    assert {alias for _, alias in attributes} == {"_id", repo.spec.primary_key}
    real_collection = repo.collection
    repo.collection = NothingSent()
    for attribute, alias in attributes:
        value = other if alias == repo.spec.primary_key else ObjectId()
        shapes = {"set": {attribute: value}, "unset": [attribute], "inc": {attribute: 1}}
        for method, first in [(repo.update, key), (repo.update_many, {})]:
            keywords = [k for k in shapes if k in inspect.signature(method).parameters]
            assert "set" in keywords
            for keyword in keywords:  # untyped callers: these keys are not in the types
                with pytest.raises(repositories.IdentityChangeError) as refused:
                    run(method(first, **{keyword: shapes[keyword]}))
                assert isinstance(refused.value, ValueError)
                assert f"{case.collection}.{alias}" in str(refused.value)
                assert repr(attribute) in str(refused.value)
    repo.collection = real_collection
    assert run(repo.find(sort=[(case.sort_field, 1)])) == before


@pytest.mark.parametrize(
    "update",
    [
        {"$set": {"sessionId": ObjectId()}},
        {"$set": {"_id": ObjectId()}},
        {"$unset": {"sessionId": ""}},
        {"$set": {"sessionId.part": 1}},
        {"$rename": {"platform": "sessionId"}},
        {"$rename": {"sessionId": "oldSessionId"}},
    ],
    ids=str,
)
def test_named_query_updates_refuse_id_and_primary_key(
    database: Any, flavour: str, update: dict[str, Any]
) -> None:
    repo = make_repository(
        next(c for c in CASES if c.collection == "userSessions"), database, flavour
    )
    repo.collection = NothingSent()
    with pytest.raises(repositories.IdentityChangeError):
        run(repo._query_update({"isActive": True}, update, many=False, upsert=False))
    with pytest.raises(repositories.IdentityChangeError):
        run(repo._query_update({"isActive": True}, update, many=True, upsert=True))


def test_the_generated_named_updates_pass_the_check(database: Any, flavour: str) -> None:
    sessions = make_repository(
        next(c for c in CASES if c.collection == "userSessions"), database, flavour
    )
    assert run(sessions.update_last_activity(ObjectId(), ObjectId().generation_time)) is False


IDENTITY = ["_id", "sessionId"]
TOUCHING = st.sampled_from(IDENTITY).flatmap(
    lambda top: st.sampled_from([top, f"{top}.a", f"{top}.0.b", f"{top}.$"])
)
SAFE = st.sampled_from(
    ["platform", "sessionIdx", "session", "_idx", "metadata.sessionId", "x._id", "id", "session_id"]
)
OPERATORS = ["$set", "$unset", "$inc", "$min", "$max", "$mul", "$push", "$pull", "$currentDate"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    safe=st.dictionaries(st.sampled_from(OPERATORS), st.lists(SAFE, max_size=3), max_size=3),
    touching=st.none() | st.tuples(st.sampled_from([*OPERATORS, "$setOnInsert"]), TOUCHING),
    rename=st.none() | st.tuples(SAFE, st.booleans() | TOUCHING),
)
def test_check_identity_refuses_exactly_the_updates_touching_identity(
    safe: dict[str, list[str]],
    touching: tuple[str, str] | None,
    rename: tuple[str, bool | str] | None,
) -> None:
    spec = repositories.UserSessionRepository.spec
    update: dict[str, dict[str, Any]] = {op: dict.fromkeys(paths, 1) for op, paths in safe.items()}
    expected = False
    if touching is not None:
        operator, path = touching
        update.setdefault(operator, {})[path] = 1
        expected = operator != "$setOnInsert"
    if rename is not None:
        source, target = rename
        update["$rename"] = {source: target if isinstance(target, str) else f"{source}Old"}
        expected = expected or isinstance(target, str)
    if expected:
        with pytest.raises(repositories.IdentityChangeError):
            check_identity(update, spec)
    else:
        check_identity(update, spec)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_update_types_leave_out_id_and_primary_key(case: Case) -> None:
    module = sys.modules[getattr(repositories, case.repository).__module__]
    attributes = {a for a, _ in identity_attributes(getattr(repositories, case.repository))}
    settable = set(getattr(module, f"{case.model}Update").__annotations__)
    assert settable and not settable & attributes
    unsettable = getattr(module, f"{case.model}Unsettable", None)
    if unsettable is not None:
        assert not set(get_args(unsettable)) & attributes
