"""Compare two projects (old, new) and classify every change at its JSON pointer (pure).

Both sides are ``Project`` values built by the one front end (load -> lint -> IR), so fields,
indexes, references and queries are compared as the generator and ``apply`` see them. What
each rule means is listed in docs/evolution.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from noema_codegen.bson_registry import bson_types_of
from noema_codegen.diagnostics import pointer_join
from noema_codegen.evolution.changes import Change, sort_changes
from noema_codegen.evolution.collector import CODE, EXTENSION, Collector
from noema_codegen.evolution.extension_changes import (
    index_changes,
    query_changes,
    reference_changes,
)
from noema_codegen.evolution.keywords import DATA, DATA_AND_CODE, SAFE, local_findings
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Collection, Field, Project

LEVEL_STRICTNESS = {"off": 0, "moderate": 1, "strict": 2}
ACTION_STRICTNESS = {"warn": 0, "error": 1}


def field_pointer(schema: Mapping[str, Any], path: str) -> str:
    """The JSON pointer of a dotted field path in a schema (``items`` crossed as MongoDB's
    queries cross arrays; ``{}`` is ``additionalProperties``)."""
    pointer = ""
    node: Any = schema
    for segment in path.split("."):
        if not isinstance(node, Mapping):
            break
        items = node.get("items")
        if "array" in bson_types_of(node) and isinstance(items, Mapping):
            node, pointer = items, pointer_join(pointer, "items")
        if segment == MAP_SEGMENT:
            node, pointer = (
                node.get("additionalProperties"),
                pointer_join(pointer, "additionalProperties"),
            )
        else:
            properties = node.get("properties")
            node = properties.get(segment) if isinstance(properties, Mapping) else None
            pointer = pointer_join(pointer, "properties", segment)
    return pointer


def _parent(path: str) -> str:
    return path.rpartition(".")[0]


def _names(c: Collector) -> None:
    old, new = c.old, c.new
    if old.model_name != new.model_name:
        c.add(
            CODE,
            "model-renamed",
            pointer_join(EXTENSION, "model"),
            f"model {old.model_name} is now {new.model_name}",
            old=old.model_name,
            new=new.model_name,
        )
    if old.module_name != new.module_name and old.model_name == new.model_name:
        c.add(
            CODE,
            "module-renamed",
            pointer_join(EXTENSION, "module"),
            f"module {old.module_name} is now {new.module_name}",
            old=old.module_name,
            new=new.module_name,
        )
    if LEVEL_STRICTNESS.get(new.validation_level, 2) > LEVEL_STRICTNESS.get(
        old.validation_level, 2
    ):
        c.add(
            DATA,
            "validation-stricter",
            pointer_join(EXTENSION, "validationLevel"),
            f"validationLevel {old.validation_level} -> {new.validation_level}",
            old=old.validation_level,
            new=new.validation_level,
        )
    if ACTION_STRICTNESS.get(new.validation_action, 1) > ACTION_STRICTNESS.get(
        old.validation_action, 1
    ):
        c.add(
            DATA,
            "validation-stricter",
            pointer_join(EXTENSION, "validationAction"),
            f"validationAction {old.validation_action} -> {new.validation_action}: writes "
            "of invalid documents fail now",
            old=old.validation_action,
            new=new.validation_action,
        )


def _compare_field(c: Collector, before: Field, after: Field, path: str) -> None:
    base = field_pointer(c.new.source_schema, path)
    for found in local_findings(before.schema, after.schema):
        c.finding(found, base, path)
    if after.required and not before.required:
        c.add(
            DATA,
            "now-required",
            base,
            f"{path} is required now: documents without it fail",
            path,
            False,
            True,
        )
    elif before.required and not after.required:
        c.add(
            CODE,
            "now-optional",
            base,
            f"{path} is optional now: the generated attribute may be None",
            path,
            True,
            False,
        )


def _through(renamed: Mapping[str, str], path: str) -> str:
    """``path`` with a renamed prefix replaced by its old name (``title.x`` -> ``label.x``)."""
    for new_prefix, old_prefix in renamed.items():
        if path == new_prefix:
            return old_prefix
        if path.startswith(new_prefix + "."):
            return old_prefix + path[len(new_prefix) :]
    return path


def _new_field(c: Collector, path: str, field: Field) -> None:
    pointer = field_pointer(c.new.source_schema, path)
    if field.required:
        c.add(
            DATA,
            "new-required-field",
            pointer,
            f"{path} is new and required: stored documents lack it",
            path,
            None,
            field.schema,
        )
    else:
        c.add(SAFE, "new-optional-field", pointer, f"{path} is new and optional", path, None,
              field.schema)  # fmt: skip


def _fields(c: Collector) -> None:
    old_fields = {f.path: f for f in c.old.fields}
    new_fields = {f.path: f for f in c.new.fields}
    renamed = {
        new_path: old_path
        for new_path, old_path in c.new.renames
        if new_path not in old_fields and old_path in old_fields and old_path not in new_fields
    }
    matched_old: set[str] = set()
    for path, field in new_fields.items():
        source = _through(renamed, path)
        if path in renamed:
            c.add(
                DATA_AND_CODE,
                "field-renamed",
                field_pointer(c.new.source_schema, path),
                f"{source} is renamed {path} (x-noema.renamedFrom): stored documents need "
                "$rename and callers the new attribute",
                path,
                source,
                path,
            )
        if source in old_fields:
            matched_old.add(source)
            _compare_field(c, old_fields[source], field, path)
        elif _parent(path) == "" or _through(renamed, _parent(path)) in old_fields:
            _new_field(c, path, field)
    for path, field in old_fields.items():
        if path in matched_old:
            continue
        parent = _parent(path)
        if parent and parent not in matched_old:
            continue  # reported with its parent
        c.add(
            CODE,
            "field-removed",
            field_pointer(c.old.source_schema, path),
            f"{path} is removed (pointer in the old schema): callers lose the attribute; "
            "stored values stay unless a migration $unsets them",
            path,
            field.schema,
            None,
        )


def compare_collections(old: Collection, new: Collection) -> list[Change]:
    c = Collector(old, new)
    _names(c)
    for found in local_findings(old.source_schema, new.source_schema):
        c.finding(found, "", "")
    _fields(c)
    index_changes(c)
    reference_changes(c)
    query_changes(c)
    return c.changes


def diff_projects(old: Project, new: Project) -> list[Change]:
    """Every change from ``old`` to ``new``, sorted by collection and pointer."""
    changes: list[Change] = []
    old_by_name = {c.name: c for c in old.collections}
    new_names = set(new.names)
    for collection in new.collections:
        before = old_by_name.get(collection.name)
        if before is None:
            changes.append(
                Change(
                    SAFE,
                    "collection-added",
                    collection.name,
                    collection.source_file,
                    "",
                    f"collection {collection.name} is new",
                )
            )
        else:
            changes.extend(compare_collections(before, collection))
    for name, collection in old_by_name.items():
        if name not in new_names:
            changes.append(
                Change(
                    CODE,
                    "collection-removed",
                    name,
                    collection.source_file,
                    "",
                    f"collection {name} is removed: its model and repository go "
                    "(its documents stay in the database)",
                )
            )
    return sort_changes(changes)
