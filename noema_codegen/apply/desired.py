"""The desired state: what the schemas say each collection should look like.

The planner works on ``DesiredCollection`` only, so it does not depend on the IR's classes.
``desired_from_project`` is the single bridge from the IR (``noema_codegen.pipeline``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class DesiredCollection:
    """One collection as the schemas want it.

    ``options`` holds exactly ``validator``/``validationLevel``/``validationAction`` (the
    options for ``create``/``collMod``); ``indexes`` holds ``createIndexes`` specs, each with
    a ``name`` starting with the owned prefix and only non-default options present.
    """

    name: str
    options: Mapping[str, Any]
    indexes: Sequence[Mapping[str, Any]] = field(default_factory=tuple)

    @property
    def validator(self) -> Mapping[str, Any]:
        validator = self.options.get("validator", {})
        return validator if isinstance(validator, Mapping) else {}

    @property
    def validation_level(self) -> str:
        return str(self.options.get("validationLevel", "strict"))

    @property
    def validation_action(self) -> str:
        return str(self.options.get("validationAction", "error"))


@dataclass(frozen=True)
class Overrides:
    """Staged roll-out switches that replace the schema's validationLevel/validationAction."""

    validation_level: str | None = None
    validation_action: str | None = None

    def apply(self, desired: DesiredCollection) -> DesiredCollection:
        options = dict(desired.options)
        if self.validation_level is not None:
            options["validationLevel"] = self.validation_level
        if self.validation_action is not None:
            options["validationAction"] = self.validation_action
        return replace(desired, options=options)


class _CollectionLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def validator_options(self) -> Mapping[str, Any]: ...
    @property
    def index_specs(self) -> Sequence[Mapping[str, Any]]: ...


class _ProjectLike(Protocol):
    @property
    def collections(self) -> Sequence[_CollectionLike]: ...


def desired_from_project(project: _ProjectLike) -> tuple[DesiredCollection, ...]:
    """Desired state of every collection of an IR ``Project``, sorted by name."""
    found = [
        DesiredCollection(
            name=c.name,
            options=dict(c.validator_options),
            indexes=tuple(dict(spec) for spec in c.index_specs),
        )
        for c in project.collections
    ]
    return tuple(sorted(found, key=lambda d: d.name))


def load_desired(schema_dir: Path) -> tuple[DesiredCollection, ...]:
    """Load the schemas through the project pipeline and build the desired state.

    Raises ``noema_codegen.diagnostics.BuildFailed`` on schema errors (the caller reports it).
    """
    from noema_codegen.checked_project import load_project

    return desired_from_project(load_project(schema_dir))
