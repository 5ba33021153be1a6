"""Differential test: the generated Pydantic models and the engine agree on validity.

Documents are realistic ADR-002 documents (bench/documents.py) with hypothesis-chosen mutations
anywhere in the tree: a value replaced by an arbitrary BSON value, or a field removed. Skips when
the generated models (``noema_db.models``) are not importable.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.documents import valid_document
from noema_codegen.pipeline import load_project
from noema_codegen.validation import compile_schema
from tests.validation.strategies import values

models = pytest.importorskip("noema_db.models")
pydantic = pytest.importorskip("pydantic")

ROOT = Path(__file__).resolve().parents[2]
MODEL_CLASSES = {
    "userCore": "UserCore", "userEconomy": "UserEconomy", "userPreferences": "UserPreferences",
    "transactions": "Transaction", "userSessions": "UserSession", "userEvents": "UserEvent",
    "generationOutputs": "GenerationOutput",
}
PROJECT = load_project(ROOT / "schemas")
SCHEMAS = {c.name: c.validator_options["validator"]["$jsonSchema"] for c in PROJECT.collections}
ENGINES = {name: compile_schema(schema) for name, schema in SCHEMAS.items()}


def model_accepts(name: str, doc: dict[str, Any]) -> bool:
    try:
        getattr(models, MODEL_CLASSES[name]).from_document(doc)
    except pydantic.ValidationError:
        return False
    return True


def containers(value: Any, out: list[Any]) -> list[Any]:
    """Every dict and list inside ``value`` (``value`` included)."""
    if isinstance(value, (dict, list)):
        out.append(value)
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            containers(child, out)
    return out


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    doc = valid_document(random.Random(draw(st.integers(0, 2**32))), SCHEMAS[name])
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from(containers(doc, [])))
        if isinstance(target, dict):
            keys = [k for k in target if k != "_id"]
            properties = list(SCHEMAS[name].get("properties", {}))
            key = draw(st.sampled_from([*keys, *properties, "extraField"]))
            if key in target and draw(st.booleans()):
                del target[key]
            elif key != "_id":
                target[key] = draw(values)
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = draw(values)
    return name, doc


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated_documents())
def test_models_and_engine_agree(case: tuple[str, dict[str, Any]]) -> None:
    name, doc = case
    engine = ENGINES[name].is_valid(doc)
    assert model_accepts(name, doc) is engine, ENGINES[name].errors(doc)


@pytest.mark.parametrize("name", sorted(MODEL_CLASSES))
def test_generated_valid_documents_pass_both(name: str) -> None:
    rng = random.Random(7)
    for _ in range(50):
        doc = valid_document(rng, SCHEMAS[name])
        assert ENGINES[name].is_valid(doc)
        assert model_accepts(name, doc)
