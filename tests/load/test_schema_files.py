"""Bad schema files through the CLI: exit 2, the file and a location, a next step, no traceback.

Each case drives ``noema-codegen lint`` and ``noema-codegen build`` in-process on a throwaway
schemas directory; a failed build must leave its output directory as it was (here: absent).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from noema_codegen.cli import main
from noema_codegen.strict_json import MAX_DEPTH
from tests.schema_fixtures import SchemaDirFactory, minimal_schema

#: file, then optionally :line[:column], then optionally #pointer, then ": error[".
ERROR_LINE = re.compile(r"^schemas/[^:#]+\.json(:\d+(:\d+)?)?(#\S*)?: error\[[a-z-]+\]: .+")


def _lint(project: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["lint", "--schemas", str(project / "schemas"), *extra])


def _build(project: Path) -> Result:
    out = project / "generated"
    return CliRunner().invoke(
        main, ["build", "--schemas", str(project / "schemas"), "--out", str(out)]
    )


def _error_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if "error[" in line]


def _refused(project: Path) -> list[str]:
    """Lint and build both exit 2 without a traceback; the error lines (checked for shape)."""
    lint = _lint(project)
    assert lint.exit_code == 2, lint.output
    assert "Traceback" not in lint.output
    errors = _error_lines(lint)
    assert errors, lint.output
    for line in errors:
        assert ERROR_LINE.match(line), line
    build = _build(project)
    assert build.exit_code == 2, build.output
    assert "Traceback" not in build.output
    assert "nothing was written" in build.output
    assert not (project / "generated").exists()
    return errors


def _with_property(name: str, schema: Any) -> dict[str, Any]:
    result = minimal_schema()
    result["properties"][name] = schema
    return result


def test_duplicate_key_is_reported_at_the_line_of_the_second_occurrence(
    make_schema_dir: SchemaDirFactory,
) -> None:
    text = (
        '{\n  "bsonType": "object",\n  "properties": {\n    "n": {\n      "bsonType": "int",\n'
        '      "minimum": 0,\n      "bsonType": "long"\n    }\n  }\n}'
    )
    errors = _refused(make_schema_dir(things=text))
    assert len(errors) == 1
    assert errors[0].startswith("schemas/things.json:7:7#/properties/n/bsonType: ")
    assert "error[json-duplicate-key]" in errors[0]
    assert "first at line 5" in errors[0]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_tokens_are_refused_with_line_and_column(
    make_schema_dir: SchemaDirFactory, token: str
) -> None:
    text = '{\n  "bsonType": "object",\n  "properties": {"n": {"bsonType": "double", "minimum": %s}}\n}'
    errors = _refused(make_schema_dir(things=text % token))
    column = text.splitlines()[2].index("%s") + 1
    assert errors == [
        f"schemas/things.json:3:{column}#/properties/n/minimum: error[json-number]: "
        + errors[0].split("error[json-number]: ", 1)[1]
    ]
    assert token in errors[0]


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        (_with_property("\ud800", {"bsonType": "string"}), "/properties/\\ud800"),
        (_with_property("n", {"bsonType": "string", "description": "a\udfffb"}), None),
        (_with_property("n", {"bsonType": "string", "enum": ["ok", "\udbff"]}), None),
        ({**minimal_schema(), "title": "\ud83d"}, "/title"),
    ],
    ids=["property-name", "description", "enum-member", "title"],
)
def test_lone_surrogates_are_refused_with_the_pointer(
    make_schema_dir: SchemaDirFactory, schema: dict[str, Any], pointer: str | None
) -> None:
    text = json.dumps(schema)  # ensure_ascii: the surrogate is written as a \\uXXXX escape
    errors = _refused(make_schema_dir(things=text))
    assert len(errors) == 1
    assert "error[json-unicode]" in errors[0]
    if pointer is not None:
        assert f"#{pointer}: " in errors[0]
    else:
        assert "#/properties/n/" in errors[0]


def test_a_surrogate_pair_is_one_character_and_accepted(make_schema_dir: SchemaDirFactory) -> None:
    schema = _with_property("n", {"bsonType": "string", "description": "emoji \U0001f600"})
    project = make_schema_dir(things=json.dumps(schema))  # written as \ud83d\ude00
    assert _lint(project).exit_code == 0


def test_nul_in_a_key_is_refused(make_schema_dir: SchemaDirFactory) -> None:
    errors = _refused(make_schema_dir(things=json.dumps(_with_property("a\x00b", {}))))
    assert "#/properties/a\\u0000b: error[json-key]" in errors[0]


@pytest.mark.parametrize(
    ("literal", "accepted"),
    [
        ("9223372036854775807", True),
        ("-9223372036854775808", True),
        ("9223372036854775808", False),
        ("-9223372036854775809", False),
        ("123456789012345678901234567890", False),
        ("1" * 5000, False),  # past Python's int-parsing limit too
        ("1e308", True),
        ("1e400", False),
        ("-1e400", False),
        ("1.5e30", True),
    ],
)
def test_numbers_beyond_int64_or_double_are_refused(
    make_schema_dir: SchemaDirFactory, literal: str, accepted: bool
) -> None:
    text = json.dumps(_with_property("n", {"bsonType": "double", "maximum": 0}))
    text = text.replace('"maximum": 0', f'"maximum": {literal}')
    project = make_schema_dir(things=text)
    if accepted:
        assert _lint(project).exit_code == 0
        return
    errors = _refused(project)
    assert len(errors) == 1
    assert ":1:" in errors[0]
    assert "#/properties/n/maximum: error[json-number]" in errors[0]


def _nested(levels: int) -> dict[str, Any]:
    """A property whose schema nests ``levels`` more JSON objects (via ``properties``)."""
    inner: dict[str, Any] = {"bsonType": "string"}
    for _ in range(levels):
        inner = {"bsonType": "object", "properties": {"a": inner}}
    return inner


def _nots(levels: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"bsonType": "string"}
    for _ in range(levels):
        inner = {"not": inner}
    return inner


def test_nesting_at_the_limit_builds(make_schema_dir: SchemaDirFactory) -> None:
    # root(1) properties(2) deep(3), then 2 levels per wrapping: 3 + 2 * 48 + 1 = 100 levels
    project = make_schema_dir(things=_with_property("deep", _nested(48)))
    result = _build(project)
    assert result.exit_code == 0, result.output
    imported = subprocess.run(
        [sys.executable, "-c", "import noema_db.models, noema_db.repositories"],
        cwd=project / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr


@pytest.mark.parametrize(
    "text",
    [
        '{"a": ' + "[" * 1000 + "]" * 1000 + "}",
        '{"a": ' + "[" * 100_000,  # unterminated as well: the depth is reported first
        json.dumps(_with_property("deep", _nested(250))),
        json.dumps(_with_property("deep", _nots(500))),
        json.dumps(_with_property("deep", _nested(49))),  # one level past the limit
    ],
    ids=["1000-arrays", "100000-unterminated", "250-properties", "500-not", "limit-plus-one"],
)
def test_nesting_deeper_than_the_limit_is_refused_with_the_pointer(
    make_schema_dir: SchemaDirFactory, text: str
) -> None:
    errors = _refused(make_schema_dir(things=text))
    assert len(errors) == 1
    assert "error[json-depth]" in errors[0]
    assert str(MAX_DEPTH) in errors[0]
    pointer = errors[0].split("#", 1)[1].split(": error[", 1)[0]
    assert pointer.count("/") == MAX_DEPTH - 1 or pointer.count("/") == MAX_DEPTH


def test_many_problems_are_capped(make_schema_dir: SchemaDirFactory) -> None:
    text = '{"enum": [' + ", ".join(["NaN"] * 1000) + "]}"
    errors = _refused(make_schema_dir(things=text))
    assert 1 < len(errors) <= 25


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"\xef\xbb\xbf" + json.dumps(minimal_schema()).encode(), "byte-order mark"),
        (
            json.dumps(_with_property("caf\u00e9", {}), ensure_ascii=False).encode("latin-1"),
            "UTF-8",
        ),
        (b"\xff\xfe{\x00}\x00", "UTF-8"),
        (b"[]", "array"),
        (b'"a schema"', "string"),
        (b"42", "number"),
        (b"null", "null"),
        (b'{"bsonType": "object",}', "invalid JSON"),
        (b'{"bsonType": "object"} {}', "invalid JSON"),
    ],
    ids=[
        "empty",
        "whitespace",
        "bom",
        "latin-1",
        "utf-16",
        "array",
        "string",
        "number",
        "null",
        "trailing-comma",
        "two-values",
    ],
)
def test_unusable_file_content(
    make_schema_dir: SchemaDirFactory, content: bytes, expected: str
) -> None:
    project = make_schema_dir()
    (project / "schemas" / "things.json").write_bytes(content)
    errors = _refused(project)
    assert len(errors) == 1
    assert errors[0].startswith("schemas/things.json")
    assert expected in errors[0]


def test_not_utf8_names_the_line_and_column_of_the_bad_byte(
    make_schema_dir: SchemaDirFactory,
) -> None:
    project = make_schema_dir()
    (project / "schemas" / "things.json").write_bytes(b'{\n  "title": "caf\xe9"\n}')
    errors = _refused(project)
    assert errors[0].startswith("schemas/things.json:2:16: error[encoding]")
    assert "0xE9" in errors[0]


def test_a_directory_named_like_a_schema(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    (project / "schemas" / "other.json").mkdir()
    errors = _refused(project)
    assert errors == [errors[0]]
    assert errors[0].startswith("schemas/other.json: error[read]: a directory")


def test_a_broken_link_named_like_a_schema(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    (project / "schemas" / "other.json").symlink_to(project / "nowhere.json")
    errors = _refused(project)
    assert errors[0].startswith("schemas/other.json: error[read]: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file with mode 000")
def test_an_unreadable_file(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    path = project / "schemas" / "things.json"
    path.chmod(0)
    try:
        errors = _refused(project)
    finally:
        path.chmod(0o644)
    assert errors[0].startswith("schemas/things.json: error[read]: permission denied")
    assert "chmod" in errors[0]


def test_a_file_name_that_is_not_utf8(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    name = os.fsdecode(b"caf\xe9.json")
    try:
        (project / "schemas" / name).write_text("{}", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this filesystem refuses a non-UTF-8 file name")
    errors = _refused(project)
    assert errors[0].startswith(
        "schemas/caf\\udce9.json: error[read]: the file name is not valid UTF-8"
    )


@pytest.mark.parametrize(
    "name",
    [
        ".#things.json",
        "things.json~",
        ".things.json.swp",
        "._things.json",
        ".hidden.json",
        "#things.json#",
    ],
)
def test_editor_and_hidden_files_are_skipped_with_a_note(
    make_schema_dir: SchemaDirFactory, name: str
) -> None:
    project = make_schema_dir(things=minimal_schema())
    (project / "schemas" / name).write_bytes(b"\x00 not JSON")
    result = _lint(project)
    assert result.exit_code == 0, result.output
    assert f"schemas/{name}: note[skipped-file]: skipped: " in result.output
    assert "no problems found" in result.output
    build = _build(project)
    assert build.exit_code == 0, build.output
    assert "note[skipped-file]" in build.output


def test_notes_are_on_stderr_and_in_json(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    (project / "schemas" / "._things.json").write_bytes(b"\x00\x05")
    result = _lint(project)  # click's runner keeps stdout and stderr apart
    assert "note[skipped-file]" in result.stderr
    assert "note" not in result.stdout
    as_json = json.loads(_lint(project, "--format", "json").stdout)
    assert (as_json["errors"], as_json["warnings"], as_json["notes"]) == (0, 0, 1)


def test_other_files_are_ignored_silently(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir(things=minimal_schema())
    for name in ("README.md", ".gitkeep", ".DS_Store", "things.yaml"):
        (project / "schemas" / name).write_text("not a schema", encoding="utf-8")
    result = _lint(project)
    assert result.exit_code == 0
    assert result.output == "no problems found\n"


def test_only_skipped_files_is_no_schema(make_schema_dir: SchemaDirFactory) -> None:
    project = make_schema_dir()
    (project / "schemas" / ".#things.json").write_text("{}", encoding="utf-8")
    result = _lint(project)
    assert result.exit_code == 2
    assert "schemas: error[schema-dir]: no *.json schema files" in result.output


def test_a_read_refused_by_the_os_is_a_message_not_a_traceback(
    make_schema_dir: SchemaDirFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as chmod 000 for a non-root user, reachable when the tests run as root."""
    project = make_schema_dir(things=minimal_schema())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    errors = _refused(project)
    expected = "permission denied: make the file readable (chmod u+r FILE)"
    assert errors == [f"schemas/things.json: error[read]: {expected}"]


def test_schemas_option_naming_a_file_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("{}", encoding="utf-8")
    absent = CliRunner().invoke(main, ["lint", "--schemas", str(tmp_path / "absent")])
    assert absent.exit_code == 2
    assert "error[schema-dir]: schema directory not found: pass --schemas DIR" in absent.output
    a_file = CliRunner().invoke(main, ["lint", "--schemas", str(tmp_path / "file")])
    assert a_file.exit_code == 2  # click's own usage error (file_okay=False)
    assert "Traceback" not in a_file.output
