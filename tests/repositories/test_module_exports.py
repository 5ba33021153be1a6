"""``module_exports`` parses only the ``__all__`` statement: the same names as the whole module.

(issue 14: parsing every rendered repository module whole was a third of rendering them.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noema_codegen.render.repositories import module_exports

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "generated" / "noema_db" / "repositories").glob("*.py"))


def _whole_module(source: str) -> list[str]:
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            assert isinstance(node, ast.Assign)
            if isinstance(node.value, ast.List):
                return sorted(ast.literal_eval(node.value))
    return []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_generated_modules(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if path.name != "__init__.py":
        assert _whole_module(source)  # a module without exports would test nothing
    assert module_exports(source) == _whole_module(source)


NAMES = st.lists(st.text(alphabet="ab]_[\"' ", min_size=1, max_size=5), max_size=4)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    NAMES,
    st.booleans(),
    st.sampled_from(
        [
            "",
            "x = 1\n",
            '"""__all__ = [\n"""\n',
            '"""A collection named\n__all__ = ["evil"]\n"""\n',  # in a docstring: not it
            "if True:\n    __all__ = ['first']\n",  # an earlier assignment wins
        ]
    ),
    st.sampled_from(["", " + ['more']", "  # comment"]),
)
def test_any_names_and_layout(names: list[str], multiline: bool, before: str, after: str) -> None:
    separator = ",\n    " if multiline else ", "
    listed = f"[{separator.join(map(repr, names))}]{after}"
    source = f"{before}__all__ = {listed}\n\ndef f() -> None: ...\n"
    assert module_exports(source) == _whole_module(source)


def test_no_exports() -> None:
    assert module_exports("x = [1]\n") == []
