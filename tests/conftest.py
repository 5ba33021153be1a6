"""Shared fixtures: the project root and a factory for throwaway schema directories."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_SCHEMA: dict[str, Any] = {
    "bsonType": "object",
    "required": ["_id", "name"],
    "properties": {
        "_id": {"bsonType": "objectId"},
        "name": {"bsonType": "string"},
        "count": {"bsonType": "int"},
    },
    "x-noema": {"model": "Thing"},
}


def minimal_schema() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL_SCHEMA)


SchemaDirFactory = Callable[..., Path]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def make_schema_dir(tmp_path: Path) -> SchemaDirFactory:
    """``make_schema_dir(things=schema_dict, other="raw text")`` -> a project dir with schemas/."""

    def factory(**collections: dict[str, Any] | str) -> Path:
        project = tmp_path / "project"
        schemas = project / "schemas"
        schemas.mkdir(parents=True, exist_ok=True)
        for name, content in collections.items():
            text = content if isinstance(content, str) else json.dumps(content, indent=2)
            (schemas / f"{name}.json").write_text(text, encoding="utf-8")
        return project

    return factory
