"""The committed lock (requirements/dev.lock) satisfies pyproject.toml's declared ranges.

README's set-up commands and .ci/run install from the lock; library users install from the
ranges. When someone edits one and forgets the other, this test says which package disagrees.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in _PIN.findall(text)}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    build = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    specs += [line for line in build if line.strip() and not line.startswith("#")]
    return [Requirement(spec) for spec in specs]


def test_every_declared_dependency_is_locked_at_a_version_its_range_allows() -> None:
    locked = _locked()
    problems = []
    for req in _declared():
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name}: declared ({req}) but not in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}: locked {version} is outside {req.specifier}")
    assert not problems, "refresh requirements/dev.lock (README): " + "; ".join(problems)


def test_every_locked_package_carries_a_hash() -> None:
    text = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    pinned = [b for b in blocks if _PIN.match(b)]
    assert len(pinned) >= len(_declared())
    unhashed = [b.split()[0] for b in pinned if "--hash=sha256:" not in b]
    assert not unhashed
