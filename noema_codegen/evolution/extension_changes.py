"""Changes of the ``x-noema`` declarations that are not fields: indexes, references, queries."""

from __future__ import annotations

from noema_codegen.diagnostics import pointer_join
from noema_codegen.evolution.collector import CODE, EXTENSION, Collector, key
from noema_codegen.evolution.keywords import DATA, SAFE
from noema_codegen.ir.model import IndexSpec, NamedQuery


def _index_message(index: IndexSpec) -> str:
    keys = ", ".join(f"{k}: {v}" for k, v in index.keys)
    return f"index {index.name} {{{keys}}}"


def index_changes(c: Collector) -> None:
    old = {i.name: i for i in c.old.indexes}
    for index in c.new.indexes:
        before = old.get(index.name)
        spec = index.to_command_spec()
        if before is not None and key(before.to_command_spec()) == key(spec):
            continue
        pointer = index.pointer or pointer_join(EXTENSION, "indexes")
        became_unique = index.unique and (before is None or not before.unique)
        if became_unique:
            c.add(
                DATA,
                "new-unique-index",
                pointer,
                f"{_index_message(index)} is unique: stored duplicates make the build fail",
                old=None if before is None else before.to_command_spec(),
                new=spec,
            )
        elif before is None:
            c.add(SAFE, "new-index", pointer, f"{_index_message(index)} is new", new=spec)
        else:
            c.add(
                SAFE,
                "index-changed",
                pointer,
                f"{_index_message(index)} changed (rebuilt by apply-validators)",
                old=before.to_command_spec(),
                new=spec,
            )
    new_names = {i.name for i in c.new.indexes}
    for name, index in old.items():
        if name not in new_names:
            c.add(
                SAFE,
                "index-removed",
                pointer_join(EXTENSION, "indexes"),
                f"{_index_message(index)} is removed",
                old=index.to_command_spec(),
            )


def reference_changes(c: Collector) -> None:
    old = {(r.field, r.target_collection, r.target_field) for r in c.old.references}
    new = {(r.field, r.target_collection, r.target_field) for r in c.new.references}
    for path, collection, target in sorted(new - old):
        c.add(
            DATA,
            "new-reference",
            pointer_join(EXTENSION, "references", path),
            f"{path} -> {collection}.{target} is a new reference: stored orphans break it "
            "(see check-references)",
            path,
            None,
            f"{collection}.{target}",
        )
    for path, collection, target in sorted(old - new):
        c.add(
            SAFE,
            "reference-removed",
            pointer_join(EXTENSION, "references"),
            f"{path} -> {collection}.{target} is no longer a reference",
            path,
            f"{collection}.{target}",
            None,
        )


def _signature(query: NamedQuery) -> str:
    params = [(p.name, p.bson_types, p.optional, p.role) for p in query.params]
    return key({"op": query.op, "params": params})


def _behaviour(query: NamedQuery) -> str:
    """What a query matches, sorts and writes (not the fields' schemas, compared elsewhere)."""
    terms = [(t.path, t.op, t.value.param, t.value.constant) for t in query.filter]
    updates = [(t.op, t.path, t.value.param, t.value.constant) for t in query.update]
    return key({"filter": terms, "sort": query.sort, "update": updates, "upsert": query.upsert})


def query_changes(c: Collector) -> None:
    old = {q.name: q for q in c.old.queries}
    new = {q.name: q for q in c.new.queries}
    for name, query in new.items():
        before = old.get(name)
        if before is None:
            c.add(SAFE, "query-added", query.pointer, f"query {name} is new")
        elif _signature(before) != _signature(query):
            c.add(
                CODE,
                "query-signature-changed",
                query.pointer,
                f"query {name} changed its operation or parameters",
                old=before.op,
                new=query.op,
            )
        elif _behaviour(before) != _behaviour(query):
            c.add(
                SAFE,
                "query-behaviour-changed",
                query.pointer,
                f"query {name} keeps its signature but matches, sorts or updates differently",
            )
    for name in old:
        if name not in new:
            c.add(
                CODE,
                "query-removed",
                pointer_join(EXTENSION, "queries", name),
                f"query {name} is removed: callers of the method break",
            )
