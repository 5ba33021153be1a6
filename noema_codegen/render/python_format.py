"""Sort imports and format generated Python with ruff: one batch of files, two ruff processes.

The imports are sorted by ruff's isort rules (``check --select I --fix``: future, standard
library, third party, then the generated package; names by type, constants first), then the
files are formatted.

ruff's formatter is black-compatible and, being native, formats the repository
modules in milliseconds where black took most of the build's time. The version is
pinned in pyproject.toml because generated/ is compared byte for byte.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from noema_codegen.config import Config
from noema_codegen.render.render_cache import RenderCache, entry_key


class GeneratedSyntaxError(RuntimeError):
    """A renderer produced text that is not valid Python (a template bug)."""


def format_python_sources(sources: Mapping[str, str], config: Config) -> dict[str, str]:
    """``{relative path: source}`` -> the same paths, formatted with ``config.line_length`` and
    ``config.target_version``; files whose formatting ``config.cache_dir`` holds (same text,
    settings and ruff binary) are taken from it, ruff runs on the others."""
    if config.cache_dir is None:
        return _run_ruff(sources, config)
    cache = RenderCache(config.cache_dir, "formatted")
    identity = _ruff_identity()
    settings = {"line_length": config.line_length, "target": config.target_version}
    settings["package"] = config.package  # isort's first-party package
    keys = {
        path: entry_key(f"{path}\n{text}", settings, identity) for path, text in sources.items()
    }
    formatted: dict[str, str] = {}
    for path, key in keys.items():
        found = cache.lookup(path, key)
        if found is not None:
            formatted[path] = found
    missing = {path: text for path, text in sources.items() if path not in formatted}
    for path, text in _run_ruff(missing, config).items():
        cache.store(path, keys[path], text)
        formatted[path] = text
    return {path: formatted[path] for path in sources}


def _ruff_identity() -> str:
    """Which ruff formats: its binary's path, size and modification time (reading its version
    would cost a process; a new ruff is a new file)."""
    binary = Path(find_ruff_bin())
    stat = binary.stat()
    return f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


def _run_ruff(sources: Mapping[str, str], config: Config) -> dict[str, str]:
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="noema-format-") as tmp:
        root = Path(tmp)
        for relative, text in sources.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        isort = f"lint.isort.known-first-party = [{json.dumps(config.package)}]"
        result = _ruff(
            ["check", "--select", "I", "--fix", "--exit-zero", "--config", isort], root, config
        )
        if result.returncode == 0:
            result = _ruff(["format"], root, config)
        if result.returncode != 0:
            message = (result.stderr or result.stdout).replace(str(root) + "/", "")
            raise GeneratedSyntaxError(f"generated code is not valid Python:\n{message.strip()}")
        return {relative: (root / relative).read_text(encoding="utf-8") for relative in sources}


def _ruff(arguments: list[str], root: Path, config: Config) -> subprocess.CompletedProcess[str]:
    """Run ruff on every file under ``root``, isolated from any configuration file."""
    settings = ["--isolated", "--no-cache", "--line-length", str(config.line_length)]
    settings += ["--target-version", config.target_version]
    return subprocess.run(
        [find_ruff_bin(), *arguments, *settings, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
