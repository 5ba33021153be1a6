"""The write side of a named query: update operators, array filters, the inserted document,
state-transition guards and value normalisation (docs/schema-extensions.md "Named queries").

Every check here answers "would the server do what the declaration says?" before any code
is generated: paths exist, operators meet fields of the right type (``$inc`` numbers,
``$push`` arrays), a ``$[identifier]`` is declared in ``array_filters`` and used, an insert
supplies every required field the repository does not stamp.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from noema_codegen.bson_registry import NUMERIC_ALIASES, bson_types_of
from noema_codegen.diagnostics import pointer_join
from noema_codegen.ir.model import (
    ArrayFilter,
    ElementValue,
    Field,
    FilterTerm,
    NamedQuery,
    Normalisation,
    ParamRole,
    QueryOp,
    Transition,
    UpdateOp,
    UpdateTerm,
    ValueRef,
)

if TYPE_CHECKING:
    from noema_codegen.ir.queries import _QueryBuilder

VALUE_KEYS: tuple[tuple[str, UpdateOp], ...] = (
    ("set", "$set"),
    ("inc", "$inc"),
    ("min", "$min"),
    ("max", "$max"),
    ("set_on_insert", "$setOnInsert"),
)
ARRAY_KEYS: tuple[tuple[str, UpdateOp], ...] = (
    ("push", "$push"),
    ("add_to_set", "$addToSet"),
    ("pull", "$pull"),
)
UPDATE_KEYS = tuple(key for key, _ in VALUE_KEYS + ARRAY_KEYS) + ("unset",)
"""Spec keys that make an update (the MongoDB update operators, snake_case)."""
_POSITIONAL = re.compile(r"^\$\[([a-z][a-zA-Z0-9]*)\]$")
ORDERED_TYPES = (*NUMERIC_ALIASES, "date", "string", "timestamp")


def positional_identifiers(path: str) -> list[str]:
    """``wallets.$[w].isPrimary`` -> ``["w"]``."""
    return [m.group(1) for seg in path.split(".") if (m := _POSITIONAL.match(seg))]


def element_schema(field: Field) -> dict[str, Any]:
    items = field.schema.get("items")
    return dict(items) if isinstance(items, Mapping) else {}


class UpdateParser:
    def __init__(self, builder: _QueryBuilder, op: QueryOp) -> None:
        self.b = builder
        self.op = op
        self.spec = builder.spec
        self.is_update = op in ("update_one", "update_many")

    def _error(self, pointer: str, message: str, rule: str = "query-update") -> None:
        self.b.ctx.error(pointer, rule, f"query {self.b.name!r}: {message}")

    # -- operators ------------------------------------------------------------------

    def update_terms(self) -> list[UpdateTerm]:
        present = [key for key in UPDATE_KEYS if key in self.spec]
        if self.is_update and not present:
            self._error(self.b.pointer, "an update needs one of " + ", ".join(UPDATE_KEYS))
        extra = [k for k in ("upsert", "array_filters") if k in self.spec]
        if not self.is_update and (present or extra):
            self._error(self.b.pointer, f"{self.op} cannot have {', '.join(present + extra)}")
            return []
        if self.is_update and self.b.declared.append_only:
            self._error(
                self.b.pointer,
                "the collection is append-only (x-noema.appendOnly): declare no update queries",
                "append-only",
            )
        if "set_on_insert" in self.spec and not self.spec.get("upsert", False):
            self._error(
                pointer_join(self.b.pointer, "set_on_insert"),
                "set_on_insert only acts when the update inserts; add upsert: true",
            )
        terms: list[UpdateTerm] = []
        for key, op in VALUE_KEYS:
            for path, raw in self.spec.get(key, {}).items():
                term = self._value_term(key, op, path, raw)
                if term is not None:
                    terms.append(term)
        for key, op in ARRAY_KEYS:
            for path, raw in self.spec.get(key, {}).items():
                term = self._array_term(key, op, path, raw)
                if term is not None:
                    terms.append(term)
        for position, path in enumerate(self.spec.get("unset", [])):
            pointer = pointer_join(self.b.pointer, "unset", position)
            field = self.b.field(path, pointer)
            if field is None:
                continue
            if field.required:
                self._error(pointer, f"cannot $unset required field {path!r}")
            terms.append(UpdateTerm("$unset", path, ValueRef(constant=""), field))
        return terms

    def _value_term(self, key: str, op: UpdateOp, path: str, raw: Any) -> UpdateTerm | None:
        pointer = pointer_join(self.b.pointer, key, path)
        field = self.b.field(path, pointer)
        if field is None:
            return None
        if op == "$inc" and not set(field.bson_types) & set(NUMERIC_ALIASES):
            self._error(pointer, f"cannot $inc non-numeric field {path!r}")
        if op in ("$min", "$max") and not set(field.bson_types) & set(ORDERED_TYPES):
            self._error(pointer, f"{op} needs a number, date or string field; {path!r} is not")
        return UpdateTerm(op, path, self.b.value(raw, field, "update", pointer), field)

    def _array_term(self, key: str, op: UpdateOp, path: str, raw: Any) -> UpdateTerm | None:
        pointer = pointer_join(self.b.pointer, key, path)
        field = self.b.field(path, pointer)
        if field is None:
            return None
        if "array" not in field.bson_types:
            self._error(
                pointer,
                f"{op} needs an array field; {path!r} is {'/'.join(field.bson_types) or 'untyped'}",
            )
            return None
        element = _as_element_field(field)
        if isinstance(raw, Mapping) and ("element" in raw or "match" in raw):
            fields_key = "match" if op == "$pull" else "element"
            if fields_key not in raw:
                self._error(pointer, f"{key} takes {fields_key!r} to describe the element")
                return None
            values = self._element_values(
                field, raw[fields_key], op, pointer_join(pointer, fields_key)
            )
            modifiers = self._modifiers(op, raw, field, pointer)
            return UpdateTerm(op, path, ValueRef(), field, tuple(values), modifiers)
        role: ParamRole = "filter" if op == "$pull" else "update"
        return UpdateTerm(op, path, self.b.value(raw, element, role, pointer), field)

    def _element_values(
        self, array: Field, raw: Mapping[str, Any], op: UpdateOp, pointer: str
    ) -> list[ElementValue]:
        schema = element_schema(array)
        if "object" not in bson_types_of(schema):
            self._error(pointer, f"the elements of {array.path!r} are not objects; give a value")
            return []
        values: list[ElementValue] = []
        role: ParamRole = "filter" if op == "$pull" else "update"
        for name, sub in raw.items():
            field = self.b.field(f"{array.path}.{name}", pointer_join(pointer, name))
            if field is not None:
                values.append(
                    ElementValue(
                        name, self.b.value(sub, field, role, pointer_join(pointer, name)), field
                    )
                )
        if op != "$pull":
            required = schema.get("required", [])
            given = set(raw)
            properties = schema.get("properties", {})
            for name in required if isinstance(required, list) else []:
                default = (
                    properties.get(name, {}).get("default")
                    if isinstance(properties, Mapping)
                    else None
                )
                if name not in given and default is None:
                    self._error(
                        pointer,
                        f"element field {array.path}.{name} is required by the schema; give it a "
                        'value, a parameter or {"now": true}',
                    )
            for name, sub in properties.items() if isinstance(properties, Mapping) else ():
                if name not in given and isinstance(sub, Mapping) and "default" in sub:
                    field = self.b.ctx.resolve(f"{array.path}.{name}")
                    if field is not None:
                        values.append(ElementValue(name, ValueRef(constant=sub["default"]), field))
        return values

    def _modifiers(
        self, op: UpdateOp, raw: Mapping[str, Any], field: Field, pointer: str
    ) -> tuple[tuple[str, Any], ...]:
        found: list[tuple[str, Any]] = []
        for key in ("slice", "sort"):
            if key not in raw:
                continue
            if op != "$push":
                self._error(pointer_join(pointer, key), f"{key} is only for push")
                continue
            if key == "sort":
                for name in raw["sort"]:
                    self.b.field(f"{field.path}.{name}", pointer_join(pointer, "sort", name))
                found.append(("$sort", dict(raw["sort"])))
            else:
                found.append(("$slice", int(raw["slice"])))
        return tuple(found)

    # -- $[identifier] ----------------------------------------------------------------

    def array_filters(self, terms: list[UpdateTerm]) -> tuple[ArrayFilter, ...]:
        used: dict[str, str] = {}
        for term in terms:
            segments = term.path.split(".")
            for position, segment in enumerate(segments):
                match = _POSITIONAL.match(segment)
                if match:
                    used[match.group(1)] = ".".join(
                        s for s in segments[:position] if not _POSITIONAL.match(s)
                    )
        declared: Mapping[str, Mapping[str, Any]] = self.spec.get("array_filters", {})
        base = pointer_join(self.b.pointer, "array_filters")
        for identifier in used:
            if identifier not in declared:
                self._error(
                    self.b.pointer,
                    f"$[{identifier}] is used in an update path but not declared in array_filters",
                )
        filters: list[ArrayFilter] = []
        for identifier, raw in declared.items():
            pointer = pointer_join(base, identifier)
            if identifier not in used:
                self._error(
                    pointer, f"array filter {identifier!r} is not used by any $[{identifier}] path"
                )
                continue
            array = used[identifier]
            conditions = self.b.conditions(raw, array, pointer)
            filters.append(ArrayFilter(identifier, array, tuple(conditions)))
        return tuple(filters)

    # -- insert_one -------------------------------------------------------------------

    def document_terms(self) -> tuple[UpdateTerm, ...]:
        raw: Mapping[str, Any] = self.spec.get("document", {})
        pointer = pointer_join(self.b.pointer, "document")
        if self.op != "insert_one":
            if "document" in self.spec:
                self._error(pointer, "only insert_one takes a document")
            return ()
        terms: list[UpdateTerm] = []
        for path, value in raw.items():
            where = pointer_join(pointer, path)
            field = self.b.field(path, where)
            if field is None:
                continue
            if "." in path:
                self._error(where, f"name top-level fields in a document ({path!r} is nested)")
            terms.append(
                UpdateTerm("$set", path, self.b.value(value, field, "update", where), field)
            )
        declared = self.b.declared
        stamped = {
            "_id",
            declared.primary_key,
            declared.timestamps.created_at,
            declared.timestamps.updated_at,
        }
        for candidate in self.b.ctx.fields:
            if "." in candidate.path or not candidate.required or candidate.path in raw:
                continue
            if candidate.path in stamped or "default" in candidate.schema:
                continue
            self._error(
                pointer,
                f"required field {candidate.path!r} is neither in the document nor stamped by the "
                "repository (primary key, timestamps); add it",
            )
        key = self.b.ctx.resolve(declared.primary_key)
        if key is not None and declared.primary_key not in raw and "objectId" not in key.bson_types:
            self._error(
                pointer,
                f"the primary key {declared.primary_key!r} is not an objectId, so the repository "
                "cannot stamp it; put it in the document",
            )
        for name, default in _defaults(self.b.ctx.fields, raw):
            found = self.b.ctx.resolve(name)
            if found is not None:
                terms.append(UpdateTerm("$set", name, ValueRef(constant=default), found))
        return tuple(terms)

    # -- transitions and normalisation ------------------------------------------------

    def guards(
        self, terms: list[UpdateTerm], filter_terms: list[FilterTerm]
    ) -> tuple[tuple[Transition, ValueRef], ...]:
        guards: list[tuple[Transition, ValueRef]] = []
        for term in terms:
            transition = self.b.declared.transition_of(term.path)
            if transition is None or term.op not in ("$set", "$unset"):
                continue
            pointer = pointer_join(self.b.pointer, "set", term.path)
            if term.op == "$unset":
                self._error(pointer, f"{term.path!r} has declared transitions; it cannot be unset")
                continue
            if self.spec.get("upsert", False):
                self._error(
                    pointer_join(self.b.pointer, "upsert"),
                    f"{term.path!r} has declared transitions: an upsert whose guard fails would "
                    "insert a second document instead of refusing; remove upsert",
                    "transitions",
                )
            if any(t.path == term.path for t in filter_terms):
                self._error(
                    pointer_join(self.b.pointer, "filter", term.path),
                    f"{term.path!r} has declared transitions: the update's filter admits only "
                    "allowed predecessors already; remove the condition",
                    "transitions",
                )
            constant = term.value.constant
            if not term.value.is_param and not transition.allowed_from(str(constant)):
                self._error(
                    pointer,
                    f"no declared transition leads to {constant!r}; it is an initial state",
                    "transitions",
                )
            guards.append((transition, term.value))
        return tuple(guards)

    def normalised(self, query: NamedQuery) -> tuple[tuple[str, Normalisation, ValueRef], ...]:
        bindings = _bindings(query)
        found: dict[str, tuple[str, Normalisation, ValueRef]] = {}
        for path, value in bindings:
            rule = self.b.declared.normalisation_of(path)
            if rule is None or value.param is None or value.param in found:
                continue
            when = next((v for p, v in bindings if p == rule.when_field), None)
            if when is None:
                self._error(
                    self.b.pointer,
                    f"{path!r} is normalised by {rule.when_field!r} (x-noema.normalise): "
                    f"bind {rule.when_field!r} in this query too",
                    "normalise",
                )
                continue
            found[value.param] = (value.param, rule, when)
        return tuple(found.values())


def _as_element_field(field: Field) -> Field:
    schema = element_schema(field)
    return Field(field.path, schema, bson_types_of(schema), True, True)


def _defaults(fields: tuple[Field, ...], given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [
        (f.path, f.schema["default"])
        for f in fields
        if "." not in f.path and "default" in f.schema and f.path not in given
    ]


def _bindings(query: NamedQuery) -> list[tuple[str, ValueRef]]:
    """Every (schema field path, value) a query compares or writes."""
    out: list[tuple[str, ValueRef]] = []

    def conditions(terms: tuple[FilterTerm, ...]) -> None:
        for term in terms:
            out.append((term.field.path, term.value))
            conditions(term.elements)

    conditions(query.filter)
    for array_filter in query.array_filters:
        conditions(array_filter.conditions)
    for term in (*query.update, *query.document):
        out.append((term.field.path, term.value))
        for element in term.element or ():
            out.append((element.field.path, element.value))
    return out
