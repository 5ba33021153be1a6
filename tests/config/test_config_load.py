"""``load_config``: the nearest pyproject with [tool.noema-codegen], paths, precedence, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from noema_codegen.cli import main
from noema_codegen.config import Config, ConfigError, load_config


def write_pyproject(directory: Path, section: str, *, name: str = "demo") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "pyproject.toml"
    path.write_text(f'[project]\nname = "{name}"\n\n[tool.noema-codegen]\n{section}', "utf-8")
    return path


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory the test runs in (no pyproject above tmp_path has our section)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_a_pyproject(work: Path) -> None:
    config = load_config(work)
    assert config == Config()
    assert all(config.origin(name) == "default" for name in ("package", "schemas", "timeout"))


def test_the_nearest_pyproject_with_the_section_is_used_searching_upward(work: Path) -> None:
    outer = write_pyproject(work, 'package = "outer_db"\n')
    inner = work / "a" / "b"
    # a pyproject without our section (like a sub-package's) is passed over, as ruff does
    (work / "a").mkdir()
    (work / "a" / "pyproject.toml").write_text('[project]\nname = "sub"\n', "utf-8")
    inner.mkdir()
    config = load_config(inner)
    assert config.package == "outer_db"
    assert config.origin("package") == str(outer)
    nearer = write_pyproject(work / "a", 'package = "inner_db"\n')
    assert load_config(inner).package == "inner_db"
    assert load_config(inner).origin("package") == str(nearer)


def test_paths_are_relative_to_the_pyproject_directory(work: Path) -> None:
    write_pyproject(work / "proj", 'schemas = "defs"\nout = "../build/gen"\n')
    # shown relative to the working directory when below it
    config = load_config(work / "proj" / "deep")
    assert config.schemas == Path("proj/defs")
    assert config.out == Path("build/gen")


def test_flags_win_over_the_file_and_say_so(work: Path) -> None:
    path = write_pyproject(work, 'package = "file_db"\ndatabase = "filedb"\ntimeout = 5\n')
    config = load_config(work, {"package": "flag_db", "database": None, "timeout": 1.5})
    assert (config.package, config.database, config.timeout) == ("flag_db", "filedb", 1.5)
    assert config.origin("package") == "--package"
    assert config.origin("database") == str(path)
    assert config.origin("timeout") == "--timeout"
    assert config.origin("line_length") == "default"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ('packge = "x"\n', "unknown key 'packge': did you mean 'package'?"),
        ("line_length = 90\n", "did you mean 'line-length'?"),
        ('zzz = "x"\n', "unknown key 'zzz': known: schemas, out, package"),
        ('line-length = "100"\n', "line-length: expected an integer, got string '100'"),
        ("line-length = 10\n", "line-length: expected 40 to 320, got integer 10"),
        (f"line-length = 1{'0' * 4000}\n", "line-length: expected 40 to 320, got integer 1000"),
        ("timeout = true\n", "timeout: expected a number of seconds, got boolean True"),
        ("timeout = nan\n", "timeout: expected seconds above 0"),
        ('package = "class"\n', "package: expected a Python package name"),
        ('package = "my-db"\n', "package: expected a Python package name"),
        ('package = "json"\n', "package: expected a package name that does not hide"),
        ('package = "pydantic"\n', "package: expected a package name that does not hide"),
        ('target-version = "py27"\n', "target-version: expected one of py311"),
        ('database = "a.b"\n', "database: a database name cannot contain ."),
        ('index-prefix = ""\n', "index-prefix: expected 1 to 64 letters"),
        ("schemas = 3\n", "schemas: expected a directory path"),
        ("out = [[1]]\n", "out: expected a directory path (a non-empty string), got an array"),
        ("package = {a = 1}\n", "package: expected a string, got a table"),
        ('uri-env = "1X"\n', "uri-env: expected an environment variable name"),
    ],
)
def test_a_wrong_key_or_type_names_the_file_and_key(
    work: Path, section: str, expected: str
) -> None:
    path = write_pyproject(work, section)
    with pytest.raises(ConfigError) as caught:
        load_config(work)
    assert str(caught.value).startswith(f"{path}: [tool.noema-codegen] ")
    assert expected in str(caught.value)


def test_a_section_that_is_not_a_table_and_broken_toml_are_refused(work: Path) -> None:
    (work / "pyproject.toml").write_text('[tool]\nnoema-codegen = "x"\n', "utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(work)
    (work / "pyproject.toml").write_text("[tool.noema-codegen\n", "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(work)
    # tomllib converts with int(), which refuses over 4300 digits (sys.int_info)
    (work / "pyproject.toml").write_text(f"[tool.noema-codegen]\ntimeout = 1{'0' * 5000}\n")
    with pytest.raises(ConfigError, match="a number has more digits than Python reads"):
        load_config(work)
    (work / "pyproject.toml").write_text("[tool.noema-codegen]\nout = " + "[" * 900 + "]" * 900)
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_config(work)
    (work / "pyproject.toml").write_bytes(b"[tool.noema-codegen]\npackage = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(work)


def test_cli_config_prints_values_and_origins(work: Path) -> None:
    path = write_pyproject(work, 'package = "acme_db"\nline-length = 88\n')
    result = CliRunner().invoke(main, ["config", "--db", "acme"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert "acme_db" in lines["package"] and f"({path})" in lines["package"]
    assert "88" in lines["line-length"] and f"({path})" in lines["line-length"]
    assert "acme" in lines["database"] and "(--db)" in lines["database"]
    assert "(default)" in lines["target-version"]
    data = json.loads(CliRunner().invoke(main, ["config", "--format", "json"]).output)
    assert data["pyproject"] == str(path)
    assert data["settings"]["package"] == {"value": "acme_db", "origin": str(path)}
    assert data["settings"]["database"] == {"value": None, "origin": "default"}


def test_cli_refuses_a_bad_section_with_exit_2_and_no_secret(work: Path) -> None:
    write_pyproject(work, 'database = "mongodb://admin:hunter2@db.example/x"\n')
    for args in (["config"], ["lint"], ["build"], ["plan", "--from-snapshot", "s.json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert "pyproject.toml: [tool.noema-codegen] database:" in result.output
        assert "hunter2" not in result.output
        assert "Traceback" not in result.output


def test_commands_that_connect_need_a_database_and_a_uri(work: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["snapshot", "--uri", "mongodb://h:1"])
    assert result.exit_code == 2
    assert "no database: give --db NAME" in result.output
    write_pyproject(work, 'uri-env = "ACME_URI"\ndatabase = "acme"\n')
    result = runner.invoke(main, ["snapshot"], env={"ACME_URI": ""})
    assert result.exit_code == 2
    assert "give --uri URI or set $ACME_URI" in result.output


def test_default_directories_belong_to_the_project_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a subdirectory, the defaults point at the project's schemas/ and generated/."""
    (tmp_path / "pyproject.toml").write_text('[tool.noema-codegen]\npackage = "shop_db"\n')
    sub = tmp_path / "src" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    config = load_config()
    assert config.schemas.resolve() == (tmp_path / "schemas").resolve()
    assert config.out.resolve() == (tmp_path / "generated").resolve()
