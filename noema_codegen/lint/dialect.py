"""Errors: what MongoDB's ``$jsonSchema`` parser would reject.

The check is delegated to the validation engine (``noema_codegen.validation``),
run on exactly what the server would receive (vendor key and ``default``
removed), so the linter and the engine can never disagree. This module adds only
presentation: a next step for the type names people get wrong (``hints``), and the one limit
the engine does not know, the size of the validator document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import bson

from noema_codegen.diagnostics import pointer_join
from noema_codegen.lint.type_hints import type_hints
from noema_codegen.schema_views import VENDOR_KEY, validator_schema, walk_schemas
from noema_codegen.validation import schema_errors

Finding = tuple[str, str, str]

#: MongoDB's largest user document, ``BSONObjMaxUserSize`` (mongodb/mongo
#: src/mongo/bson/util/builder.h): 16 MiB of BSON. The validator is a document of its own.
MAX_VALIDATOR_BYTES = 16 * 1024 * 1024


def validator_size_findings(schema: Mapping[str, Any]) -> Iterator[Finding]:
    """The validator ``{$jsonSchema: ...}`` must fit in one BSON document."""
    size = len(bson.encode({"$jsonSchema": validator_schema(schema)}))
    if size > MAX_VALIDATOR_BYTES:
        yield (
            "",
            "validator-size",
            (
                f"the validator is {size} bytes of BSON, over MongoDB's document limit of "
                f"{MAX_VALIDATOR_BYTES} bytes (16 MiB): shorten descriptions and enums, or "
                "split the collection"
            ),
        )


def dialect_findings(schema: Mapping[str, Any]) -> Iterator[Finding]:
    for pointer, subschema in walk_schemas(schema):
        if pointer and VENDOR_KEY in subschema:
            yield (
                pointer_join(pointer, VENDOR_KEY),
                "extension-position",
                f"{VENDOR_KEY} is only read at the root of a schema; move it there",
            )
    hints = type_hints(schema)
    for error in schema_errors(validator_schema(schema)):
        message = f"MongoDB would reject this schema: {error.message.rstrip('.')}"
        hint = hints.get(error.pointer) or hints.get(error.pointer.rsplit("/", 1)[0])
        if hint:
            message = f"{message}; {hint}"
        yield (error.pointer, "mongodb-dialect", message)
