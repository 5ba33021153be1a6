"""Exceptions raised by the apply package; messages are already redacted and user-facing."""

from __future__ import annotations

from noema_codegen.diagnostics import Outcome, UserFacingError


class ApplyError(UserFacingError):
    """Base class: a message meant for the user (never contains credentials).

    A refusal, a missing privilege or a server error: exit 1 (``Outcome.PROBLEMS``).
    """

    outcome = Outcome.PROBLEMS


class BadInput(ApplyError):
    """The user gave something unusable (unreadable snapshot, bad schemas, unknown option).

    A bad URI or an unreachable server is ``noema_codegen.connection.errors.CannotConnect``.
    Exit 2 (``Outcome.BAD_INPUT``).
    """

    outcome = Outcome.BAD_INPUT


class PrivilegeError(ApplyError):
    """The server refused an operation with Unauthorized (code 13)."""

    def __init__(self, message: str, *, action: str, resource: str) -> None:
        super().__init__(message)
        self.action = action
        self.resource = resource


class NotAuthenticated(ApplyError):
    """The server needs a logged-in user (Unauthorized, 13, "requires authentication") or does
    not know the user (UserNotFound, 11): the URI's credentials are missing or wrong, which is
    bad input like any unusable connection (exit 2, as ``CannotConnect``)."""

    outcome = Outcome.BAD_INPUT

    def __init__(self, message: str, *, code: int) -> None:
        super().__init__(message)
        self.code = code


class ServerError(ApplyError):
    """Any other server error (e.g. a failed index build), with its code when known."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code
