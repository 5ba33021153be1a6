"""CPU time of `noema-codegen build` in a fresh process vs datamodel-codegen alone.

Usage: .venv/bin/python bench/build.py [--runs 5] [--sizes 7,100,500] [--default-formatters]

For the bundled 7 schemas and for synthetic sets of 100 and 500 collections (copies of
the bundled ones under new names), it times, each in a fresh process, ``--runs`` times,
alternating the commands so a load spike hits all of them:
  * `noema-codegen build --no-cache` ("cold": lint + IR + validators, indexes, models,
    repositories, atomic durable write; what a fresh clone's first build costs);
  * `noema-codegen build` with a warm cache (`cache-dir`, render/render_cache.py):
    "warm", every collection's model text from the cache (the schemas unchanged since the
    last build), and "warm, 1 changed": one schema edited since (its description),
    so one collection runs datamodel-code-generator; each run writes the whole tree;
  * `datamodel-codegen` (its own CLI, one directory run) on the same translated
    JSON Schema input our model renderer feeds it, with the same options
    (builtin formatter); with --default-formatters also with its CLI's default
    formatters (black + isort).
It prints the median CPU time (user + sys) of each, the ratios of each build to
datamodel-codegen per run (median and min-max spread) and checks the issue-14 target (build
within 1.2x of datamodel-codegen alone at every size) for the cold and the warm builds.
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


def project_dir(work: Path, label: str) -> Path:
    """A directory whose pyproject names this repository's package and its own cache-dir (the
    builds give --schemas and --out; the other settings are the defaults, as here)."""
    project = work / f"project-{label}"
    project.mkdir()
    package = json.dumps(load_config(ROOT).package)
    cache = json.dumps(str(work / f"cache-{label}"))
    text = f"[tool.noema-codegen]\npackage = {package}\ncache-dir = {cache}\n"
    (project / "pyproject.toml").write_text(text)
    return project


def touch_one(schema_dir: Path, edits: list[int]) -> None:
    """Change one schema's description (a new text per call): datamodel-code-generator's input
    changes, so that collection misses the cache."""
    first = min(schema_dir.glob("*.json"))
    schema = json.loads(first.read_text())
    edits.append(len(edits))
    schema["description"] = f"{schema.get('description', '')} (edit {len(edits)})"
    first.write_text(json.dumps(schema, indent=2))


def measure(
    label: str, schema_dir: Path, work: Path, runs: int, default_formatters: bool
) -> dict[str, list[float]]:
    """Seconds per run: the builds, dmcg with our options (and its default formatters)."""
    schemas = work / f"schemas-copy-{label}"  # edited by "warm, 1 changed"
    shutil.copytree(schema_dir, schemas)
    out = work / f"out-{label}"
    project = project_dir(work, label)
    build_argv = [sys.executable, "-m", "noema_codegen", "build", "--quiet"]
    build_argv += ["--no-breaking-check", "--schemas", str(schemas), "--out", str(out)]
    inputs = dmcg_inputs(schemas, work / f"dmcg-in-{label}")
    dmcg_exe = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    assert dmcg_exe, "datamodel-codegen is not installed next to this Python"
    dmcg_argv = [dmcg_exe, "--input", str(inputs), "--output", str(work / f"dmcg-out-{label}")]
    commands = {
        "build cold": [*build_argv, "--no-cache"],
        "build warm": build_argv,
        "warm, 1 changed": build_argv,
        "dmcg": [*dmcg_argv, *DMCG_OPTIONS],
    }
    if default_formatters:  # its CLI's current default formatters are black + isort
        cut = DMCG_OPTIONS.index("--formatters")
        commands["dmcg black+isort"] = [
            *dmcg_argv, *DMCG_OPTIONS[:cut], "--formatters", "black", "isort"
        ]  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in commands}
    subprocess.run(build_argv, cwd=project, check=True, capture_output=True)  # fills the cache
    edits: list[int] = []
    for _ in range(runs):
        for name, argv in commands.items():
            shutil.rmtree(out, ignore_errors=True)  # every build writes the whole tree
            if name == "warm, 1 changed":
                touch_one(schemas, edits)
            times[name].append(run_once(argv, project))
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
    builds = [n for n in names if n.startswith(("build", "warm"))]
    print(f"{'collections':<12}" + "".join(f"{n:>17}" for n in names))
    for size, times in rows.items():
        print(f"{size:<12}" + "".join(f"{statistics.median(times[n]):>17.3f}" for n in names))
    print("ratio to dmcg, median [min-max] over the runs")
    print(f"{'collections':<12}" + "".join(f"{n:>22}" for n in builds))
    missed: dict[str, list[str]] = {name: [] for name in builds}
    for size, times in rows.items():
        cells = []
        for name in builds:
            per_run = [b / d for b, d in zip(times[name], times["dmcg"], strict=True)]
            ratio = statistics.median(per_run)
            if ratio > 1.2:
                missed[name].append(f"{size}: {ratio:.2f}x")
            cells.append(f"{ratio:.2f}x [{min(per_run):.2f}-{max(per_run):.2f}]")
        print(f"{size:<12}" + "".join(f"{cell:>22}" for cell in cells))
    for name in builds:
        print(
            f"target ({name}): within 1.2x of datamodel-codegen alone at every size: "
            + ("met" if not missed[name] else "NOT met (" + ", ".join(missed[name]) + ")")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
