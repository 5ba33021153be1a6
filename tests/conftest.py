"""Shared fixtures: the project root and a factory for throwaway schema directories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.schema_fixtures import SchemaDirFactory

ROOT = Path(__file__).resolve().parent.parent


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
