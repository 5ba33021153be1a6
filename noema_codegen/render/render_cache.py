"""A cache of the two external tools' output a build calls: datamodel-code-generator, ruff.

Each is a function of its input text, its options, its own version and (for the generator) the
Python it runs on; that is all an entry's key hashes (SHA-256 of their canonical JSON):

* ``models/<module>.json``: ``generate()``'s module text for one collection
  (``render.models``). A build whose translated schema of a collection is unchanged skips the
  call (about 15 ms per collection), and the generator's parser is not even imported (about
  0.5 s) when no collection misses. Every edit this tool makes to that text afterwards
  (attribute renames, defaults) runs on a hit as on a miss.
* ``formatted/<path>.json``: ruff's sorted and formatted text of one generated Python file
  (``render.python_format``); ruff runs only on the files that miss.
* ``templates/``: jinja2's compiled repository templates (its own ``FileSystemBytecodeCache``,
  which checks each entry against the template source's checksum), saving their compilation
  (about 70 ms) in every build after the first.

So a hit and a miss give the same bytes (tests/models/test_render_cache.py).

The cache never decides what is written: an entry that cannot be read, is not what this module
writes, or holds another key is a miss; a cache directory that cannot be written is skipped
(the build does not fail or warn for it). Entries are replaced atomically, so concurrent
builds at worst each generate. There is one entry per module or file name, so the directory
stays about as large as the project's generated code; it holds a ``.gitignore`` of ``*`` (as ruff's cache does) and
may be deleted at any time. Hand-written (about 60 lines) rather than a caching library: none
is in the lock, and the semantics needed are only "same key, same text".
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noema_codegen.atomic_write import write_text_atomically

if TYPE_CHECKING:
    import jinja2

FORMAT = 1
"""Version of the entry layout; part of every key."""
GITIGNORE = "# noema-codegen's cache (see docs/configuration.md, cache-dir): never committed\n*\n"


def entry_key(text: str, options: Mapping[str, Any], tool_version: str) -> str:
    """The key of one run of a tool (at ``tool_version``) on ``text`` with ``options``."""
    material = {
        "format": FORMAT,
        "tool": tool_version,
        "python": list(sys.version_info[:2]),
        "options": {name: _stable(value) for name, value in sorted(options.items())},
        "input": text,
    }
    canonical = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _stable(value: Any) -> Any:
    """``value`` as JSON whose text does not depend on hash order or object identity."""
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, Mapping):
        return {str(key): _stable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_stable(item) for item in value)
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot key an option of type {type(value).__name__}")


def _prepared(directory: Path, section: str) -> Path:
    """``directory/section``, made, with the ``.gitignore`` of ``directory``; ``OSError``."""
    target = directory / section
    target.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        write_text_atomically(ignore, GITIGNORE)
    return target


@dataclass(frozen=True)
class RenderCache:
    """The entries of one ``section`` under ``directory``; ``None``: no cache (every lookup
    misses). Entry names are those of generated modules or files: identifiers, ``.`` and ``/``
    (stored as ``.``)."""

    directory: Path | None
    section: str

    def _entry(self, name: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / self.section / f"{name.replace('/', '.')}.json"

    def lookup(self, name: str, key: str) -> str | None:
        """The text stored under ``key``, or ``None``."""
        path = self._entry(name)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError):  # absent, unreadable, not our JSON
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        output = entry.get("output")
        return output if entry.get("key") == key and isinstance(output, str) else None

    def store(self, name: str, key: str, output: str) -> None:
        """Keep ``output`` for ``key``; a directory that cannot be written is skipped."""
        path = self._entry(name)
        if path is None or self.directory is None:
            return
        entry = json.dumps({"format": FORMAT, "key": key, "output": output}, ensure_ascii=True)
        try:
            _prepared(self.directory, self.section)
            write_text_atomically(path, entry)
        except OSError:
            return


def template_cache(directory: Path | None) -> jinja2.BytecodeCache | None:
    """jinja2's compiled-template cache in ``directory/templates``, or ``None`` (no cache, or a
    directory that cannot be made): a build never fails or changes because of it."""
    if directory is None:
        return None
    import jinja2

    class _Quiet(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 (a damaged entry of any kind is a miss)
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                return

    try:
        return _Quiet(str(_prepared(directory, "templates")))
    except OSError:
        return None
