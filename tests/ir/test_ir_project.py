"""The IR of the bundled schemas: what later stages rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from noema_codegen.checked_project import load_project
from noema_codegen.config import Config
from noema_codegen.schema_views import validator_schema


def test_bundled_project_shape(root: Path) -> None:
    project = load_project(root / "schemas")
    assert project.names == (
        "generationOutputs",
        "transactions",
        "userCore",
        "userEconomy",
        "userEvents",
        "userPreferences",
        "userSessions",
    )
    assert [project.get(n).model_name for n in project.names] == [
        "GenerationOutput",
        "Transaction",
        "UserCore",
        "UserEconomy",
        "UserEvent",
        "UserPreferences",
        "UserSession",
    ]
    assert project.get("userSessions").primary_key == "sessionId"
    assert project.get("userSessions").module_name == "user_session"
    assert all(
        i.name.startswith(Config().index_prefix) for c in project.collections for i in c.indexes
    )
    with pytest.raises(KeyError, match="unknown collection 'nope'"):
        project.get("nope")


def test_validator_strips_defaults_and_vendor_key_but_not_properties_named_like_keywords(
    root: Path,
) -> None:
    core = load_project(root / "schemas").get("userCore")
    schema = core.validator_schema
    assert "x-noema" not in schema
    assert "default" not in schema["properties"]["status"]
    assert "default" not in schema["properties"]["apiKeys"]["items"]["properties"]["isActive"]
    assert "description" in schema["properties"]["awards"]["items"]["properties"]
    assert core.model_schema["properties"]["status"]["default"] == "active"


def test_properties_named_default_survive_stripping() -> None:
    source = {
        "bsonType": "object",
        "properties": {"default": {"bsonType": "string", "default": "x"}},
        "x-noema": {},
    }
    assert validator_schema(source) == {
        "bsonType": "object",
        "properties": {"default": {"bsonType": "string"}},
    }


def test_references_resolve_across_collections(root: Path) -> None:
    project = load_project(root / "schemas")
    refs = {
        (c.name, r.field): f"{r.target_collection}.{r.target_field}"
        for c in project.collections
        for r in c.references
    }
    assert refs[("transactions", "relatedItems.generationId")] == "generationOutputs.generationId"
    assert refs[("userEvents", "sessionId")] == "userSessions.sessionId"


def test_named_queries_carry_typed_parameters(root: Path) -> None:
    sessions = load_project(root / "schemas").get("userSessions")
    query = {q.name: q for q in sessions.queries}["end_session"]
    params = {p.name: (p.role, p.bson_types) for p in query.params}
    assert params == {
        "session_id": ("filter", ("objectId",)),
        "end_time": ("update", ("date", "null")),
        "end_reason": ("update", ("string", "null")),
    }
    assert [(t.path, t.value.constant) for t in query.filter if not t.value.is_param] == [
        ("isActive", True)
    ]
