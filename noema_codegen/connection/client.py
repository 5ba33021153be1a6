"""``open_client``: the one function that opens a ``MongoClient``.

It checks the URI first (``uri.check_uri``), applies our timeouts, and gives back a
``Connection`` whose ``errors()`` context turns every connection problem (unreachable server,
DNS, TLS, failed authentication) into ``CannotConnect`` with one message shape::

    cannot reach MongoDB at mongodb://***:***@host:27017/: <why>. Next: <what to check>

Warnings pymongo emits meanwhile (e.g. for an unknown URI option) are redacted and written to
standard error as ``warning: ...``. Timeouts, in seconds: ``timeout`` when given (``--timeout``)
sets both server selection and connect; otherwise the URI's own ``serverSelectionTimeoutMS``
and ``connectTimeoutMS`` are honoured and ``DEFAULT_TIMEOUT_S`` fills in what it lacks. A
``mongodb+srv://`` DNS lookup is bounded by the connect timeout.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pymongo import MongoClient
from pymongo.errors import (
    ConfigurationError,
    ConnectionFailure,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)

from noema_codegen.config import DEFAULT_TIMEOUT_S
from noema_codegen.connection.errors import BadUri, CannotConnect
from noema_codegen.connection.uri import (
    TIMEOUT_OPTIONS,
    Redactor,
    check_uri,
    uri_timeouts_ms,
)

AUTHENTICATION_FAILED = 18
"""Server error code of a failed login (mongo/src/mongo/base/error_codes.yml)."""
APP_NAME = "noema-codegen"


def _stderr_warning(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


@contextmanager
def redacted_warnings(
    redact: Callable[[object], str], sink: Callable[[str], None] = _stderr_warning
) -> Iterator[None]:
    """Record the warnings raised inside and hand them to ``sink``, redacted."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for item in caught:
                sink(redact(item.message))


@dataclass
class Connection:
    """An opened client, with what is needed to talk about it safely."""

    client: MongoClient[dict[str, Any]]
    shown_uri: str
    redact: Redactor
    timeout_s: float
    """The effective server selection timeout."""
    warn: Callable[[str], None] = _stderr_warning

    def unreachable(self, why: str) -> CannotConnect:
        return CannotConnect(
            f"cannot reach MongoDB at {self.shown_uri}: {why}. Next: check the host, port, "
            "network access and TLS settings of the URI, or allow more time with --timeout "
            "SECONDS."
        )

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Run driver calls; connection problems raised inside become ``CannotConnect``.

        Other driver errors (``OperationFailure`` except failed authentication, ...) pass
        through for the caller to translate (their text still needs ``redact``).
        """
        with redacted_warnings(self.redact, self.warn):
            try:
                yield
            except ServerSelectionTimeoutError as exc:
                detail = self.redact(exc).splitlines()[0].split(", Timeout:")[0]
                raise self.unreachable(
                    f"no server answered within {self.timeout_s:g} s ({detail})"
                ) from None
            except ConnectionFailure as exc:
                raise self.unreachable(f"the connection failed ({self.redact(exc)})") from None
            except ConfigurationError as exc:  # e.g. the DNS lookup of a mongodb+srv:// host
                raise self.unreachable(self.redact(exc).rstrip(".")) from None
            except OperationFailure as exc:
                if exc.code != AUTHENTICATION_FAILED:
                    raise
                said = (exc.details or {}).get("errmsg")
                server = f" The server said: {self.redact(said)}" if isinstance(said, str) else ""
                raise CannotConnect(
                    f"cannot log in to MongoDB at {self.shown_uri}: authentication failed "
                    f"(code {AUTHENTICATION_FAILED}).{server} "
                    "Next: check the user name, password and authSource of the URI."
                ) from None

    def close(self) -> None:
        self.client.close()


def client_options(uri: str, timeout: float | None) -> dict[str, Any]:
    """Keyword options for ``MongoClient`` (keywords override the URI's options in pymongo,
    so a timeout the URI sets is passed only when ``timeout`` is given explicitly)."""
    options: dict[str, Any] = {"connect": False}
    if "appname=" not in uri.lower():
        options["appname"] = APP_NAME
    in_uri = uri_timeouts_ms(uri)
    for name in TIMEOUT_OPTIONS:
        if timeout is not None:
            options[name] = timeout * 1000
        elif name not in in_uri:
            options[name] = DEFAULT_TIMEOUT_S * 1000
    return options


def open_client(
    uri: str, *, timeout: float | None = None, warn: Callable[[str], None] = _stderr_warning
) -> Connection:
    """A client for ``uri`` (nothing is contacted yet: the first operation connects).

    Raises ``BadUri`` when the URI, or a TLS file it names, is unusable.
    """
    uri = check_uri(uri)
    redact = Redactor(uri)
    shown = redact(uri)
    options = client_options(uri, timeout)
    in_uri = uri_timeouts_ms(uri).get(TIMEOUT_OPTIONS[0])
    selection_s = timeout if timeout is not None else DEFAULT_TIMEOUT_S
    if timeout is None and in_uri is not None:
        selection_s = in_uri / 1000
    with redacted_warnings(redact, warn):
        try:
            client: MongoClient[dict[str, Any]] = MongoClient(uri, **options)
        except (PyMongoError, ValueError, TypeError) as exc:
            detail = str(exc)
            if redact.may_echo_credentials(detail):
                detail = "the driver could not parse it (it quotes part of the user-info)"
            raise BadUri(
                f"cannot use MongoDB URI {shown}: {redact(detail)}. Next: fix the URI "
                "(https://www.mongodb.com/docs/manual/reference/connection-string/)."
            ) from None
        except OSError:  # the driver reads tlsCAFile / tlsCertificateKeyFile here
            raise BadUri(
                f"cannot use MongoDB URI {shown}: a file it names (tlsCAFile, "
                "tlsCertificateKeyFile) cannot be read. Next: check the path and its permissions."
            ) from None
    return Connection(client, shown, redact, selection_s, warn)
