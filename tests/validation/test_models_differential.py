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
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.documents import valid_document
from noema_codegen.checked_project import load_project
from noema_codegen.validation import compile_schema
from tests.validation.strategies import values

models = pytest.importorskip("noema_db.models")
pydantic = pytest.importorskip("pydantic")

ROOT = Path(__file__).resolve().parents[2]
MODEL_CLASSES = {
    "userCore": "UserCore",
    "userEconomy": "UserEconomy",
    "userPreferences": "UserPreferences",
    "transactions": "Transaction",
    "userSessions": "UserSession",
    "userEvents": "UserEvent",
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
                value = draw(values)
                if target is doc:  # known deviations are tested separately below
                    schema = SCHEMAS[name].get("properties", {}).get(key, {})
                    assume(_known_deviation(schema, value) is None)
                target[key] = value
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


# -- edge values, field by field ------------------------------------------------------------
def _edge_values() -> list[tuple[str, Any]]:
    import datetime
    import uuid

    from bson import Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp

    return [
        ("int32", 5),
        ("int32-negative", -1),
        ("int-beyond-32-bits", 2**31 + 1),
        ("Int64", Int64(5)),
        ("bool", True),
        ("double", 5.0),
        ("nan", float("nan")),
        ("Decimal128", Decimal128("5.5")),
        ("null", None),
        ("string", "text"),
        ("empty", ""),
        ("ObjectId", ObjectId()),
        ("datetime", datetime.datetime(2024, 1, 1)),
        ("aware-datetime", datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)),
        ("object", {"k": "v"}),
        ("empty-object", {}),
        ("array", ["a"]),
        ("empty-array", []),
        ("bytes", b"x"),
        ("uuid", uuid.uuid4()),
        ("regex", Regex("a")),
        ("timestamp", Timestamp(1, 1)),
        ("minkey", MinKey()),
        ("maxkey", MaxKey()),
        ("javascript-with-scope", Code("x", {"a": 1})),
    ]


def _known_deviation(schema: dict[str, Any], value: Any) -> str | None:
    """Why the models and the server disagree on ``value`` in a field of ``schema`` (if known)."""
    from bson import Code

    types = schema.get("bsonType", [])
    types = [types] if isinstance(types, str) else types
    if "long" in types and type(value) is int and -(2**31) <= value < 2**31 and "int" not in types:
        return "models accept a plain int that fits in 32 bits for a long field (sent as int32)"
    if "string" in types and isinstance(value, Code) and "enum" not in schema:
        return "models accept bson.Code (a str subclass) for a string field (sent as javascript)"
    return None


def _field_cases() -> list[Any]:
    cases = []
    for name in sorted(SCHEMAS):
        for field, schema in SCHEMAS[name].get("properties", {}).items():
            if field == "_id":
                continue
            for label, value in _edge_values():
                reason = _known_deviation(schema, value)
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                cases.append(
                    pytest.param(name, field, value, id=f"{name}.{field}={label}", marks=marks)
                )
    return cases


@pytest.mark.parametrize(("name", "field", "value"), _field_cases())
def test_edge_values_field_by_field(name: str, field: str, value: Any) -> None:
    doc = valid_document(random.Random(11), SCHEMAS[name])
    doc[field] = value
    assert model_accepts(name, doc) is ENGINES[name].is_valid(doc), ENGINES[name].errors(doc)


# -- known disagreements (reported to the owner of docs/schema-deviations.md) -----------------
# strict xfail: each test starts failing ("XPASS") once the models change, as a reminder to
# update the deviations document.
def _deviation(name: str, field: str, value: Any) -> tuple[str, dict[str, Any]]:
    doc = valid_document(random.Random(5), SCHEMAS[name])
    doc[field] = value
    return name, doc


def _deviations() -> list[Any]:
    import datetime

    from bson import Code, DBRef, ObjectId
    from bson.datetime_ms import DatetimeMS
    from bson.raw_bson import RawBSONDocument

    reason = "known model/server disagreement, see the validation report: "
    return [
        pytest.param(
            *_deviation("userEconomy", "exp", 5),
            id="int32-in-long-field",
            marks=pytest.mark.xfail(
                strict=True,
                reason=reason + "models accept a plain int that fits in 32 bits for a long field",
            ),
        ),
        pytest.param(
            *_deviation("generationOutputs", "serviceName", Code("x")),
            id="code-in-string-field",
            marks=pytest.mark.xfail(strict=True, reason=reason + "bson.Code is a str"),
        ),
        pytest.param(
            *_deviation("userEconomy", "createdAt", DatetimeMS(5)),
            id="datetime-ms",
            marks=pytest.mark.xfail(strict=True, reason=reason + "DatetimeMS is a date"),
        ),
        pytest.param(
            *_deviation("generationOutputs", "requestPayload", DBRef("c", ObjectId())),
            id="dbref-as-object",
            marks=pytest.mark.xfail(strict=True, reason=reason + "DBRef is an object"),
        ),
        pytest.param(
            *_deviation(
                "generationOutputs", "requestPayload", RawBSONDocument(b"\x05\x00\x00\x00\x00")
            ),
            id="raw-bson-subdocument",
            marks=pytest.mark.xfail(strict=True, reason=reason + "RawBSONDocument is an object"),
        ),
        pytest.param(
            *_deviation("generationOutputs", "artifactUrls", ({"url": "u"},)),
            id="tuple-as-array",
            marks=pytest.mark.xfail(
                strict=True, reason=reason + "pymongo sends a tuple as an array"
            ),
        ),
        pytest.param(
            *_deviation("userSessions", "startTime", datetime.datetime(2024, 1, 1)),
            id="control-naive-datetime-agrees",
        ),
    ]


@pytest.mark.parametrize(("name", "doc"), _deviations())
def test_known_deviations(name: str, doc: dict[str, Any]) -> None:
    assert model_accepts(name, doc) is ENGINES[name].is_valid(doc)
