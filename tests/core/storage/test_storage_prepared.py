"""`?prepare_threshold=none` on a PostgreSQL URL: no server-side prepared statements (PgBouncer transaction pooling)."""

from __future__ import annotations

import pickle

import pytest
from mixplan.errors import InputError
from mixplan.storage import Store
from support.postgres import PostgresServer

pytestmark = pytest.mark.postgres


def _prepared_after_repeats(store: Store) -> tuple[object, int]:
    with store.engine.connect() as connection:
        for _ in range(10):
            connection.exec_driver_sql("SELECT count(*) FROM runs WHERE brand = %s", ("north",)).all()
        prepared = connection.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar_one()
        return connection.connection.dbapi_connection.prepare_threshold, int(prepared)  # type: ignore[union-attr]


def test_prepare_threshold_none_turns_prepared_statements_off(postgres_server: PostgresServer) -> None:
    name = postgres_server.create_database()
    url = postgres_server.url(name)
    joiner = "&" if "?" in url else "?"
    try:
        with Store(url) as default:
            threshold, prepared = _prepared_after_repeats(default)
            assert threshold == 5 and prepared >= 1  # psycopg prepares a statement run five times
        with Store(f"{url}{joiner}prepare_threshold=none") as pooled:
            assert _prepared_after_repeats(pooled) == (None, 0)
            assert "prepare_threshold=none" in pooled.url  # kept in the URL, so a pickled store keeps it
            assert _prepared_after_repeats(pickle.loads(pickle.dumps(pooled))) == (None, 0)
        with pytest.raises(InputError, match="prepare_threshold"):
            Store(f"{url}{joiner}prepare_threshold=soon")
    finally:
        postgres_server.drop_database(name)
