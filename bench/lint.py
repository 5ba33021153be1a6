"""Wall time of `noema-codegen lint` and of a pre-commit hook, each in a fresh process.

Usage: .venv/bin/python bench/lint.py [--runs 5]

Times, on the bundled schemas, alternating so a load spike hits all of them:
  * the interpreter alone (``python -c pass``): the floor of any command;
  * ``noema-codegen lint`` (issue 14 target: 0.3 s);
  * ``noema-codegen check --no-cache`` (lint + drift check in one process, every model
    generated and formatted: a fresh clone's first check);
  * ``noema-codegen check`` with the build cache of this checkout (``cache-dir``), filled by one
    untimed run first: what a pre-commit hook costs from the second commit on;
  * ``noema-codegen lint`` then ``noema-codegen build --check --no-cache`` (the hook it replaces).
Prints the median and the min-max spread of each (wall time, and CPU time of the child
processes, which is what an idle machine's wall time would be), and the modules that cost lint the most
import time (``python -X importtime``, cumulative, top level only).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "noema_codegen"]
TARGET_LINT = 0.3


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(*argvs: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of the commands, one after the other."""
    start, cpu = time.perf_counter(), cpu_of_children()
    for argv in argvs:
        subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start, cpu_of_children() - cpu


def import_costs(top: int) -> list[tuple[float, str]]:
    """(cumulative seconds, module) of lint's most expensive top-level imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "noema_codegen", "lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    costs = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            if depth <= 1:
                costs.append((int(parts[1]) / 1e6, name.strip()))
    return sorted(costs, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    commands = {
        "python -c pass": [[sys.executable, "-c", "pass"]],
        "lint": [[*CLI, "lint"]],
        "check --no-cache": [[*CLI, "check", "--quiet", "--no-cache"]],
        "check (warm cache)": [[*CLI, "check", "--quiet"]],
        "lint + build --check": [
            [*CLI, "lint"],
            [*CLI, "build", "--check", "--quiet", "--no-cache"],
        ],
    }
    run([*CLI, "check", "--quiet"])  # fills the build cache
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argvs in commands.items():
            wall, cpu = run(*argvs)
            walls[name].append(wall)
            cpus[name].append(cpu)
    print(f"median [min-max] of {args.runs} runs, seconds, bundled schemas")
    print(f"{'':<22}{'wall':>8}{'':17}{'CPU (user+sys)':>16}")
    for name in commands:
        w, c = walls[name], cpus[name]
        print(
            f"{name:<22}{statistics.median(w):>8.3f}  [{min(w):.3f}-{max(w):.3f}]"
            f"{statistics.median(c):>10.3f}  [{min(c):.3f}-{max(c):.3f}]"
        )
    lint = statistics.median(cpus["lint"])
    verdict = "met" if lint <= TARGET_LINT else "NOT met"
    print(
        f"target: lint <= {TARGET_LINT} s (CPU time: the wall time of an idle machine): "
        f"{lint:.3f} s -> {verdict}"
    )
    print("lint's costliest imports (cumulative, -X importtime, one run):")
    for seconds, module in import_costs(8):
        print(f"  {seconds:>7.3f}  {module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
