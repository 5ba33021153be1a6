"""Errors: what MongoDB's ``$jsonSchema`` parser would reject.

The check is delegated to the validation engine (``noema_codegen.validation``),
run on exactly what the server would receive (vendor key and ``default``
removed), so the linter and the engine can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.ir.model import VENDOR_KEY
from noema_codegen.schema_views import validator_schema, walk_schemas
from noema_codegen.validation import schema_errors

Finding = tuple[str, str, str]


def dialect_findings(schema: Mapping[str, Any]) -> Iterator[Finding]:
    for pointer, subschema in walk_schemas(schema):
        if pointer and VENDOR_KEY in subschema:
            yield (
                pointer_join(pointer, VENDOR_KEY),
                "extension-position",
                f"{VENDOR_KEY} is only read at the root of a schema; move it there",
            )
    for error in schema_errors(validator_schema(schema)):
        yield (
            error.pointer,
            "mongodb-dialect",
            f"MongoDB would reject this schema: {error.message}",
        )
