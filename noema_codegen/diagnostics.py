"""Problems found in schema sources, reported as values.

Every stage before rendering (load, lint, IR construction) returns
``Diagnostic`` values instead of raising on the first problem, so that a user
sees every problem of every file in one run, each with the file, the JSON
pointer and what to do.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

#: Characters that would break a diagnostic's one line or mislead a reader: C0/C1 controls,
#: lone surrogates (unprintable), bidirectional overrides ("Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with unprintable characters written as ``\\uXXXX`` escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Severity(str, enum.Enum):
    """How bad a diagnostic is. A ``str`` enum, so diagnostics sort (errors before notes and
    warnings at the same place) without ever comparing enum members."""

    ERROR = "error"
    NOTE = "note"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where (file + JSON pointer), which rule, what and how to fix it.

    ``line``/``column`` (1-based) are set when the problem is in the file's text (invalid JSON,
    a refused number...); 0 means unknown. Every field is a ``str`` or ``int``, so any list of
    diagnostics sorts (file, pointer, severity, rule, message, line, column).
    ``NOTE`` is neither an error nor a warning: something skipped on purpose, said once.
    """

    file: str
    pointer: str
    severity: Severity
    rule: str
    message: str
    line: int = 0
    column: int = 0

    def location(self) -> str:
        """``file[:line[:column]][#pointer]``: the form editors and terminals turn into links."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        if self.pointer:
            where += f"#{self.pointer}"
        return where

    def format(self) -> str:
        """One line, whatever the names in it hold (see ``printable``)."""
        return printable(f"{self.location()}: {self.severity.value}[{self.rule}]: {self.message}")

    def to_json(self) -> dict[str, str | int | None]:
        return {
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line or None,
            "column": self.column or None,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def warnings_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.WARNING]


def notes_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.NOTE]


class Outcome(enum.Enum):
    """What a ``UserFacingError`` means for the run; the CLI turns it into an exit code."""

    BAD_INPUT = "bad input"
    """Bad input or usage, including a MongoDB connection that cannot be used (exit 2)."""
    PROBLEMS = "problems"
    """A check found problems, or the server refused an operation (exit 1)."""


class UserFacingError(Exception):
    """An error meant for the user: its message says where and what next, and holds no secret
    (it is redacted where it is created). Commands let it propagate: ``cli.LazyGroup.invoke``
    prints ``error: <message>`` and exits with the code of ``outcome``, in one place."""

    outcome: ClassVar[Outcome] = Outcome.BAD_INPUT


class BuildFailed(Exception):
    """Raised when schemas have errors; ``diagnostics`` holds all of them (and the warnings)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = errors_in(self.diagnostics)
        super().__init__(f"{len(errors)} schema error(s)")


def pointer_token(token: str | int) -> str:
    """One JSON pointer reference token, ``~`` written ``~0`` and ``/`` written ``~1`` (RFC 6901).

    The one escaper of the tool; the runtime copied into generated packages has none.
    """
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_join(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer, escaping ``~`` and ``/`` (RFC 6901)."""
    return pointer + "".join("/" + pointer_token(token) for token in tokens)
