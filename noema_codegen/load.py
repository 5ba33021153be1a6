"""Load schema sources: ``schemas/<collection>.json`` -> ``SchemaSource`` values.

Loading never raises for bad input: every file that cannot be used becomes an error diagnostic
(file, and line/column or JSON pointer where there is one, and what to do), so the linter can
report every file in one run. What a schema file may hold is in docs/input-contract.md; the
JSON-level checks (depth, numbers, duplicate keys, Unicode) are in ``strict_json``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from noema_codegen.diagnostics import Diagnostic, Severity
from noema_codegen.strict_json import read_json

#: Files larger than this are refused unread. MongoDB's document limit is 16 MiB of BSON
#: (checked by lint); JSON text is larger than its BSON only by whitespace and punctuation.
MAX_FILE_BYTES = 64 * 1024 * 1024
SCHEMA_SUFFIX = ".json"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class SchemaSource:
    """One parsed schema file. ``collection`` is the file name without ``.json``."""

    collection: str
    path: Path
    display_path: str
    schema: Mapping[str, Any]


def _display(path: Path, root: Path) -> str:
    try:  # the directory is resolved, not the file: a link is shown under its own name
        shown = (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    # A name that is not UTF-8 reaches Python with surrogate escapes; print its bytes instead.
    return shown.encode("utf-8", "backslashreplace").decode("utf-8")


def skip_reason(name: str) -> str | None:
    """Why a file that looks like a schema is not one (editor, OS or hidden file), or None."""
    if name.startswith("._"):
        return "a macOS metadata file (._*)"
    if name.startswith(".#"):
        return "an editor lock file (.#*)"
    if name.endswith((".swp", ".swo", ".swx")) and name.startswith("."):
        return "an editor swap file"
    if name.endswith("~"):
        return "an editor backup file (*~)"
    if name.startswith("#") and name.endswith("#"):
        return "an editor autosave file (#*#)"
    if name.startswith("."):
        return "a hidden file"
    return None


def _schema_dir_error(shown: str, message: str) -> Diagnostic:
    return Diagnostic(shown, "", Severity.ERROR, "schema-dir", message)


def load_sources(
    schema_dir: Path, root: Path | None = None
) -> tuple[list[SchemaSource], list[Diagnostic]]:
    """Parse every ``*.json`` in ``schema_dir`` (sorted by name).

    ``root`` is what displayed paths are relative to (default: the schema
    directory's parent, i.e. the project root for ``schemas/``). Hidden, editor and macOS
    metadata files whose name contains ``.json`` are skipped with a note; other files
    (README.md, .gitkeep...) are ignored silently.
    """
    root = root if root is not None else schema_dir.parent
    sources: list[SchemaSource] = []
    diagnostics: list[Diagnostic] = []
    shown_dir = schema_dir.as_posix()
    if not schema_dir.is_dir():
        message = (
            "schema directory not found: pass --schemas DIR, or set schemas in "
            "[tool.noema-codegen] of pyproject.toml (`noema-codegen config` shows the setting)"
        )
        return sources, [_schema_dir_error(shown_dir, message)]
    try:
        names = sorted(os.listdir(schema_dir))
    except OSError as exc:
        message = f"cannot list the schema directory ({exc.strerror}): check its permissions"
        return sources, [_schema_dir_error(shown_dir, message)]
    candidates: list[Path] = []
    for name in names:
        path = schema_dir / name
        reason = skip_reason(name)
        if reason is not None:
            if SCHEMA_SUFFIX in name:
                diagnostics.append(
                    Diagnostic(
                        _display(path, root),
                        "",
                        Severity.NOTE,
                        "skipped-file",
                        f"skipped: {reason}, not a schema",
                    )
                )
        elif name.endswith(SCHEMA_SUFFIX):
            candidates.append(path)
    if not candidates:
        diagnostics.append(_schema_dir_error(shown_dir, "no *.json schema files in this directory"))
    for path in candidates:
        source, found = load_source(path, _display(path, root))
        diagnostics.extend(found)
        if source is not None:
            sources.append(source)
    return sources, diagnostics


def _error(shown: str, rule: str, message: str, line: int = 0, column: int = 0) -> Diagnostic:
    return Diagnostic(shown, "", Severity.ERROR, rule, message, line, column)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_bytes(path: Path, shown: str) -> bytes | Diagnostic:
    """The file's bytes, or why they cannot be read (as a diagnostic with a next step)."""
    if path.is_dir():
        return _error(
            shown, "read", "a directory, not a file: rename it so it does not end in .json"
        )
    try:
        if not path.is_file():
            message = "not a regular file (or a broken link): replace it with a file"
            return _error(shown, "read", message)
        if path.stat().st_size > MAX_FILE_BYTES:
            message = (
                f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, the limit for a schema "
                "file: a validator must fit MongoDB's 16 MiB document limit"
            )
            return _error(shown, "read", message)
        return path.read_bytes()
    except PermissionError:
        return _error(shown, "read", "permission denied: make the file readable (chmod u+r FILE)")
    except OSError as exc:
        return _error(shown, "read", f"cannot read the file ({exc.strerror}): check it")


def _decode(data: bytes, shown: str) -> str | Diagnostic:
    if data.startswith(UTF8_BOM):
        return _error(
            shown,
            "encoding",
            "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM",
            1,
            1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = (
            f"not UTF-8 (byte 0x{data[exc.start]:02X} here): save the file as UTF-8; "
            "JSON files are UTF-8"
        )
        return _error(shown, "encoding", message, line, column)
    if not text.strip():
        message = (
            'the file is empty: a schema file holds one JSON object ({"bsonType": "object", ...})'
        )
        return _error(shown, "json", message)
    return text


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return f"the literal {'null' if value is None else str(value).lower()}"
    return "a number"


def load_source(path: Path, shown: str) -> tuple[SchemaSource | None, list[Diagnostic]]:
    """One schema file: the source, or the diagnostics saying why it cannot be used."""
    if not _is_utf8(path.name):
        message = "the file name is not valid UTF-8: rename it (it names the collection)"
        return None, [_error(shown, "read", message)]
    data = _read_bytes(path, shown)
    if isinstance(data, Diagnostic):
        return None, [data]
    text = _decode(data, shown)
    if isinstance(text, Diagnostic):
        return None, [text]
    value, problems = read_json(text)
    if problems:
        return None, [
            Diagnostic(shown, p.pointer, Severity.ERROR, p.rule, p.message, p.line, p.column)
            for p in problems
        ]
    if not isinstance(value, dict):
        message = (
            f"the file holds {_kind(value)}; a schema file must hold one JSON object "
            '({"bsonType": "object", ...})'
        )
        return None, [_error(shown, "json", message)]
    return SchemaSource(path.name[: -len(SCHEMA_SUFFIX)], path, shown, value), []
