"""Problems found in schema sources, reported as values.

Every stage before rendering (load, lint, IR construction) returns
``Diagnostic`` values instead of raising on the first problem, so that a user
sees every problem of every file in one run, each with the file, the JSON
pointer and what to do.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where (file + JSON pointer), which rule, what and how to fix it."""

    file: str
    pointer: str
    severity: Severity
    rule: str
    message: str

    def format(self) -> str:
        where = f"{self.file}#{self.pointer}" if self.pointer else self.file
        return f"{where}: {self.severity.value}[{self.rule}]: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "file": self.file,
            "pointer": self.pointer,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def warnings_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.WARNING]


class BuildFailed(Exception):
    """Raised when schemas have errors; ``diagnostics`` holds all of them (and the warnings)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = errors_in(self.diagnostics)
        super().__init__(f"{len(errors)} schema error(s)")


def pointer_join(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer, escaping ``~`` and ``/`` (RFC 6901)."""
    parts = [pointer]
    for token in tokens:
        text = str(token).replace("~", "~0").replace("/", "~1")
        parts.append("/" + text)
    return "".join(parts)
