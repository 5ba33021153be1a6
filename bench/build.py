"""Wall time of `noema-codegen build` in a fresh process vs datamodel-code-generator alone.

Usage: .venv/bin/python bench/build.py [--runs N]

For the bundled 7 schemas and for a synthetic set of 100 collections (copies of
the bundled ones under new names), it times, each in a fresh process:
  * `noema-codegen build` (lint + IR + validators, indexes, models, repositories,
    atomic write), and
  * `datamodel-codegen` (its own CLI) on the same collections, given the same
    translated JSON Schema input our model renderer feeds it, one directory run.
It prints the best of N runs and checks the targets: the 7-schema build within
1.2x of datamodel-code-generator's time, and 100 collections within 15x of 7.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from noema_codegen.pipeline import load_project
from noema_codegen.render.model_schema import translate_collection
from noema_codegen.render.models import object_id_keys


def synthetic_schemas(target: Path, count: int) -> Path:
    """``count`` collections: the bundled ones cycled, renamed (collection, model)."""
    target.mkdir(parents=True)
    bundled = sorted((ROOT / "schemas").glob("*.json"))
    names = [f"{bundled[n % len(bundled)].stem}{n // len(bundled)}" for n in range(count)]
    for n, name in enumerate(names):
        schema = json.loads(bundled[n % len(bundled)].read_text())
        suffix = n // len(bundled)
        extension = schema["x-noema"]
        extension["model"] = f"{extension['model']}{suffix}"
        # references point into the same group of copies; dropped where that copy does not exist
        references = {}
        for field, ref in extension.pop("references", {}).items():
            collection, _, rest = ref.partition(".")
            if f"{collection}{suffix}" in names:
                references[field] = f"{collection}{suffix}.{rest}"
        if references:
            extension["references"] = references
        (target / f"{name}.json").write_text(json.dumps(schema, indent=2))
    return target


def dmcg_inputs(schema_dir: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for collection in load_project(schema_dir).collections:
        translated = translate_collection(
            collection.model_schema, collection.model_name, object_id_keys(collection)
        )
        (target / f"{collection.module_name}.json").write_text(json.dumps(translated.schema))
    return target


def best_of(runs: int, argv: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def measure(label: str, schema_dir: Path, work: Path, runs: int) -> tuple[float, float]:
    out = work / f"out-{label}"
    build = best_of(
        runs,
        [
            sys.executable,
            "-m",
            "noema_codegen",
            "build",
            "--quiet",
            "--schemas",
            str(schema_dir),
            "--out",
            str(out),
        ],
        ROOT,
    )
    inputs = dmcg_inputs(schema_dir, work / f"dmcg-in-{label}")
    dmcg_exe = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    assert dmcg_exe, "datamodel-codegen is not installed next to this Python"
    dmcg = best_of(
        runs,
        [
            dmcg_exe,
            "--input",
            str(inputs),
            "--input-file-type",
            "jsonschema",
            "--output",
            str(work / f"dmcg-out-{label}"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--target-python-version",
            "3.11",
            "--enum-field-as-literal",
            "all",
            "--use-annotated",
            "--field-constraints",
            "--strict-nullable",
            "--use-standard-collections",
            "--disable-timestamp",
            "--formatters",
            "black",
        ],
        ROOT,
    )
    return build, dmcg


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synthetic = synthetic_schemas(work / "schemas100", 100)
        build7, dmcg7 = measure("7", ROOT / "schemas", work, args.runs)
        build100, dmcg100 = measure("100", synthetic, work, args.runs)
    print(f"best of {args.runs} runs, each in a fresh process")
    print(f"{'input':<16}{'noema-codegen build':>22}{'datamodel-codegen':>20}{'ratio':>8}")
    print(f"{'7 schemas':<16}{build7:>21.3f}s{dmcg7:>19.3f}s{build7 / dmcg7:>7.2f}x")
    print(f"{'100 schemas':<16}{build100:>21.3f}s{dmcg100:>19.3f}s{build100 / dmcg100:>7.2f}x")
    ok_ratio = build7 <= 1.2 * dmcg7
    ok_scale = build100 <= 15 * build7
    print(
        f"target: 7-schema build within 1.2x of datamodel-codegen: {build7 / dmcg7:.2f}x -> {'met' if ok_ratio else 'NOT met'}"
    )
    print(
        f"target: 100 collections within 15x of 7: {build100 / build7:.2f}x -> {'met' if ok_scale else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
