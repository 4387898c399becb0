"""The throw-away PostgreSQL server the storage tests run against, and the CI rule for it."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from support.postgres import PostgresServer, find_bindir, report_unavailable


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_server_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI must test PostgreSQL: no initdb"):
        report_unavailable("no initdb")


def test_missing_server_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no initdb"):
        report_unavailable("no initdb")


def test_server_binaries_are_found() -> None:
    bindir = find_bindir()
    if bindir is None:
        report_unavailable("PostgreSQL server binaries not found; run `bash .ci/install-postgres.sh`")
    assert (bindir / "initdb").is_file()
    assert (bindir / "pg_ctl").is_file()


def test_server_is_private_and_gives_fresh_databases(postgres_server: PostgresServer) -> None:
    assert postgres_server.root.is_dir()
    assert oct(postgres_server.root.stat().st_mode & 0o777) == "0o700"
    first, second = postgres_server.create_database(), postgres_server.create_database()
    assert first != second
    engine = create_engine(postgres_server.url(first))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT current_database()")).scalar() == first
            assert connection.execute(text("SHOW listen_addresses")).scalar() == ""
            tables = connection.execute(text("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
            assert tables == 0
    finally:
        engine.dispose()
        postgres_server.drop_database(first)
        postgres_server.drop_database(second)
    if os.geteuid() == 0:
        assert postgres_server.root.stat().st_uid != 0  # the server runs as an unprivileged user
