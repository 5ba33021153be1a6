"""``x-noema.queries`` -> ``NamedQuery`` values with typed parameters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, cast

from noema_codegen.bson_registry import NUMERIC_ALIASES, bson_types_of
from noema_codegen.diagnostics import pointer_join
from noema_codegen.identifiers import parameter_name_problem, query_name_problem
from noema_codegen.ir.context import CollectionContext
from noema_codegen.ir.declarations import Declarations
from noema_codegen.ir.fields import MAP_SEGMENT, placeholders, template_to_field_path
from noema_codegen.ir.model import (
    Field,
    FilterTerm,
    NamedQuery,
    ParamRole,
    QueryOp,
    QueryParam,
    RangeOp,
    Returning,
    Timestamps,
    ValueRef,
)
from noema_codegen.ir.query_updates import UpdateParser, positional_identifiers

RANGE_OPS = ("$gt", "$gte", "$lt", "$lte")
CONDITION_OPS = (*RANGE_OPS, "$ne", "$exists")
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
        self,
        name: str,
        spec: Mapping[str, Any],
        ctx: CollectionContext,
        pointer: str,
        declared: Declarations,
    ) -> None:
        self.name = name
        self.spec = spec
        self.ctx = ctx
        self.pointer = pointer
        self.declared = declared
        self.params: dict[str, QueryParam] = {}

    def build(self) -> NamedQuery | None:
        before = len(self.ctx.diagnostics)
        op = cast(QueryOp, self.spec["op"])
        filter_terms = self._filter()
        sort = self._sort(op)
        updates = UpdateParser(self, op)
        update = updates.update_terms()
        array_filters = updates.array_filters(update)
        document = updates.document_terms()
        guards = updates.guards(update, filter_terms)
        returning = self._returning(op)
        query = NamedQuery(
            name=self.name,
            op=op,
            description=str(self.spec.get("description", "")),
            serves=str(self.spec.get("serves", "")),
            filter=tuple(filter_terms),
            sort=tuple(sort),
            update=tuple(update),
            upsert=bool(self.spec.get("upsert", False)),
            params=tuple(self.params.values()),
            pointer=self.pointer,
            array_filters=array_filters,
            returning=returning,
            guards=guards,
            document=document,
        )
        normalised = updates.normalised(query)
        if before != len(self.ctx.diagnostics) and any(
            d.severity.value == "error" for d in self.ctx.diagnostics[before:]
        ):
            return None
        return replace(query, normalised=normalised)

    def _returning(self, op: QueryOp) -> Returning | None:
        raw = self.spec.get("returning")
        if raw is not None and op != "update_one":
            self.ctx.error(
                pointer_join(self.pointer, "returning"),
                "query-update",
                f"query {self.name!r}: only update_one can return the document (returning)",
            )
        return cast(Returning | None, raw)

    def field(self, path: str, pointer: str) -> Field | None:
        for placeholder in placeholders(path):
            self.add_param(
                QueryParam(placeholder, {"bsonType": "string"}, ("string",), False, "path"), pointer
            )
        resolved = template_to_field_path(_strip_positional(path))
        field = self.ctx.resolve(resolved) or self._free_form(resolved)
        if field is None:
            self.ctx.error(
                pointer,
                "query-field",
                f"query {self.name!r}: the schema has no field {path!r} "
                f"(known: {self.ctx.known_paths_hint(resolved)})",
            )
        elif "{}" in resolved and not placeholders(path):
            self.ctx.error(
                pointer,
                "query-field",
                f"query {self.name!r}: use a {{name}} placeholder for map keys in {path!r}",
            )
        return field

    def _free_form(self, path: str) -> Field | None:
        """A key under an object whose schema admits any properties
        (``additionalProperties: true``): a value of any type."""
        parent_path, _, last = path.rpartition(".")
        parent = self.ctx.resolve(parent_path) if parent_path else None
        if (
            parent is None
            or last != MAP_SEGMENT
            or parent.schema.get("additionalProperties") is not True
        ):
            return None
        return Field(path, {}, (), False, parent.in_array)

    def add_param(self, param: QueryParam, pointer: str) -> None:
        problem = parameter_name_problem(param.name)
        if param.name in RESERVED_PARAMS or problem is not None:
            reason = problem or f"parameter name {param.name!r} is reserved"
            self.ctx.error(pointer, "query-param", f"query {self.name!r}: {reason}; rename it")
        known = self.params.get(param.name)
        if known is not None and (known.schema, known.optional) == (param.schema, param.optional):
            return
        if known is not None:
            self.ctx.error(
                pointer,
                "query-param",
                f"query {self.name!r}: parameter {param.name!r} is used twice for values of "
                "different types; give each its own name",
            )
        self.params[param.name] = param

    def value(self, raw: Any, field: Field, role: ParamRole, pointer: str) -> ValueRef:
        if isinstance(raw, Mapping) and "now" in raw:
            if role != "update" or "date" not in field.bson_types:
                self.ctx.error(
                    pointer,
                    "query-constant",
                    f'query {self.name!r}: {{"now": true}} is only for writing a date field',
                )
            return ValueRef(now=True)
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
            transition = self.declared.transition_of(field.path)
            if role == "update" and transition is not None:
                schema = {**schema, "enum": list(transition.reachable)}
            self.add_param(
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
        base = pointer_join(self.pointer, "filter")
        raw_filter: Mapping[str, Any] = self.spec.get("filter", {})
        if self.spec["op"] == "insert_one":
            if "filter" in self.spec:
                self.ctx.error(
                    base, "query-filter", f"query {self.name!r}: insert_one takes no filter"
                )
            return []
        if "filter" not in self.spec:
            self.ctx.error(base, "query-filter", f"query {self.name!r}: declare a filter")
            return []
        if not raw_filter and self.spec["op"] in ("update_one", "update_many"):
            self.ctx.error(
                base, "query-filter", f"query {self.name!r}: an update needs a non-empty filter"
            )
        return self.conditions(raw_filter, "", base)

    def conditions(self, raw: Mapping[str, Any], prefix: str, base: str) -> list[FilterTerm]:
        """Filter terms of ``raw``; ``prefix`` is the array a ``$elemMatch`` ranges over
        (term paths stay relative to it)."""
        terms: list[FilterTerm] = []
        for path, value in raw.items():
            pointer = pointer_join(base, path)
            field = self.field(f"{prefix}.{path}" if prefix else path, pointer)
            if field is None:
                continue
            if isinstance(value, Mapping) and "$elemMatch" in value:
                terms.append(self._elem_match(path, value, field, prefix, pointer))
            elif isinstance(value, Mapping) and "param" not in value:
                for op, sub in value.items():
                    where = pointer_join(pointer, op)
                    if op not in CONDITION_OPS:
                        self.ctx.error(
                            where,
                            "query-filter",
                            f"query {self.name!r}: {op!r} is not a condition named queries "
                            f"support ({', '.join(CONDITION_OPS)}, $elemMatch)",
                        )
                        continue
                    terms.append(self._condition(path, op, sub, field, where))
            else:
                terms.append(
                    FilterTerm(path, "$eq", self.value(value, field, "filter", pointer), field)
                )
        return terms

    def _elem_match(
        self, path: str, raw: Mapping[str, Any], field: Field, prefix: str, pointer: str
    ) -> FilterTerm:
        full = f"{prefix}.{path}" if prefix else path
        if "array" not in field.bson_types or len(raw) != 1:
            self.ctx.error(
                pointer,
                "query-filter",
                f"query {self.name!r}: $elemMatch needs an array field and no other operator "
                f"({full!r} is {'/'.join(field.bson_types) or 'untyped'})",
            )
        elements = self.conditions(raw["$elemMatch"], full, pointer_join(pointer, "$elemMatch"))
        return FilterTerm(path, "$elemMatch", ValueRef(), field, tuple(elements))

    def _condition(self, path: str, op: str, raw: Any, field: Field, pointer: str) -> FilterTerm:
        if op == "$exists":
            if not isinstance(raw, bool):
                self.ctx.error(
                    pointer, "query-filter", f"query {self.name!r}: $exists takes true or false"
                )
            return FilterTerm(path, "$exists", ValueRef(constant=bool(raw)), field)
        role: ParamRole = "filter" if op == "$ne" else "range"
        return FilterTerm(path, cast(RangeOp, op), self.value(raw, field, role, pointer), field)

    def _sort(self, op: QueryOp) -> list[tuple[str, int]]:
        raw: Mapping[str, int] = self.spec.get("sort", {})
        if raw and op not in ("find_one", "find_many"):
            self.ctx.error(
                pointer_join(self.pointer, "sort"),
                "query-sort",
                f"query {self.name!r}: only finds can sort",
            )
        for path in raw:
            self.field(path, pointer_join(self.pointer, "sort", path))
        return list(raw.items())


def _strip_positional(path: str) -> str:
    """``wallets.$[w].isPrimary`` -> ``wallets.isPrimary`` (arrays are transparent in field paths)."""
    return ".".join(
        seg
        for seg in path.split(".")
        if seg not in {f"$[{i}]" for i in positional_identifiers(path)}
    )


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
    raw: Mapping[str, Mapping[str, Any]],
    ctx: CollectionContext,
    base: str,
    declared: Declarations | None = None,
) -> tuple[NamedQuery, ...]:
    """``declared``: the collection's primary key, timestamps, append-only flag, transitions
    and normalisations (none when omitted)."""
    declared = declared or Declarations("_id", Timestamps(), False, (), ())
    queries: list[NamedQuery] = []
    for name, spec in raw.items():
        problem = query_name_problem(name)
        if problem is not None:
            ctx.error(pointer_join(base, name), "query-name", problem)
            continue
        query = _QueryBuilder(name, spec, ctx, pointer_join(base, name), declared).build()
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
