"""The cache of datamodel-code-generator's and ruff's output (render/render_cache.py, issue 14).

A hit gives the bytes a miss gives; the generator runs only for collections whose input
changed; an entry or directory the cache cannot use never fails a build or changes its output.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import datamodel_code_generator
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noema_codegen.cli import main
from noema_codegen.config import Config, ConfigError, load_config
from noema_codegen.pipeline import build
from noema_codegen.render import python_format
from noema_codegen.render.render_cache import FORMAT, RenderCache, entry_key
from tests.schema_fixtures import NOEMA

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def generator_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The class names datamodel-code-generator was asked to generate during the test."""
    calls: list[str] = []
    real = datamodel_code_generator.generate

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(kwargs.get("class_name")))
        return real(*args, **kwargs)

    monkeypatch.setattr(datamodel_code_generator, "generate", counting)
    yield calls


@pytest.fixture
def ruff_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many files each ruff batch of the test formatted."""
    runs: list[int] = []
    real = python_format._run_ruff

    def counting(sources: Mapping[str, str], config: Config) -> dict[str, str]:
        runs.append(len(sources))
        return real(sources, config)

    monkeypatch.setattr(python_format, "_run_ruff", counting)
    yield runs


@pytest.fixture
def schemas(tmp_path: Path) -> Path:
    target = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", target)
    return target


def _files(schemas: Path, out: Path, cache: Path | None) -> dict[str, str]:
    result = build(replace(NOEMA, schemas=schemas, out=out, cache_dir=cache))
    assert result.output_error is None and not result.schemas_failed, result.diagnostics
    return result.files


def test_a_warm_build_writes_the_bytes_of_a_build_without_cache(
    schemas: Path, tmp_path: Path, generator_calls: list[str], ruff_runs: list[int]
) -> None:
    cache = tmp_path / "cache"
    uncached = _files(schemas, tmp_path / "a", None)
    assert len(generator_calls) == 7 and not cache.exists()
    formatted = sum(ruff_runs)  # the models and repositories (the runtime is copied as it is)
    assert formatted >= 14
    cold = _files(schemas, tmp_path / "b", cache)
    assert len(generator_calls) == 14
    ruff_runs.clear()
    warm = _files(schemas, tmp_path / "c", cache)
    assert len(generator_calls) == 14  # every model text came from the cache
    assert sum(ruff_runs) == 0  # every formatted file too
    assert uncached == cold == warm
    assert len(list((cache / "formatted").iterdir())) == formatted
    assert sorted(p.name for p in (cache / "models").iterdir()) == sorted(
        f"{path.rsplit('/', 1)[1][:-3]}.json"
        for path in uncached
        if "/models/" in path and not path.endswith("__init__.py")
    )
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_only_the_collection_whose_schema_changed_is_generated_again(
    schemas: Path, tmp_path: Path, generator_calls: list[str]
) -> None:
    cache = tmp_path / "cache"
    _files(schemas, tmp_path / "a", cache)
    source = schemas / "userEvents.json"
    schema = json.loads(source.read_text(encoding="utf-8"))
    schema["description"] = "Events, described differently."
    source.write_text(json.dumps(schema), encoding="utf-8")
    generator_calls.clear()
    warm = _files(schemas, tmp_path / "b", cache)
    assert generator_calls == [schema["x-noema"]["model"]]
    assert warm == _files(schemas, tmp_path / "c", None)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00\xff not json"),
        lambda path: path.write_text('{"format": 1, "key": "0", "output": "x = 1\\n"}'),
        lambda path: path.write_text(json.dumps([1, 2])),
        lambda path: path.unlink(),
        lambda path: (path.unlink(), path.mkdir()),  # a directory where the entry belongs
    ],
    ids=["garbage", "other-key", "not-an-object", "missing", "directory"],
)
def test_an_entry_it_cannot_use_is_a_miss(
    schemas: Path,
    tmp_path: Path,
    generator_calls: list[str],
    damage: Callable[[Path], object],
) -> None:
    cache = tmp_path / "cache"
    expected = _files(schemas, tmp_path / "a", cache)
    entry = cache / "models" / "user_event.json"
    damage(entry)
    generator_calls.clear()
    assert _files(schemas, tmp_path / "b", cache) == expected
    assert generator_calls == ["UserEvent"]


def test_a_cache_directory_that_cannot_be_written_is_skipped(schemas: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    expected = _files(schemas, tmp_path / "a", None)
    assert _files(schemas, tmp_path / "b", blocker / "cache") == expected
    assert blocker.read_text(encoding="utf-8") == "not a directory"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.builds(json.dumps, st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["format", "key", "output", "x"]), inner, max_size=4),
    max_leaves=8,
)).map(str.encode))  # fmt: skip
def test_lookup_of_arbitrary_bytes_is_a_miss_unless_they_are_the_entry(
    tmp_path: Path, content: bytes
) -> None:
    cache = RenderCache(tmp_path / "c", "models")
    entry = tmp_path / "c" / "models" / "m.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(content)
    found = cache.lookup("m", "k")
    try:
        parsed = json.loads(content)
    except ValueError:
        parsed = None
    is_entry = (
        isinstance(parsed, dict)
        and parsed.get("format") == FORMAT
        and parsed.get("key") == "k"
        and isinstance(parsed.get("output"), str)
    )
    assert found == (parsed["output"] if is_entry else None)


def test_a_stored_entry_is_found_under_its_key_only(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "c", "models")
    cache.store("m", "k1", "class A: ...\n")
    assert cache.lookup("m", "k1") == "class A: ...\n"
    assert cache.lookup("m", "k2") is None
    assert cache.lookup("other", "k1") is None
    assert RenderCache(None, "models").lookup("m", "k1") is None


@given(
    options=st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        max_size=6,
    ),
    extra=st.frozensets(st.text(max_size=6), max_size=5),
)
def test_the_key_depends_on_content_not_on_order(
    options: dict[str, Any], extra: frozenset[str]
) -> None:
    forward = {**options, "keys": set(extra)}
    inserted_backwards: set[str] = set()  # the same elements, added in the other order
    for item in sorted(extra, reverse=True):
        inserted_backwards.add(item)
    backward = dict(reversed(list({**options, "keys": inserted_backwards}.items())))
    assert entry_key("{}", forward, "1.0") == entry_key("{}", backward, "1.0")
    assert entry_key("{}", forward, "1.0") != entry_key("{}", forward, "1.1")
    assert entry_key("{}", forward, "1.0") != entry_key('{"a": 1}', forward, "1.0")
    assert entry_key("{}", forward, "1.0") != entry_key("{}", {**forward, "added": 1}, "1.0")


def _pyproject(tmp_path: Path, line: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.noema-codegen]\npackage = "things_db"\n{line}\n', encoding="utf-8"
    )
    return tmp_path


def test_cache_dir_is_read_from_the_pyproject_relative_to_it(tmp_path: Path) -> None:
    project = _pyproject(tmp_path, 'cache-dir = "build-cache"')
    cache_dir = load_config(project).cache_dir
    assert cache_dir is not None and cache_dir.absolute() == (project / "build-cache").absolute()
    assert load_config(_pyproject(tmp_path, "cache-dir = false")).cache_dir is None
    assert load_config(_pyproject(tmp_path, "")).cache_dir is not None
    assert load_config(project, {"cache_dir": False}).cache_dir is None
    with pytest.raises(ConfigError, match="cache-dir"):
        load_config(_pyproject(tmp_path, "cache-dir = true"))


def test_a_cache_inside_the_output_directory_is_refused_before_anything_is_written(
    schemas: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ConfigError, match="inside the output directory"):
        build(replace(NOEMA, schemas=schemas, out=out, cache_dir=out / "cache"))
    assert not out.exists()


def test_no_cache_flag_builds_without_touching_the_cache(
    schemas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _pyproject(tmp_path, f'schemas = "{schemas.name}"\nout = "out"')
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--no-cache", "--quiet", "--no-breaking-check"])
    assert result.exit_code == 0, result.output
    assert (project / "out").is_dir() and not (project / ".noema-codegen-cache").exists()
    result = CliRunner().invoke(main, ["check", "--quiet"])
    assert result.exit_code == 0, result.output
    assert (project / ".noema-codegen-cache" / "models").is_dir()
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text(encoding="utf-8") + 'cache-dir = "out/cache"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--quiet"])
    assert result.exit_code == 2
    assert "inside the output directory" in result.stderr
    assert not (project / "out" / "cache").exists()


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"j2/" + bytes(range(256))])
def test_damaged_compiled_templates_are_recompiled(
    schemas: Path, tmp_path: Path, damage: bytes
) -> None:
    cache = tmp_path / "cache"
    expected = _files(schemas, tmp_path / "a", cache)
    compiled = sorted((cache / "templates").iterdir())
    assert compiled  # jinja2 kept the repository templates
    for path in compiled:
        path.write_bytes(damage)
    assert _files(schemas, tmp_path / "b", cache) == expected
    assert all(path.read_bytes() != damage for path in compiled)  # written again
