"""The exception every connection problem becomes; its message is redacted and user-facing."""

from __future__ import annotations

from noema_codegen.diagnostics import UserFacingError


class CannotConnect(UserFacingError):
    """MongoDB could not be used: bad URI, unreachable server, failed authentication.

    The message reads ``cannot <what> ...: <why>. Next: <what to do>`` and never holds a
    secret. The commands exit 2 for it (1 under ``plan --detailed-exitcode``).
    """


class BadUri(CannotConnect):
    """The URI (or a file it names, such as ``tlsCAFile``) is unusable; nothing was contacted."""
