"""``pipeline.build`` returns its problems as values (issue 9): the command decides the exit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from noema_codegen.pipeline import build
from noema_codegen.write import UnsafeOutputDir
from tests.schema_fixtures import NOEMA, SchemaDirFactory, minimal_schema


def test_schema_errors_come_back_as_diagnostics(
    make_schema_dir: SchemaDirFactory, tmp_path: Path
) -> None:
    broken = minimal_schema()
    broken["properties"]["name"] = {"bsonType": "strin"}
    project = make_schema_dir(things=broken)
    out = tmp_path / "out"
    result = build(replace(NOEMA, schemas=project / "schemas", out=out))
    assert result.schemas_failed and result.output_error is None and not result.files
    assert any(d.pointer == "/properties/name/bsonType" for d in result.diagnostics)
    assert not out.exists()


def test_an_output_directory_it_may_not_replace_comes_back_as_output_error(
    make_schema_dir: SchemaDirFactory, tmp_path: Path
) -> None:
    project = make_schema_dir(things=minimal_schema())
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = build(replace(NOEMA, schemas=project / "schemas", out=out))
    assert not result.schemas_failed
    assert isinstance(result.output_error, UnsafeOutputDir)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
