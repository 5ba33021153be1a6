"""docs/input-contract.md and docs/lint-rules.md state the limits and rules the code has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from noema_codegen.lint.dialect import MAX_VALIDATOR_BYTES
from noema_codegen.load import MAX_FILE_BYTES
from noema_codegen.strict_json import INT64_MAX, MAX_DEPTH, MAX_PROBLEMS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_contract_states_the_limits_the_code_has() -> None:
    contract = (DOCS / "input-contract.md").read_text(encoding="utf-8")
    assert f"deeper than **{MAX_DEPTH}** levels" in contract
    assert f"({MAX_VALIDATOR_BYTES:,} bytes)" in contract
    assert f"larger than {MAX_FILE_BYTES // 2**20} MiB" in contract
    assert f"up to {MAX_PROBLEMS} JSON-level problems" in contract
    assert INT64_MAX == 2**63 - 1 and "2^63−1" in contract


@pytest.mark.parametrize(
    "rule",
    [
        "read",
        "encoding",
        "json",
        "json-duplicate-key",
        "json-number",
        "json-unicode",
        "json-key",
        "json-depth",
        "validator-size",
        "skipped-file",
    ],
)
def test_every_schema_file_rule_is_documented(rule: str) -> None:
    for name in ("input-contract.md", "lint-rules.md"):
        text = (DOCS / name).read_text(encoding="utf-8")
        assert re.search(rf"[`\[]{re.escape(rule)}[`\]]", text), (name, rule)
