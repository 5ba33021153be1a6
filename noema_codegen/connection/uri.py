"""MongoDB URIs before use: the checks we make ourselves, and redaction of their secrets (pure).

Every URI a user gives goes through ``check_uri`` and ``Redactor`` before pymongo, a log line,
a message or JSON output sees it. Redaction masks:

* the user-info of anything that looks like ``scheme://user:pass@host`` (any scheme, also
  ``mongodb:/…`` and ``mongodb:///…``) and of scheme-less ``user:pass@host``: everything up to
  the last ``@`` of the token becomes ``***:***`` (over-masking is the safe failure);
* the values of options that hold secrets (``tlsCertificateKeyFilePassword``,
  ``authMechanismProperties``, which may carry an AWS session token);
* for the URI a ``Redactor`` was built from: its user-info and password wherever they appear,
  raw, percent-decoded and re-encoded, whatever their length, case-insensitively.
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from noema_codegen.connection.errors import BadUri

SCHEMES = ("mongodb://", "mongodb+srv://")
TIMEOUT_OPTIONS = ("serverSelectionTimeoutMS", "connectTimeoutMS")
SECRET_OPTIONS = ("tlsCertificateKeyFilePassword", "sslPEMKeyPassword", "authMechanismProperties")
MASK = "***"
USE_SCHEME = "use mongodb:// or mongodb+srv:// (for example mongodb://host:27017)"
ENCODE_HINT = (
    "percent-encode these characters in the user name and password (Python: "
    "urllib.parse.quote_plus): : / ? # [ ] @ %"
)

# A scheme followed by at least one "/" ("mongodb:/u:p@h" is a typo of a URI, not "user:pass").
_SCHEME_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/+")
# Per token: "lead scheme:/ userinfo @" or, without a scheme, "userinfo @"; greedy up to the
# token's last "@" so that an unencoded "@" or "/" in a password is masked too.
_USERINFO_IN_TEXT = re.compile(
    r"(?P<lead>[^\s:@]*?)(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*:/+)(?P<info>\S*)@"
    r"|(?P<quote>[\"'(<\[{]?)(?P<bare>\S+)@"
)
_SECRET_OPTION_IN_TEXT = re.compile(
    r"(?<![A-Za-z])(?P<key>" + "|".join(SECRET_OPTIONS) + r")=(?P<value>[^&;\s]*)",
    re.IGNORECASE,
)
_MUST_ENCODE = re.compile(r"[/?#\[\]@]|%(?![0-9A-Fa-f]{2})")


def _mask_userinfo(match: re.Match[str]) -> str:
    if match.group("bare") is not None:
        return f"{match.group('quote')}{MASK}:{MASK}@"
    return f"{match.group('lead')}{match.group('scheme')}{MASK}:{MASK}@"


def redact_uri(text: str) -> str:
    """Mask every user-info and secret option value in ``text`` (a URI or any message)."""
    out = _USERINFO_IN_TEXT.sub(_mask_userinfo, text)
    return _SECRET_OPTION_IN_TEXT.sub(lambda m: f"{m.group('key')}={MASK}", out)


def userinfo_of(uri: str) -> str:
    """Everything between the scheme (if any) and the URI's last ``@`` ("" without one)."""
    rest = _SCHEME_PREFIX.sub("", uri.strip(), count=1)
    userinfo, at, _ = rest.rpartition("@")
    return userinfo if at else ""


def _encodings(value: str) -> set[str]:
    decoded = {value, unquote(value), unquote_plus(value)}
    encoded = {quote(d, safe="") for d in decoded} | {quote_plus(d) for d in decoded}
    return {s for s in decoded | encoded if s}


def secrets_of(uri: str) -> list[str]:
    """The strings that must never be printed, longest first: the user-info, and every candidate
    password (what follows each ``:`` of the user-info) and secret option value, in each
    encoding. The user name alone is not a secret (masking ``admin`` everywhere would garble
    ordinary messages)."""
    userinfo = userinfo_of(uri)
    candidates = {userinfo} if userinfo else set()
    parts = userinfo.split(":")
    candidates |= {":".join(parts[i:]) for i in range(1, len(parts))}
    candidates |= {m.group("value") for m in _SECRET_OPTION_IN_TEXT.finditer(uri)}
    secrets: set[str] = set()
    for candidate in candidates:
        secrets |= _encodings(candidate)
    return sorted(secrets, key=len, reverse=True)


