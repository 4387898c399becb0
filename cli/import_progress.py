"""The row counter an import shows on stderr while it streams a file (only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mixplan.cli.output import error_console
from rich.progress import Progress, TextColumn, TimeElapsedColumn


@contextmanager
def import_progress(name: str) -> Iterator[Callable[[int], None]]:
    """Show ``importing NAME  12,345 rows  0:00:04`` while the block runs; yields the rows-done callback."""
    with Progress(
        TextColumn("importing {task.description}"),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        console=error_console(),
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(name, total=None)
        yield lambda done: progress.update(task, completed=done)
