"""Any value in [tool.noema-codegen] is accepted or refused with exit 2: never a crash."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from noema_codegen.config import FILE_KEYS

SCALARS = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["schemas", "noema_db", "py312", "class", "a.b", "", "x" * 70, "acme_"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from(sorted(FILE_KEYS)) | st.text(max_size=15)
PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "schemas": st.text(min_size=1, max_size=12),
    "out": st.text(min_size=1, max_size=12),
    "package": st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True),
    "database": st.text(min_size=1, max_size=12),
    "uri-env": st.from_regex(r"[A-Z_][A-Z0-9_]{0,12}", fullmatch=True),
    "index-prefix": st.from_regex(r"[a-z0-9_][a-z0-9_.-]{0,8}", fullmatch=True),
    "line-length": st.integers(min_value=0, max_value=400),
    "target-version": st.sampled_from(["py310", "py311", "py312", "py313", "py314"]),
    "timeout": st.floats(min_value=-1, max_value=4000) | st.integers(-1, 4000),
}
"""Values near the valid ones per key, so that many sections are accepted."""
ENTRY = st.one_of(
    st.sampled_from(sorted(PLAUSIBLE)).flatmap(lambda k: st.tuples(st.just(k), PLAUSIBLE[k])),
    st.tuples(KEYS, VALUES),
)


def toml_value(value: Any) -> str:
    """A TOML rendering of ``value`` (a surrogate in a string makes the file invalid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(ENTRY, max_size=4, unique_by=lambda entry: entry[0]).map(dict))
def test_any_section_is_accepted_or_refused_with_exit_2(section: dict[str, Any]) -> None:
    text = "[tool.noema-codegen]\n" + "".join(
        f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in section.items()
    )
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "pyproject.toml").write_text(text, "utf-8", errors="surrogatepass")
        before = os.getcwd()
        os.chdir(tmp)
        try:
            result = CliRunner().invoke(main, ["config", "--format", "json"])
        finally:
            os.chdir(before)
    assert result.exit_code in (0, 2), (text, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("error: ") and "pyproject.toml" in result.output
    else:
        settings_out = json.loads(result.output)["settings"]
        for key in section:  # every key given was a known one, and its value is used
            assert settings_out[key]["origin"].endswith("pyproject.toml")
