"""The exit codes of every command, named once (README, docs/input-contract.md).

``plan --detailed-exitcode`` follows Terraform instead (0 in sync, 2 changes pending, 1 any
error): ``DETAILED`` maps an outcome to that convention, in this one place.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1
    """A check found problems: drift, invalid documents, orphans, a refused apply."""
    BAD_INPUT = 2
    """Bad input or usage, including a MongoDB connection that cannot be used."""
    INTERNAL_ERROR = 70
    """A bug in noema-codegen (sysexits.h's EX_SOFTWARE); see ``cli.LazyGroup.invoke``."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT, as shells report it)."""
    PIPE_CLOSED = 141
    """The reader of the output went away (``... | head``): 128 + SIGPIPE, as shells report a
    process the closed pipe ended; nothing more is printed."""


CHANGES_PENDING = 2
"""``plan --detailed-exitcode``: the plan is not empty."""

DETAILED: dict[Exit, int] = {
    Exit.OK: 0,
    Exit.PROBLEMS: 1,
    Exit.BAD_INPUT: 1,
    Exit.INTERNAL_ERROR: Exit.INTERNAL_ERROR,
    Exit.PIPE_CLOSED: Exit.PIPE_CLOSED,
}
"""An outcome under ``plan --detailed-exitcode`` (where 2 means changes pending)."""
