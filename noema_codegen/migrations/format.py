"""The migration file: its JSON Schema (published in docs/evolution.md), reading and checksum.

A file is UTF-8 JSON; ``filter``, ``update`` and ``orphans`` are MongoDB Extended JSON (read
with ``bson.json_util``, so ``{"$date": ...}`` is a date). The checksum is the SHA-256 of
the file's bytes as committed: ``migrate`` refuses a file whose checksum differs from the one
recorded when it ran.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from bson import json_util
from bson.errors import BSONError

from noema_codegen.diagnostics import UserFacingError, pointer_join
from noema_codegen.strict_json import read_json

NAME_PATTERN = re.compile(r"^(\d{4})_([a-z0-9][a-z0-9_]*)\.json$")
"""``0001_event_data_required.json``: four digits (the order), then a lower-case name."""
MAX_FILE_BYTES = 16 * 1024 * 1024

MIGRATION_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["steps"],
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "generatedFrom": {"type": "string"},
        "steps": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["collection", "change"],
                "additionalProperties": False,
                "properties": {
                    "collection": {"type": "string", "minLength": 1},
                    "change": {"type": "string", "minLength": 1},
                    "pointer": {"type": "string"},
                    "path": {"type": "string"},
                    "note": {"type": "string"},
                    "todo": {"type": "string"},
                    "filter": {"type": "object"},
                    "update": {
                        "oneOf": [
                            {"type": "object", "minProperties": 1},
                            {"type": "array", "minItems": 1, "items": {"type": "object"}},
                        ]
                    },
                    "orphans": {"type": "array", "minItems": 1, "items": {"type": "object"}},
                },
                "oneOf": [
                    {"required": ["filter", "update"], "not": {"required": ["orphans"]}},
                    {"required": ["orphans"], "not": {"required": ["update"]}},
                ],
            },
        },
    },
}
"""What a migration file holds. A step either updates (``filter`` + ``update``: operator
form or a pipeline) or checks (``orphans``: an aggregation listing documents whose reference
points at nothing; a migration with such a step fails while it finds any)."""

_VALIDATOR = jsonschema.Draft202012Validator(MIGRATION_SCHEMA)


class MigrationFileError(UserFacingError):
    """A migration file that cannot be used (exit 2); the message names the file and pointer."""


@dataclass(frozen=True)
class Step:
    index: int
    collection: str
    change: str
    path: str
    filter: Mapping[str, Any]
    update: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None
    orphans: Sequence[Mapping[str, Any]] | None
    todo: str | None
    raw: Mapping[str, Any]

    @property
    def pointer(self) -> str:
        return pointer_join("/steps", self.index)


@dataclass(frozen=True)
class Migration:
    name: str
    """The file name without ``.json`` (``0001_event_data_required``): the ledger's key."""
    file: str
    checksum: str
    description: str
    steps: tuple[Step, ...]


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def structure_errors(value: Any) -> list[tuple[str, str]]:
    """``(pointer, message)`` for every way ``value`` is not a migration document."""
    found = []
    for error in sorted(_VALIDATOR.iter_errors(value), key=lambda e: list(map(str, e.path))):
        message = error.message
        if error.validator == "oneOf" and list(error.schema_path)[-1:] == ["oneOf"]:
            message = "a step needs filter and update, or orphans (not both)"
        found.append((pointer_join("", *error.absolute_path), message))
    return found


def _extended(value: Any, file: str, pointer: str) -> Any:
    """Extended JSON -> BSON values (``{"$date": ...}`` -> datetime)."""
    try:
        return json_util.loads(json_util.dumps(value))
    except (BSONError, ValueError, TypeError, LookupError, ArithmeticError, RecursionError) as exc:
        raise MigrationFileError(
            f"{file}#{pointer}: not valid Extended JSON ({type(exc).__name__}): fix the value"
        ) from None


def parse_migration(name: str, file: str, data: bytes) -> Migration:
    """A migration from the bytes of ``file``; ``MigrationFileError`` (file#pointer: what) when
    the text is not JSON or not a migration document."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MigrationFileError(f"{file}: not UTF-8: save it as UTF-8") from None
    value, problems = read_json(text)
    if problems:
        first = problems[0]
        raise MigrationFileError(
            f"{file}:{first.line}:{first.column}: {first.message}: fix the JSON"
        )
    errors = structure_errors(value)
    if errors:
        details = "; ".join(f"#{pointer or '/'}: {message}" for pointer, message in errors[:5])
        raise MigrationFileError(
            f"{file}: not a migration file ({details}); the format is in docs/evolution.md"
        )
    steps = []
    for index, raw in enumerate(value["steps"]):
        where = pointer_join("/steps", index)
        steps.append(
            Step(
                index=index,
                collection=raw["collection"],
                change=raw["change"],
                path=raw.get("path", ""),
                filter=_extended(raw.get("filter", {}), file, f"{where}/filter"),
                update=_extended(raw["update"], file, f"{where}/update")
                if "update" in raw
                else None,
                orphans=_extended(raw["orphans"], file, f"{where}/orphans")
                if "orphans" in raw
                else None,
                todo=raw.get("todo"),
                raw=raw,
            )
        )
    return Migration(name, file, checksum_of(data), value.get("description", ""), tuple(steps))


def read_migration(path: Path, shown: str) -> Migration:
    match = NAME_PATTERN.match(path.name)
    if match is None:
        raise MigrationFileError(
            f"{shown}: a migration file is named NNNN_name.json (four digits, then lower-case "
            "letters, digits and _): rename it"
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise MigrationFileError(f"{shown}: larger than 16 MiB: split the migration")
        data = path.read_bytes()
    except OSError as exc:
        raise MigrationFileError(f"{shown}: cannot read it ({exc.strerror}): check it") from None
    return parse_migration(path.name[: -len(".json")], shown, data)


def migration_files(directory: Path) -> list[Path]:
    """The ``*.json`` files of ``directory`` in name order (none when it does not exist)."""
    if not directory.is_dir():
        return []
    return sorted(
        p for p in directory.iterdir() if p.name.endswith(".json") and not p.name.startswith(".")
    )


def read_migrations(directory: Path, root: Path) -> list[Migration]:
    """Every migration of ``directory`` in order; two files with one number are refused."""
    migrations = []
    numbers: dict[str, str] = {}
    for path in migration_files(directory):
        shown = _shown(path, root)
        migration = read_migration(path, shown)
        number = migration.name[:4]
        if number in numbers:
            raise MigrationFileError(
                f"{shown}: number {number} is also used by {numbers[number]}: renumber one "
                "(the order must be unambiguous)"
            )
        numbers[number] = shown
        migrations.append(migration)
    return migrations


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
