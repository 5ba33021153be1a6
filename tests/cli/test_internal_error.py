"""The CLI's one place for unexpected exceptions: a short message, exit 70, no secret, no traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from noema_codegen import cli


@pytest.fixture
def broken_command(monkeypatch: pytest.MonkeyPatch) -> None:
    @click.command()
    def boom() -> None:
        raise ValueError("mongodb://admin:hunter2@db.example/ is not welcome here")

    real = cli.LazyGroup.get_command

    def get_command(self: cli.LazyGroup, ctx: click.Context, name: str) -> click.Command | None:
        return boom if name == "boom" else real(self, ctx, name)

    monkeypatch.setattr(cli.LazyGroup, "get_command", get_command)
    monkeypatch.setattr(cli.LazyGroup, "list_commands", lambda self, ctx: ["boom"])


@pytest.mark.usefixtures("broken_command")
def test_unexpected_exception_exits_70_with_a_report_hint_and_no_message_or_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    result = CliRunner().invoke(cli.main, ["boom"])
    assert result.exit_code == cli.INTERNAL_ERROR == 70
    assert "internal error: ValueError" in result.output
    assert "report" in result.output
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("broken_command")
def test_debug_variable_prints_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    result = CliRunner().invoke(cli.main, ["boom"])
    assert result.exit_code == 70
    assert "Traceback" in result.output


def test_internal_error_message_names_the_innermost_tool_frame() -> None:
    from noema_codegen.connection.uri import redact_uri

    with pytest.raises(TypeError) as info:
        redact_uri(None)  # type: ignore[arg-type]
    message = cli.internal_error_message(info.value)
    assert message.startswith("internal error: TypeError at noema_codegen/connection/uri.py:")
