"""Spend/revenue history as rows: upsert by (channel, day) and read back in order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from mixplan.errors import InputError
from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.history import HistoryRow
from mixplan.storage.results import HistoryImportResult
from mixplan.storage.tables import HistoryRecord
from sqlmodel import Session, col, select


def upsert_rows(session: Session, rows: Sequence[HistoryRow], brand: str) -> HistoryImportResult:
    """Insert new channel-days of `brand` and overwrite its existing ones with the given values."""
    _reject_repeats(rows)
    channels = sorted({row.channel_id for row in rows})
    existing: dict[tuple[str, date], HistoryRecord] = {}
    for start in range(0, len(channels), 500):
        batch = channels[start : start + 500]
        for stored in session.exec(
            select(HistoryRecord).where(HistoryRecord.brand == brand, col(HistoryRecord.channel_id).in_(batch))
        ):
            existing[(stored.channel_id, stored.day)] = stored
    now = datetime.now(UTC)
    inserted = updated = 0
    for row in rows:
        record = existing.get((row.channel_id, row.day))
        if record is None:
            session.add(
                HistoryRecord(
                    brand=brand,
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
