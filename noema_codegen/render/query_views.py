"""Named queries -> one typed view object per operation kind; each kind has a macro in
``templates/repositories/queries.py.j2`` that prints its query builder and its methods.

A view holds the Python expressions of its parts (a key, a value) and the statements are
laid out by the macro. What a view's code imports is collected on the view
(``imports``: ``(module, name)`` pairs), never found by searching rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from noema_codegen.identifiers import attribute_name
from noema_codegen.ir.fields import MAP_SEGMENT, placeholders
from noema_codegen.ir.model import (
    ArrayFilter,
    ElementValue,
    FilterTerm,
    NamedQuery,
    QueryParam,
    Transition,
    UpdateTerm,
    ValueRef,
)
from noema_codegen.render.python_types import TypeWriter

CORE = "._runtime.repository_core"
VALUES = "._runtime.query_values"
Import = tuple[str, str]


@dataclass(frozen=True)
class ParamView:
    name: str
    annotation: str
    optional: bool

    @property
    def signature(self) -> str:
        return (
            f"{self.name}: {self.annotation} | None = None"
            if self.optional
            else f"{self.name}: {self.annotation}"
        )


@dataclass(frozen=True)
class Entry:
    """``<container>[<key>] = <value>``, skipped when the optional parameter ``guard`` is None."""

    key: str
    value: str
    guard: str | None = None


@dataclass(frozen=True)
class RangeGroup:
    """Range conditions on one path, collected in ``variable`` and added when any is given."""

    variable: str
    key: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class UpdateEntry:
    operator: str
    entry: Entry


@dataclass
class QueryMethodView:
    """What every named query prints: parameters, the filter it builds, its imports."""

    kind: ClassVar[str] = ""
    name: str
    description: str
    params: list[ParamView]
    prelude: list[str]
    """Statements before the filter (normalising parameters, taking the time once)."""
    filter: list[Entry]
    ranges: list[RangeGroup]
    imports: set[Import] = field(default_factory=set)

    @property
    def builder(self) -> str:
        return f"_{self.name}_query"

    @property
    def arguments(self) -> str:
        return ", ".join(p.name for p in self.params)

    @property
    def signature(self) -> str:
        return ", ".join(p.signature for p in self.params)


@dataclass
class FindOneView(QueryMethodView):
    kind: ClassVar[str] = "find_one"
    sort: str = "None"


@dataclass
class FindManyView(QueryMethodView):
    kind: ClassVar[str] = "find_many"
    sort: str = "None"


@dataclass
class CountView(QueryMethodView):
    kind: ClassVar[str] = "count"


@dataclass
class UpdateView(QueryMethodView):
    kind: ClassVar[str] = "update"
    many: bool = False
    upsert: bool = False
    returning: str | None = None
    updates: list[UpdateEntry] = field(default_factory=list)
    array_filters: list[list[Entry]] = field(default_factory=list)


@dataclass
class InsertView(QueryMethodView):
    kind: ClassVar[str] = "insert"
    document: list[Entry] = field(default_factory=list)


def query_view(query: NamedQuery, writer: TypeWriter) -> QueryMethodView:
    expressions = _Expressions()
    params = sorted((_param_view(p, writer) for p in query.params), key=lambda p: p.optional)
    optional = {p.name for p in params if p.optional}
    prelude = [
        f"{param} = lower_when({param}, {expressions.value(when)}, {rule.when_in!r})"
        for param, rule, when in query.normalised
    ]
    if query.normalised:
        expressions.imports.add((VALUES, "lower_when"))
    filter_entries, ranges = _filter(query.filter, optional, expressions)
    filter_entries += [_guard(t, v, expressions) for t, v in query.guards]
    common: dict[str, Any] = {
        "name": query.name,
        "description": query.description,
        "params": params,
        "prelude": prelude,
        "filter": filter_entries,
        "ranges": ranges,
    }
    sort = repr(list(query.sort)) if query.sort else "None"
    view: QueryMethodView
    if query.op == "find_one":
        view = FindOneView(**common, sort=sort)
    elif query.op == "find_many":
        order = list(query.sort)
        if order and all(name != "_id" for name, _ in order):
            order.append(("_id", order[-1][1]))  # a total order: ties (same millisecond) by _id
        view = FindManyView(**common, sort=repr(order) if order else "None")
    elif query.op == "count":
        view = CountView(**common)
    elif query.op == "insert_one":
        document = [_top_entry(t, optional, expressions) for t in query.document]
        view = InsertView(**common, document=document)
    else:
        updates = [UpdateEntry(t.op, _update_entry(t, optional, expressions)) for t in query.update]
        view = UpdateView(
            **common,
            many=query.op == "update_many",
            upsert=query.upsert,
            returning=query.returning,
            updates=updates,
            array_filters=[_array_filter(f, expressions) for f in query.array_filters],
        )
    if expressions.uses_now:
        view.prelude.append("now = utc_now()")
        expressions.imports.add((CORE, "utc_now"))
    view.imports = expressions.imports
    return view


def _param_view(param: QueryParam, writer: TypeWriter) -> ParamView:
    drop_null = param.role in ("filter", "range", "path")
    return ParamView(
        param.name, writer.annotation(param.schema, drop_null=drop_null), param.optional
    )


class _Expressions:
    """Python expressions for paths and values; records the runtime helpers they call."""

    def __init__(self) -> None:
        self.imports: set[Import] = set()
        self.uses_now = False

    def path(self, path: str) -> str:
        if not placeholders(path):
            return repr(path)
        self.imports.add((CORE, "path_segment"))
        parts = []
        for segment in path.split("."):
            name = (
                segment[1:-1]
                if segment.startswith("{") and segment.endswith("}") and len(segment) > 2
                else None
            )
            parts.append(
                "{path_segment(" + name + ")}"
                if name
                else segment.replace("{", "{{").replace("}", "}}")
            )
        return 'f"' + ".".join(parts) + '"'

    def value(self, value: ValueRef) -> str:
        if value.now:
            self.uses_now = True
            return "now"
        return value.param if value.param is not None else repr(value.constant)

    def encoded(self, value: ValueRef, path: str, types: tuple[str, ...], top_level: bool) -> str:
        """``value`` validated and encoded: through the model field when ``path`` is a top-level
        attribute, else by the schema's BSON types."""
        raw = self.value(value)
        if value.now or (value.param is None and value.constant is None):
            return raw
        if top_level:
            return f"codec.encode({attribute_name(path)!r}, {raw})"
        self.imports.add((CORE, "to_bson"))
        return f"to_bson({raw}, {tuple(t for t in types if t != 'null')!r})"

    def term(self, term: FilterTerm | UpdateTerm, element: bool) -> str:
        top = "." not in term.path and MAP_SEGMENT not in term.field.path and not element
        return self.encoded(term.value, term.path, term.field.bson_types, top)

    def element(self, values: tuple[ElementValue, ...]) -> str:
        items = ", ".join(
            f"{v.path!r}: {self.encoded(v.value, v.path, v.field.bson_types, False)}"
            for v in values
        )
        if any(v.value.param is not None for v in values):
            self.imports.add((VALUES, "present"))
            return f"present({{{items}}})"
        return f"{{{items}}}"

    def condition(self, term: FilterTerm, element: bool) -> str:
        if term.op == "$elemMatch":
            inner = ", ".join(
                f"{self.path(sub.path)}: {self.condition(sub, True)}" for sub in term.elements
            )
            return f'{{"$elemMatch": {{{inner}}}}}'
        if term.op == "$exists":
            return f'{{"$exists": {bool(term.value.constant)!r}}}'
        in_array = element or "array" in term.field.bson_types
        value = self.term(term, in_array)
        return value if term.op == "$eq" else f"{{{term.op!r}: {value}}}"


