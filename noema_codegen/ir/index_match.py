"""Which declared index serves a named query: the ESR rule (Equality, Sort, Range).

An index serves a query when, after removing the equality conditions its
partial filter already guarantees, its leading keys are the query's equality
fields (any order), then its sort fields (all in the same or all in the
reversed direction), then its range fields. A unique index whose keys are all
matched by equality serves any query (at most one document). A wildcard index
``a.$**`` serves a query whose only condition is an equality under ``a``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from noema_codegen.ir.fields import template_to_field_path
from noema_codegen.ir.model import FilterTerm, IndexSpec, NamedQuery

ID_INDEX = IndexSpec(name="_id_", keys=(("_id", 1),), unique=True)
RANGE_OPS = ("$gt", "$gte", "$lt", "$lte")
"""Conditions an index bounds; ``$ne``/``$exists`` are checked on the documents it finds."""


def equality_terms(terms: tuple[FilterTerm, ...]) -> list[FilterTerm]:
    """Equality conditions, those inside ``$elemMatch`` under their full path (one element
    matching all of them is found through a multikey index on any of them)."""
    found: list[FilterTerm] = []
    for term in terms:
        if term.op == "$eq":
            found.append(term)
        elif term.op == "$elemMatch":
            found += [
                replace(sub, path=f"{term.path}.{sub.path}")
                for sub in equality_terms(term.elements)
            ]
    return found


def serving_index(query: NamedQuery, indexes: tuple[IndexSpec, ...]) -> IndexSpec | None:
    for index in (ID_INDEX, *indexes):
        if index_serves(index, query):
            return index
    return None


def index_serves(index: IndexSpec, query: NamedQuery) -> bool:
    equality = {template_to_field_path(t.path): t for t in equality_terms(query.filter)}
    ranges = {template_to_field_path(t.path) for t in query.filter if t.op in RANGE_OPS}
    sort = [(template_to_field_path(path), direction) for path, direction in query.sort]
    if not equality and not ranges and not sort:
        return False
    if index.is_wildcard:
        return _wildcard_serves(index, set(equality) | ranges, sort)
    implied = _implied_by_partial_filter(index.partial_filter, equality)
    if implied is None:
        return False
    eq_fields = set(equality) - implied
    keys = list(index.keys)
    if index.unique and keys and all(name in eq_fields for name, _ in keys):
        return True
    count = len(eq_fields)
    if {name for name, _ in keys[:count]} != eq_fields:
        return False
    position = count
    sort = [(name, direction) for name, direction in sort if name not in eq_fields]
    if sort:
        window = keys[position : position + len(sort)]
        if [name for name, _ in window] != [name for name, _ in sort]:
            return False
        same = all(window[i][1] == sort[i][1] for i in range(len(sort)))
        reversed_ = all(
            window[i][1] == -sort[i][1] for i in range(len(sort)) if isinstance(window[i][1], int)
        )
        if not (same or reversed_):
            return False
        position += len(sort)
    remaining = ranges - eq_fields - {name for name, _ in sort}
    window_names = {name for name, _ in keys[position : position + len(remaining)]}
    return remaining <= window_names


def _wildcard_serves(
    index: IndexSpec, condition_fields: set[str], sort: list[tuple[str, int]]
) -> bool:
    ((name, _),) = index.keys[:1]
    prefix = "" if name == "$**" else name[: -len("$**")]
    if len(condition_fields) != 1:
        return False
    (field,) = condition_fields
    if not field.startswith(prefix):
        return False
    return all(path == field for path, _ in sort)


def _implied_by_partial_filter(
    partial: Mapping[str, Any] | None, equality: Mapping[str, Any]
) -> set[str] | None:
    """Equality fields the partial filter makes redundant, or None if the query may match
    documents outside the index (then the index cannot answer it)."""
    if partial is None:
        return set()
    implied: set[str] = set()
    for field, condition in _conditions(partial):
        term = equality.get(field)
        if term is None:
            return None
        if isinstance(condition, Mapping):
            exists = condition.get("$exists")
            if (
                set(condition) <= {"$exists", "$type"}
                and exists in (None, True)
                and (term.value.is_param or term.value.constant is not None)
            ):
                continue
            return None
        if (
            not term.value.is_param
            and term.value.constant == condition
            and type(term.value.constant) is type(condition)
        ):
            implied.add(field)
            continue
        return None
    return implied


def _conditions(expression: Mapping[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in expression.items():
        if key == "$and" and isinstance(value, list):
            for sub in value:
                out.extend(_conditions(sub))
        else:
            out.append((key, value))
    return out
