"""A progress bar (rich, on standard error) while files are checked: bytes read of the total
size, or a spinner with the count for standard input. Shown only when asked (on a terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from noema_codegen.document_check import (
    DEFAULT_MAX_DETAILS,
    CheckReport,
    DocumentValidator,
    Outcome,
    check_files,
)
from noema_codegen.document_sources import source_sizes


def check_files_with_progress(
    validator: DocumentValidator,
    collection: str,
    paths: Iterable[Path | str],
    *,
    max_details: int = DEFAULT_MAX_DETAILS,
    on_outcome: Callable[[Outcome], None] | None = None,
    progress: bool = False,
) -> CheckReport:
    paths = list(paths)
    if not progress:
        return check_files(
            validator, collection, paths, max_details=max_details, on_outcome=on_outcome
        )
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(f"validating {collection}", total=source_sizes(paths))
        return check_files(
            validator,
            collection,
            paths,
            max_details=max_details,
            on_outcome=on_outcome,
            on_bytes=lambda n: bar.advance(task, n),
        )
