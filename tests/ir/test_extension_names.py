"""Names in ``x-noema`` the generated repositories must hold: queries, parameters, models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from noema_codegen.checked_project import check_schemas
from noema_codegen.diagnostics import Severity
from tests.schema_fixtures import SchemaDirFactory, minimal_schema


def _errors(project: Path) -> list[tuple[str, str]]:
    _, diagnostics = check_schemas(project / "schemas")
    return [(d.pointer, d.rule) for d in diagnostics if d.severity is Severity.ERROR]


def _with_query(name: str, param: str) -> dict[str, Any]:
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"keys": {"name": 1}}]
    schema["x-noema"]["queries"] = {name: {"op": "find_one", "filter": {"name": {"param": param}}}}
    return schema


@pytest.mark.parametrize("name", ["find", "get", "count", "spec", "class", "import", "iter_find"])
def test_query_names_the_repository_cannot_hold(
    make_schema_dir: SchemaDirFactory, name: str
) -> None:
    project = make_schema_dir(things=_with_query(name, "value"))
    assert _errors(project) == [(f"/x-noema/queries/{name}", "query-name")]


def test_a_query_named_like_a_paging_method(make_schema_dir: SchemaDirFactory) -> None:
    """A find_many query ``by_name`` has the method ``by_name_page``: no query may take it."""
    schema = minimal_schema()
    schema["x-noema"]["indexes"] = [{"keys": {"name": 1}}]
    by_name = {"op": "find_many", "filter": {"name": {"param": "name"}}}
    schema["x-noema"]["queries"] = {
        "by_name": by_name,
        "by_name_page": {**by_name, "op": "find_one"},
    }
    assert _errors(make_schema_dir(things=schema)) == [
        ("/x-noema/queries/by_name_page", "query-name")
    ]


@pytest.mark.parametrize("param", ["class", "query", "codec", "to_bson", "range_0"])
def test_parameter_names_the_builder_cannot_hold(
    make_schema_dir: SchemaDirFactory, param: str
) -> None:
    project = make_schema_dir(things=_with_query("by_name", param))
    assert _errors(project) == [("/x-noema/queries/by_name/filter/name", "query-param")]


def test_usable_query_and_parameter(make_schema_dir: SchemaDirFactory) -> None:
    assert _errors(make_schema_dir(things=_with_query("by_name", "name"))) == []


def test_two_models_making_the_same_repository_class(make_schema_dir: SchemaDirFactory) -> None:
    """``Foo`` makes ``AsyncFooRepository``, and so does ``AsyncFoo``."""
    first, second = minimal_schema(), minimal_schema()
    first["x-noema"]["model"] = "Foo"
    second["x-noema"]["model"] = "AsyncFoo"
    project = make_schema_dir(foos=first, async_foos=second)
    assert _errors(project) == [("/x-noema/model", "model-name")]


@pytest.mark.parametrize("module", ["class", "thing\n", "t" * 65])
def test_module_names_python_cannot_import(make_schema_dir: SchemaDirFactory, module: str) -> None:
    schema = minimal_schema()
    schema["x-noema"]["module"] = module
    assert _errors(make_schema_dir(things=schema)) == [("/x-noema/module", "module-name")]


@pytest.mark.parametrize(
    ("update", "pointer"),
    [
        ({"set": {"_id": {"param": "new_id"}}}, "/x-noema/queries/rekey/set/_id"),
        ({"set": {"code": {"param": "new_code"}}}, "/x-noema/queries/rekey/set/code"),
    ],
)
def test_a_named_update_may_not_change_the_documents_identity(
    make_schema_dir: SchemaDirFactory, update: dict[str, Any], pointer: str
) -> None:
    """Before: it built, and the generated method raised IdentityChangeError on every call."""
    schema = minimal_schema()
    schema["properties"]["code"] = {"bsonType": "string"}
    schema["required"].append("code")
    schema["x-noema"]["primaryKey"] = "code"
    schema["x-noema"]["indexes"] = [{"keys": {"code": 1}, "unique": True}]
    schema["x-noema"]["queries"] = {
        "rekey": {"op": "update_one", "filter": {"code": {"param": "code"}}, **update}
    }
    project = make_schema_dir(things=schema)
    errors = _errors(project)
    assert (pointer, "query-identity") in errors
    assert errors == [(pointer, "query-identity")]
