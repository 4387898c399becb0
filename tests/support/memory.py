"""Peak Python memory of one piece of work, for the imports' flat-memory tests."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mixplan.storage import Store


def traced_peak(work: Callable[[], Any]) -> int:
    """The tracemalloc peak (bytes) while `work()` runs."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_peak(importer: Callable[[Path, Store], Any], path: Path, database: Path) -> int:
    """The tracemalloc peak of `importer(path, store)` into a fresh SQLite file at `database`."""
    store = Store(f"sqlite:///{database}")
    try:
        return traced_peak(lambda: importer(path, store))
    finally:
        store.engine.dispose()
