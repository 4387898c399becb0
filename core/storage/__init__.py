"""mixplan's storage: scenarios, plan runs, history, audience snapshots, live limits and fitted curves in SQL.

SQLite by default, any SQLAlchemy URL (PostgreSQL with psycopg 3 included); the schema is migrated
automatically with alembic. `scenario_hash` is light; `Store` and friends load SQLAlchemy on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mixplan.storage.hashing import scenario_hash

if TYPE_CHECKING:
    from mixplan.storage.connection import StorageError
    from mixplan.storage.location import DB_ENV_VAR, default_database_url
    from mixplan.storage.results import HistoryImportResult, RunSummary, StoredRun
    from mixplan.storage.store import Store

__all__ = [
    "DB_ENV_VAR",
    "HistoryImportResult",
    "RunSummary",
    "StorageError",
    "Store",
    "StoredRun",
    "default_database_url",
    "scenario_hash",
]

_LAZY = {
    "Store": "mixplan.storage.store",
    "StorageError": "mixplan.storage.connection",
    "DB_ENV_VAR": "mixplan.storage.location",
    "default_database_url": "mixplan.storage.location",
    "HistoryImportResult": "mixplan.storage.results",
    "RunSummary": "mixplan.storage.results",
    "StoredRun": "mixplan.storage.results",
}


def __getattr__(name: str) -> Any:
    """Import the heavier parts (SQLAlchemy, alembic) only when they are first used."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'mixplan.storage' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
