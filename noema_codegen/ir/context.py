"""Shared state while one collection's extension is turned into IR: fields and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field

from noema_codegen.diagnostics import Diagnostic, Severity
from noema_codegen.ir.fields import MAP_SEGMENT
from noema_codegen.ir.model import Field


@dataclass
class CollectionContext:
    collection: str
    file: str
    fields: tuple[Field, ...]
    index_prefix: str
    """The owned-index prefix (``Config.index_prefix``)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, pointer: str, rule: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pointer, Severity.ERROR, rule, message))

    def warning(self, pointer: str, rule: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, pointer, Severity.WARNING, rule, message))

    def resolve(self, path: str) -> Field | None:
        """The field at a dotted path; ``{}`` segments match map keys."""
        for candidate in self.fields:
            if candidate.path == path:
                return candidate
        return None

    def known_paths_hint(self, path: str) -> str:
        head = path.split(".")[0]
        similar = [
            f.path
            for f in self.fields
            if f.path.split(".")[0] == head and MAP_SEGMENT not in f.path
        ]
        names = similar or [f.path for f in self.fields if "." not in f.path]
        return ", ".join(names[:12])
