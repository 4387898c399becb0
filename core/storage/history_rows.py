"""Spend/revenue history as rows: upsert by (channel, day) and read back in order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from mixplan.errors import InputError
from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.history import HistoryRow
from mixplan.storage.results import HistoryImportResult
from mixplan.storage.tables import HistoryRecord
from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

_ALL_COLUMNS = (
    "channel_id",
    "day",
    "spend_minor",
    "revenue_minor",
    "impressions",
    "clicks",
    "conversions",
    "updated_at",
)
_VALUE_COLUMNS = ("spend_minor", "revenue_minor", "impressions", "clicks", "conversions", "updated_at")


def _upsert_statement(dialect: str) -> Any:
    """INSERT … ON CONFLICT (channel_id, day) DO UPDATE for SQLite and PostgreSQL."""
    table = HistoryRecord.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    return insert.on_conflict_do_update(
        index_elements=["channel_id", "day"],
        set_={name: insert.excluded[name] for name in _VALUE_COLUMNS},
    )


def _stored_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(HistoryRecord)).one())


def upsert_batches(session: Session, batches: Iterable[Sequence[HistoryRow]]) -> HistoryImportResult:
    """Write each batch with one DB-API executemany upsert; inserted = stored rows after − before.

    The batches must not repeat a channel-day (the streaming reader guarantees it), so every row
    that did not add a stored row replaced one. Memory holds one batch at a time. The statement
    is compiled once and the rows go to the driver as plain tuples (or dicts, for drivers with
    named parameters): per-row SQLAlchemy parameter processing would double the import's time.
    """
    connection = session.connection()
    dialect = connection.dialect
    compiled = _upsert_statement(dialect.name).compile(dialect=dialect)
    table = HistoryRecord.__table__  # type: ignore[attr-defined]
    to_day = table.c.day.type.bind_processor(dialect) or (lambda value: value)
    to_time = table.c.updated_at.type.bind_processor(dialect) or (lambda value: value)
    now = to_time(datetime.now(UTC))
    positional = compiled.positiontup is not None
    if positional and list(compiled.positiontup or []) != list(_ALL_COLUMNS):
        raise RuntimeError(f"unexpected parameter order {compiled.positiontup}")  # pragma: no cover
    before = _stored_count(session)
    written = 0
    for batch in batches:
        records = [
            (
                row.channel_id,
                to_day(row.day),
                to_minor_units(row.spend),
                to_minor_units(row.revenue),
                row.impressions,
                row.clicks,
                row.conversions,
                now,
            )
            for row in batch
        ]
        parameters: list[Any] = (
            records if positional else [dict(zip(_ALL_COLUMNS, record, strict=True)) for record in records]
        )
        connection.exec_driver_sql(str(compiled), parameters)
        written += len(batch)
    inserted = _stored_count(session) - before
    return HistoryImportResult(inserted=inserted, updated=written - inserted)


def upsert_rows(session: Session, rows: Sequence[HistoryRow]) -> HistoryImportResult:
    """Insert new channel-days and overwrite existing ones with the given values."""
    _reject_repeats(rows)
    channels = sorted({row.channel_id for row in rows})
    existing: dict[tuple[str, date], HistoryRecord] = {}
    for start in range(0, len(channels), 500):
        batch = channels[start : start + 500]
        for stored in session.exec(select(HistoryRecord).where(col(HistoryRecord.channel_id).in_(batch))):
            existing[(stored.channel_id, stored.day)] = stored
    now = datetime.now(UTC)
    inserted = updated = 0
    for row in rows:
        record = existing.get((row.channel_id, row.day))
        if record is None:
            session.add(
                HistoryRecord(
                    channel_id=row.channel_id,
                    day=row.day,
                    spend_minor=to_minor_units(row.spend),
                    revenue_minor=to_minor_units(row.revenue),
                    impressions=row.impressions,
                    clicks=row.clicks,
                    conversions=row.conversions,
                    updated_at=now,
                )
            )
            inserted += 1
        else:
            record.spend_minor = to_minor_units(row.spend)
            record.revenue_minor = to_minor_units(row.revenue)
            record.impressions = row.impressions
            record.clicks = row.clicks
            record.conversions = row.conversions
            record.updated_at = now
            updated += 1
    session.flush()
    return HistoryImportResult(inserted=inserted, updated=updated)


def read_rows(session: Session, channel_id: str | None) -> list[HistoryRow]:
    """Stored history ordered by channel, then day; one channel's only if `channel_id` is given."""
    query = select(HistoryRecord)
    if channel_id is not None:
        query = query.where(HistoryRecord.channel_id == channel_id)
    query = query.order_by(col(HistoryRecord.channel_id), col(HistoryRecord.day))
    return [
        HistoryRow(
            day=record.day,
            channel_id=record.channel_id,
            spend=from_minor_units(record.spend_minor),
            revenue=from_minor_units(record.revenue_minor),
            impressions=record.impressions,
            clicks=record.clicks,
            conversions=record.conversions,
        )
        for record in session.exec(query)
    ]


def _reject_repeats(rows: Sequence[HistoryRow]) -> None:
    seen: dict[tuple[str, date], int] = {}
    for index, row in enumerate(rows):
        key = (row.channel_id, row.day)
        if key in seen:
            raise InputError(
                f"history[{index}]",
                f"channel {row.channel_id!r} on {row.day.isoformat()} is also in row {seen[key]}; "
                "give each channel and day once; nothing was stored",
            )
        seen[key] = index
