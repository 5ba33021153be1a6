"""Properties: a project compared with itself has no change; classification never crashes on
mutated bundled schemas, and every change points at a place in the old or the new file."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.checked_project import check_schemas
from noema_codegen.evolution.classify import diff_projects
from noema_codegen.ir.model import Project
from noema_codegen.load import load_sources
from tests.fuzz.mutations import mutated

ROOT = Path(__file__).resolve().parents[2]
SOURCES, _ = load_sources(ROOT / "schemas")
BUNDLED: dict[str, Any] = {source.collection: source.schema for source in SOURCES}


def _project(schemas: dict[str, Any]) -> Project | None:
    """Through the real front end (files, strict JSON, lint, IR), as ``diff`` reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "schemas"
        directory.mkdir()
        for name, schema in schemas.items():
            text = json.dumps(schema, ensure_ascii=True, allow_nan=True)
            (directory / f"{name}.json").write_text(text, encoding="utf-8")
        project, _ = check_schemas(directory)
        return project


BASE = _project(copy.deepcopy(BUNDLED))


def _resolves(document: Any, pointer: str) -> bool:
    node = document
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def test_the_bundled_project_compared_with_itself_has_no_change() -> None:
    assert BASE is not None
    assert diff_projects(BASE, BASE) == []


@st.composite
def one_mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(BUNDLED)))
    schema = copy.deepcopy(dict(BUNDLED[name]))
    for _ in range(draw(st.integers(1, 3))):
        schema = draw(mutated(schema))
        if not isinstance(schema, dict):
            break
    return name, schema


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(one_mutated())
def test_classification_never_crashes_and_points_into_a_file(
    mutant: tuple[str, dict[str, Any]],
) -> None:
    name, schema = mutant
    if not isinstance(schema, dict):
        return
    base = BASE
    changed = _project({**copy.deepcopy(BUNDLED), name: schema})
    assert base is not None
    if changed is None:
        return  # does not lint clean: diff refuses it with exit 2 before classifying
    assert diff_projects(changed, changed) == []
    for old, new in ((base, changed), (changed, base)):
        for change in diff_projects(old, new):
            assert change.kinds and change.rule and change.message
            sources = [
                c.source_schema
                for project in (old, new)
                for c in project.collections
                if c.name == change.collection
            ]
            assert any(_resolves(source, change.pointer) for source in sources), change.as_text()
