"""The one configuration: ``[tool.noema-codegen]`` in the nearest pyproject.toml, then flags.

``load_config`` is called once per command. It looks for ``pyproject.toml`` in the working
directory and each parent up to the filesystem root, and uses the first one that has a
``[tool.noema-codegen]`` section (as ruff does with ``[tool.ruff]``). Paths in that section are
relative to the pyproject's directory; command-line flags win over the file. Every module reads
its settings from the resulting ``Config``; the defaults are written here and nowhere else.
See docs/configuration.md.
"""

from __future__ import annotations

import difflib
import keyword
import math
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from noema_codegen.diagnostics import UserFacingError
from noema_codegen.identifiers import database_name_problem

SECTION = "tool.noema-codegen"
PYPROJECT = "pyproject.toml"
DEFAULT_TIMEOUT_S = 3.0
"""How long a connection waits for MongoDB when neither the URI nor the configuration says."""
MAX_TIMEOUT_S = 3600.0
TARGET_VERSIONS = ("py311", "py312", "py313", "py314")
MIN_LINE_LENGTH, MAX_LINE_LENGTH = 40, 320
IMPORTED_BY_GENERATED_CODE = frozenset(
    {
        "annotated_types",
        "bson",
        "gridfs",
        "pydantic",
        "pydantic_core",
        "pymongo",
        "typing_extensions",
    }
)
"""Third-party top-level modules the generated package imports: it cannot be named as one."""
_PREFIX = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ConfigError(UserFacingError):
    """A configuration value or file that cannot be used: the message names where and what next."""


