"""Propose a migration from a diff (pure, but for ``write_new``).

For each change that stored documents may not survive, one step: a server-side ``filter``
finding the affected documents and a proposed ``update``. What cannot be decided here (which
value a document without the field gets, what replaces a removed enum member) is written as
a ``todo`` that ``migration lint`` refuses until someone has reviewed the step and removed it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from noema_codegen.evolution.changes import Change, Kind
from noema_codegen.integrity.references import orphan_pipeline
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Collection, Project
from noema_codegen.migrations.format import NAME_PATTERN, MigrationFileError

CONVERTIBLE = ("double", "string", "objectId", "bool", "date", "int", "long", "decimal")
"""The BSON types ``$convert`` converts to: the targets of mongodb/mongo
jstests/aggregation/expressions/convert.js (``conversionTestDocs``); the same test shows an
unsupported conversion yielding ``onError`` and an ISO-8601 string converting to a date."""
SAMPLE = 5
NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _step(change: Change, **body: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"collection": change.collection, "change": change.rule}
    if change.pointer:
        step["pointer"] = change.pointer
    if change.path:
        step["path"] = change.path
    step.update(body)
    return step


def _failing(collection: Collection) -> dict[str, Any]:
    """Documents the new validator refuses (the server evaluates it: no client-side scan)."""
    return {"$nor": [{"$jsonSchema": collection.validator_schema}]}


def _plain(path: str, collection: Collection) -> bool:
    """A path a plain ``$set``/``$rename``/``$unset`` can reach (no array, no map key)."""
    field = collection.field_at(path)
    return field is not None and not field.in_array and MAP_SEGMENT not in path.split(".")


def _parent_exists(path: str) -> dict[str, Any]:
    parent = path.rpartition(".")[0]
    return {parent: {"$type": "object"}} if parent else {}


def _required(change: Change, collection: Collection) -> dict[str, Any]:
    field = collection.field_at(change.path)
    if field is None or not _plain(change.path, collection):
        return _step(
            change,
            filter=_failing(collection),
            update={"$set": {}},
            todo=f"{change.path} crosses an array or a map: write the update (arrayFilters or a "
            "pipeline), then remove this todo",
        )
    step_filter = {**_parent_exists(change.path), change.path: {"$exists": False}}
    if "default" in field.schema:
        return _step(
            change,
            filter=step_filter,
            update={"$set": {change.path: field.schema["default"]}},
            note="sets the schema's default on documents without the field",
        )
    return _step(
        change,
        filter=step_filter,
        update={"$set": {change.path: None}},
        todo=f"choose the value documents without {change.path} get (the schema declares no "
        "default), then remove this todo",
    )


def _types(change: Change, collection: Collection) -> dict[str, Any]:
    field = collection.field_at(change.path) if change.path else None
    if field is None or not _plain(change.path, collection):
        where = change.path or "the document"
        return _step(
            change,
            filter=_failing(collection),
            update={"$set": {}},
            todo=f"decide how {where} is converted (the path crosses an array or a map), then "
            "remove this todo",
        )
    targets = [t for t in field.bson_types if t != "null"]
    admitted: str | list[str] = (
        field.bson_types[0] if len(field.bson_types) == 1 else list(field.bson_types)
    )
    step_filter = {change.path: {"$exists": True, "$not": {"$type": admitted}}}
    if len(targets) == 1 and targets[0] in CONVERTIBLE:
        conversion = {
            "$convert": {"input": f"${change.path}", "to": targets[0], "onError": f"${change.path}"}
        }
        return _step(
            change,
            filter=step_filter,
            update=[{"$set": {change.path: conversion}}],
            note="a value $convert cannot convert is kept as it is; migrate reports how many "
            "documents still match the filter",
        )
    return _step(
        change,
        filter=step_filter,
        update=[{"$set": {change.path: f"${change.path}"}}],
        todo=f"convert {change.path} to {'/'.join(field.bson_types)} (no single $convert "
        "target), then remove this todo",
    )


def _renamed(change: Change, collection: Collection) -> dict[str, Any]:
    old = str(change.old)
    if (
        not _plain(change.path, collection)
        or "." in old
        and old.rpartition(".")[0] != change.path.rpartition(".")[0]
    ):
        return _step(
            change,
            filter={old: {"$exists": True}},
            update={"$rename": {}},
            todo=f"move {old} to {change.path} ($rename cannot cross arrays), then remove this todo",
        )
    return _step(change, filter={old: {"$exists": True}}, update={"$rename": {old: change.path}})


def _removed(change: Change) -> dict[str, Any]:
    return _step(
        change,
        filter={change.path: {"$exists": True}},
        update={"$unset": {change.path: ""}},
        todo=f"this deletes every stored value of {change.path}: keep the step only if no one "
        "needs them, then remove this todo (or delete the step to keep the values)",
    )


def _reference(change: Change, collection: Collection) -> dict[str, Any] | None:
    for reference in collection.references:
        if reference.field == change.path:
            return _step(change, orphans=orphan_pipeline(reference, SAMPLE))
    return None


def propose_step(change: Change, project: Project) -> dict[str, Any] | None:
    """The step for one change, or None when it needs none."""
    try:
        collection = project.get(change.collection)
    except KeyError:
        return None
    if change.rule in ("new-required-field", "now-required"):
        return _required(change, collection)
    if change.rule in ("type-changed", "type-narrowed"):
        return _types(change, collection)
    if change.rule == "field-renamed":
        return _renamed(change, collection)
    if change.rule == "field-removed":
        return _removed(change)
    if change.rule == "new-reference":
        return _reference(change, collection)
    if not change.is_a(Kind.DATA):
        return None
    return _step(
        change,
        filter=_failing(collection),
        update={"$set": {}},
        todo=f"{change.message}: write the update that makes these documents pass, then remove "
        "this todo",
    )


def migration_document(changes: Sequence[Change], project: Project, against: str) -> dict[str, Any]:
    steps = [step for change in changes if (step := propose_step(change, project)) is not None]
    # A renamed field's other changes are written after its $rename (same collection order).
    steps.sort(key=lambda s: (s["collection"], s["change"] != "field-renamed"))
    return {
        "description": "Proposed by `noema-codegen migration new`: review every step.",
        "generatedFrom": against,
        "steps": steps,
    }


def next_path(directory: Path, name: str) -> Path:
    """``directory/NNNN_name.json`` with the next free number."""
    if not NAME.match(name):
        raise MigrationFileError(
            f"migration name {name!r}: use lower-case letters, digits and _ (e.g. "
            "event_data_required)"
        )
    numbers = [0]
    if directory.is_dir():
        for path in directory.iterdir():
            match = NAME_PATTERN.match(path.name)
            if match:
                numbers.append(int(match.group(1)))
            if match and match.group(2) == name:
                raise MigrationFileError(
                    f"{path}: a migration named {name} exists already: choose another name"
                )
    number = max(numbers) + 1
    if number > 9999:
        raise MigrationFileError(f"{directory}: migration numbers are exhausted (9999)")
    return directory / f"{number:04d}_{name}.json"


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def write_new(path: Path, text: str) -> None:
    """Write ``path`` atomically; refuse (``MigrationFileError``) when it exists.

    The text goes to a temporary file in the same directory, which is then hard-linked to
    ``path`` (``link`` fails when ``path`` exists, so nothing is ever overwritten).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".migration-", dir=path.parent)
    except OSError as exc:
        raise MigrationFileError(f"{path.parent}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    except FileExistsError:
        raise MigrationFileError(f"{path}: already exists; it is never overwritten") from None
    except OSError as exc:
        raise MigrationFileError(f"{path}: cannot write it ({exc.strerror})") from None
    finally:
        os.unlink(temporary)
