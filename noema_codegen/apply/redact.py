"""Keep credentials from MongoDB URIs out of every message.

``Redactor`` is built once from the URI the user gave. It knows the user name and password
(raw and percent-decoded) and scrubs them, plus any ``scheme://user:pass@`` fragment, from any
text, including pymongo exception messages that may echo the URI or host list.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# Greedy up to the last "@" of the token: an unencoded "/" or "@" in a password (an invalid
# URI, but one a user may still type) must not leak; over-masking is the safe failure.
_USERINFO = re.compile(r"(mongodb(?:\+srv)?://)(\S*)@", re.IGNORECASE)
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


_DELIMITERS = re.compile(r"[/?#@:\[\]]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def has_unescaped_userinfo(uri: str) -> bool:
    """True when the user-info of ``uri`` holds a character the MongoDB URI specification says
    must be percent-encoded (``/ ? # [ ] @``, or a second ``:``).

    Decided here rather than from the driver's message: a driver may read such a URI as a
    different host or database name and say so, quoting part of the password.
    """
    rest = _SCHEME.sub("", uri, count=1)
    userinfo, at, _ = rest.rpartition("@")
    if not at:
        return False
    return bool(re.search(r"[/?#\[\]@]", userinfo)) or userinfo.count(":") > 1


class Redactor:
    """Scrub credentials of one URI from arbitrary text."""

    def __init__(self, uri: str | None = None) -> None:
        self._secrets = _secrets_of(uri) if uri else []
        match = _USERINFO.search(uri or "")
        userinfo = match.group(2) if match else ""
        self._fragments = [f for f in _DELIMITERS.split(userinfo) if len(f) >= 2]

    def may_echo_credentials(self, text: str) -> bool:
        """True when ``text`` contains a piece of the URI's user-info.

        A malformed URI (e.g. an unencoded ``/`` in the password) makes pymongo quote part of
        the password in its message; such messages are not shown at all.
        """
        return any(fragment in text for fragment in self._fragments)

    def __call__(self, text: object) -> str:
        out = redact_uri(str(text))
        for secret in self._secrets:
            out = out.replace(secret, _MASK)
        return out
