"""Every generic repository method of every collection, sync and async, on mongomock."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from bson import ObjectId
from noema_db import repositories
from pydantic import MISSING

from tests.repositories import factories
from tests.repositories.cases import CASES, MUTABLE_CASES, Case
from tests.repositories.support import run


def make_repository(case: Case, database: Any, flavour: str, **options: Any) -> Any:
    name = case.repository if flavour == "sync" else f"Async{case.repository}"
    return getattr(repositories, name)(database, **options)


def key_of(repo: Any, model: Any) -> Any:
    attribute = next(a for a, f in repo.spec.fields.items() if f.alias == repo.spec.primary_key)
    return getattr(model, attribute)


def seed(case: Case, repo: Any, count: int = 5) -> list[Any]:
    first = run(repo.insert_one(case.make(0)))
    rest = run(repo.insert_many([case.make(n) for n in range(1, count)]))
    return [first, *rest]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_insert_get_count_exists(case: Case, database: Any, flavour: str) -> None:
    repo = make_repository(case, database, flavour)
    stored = seed(case, repo)
    assert run(repo.count()) == 5
    for model in stored:
        assert run(repo.get(key_of(repo, model))) == model
    assert run(repo.exists({case.sort_field: stored[2].__dict__[case.sort_field]}))
    assert not run(repo.exists({case.sort_field: factories.at(999)}))
    assert run(repo.insert_many([])) == []
    if case.collection == "userSessions":  # createdAt (startTime) is set on insert where absent
        assert stored[0].start_time == factories.at(0)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_find_filter_sort_limit_skip(case: Case, database: Any, flavour: str) -> None:
    repo = make_repository(case, database, flavour)
    seed(case, repo)
    newest_first = run(repo.find(sort=[(case.sort_field, -1)]))
    assert [getattr(m, case.sort_field) for m in newest_first] == [
        factories.at(n) for n in (4, 3, 2, 1, 0)
    ]
    page = run(repo.find(sort=[(case.sort_field, 1)], skip=1, limit=2))
    assert [getattr(m, case.sort_field) for m in page] == [factories.at(1), factories.at(2)]
    recent = run(repo.find({case.sort_field: repositories.gte(factories.at(3))}))
    assert sorted(getattr(m, case.sort_field) for m in recent) == [factories.at(3), factories.at(4)]
    chosen = run(repo.find({case.sort_field: repositories.in_([factories.at(0), factories.at(4)])}))
    assert len(chosen) == 2
    assert run(repo.count({case.sort_field: repositories.lt(factories.at(2))})) == 2
    first = run(
        repo.find_one(
            {case.sort_field: repositories.gt(factories.at(0))}, sort=[(case.sort_field, 1)]
        )
    )
    assert getattr(first, case.sort_field) == factories.at(1)
    assert run(repo.find_one({case.sort_field: factories.at(999)})) is None


def _index_order(index: Any, documents: list[dict[str, Any]]) -> bool:
    keys = index.sort
    for before, after in itertools.pairwise(documents):
        for name, direction in keys:
            a: Any = before.get(name)
            b: Any = after.get(name)
            if a == b:
                continue
            if (a < b) != (direction == 1):
                return False
            break
    return True


@pytest.mark.parametrize("case", CASES, ids=str)
def test_find_page_walks_every_index(case: Case, databases: tuple[Any, Any], flavour: str) -> None:
    database = databases[0] if flavour == "sync" else databases[1]
    repo = make_repository(case, database, flavour)
    seed(case, repo, count=7)
    raw = databases[0][case.collection]
    for name, index in repo.spec.page_indexes.items():
        seen: list[Any] = []
        after = None
        pages = 0
        while True:
            page = run(repo.find_page(index=name, limit=3, after=after))
            seen.extend(page.items)
            pages += 1
            if page.next_cursor is None:
                break
            after = page.next_cursor
        expected = raw.count_documents(dict(index.partial_filter or {}))
        ids = [m.id for m in seen]
        assert len(ids) == len(set(ids)) == expected, name
        documents = [raw.find_one({"_id": i}) for i in ids]
        assert _index_order(index, documents), name
        assert pages == expected // 3 + 1


@pytest.mark.parametrize("case", MUTABLE_CASES, ids=str)
def test_update_by_key_and_many(case: Case, database: Any, flavour: str) -> None:
    repo = make_repository(case, database, flavour)
    stored = seed(case, repo)
    key = key_of(repo, stored[1])
    updated = run(
        repo.update(
            key,
            set=case.set_,
            **({"unset": case.unset} if case.unset else {}),
            **({"inc": case.inc} if case.inc else {}),
        )
    )
    assert updated is not None
    assert run(repo.get(key)) == updated
    for attribute in case.set_:
        assert getattr(updated, attribute) is not MISSING
    assert getattr(updated, "platform", "web") == "web"
    for attribute in case.unset:
        assert getattr(updated, attribute) is MISSING
    for attribute, amount in case.inc.items():
        assert getattr(updated, attribute) == getattr(stored[1], attribute) + amount
    updated_at = repo.spec.updated_at
    if updated_at is not None:
        attribute = next(a for a, f in repo.spec.fields.items() if f.alias == updated_at)
        assert getattr(updated, attribute) > getattr(stored[1], attribute)
    changed = run(
        repo.update_many({case.sort_field: repositories.gte(factories.at(3))}, set=case.set_)
    )
    assert changed == 2
    assert run(repo.update(ObjectId(), set=case.set_)) is None


@pytest.mark.parametrize("case", MUTABLE_CASES, ids=str)
def test_delete_by_key_and_many(case: Case, database: Any, flavour: str) -> None:
    repo = make_repository(case, database, flavour)
    stored = seed(case, repo)
    key = key_of(repo, stored[0])
    assert run(repo.delete(key)) is True
    assert run(repo.get(key)) is None
    assert run(repo.delete(key)) is False
    assert run(repo.delete_many({case.sort_field: repositories.gte(factories.at(3))})) == 2
    assert run(repo.count()) == 2


@pytest.mark.parametrize("case", CASES, ids=str)
def test_spec_matches_the_model(case: Case) -> None:
    """The generated field table names exactly the model's attributes and MongoDB names."""
    repo_class = getattr(repositories, case.repository)
    model_fields = repo_class.model.model_fields
    assert set(repo_class.spec.fields) == set(model_fields)
    for attribute, spec in repo_class.spec.fields.items():
        assert (model_fields[attribute].serialization_alias or attribute) == spec.alias
