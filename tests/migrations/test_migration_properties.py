"""Properties: any damaged migration file is refused with its name (never another exception),
and linting any migration that parses never crashes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.diagnostics import Severity
from noema_codegen.migrations.format import MigrationFileError, parse_migration
from noema_codegen.migrations.lint import lint_migration
from tests.evolution.evolution_pairs import owners, project, things
from tests.fuzz.mutations import dumps, mutated

PROJECT = project(things=things(), owners=owners())
VALID: dict[str, Any] = {
    "description": "d",
    "steps": [
        {
            "collection": "things",
            "change": "now-required",
            "path": "label",
            "filter": {"label": {"$exists": False}, "$or": [{"size.width": 1}]},
            "update": {"$set": {"label": "x", "color": "red"}, "$unset": {"count": ""}},
        },
        {
            "collection": "things",
            "change": "type-changed",
            "filter": {"label": {"$type": "string"}},
            "update": [{"$set": {"label": {"$convert": {"input": "$label", "to": "date"}}}}],
        },
        {"collection": "things", "change": "new-reference", "orphans": [{"$match": {}}]},
    ],
}


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.integers(1, 4), st.data())
def test_a_damaged_file_is_refused_with_its_name_or_lints_without_crashing(
    rounds: int, data: st.DataObject
) -> None:
    document: Any = json.loads(json.dumps(VALID))
    for _ in range(rounds):
        document = data.draw(mutated(document))
    text = dumps(document).encode("utf-8", "surrogatepass")
    try:
        migration = parse_migration("0001_x", "migrations/0001_x.json", text)
    except MigrationFileError as exc:
        assert "migrations/0001_x.json" in str(exc)
        return
    for diagnostic in lint_migration(migration, PROJECT):
        assert diagnostic.file == "migrations/0001_x.json"
        assert diagnostic.severity in (Severity.ERROR, Severity.WARNING)
        assert diagnostic.pointer.startswith("/steps/")
