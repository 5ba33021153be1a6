"""Format generated Python with ruff's formatter: one process for a whole batch of files.

ruff's formatter is black-compatible and, being native, formats the repository
modules in milliseconds where black took most of the build's time. The version is
pinned in pyproject.toml because generated/ is compared byte for byte.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from noema_codegen.config import Config


class GeneratedSyntaxError(RuntimeError):
    """A renderer produced text that is not valid Python (a template bug)."""


def format_python_sources(sources: Mapping[str, str], config: Config) -> dict[str, str]:
    """``{relative path: source}`` -> the same paths, formatted with ``config.line_length`` and
    ``config.target_version``."""
    if not sources:
        return {}
    with tempfile.TemporaryDirectory(prefix="noema-format-") as tmp:
        root = Path(tmp)
        for relative, text in sources.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [
                find_ruff_bin(),
                "format",
                "--isolated",
                "--no-cache",
                "--line-length",
                str(config.line_length),
                "--target-version",
                config.target_version,
                ".",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).replace(str(root) + "/", "")
            raise GeneratedSyntaxError(f"generated code is not valid Python:\n{message.strip()}")
        return {relative: (root / relative).read_text(encoding="utf-8") for relative in sources}
