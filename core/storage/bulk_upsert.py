"""Batches of plain row tuples upserted fast inside the caller's transaction (the imports' write path).

SQLite: one compiled ``INSERT … ON CONFLICT DO UPDATE`` run with DB-API ``executemany`` per batch.
PostgreSQL: every batch is copied (``COPY … FROM STDIN``, psycopg's ``cursor.copy``) into a temporary
staging table dropped at commit, then one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` merges it. Either
way no SQLAlchemy parameter processing runs per row: the caller gives tuples in the table's column
order with values already bound (see `binder`). The batches must not repeat a key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Dialect

Binder = Callable[[Any], Any]


def binder(table: Table, column: str, dialect: Dialect) -> Binder:
    """The driver form of `column`'s values (e.g. SQLite's text dates), or the identity when there is none."""
    process = table.c[column].type.bind_processor(dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


def stored_count(connection: Connection, table: Table, brand: str) -> int:
    """Rows of `brand` in `table` (before and after an upsert: the difference is what it inserted)."""
    return int(connection.execute(select(func.count()).select_from(table).where(table.c.brand == brand)).scalar_one())


class BulkUpsert:
    """Upserts batches of full-width tuples (one value per column of the table, in order) into one table.

    A stored row with the same `keys` is overwritten with every other column. `write` each batch,
    then `finish` (on PostgreSQL the merge happens there). Memory holds one batch.
    """

    def __init__(self, connection: Connection, table: Table, keys: Sequence[str]) -> None:
        """Prepare the statement (SQLite) or the staging table (PostgreSQL) in `connection`'s transaction."""
        self._connection = connection
        self._table = table
        self._columns = [column.name for column in table.columns]
        self._keys = list(keys)
        self.written = 0
        self._postgres = connection.dialect.name == "postgresql"
        if self._postgres:
            self._stage = f"mixplan_stage_{table.name}"
            connection.exec_driver_sql(
                f'CREATE TEMPORARY TABLE IF NOT EXISTS "{self._stage}" '
                f'(LIKE "{table.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
            )
            self._statement = f'COPY "{self._stage}" ({_quoted(self._columns)}) FROM STDIN'
        else:
            statement = sqlite.insert(table)
            upsert = statement.on_conflict_do_update(
                index_elements=self._keys,
                set_={name: statement.excluded[name] for name in self._columns if name not in self._keys},
            )
            compiled = upsert.compile(dialect=connection.dialect)
            if list(compiled.positiontup or []) != self._columns:
                raise RuntimeError(f"unexpected parameter order {compiled.positiontup}")  # pragma: no cover
            self._statement = str(compiled)

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Upsert (SQLite) or stage (PostgreSQL) one batch; the rows must not repeat a key."""
        if not rows:
            return
        if self._postgres:
            driver = self._connection.connection.driver_connection
            with driver.cursor() as cursor, cursor.copy(self._statement) as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
        else:
            self._connection.exec_driver_sql(self._statement, list(rows))
        self.written += len(rows)

    def finish(self) -> int:
        """Merge the staged rows (PostgreSQL) and empty the stage; the rows written so far."""
        if self._postgres:
            columns = _quoted(self._columns)
            updates = ", ".join(f'"{name}" = EXCLUDED."{name}"' for name in self._columns if name not in self._keys)
            self._connection.exec_driver_sql(
                f'INSERT INTO "{self._table.name}" ({columns}) SELECT {columns} FROM "{self._stage}" '
                f"ON CONFLICT ({_quoted(self._keys)}) DO UPDATE SET {updates}"
            )
            self._connection.exec_driver_sql(f'TRUNCATE "{self._stage}"')
        return self.written


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)
