"""JSON artefacts as canonical data: source key order kept (index keys are ordered!),
2-space indent, UTF-8 without escapes, one trailing newline."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
