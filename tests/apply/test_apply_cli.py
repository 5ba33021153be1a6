"""The snapshot / plan / apply-validators commands, as a new user would run them (no server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apply_server_shape import EMPTY, IN_SYNC, server_snapshot
from click.testing import CliRunner

from noema_codegen.apply.desired import load_desired
from noema_codegen.apply.snapshot import dumps_snapshot
from noema_codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = str(ROOT / "schemas")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def test_shipped_in_sync_snapshot_is_the_one_built_from_the_ir() -> None:
    expected = dumps_snapshot(server_snapshot(load_desired(ROOT / "schemas")))
    assert IN_SYNC.read_text(encoding="utf-8") == expected, (
        "schemas changed: regenerate with .venv/bin/python tests/apply/apply_server_shape.py"
    )


def test_plan_on_an_empty_database_lists_every_collection_and_exits_2() -> None:
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(EMPTY), "--detailed-exitcode"
    )
    assert code == 2
    created = [
        line.split()[3]
        for line in out.splitlines()
        if line.strip().startswith("+ create collection")
    ]
    assert created == sorted(d.name for d in load_desired(ROOT / "schemas"))
    assert len(created) == 7
    assert "7 collection(s) to create" in out


def test_plan_without_detailed_exitcode_exits_0_even_with_changes() -> None:
    code, _ = invoke("plan", "--schemas", SCHEMAS, "--from-snapshot", str(EMPTY))
    assert code == 0


def test_plan_on_a_matching_snapshot_is_in_sync_and_exits_0() -> None:
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(IN_SYNC), "--detailed-exitcode"
    )
    assert (code, out.splitlines()[-1]) == (0, "  in sync: nothing to do.")


def test_plan_json_format() -> None:
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(EMPTY), "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["in_sync"] is False
    kinds = [a["action"] for a in data["actions"]]
    assert kinds.count("create_collection") == 7
    first = data["actions"][0]
    assert first["options"]["validator"]["$jsonSchema"]["bsonType"] == "object"


def test_plan_detects_drift_in_a_snapshot(tmp_path: Path) -> None:
    snap = server_snapshot(load_desired(ROOT / "schemas"))
    snap["collections"][0]["options"]["validationAction"] = "warn"
    sessions = next(c for c in snap["collections"] if c["name"] == "userSessions")
    sessions["options"]["validator"]["$jsonSchema"]["required"].remove("platform")
    path = tmp_path / "drift.json"
    path.write_text(dumps_snapshot(snap))
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(path), "--detailed-exitcode"
    )
    assert code == 2
    assert "validationAction: warn -> error" in out
    assert 'validator + /$jsonSchema/required/-: "platform"' in out
    assert "2 validation change(s)" in out


def test_plan_needs_exactly_one_source() -> None:
    assert invoke("plan", "--schemas", SCHEMAS)[0] == 2
    code, out = invoke(
        "plan", "--uri", "mongodb://h:1", "--from-snapshot", str(EMPTY), "--detailed-exitcode"
    )
    assert code == 1 and "exactly one of --uri and --from-snapshot" in out


def test_exported_uri_does_not_conflict_with_from_snapshot() -> None:
    env = {"NOEMA_MONGODB_URI": "mongodb://u:p@h:1"}
    code, _ = invoke(
        "plan",
        "--schemas",
        SCHEMAS,
        "--from-snapshot",
        str(IN_SYNC),
        "--detailed-exitcode",
        env=env,
    )
    assert code == 0


def test_bad_snapshot_and_bad_schema_dir_are_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    code, out = invoke("plan", "--schemas", SCHEMAS, "--from-snapshot", str(bad))
    assert code == 2 and str(bad) in out
    code, out = invoke(
        "plan", "--schemas", str(tmp_path / "missing"), "--from-snapshot", str(EMPTY)
    )
    assert code == 2 and "schema directory not found" in out


def test_generated_artifacts_match_the_desired_state() -> None:
    generated = ROOT / "generated"
    if not (generated / "validators").is_dir():
        pytest.skip("generated/validators/ not built yet: run `noema-codegen build`")
    for target in load_desired(ROOT / "schemas"):
        validator = json.loads((generated / "validators" / f"{target.name}.json").read_text())
        indexes = json.loads((generated / "indexes" / f"{target.name}.json").read_text())
        assert validator == dict(target.options)
        assert indexes == {
            "createIndexes": target.name,
            "indexes": [dict(s) for s in target.indexes],
        }


@pytest.mark.parametrize(
    "command", ["apply-validators", "snapshot", "plan", "check-references", "validate"]
)
def test_unreachable_server_fails_with_a_clear_message_and_no_password(command: str) -> None:
    args = [command, "--uri", "mongodb://user:secret@127.0.0.1:1", "--timeout", "0.05"]
    if command == "validate":
        args.insert(1, "userCore")
    if command == "apply-validators":
        args.append("--yes")  # not a terminal: without --yes or --plan it is refused first
    if command != "snapshot":
        args += ["--schemas", SCHEMAS]
    code, out = invoke(*args)
    assert code == 2  # a connection that cannot be used is bad input, in every command
    assert "secret" not in out
    assert "Next: check the host" in out
    assert "cannot reach MongoDB at mongodb://***:***@127.0.0.1:1" in out


def test_real_server_test_documents_match_the_schemas() -> None:
    """Guards the real-server tests' data: valid documents must pass the validators offline."""
    from apply_documents import session_doc, user_doc

    from noema_codegen.validation import compile_schema

    by_name = {d.name: d for d in load_desired(ROOT / "schemas")}

    def schema(name: str) -> Any:
        return compile_schema(by_name[name].options["validator"]["$jsonSchema"])

    assert schema("userSessions").is_valid(session_doc())
    assert not schema("userSessions").is_valid(session_doc(platform=42))
    assert not schema("userSessions").is_valid({"platform": "web"})
    assert schema("userCore").is_valid(user_doc("0xA", "0xA"))
    assert schema("userCore").is_valid(user_doc())


