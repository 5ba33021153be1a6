"""Migration files: generation from a diff, the file format, lint errors with pointers, and the
atomic never-overwriting write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from noema_codegen.evolution.classify import diff_projects
from noema_codegen.migrations.format import (
    MigrationFileError,
    parse_migration,
    read_migrations,
)
from noema_codegen.migrations.generate import (
    migration_document,
    next_path,
    render,
    write_new,
)
from noema_codegen.migrations.lint import lint_migration
from tests.evolution.evolution_pairs import owners, project, things


def _proposal(edit: Any) -> tuple[dict[str, Any], Any]:
    new_schema = things()
    edit(new_schema)
    new = project(things=new_schema, owners=owners())
    old = project(things=things(), owners=owners())
    return migration_document(diff_projects(old, new), new, "HEAD"), new


def _steps(edit: Any) -> list[dict[str, Any]]:
    return _proposal(edit)[0]["steps"]


def test_a_new_required_field_with_a_default_gets_set_to_it() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["note"] = {"bsonType": "string", "default": "none"}
        s["required"].append("note")

    [step] = _steps(edit)
    assert step["filter"] == {"note": {"$exists": False}}
    assert step["update"] == {"$set": {"note": "none"}}
    assert "todo" not in step


def test_a_new_required_field_without_a_default_is_left_to_review() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["required"].append("label")

    [step] = _steps(edit)
    assert step["filter"] == {"label": {"$exists": False}}
    assert "todo" in step


def test_a_type_change_converts_on_the_server_keeping_what_fails() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["label"]["bsonType"] = "date"

    [step] = _steps(edit)
    assert step["filter"] == {"label": {"$exists": True, "$not": {"$type": "date"}}}
    assert step["update"] == [
        {"$set": {"label": {"$convert": {"input": "$label", "to": "date", "onError": "$label"}}}}
    ]


def test_a_declared_rename_becomes_rename() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["title"] = s["properties"].pop("label")
        s["x-noema"]["renamedFrom"] = {"title": "label"}

    [step] = _steps(edit)
    assert (step["filter"], step["update"]) == (
        {"label": {"$exists": True}},
        {"$rename": {"label": "title"}},
    )


def test_a_removed_field_is_unset_only_after_review() -> None:
    def edit(s: dict[str, Any]) -> None:
        del s["properties"]["label"]

    [step] = _steps(edit)
    assert step["update"] == {"$unset": {"label": ""}}
    assert "deletes every stored value" in step["todo"]


def test_a_new_reference_gets_the_orphan_query() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["parentId"] = {"bsonType": "objectId"}
        s["x-noema"]["references"]["parentId"] = "owners._id"

    [step] = _steps(edit)
    assert step["orphans"][1]["$lookup"]["from"] == "owners"
    assert "update" not in step


def test_another_tightening_finds_documents_the_new_validator_refuses() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["name"]["maxLength"] = 10

    document, new = _proposal(edit)
    [step] = document["steps"]
    assert step["filter"] == {"$nor": [{"$jsonSchema": new.get("things").validator_schema}]}
    assert "todo" in step


def test_safe_and_code_only_changes_need_no_step() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["note"] = {"bsonType": "string"}
        del s["x-noema"]["queries"]

    assert _steps(edit) == []


def _lint(steps: list[dict[str, Any]]) -> list[tuple[str, str]]:
    data = json.dumps({"steps": steps}).encode()
    migration = parse_migration("0001_x", "migrations/0001_x.json", data)
    built = project(things=things(), owners=owners())
    return [(d.pointer, d.rule) for d in lint_migration(migration, built)]


def _step(**fields: Any) -> dict[str, Any]:
    return {"collection": "things", "change": "now-required", "filter": {}, **fields}


def test_a_generated_proposal_without_todo_lints_clean() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["properties"]["label"]["bsonType"] = "date"

    document, new = _proposal(edit)
    migration = parse_migration("0001_x", "m.json", render(document).encode())
    assert lint_migration(migration, new) == []


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (_step(update={"$set": {"label": "x"}}, todo="check"), ("/steps/0/todo", "migration-todo")),
        (
            _step(collection="nope", update={"$set": {"a": 1}}),
            ("/steps/0/collection", "migration-collection"),
        ),
        (
            _step(filter={"nope": 1}, update={"$set": {"label": "x"}}),
            ("/steps/0/filter/nope", "migration-path"),
        ),
        (
            _step(update={"$set": {"size.depth": 1}}),
            ("/steps/0/update/$set/size.depth", "migration-path"),
        ),
        (_step(update={"$frob": {"label": 1}}), ("/steps/0/update/$frob", "migration-update")),
        (_step(update={"$set": {"label": 5}}), ("/steps/0/update/$set/label", "migration-result")),
        (
            _step(update={"$set": {"color": "pink"}}),
            ("/steps/0/update/$set/color", "migration-result"),
        ),
        (
            _step(update={"$unset": {"name": ""}}),
            ("/steps/0/update/$unset/name", "migration-result"),
        ),
        (
            _step(update=[{"$set": {"label": 5}}]),
            ("/steps/0/update/0/$set/label", "migration-result"),
        ),
        (
            _step(update=[{"$set": {"color": {"$literal": "pink"}}}]),
            ("/steps/0/update/0/$set/color", "migration-result"),
        ),
        (
            _step(update=[{"$set": {"label": {"$convert": {"input": "$label", "to": "int"}}}}]),
            ("/steps/0/update/0/$set/label/$convert/to", "migration-result"),
        ),
    ],
)
def test_lint_errors_name_their_pointer(step: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in _lint([step])


def test_a_valid_set_and_nested_and_positional_paths_pass() -> None:
    step = _step(
        filter={"$or": [{"size.width": {"$exists": False}}]},
        update={"$set": {"color": "red", "size.width": 3, "label": "x"}},
    )
    pipeline = _step(update=[{"$set": {"label": "$name", "color": {"$literal": "red"}}}])
    assert _lint([step, pipeline]) == []


@pytest.mark.parametrize(
    "text",
    [
        b"{",
        b"[]",
        b'{"steps": []}',
        b'{"steps": [{"collection": "things", "change": "x"}]}',
        (
            b'{"steps": [{"collection": "things", "change": "x", "filter": {}, "update": {}, '
            b'"orphans": [{}]}]}'
        ),
        (
            b'{"steps": [{"collection": "things", "change": "x", "filter": {}, "update": '
            b'{"$set": {"a": {"$date": "never"}}}}]}'
        ),
        b"\xff",
    ],
)
def test_a_file_that_is_not_a_migration_is_refused_with_its_name(text: bytes) -> None:
    with pytest.raises(MigrationFileError) as caught:
        parse_migration("0001_x", "migrations/0001_x.json", text)
    assert "migrations/0001_x.json" in str(caught.value)


def test_files_are_numbered_written_atomically_and_never_overwritten(tmp_path: Path) -> None:
    directory = tmp_path / "migrations"
    first = next_path(directory, "first")
    assert first.name == "0001_first.json"
    write_new(first, "{}\n")
    assert next_path(directory, "second").name == "0002_second.json"
    with pytest.raises(MigrationFileError):
        next_path(directory, "first")
    with pytest.raises(MigrationFileError):
        write_new(first, "other")
    assert first.read_text() == "{}\n"
    assert sorted(p.name for p in directory.iterdir()) == ["0001_first.json"]
    with pytest.raises(MigrationFileError):
        next_path(directory, "Bad-Name")


def test_two_files_with_one_number_are_refused(tmp_path: Path) -> None:
    body = json.dumps({"steps": [_step(update={"$set": {"label": "x"}})]})
    (tmp_path / "0001_a.json").write_text(body)
    (tmp_path / "0001_b.json").write_text(body)
    with pytest.raises(MigrationFileError) as caught:
        read_migrations(tmp_path, tmp_path)
    assert "0001" in str(caught.value)


def test_a_misnamed_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fix.json").write_text("{}")
    with pytest.raises(MigrationFileError) as caught:
        read_migrations(tmp_path, tmp_path)
    assert "NNNN_name.json" in str(caught.value)
