"""Authentication missing vs privilege missing vs bad credentials, each with the server's text.

The ``errmsg`` fixtures are the server's own wording, from mongodb/mongo
``src/mongo/db/service_entry_point_common.cpp`` (``checkAuthorizationImpl``: "Command <name>
requires authentication" when no user is authenticated, "not authorized on <db> to execute
command <cmd>" otherwise) and ``src/mongo/db/auth/`` (UserNotFound 11 "Could not find user",
AuthenticationFailed 18 "Authentication failed."). No pymongo wording is asserted: the
``OperationFailure`` objects are built here with the server's reply document.
"""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.errors import OperationFailure

from noema_codegen.apply.errors import NotAuthenticated, PrivilegeError
from noema_codegen.apply.privileges import auth_failure
from noema_codegen.apply.pymongo_adapter import PymongoAdapter
from noema_codegen.diagnostics import Outcome

URI = "mongodb://appuser:Sup3rSecret@127.0.0.1:1/?authSource=admin"


def reply(code: int, errmsg: str) -> OperationFailure:
    details: dict[str, Any] = {"ok": 0.0, "errmsg": errmsg, "code": code}
    return OperationFailure(errmsg, code=code, details=details)


@pytest.fixture
def adapter() -> PymongoAdapter:
    return PymongoAdapter(URI, "noema", timeout=0.2)


def test_no_user_is_not_reported_as_a_missing_privilege(adapter: PymongoAdapter) -> None:
    """issue 10: {code: 13, errmsg: "Command listCollections requires authentication"}."""
    errmsg = "Command listCollections requires authentication"
    with pytest.raises(NotAuthenticated) as info, adapter._translate("listCollections"):
        raise reply(13, errmsg)
    message = str(info.value)
    assert errmsg in message
    assert "privilege action" not in message
    assert "URI" in message
    assert info.value.outcome is Outcome.BAD_INPUT
    assert info.value.code == 13


def test_missing_privilege_keeps_the_server_text(adapter: PymongoAdapter) -> None:
    errmsg = (
        "not authorized on noema to execute command "
        '{ collMod: "userSessions", validator: {}, $db: "noema" }'
    )
    with pytest.raises(PrivilegeError) as info, adapter._translate("collMod", "userSessions"):
        raise reply(13, errmsg)
    message = str(info.value)
    assert errmsg in message
    assert 'privilege action "collMod"' in message
    assert info.value.resource == "noema.userSessions"
    assert info.value.outcome is Outcome.PROBLEMS


def test_unknown_user_is_a_credentials_problem(adapter: PymongoAdapter) -> None:
    errmsg = 'Could not find user "appuser" for db "admin"'
    with pytest.raises(NotAuthenticated) as info, adapter._translate("listCollections"):
        raise reply(11, errmsg)
    assert errmsg in str(info.value)
    assert "authSource" in str(info.value)
    assert info.value.code == 11


def test_server_text_is_redacted(adapter: PymongoAdapter) -> None:
    with pytest.raises(PrivilegeError) as info, adapter._translate("createIndexes", "userCore"):
        raise reply(13, f'not authorized on noema to execute command {{ comment: "{URI}" }}')
    assert "Sup3rSecret" not in str(info.value)


@pytest.mark.parametrize(
    ("code", "errmsg", "kind"),
    [
        (13, "Command find requires authentication", NotAuthenticated),
        (13, 'not authorized on noema to execute command { find: "x" }', PrivilegeError),
        (11, "Could not find user", NotAuthenticated),
        (18, "Authentication failed.", NotAuthenticated),
    ],
)
def test_classification_is_pure(code: int, errmsg: str, kind: type[Exception]) -> None:
    error = auth_failure(code, errmsg, "find", "noema", "userCore")
    assert isinstance(error, kind)
    assert f'"{errmsg}"' in str(error)
