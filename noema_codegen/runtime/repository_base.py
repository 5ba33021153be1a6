"""The synchronous repository base (pymongo ``Database``); generated repositories subclass it.

Public methods of generated repositories carry the precise types (model, typed
filter, typed partial update); they delegate to the loosely typed ``_``-methods
here. The async twin is ``async_repository_base``; both share ``repository_core``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Generic

from pymongo import ReturnDocument
from pymongo.collection import Collection
from pymongo.database import Database

from .document_writer import writer_for
from .named_writes import refuse_if_append_only, stamp_created
from .pagination import Page, PageQuery, keyset_query, page_query, split_page, with_tie_breaker
from .repository_core import (
    CollectionSpec,
    Decoder,
    M,
    OnInvalid,
    SkippedDocument,
    ValueCodec,
    new_document,
    primary_key_filter,
    stamp_update,
    utc_now,
)


class Repository(Generic[M]):
    """Typed access to one collection through a pymongo ``Database``."""

    spec: ClassVar[CollectionSpec]
    model: type[M]

    def __init__(self, database: Database[Any], *, on_invalid: OnInvalid = "raise") -> None:
        """``on_invalid="skip"``: reads drop documents that fail model validation and
        record them in ``skipped`` (and the log) instead of raising ``DocumentValidationError``."""
        self.database = database
        self.collection: Collection[Any] = database[self.spec.name]
        self._codec = ValueCodec(self.model, self.spec)
        self._decoder: Decoder[M] = Decoder(self.model, self.spec.name, on_invalid)
        self._writer = writer_for(self.model)

    @property
    def skipped(self) -> list[SkippedDocument]:
        """Documents skipped by reads so far (only with ``on_invalid="skip"``)."""
        return self._decoder.skipped

    # -- writes ---------------------------------------------------------------

    def _prepare(self, model: M) -> dict[str, Any]:
        return new_document(model, self.spec, self._writer, utc_now())

    def _stored(self, document: dict[str, Any]) -> M:
        """The model as a read returns it: validated from the document just written."""
        return self._decoder.strict_one(document)

    def _insert_one(self, model: M) -> M:
        document = self._prepare(model)
        self.collection.insert_one(document)
        return self._stored(document)

    def _insert_many(self, models: Iterable[M]) -> list[M]:
        documents = [self._prepare(model) for model in models]
        if not documents:
            return []
        self.collection.insert_many(documents, ordered=True)
        return [self._stored(document) for document in documents]

    def _update_by_key(
        self,
        key: Any,
        set_: Mapping[str, Any] | None,
        unset: Sequence[str] | None,
        inc: Mapping[str, Any] | None,
    ) -> M | None:
        refuse_if_append_only(self.spec, "update")
        update = self._codec.build_update(set_, unset, inc, utc_now())
        after = self.collection.find_one_and_update(
            primary_key_filter(self.spec, self._codec, key),
            update,
            return_document=ReturnDocument.AFTER,
        )
        return self._decoder.one(after)

    def _update_many(
        self,
        criteria: Mapping[str, Any] | None,
        set_: Mapping[str, Any] | None,
        unset: Sequence[str] | None,
        inc: Mapping[str, Any] | None,
    ) -> int:
        refuse_if_append_only(self.spec, "update_many")
        update = self._codec.build_update(set_, unset, inc, utc_now())
        result = self.collection.update_many(self._codec.encode_filter(criteria), update)
        return int(result.modified_count)

    def _delete_by_key(self, key: Any) -> bool:
        refuse_if_append_only(self.spec, "delete")
        result = self.collection.delete_one(primary_key_filter(self.spec, self._codec, key))
        return bool(result.deleted_count)

    def _delete_many(self, criteria: Mapping[str, Any] | None) -> int:
        refuse_if_append_only(self.spec, "delete_many")
        return int(self.collection.delete_many(self._codec.encode_filter(criteria)).deleted_count)

    # -- reads ----------------------------------------------------------------

    def _get(self, key: Any) -> M | None:
        return self._decoder.one(
            self.collection.find_one(primary_key_filter(self.spec, self._codec, key))
        )

    def _find(
        self,
        criteria: Mapping[str, Any] | None,
        sort: Sequence[tuple[str, int]] | None,
        limit: int,
        skip: int,
    ) -> list[M]:
        cursor = self.collection.find(self._codec.encode_filter(criteria), skip=skip, limit=limit)
        order = self._codec.encode_sort(sort)
        if order:
            cursor = cursor.sort(order)
        return self._decoder.many(cursor)

    def _find_one(
        self, criteria: Mapping[str, Any] | None, sort: Sequence[tuple[str, int]] | None
    ) -> M | None:
        found = self._find(criteria, sort, 1, 0)
        return found[0] if found else None

    def _find_page(
        self, criteria: Mapping[str, Any] | None, index: str, limit: int, after: str | None
    ) -> Page[M]:
        query = page_query(self.spec, index, self._codec.encode_filter(criteria), limit, after)
        return self._read_page(query)

    def _read_page(self, query: PageQuery) -> Page[M]:
        cursor = self.collection.find(query.filter, limit=query.fetch).sort(query.sort)
        if query.use_hint:
            cursor = cursor.hint(query.hint)
        documents, after = split_page(query, list(cursor))
        return Page(self._decoder.many(documents), after)

    def _iter_find(
        self,
        criteria: Mapping[str, Any] | None,
        sort: Sequence[tuple[str, int]] | None,
        batch_size: int,
    ) -> Iterator[M]:
        """Stream the matching documents from one server cursor, ``batch_size`` per round
        trip (0: the server's default); the cursor is closed when the loop ends or breaks."""
        if batch_size < 0:
            raise ValueError("batch_size must be 0 (the server's default) or more")
        cursor = self.collection.find(self._codec.encode_filter(criteria), batch_size=batch_size)
        order = self._codec.encode_sort(sort)
        if order:
            cursor = cursor.sort(order)
        with cursor:
            for document in cursor:
                model = self._decoder.one(document)
                if model is not None:
                    yield model

    def _count(self, criteria: Mapping[str, Any] | None) -> int:
        return int(self.collection.count_documents(self._codec.encode_filter(criteria)))

    def _exists(self, criteria: Mapping[str, Any] | None) -> bool:
        return (
            self.collection.find_one(self._codec.encode_filter(criteria), projection={"_id": 1})
            is not None
        )

    # -- named queries (filters and updates already in MongoDB form) ----------

    def _query_one(
        self, query: Mapping[str, Any], sort: Sequence[tuple[str, int]] | None
    ) -> M | None:
        cursor = self.collection.find(dict(query), limit=1)
        if sort:
            cursor = cursor.sort(list(sort))
        return next(iter(self._decoder.many(cursor)), None)

    def _query_many(
        self, query: Mapping[str, Any], sort: Sequence[tuple[str, int]] | None, limit: int
    ) -> list[M]:
        cursor = self.collection.find(dict(query), limit=limit)
        if sort:
            cursor = cursor.sort(list(sort))
        return self._decoder.many(cursor)

    def _query_page(
        self,
        name: str,
        query: Mapping[str, Any],
        sort: Sequence[tuple[str, int]] | None,
        limit: int,
        after: str | None,
    ) -> Page[M]:
        """One page of the named query ``name`` in ``sort`` order made total by ``_id``."""
        page = keyset_query(name, dict(query), with_tie_breaker(sort or ()), limit, after)
        return self._read_page(page)

    def _query_count(self, query: Mapping[str, Any]) -> int:
        return int(self.collection.count_documents(dict(query)))

    def _query_update(
        self,
        query: Mapping[str, Any],
        update: dict[str, Any],
        *,
        many: bool,
        upsert: bool,
        array_filters: list[dict[str, Any]] | None = None,
    ) -> int:
        """One ``update`` command; returns how many documents matched (an upsert that
        inserted counts as 1)."""
        refuse_if_append_only(self.spec, "update")
        stamped = stamp_update(update, self.spec, utc_now(), upsert=upsert)
        write = self.collection.update_many if many else self.collection.update_one
        result = write(dict(query), stamped, upsert=upsert, array_filters=array_filters)
        return int(result.matched_count) + (1 if result.upserted_id is not None else 0)

    def _query_update_returning(
        self,
        query: Mapping[str, Any],
        update: dict[str, Any],
        *,
        upsert: bool,
        array_filters: list[dict[str, Any]] | None,
        after: bool,
    ) -> M | None:
        """One ``findAndModify`` command: the document before or after the update, or None."""
        refuse_if_append_only(self.spec, "update")
        stamped = stamp_update(update, self.spec, utc_now(), upsert=upsert)
        found = self.collection.find_one_and_update(
            dict(query),
            stamped,
            upsert=upsert,
            array_filters=array_filters,
            return_document=ReturnDocument.AFTER if after else ReturnDocument.BEFORE,
        )
        return self._decoder.one(found)

    def _query_insert(self, document: dict[str, Any]) -> M:
        """One ``insert`` command: the document with its primary key and timestamps stamped."""
        stamped = stamp_created(document, self.spec, utc_now())
        self.collection.insert_one(stamped)
        return self._stored(stamped)
