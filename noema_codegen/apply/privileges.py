"""Which privilege action each server command needs, for clear Unauthorized (13) messages.

See https://www.mongodb.com/docs/manual/reference/privilege-actions/ . The roles named are the
smallest built-in roles that grant the action on a database.

The server answers three different situations with an error, and they need different next
steps (:func:`auth_failure`):

* no user at all: Unauthorized (13) with ``"Command <name> requires authentication"``
  (mongodb/mongo src/mongo/db/service_entry_point_common.cpp, ``checkAuthorizationImpl``);
* a user whose roles lack the action: Unauthorized (13) with ``"not authorized on <db> to
  execute command { ... }"`` (same function, the ``isAuthenticated`` branch);
* an unknown user: UserNotFound (11) ("Could not find user ..."); wrong credentials:
  AuthenticationFailed (18) (src/mongo/db/auth/sasl_commands.cpp hides which of the two).

The server's own ``errmsg`` is always kept in the message (after redaction by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass

from noema_codegen.apply.errors import ApplyError, NotAuthenticated, PrivilegeError

UNAUTHORIZED = 13
USER_NOT_FOUND = 11
AUTHENTICATION_FAILED = 18
AUTH_CODES = frozenset({UNAUTHORIZED, USER_NOT_FOUND, AUTHENTICATION_FAILED})
REQUIRES_AUTHENTICATION = "requires authentication"


@dataclass(frozen=True)
class Requirement:
    action: str
    scope: str  # "database" or "collection"
    roles: str


REQUIREMENTS: dict[str, Requirement] = {
    "listCollections": Requirement("listCollections", "database", "read or dbAdmin"),
    "listIndexes": Requirement("listIndexes", "collection", "read or dbAdmin"),
    "create": Requirement("createCollection", "collection", "readWrite or dbAdmin"),
    "collMod": Requirement("collMod", "collection", "dbAdmin"),
    "createIndexes": Requirement("createIndex", "collection", "readWrite or dbAdmin"),
    "dropIndexes": Requirement("dropIndex", "collection", "readWrite or dbAdmin"),
    "count": Requirement("find", "collection", "read"),
    "find": Requirement("find", "collection", "read"),
    "aggregate": Requirement("find", "collection", "read"),
}


def missing_privilege_message(command: str, database: str, collection: str | None) -> str:
    """A user-facing explanation of an Unauthorized error for ``command``."""
    req = REQUIREMENTS.get(command, Requirement(command, "database", "a role that grants it"))
    if req.scope == "collection" and collection:
        resource = f'{{db: "{database}", collection: "{collection}"}}'
        where = f"{database}.{collection}"
    else:
        resource = f'{{db: "{database}", collection: ""}}'
        where = database
    return (
        f"not authorized: {command} on {where} needs the privilege action "
        f'"{req.action}" on resource {resource} (built-in roles: {req.roles}). '
        "Grant it to the user, or run with credentials that have it."
    )


def auth_failure(
    code: int, errmsg: str, command: str, database: str, collection: str | None
) -> ApplyError:
    """The user-facing error for a server reply with an auth code (see module docstring).

    ``errmsg`` must already be redacted; it is quoted in the message.
    """
    said = f'The server said: "{errmsg}".'
    if code == UNAUTHORIZED and REQUIRES_AUTHENTICATION in errmsg:
        return NotAuthenticated(
            f"not authenticated: {command} on {database} needs a logged-in user, and the "
            f"connection has none. {said} Next: put the user in the URI "
            "(mongodb://USER:PASSWORD@HOST/?authSource=admin) or set it in the environment "
            "variable the URI comes from.",
            code=code,
        )
    if code == UNAUTHORIZED:
        req = REQUIREMENTS.get(command)
        where = f"{database}.{collection}" if collection else database
        return PrivilegeError(
            f"{missing_privilege_message(command, database, collection)} {said}",
            action=req.action if req else command,
            resource=where,
        )
    return NotAuthenticated(
        f"cannot log in: the server rejected the URI's credentials (code {code}). {said} "
        "Next: check the user name, password and authSource of the URI.",
        code=code,
    )
