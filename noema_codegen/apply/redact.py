"""Keep credentials from MongoDB URIs out of every message.

``Redactor`` is built once from the URI the user gave. It knows the user name and password
(raw and percent-decoded) and scrubs them, plus any ``scheme://user:pass@`` fragment, from any
text, including pymongo exception messages that may echo the URI or host list.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_USERINFO = re.compile(r"(mongodb(?:\+srv)?://)([^@/\s]+)@", re.IGNORECASE)
_MASK = "***"


def redact_uri(uri: str) -> str:
    """Return ``uri`` with its user-info replaced: ``mongodb://***:***@host/...``."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}{_MASK}:{_MASK}@", uri)


def _secrets_of(uri: str) -> list[str]:
    """The strings that must never be printed: the user-info and the password (raw and decoded).

    The user name alone is not masked outside the user-info (masking a name like ``admin``
    everywhere would garble ordinary messages); the password always is, whatever its length.
    """
    match = _USERINFO.search(uri)
    if match is None:
        return []
    userinfo = match.group(2)
    _, _, password = userinfo.partition(":")
    secrets = {s for s in (userinfo, password, unquote(password)) if s}
    return sorted(secrets, key=len, reverse=True)


class Redactor:
    """Scrub credentials of one URI from arbitrary text."""

    def __init__(self, uri: str | None = None) -> None:
        self._secrets = _secrets_of(uri) if uri else []

    def __call__(self, text: object) -> str:
        out = redact_uri(str(text))
        for secret in self._secrets:
            out = out.replace(secret, _MASK)
        return out
