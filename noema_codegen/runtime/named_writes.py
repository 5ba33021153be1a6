"""What the repositories' writes share beyond encoding: the append-only refusal and the
stamping of a document a named ``insert_one`` query creates (copied into ``<package>/_runtime/``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId

from .repository_core import CollectionSpec, stamp_new_document


class AppendOnlyError(TypeError):
    """An update or delete on an append-only collection (``x-noema.appendOnly``).

    Raised before anything is sent to the server: records of an append-only collection
    (a ledger's entries) are corrected by inserting a compensating record."""

    def __init__(self, collection: str, action: str) -> None:
        self.collection = collection
        self.action = action
        super().__init__(
            f"{collection} is append-only: {action} is refused; "
            "insert a compensating record instead"
        )


def refuse_if_append_only(spec: CollectionSpec, action: str) -> None:
    if spec.append_only:
        raise AppendOnlyError(spec.name, action)


def stamp_created(document: dict[str, Any], spec: CollectionSpec, now: datetime) -> dict[str, Any]:
    """A new document as a named ``insert_one`` sends it: the primary key (a new ``ObjectId``
    when the schema types it ``objectId`` and the caller gave none) and the timestamps."""
    key = next((f for f in spec.fields.values() if f.alias == spec.primary_key), None)
    if spec.primary_key not in document and key is not None and "objectId" in key.bson_types:
        document[spec.primary_key] = ObjectId()
    return stamp_new_document(document, spec, now)