def _guarded(param: str | None, optional: set[str]) -> str | None:
    return param if param is not None and param in optional else None


def _filter(
    terms: tuple[FilterTerm, ...], optional: set[str], expressions: _Expressions
) -> tuple[list[Entry], list[RangeGroup]]:
    entries: list[Entry] = []
    grouped: dict[str, list[FilterTerm]] = {}
    for term in terms:
        if term.op in ("$gt", "$gte", "$lt", "$lte"):
            grouped.setdefault(term.path, []).append(term)
            continue
        entries.append(
            Entry(
                expressions.path(term.path),
                expressions.condition(term, False),
                _guarded(term.value.param, optional),
            )
        )
    ranges = [
        RangeGroup(
            f"range_{number}",
            expressions.path(path),
            tuple(
                Entry(
                    repr(t.op),
                    expressions.term(t, "array" in t.field.bson_types),
                    _guarded(t.value.param, optional),
                )
                for t in group
            ),
        )
        for number, (path, group) in enumerate(grouped.items())
    ]
    return entries, ranges


def _guard(transition: Transition, value: ValueRef, expressions: _Expressions) -> Entry:
    """``{field: {$in: [states that may become the new one]}}``."""
    if value.param is None:
        allowed = list(transition.allowed_from(str(value.constant)))
        return Entry(repr(transition.field), f'{{"$in": {allowed!r}}}')
    table = {state: list(before) for state, before in transition.predecessors if before}
    return Entry(repr(transition.field), f'{{"$in": {table!r}[{value.param}]}}')


def _top_entry(term: UpdateTerm, optional: set[str], expressions: _Expressions) -> Entry:
    return Entry(
        expressions.path(term.path),
        expressions.term(term, False),
        _guarded(term.value.param, optional),
    )


def _update_entry(term: UpdateTerm, optional: set[str], expressions: _Expressions) -> Entry:
    key = expressions.path(term.path)
    if term.op == "$unset":
        return Entry(key, '""')
    if term.element is not None:
        value = expressions.element(term.element)
        if term.op == "$push" and term.modifiers:
            modifiers = "".join(f", {name!r}: {raw!r}" for name, raw in term.modifiers)
            value = f'{{"$each": [{value}]{modifiers}}}'
        return Entry(key, value)
    element = term.op in ("$push", "$addToSet", "$pull") or "$[" in term.path
    return Entry(key, expressions.term(term, element), _guarded(term.value.param, optional))


def _array_filter(array_filter: ArrayFilter, expressions: _Expressions) -> list[Entry]:
    return [
        Entry(
            repr(f"{array_filter.identifier}.{term.path}"),
            expressions.condition(term, True),
        )
        for term in array_filter.conditions
    ]
