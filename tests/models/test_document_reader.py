"""The fast stored-document reader (runtime/document_reader.py) builds the strict path's models.

Differential: on valid stored documents (bench/documents.py's generator, round-tripped through
BSON as pymongo decodes them) and on mutated ones (an arbitrary BSON value anywhere, a field
removed or added), the reader either gives up (``Fallback``) or returns a model equal, in every
attribute value and type, fields set, extras and stored flag (nested models included), to the
one pydantic's strict validation builds; and it never accepts what the strict path rejects.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import bson
import pytest
from bson import Int64
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from bench.documents import valid_document
from noema_codegen.checked_project import load_project
from tests.validation.strategies import values

models = pytest.importorskip("noema_db.models")
document_model = pytest.importorskip("noema_db._runtime.document_model")
document_reader = pytest.importorskip("noema_db._runtime.document_reader")

ROOT = Path(__file__).resolve().parents[2]
PROJECT = load_project(ROOT / "schemas")
SCHEMAS = {c.name: c.validator_options["validator"]["$jsonSchema"] for c in PROJECT.collections}
CLASSES = {c.name: getattr(models, c.model_name) for c in PROJECT.collections}
CONTEXT = {document_model.STORED_CONTEXT_KEY: True}


def strict(cls: Any, document: dict[str, Any]) -> Any:
    return cls.model_validate(document, strict=True, by_alias=True, by_name=False, context=CONTEXT)


def fast(cls: Any, document: dict[str, Any]) -> Any:
    reader = document_reader.reader_for(cls)
    assert reader is not None, f"{cls.__name__} has no fast reader"
    try:
        return reader(document)
    except document_reader.Fallback:
        return None


def snapshot(value: Any) -> Any:
    """``value`` with every leaf's type and every model's bookkeeping, for exact comparison."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        generated = {  # a default_factory (ObjectId) makes a new value on each path: its type
            name: type(item)
            for name, item in value.__dict__.items()
            if name not in value.model_fields_set and fields[name].default_factory is not None
        }
        return (
            type(value),
            snapshot({**value.__dict__, **generated}),
            sorted(value.model_fields_set),
            snapshot(value.__pydantic_extra__),
            value.__pydantic_private__,
        )
    if isinstance(value, dict):
        return (dict, [(key, snapshot(item)) for key, item in value.items()])
    if isinstance(value, list):
        return (list, [snapshot(item) for item in value])
    return (type(value), value)


def stored(name: str, seed: int) -> dict[str, Any]:
    document = valid_document(random.Random(seed), SCHEMAS[name])
    return bson.decode(bson.encode(document))


def containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict | list):
        out.append(value)
        for child in value.values() if isinstance(value, dict) else value:
            containers(child, out)
    return out


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    document = stored(name, draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from(containers(document, [])))
        if isinstance(target, dict):
            properties = list(SCHEMAS[name].get("properties", {}))
            key = draw(st.sampled_from([*target, *properties, "extraField"]))
            if key in target and draw(st.booleans()):
                del target[key]
            else:
                target[key] = draw(values)
        elif target:
            target[draw(st.integers(0, len(target) - 1))] = draw(values)
    return name, document


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
@given(st.sampled_from(sorted(SCHEMAS)), st.integers(0, 2**32))
def test_valid_stored_documents_take_the_fast_path_to_the_strict_model(
    name: str, seed: int
) -> None:
    document = stored(name, seed)
    cls = CLASSES[name]
    quick = fast(cls, document)
    assert quick is not None, f"{name}: the reader gave up on a valid stored document"
    assert snapshot(quick) == snapshot(strict(cls, document))
    assert snapshot(cls.from_document(document)) == snapshot(quick)


@settings(
    max_examples=600, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
@given(mutated())
def test_the_reader_never_disagrees_with_the_strict_path(case: tuple[str, dict[str, Any]]) -> None:
    name, document = case
    cls = CLASSES[name]
    quick = fast(cls, document)
    try:
        slow = strict(cls, document)
    except ValidationError:
        assert quick is None, f"{name}: the reader accepted what the strict path rejects"
        return
    if quick is not None:
        assert snapshot(quick) == snapshot(slow)


def test_the_reader_gives_up_on_a_wrong_type_and_the_strict_path_reports_it() -> None:
    document = stored("transactions", 1)
    document["amountUsd"] = "1.5"
    cls = CLASSES["transactions"]
    assert fast(cls, document) is None
    with pytest.raises(ValidationError):
        cls.from_document(document)


def test_a_model_with_a_constraint_the_reader_does_not_know_has_no_reader() -> None:
    from typing import Annotated

    from pydantic import Field

    class Constrained(document_model.DocumentModel):
        code: Annotated[str, Field(pattern="^a")]

    assert document_reader.reader_for(Constrained) is None
    assert Constrained.from_document({"code": "abc"}).code == "abc"
    with pytest.raises(ValidationError):
        Constrained.from_document({"code": "xyz"})


def test_a_document_without_id_gets_a_new_one_on_both_paths() -> None:
    document = stored("generationOutputs", 3)
    document.pop("_id", None)
    cls = CLASSES["generationOutputs"]
    quick = fast(cls, document)
    assert quick is not None
    assert type(quick.id) is type(strict(cls, document).id)
    assert "id" not in quick.model_fields_set
    assert snapshot(quick) == snapshot(strict(cls, document))


integers = st.one_of(
    st.sampled_from([2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63 - 1, 2**63, -(2**63)]),
    st.sampled_from([-(2**63) - 1, 0, True, False, 1.0]),
    st.integers(-(2**64), 2**64),
    st.builds(Int64, st.integers(-(2**64), 2**64)),  # Int64 itself does not check its range
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.sampled_from(
        [("generationOutputs", "durationMs"), ("generationOutputs", "retryAttempt")]
        + [("userEconomy", "exp")]
    ),
    st.integers(0, 2**32),
    integers,
)
def test_long_and_int_fields_read_inline_as_their_validators(
    field: tuple[str, str], seed: int, value: Any
) -> None:
    """``long`` and ``int`` values are checked inline (exact ``int`` or ``Int64`` within the
    range, converted as the validator converts them); anything else goes to the validator."""
    name, key = field
    document = stored(name, seed)
    document[key] = value
    cls = CLASSES[name]
    quick = fast(cls, document)
    try:
        slow = strict(cls, document)
    except ValidationError:
        assert quick is None
        return
    assert quick is not None and snapshot(quick) == snapshot(slow)
