"""What ``validate`` prints: each invalid or undecodable record as it is found, then a summary.

Text is for people: the record's place and ``_id``, then one line per error with its JSON
pointer and keyword. ``--format json`` is for programs: one JSON object per line (JSON Lines,
streamable, ``jq``-friendly), one per invalid or undecodable record and a final summary:

* ``{"kind": "invalid", "location", "file", "line", "index", "_id", "errors": [{"pointer",
  "keyword", "message"}], "details"}`` (``details``, the server's ``errInfo.details``, only when
  the engine can explain; ``file``/``line``/``index`` are null for a live collection);
* ``{"kind": "undecodable", "location", "file", "line", "column", "index", "pointer",
  "message"}``;
* ``{"kind": "summary", "collection", "checked", "valid", "invalid", "undecodable", "keywords",
  "not_shown"}``.

BSON values (``_id``, values in ``details``) are relaxed Extended JSON.
"""

from __future__ import annotations

from typing import Any

from bson import json_util

from noema_codegen.document_check import CheckReport, InvalidDocument, Outcome


def format_id(doc_id: Any) -> str:
    if doc_id is None:
        return "(no _id)"
    return str(json_util.dumps(doc_id, json_options=json_util.RELAXED_JSON_OPTIONS))


def outcome_lines(outcome: Outcome) -> list[str]:
    if not isinstance(outcome, InvalidDocument):
        return [outcome.message]
    where = outcome.location
    if outcome.index is not None:
        where += f" (line {outcome.line})"
    lines = [f"{where}: _id {format_id(outcome.id)}"]
    lines += [f"  {e.pointer or '/'}: {e.message} [{e.keyword}]" for e in outcome.errors]
    return lines


def outcome_json(outcome: Outcome) -> str:
    payload: dict[str, Any]
    if isinstance(outcome, InvalidDocument):
        payload = {
            "kind": "invalid",
            "location": outcome.location,
            "file": outcome.source,
            "line": outcome.line,
            "index": outcome.index,
            "_id": outcome.id,
            "errors": [
                {"pointer": e.pointer, "keyword": e.keyword, "message": e.message}
                for e in outcome.errors
            ],
        }
        if outcome.details is not None:
            payload["details"] = outcome.details
    else:
        payload = {
            "kind": "undecodable",
            "location": outcome.location,
            "file": outcome.source,
            "line": outcome.line,
            "column": outcome.column,
            "index": outcome.index,
            "pointer": outcome.pointer,
            "message": outcome.message,
        }
    return _dumps(payload)


def summary_lines(report: CheckReport) -> list[str]:
    lines: list[str] = []
    if report.not_shown:
        lines.append(
            f"... {report.not_shown} more invalid or undecodable records not shown (--max-details)"
        )
    lines.append(
        f"{report.collection}: {report.checked} documents checked, {report.invalid} invalid, "
        f"{report.undecodable} undecodable, {report.valid} valid"
    )
    if report.keywords:
        counts = ", ".join(f"{k} {n}" for k, n in sorted(report.keywords.items()))
        lines.append(f"  invalid documents by keyword: {counts}")
    return lines


def summary_json(report: CheckReport) -> str:
    return _dumps(
        {
            "kind": "summary",
            "collection": report.collection,
            "checked": report.checked,
            "valid": report.valid,
            "invalid": report.invalid,
            "undecodable": report.undecodable,
            "keywords": dict(sorted(report.keywords.items())),
            "not_shown": report.not_shown,
        }
    )


def _dumps(payload: dict[str, Any]) -> str:
    # ensure_ascii: a lone surrogate (in a key or a message) stays printable as \udXXX.
    return str(
        json_util.dumps(payload, json_options=json_util.RELAXED_JSON_OPTIONS, ensure_ascii=True)
    )
