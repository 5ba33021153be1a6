"""A next step for the type names people get wrong in ``type`` and ``bsonType``.

The engine decides *whether* MongoDB rejects a type name (``validation.schema_types``); this
module only says what to write instead, keyed by the JSON pointer of the keyword, so that
``lint.dialect`` can append it to the engine's error at that pointer:

* ``"integer"`` (JSON Schema's name, which MongoDB refuses): use ``int`` or ``long``;
* a BSON-only name under ``type`` (``"int"``, ``"objectId"``...): ``type`` takes JSON type names
  only, use ``bsonType``;
* any other unknown name: the closest known name ("did you mean"), or the list of known names.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.schema_views import walk_schemas
from noema_codegen.validation.bson_types import (
    BSON_TYPE_ALIASES,
    JSON_TYPE_ALIASES,
    NUMBER_ALIAS,
)

INTEGER_HINT = (
    'for integers use bsonType "int" (32-bit) or "long" (64-bit), or "number" for any number'
)


def _known(keyword: str) -> list[str]:
    aliases = JSON_TYPE_ALIASES if keyword == "type" else BSON_TYPE_ALIASES
    return sorted([*aliases, NUMBER_ALIAS])


def name_hint(keyword: str, name: str) -> str | None:
    """What to write instead of ``name`` under ``keyword``; None when ``name`` is valid there."""
    known = _known(keyword)
    if name in known:
        return None
    if name == "integer":
        return f'MongoDB has no type "integer": {INTEGER_HINT}'
    if keyword == "type" and name in BSON_TYPE_ALIASES:
        return (
            f'"{name}" is a BSON type name, which "type" does not take: write '
            f'"bsonType": "{name}" instead ("type" takes {", ".join(known)})'
        )
    by_case = [alias for alias in known if alias.lower() == name.lower()]
    close = by_case or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"{json.dumps(name)}: did you mean {json.dumps(close[0])}? (type names are case-sensitive)"
    return f"{json.dumps(name)} is not a type name; {keyword} takes {', '.join(known)}"


def type_hints(schema: Mapping[str, Any]) -> dict[str, str]:
    """``{pointer of a type/bsonType keyword: hint}`` for every keyword naming an unknown type."""
    hints: dict[str, str] = {}
    for pointer, subschema in walk_schemas(schema):
        for keyword in ("type", "bsonType"):
            value = subschema.get(keyword)
            names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            found = [
                hint
                for hint in (name_hint(keyword, n) for n in names if isinstance(n, str))
                if hint
            ]
            if found:
                hints[pointer_join(pointer, keyword)] = "; ".join(dict.fromkeys(found))
    return hints
