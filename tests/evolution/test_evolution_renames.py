"""``x-noema.renamedFrom``: accepted by the extension schema and the IR builder, refused with a
pointer when it cannot be a rename, and never sent to the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from evolution_pairs import owners, project, things

from noema_codegen.config import Config
from noema_codegen.ir.build import build_project
from noema_codegen.load import SchemaSource


def _renamed(renames: Any) -> dict[str, Any]:
    schema = things()
    schema["properties"]["title"] = schema["properties"].pop("label")
    schema["x-noema"]["renamedFrom"] = renames
    return schema


def _errors(schema: dict[str, Any]) -> list[tuple[str, str]]:
    sources = [
        SchemaSource("things", Path("schemas/things.json"), "schemas/things.json", schema),
        SchemaSource("owners", Path("schemas/owners.json"), "schemas/owners.json", owners()),
    ]
    _, diagnostics = build_project(sources, Config())
    return [(d.pointer, d.rule) for d in diagnostics if d.severity.value == "error"]


def test_a_rename_is_in_the_ir_and_not_in_the_validator() -> None:
    built = project(things=_renamed({"title": "label"}), owners=owners())
    things_ir = built.get("things")
    assert things_ir.renames == (("title", "label"),)
    assert "x-noema" not in str(things_ir.validator_schema)


@pytest.mark.parametrize(
    ("renames", "pointer", "rule"),
    [
        ({"nope": "label"}, "/x-noema/renamedFrom/nope", "rename"),
        ({"title": "name"}, "/x-noema/renamedFrom/title", "rename"),
        ({"title": "title"}, "/x-noema/renamedFrom/title", "rename"),
        ({"title": 3}, "/x-noema/renamedFrom/title", "extension"),
    ],
)
def test_a_rename_that_cannot_be_one_is_an_error_at_its_pointer(
    renames: Any, pointer: str, rule: str
) -> None:
    assert (pointer, rule) in _errors(_renamed(renames))
