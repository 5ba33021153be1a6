"""The fixed files of the generated package (``Config.package``), assembled in one place.

- ``<package>/__init__.py`` and ``<package>/py.typed``;
- ``<package>/_runtime/<name>.py``: the modules of the hand-written runtime package
  ``noema_codegen.runtime``, read with ``importlib.resources`` (so an installed wheel
  works as well as a checkout) and copied with the generated-file header: every generic
  module, plus those of each feature the schemas declare (``FEATURE_RUNTIME_MODULES``;
  today the ``x-noema.ledger`` declaration's credit/ledger modules);
- ``<package>/testing.py``: the test backend (``runtime/testing.py``: the repositories on
  mongomock, no server), re-exported under a public name;
- ``pyproject.toml``: a minimal project, so the output directory is an installable
  distribution of its own (``pip install -e generated``), named after the package, which
  depends on what the runtime imports and nothing of noema-codegen.
"""

from __future__ import annotations

from importlib import resources

from noema_codegen.ir.model import Project
from noema_codegen.render.headers import python_header, runtime_copy

RUNTIME_PACKAGE = "noema_codegen.runtime"
DISTRIBUTION_VERSION = "0.1.0"
RUNTIME_DEPENDENCIES = ("pydantic>=2.14", "pymongo>=4.13")
"""What the copied runtime and the generated modules import (tests/packaging checks that
these are the tool's own ranges, which the runtime is tested against)."""
TESTING_DEPENDENCIES = ("mongomock>=4.3",)
"""The ``testing`` extra: what ``<package>.testing`` imports (lazily)."""
PYTHON_REQUIRES = ">=3.11"
FEATURE_RUNTIME_MODULES: dict[str, tuple[str, ...]] = {
    "ledger": ("credit.py", "ledger.py", "async_credit.py"),
}
"""The runtime of each declared feature (``x-noema`` key), copied only when a schema declares
it; every other module of the runtime package is generic and always copied."""


def declared_features(project: Project) -> tuple[str, ...]:
    """The ``FEATURE_RUNTIME_MODULES`` keys the project's schemas declare."""
    return ("ledger",) if project.ledgers else ()


def render_package(project: Project) -> dict[str, str]:
    """``{path relative to the output directory: content}`` for the package's fixed files."""
    package = project.config.package
    sources = [c.source_file for c in project.collections]
    init = python_header(
        sources, f"The {package} package: Pydantic models and typed repositories."
    ) + (
        f'"""Generated models (``{package}.models``) and repositories '
        f'(``{package}.repositories``)."""\n'
    )
    files = {
        f"{package}/__init__.py": init,
        f"{package}/py.typed": "",
        f"{package}/testing.py": testing_module(project),
        "pyproject.toml": pyproject(package),
    }
    files.update(render_runtime(project))
    return dict(sorted(files.items()))


def testing_module(project: Project) -> str:
    """``<package>.testing``: the public name of the test backend."""
    package = project.config.package
    return python_header(
        [c.source_file for c in project.collections],
        "The test backend: the generated repositories on mongomock, without a server.",
    ) + (
        '"""Run the generated repositories in unit tests without a server (on mongomock).\n'
        "\n"
        f"    from {package}.testing import mongomock_database\n"
        f"    from {package}.repositories import UserCoreRepository\n"
        "\n"
        "    users = UserCoreRepository(mongomock_database())\n"
        "\n"
        "``mongomock_databases()`` returns the same data as a sync and an async database.\n"
        f"Needs mongomock: ``pip install '{package.replace('_', '-')}[testing]'``.\n"
        '"""\n'
        "\n"
        f"from {package}._runtime.testing import (\n"
        "    OrderedDecimal128,\n"
        "    TestBackendUnavailable,\n"
        "    mongomock_database,\n"
        "    mongomock_databases,\n"
        ")\n"
        "\n"
        "__all__ = [\n"
        '    "OrderedDecimal128",\n'
        '    "TestBackendUnavailable",\n'
        '    "mongomock_database",\n'
        '    "mongomock_databases",\n'
        "]\n"
    )


def runtime_sources(project: Project) -> dict[str, str]:
    """``{file name: source}`` of the runtime modules ``project`` needs, by name."""
    declared = set(declared_features(project))
    left_out = {
        name
        for feature, names in FEATURE_RUNTIME_MODULES.items()
        if feature not in declared
        for name in names
    }
    package = resources.files(RUNTIME_PACKAGE)
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(package.iterdir(), key=lambda e: e.name)
        if entry.is_file() and entry.name.endswith(".py") and entry.name not in left_out
    }


def render_runtime(project: Project) -> dict[str, str]:
    """The runtime modules ``project`` needs as ``<package>/_runtime/<name>``, with the header."""
    return {
        f"{project.config.package}/_runtime/{name}": runtime_copy(name, source)
        for name, source in runtime_sources(project).items()
    }


def pyproject(package: str) -> str:
    """``pyproject.toml`` of the output directory: the generated package as a distribution."""
    header = python_header(
        [], "The generated package as a project of its own: pip install -e <output directory>."
    )
    dependencies = "".join(f'    "{requirement}",\n' for requirement in RUNTIME_DEPENDENCIES)
    return (
        header
        + "\n"
        + "[build-system]\n"
        + 'requires = ["setuptools>=68"]\n'
        + 'build-backend = "setuptools.build_meta"\n'
        + "\n"
        + "[project]\n"
        + f'name = "{package.replace("_", "-")}"\n'
        + f'version = "{DISTRIBUTION_VERSION}"\n'
        + 'description = "Pydantic models and typed repositories generated by noema-codegen"\n'
        + f'requires-python = "{PYTHON_REQUIRES}"\n'
        + "dependencies = [\n"
        + dependencies
        + "]\n"
        + "\n"
        + "[project.optional-dependencies]\n"
        + "testing = ["
        + ", ".join(f'"{requirement}"' for requirement in TESTING_DEPENDENCIES)
        + "]\n"
        + "\n"
        + "[tool.setuptools.packages.find]\n"
        + f'include = ["{package}", "{package}.*"]\n'
        + "\n"
        + "[tool.setuptools.package-data]\n"
        + f'{package} = ["py.typed"]\n'
    )
