"""The benchmark's synthetic projects stay valid schemas (a bench that no longer runs measures
nothing; bench/build.py broke silently once when a schema feature was added)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from noema_codegen.checked_project import check_schemas
from noema_codegen.diagnostics import Severity
from tests.schema_fixtures import NOEMA

ROOT = Path(__file__).resolve().parents[1]


def test_synthetic_schemas_of_the_build_benchmark_lint_clean(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "bench" / "build.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_build"] = bench
    spec.loader.exec_module(bench)
    schemas = bench.synthetic_schemas(tmp_path / "schemas", 14)
    project, diagnostics = check_schemas(schemas, NOEMA)
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    assert project is not None and not errors, errors
    assert len(project.collections) == 14 and len(project.ledgers) == 2
    inputs = bench.dmcg_inputs(schemas, tmp_path / "dmcg")
    assert len(list(inputs.glob("*.json"))) == 14
