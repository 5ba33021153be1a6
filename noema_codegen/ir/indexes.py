"""``x-noema.indexes`` -> ``IndexSpec`` values, with MongoDB's own restrictions checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from noema_codegen.diagnostics import pointer_join
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.model import IndexSpec

PARTIAL_FILTER_OPERATORS = frozenset(
    {"$exists", "$gt", "$gte", "$lt", "$lte", "$type", "$eq", "$in"}
)


def default_index_name(keys: Mapping[str, Any], prefix: str) -> str:
    """MongoDB's default name (``a_1_b_-1``) with the ownership prefix."""
    parts = [f"{name}_{direction}" for name, direction in keys.items()]
    return prefix + "_".join(parts)


def parse_indexes(
    raw: list[Mapping[str, Any]], ctx: CollectionContext, base: str
) -> tuple[IndexSpec, ...]:
    specs: list[IndexSpec] = []
    seen_names: dict[str, str] = {}
    seen_keys: dict[tuple[Any, ...], str] = {}
    for position, entry in enumerate(raw):
        pointer = pointer_join(base, position)
        keys: Mapping[str, Any] = entry["keys"]
        name = str(entry.get("name") or default_index_name(keys, ctx.index_prefix))
        if not name.startswith(ctx.index_prefix):
            ctx.error(
                pointer_join(pointer, "name"),
                "index-name",
                f"index name {name!r} must start with {ctx.index_prefix!r}: that prefix marks the indexes "
                "noema-codegen owns (the only ones it may rebuild or prune); rename it",
            )
        if name in seen_names:
            ctx.error(
                pointer_join(pointer, "name"),
                "index-duplicate",
                f"index name {name!r} is already used at {seen_names[name]}",
            )
        seen_names[name] = pointer
        _check_keys(keys, ctx, pointer_join(pointer, "keys"))
        identity = (
            tuple(keys.items()),
            repr(entry.get("collation")),
            repr(entry.get("partialFilterExpression")),
        )
        if identity in seen_keys:
            ctx.error(
                pointer_join(pointer, "keys"),
                "index-duplicate",
                f"same key pattern as the index at {seen_keys[identity]}: MongoDB refuses two indexes that differ only by name",
            )
        seen_keys[identity] = pointer
        spec = IndexSpec(
            name=name,
            keys=tuple((field, direction) for field, direction in keys.items()),
            unique=bool(entry.get("unique", False)),
            sparse=bool(entry.get("sparse", False)),
            partial_filter=entry.get("partialFilterExpression"),
            expire_after_seconds=entry.get("expireAfterSeconds"),
            collation=entry.get("collation"),
            pointer=pointer,
        )
        _check_options(spec, ctx, pointer)
        specs.append(spec)
    return tuple(specs)


def _check_keys(keys: Mapping[str, Any], ctx: CollectionContext, pointer: str) -> None:
    wildcard = [name for name in keys if name == "$**" or name.endswith(".$**")]
    if (
        wildcard
        and len(keys) > 1
        and any(d in ("text", "hashed", "2d", "2dsphere") for d in keys.values())
    ):
        ctx.error(
            pointer, "index-keys", "a wildcard index cannot be combined with special index types"
        )
    for name in keys:
        key_pointer = pointer_join(pointer, name)
        if name == "$**":
            continue
        path = name.removesuffix(".$**")
        if ctx.resolve(path) is None:
            ctx.error(
                key_pointer,
                "index-field",
                f"index key {name!r}: the schema has no field {path!r} (known: {ctx.known_paths_hint(path)}); "
                "declare the field under properties or fix the path",
            )


def _check_options(spec: IndexSpec, ctx: CollectionContext, pointer: str) -> None:
    if spec.unique and spec.is_wildcard:
        ctx.error(
            pointer_join(pointer, "unique"),
            "index-options",
            "MongoDB cannot build a unique wildcard index",
        )
    if spec.sparse and spec.partial_filter is not None:
        ctx.error(
            pointer_join(pointer, "sparse"),
            "index-options",
            "MongoDB rejects sparse together with partialFilterExpression: keep only the partial filter",
        )
    if spec.expire_after_seconds is not None:
        if len(spec.keys) != 1:
            ctx.error(
                pointer_join(pointer, "expireAfterSeconds"),
                "index-ttl",
                "a TTL index must have exactly one key",
            )
        else:
            field = ctx.resolve(spec.keys[0][0])
            if field is not None and "date" not in field.bson_types:
                ctx.warning(
                    pointer_join(pointer, "expireAfterSeconds"),
                    "index-ttl",
                    f"TTL on {spec.keys[0][0]!r}, which is not a date: MongoDB never expires such documents",
                )
    if spec.partial_filter is not None:
        _check_partial_filter(
            spec.partial_filter, ctx, pointer_join(pointer, "partialFilterExpression")
        )


def _check_partial_filter(
    expression: Mapping[str, Any], ctx: CollectionContext, pointer: str
) -> None:
    for key, condition in expression.items():
        key_pointer = pointer_join(pointer, key)
        if key == "$and" and isinstance(condition, list):
            for position, sub in enumerate(condition):
                if isinstance(sub, Mapping):
                    _check_partial_filter(sub, ctx, pointer_join(key_pointer, position))
            continue
        if key.startswith("$"):
            ctx.error(
                key_pointer,
                "index-partial-filter",
                f"operator {key!r} is not allowed at the top of a partial filter",
            )
            continue
        if ctx.resolve(key) is None:
            ctx.error(
                key_pointer,
                "index-field",
                f"partial filter on {key!r}: the schema has no such field",
            )
        if isinstance(condition, Mapping):
            for op in condition:
                if op not in PARTIAL_FILTER_OPERATORS:
                    ctx.error(
                        pointer_join(key_pointer, op),
                        "index-partial-filter",
                        f"operator {op!r} is not supported in partialFilterExpression "
                        f"(supported: {', '.join(sorted(PARTIAL_FILTER_OPERATORS))})",
                    )
