"""The fast document writer writes exactly what ``model.to_document()`` writes (same BSON bytes)."""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from typing import Any

import bson
import pytest
from bson import Decimal128
from hypothesis import given
from hypothesis import strategies as st
from noema_db import models

from noema_codegen.checked_project import load_project
from noema_codegen.runtime.document_writer import decimal128, writer_for
from noema_codegen.runtime.repository_core import round_trip
from tests.repositories import factories
from tests.repositories.support import ROOT
from tests.schema_fixtures import NOEMA

sys.path.insert(0, str(ROOT))
from bench.documents import generate

MODELS: dict[str, Any] = {
    "userCore": models.UserCore,
    "userEconomy": models.UserEconomy,
    "userPreferences": models.UserPreferences,
    "transactions": models.Transaction,
    "userSessions": models.UserSession,
    "userEvents": models.UserEvent,
    "generationOutputs": models.GenerationOutput,
}


def same_bytes(model: Any) -> bool:
    writer = writer_for(type(model))
    assert writer is not None, type(model)
    return bson.encode(writer(model)) == bson.encode(model.to_document())


def test_every_generated_model_has_a_writer() -> None:
    for model in MODELS.values():
        assert writer_for(model) is not None, model


def test_stored_documents_of_every_collection() -> None:
    project = load_project(ROOT / "schemas", NOEMA)
    schemas = {c.name: dict(c.validator_schema) for c in project.collections}
    for name, document, _ in generate(schemas, 1400, invalid_ratio=0.0, seed=7):
        stored = MODELS[name].from_document(round_trip(document, None))
        assert same_bytes(stored), (name, document)


def test_models_built_in_code_with_defaults_extras_and_nulls() -> None:
    built = [
        factories.user_core(1),  # status default written for a model built in code
        factories.user_core(2, profile={"display_name": "A"}, awards=[]),
        factories.user_session(1, end_time=None, end_reason=None, metadata={"device": "ios"}),
        factories.generation_output(
            1, cost_usd=None, artifact_urls=[{"url": "u"}], error_details={"error_code": "E"}
        ),
        factories.transaction(
            1, related_items={"command_name": "make"}, external_transaction_id="x"
        ),
        factories.user_economy(1, usd_credit=Decimal("1234567890123456789.012345678901234")),
        models.UserEvent.model_validate(
            {**factories.user_event(1).to_document(), "legacyField": [1, 2]}
        ),
    ]
    for model in built:
        assert same_bytes(model), model
    stored = models.UserCore.from_document(
        round_trip(factories.user_core(3).to_document() | {"status": "active"}, None)
    )
    without_status = round_trip(
        {k: v for k, v in factories.user_core(4).to_document().items() if k != "status"}, None
    )
    assert same_bytes(stored) and same_bytes(models.UserCore.from_document(without_status))
    assert "status" not in writer_for(models.UserCore)(
        models.UserCore.from_document(without_status)
    )  # type: ignore[misc]


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_decimal128_matches_bson(value: Decimal) -> None:
    try:
        expected = Decimal128(value)
    except (ArithmeticError, ValueError):  # not representable: bson raises, and so must we
        with pytest.raises((ArithmeticError, ValueError)):
            decimal128(value)
        return
    assert decimal128(value).bid == expected.bid


def test_decimal128_edge_values() -> None:
    rng = random.Random(3)
    values = [
        Decimal("-0"),
        Decimal("0E-6176"),
        Decimal("1E+6111"),
        Decimal("9" * 33),
        Decimal("9" * 34),
        Decimal("1E+6112"),
    ]
    values += [
        Decimal(rng.randint(-(10**30), 10**30)).scaleb(-rng.randint(0, 40)) for _ in range(500)
    ]
    for value in values:
        assert decimal128(value).bid == Decimal128(value).bid, value


representable = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda value: abs(value.adjusted()) < 6000 and len(value.as_tuple().digits) <= 34
)
money = st.builds(
    lambda units, places: Decimal(units).scaleb(-places),
    st.integers(-(2**64) - 5, 2**64 + 5) | st.integers(-(10**9), 10**9),
    st.integers(0, 27) | st.integers(0, 4),
)


@given(money | representable, money | representable, st.booleans())
def test_inlined_decimal128_conversion_writes_what_to_document_writes(
    first: Decimal, second: Decimal, signed_zero: bool
) -> None:
    """The writer inlines ``decimal128_from_decimal`` for decimal fields (plain notation and
    everything else), required (inlined) and nullable (through the function): the same BSON bytes as ``to_document()``."""
    last = Decimal("-0.00") if signed_zero else second
    try:
        Decimal128(first), Decimal128(second)
    except (ArithmeticError, ValueError):
        return  # not representable: the model would not hold it for long
    required = factories.transaction(1, amount_usd=first, balance_before_usd=second)
    assert same_bytes(required.model_copy(update={"balance_after_usd": last}))
    economy = factories.user_economy(1, usd_credit=first)
    assert same_bytes(economy)
    nullable = factories.generation_output(1, cost_usd=second)  # ``None`` or a decimal
    assert same_bytes(nullable) and same_bytes(nullable.model_copy(update={"cost_usd": None}))
