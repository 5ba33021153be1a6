"""The intermediate representation (IR) between schema sources and everything generated."""

from noema_codegen.ir.model import (
    VENDOR_KEY,
    Collection,
    Field,
    FilterTerm,
    IndexSpec,
    NamedQuery,
    Project,
    QueryParam,
    Reference,
    Timestamps,
    UpdateTerm,
    ValueRef,
)

__all__ = [
    "VENDOR_KEY",
    "Collection",
    "Field",
    "FilterTerm",
    "IndexSpec",
    "NamedQuery",
    "Project",
    "QueryParam",
    "Reference",
    "Timestamps",
    "UpdateTerm",
    "ValueRef",
]
