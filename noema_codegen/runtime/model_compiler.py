"""What the compiled per-model reader (``document_reader``) and writer (``document_writer``)
share: a function defined from source built out of the model's own field names, and one cache
entry per model class."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])


class Unsupported(Exception):
    """The model has something the compiled path does not reproduce: pydantic's path is used."""


def define(lines: Sequence[str], label: str, namespace: dict[str, Any], name: str) -> Any:
    """The function ``name`` that ``lines`` define, run in ``namespace`` (``label`` names it in
    tracebacks and profiles)."""
    exec(compile("\n".join(lines), label, "exec"), namespace)  # noqa: S102 - source built from the model's own fields
    return namespace[name]


def cached(
    cache: dict[type, F | None],
    model: type[Any],
    plan: Callable[[type[BaseModel], dict[type, F]], F],
) -> F | None:
    """``plan(model)``, once per model class; None for anything that is not a model or that
    ``plan`` refuses (``Unsupported``)."""
    if model in cache:
        return cache[model]
    result: F | None
    try:
        result = (
            plan(model, {}) if isinstance(model, type) and issubclass(model, BaseModel) else None
        )
    except Unsupported:
        result = None
    cache[model] = result
    return result
