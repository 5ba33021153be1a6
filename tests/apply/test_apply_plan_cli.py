"""`plan --out`, `plan --from-snapshot --db`, `apply-validators --plan/--yes` from the command
line (no server: each refusal here happens before anything is contacted)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from apply_server_shape import EMPTY, IN_SYNC
from click.testing import CliRunner

from noema_codegen.apply.actions import CreateIndex, Plan
from noema_codegen.apply.executor import ApplyReport
from noema_codegen.apply.plan_schema import PLAN_SCHEMA
from noema_codegen.apply.service import ApplyCancelled
from noema_codegen.cli import main
from noema_codegen.commands import apply as apply_command

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = str(ROOT / "schemas")
UNREACHABLE = "mongodb://user:secret@127.0.0.1:1"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_plan_from_snapshot_refuses_another_db() -> None:
    # before: --db was silently ignored with --from-snapshot
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(EMPTY), "--db", "staging"
    )
    assert code == 2
    assert "/database is 'noema', but --db is 'staging'" in out
    assert "Next:" in out


def test_plan_from_snapshot_accepts_its_own_db() -> None:
    code, out = invoke(
        "plan", "--schemas", SCHEMAS, "--from-snapshot", str(IN_SYNC), "--db", "noema"
    )
    assert code == 0, out
    assert "in sync" in out


def test_plan_out_saves_a_valid_plan_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = CliRunner().invoke(
        main,
        ["plan", "--schemas", SCHEMAS, "--from-snapshot", str(EMPTY), "--out", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert "+ create collection" in result.output  # the text plan is still shown
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(PLAN_SCHEMA).validate(document)
    assert len(document["inputs"]["live_sha256"]) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_plan_out_to_an_unwritable_place_is_bad_input(tmp_path: Path) -> None:
    code, out = invoke(
        "plan",
        "--schemas",
        SCHEMAS,
        "--from-snapshot",
        str(EMPTY),
        "--out",
        str(tmp_path / "no" / "plan.json"),
    )
    assert code == 2
    assert "cannot write the plan" in out


def test_apply_off_a_terminal_without_yes_or_plan_is_refused_before_connecting() -> None:
    code, out = invoke("apply-validators", "--uri", UNREACHABLE, "--schemas", SCHEMAS)
    assert code == 2
    assert "--yes" in out and "--plan FILE" in out
    assert "cannot reach" not in out and "secret" not in out


def test_dry_run_needs_no_yes() -> None:
    code, out = invoke(
        "apply-validators",
        "--uri",
        UNREACHABLE,
        "--schemas",
        SCHEMAS,
        "--dry-run",
        "--timeout",
        "0.05",
    )
    assert code == 2
    assert "cannot reach MongoDB" in out  # got as far as connecting


@pytest.mark.parametrize(
    "option", [["--prune-indexes", "drop"], ["--validation-level", "moderate"]]
)
def test_plan_file_refuses_options_that_would_change_it(option: list[str], tmp_path: Path) -> None:
    code, out = invoke(
        "apply-validators", "--uri", UNREACHABLE, "--plan", str(tmp_path / "p.json"), *option
    )
    assert code == 2
    assert "--plan runs the saved plan with the options it was made with" in out


def test_missing_plan_file_is_bad_input_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "plan.json"
    code, out = invoke("apply-validators", "--uri", UNREACHABLE, "--plan", str(missing))
    assert code == 2
    assert f"{missing}: cannot read the plan" in out


def test_help_teaches_the_saved_plan_workflow() -> None:
    for command in ("plan", "apply-validators"):
        code, out = invoke(command, "--help")
        assert code == 0
        assert "--plan plan.json" in out and "--out plan.json" in out


def _fake_apply(seen: list[object]) -> Any:
    """Stands in for the service: shows a one-action plan to ``confirm`` as the service does."""

    def apply_to_uri(*args: Any, confirm: Any = None, saved: Any = None, **_: Any) -> ApplyReport:
        seen.append(confirm)
        planned = Plan("noema", (CreateIndex("userCore", "noema_x", {"key": {"x": 1}}),))
        if confirm is not None and not confirm(planned):
            raise ApplyCancelled("cancelled at the prompt; nothing was changed")
        return ApplyReport(plan=Plan("noema"))

    return apply_to_uri


@pytest.mark.parametrize(("answer", "code"), [("n\n", 1), ("\n", 1), ("y\n", 0)])
def test_a_terminal_is_shown_the_plan_and_asked(
    monkeypatch: pytest.MonkeyPatch, answer: str, code: int
) -> None:
    seen: list[object] = []
    monkeypatch.setattr(apply_command, "_interactive", lambda: True)
    monkeypatch.setattr(apply_command, "apply_to_uri", _fake_apply(seen))
    result = CliRunner().invoke(
        main, ["apply-validators", "--uri", UNREACHABLE, "--schemas", SCHEMAS], input=answer
    )
    assert result.exit_code == code, result.output
    assert "+ create index userCore.noema_x" in result.output
    assert "Apply these changes? [y/N]" in result.output
    assert seen[0] is not None
    if code:
        assert "cancelled at the prompt; nothing was changed" in result.output


def test_yes_skips_the_question_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    monkeypatch.setattr(apply_command, "_interactive", lambda: True)
    monkeypatch.setattr(apply_command, "apply_to_uri", _fake_apply(seen))
    code, out = invoke("apply-validators", "--uri", UNREACHABLE, "--schemas", SCHEMAS, "--yes")
    assert code == 0, out
    assert seen == [None] and "Apply these changes?" not in out
