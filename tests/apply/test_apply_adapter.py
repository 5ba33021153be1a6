"""The pymongo adapter's error translation: privileges, connection failures, redaction.

No server is needed: errors are raised inside the adapter's translation layer, and the
connection test points at a port where nothing listens. Messages checked here are our own;
none of pymongo's wording is asserted.
"""

from __future__ import annotations

import pytest
from pymongo.errors import OperationFailure, ServerSelectionTimeoutError

from noema_codegen.apply.errors import PrivilegeError, ServerError
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.connection.errors import BadUri, CannotConnect

URI = "mongodb://appuser:Sup3rSecret@127.0.0.1:1/?authSource=admin"


@pytest.fixture
def adapter() -> PymongoAdapter:
    return PymongoAdapter(URI, "noema", timeout=0.2)


@pytest.mark.parametrize(
    ("command", "collection", "privilege"),
    [
        ("collMod", "userCore", '"collMod"'),
        ("createIndexes", "userCore", '"createIndex"'),
        ("dropIndexes", "userCore", '"dropIndex"'),
        ("create", "userCore", '"createCollection"'),
        ("listCollections", None, '"listCollections"'),
        ("aggregate", "userCore", '"find"'),
        ("count", "userCore", '"find"'),
    ],
)
def test_unauthorized_names_the_missing_privilege(
    adapter: PymongoAdapter, command: str, collection: str | None, privilege: str
) -> None:
    with pytest.raises(PrivilegeError) as info, adapter._translate(command, collection):
        raise OperationFailure(
            f"not authorized on noema to execute command {{ {command}: ... }}", code=13
        )
    message = str(info.value)
    assert privilege in message
    assert "noema" in message
    assert info.value.action == privilege.strip('"')


def test_other_server_errors_keep_their_code_and_are_redacted(adapter: PymongoAdapter) -> None:
    with pytest.raises(ServerError) as info, adapter._translate("createIndexes", "userCore"):
        raise OperationFailure(f"Index build failed while talking to {URI}", code=86)
    assert info.value.code == 86
    assert "Sup3rSecret" not in str(info.value)
    assert "code 86" in str(info.value)


def test_server_selection_timeout_is_a_redacted_connection_failure(adapter: PymongoAdapter) -> None:
    with pytest.raises(CannotConnect) as info, adapter._translate("listCollections"):
        raise ServerSelectionTimeoutError(
            "appuser:Sup3rSecret@127.0.0.1:1: [Errno 111] Connection refused"
        )
    assert "Sup3rSecret" not in str(info.value)
    assert "cannot reach MongoDB" in str(info.value)


def test_unreachable_server_fails_fast_without_leaking_the_password(
    adapter: PymongoAdapter,
) -> None:
    with pytest.raises(CannotConnect) as info:
        adapter.server_info()
    assert "Sup3rSecret" not in str(info.value)
    assert "mongodb://***:***@127.0.0.1:1" in str(info.value)
    adapter.close()


def test_authentication_failure_is_explained(adapter: PymongoAdapter) -> None:
    with pytest.raises(CannotConnect, match="authSource"), adapter._translate("listCollections"):
        raise OperationFailure("Authentication failed.", code=18)


def test_invalid_uri_is_bad_input_and_redacted() -> None:
    with pytest.raises(BadUri) as info:
        PymongoAdapter("mongodb://appuser:Sup3rSecret@host:notaport/", "noema")
    assert "Sup3rSecret" not in str(info.value)


@pytest.mark.parametrize(
    ("uri", "fragment"),
    [
        ("mongodb://user:pa/xyzzy42@h:27017/", "xyzzy42"),
        ("mongodb://user:p@xyzzy42@h:27017/", "xyzzy42"),
    ],
)
def test_malformed_uri_message_never_quotes_part_of_the_password(uri: str, fragment: str) -> None:
    with pytest.raises(BadUri) as info:
        PymongoAdapter(uri, "noema")
    assert fragment not in str(info.value)
    assert "percent-encode" in str(info.value)
