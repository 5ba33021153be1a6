"""The project fuzzes itself: damaged schemas and documents through build and validate.

(``test_fuzz_lint.py`` beside this file does the same for lint, line by line.)

Every run asserts the contract of the brief: the exit code is 0, 1 or 2 (never 70, never a
traceback); an exit-2 message names where the problem is; a failed build leaves the output
directory byte-identical.

CI runs a fixed, derandomised set of examples (25 per test here, 50 for lint). A longer local
run with fresh random inputs: ``NOEMA_FUZZ_EXAMPLES=2000 NOEMA_FUZZ_RANDOM=1 .venv/bin/python
-m pytest -q tests/fuzz``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from tests.fuzz.mutations import dumps, mutated, text_damage

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = {
    p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "schemas").glob("*.json")
}
COLLECTIONS = sorted(BUNDLED)

FUZZ = settings(
    max_examples=int(os.environ.get("NOEMA_FUZZ_EXAMPLES", "25")),
    derandomize=os.environ.get("NOEMA_FUZZ_RANDOM") != "1",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LOCATION = re.compile(r"[\w.-]+\.json(l)?\b|\bline \d+|#?/[\w$~-]*|\[\d+\]")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _assert_contract(result: Result, *, where: str) -> None:
    output = result.output
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code} ({where}):\n{output[-2000:]}"
    assert "Traceback" not in output, f"{where}:\n{output[-2000:]}"
    if result.exit_code == 2:
        errors = [line for line in output.splitlines() if "error" in line.lower()]
        assert errors, f"exit 2 without an error line ({where}):\n{output[-2000:]}"
        assert any(LOCATION.search(line) for line in errors), (
            f"exit 2 without a location ({where}):\n{output[-2000:]}"
        )


def _schema_dir(tmp: Path, collection: str, text: str) -> Path:
    schemas = tmp / "schemas"
    if schemas.exists():
        shutil.rmtree(schemas)
    schemas.mkdir()
    for name, schema in BUNDLED.items():
        _write(schemas / f"{name}.json", text if name == collection else json.dumps(schema))
    return schemas


@st.composite
def damaged_schema(draw: st.DrawFn) -> tuple[str, str]:
    collection = draw(st.sampled_from(COLLECTIONS))
    original = BUNDLED[collection]
    if draw(st.booleans()):
        return collection, dumps(draw(mutated(original)))
    return collection, draw(text_damage(json.dumps(original, indent=1)))


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the bundled schemas: what a failed build must leave untouched."""
    out = tmp_path_factory.mktemp("previous") / "generated"
    result = CliRunner().invoke(
        main, ["build", "--schemas", str(ROOT / "schemas"), "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out


@FUZZ
@given(case=damaged_schema())
def test_build_on_a_damaged_schema_renders_or_leaves_the_output_byte_identical(
    tmp_path: Path, previous_build: Path, case: tuple[str, str]
) -> None:
    collection, text = case
    schemas = _schema_dir(tmp_path, collection, text)
    out = tmp_path / "generated"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(previous_build, out)
    before = _tree(out)
    result = CliRunner().invoke(main, ["build", "--schemas", str(schemas), "--out", str(out), "-q"])
    _assert_contract(result, where=f"build {collection}")
    if result.exit_code != 0:
        assert _tree(out) == before, "a failed build changed the output directory"
    else:
        assert (out / ".noema-codegen").exists()


def _sample_documents() -> list[dict[str, Any]]:
    return [
        {
            "_id": {"$oid": "64b000000000000000000001"},
            "masterAccountId": {"$oid": "64b000000000000000000002"},
        },
        {"_id": 1, "usdCredit": {"$numberDecimal": "1.5"}, "exp": {"$numberLong": "5"}},
        {"updatedAt": {"$date": "2024-01-01T00:00:00Z"}, "nested": {"a": [1, 2, {"b": None}]}},
    ]


@st.composite
def damaged_documents(draw: st.DrawFn) -> tuple[str, str, str]:
    collection = draw(st.sampled_from(COLLECTIONS))
    docs = [draw(mutated(doc)) for doc in _sample_documents()]
    if draw(st.booleans()):
        return collection, "docs.jsonl", "\n".join(dumps(d).replace("\n", "") for d in docs)
    text = dumps(docs)
    if draw(st.booleans()):
        text = draw(text_damage(text))
    return collection, "docs.json", text


@FUZZ
@given(case=damaged_documents())
def test_validate_on_damaged_documents_keeps_the_contract(
    tmp_path: Path, case: tuple[str, str, str]
) -> None:
    collection, name, text = case
    path = tmp_path / name
    _write(path, text)
    result = CliRunner().invoke(
        main, ["validate", collection, str(path), "--schemas", str(ROOT / "schemas")]
    )
    _assert_contract(result, where=f"validate {collection} {name}")
