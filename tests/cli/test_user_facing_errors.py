"""The CLI's one place for errors meant for the user: ``error: <message>``, the mapped exit code,
no traceback; and no command maps these exceptions itself."""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from noema_codegen import cli
from noema_codegen.apply.errors import ApplyError, BadInput, PrivilegeError, ServerError
from noema_codegen.commands import error_report
from noema_codegen.commands.uri_support import CommandInputError
from noema_codegen.config import ConfigError
from noema_codegen.connection.errors import BadUri, CannotConnect
from noema_codegen.diagnostics import Outcome, UserFacingError
from noema_codegen.document_files import InputError
from noema_codegen.evolution.source_ref import EvolutionInputError
from noema_codegen.migrations.format import MigrationFileError
from noema_codegen.migrations.runner import ChecksumMismatch, MigrationProblem
from noema_codegen.migrations.service import MigrationNotReady
from noema_codegen.output_tree import OutputError

# (family, documented exit code): README "Exit codes", docs/architecture.md "Errors become exit codes"
FAMILIES: list[tuple[Callable[[str], UserFacingError], int]] = [
    (ApplyError, 1),
    (BadInput, 2),
    (lambda m: PrivilegeError(m, action="collMod", resource="noema.userCore"), 1),
    (lambda m: ServerError(m, code=8000), 1),
    (CannotConnect, 2),
    (BadUri, 2),
    (InputError, 2),
    (ConfigError, 2),
    (OutputError, 2),
    (CommandInputError, 2),
    (EvolutionInputError, 2),
    (MigrationFileError, 2),
    (ChecksumMismatch, 2),
    (MigrationProblem, 1),
    (MigrationNotReady, 2),
]


def _install(monkeypatch: pytest.MonkeyPatch, command: click.Command) -> None:
    real = cli.LazyGroup.get_command

    def get_command(self: cli.LazyGroup, ctx: click.Context, name: str) -> click.Command | None:
        return command if name == command.name else real(self, ctx, name)

    monkeypatch.setattr(cli.LazyGroup, "get_command", get_command)


def _raising(error: UserFacingError, *, detailed: bool = False) -> click.Command:
    @click.command(name="fails")
    @click.argument("extra", required=False)
    def fails(extra: str | None) -> None:
        if detailed:
            error_report.use_detailed_exitcode()
        raise error

    return fails


@pytest.mark.parametrize(("make", "code"), FAMILIES)
def test_each_family_ends_with_its_exit_code_and_one_error_line(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[str], UserFacingError], code: int
) -> None:
    error = make("cannot use x.json: it is not there. Next: check the path")
    _install(monkeypatch, _raising(error))
    result = CliRunner().invoke(cli.main, ["fails"])
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: cannot use x.json: it is not there. Next: check the path"
    ]
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(("make", "code"), FAMILIES)
def test_detailed_exitcode_maps_every_family_to_1(
    monkeypatch: pytest.MonkeyPatch, make: Callable[[str], UserFacingError], code: int
) -> None:
    # plan --detailed-exitcode follows Terraform: 2 means "changes pending", any error is 1.
    _install(monkeypatch, _raising(make("refused"), detailed=True))
    result = CliRunner().invoke(cli.main, ["fails"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: refused"]


def test_a_uri_typed_on_the_command_line_is_redacted_from_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The message quotes the argument verbatim, password and all (as a careless message would).
    _install(monkeypatch, _raising(InputError("no file named mongodb://app:s3cretpw@db/x")))
    result = CliRunner().invoke(cli.main, ["fails", "mongodb://app:s3cretpw@db/x"])
    assert result.exit_code == 2
    assert "s3cretpw" not in result.output
    assert result.stderr.startswith("error: no file named mongodb://")


def test_a_remembered_uri_is_redacted_from_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    @click.command(name="fails")
    def fails() -> None:
        error_report.remember_uri("mongodb://app:pw-from-env@db/x")
        raise CannotConnect("cannot log in: pw-from-env was refused. Next: check the password")

    _install(monkeypatch, fails)
    result = CliRunner().invoke(cli.main, ["fails"])
    assert result.exit_code == 2
    assert "pw-from-env" not in result.output
    assert result.stderr.startswith("error: cannot log in: ")


def test_every_outcome_has_an_exit_code() -> None:
    assert set(error_report.EXIT_OF) == set(Outcome)


def test_a_real_command_reports_a_missing_file_through_the_cli(tmp_path: Path) -> None:
    missing = tmp_path / "absent.json"
    result = CliRunner().invoke(cli.main, ["validate", "userCore", str(missing)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert str(missing) in lines[0]


def _family_names() -> set[str]:
    for module in ("apply.errors", "connection.errors", "document_check", "config", "output_tree"):
        importlib.import_module(f"noema_codegen.{module}")
    names: set[str] = set()
    todo: list[type[BaseException]] = [UserFacingError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


def test_no_command_catches_the_family_itself() -> None:
    """Only ``cli.py`` maps these exceptions to output and exit codes (issue 9 item 5)."""
    family = _family_names()
    assert {"ApplyError", "CannotConnect", "InputError", "ConfigError", "OutputError"} <= family
    commands = Path(cli.__file__).parent / "commands"
    caught: list[str] = []
    for path in sorted(commands.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                for name in ast.walk(node.type):
                    label = (
                        name.attr if isinstance(name, ast.Attribute) else getattr(name, "id", "")
                    )
                    if label in family:
                        caught.append(f"{path.name}:{node.lineno} catches {label}")
    assert caught == []


def test_missing_database_is_reported_once_by_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `snapshot` without --db and without `database` in a pyproject: one error line, exit 2.
    (tmp_path / "pyproject.toml").write_text("[tool.noema-codegen]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli.main,
        ["snapshot", "--uri", "mongodb://u:s3cret@127.0.0.1:1/"],
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no database")
    assert "s3cret" not in result.output
