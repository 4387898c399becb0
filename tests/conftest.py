"""Shared pytest fixtures.

Database fixtures (storage) come first: `database_url` / `store` run a test against SQLite and
against a throw-away PostgreSQL server (tests/support/postgres.py). Other fixtures may be appended
below the marked line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mixplan.storage import Store
from support.postgres import PostgresServer, PostgresUnavailable, report_unavailable, start_server

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def _isolated_default_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the real user data folder or an outer $MIXPLAN_DB."""
    monkeypatch.delenv("MIXPLAN_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL server for the whole session (fails in CI if none can be installed)."""
    try:
        server = start_server()
    except PostgresUnavailable as exc:
        report_unavailable(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def database_backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgresql': tests using `database_url` or `store` run once per backend."""
    return str(request.param)


@pytest.fixture
def database_url(database_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database on the current backend."""
    if database_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'mixplan.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a fresh SQLite file (for tests that are about SQLite only)."""
    return f"sqlite:///{tmp_path / 'mixplan.db'}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A Store on a fresh database of the current backend, closed after the test."""
    opened = Store(database_url)
    yield opened
    opened.close()


# ---- fixtures of other parts of the suite go below this line ----
