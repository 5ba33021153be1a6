"""Schema pairs for the evolution tests: a small project built in memory (load -> lint -> IR)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from noema_codegen.config import Config
from noema_codegen.diagnostics import errors_in
from noema_codegen.ir.build import build_project
from noema_codegen.ir.model import Project
from noema_codegen.lint import lint_sources
from noema_codegen.load import SchemaSource

OWNERS: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {"_id": {"bsonType": "objectId"}, "name": {"bsonType": "string"}},
    "x-noema": {"model": "Owner"},
}

THINGS: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "name", "ownerId"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string", "maxLength": 50, "description": "The name."},
        "ownerId": {"bsonType": "objectId"},
        "count": {"bsonType": ["int", "null"], "minimum": 0},
        "label": {"bsonType": "string"},
        "color": {"enum": ["red", "green", "blue"]},
        "size": {"bsonType": "object", "properties": {"width": {"bsonType": "int"}}},
    },
    "x-noema": {
        "model": "Thing",
        "references": {"ownerId": "owners._id"},
        "indexes": [{"keys": {"name": 1}}],
        "queries": {
            "find_by_name": {"op": "find_many", "filter": {"name": {"param": "name"}}},
        },
    },
}


def things() -> dict[str, Any]:
    return copy.deepcopy(THINGS)


def owners() -> dict[str, Any]:
    return copy.deepcopy(OWNERS)


def project(**schemas: dict[str, Any]) -> Project:
    """The IR of ``schemas`` (collection name -> schema); fails the test on a lint error."""
    built = try_project(**schemas)
    assert built is not None, "the schemas must lint clean"
    return built


def try_project(**schemas: dict[str, Any]) -> Project | None:
    sources = [
        SchemaSource(name, Path(f"schemas/{name}.json"), f"schemas/{name}.json", schema)
        for name, schema in sorted(schemas.items())
    ]
    if errors_in(lint_sources(sources)):
        return None
    built, _ = build_project(sources, Config())
    return built


def base() -> Project:
    return project(things=things(), owners=owners())
