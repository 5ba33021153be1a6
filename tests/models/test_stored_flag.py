"""The stored-document flag lives in ``__pydantic_private__`` (no pydantic private attribute on
the base models, issue 14): a subclass's own private attributes keep their defaults, and only
``from_document`` marks a model (and its nested models) as stored."""

from __future__ import annotations

from pydantic import PrivateAttr

from noema_codegen.runtime.document_model import DocumentModel, EmbeddedModel, _is_stored


class Inner(EmbeddedModel):
    b: int = 0


class Outer(DocumentModel):
    a: int
    inner: Inner
    items: list[Inner]
    _mine: int = PrivateAttr(default=7)


def test_from_document_marks_every_model_and_keeps_private_defaults() -> None:
    model = Outer.from_document({"a": 1, "inner": {}, "items": [{"b": 2}]})
    assert model._mine == 7
    assert _is_stored(model) and _is_stored(model.inner) and _is_stored(model.items[0])
    assert model.to_document() == {"a": 1, "inner": {}, "items": [{"b": 2}]}  # no filled defaults


def test_models_built_in_code_are_not_stored_and_write_their_defaults() -> None:
    model = Outer(a=1, inner=Inner(), items=[])
    assert model._mine == 7 and not _is_stored(model) and not _is_stored(model.inner)
    assert model.to_document() == {"a": 1, "inner": {"b": 0}, "items": []}
    assert not _is_stored(Outer.model_construct(a=1))
    copied = Outer.from_document({"a": 1, "inner": {}, "items": []}).model_copy()
    assert _is_stored(copied) and copied.to_document() == {"a": 1, "inner": {}, "items": []}