@dataclass(frozen=True)
class Config:
    """Every setting of a run. Build it with ``load_config`` (defaults, pyproject, flags)."""

    schemas: Path = Path("schemas")
    """Directory of $jsonSchema sources."""
    out: Path = Path("generated")
    """Output directory of ``build``."""
    package: str = "mongo_models"
    """Name of the generated Python package (``<out>/<package>/``)."""
    database: str | None = None
    """Database of the commands that connect; none: ``--db`` is required there."""
    uri_env: str = "MONGODB_URI"
    """Environment variable read for ``--uri`` when the flag is not given."""
    index_prefix: str = "noema_"
    """Name prefix of the indexes this tool owns (creates, rebuilds, prunes)."""
    line_length: int = 100
    """ruff's line length for the generated Python."""
    target_version: str = "py311"
    """ruff's target version for the generated Python."""
    timeout: float | None = None
    """Seconds to wait for MongoDB, overriding the URI's timeouts; none: the URI's, else
    ``DEFAULT_TIMEOUT_S``."""
    cache_dir: Path | None = Path(".noema-codegen-cache")
    """Where ``build`` keeps datamodel-code-generator's output per model module and ruff's per
    generated file (``render/render_cache.py``); none (``false`` in the file, ``--no-cache``):
    no cache."""
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Setting -> where its value came from: ``default``, a pyproject path, or ``--flag``."""

    def origin(self, name: str) -> str:
        return self.origins.get(name, "default")


FILE_KEYS: Mapping[str, str] = {
    "schemas": "schemas",
    "out": "out",
    "package": "package",
    "database": "database",
    "uri-env": "uri_env",
    "index-prefix": "index_prefix",
    "line-length": "line_length",
    "target-version": "target_version",
    "timeout": "timeout",
    "cache-dir": "cache_dir",
}
"""Key in ``[tool.noema-codegen]`` -> ``Config`` attribute (keys are kebab-case, as ruff's)."""

FLAGS: Mapping[str, str] = {
    "schemas": "--schemas",
    "out": "--out",
    "package": "--package",
    "database": "--db",
    "index_prefix": "--index-prefix",
    "timeout": "--timeout",
    "cache_dir": "--no-cache",
}
"""``Config`` attribute -> the command-line flag that sets it."""

PROJECT_PATHS = ("schemas", "out", "cache_dir")
"""Settings that are directories: relative to the pyproject's directory when read from it."""


def find_pyproject(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest ``pyproject.toml`` at or above ``start`` with our section, and that section."""
    directory = start.absolute()
    for candidate in (directory, *directory.parents):
        path = candidate / PYPROJECT
        if not path.is_file():
            continue
        section = _read_section(path)
        if section is not None:
            return path, section
    return None


def find_pyproject_path(start: Path | None = None) -> str | None:
    """The path of the pyproject ``load_config`` reads from ``start`` (the working directory)."""
    found = find_pyproject(Path.cwd() if start is None else start)
    return None if found is None else str(found[0])


def _read_section(path: Path) -> Mapping[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read it ({exc.strerror}); check its permissions"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise ConfigError(f"{path}: arrays or tables nested too deeply; flatten them") from None
    except ValueError:  # an integer of more digits than int() converts (sys.int_info)
        raise ConfigError(
            f"{path}: a number has more digits than Python reads; shorten it"
        ) from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "noema-codegen" not in tool:
        return None
    section = tool["noema-codegen"]
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [{SECTION}] must be a table of settings, not a single value")
    return section


def load_config(cwd: Path | None = None, flags: Mapping[str, Any] | None = None) -> Config:
    """Defaults, then ``[tool.noema-codegen]`` of the nearest pyproject, then ``flags``.

    ``flags`` maps ``Config`` attributes to command-line values; ``None`` means not given.
    Raises ``ConfigError`` for a file or value that cannot be used.
    """
    here = Path.cwd() if cwd is None else cwd
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    found = find_pyproject(here)
    if found is not None:
        path, section = found
        for key, raw in section.items():
            name = FILE_KEYS.get(key)
            if name is None:
                raise ConfigError(f"{path}: [{SECTION}] {_unknown(key)}")
            try:
                value = _checked(name, raw)
            except ConfigError as exc:
                raise ConfigError(f"{path}: [{SECTION}] {key}: {exc}") from None
            if isinstance(value, Path):
                value = _relative_to_cwd(path.parent / value)
            values[name] = value
            origins[name] = str(path)
        for name in PROJECT_PATHS:  # the defaults, too, belong to the project's directory
            default = getattr(Config, name)
            if name not in values and default is not None:
                values[name] = _relative_to_cwd(path.parent / default)
    for name, raw in (flags or {}).items():
        if raw is None:
            continue
        try:
            values[name] = _checked(name, raw)
        except ConfigError as exc:
            raise ConfigError(f"{FLAGS.get(name, name)}: {exc}") from None
        origins[name] = FLAGS.get(name, name)
    return replace(Config(), **values, origins=origins)


def check_cache_outside_out(config: Config) -> None:
    """``ConfigError`` when ``cache_dir`` lies in ``out``, which a build replaces as a whole
    (the cache would be a file no build wrote there)."""
    if config.cache_dir is None:
        return
    cache = Path(os.path.normpath(config.cache_dir.absolute()))
    out = Path(os.path.normpath(config.out.absolute()))
    if cache == out or out in cache.parents:
        raise ConfigError(
            f"cache-dir {config.cache_dir} (from {config.origin('cache_dir')}) lies inside the "
            f"output directory {config.out}, which a build replaces as a whole: choose a "
            "directory outside it (or --no-cache)"
        )


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key, list(FILE_KEYS), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else "known: " + ", ".join(FILE_KEYS)
    return f"unknown key {key!r}: {hint} (see docs/configuration.md)"


def _relative_to_cwd(path: Path) -> Path:
    """``path`` relative to the process's working directory when it lies below it (as a user
    would type it), else absolute."""
    absolute = Path(os.path.normpath(path.absolute()))
    try:
        return absolute.relative_to(Path(os.path.normpath(Path.cwd())))
    except ValueError:
        return absolute


def _checked(name: str, raw: Any) -> Any:
    """``raw`` as the type of setting ``name``; ``ConfigError`` saying what is expected."""
    if name == "cache_dir" and raw is False:  # `cache-dir = false`, `--no-cache`
        return None
    if name in PROJECT_PATHS:
        if isinstance(raw, Path):
            return raw
        if not isinstance(raw, str) or not raw or "\0" in raw:
            also = " or false" if name == "cache_dir" else ""
            raise ConfigError(
                f"expected a directory path (a non-empty string){also}, got {_shown(raw)}"
            )
        return Path(raw)
    if name in ("line_length",):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ConfigError(f"expected an integer, got {_shown(raw)}")
        if not MIN_LINE_LENGTH <= raw <= MAX_LINE_LENGTH:
            raise ConfigError(f"expected {MIN_LINE_LENGTH} to {MAX_LINE_LENGTH}, got {_shown(raw)}")
        return raw
    if name == "timeout":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ConfigError(f"expected a number of seconds, got {_shown(raw)}")
        if not (math.isfinite(raw) and 0 < raw <= MAX_TIMEOUT_S):
            raise ConfigError(
                f"expected seconds above 0 and at most {MAX_TIMEOUT_S:g}, got {_shown(raw)}"
            )
        return float(raw)
    if not isinstance(raw, str):
        raise ConfigError(f"expected a string, got {_shown(raw)}")
    problem = _string_problem(name, raw)
    if problem is not None:
        raise ConfigError(f"{problem}, got {_shown(raw)}")
    return raw


def _string_problem(name: str, value: str) -> str | None:
    if name == "package":
        if not _IDENTIFIER.fullmatch(value) or keyword.iskeyword(value):
            return "expected a Python package name (letters, digits, _; not a keyword)"
        if value in sys.stdlib_module_names or value in IMPORTED_BY_GENERATED_CODE:
            return "expected a package name that does not hide a module the generated code imports"
    elif name == "uri_env":
        if not _IDENTIFIER.fullmatch(value):
            return "expected an environment variable name (letters, digits, _)"
    elif name == "index_prefix":
        if not _PREFIX.fullmatch(value):
            return "expected 1 to 64 letters, digits, '_', '.' or '-' (not starting with . or -)"
    elif name == "target_version":
        if value not in TARGET_VERSIONS:
            return "expected one of " + ", ".join(TARGET_VERSIONS)
    elif name == "database":
        return database_name_problem(value)
    return None


def _shown(raw: Any) -> str:
    if isinstance(raw, list | dict):  # not printed: it may be large or deeply nested
        return "an array" if isinstance(raw, list) else "a table"
    text = repr(raw)
    kind = type(raw).__name__
    kind = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(kind, kind)
    return f"{kind} {text[:60]}{'...' if len(text) > 60 else ''}"


def python_version(target_version: str) -> str:
    """``py311`` -> ``3.11`` (datamodel-code-generator's spelling of a target version)."""
    return f"{target_version[2]}.{target_version[3:]}"


def as_rows(config: Config) -> list[tuple[str, str, str]]:
    """``(key, value, origin)`` per setting, keys as in the pyproject section."""
    rows: list[tuple[str, str, str]] = []
    for key, name in FILE_KEYS.items():
        value = getattr(config, name)
        shown = "(none)" if value is None else str(value)
        rows.append((key, shown, config.origin(name)))
    return rows


def as_json_data(config: Config) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, name in FILE_KEYS.items():
        value = getattr(config, name)
        data[key] = {
            "value": str(value) if isinstance(value, Path) else value,
            "origin": config.origin(name),
        }
    return data


assert {f.name for f in fields(Config)} - {"origins"} == set(FILE_KEYS.values())
