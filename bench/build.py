"""Wall time of `noema-codegen build` in a fresh process vs datamodel-code-generator alone.

Usage: .venv/bin/python bench/build.py [--runs N]

For the bundled 7 schemas and for a synthetic set of 100 collections (copies of
the bundled ones under new names), it times, each in a fresh process and best of N:
  * `noema-codegen build` (lint + IR + validators, indexes, models, repositories,
    atomic write);
  * `datamodel-codegen` (its own CLI, one directory run) on the same translated
    JSON Schema input our model renderer feeds it, with the same options
    (builtin formatter), and again with its CLI's default formatters (black + isort).
It prints both ratios and checks the targets: the 7-schema build within 1.2x of
datamodel-code-generator's time, and 100 collections within 15x of 7.
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

from noema_codegen.checked_project import load_project
from noema_codegen.config import load_config
from noema_codegen.render.model_schema import translate_collection
from noema_codegen.render.models import _qualified_types, object_id_keys


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
        ledger = extension.pop("ledger", None)  # its entries collection: the copy of this group
        if ledger is not None and f"{ledger['entries']}{suffix}" in names:
            extension["ledger"] = {**ledger, "entries": f"{ledger['entries']}{suffix}"}
        (target / f"{name}.json").write_text(json.dumps(schema, indent=2))
    return target


def dmcg_inputs(schema_dir: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    project = load_project(schema_dir, load_config(ROOT))
    for collection in project.collections:
        translated = translate_collection(
            collection.model_schema, collection.model_name, object_id_keys(collection)
        )
        # the same absolute customTypePath render_models gives datamodel-code-generator
        schema = _qualified_types(translated.schema, project.config.package)
        (target / f"{collection.module_name}.json").write_text(json.dumps(schema))
    return target


def best_of(runs: int, argv: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


DMCG_OPTIONS = [
    "--input-file-type", "jsonschema",
    "--output-model-type", "pydantic_v2.BaseModel",
    "--target-python-version", "3.11",
    # the options render_models passes to generate(), as far as the CLI has them
    "--enum-field-as-literal", "all", "--use-annotated", "--field-constraints",
    "--strict-nullable", "--use-missing-sentinel", "--use-standard-collections",
    "--use-union-operator", "--snake-case-field", "--remove-special-field-name-prefix",
    "--use-serialization-alias", "--disable-timestamp",
    "--formatters", "builtin",  # its cheapest formatter (we format with ruff afterwards)
]  # fmt: skip


def measure(label: str, schema_dir: Path, work: Path, runs: int) -> tuple[float, float, float]:
    """(noema-codegen build, dmcg with our options, dmcg with its default formatters)."""
    out = work / f"out-{label}"
    build_argv = [sys.executable, "-m", "noema_codegen", "build", "--quiet"]
    build = best_of(runs, [*build_argv, "--schemas", str(schema_dir), "--out", str(out)], ROOT)
    inputs = dmcg_inputs(schema_dir, work / f"dmcg-in-{label}")
    dmcg_exe = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    assert dmcg_exe, "datamodel-codegen is not installed next to this Python"
    dmcg_argv = [dmcg_exe, "--input", str(inputs), "--output", str(work / f"dmcg-out-{label}")]
    same = best_of(runs, [*dmcg_argv, *DMCG_OPTIONS], ROOT)
    # its CLI's current default formatters are black + isort (the 0.43 s reference)
    default_formatters = [
        *DMCG_OPTIONS[: DMCG_OPTIONS.index("--formatters")],
        "--formatters",
        "black",
        "isort",
    ]
    default = best_of(runs, [*dmcg_argv, *default_formatters], ROOT)
    return build, same, default


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synthetic = synthetic_schemas(work / "schemas100", 100)
        rows = {
            "7 schemas": measure("7", ROOT / "schemas", work, args.runs),
            "100 schemas": measure("100", synthetic, work, args.runs),
        }
    print(f"best of {args.runs} runs, each in a fresh process (seconds)")
    print(
        f"{'input':<13}{'build':>8}{'dmcg same opts':>16}{'ratio':>7}{'dmcg black+isort':>18}{'ratio':>7}"
    )
    for label, (build, same, default) in rows.items():
        print(
            f"{label:<13}{build:>8.3f}{same:>16.3f}{build / same:>6.2f}x{default:>18.3f}{build / default:>6.2f}x"
        )
    build7, same7, default7 = rows["7 schemas"]
    build100 = rows["100 schemas"][0]
    for name, base in (("same options", same7), ("black+isort", default7)):
        verdict = "met" if build7 <= 1.2 * base else "NOT met"
        print(
            f"target: 7-schema build within 1.2x of datamodel-codegen ({name}): {build7 / base:.2f}x -> {verdict}"
        )
    verdict = "met" if build100 <= 15 * build7 else "NOT met"
    print(f"target: 100 collections within 15x of 7: {build100 / build7:.2f}x -> {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
