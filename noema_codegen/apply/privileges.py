"""Which privilege action each server command needs, for clear Unauthorized (13) messages.

See https://www.mongodb.com/docs/manual/reference/privilege-actions/ . The roles named are the
smallest built-in roles that grant the action on a database.
"""

from __future__ import annotations

from dataclasses import dataclass

UNAUTHORIZED = 13


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
