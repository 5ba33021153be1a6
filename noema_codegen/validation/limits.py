"""How large a schema the engine compiles: the nesting limit.

MongoDB bounds the nesting of BSON it accepts: ``BSONDepth::kDefaultMaxAllowableDepth`` = 200 levels
for any BSON the server parses (commands included), and 180 for user documents it stores
(``getMaxDepthForUserStorage``: 200 minus ``kExtraSystemDepthLevels`` = 20), see
``src/mongo/bson/bson_depth.h`` and ``src/mongo/bson/bson_validate.cpp``; its documentation promises
100 levels. The engine compiles schemas nested at most :data:`MAX_SCHEMA_DEPTH` levels deep (the
schema object is level 1, every nested object or array one more) and refuses deeper ones with a
:class:`~noema_codegen.validation.errors.SchemaError`, before parsing: that keeps the parser, the
code generator and the error walker (all recursive, a few Python frames per level) well inside
Python's recursion limit. A schema between 101 and about 198 levels that the server would accept is
therefore refused here; no real validator comes near that.
"""

from __future__ import annotations

from typing import Any, Final

from noema_codegen.diagnostics import pointer_join
from noema_codegen.validation import bson_types as bt

MAX_SCHEMA_DEPTH: Final = 100


def first_too_deep(value: Any, limit: int = MAX_SCHEMA_DEPTH) -> str | None:
    """JSON pointer of the first object or array nested deeper than ``limit`` levels (the value
    itself is level 1), or None. Iterative: safe on any depth (and on cycles, which exceed it)."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        current, pointer, depth = stack.pop()
        code = bt.type_code(current)
        if code == bt.OBJECT:
            children: list[tuple[str | int, Any]] = [
                (str(k), v) for k, v in bt.as_mapping(current).items()
            ]
        elif code == bt.ARRAY:
            children = list(enumerate(current))
        else:
            continue
        if depth > limit:
            return pointer
        for token, child in reversed(children):
            stack.append((child, pointer_join(pointer, token), depth + 1))
    return None
