"""CPU time of `noema-codegen build` in a fresh process vs datamodel-codegen alone.

Usage: .venv/bin/python bench/build.py [--runs 5] [--sizes 7,100,500] [--default-formatters]

For the bundled 7 schemas and for synthetic sets of 100 and 500 collections (copies of
the bundled ones under new names), it times, each in a fresh process, ``--runs`` times,
alternating the two commands so a load spike hits both:
  * `noema-codegen build` (lint + IR + validators, indexes, models, repositories,
    atomic durable write);
  * `datamodel-codegen` (its own CLI, one directory run) on the same translated
    JSON Schema input our model renderer feeds it, with the same options
    (builtin formatter); with --default-formatters also with its CLI's default
    formatters (black + isort).
It prints the median CPU time (user + sys) of each, the ratio build / datamodel-codegen per run (median and
min-max spread) and checks the issue-14 target: build within 1.2x of datamodel-codegen
alone at every size.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def run_once(argv: list[str], cwd: Path) -> float:
    """CPU seconds (user + sys) of the command: on a loaded machine wall time mostly measures
    the other processes; an idle machine's wall time is about this (one core, plus I/O)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


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


def measure(
    label: str, schema_dir: Path, work: Path, runs: int, default_formatters: bool
) -> dict[str, list[float]]:
    """Seconds per run: noema-codegen build, dmcg with our options (and its default formatters)."""
    out = work / f"out-{label}"
    build_argv = [sys.executable, "-m", "noema_codegen", "build", "--quiet"]
    build_argv += ["--schemas", str(schema_dir), "--out", str(out)]
    inputs = dmcg_inputs(schema_dir, work / f"dmcg-in-{label}")
    dmcg_exe = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    assert dmcg_exe, "datamodel-codegen is not installed next to this Python"
    dmcg_argv = [dmcg_exe, "--input", str(inputs), "--output", str(work / f"dmcg-out-{label}")]
    commands = {"build": build_argv, "dmcg": [*dmcg_argv, *DMCG_OPTIONS]}
    if default_formatters:  # its CLI's current default formatters are black + isort
        cut = DMCG_OPTIONS.index("--formatters")
        commands["dmcg black+isort"] = [
            *dmcg_argv, *DMCG_OPTIONS[:cut], "--formatters", "black", "isort"
        ]  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)  # every build writes the whole tree
        for name, argv in commands.items():
            times[name].append(run_once(argv, ROOT))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="7,100,500", help="collection counts (7 = bundled)")
    parser.add_argument("--default-formatters", action="store_true")
    args = parser.parse_args()
    rows: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in (int(n) for n in args.sizes.split(",")):
            schemas = (
                ROOT / "schemas" if size == 7 else synthetic_schemas(work / f"schemas{size}", size)
            )
            rows[size] = measure(str(size), schemas, work, args.runs, args.default_formatters)
    print(f"median of {args.runs} runs, each in a fresh process (CPU seconds, user + sys)")
    names = list(next(iter(rows.values())))
    print(f"{'collections':<12}" + "".join(f"{n:>18}" for n in names) + f"{'build/dmcg':>26}")
    missed = []
    for size, times in rows.items():
        per_run = [b / d for b, d in zip(times["build"], times["dmcg"], strict=True)]
        ratio = statistics.median(per_run)
        if ratio > 1.2:
            missed.append(f"{size}: {ratio:.2f}x")
        print(
            f"{size:<12}"
            + "".join(f"{statistics.median(times[n]):>18.3f}" for n in names)
            + f"{ratio:>10.2f}x [{min(per_run):.2f}-{max(per_run):.2f}]"
        )
    print(
        "target: build within 1.2x of datamodel-codegen alone at every size: "
        + ("met" if not missed else "NOT met (" + ", ".join(missed) + ")")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