def test_unexpected_errors_are_internal_errors_without_their_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No command has its own catch-all: the CLI's one handler reports the bug (exit 70) and
    never prints the exception text, which may quote the URI."""
    import noema_codegen.commands.snapshot as snapshot_command

    def boom(uri: str, database: str, timeout: float | None) -> str:
        raise RuntimeError(f"something broke near {uri}")

    monkeypatch.setattr(snapshot_command, "snapshot_text", boom)
    code, out = invoke("snapshot", "--uri", "mongodb://user:hunter2secret@h:1")
    assert code == 70
    assert "hunter2secret" not in out and "RuntimeError" in out


def test_usage_errors_exit_1_under_detailed_exitcode() -> None:
    """With --detailed-exitcode, 2 means "changes pending"; a usage error must not look like drift."""
    from click.testing import CliRunner

    from noema_codegen.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["plan", "--detailed-exitcode", "--format", "xml"]).exit_code == 1
    assert runner.invoke(main, ["plan", "--format", "xml"]).exit_code == 2


def test_snapshot_output_file_is_written_whole_or_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    import noema_codegen.commands.snapshot as snapshot_command

    monkeypatch.setattr(snapshot_command, "snapshot_text", lambda *args: '{"database": "x"}\n')
    target = tmp_path / "live.json"
    code, out = invoke("snapshot", "--uri", "mongodb://h:1", "-o", str(target))
    assert code == 0 and target.read_text() == '{"database": "x"}\n'
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["live.json"]  # no temporary file left
    missing = tmp_path / "no" / "such" / "dir.json"
    code, out = invoke("snapshot", "--uri", "mongodb://h:1", "-o", str(missing))
    assert code == 2 and str(missing) in out and "Next:" in out


@pytest.mark.parametrize(
    "args",
    [
        ["snapshot", "--uri", "mongodb://h:1", "mongodb://u:hunter2secret@h"],
        ["plan", "--format", "mongodb://u:hunter2secret@h"],
        ["plan", "--detailed-exitcode", "--format", "mongodb://u:hunter2secret@h"],
        ["check-references", "--uri", "mongodb://h:1", "--db", "mongodb://u:hunter2secret@h"],
        ["validate", "userCore", "mongodb://u:hunter2secret@h"],
        ["validate", "u:hunter2secret x@h", "--uri", "mongodb://h:1"],
    ],
)
def test_a_uri_typed_in_the_wrong_place_is_not_echoed(args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == (1 if "--detailed-exitcode" in args else 2)
    assert "hunter2secret" not in out and "rror: " in out