class Redactor:
    """Scrub the credentials of one URI (and any user-info at all) from arbitrary text."""

    def __init__(self, uri: str | None = None) -> None:
        secrets = secrets_of(uri) if uri else []
        self._secrets = (
            re.compile("|".join(re.escape(s) for s in secrets), re.IGNORECASE) if secrets else None
        )
        password = userinfo_of(uri or "").partition(":")[2]
        self._fragments = [f.lower() for f in re.split(r"[/?#@:\[\]%\s]", password) if len(f) >= 2]

    def may_echo_credentials(self, text: str) -> bool:
        """True when ``text`` contains a piece of the URI's password (of two or more characters).

        A driver may quote part of a malformed user-info (as a host or database name); such
        messages are replaced by our own rather than shown masked.
        """
        lowered = text.lower()
        return any(fragment in lowered for fragment in self._fragments)

    def __call__(self, text: object) -> str:
        out = str(text)
        if self._secrets is not None:
            out = self._secrets.sub(MASK, out)
        return redact_uri(out)


def has_unescaped_userinfo(uri: str) -> bool:
    """True when the user-info of ``uri`` holds a character the MongoDB URI specification says
    must be percent-encoded (``/ ? # [ ] @``, a second ``:``, or a ``%`` not starting ``%XX``).

    Decided here rather than from the driver's message: a driver may read such a URI as a
    different host or database name and say so, quoting part of the password. The user-info
    runs to the URI's last ``@``, so an ``@`` in an option value must be encoded (``%40``) too.
    """
    userinfo = userinfo_of(uri)
    return bool(_MUST_ENCODE.search(userinfo)) or userinfo.count(":") > 1


def _hosts_of(uri: str) -> str:
    """The host list as the driver splits it: after the scheme, before ``?`` then ``/``."""
    scheme_free = uri.split("://", 1)[1]
    host_part = scheme_free.partition("?")[0].partition("/")[0]
    return host_part.rpartition("@")[2]


def check_uri(uri: str) -> str:
    """The URI, stripped of surrounding whitespace, or ``BadUri`` saying what to change.

    Refused here, before any driver sees the URI: an empty URI, a scheme other than
    ``mongodb://``/``mongodb+srv://`` (also none, ``mongodb:/``, ``http://``), no host, an
    unencoded reserved character in the user-info, a timeout option that is not a number
    of milliseconds.
    """
    uri = uri.strip()
    shown = Redactor(uri)(uri)
    if not uri:
        raise BadUri(f"cannot use MongoDB URI: it is empty. Next: {USE_SCHEME}.")
    if not uri.startswith(SCHEMES):
        raise BadUri(
            f"cannot use MongoDB URI {shown}: it does not start with mongodb:// or "
            f"mongodb+srv://. Next: {USE_SCHEME}."
        )
    if not _hosts_of(uri):
        raise BadUri(
            f"cannot use MongoDB URI {shown}: it names no host. Next: write the host right "
            "after the scheme and the user-info, e.g. mongodb://host:27017/."
        )
    if has_unescaped_userinfo(uri):
        raise BadUri(f"cannot use MongoDB URI {shown}: the URI is malformed. Next: {ENCODE_HINT}.")
    uri_timeouts_ms(uri)
    return uri


def uri_timeouts_ms(uri: str) -> dict[str, float]:
    """``serverSelectionTimeoutMS``/``connectTimeoutMS`` set in the URI's options (by their
    canonical names), or ``BadUri`` when a value is not a non-negative number."""
    query = uri.partition("?")[2].partition("#")[0]
    found: dict[str, float] = {}
    for pair in re.split(r"[&;]", query):
        key, _, value = pair.partition("=")
        for name in TIMEOUT_OPTIONS:
            if key.strip().lower() != name.lower():
                continue
            try:
                number = float(unquote(value))
            except ValueError:
                number = -1.0
            if not number >= 0 or number == float("inf"):
                raise BadUri(
                    f"cannot use MongoDB URI {Redactor(uri)(uri)}: {name} must be a number of "
                    f"milliseconds. Next: fix {name} in the URI, or drop it and use --timeout."
                )
            found[name] = number
    return found
