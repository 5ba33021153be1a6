"""``x-noema.renamedFrom``: fields renamed since an earlier version of the schema.

``{"<new field path>": "<old field path>"}``. It changes nothing the server receives or the
code generates; ``diff`` reads it so a renamed field is reported as a rename (and a
``$rename`` migration proposed) rather than as a removal plus an addition.
"""

from __future__ import annotations

from collections.abc import Mapping

from noema_codegen.diagnostics import pointer_join
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.fields import MAP_SEGMENT


def parse_renames(
    raw: Mapping[str, str], ctx: CollectionContext, pointer: str
) -> tuple[tuple[str, str], ...]:
    """``(new path, old path)`` pairs; an error for a new path that is not a field, an old path
    that still is one, a map segment, or two fields renamed from the same old path."""
    renames: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for new, old in raw.items():
        where = pointer_join(pointer, new)
        if ctx.resolve(new) is None:
            ctx.error(
                where,
                "rename",
                f"renamedFrom names {new!r}, which is not a field of this schema "
                f"(known: {ctx.known_paths_hint(new)}): key by the new field path",
            )
        elif ctx.resolve(old) is not None:
            ctx.error(
                where,
                "rename",
                f"{new!r} is declared renamed from {old!r}, which is still a field: remove "
                "the old field from properties, or the renamedFrom entry",
            )
        elif MAP_SEGMENT in new.split(".") or MAP_SEGMENT in old.split(".") or old == new:
            ctx.error(where, "rename", "a rename maps one named field path to another")
        elif old in seen:
            ctx.error(where, "rename", f"{old!r} is already renamed to {seen[old]!r}")
        else:
            seen[old] = new
            renames.append((new, old))
    return tuple(renames)
