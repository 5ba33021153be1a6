"""Fixtures of the repository tests; the rendered package itself comes from ``support``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.repositories.support import GENERATED


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def databases() -> tuple[Any, Any]:
    from tests.repositories.mongomock_adapter import make_databases

    return make_databases()


@pytest.fixture
def database(databases: tuple[Any, Any], flavour: str) -> Any:
    """The mongomock database in the API shape of ``flavour``."""
    return databases[0] if flavour == "sync" else databases[1]


@pytest.fixture
def generated_dir() -> Path:
    return GENERATED
