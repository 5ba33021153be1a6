"""``x-noema.queries`` -> ``NamedQuery`` values with typed parameters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, cast

from noema_codegen.bson_registry import NUMERIC_ALIASES, bson_types_of
from noema_codegen.diagnostics import pointer_join
from noema_codegen.identifiers import parameter_name_problem, query_name_problem
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.fields import placeholders, template_to_field_path
from noema_codegen.ir.model import (
    Field,
    FilterTerm,
    NamedQuery,
    ParamRole,
    QueryOp,
    QueryParam,
    RangeOp,
    UpdateOp,
    UpdateTerm,
    ValueRef,
)

RANGE_OPS = ("$gt", "$gte", "$lt", "$lte")
RESERVED_PARAMS = frozenset({"self", "limit", "skip", "session", "cls", "after", "before"})
PYTHON_CONSTANT_TYPES: dict[type, tuple[str, ...]] = {
    bool: ("bool",),
    str: ("string",),
    int: NUMERIC_ALIASES,
    float: NUMERIC_ALIASES,
    type(None): ("null",),
}


class _QueryBuilder:
    def __init__(
        self, name: str, spec: Mapping[str, Any], ctx: CollectionContext, pointer: str
    ) -> None:
        self.name = name
        self.spec = spec
        self.ctx = ctx
        self.pointer = pointer
        self.params: dict[str, QueryParam] = {}

    def build(self) -> NamedQuery | None:
        before = len(self.ctx.diagnostics)
        op = cast(QueryOp, self.spec["op"])
        filter_terms = self._filter()
        sort = self._sort(op)
        update = self._update(op)
        if before != len(self.ctx.diagnostics) and any(
            d.severity.value == "error" for d in self.ctx.diagnostics[before:]
        ):
            return None
        return NamedQuery(
            name=self.name,
            op=op,
            description=str(self.spec.get("description", "")),
            filter=tuple(filter_terms),
            sort=tuple(sort),
            update=tuple(update),
            upsert=bool(self.spec.get("upsert", False)),
            params=tuple(self.params.values()),
            pointer=self.pointer,
        )

    def _field(self, path: str, pointer: str) -> Field | None:
        for placeholder in placeholders(path):
            self._add_param(
                QueryParam(placeholder, {"bsonType": "string"}, ("string",), False, "path"), pointer
            )
        field = self.ctx.resolve(template_to_field_path(path))
        if field is None:
            self.ctx.error(
                pointer,
                "query-field",
                f"query {self.name!r}: the schema has no field {path!r} "
                f"(known: {self.ctx.known_paths_hint(template_to_field_path(path))})",
            )
        elif "{}" in template_to_field_path(path) and not placeholders(path):
            self.ctx.error(
                pointer,
                "query-field",
                f"query {self.name!r}: use a {{name}} placeholder for map keys in {path!r}",
            )
        return field

    def _add_param(self, param: QueryParam, pointer: str) -> None:
        problem = parameter_name_problem(param.name)
        if param.name in RESERVED_PARAMS or problem is not None:
            reason = problem or f"parameter name {param.name!r} is reserved"
            self.ctx.error(pointer, "query-param", f"query {self.name!r}: {reason}; rename it")
        if param.name in self.params:
            self.ctx.error(
                pointer,
                "query-param",
                f"query {self.name!r}: parameter {param.name!r} is declared twice",
            )
        self.params[param.name] = param

    def _value(self, raw: Any, field: Field, role: ParamRole, pointer: str) -> ValueRef:
        if isinstance(raw, Mapping):
            optional = bool(raw.get("optional", False))
            if optional and role == "filter":
                self.ctx.error(
                    pointer,
                    "query-param",
                    f"query {self.name!r}: an equality parameter cannot be optional (the index would not serve "
                    "the query without it); make it required or a range",
                )
            schema = _param_schema(field, role)
            self._add_param(
                QueryParam(str(raw["param"]), schema, bson_types_of(schema), optional, role),
                pointer,
            )
            return ValueRef(param=str(raw["param"]))
        allowed = PYTHON_CONSTANT_TYPES.get(type(raw), ())
        if field.bson_types and not set(allowed) & set(field.bson_types):
            self.ctx.error(
                pointer,
                "query-constant",
                f"query {self.name!r}: constant {json.dumps(raw)} can never match field {field.path!r} "
                f"of type {'/'.join(field.bson_types)}",
            )
        enum = field.schema.get("enum")
        if isinstance(enum, list) and raw not in enum:
            self.ctx.error(
                pointer,
                "query-constant",
                f"query {self.name!r}: {json.dumps(raw)} is not one of the field's enum values {json.dumps(enum)}",
            )
        return ValueRef(constant=raw)

    def _filter(self) -> list[FilterTerm]:
        terms: list[FilterTerm] = []
        base = pointer_join(self.pointer, "filter")
        raw_filter: Mapping[str, Any] = self.spec["filter"]
        if not raw_filter and self.spec["op"] in ("update_one", "update_many"):
            self.ctx.error(
                base, "query-filter", f"query {self.name!r}: an update needs a non-empty filter"
            )
        for path, raw in raw_filter.items():
            pointer = pointer_join(base, path)
            field = self._field(path, pointer)
            if field is None:
                continue
            if isinstance(raw, Mapping) and "param" not in raw:
                for op, sub in raw.items():
                    value = self._value(sub, field, "range", pointer_join(pointer, op))
                    terms.append(FilterTerm(path, cast(RangeOp, op), value, field))
            else:
                terms.append(
                    FilterTerm(path, "$eq", self._value(raw, field, "filter", pointer), field)
                )
        return terms

    def _sort(self, op: QueryOp) -> list[tuple[str, int]]:
        raw: Mapping[str, int] = self.spec.get("sort", {})
        if raw and op not in ("find_one", "find_many"):
            self.ctx.error(
                pointer_join(self.pointer, "sort"),
                "query-sort",
                f"query {self.name!r}: only finds can sort",
            )
        for path in raw:
            self._field(path, pointer_join(self.pointer, "sort", path))
        return list(raw.items())

    def _update(self, op: QueryOp) -> list[UpdateTerm]:
        is_update = op in ("update_one", "update_many")
        present = [key for key in ("set", "unset", "inc") if key in self.spec]
        if is_update and not present:
            self.ctx.error(
                self.pointer,
                "query-update",
                f"query {self.name!r}: an update needs set, unset or inc",
            )
        if not is_update and (present or "upsert" in self.spec):
            self.ctx.error(
                self.pointer,
                "query-update",
                f"query {self.name!r}: {op} cannot have set/unset/inc/upsert",
            )
            return []
        terms: list[UpdateTerm] = []
        for key, mongo_op in (("set", "$set"), ("inc", "$inc")):
            for path, raw in self.spec.get(key, {}).items():
                pointer = pointer_join(self.pointer, key, path)
                field = self._field(path, pointer)
                if field is None:
                    continue
                if key == "inc" and not set(field.bson_types) & set(NUMERIC_ALIASES):
                    self.ctx.error(
                        pointer,
                        "query-update",
                        f"query {self.name!r}: cannot $inc non-numeric field {path!r}",
                    )
                terms.append(
                    UpdateTerm(
                        cast(UpdateOp, mongo_op),
                        path,
                        self._value(raw, field, "update", pointer),
                        field,
                    )
                )
        for position, path in enumerate(self.spec.get("unset", [])):
            pointer = pointer_join(self.pointer, "unset", position)
            field = self._field(path, pointer)
            if field is None:
                continue
            if field.required:
                self.ctx.error(
                    pointer,
                    "query-update",
                    f"query {self.name!r}: cannot $unset required field {path!r}",
                )
            terms.append(UpdateTerm("$unset", path, ValueRef(constant=""), field))
        return terms


def _param_schema(field: Field, role: ParamRole) -> dict[str, Any]:
    """What values a parameter carries: a comparison never takes null; an array compares elements."""
    schema = dict(field.schema)
    if role in ("filter", "range"):
        items = schema.get("items")
        if "array" in field.bson_types and isinstance(items, Mapping):
            schema = dict(items)
        raw = schema.get("bsonType")
        if isinstance(raw, list) and "null" in raw:
            remaining = [t for t in raw if t != "null"]
            schema["bsonType"] = remaining[0] if len(remaining) == 1 else remaining
        enum = schema.get("enum")
        if isinstance(enum, list) and None in enum:
            schema["enum"] = [v for v in enum if v is not None]
    return schema


def parse_queries(
    raw: Mapping[str, Mapping[str, Any]], ctx: CollectionContext, base: str
) -> tuple[NamedQuery, ...]:
    queries: list[NamedQuery] = []
    for name, spec in raw.items():
        problem = query_name_problem(name)
        if problem is not None:
            ctx.error(pointer_join(base, name), "query-name", problem)
            continue
        query = _QueryBuilder(name, spec, ctx, pointer_join(base, name)).build()
        if query is not None:
            queries.append(query)
    paged = {f"{q.name}_page": q.name for q in queries if q.op == "find_many"}
    for query in queries:
        if query.name in paged:
            ctx.error(
                pointer_join(base, query.name),
                "query-name",
                f"query name {query.name!r} would replace the paging method of the find_many "
                f"query {paged[query.name]!r}; rename the query",
            )
    return tuple(q for q in queries if q.name not in paged)
