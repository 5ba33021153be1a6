"""Keys the generated models put in ``Field(json_schema_extra=...)`` (no imports: the generator
reads them without importing pydantic)."""

from __future__ import annotations

UNIQUE_ITEMS_KEY = "x-noema-unique-items"
"""``Field(json_schema_extra={UNIQUE_ITEMS_KEY: True})`` marks an array field with ``uniqueItems``."""

__all__ = ["UNIQUE_ITEMS_KEY"]
