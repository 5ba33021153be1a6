"""docs/evolution.md publishes the migration file's JSON Schema: it must be the one the code uses."""

from __future__ import annotations

import json
from pathlib import Path

from noema_codegen.migrations.format import MIGRATION_SCHEMA

DOC = Path(__file__).resolve().parents[2] / "docs" / "evolution.md"


def test_the_published_schema_is_the_checked_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- migration-schema -->", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    assert json.loads(block) == MIGRATION_SCHEMA
