"""The only module of ``apply`` that talks to a MongoDB server (through pymongo).

The client comes from ``noema_codegen.connection.open_client`` (URI checks, redaction,
timeouts); connection problems become its ``CannotConnect``. Every other pymongo exception is
translated into an ``errors`` exception whose message has been passed through the URI's
``Redactor``: pymongo messages can echo the host list or URI.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Self

from pymongo.errors import OperationFailure, PyMongoError

from noema_codegen.apply.adapter import ServerInfo
from noema_codegen.apply.errors import ServerError
from noema_codegen.apply.privileges import AUTH_CODES, auth_failure
from noema_codegen.connection.client import open_client


def server_errmsg(exc: OperationFailure) -> str:
    """The server's ``errmsg`` of a failed command (not redacted yet)."""
    details = exc.details
    if isinstance(details, Mapping) and isinstance(details.get("errmsg"), str):
        return str(details["errmsg"])
    return str(exc)


class PymongoAdapter:
    """Adapter over one database of one ``MongoClient``.

    ``timeout`` (seconds) overrides the URI's own timeouts; see ``connection.client``.
    Raises ``connection.errors.BadUri`` for an unusable URI (nothing is contacted yet).
    """

    def __init__(self, uri: str, database: str, *, timeout: float | None = None) -> None:
        self._connection = open_client(uri, timeout=timeout)
        self._client = self._connection.client
        self._redact = self._connection.redact
        self._database = database
        self._db = self._client[database]

    @classmethod
    def sharing(cls, other: PymongoAdapter) -> Self:
        """An adapter of this class over ``other``'s open client (closed with ``other``)."""
        shared = cls.__new__(cls)
        shared._connection = other._connection
        shared._client = other._client
        shared._redact = other._redact
        shared._database = other._database
        shared._db = other._db
        return shared

    @property
    def database(self) -> str:
        return self._database

    @contextmanager
    def _translate(self, command: str, collection: str | None = None) -> Iterator[None]:
        where = f"{self._database}.{collection}" if collection else self._database
        try:
            with self._connection.errors():
                yield
        except OperationFailure as exc:
            if exc.code in AUTH_CODES:
                errmsg = self._redact(server_errmsg(exc))
                raise auth_failure(
                    int(exc.code or 0), errmsg, command, self._database, collection
                ) from None
            raise ServerError(
                f"{command} on {where} failed (code {exc.code}): {self._redact(exc)}",
                code=exc.code,
            ) from None
        except PyMongoError as exc:
            raise ServerError(f"{command} on {where} failed: {self._redact(exc)}") from None

    def server_info(self) -> ServerInfo:
        with self._translate("hello"):
            hello = self._client.admin.command("hello")
            build = self._client.admin.command("buildInfo")
        if hello.get("msg") == "isdbgrid":
            topology = "sharded"
        elif hello.get("setName"):
            topology = "replicaSet"
        else:
            topology = "standalone"
        array = build.get("versionArray")
        return ServerInfo(
            version=str(build.get("version", "?")),
            topology=topology,
            version_array=tuple(int(n) for n in array) if isinstance(array, list) else (),
        )

    def list_collections(self) -> list[dict[str, Any]]:
        with self._translate("listCollections"):
            return [dict(entry) for entry in self._db.list_collections()]

    def list_indexes(self, collection: str) -> list[dict[str, Any]]:
        with self._translate("listIndexes", collection):
            return [dict(entry) for entry in self._db[collection].list_indexes()]

    def create_collection(self, name: str, options: Mapping[str, Any]) -> None:
        with self._translate("create", name):
            self._db.command({"create": name, **options})

    def coll_mod(self, name: str, fields: Mapping[str, Any]) -> None:
        with self._translate("collMod", name):
            self._db.command({"collMod": name, **fields})

    def create_indexes(
        self,
        collection: str,
        specs: Sequence[Mapping[str, Any]],
        commit_quorum: str | int | None = None,
    ) -> None:
        command: dict[str, Any] = {"createIndexes": collection, "indexes": [dict(s) for s in specs]}
        if commit_quorum is not None:
            command["commitQuorum"] = commit_quorum
        with self._translate("createIndexes", collection):
            self._db.command(command)

    def drop_index(self, collection: str, name: str) -> None:
        with self._translate("dropIndexes", collection):
            self._db.command({"dropIndexes": collection, "index": name})

    def count(self, collection: str, filter: Mapping[str, Any]) -> int:
        with self._translate("count", collection):
            return int(self._db[collection].count_documents(dict(filter)))

    def sample_ids(self, collection: str, filter: Mapping[str, Any], limit: int) -> list[Any]:
        with self._translate("find", collection):
            cursor = self._db[collection].find(dict(filter), {"_id": 1}).limit(limit)
            return [doc["_id"] for doc in cursor]

    def aggregate(
        self,
        collection: str,
        pipeline: Sequence[Mapping[str, Any]],
        collation: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"allowDiskUse": True}
        if collation:
            kwargs["collation"] = dict(collation)
        with self._translate("aggregate", collection):
            return [
                dict(d)
                for d in self._db[collection].aggregate([dict(s) for s in pipeline], **kwargs)
            ]

    def ledger_entries(self, collection: str) -> list[dict[str, Any]]:
        projection = {"_id": 1, "checksum": 1, "startedAt": 1, "finishedAt": 1}
        with self._translate("find", collection):
            return [dict(doc) for doc in self._db[collection].find({}, projection).sort("_id", 1)]

    def close(self) -> None:
        self._connection.close()
