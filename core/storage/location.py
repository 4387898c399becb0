"""Where the database is: `--db`, `$MIXPLAN_DB`, or a SQLite file in the user data directory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from mixplan.errors import InputError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DB_ENV_VAR = "MIXPLAN_DB"
"""Environment variable holding the database URL (or SQLite file path) when `--db` is not given."""

DEFAULT_FILE_NAME = "mixplan.db"


def default_database_path() -> Path:
    """The SQLite file used when nothing else is configured: ``<user data dir>/mixplan.db``."""
    return Path(platformdirs.user_data_dir("mixplan", appauthor=False)) / DEFAULT_FILE_NAME


def default_database_url(environ: Mapping[str, str] | None = None) -> str:
    """``$MIXPLAN_DB`` if set and not empty, else the SQLite file in the user data directory."""
    environ = os.environ if environ is None else environ
    configured = environ.get(DB_ENV_VAR, "").strip()
    if configured:
        return configured
    return sqlite_url(default_database_path())


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def parse_database_url(text: str) -> URL:
    """Parse a SQLAlchemy URL; text without ``://`` is taken as the path of a SQLite file."""
    text = text.strip()
    if not text:
        raise InputError("database", "the database URL is empty; give --db URL or set MIXPLAN_DB")
    if "://" not in text:
        text = sqlite_url(Path(text).expanduser().absolute())
    try:
        return make_url(text)
    except (ArgumentError, ValueError):
        raise InputError(
            "database",
            "is not a database URL; use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DBNAME",
        ) from None


def shown_url(url: URL) -> str:
    """The URL as it may appear in messages: any password is replaced by ***."""
    return url.render_as_string(hide_password=True)
