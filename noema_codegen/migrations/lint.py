"""Check a migration against the schemas: every problem a diagnostic with its JSON pointer.

* no step may keep a ``todo`` (the proposal has not been reviewed);
* the collection is one of the project's;
* every field path the filter and update name is a field of the new schema, a field renamed
  from (``x-noema.renamedFrom``), or a field of the ``old`` project when one is given;
* an update operator is one MongoDB's update language has; ``$unset`` of a required field
  is refused;
* where it can be decided without data: a ``$set`` constant must satisfy the new schema of
  the field it sets (checked with the validation engine), and a ``$convert`` must convert
  to a type the field admits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from noema_codegen.bson_registry import bson_types_of
from noema_codegen.diagnostics import Diagnostic, Severity, pointer_join
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Collection, Project
from noema_codegen.migrations.format import Migration, Step
from noema_codegen.schema_views import validator_schema
from noema_codegen.validation import SchemaError, UnsupportedPattern, compile_schema

UPDATE_OPERATORS = frozenset(
    {
        "$set", "$unset", "$rename", "$inc", "$mul", "$min", "$max", "$currentDate",
        "$setOnInsert", "$addToSet", "$pop", "$pull", "$push", "$pullAll", "$bit",
    }
)  # fmt: skip
"""The update operators (MongoDB manual, "Update Operators")."""
PIPELINE_SETTERS = ("$set", "$addFields")
POSITIONAL = ("$", "$[]")


def _normal(path: str) -> str:
    """``a.$[].b`` / ``a.$[x].b`` / ``a.0.b`` -> ``a.b`` (array positions are transparent)."""
    kept = [
        s
        for s in path.split(".")
        if s not in POSITIONAL and not s.startswith("$[") and not s.isdigit()
    ]
    return ".".join(kept)


def _matches(field_path: str, path: str) -> bool:
    mine, theirs = field_path.split("."), path.split(".")
    return len(mine) == len(theirs) and all(
        a == MAP_SEGMENT or a == b for a, b in zip(mine, theirs)
    )


def _known(path: str, collections: Sequence[Collection]) -> bool:
    normal = _normal(path)
    for collection in collections:
        if any(_matches(f.path, normal) for f in collection.fields):
            return True
        if any(old == normal for _, old in collection.renames):
            return True
    return False


def filter_paths(query: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """``(field path, pointer)`` of every field a filter names (``$jsonSchema``, ``$expr`` and
    ``$where`` are not walked: they name no path directly)."""
    if not isinstance(query, Mapping):
        return
    for key, value in query.items():
        where = pointer_join(pointer, key)
        if key in ("$and", "$or", "$nor") and isinstance(value, list):
            for index, sub in enumerate(value):
                yield from filter_paths(sub, pointer_join(where, index))
        elif not key.startswith("$"):
            yield key, where


def update_paths(update: Any, pointer: str) -> Iterator[tuple[str, str, str, Any]]:
    """``(operator, field path, pointer, value)`` of every field an update writes."""
    if isinstance(update, Mapping):
        for operator, fields in update.items():
            if isinstance(fields, Mapping):
                for path, value in fields.items():
                    yield operator, path, pointer_join(pointer, operator, path), value
                    if operator == "$rename" and isinstance(value, str):
                        yield "$rename-to", value, pointer_join(pointer, operator, path), None
    elif isinstance(update, list):
        for index, stage in enumerate(update):
            if not isinstance(stage, Mapping):
                continue
            for operator, fields in stage.items():
                where = pointer_join(pointer, index, operator)
                if operator in (*PIPELINE_SETTERS, "$project") and isinstance(fields, Mapping):
                    for path, value in fields.items():
                        yield f"pipeline{operator}", path, pointer_join(where, path), value
                elif operator == "$unset":
                    names = [fields] if isinstance(fields, str) else fields
                    for path in names if isinstance(names, list) else []:
                        yield "pipeline$unset", str(path), where, None


class _Linter:
    def __init__(self, migration: Migration, project: Project, old: Project | None) -> None:
        self.migration = migration
        self.project = project
        self.old = old
        self.found: list[Diagnostic] = []

    def error(self, pointer: str, rule: str, message: str) -> None:
        self.found.append(Diagnostic(self.migration.file, pointer, Severity.ERROR, rule, message))

    def warning(self, pointer: str, rule: str, message: str) -> None:
        self.found.append(Diagnostic(self.migration.file, pointer, Severity.WARNING, rule, message))

    def collections(self, name: str) -> list[Collection]:
        found = [c for c in self.project.collections if c.name == name]
        if self.old is not None:
            found += [c for c in self.old.collections if c.name == name]
        return found

    def step(self, step: Step) -> None:
        if step.todo is not None:
            self.error(
                pointer_join(step.pointer, "todo"),
                "migration-todo",
                f"not reviewed yet: {step.todo}",
            )
        collections = self.collections(step.collection)
        if not collections:
            known = ", ".join(self.project.names)
            self.error(
                pointer_join(step.pointer, "collection"),
                "migration-collection",
                f"no collection {step.collection!r} in the schemas (known: {known})",
            )
            return
        for path, where in filter_paths(step.filter, pointer_join(step.pointer, "filter")):
            self.path(path, where, collections)
        if step.update is None:
            return
        new = next((c for c in self.project.collections if c.name == step.collection), None)
        base = pointer_join(step.pointer, "update")
        if isinstance(step.update, Mapping):
            for operator in step.update:
                if operator not in UPDATE_OPERATORS:
                    self.error(
                        pointer_join(base, operator),
                        "migration-update",
                        f"{operator} is not an update operator: use $set, $unset, $rename ... "
                        "or a pipeline (a list of stages)",
                    )
        for operator, path, where, value in update_paths(step.update, base):
            self.path(path, where, collections)
            if new is not None:
                self.effect(new, operator, path, where, value)

    def path(self, path: str, where: str, collections: Sequence[Collection]) -> None:
        if path == "_id" or _known(path, collections):
            return
        self.error(
            where,
            "migration-path",
            f"{path!r} is not a field of {collections[0].name} (nor a renamedFrom name"
            f"{', nor of the old schemas' if self.old is not None else ''}): fix the path",
        )

    def effect(
        self, collection: Collection, operator: str, path: str, where: str, value: Any
    ) -> None:
        field = collection.field_at(_normal(path))
        if field is None or field.in_array:
            return
        if operator in ("$unset", "pipeline$unset") and field.required:
            self.error(
                where,
                "migration-result",
                f"{path} is required by the new schema: $unset makes every matched document fail",
            )
        elif operator in ("$set", "pipeline$set", "pipeline$addFields"):
            self.value(field.schema, operator, path, where, value)

    def value(
        self, schema: Mapping[str, Any], operator: str, path: str, where: str, value: Any
    ) -> None:
        if operator != "$set":
            literal = _pipeline_literal(value)
            if literal is not _EXPRESSION:
                self.constant(schema, path, where, literal)
            elif isinstance(value, Mapping) and isinstance(value.get("$convert"), Mapping):
                target = value["$convert"].get("to")
                admitted = bson_types_of(schema)
                if isinstance(target, str) and admitted and target not in admitted:
                    self.error(
                        pointer_join(where, "$convert", "to"),
                        "migration-result",
                        f"converts {path} to {target}, which the new schema does not admit "
                        f"({'/'.join(admitted)})",
                    )
            return
        self.constant(schema, path, where, value)

    def constant(self, schema: Mapping[str, Any], path: str, where: str, value: Any) -> None:
        """A constant written to ``path`` must satisfy its new schema (the validation engine)."""
        try:
            check = compile_schema(
                {"properties": {"value": validator_schema(schema)}, "required": ["value"]},
                assume_id=False,
            )
        except (SchemaError, UnsupportedPattern):
            return  # the schema's own problems are lint's; nothing to decide here
        problems = check.errors({"value": value})
        if problems:
            detail = problems[0].message
            self.error(
                where,
                "migration-result",
                f"the update writes a value the new schema of {path} refuses ({detail}): "
                "documents it matches would fail the validator",
            )


_EXPRESSION = object()


def _pipeline_literal(value: Any) -> Any:
    """The constant a pipeline ``$set`` writes, or ``_EXPRESSION`` when it computes one
    (a ``$field`` reference, an operator, an array or document that may hold either)."""
    if isinstance(value, Mapping):
        if set(value) == {"$literal"}:
            return value["$literal"]
        return _EXPRESSION
    if isinstance(value, list) or isinstance(value, str) and value.startswith("$"):
        return _EXPRESSION
    return value


def lint_migration(
    migration: Migration, project: Project, old: Project | None = None
) -> list[Diagnostic]:
    """Every problem of ``migration`` against ``project`` (and the ``old`` one, if given)."""
    linter = _Linter(migration, project, old)
    for step in migration.steps:
        linter.step(step)
    return sorted(linter.found)
