"""The intermediate representation (IR) between schema sources and everything generated."""

from noema_codegen.ir.model import (
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
from noema_codegen.schema_views import VENDOR_KEY

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
