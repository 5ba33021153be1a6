"""Schema fixtures shared by tests: a minimal valid collection schema."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from noema_codegen.config import load_config

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


NOEMA = replace(load_config(Path(__file__).resolve().parent.parent), cache_dir=None)
"""The noema project's settings (this repository's ``[tool.noema-codegen]``: package noema_db),
without the model cache: every test build runs datamodel-code-generator and writes nothing
outside its output (tests/models/test_render_cache.py tests the cache)."""
