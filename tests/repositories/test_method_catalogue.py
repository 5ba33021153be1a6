"""docs/repositories.md's method catalogue is what the repositories of the bundled schemas
define (read from the rendered code): it cannot go stale. ``NOEMA_REGENERATE=1`` rewrites it."""

from __future__ import annotations

import os

import pytest

from noema_codegen.checked_project import load_project
from noema_codegen.render.method_catalogue import (
    BEGIN,
    END,
    embed,
    method_catalogue,
    repository_methods,
)
from noema_codegen.render.repositories import render_repositories
from tests.repositories.support import ROOT
from tests.schema_fixtures import NOEMA

DOC = ROOT / "docs" / "repositories.md"


def _catalogue() -> str:
    project = load_project(ROOT / "schemas", NOEMA)
    rendered = render_repositories(project)
    modules = {
        c.module_name: rendered[f"{NOEMA.package}/repositories/{c.module_name}.py"]
        for c in project.collections
    }
    return method_catalogue(project, modules)


def test_docs_embed_the_current_catalogue() -> None:
    text = DOC.read_text(encoding="utf-8")
    fresh = embed(text, _catalogue())
    if os.environ.get("NOEMA_REGENERATE"):
        DOC.write_text(fresh, encoding="utf-8")
    assert text == fresh, "docs/repositories.md is stale: NOEMA_REGENERATE=1 pytest " + __file__


def test_catalogue_lists_every_named_query_and_its_seed_operation() -> None:
    project = load_project(ROOT / "schemas", NOEMA)
    catalogue = _catalogue()
    for collection in project.collections:
        for query in collection.queries:
            prefix = f"| {collection.name} | `{query.name}("
            [row] = [r for r in catalogue.splitlines() if r.startswith(prefix)]
            assert query.serves in row
    # the ledger is append-only: the catalogue shows no update/delete on it
    ledger_rows = [r for r in catalogue.splitlines() if r.startswith("| transactions |")]
    assert ledger_rows and not any("`update(" in r or "`delete(" in r for r in ledger_rows)
    assert any("`adjust_usd_credit(" in r for r in catalogue.splitlines())


def test_methods_are_read_from_the_code_with_defaults_and_keyword_only_marks() -> None:
    source = '''
class ThingRepository:
    def _private(self) -> None: ...
    def find_by_name(self, name: str, since: int | None = None, *, limit: int = 0) -> list[int]:
        """Things called ``name``.

        More text that is not the summary."""
    async def count_all(self) -> int:
        """How many | pipes are escaped."""
'''
    assert repository_methods(source, "ThingRepository") == [
        ("find_by_name", "find_by_name(name, since=…, *, limit=…)", "Things called ``name``."),
        ("count_all", "count_all()", "How many \\| pipes are escaped."),
    ]
    with pytest.raises(LookupError):
        repository_methods(source, "Other")
    assert BEGIN != END
