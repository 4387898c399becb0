"""Spend/revenue history as rows: upsert by (channel, day) and read back in order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from mixplan.errors import InputError
from mixplan.model.base import from_minor_units
from mixplan.model.history import HistoryRow, HistoryValues
from mixplan.storage.bulk_upsert import BulkUpsert, binder, stored_count
from mixplan.storage.results import HistoryImportResult
from mixplan.storage.tables import HistoryRecord
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

_KEY = ("brand", "channel_id", "day")


class HistoryWriter:
    """Writes batches of checked history rows of one brand in the caller's transaction (see BulkUpsert)."""

    def __init__(self, connection: Connection, brand: str) -> None:
        """Prepare the upsert and bind the values that are the same on every row."""
        table = HistoryRecord.__table__  # type: ignore[attr-defined]
        self._brand = brand
        self._to_day = binder(table, "day", connection.dialect)
        self._now = binder(table, "updated_at", connection.dialect)(datetime.now(UTC))
        self._upsert = BulkUpsert(connection, table, _KEY)

    def write(self, batch: Iterable[HistoryValues]) -> None:
        """Upsert one batch (no channel-day may repeat across the batches)."""
        brand, to_day, now = self._brand, self._to_day, self._now
        self._upsert.write(
            [
                (
                    brand,
                    row.channel_id,
                    to_day(row.day),
                    row.spend_minor,
                    row.revenue_minor,
                    row.impressions,
                    row.clicks,
                    row.conversions,
                    now,
                )
                for row in batch
            ]
        )

    def finish(self) -> int:
        """Complete the upsert; the rows written."""
        return self._upsert.finish()


def upsert_batches(session: Session, batches: Iterable[Sequence[HistoryValues]], brand: str) -> HistoryImportResult:
    """Upsert batches of checked rows (money in cents); inserted = stored rows after − before.

    The batches must not repeat a channel-day (the streaming reader guarantees it), so every row
    that did not add a stored row replaced one. Memory holds one batch at a time.
    """
    connection = session.connection()
    table = HistoryRecord.__table__  # type: ignore[attr-defined]
    before = stored_count(connection, table, brand)
    writer = HistoryWriter(connection, brand)
    for batch in batches:
        writer.write(batch)
    written = writer.finish()
    inserted = stored_count(connection, table, brand) - before
    return HistoryImportResult(inserted=inserted, updated=written - inserted)


def upsert_rows(session: Session, rows: Sequence[HistoryRow], brand: str) -> HistoryImportResult:
    """Insert new channel-days of `brand` and overwrite its existing ones with the given values."""
    reject_repeats(rows)
    return upsert_batches(session, [[HistoryValues.of(row) for row in rows]], brand)


def read_rows(session: Session, channel_id: str | None, brand: str) -> list[HistoryRow]:
    """`brand`'s stored history ordered by channel, then day; one channel's only if `channel_id` is given."""
    query = select(HistoryRecord).where(HistoryRecord.brand == brand)
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


def reject_repeats(rows: Sequence[HistoryRow]) -> None:
    """InputError naming both rows when a channel-day is given twice."""
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
