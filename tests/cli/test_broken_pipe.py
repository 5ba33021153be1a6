"""``noema-codegen ... | head``: a reader that goes away ends the run quietly with exit 141
(128 + SIGPIPE, as shells report it), not an internal error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from noema_codegen.commands.exit_codes import Exit

ROOT = Path(__file__).resolve().parents[2]


def test_closed_output_pipe_is_not_an_internal_error(tmp_path: Path) -> None:
    records = tmp_path / "events.jsonl"
    line = '{"_id": {"$oid": "65a000000000000000000001"}, "eventType": 5}\n'
    records.write_text(line * 20_000, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "noema_codegen", "validate", "userEvents", str(records)]
        + ["--format", "json", "--schemas", str(ROOT / "schemas")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)  # the first bytes arrive; then the reader goes away
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == Exit.PIPE_CLOSED
    assert "internal error" not in stderr and "Traceback" not in stderr
