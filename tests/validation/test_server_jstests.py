"""The engine agrees with the assertions of MongoDB's own $jsonSchema jstests."""

from __future__ import annotations

from typing import Any

import pytest

from noema_codegen.validation import compile_schema
from tests.validation.server_jstests import JSTEST_CASES


@pytest.mark.parametrize(
    ("name", "schema", "doc", "valid"), JSTEST_CASES, ids=[c[0] for c in JSTEST_CASES]
)
def test_jstest_assertion(
    name: str, schema: dict[str, Any], doc: dict[str, Any], valid: bool
) -> None:
    validator = compile_schema(schema)
    assert validator.is_valid(doc) is valid
    assert (validator.errors(doc) == []) is valid
