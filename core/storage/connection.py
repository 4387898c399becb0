"""Opening a database: engine options per backend, SQLite's WAL/busy-timeout set-up, clear errors.

SQLite: every connection waits up to `BUSY_TIMEOUT_S` for a lock, uses write-ahead logging (readers
never block the writer) and enforces foreign keys. SQLAlchemy, not the sqlite3 module, emits BEGIN, so
a write transaction (engine option ``mixplan_write``) starts with ``BEGIN IMMEDIATE``: it takes the
write lock first and waits for it, instead of failing half-way when a read lock cannot be upgraded.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from mixplan.errors import InputError, MixplanError
from mixplan.storage.location import shown_url
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_S = 30.0
"""How long a SQLite connection waits for another process's write lock before giving up."""

WRITE_OPTION = "mixplan_write"
"""Engine execution option marking transactions that will write (BEGIN IMMEDIATE on SQLite)."""


class StorageError(MixplanError):
    """The database could not be opened or refused an operation. Exit code 1."""


DEFAULT_POOL_SIZE = 2
"""Connections a store keeps open per process on a server database: a worker runs one plan at a time
and holds at most one connection for it plus one for its lease heartbeat (see docs/scale.md)."""


def open_engine(url: URL, pool_size: int | None = None) -> Engine:
    """An engine for `url`, checked by connecting once; any failure is one clear MixplanError.

    `pool_size` caps the connections this process holds on a server database (None: `DEFAULT_POOL_SIZE`);
    there is no overflow beyond it, so N workers never hold more than N × pool_size connections.
    """
    shown = shown_url(url)
    options: dict[str, Any] = {}
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite:
        options.update(_sqlite_options(url, shown))
    else:
        if pool_size is not None and pool_size < 1:
            raise InputError("pool_size", f"must be at least 1, not {pool_size!r}")
        url, connect_args = _prepare_threshold(url)
        options["connect_args"] = connect_args
        options["pool_pre_ping"] = True  # a server restart between two calls is not an error
        options["pool_size"] = pool_size or DEFAULT_POOL_SIZE
        options["max_overflow"] = 0
        options["pool_timeout"] = BUSY_TIMEOUT_S
    try:
        engine = create_engine(url, **options)
    except NoSuchModuleError:
        raise InputError(
            "database",
            f"{shown}: unknown kind of database {url.drivername!r}; use sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DBNAME",
        ) from None
    except ImportError as exc:
        raise StorageError(
            f"cannot open database {shown}: its driver is not installed ({exc.name or exc}); "
            "for PostgreSQL install mixplan[postgres]"
        ) from None
    if is_sqlite:
        _install_sqlite_hooks(engine)
    _probe(engine, shown)
    return engine


PREPARE_THRESHOLD = "prepare_threshold"
"""URL parameter of a PostgreSQL URL: after how many runs psycopg prepares a statement on the server;
``none`` turns prepared statements off (PgBouncer in transaction pooling without max_prepared_statements)."""


def _prepare_threshold(url: URL) -> tuple[URL, dict[str, Any]]:
    """Take ``prepare_threshold`` out of a PostgreSQL URL and hand it to psycopg as a number or None."""
    if url.get_backend_name() != "postgresql" or PREPARE_THRESHOLD not in url.query:
        return url, {}
    text = url.query[PREPARE_THRESHOLD]
    value = text[-1] if isinstance(text, tuple) else text
    stripped = url.difference_update_query([PREPARE_THRESHOLD])
    if value.strip().lower() in ("", "none", "off"):
        return stripped, {PREPARE_THRESHOLD: None}
    if not value.strip().isdigit():
        raise InputError(
            "database",
            f"{PREPARE_THRESHOLD}={value!r} in the URL must be a whole number or none (prepared statements off)",
        )
    return stripped, {PREPARE_THRESHOLD: int(value)}


def is_memory_sqlite(url: URL) -> bool:
    """True for an in-memory SQLite URL (``sqlite://`` or ``sqlite:///:memory:``)."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _sqlite_options(url: URL, shown: str) -> dict[str, Any]:
    if is_memory_sqlite(url):
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    assert url.database is not None
    folder = Path(url.database).expanduser().absolute().parent
    if not folder.is_dir():
        raise InputError("database", f"{shown}: folder {folder} does not exist; create it or choose another file")
    return {"connect_args": {"timeout": BUSY_TIMEOUT_S}}


def _install_sqlite_hooks(engine: Engine) -> None:
    memory = is_memory_sqlite(engine.url)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook below emits BEGIN itself
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not memory:
                _use_write_ahead_log(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_write_ahead_log(cursor: Any) -> None:
    """Switch the file to WAL (a setting stored in the file, so usually already done).

    Switching needs an exclusive lock, and SQLite answers "database is locked" at once, without its
    busy handler, when several processes open a fresh file together; so retry for `BUSY_TIMEOUT_S`.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.01
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(0.5, delay * 2)


def _probe(engine: Engine, shown: str) -> None:
    dbapi_error: type[BaseException] = getattr(engine.dialect.dbapi, "Error", SQLAlchemyError)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except (SQLAlchemyError, dbapi_error) as exc:
        engine.dispose()
        reason = driver_message(exc)
        if "not a database" in reason:
            raise InputError("database", f"{shown} is not a SQLite database file ({reason})") from None
        raise StorageError(f"cannot open database {shown}: {reason}") from None


def driver_message(exc: BaseException) -> str:
    """The database driver's own message, on one line, without SQLAlchemy's wrapping."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    return "; ".join(lines) if lines else type(original).__name__
