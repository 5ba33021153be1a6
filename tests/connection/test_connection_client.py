"""``open_client``: timeouts, one error shape, redacted warnings. No server is needed: the
connection tests point at 127.0.0.1 port 1 (nothing listens) or a host under ``.invalid``
(RFC 2606: never resolves)."""

from __future__ import annotations

import time
import warnings

import pytest
from pymongo.errors import OperationFailure

from noema_codegen.config import DEFAULT_TIMEOUT_S
from noema_codegen.connection.client import (
    AUTHENTICATION_FAILED,
    client_options,
    open_client,
    redacted_warnings,
)
from noema_codegen.connection.errors import BadUri, CannotConnect
from noema_codegen.connection.uri import Redactor

SECRET = "Hunter2xyz"
CLOSED = f"mongodb://app:{SECRET}@127.0.0.1:1/"


def test_default_timeouts_fill_in_what_the_uri_lacks() -> None:
    options = client_options("mongodb://h/", None)
    assert options["serverSelectionTimeoutMS"] == DEFAULT_TIMEOUT_S * 1000
    assert options["connectTimeoutMS"] == DEFAULT_TIMEOUT_S * 1000


def test_the_uris_own_timeouts_are_honoured() -> None:
    options = client_options("mongodb://h/?serverSelectionTimeoutMS=250", None)
    assert "serverSelectionTimeoutMS" not in options  # keywords would override the URI
    assert options["connectTimeoutMS"] == DEFAULT_TIMEOUT_S * 1000


def test_an_explicit_timeout_overrides_the_uri() -> None:
    options = client_options("mongodb://h/?serverSelectionTimeoutMS=250", 0.5)
    assert options["serverSelectionTimeoutMS"] == 500
    assert options["connectTimeoutMS"] == 500


def _unreachable(uri: str, timeout: float | None) -> tuple[str, float]:
    connection = open_client(uri, timeout=timeout, warn=lambda _: None)
    started = time.monotonic()
    try:
        with pytest.raises(CannotConnect) as info, connection.errors():
            connection.client.admin.command("ping")
    finally:
        connection.close()
    return str(info.value), time.monotonic() - started


def test_an_unreachable_server_fails_within_the_timeout_with_one_message_shape() -> None:
    message, elapsed = _unreachable(CLOSED, 0.05)
    assert elapsed < 2
    assert message.startswith("cannot reach MongoDB at mongodb://***:***@127.0.0.1:1/: ")
    assert "within 0.05 s" in message and "Next: check" in message
    assert SECRET not in message


def test_the_uris_server_selection_timeout_is_the_one_reported() -> None:
    message, elapsed = _unreachable(CLOSED + "?serverSelectionTimeoutMS=60", None)
    assert "within 0.06 s" in message and elapsed < 2


def test_an_srv_uri_fails_fast_when_its_dns_name_does_not_exist() -> None:
    message, elapsed = _unreachable(f"mongodb+srv://app:{SECRET}@cluster.noema.invalid/", 0.2)
    assert message.startswith(
        "cannot reach MongoDB at mongodb+srv://***:***@cluster.noema.invalid/"
    )
    assert SECRET not in message
    assert elapsed < 5  # the DNS lookup is bounded by the connect timeout


def test_an_unreadable_tls_file_is_bad_input_without_the_password() -> None:
    with pytest.raises(BadUri) as info:
        open_client(CLOSED + "?tls=true&tlsCAFile=/nonexistent/ca.pem", timeout=0.05)
    assert "tlsCAFile" in str(info.value) and SECRET not in str(info.value)


def test_failed_authentication_becomes_a_connection_problem() -> None:
    # AuthenticationFailed is code 18 in mongo/src/mongo/base/error_codes.yml.
    assert AUTHENTICATION_FAILED == 18
    connection = open_client(CLOSED, timeout=0.05)
    with pytest.raises(CannotConnect, match="authSource") as info, connection.errors():
        raise OperationFailure(f"Authentication failed for {CLOSED}", code=18)
    assert SECRET not in str(info.value)
    with pytest.raises(OperationFailure), connection.errors():  # others are the caller's
        raise OperationFailure("not authorized", code=13)
    connection.close()


def test_failed_authentication_keeps_the_servers_text_redacted() -> None:
    # The reply document of a failed saslStart/authenticate: {ok: 0, errmsg, code: 18,
    # codeName: "AuthenticationFailed"} (mongo/src/mongo/base/error_codes.yml; the errmsg is
    # the server's, here one that repeats the URI to prove it is redacted).
    connection = open_client(CLOSED, timeout=0.05)
    said = f"Authentication failed for {CLOSED} (mechanism SCRAM-SHA-256)"
    reply = {"ok": 0, "errmsg": said, "code": 18, "codeName": "AuthenticationFailed"}
    with pytest.raises(CannotConnect) as info, connection.errors():
        raise OperationFailure(said, code=18, details=reply)
    message = str(info.value)
    assert "The server said: Authentication failed for mongodb://***:***@127.0.0.1:1/" in message
    assert "(mechanism SCRAM-SHA-256)" in message and SECRET not in message
    connection.close()


def test_warnings_are_redacted_and_handed_to_the_sink() -> None:
    seen: list[str] = []
    with redacted_warnings(Redactor(CLOSED), seen.append):
        warnings.warn(f"option ignored in {CLOSED}", UserWarning, stacklevel=1)
    assert seen == ["option ignored in mongodb://***:***@127.0.0.1:1/"]


def test_driver_warnings_about_the_uri_are_redacted() -> None:
    seen: list[str] = []
    connection = open_client(CLOSED + f"?unknownOption{SECRET}=1", warn=seen.append)
    connection.close()
    assert seen, "the driver warns about an unknown option; it must reach the sink"
    assert all(SECRET not in line for line in seen)
