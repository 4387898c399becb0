"""Versioned schema migrations (alembic), applied automatically and safely on first use.

`ensure_schema` brings any mixplan database up to the newest revision. Only one process migrates at
a time: on SQLite the migration runs inside ``BEGIN IMMEDIATE`` (others wait for the write lock), on
PostgreSQL it takes a transaction-level advisory lock; DDL is transactional in both, so a migration
that fails or is interrupted leaves the database at its previous revision. After the lock is taken
the revision is read again, so a process that waited finds the work done and does nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from mixplan.storage.connection import WRITE_OPTION, StorageError, driver_message
from mixplan.storage.location import shown_url
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
"""Folder holding alembic's env.py and the versioned revisions (shipped inside the wheel)."""

ADVISORY_LOCK_KEY = 0x6D69_7870_6C61_6E  # "mixplan" in ASCII, fits a signed 64-bit integer
"""PostgreSQL advisory lock held while migrating."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An alembic Config pointing at mixplan's migrations; `connection` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory() -> ScriptDirectory:
    """The revisions mixplan ships."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this mixplan knows."""
    head = script_directory().get_current_head()
    assert head is not None, "mixplan ships at least one migration"
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at; None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    """Migrate the database to the newest revision if it is older or empty; do nothing if current."""
    try:
        with engine.connect() as connection:
            if current_revision(connection) == head_revision():
                return
        migrate(engine, head_revision())
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot prepare database {shown_url(engine.url)}: {driver_message(exc)}") from None


def migrate(engine: Engine, target: str) -> None:
    """Upgrade (or downgrade) the database to revision `target` under the migration lock."""
    with engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        current = current_revision(connection)
        _require_known(engine, current)
        if current == target:
            return
        config = alembic_config(connection)
        if _is_ancestor(current, target):
            command.upgrade(config, target)
        else:
            command.downgrade(config, target)


def _require_known(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    try:
        script_directory().get_revision(revision)
    except CommandError:
        raise StorageError(
            f"database {shown_url(engine.url)} is at schema revision {revision!r}, newer than this "
            f"mixplan knows (newest {head_revision()!r}); upgrade mixplan to use it"
        ) from None


def _is_ancestor(current: str | None, target: str) -> bool:
    """True when `target` lies at or after `current` (so the move is an upgrade)."""
    if current is None:
        return True
    return any(rev.revision == current for rev in script_directory().iterate_revisions(target, "base"))
