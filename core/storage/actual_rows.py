"""Post actuals as rows: upsert by (channel, content, published time) and read back in time order.

Channel-day actuals are history rows; :func:`upsert_actuals` writes both kinds in the caller's
transaction, so an import is stored whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from mixplan.errors import InputError
from mixplan.model.actuals import PostActual, PostValues
from mixplan.model.base import from_minor_units
from mixplan.model.history import HistoryRow, HistoryValues
from mixplan.storage import history_rows
from mixplan.storage.bulk_upsert import BulkUpsert, binder, stored_count
from mixplan.storage.results import ActualsImportCounts
from mixplan.storage.tables import HistoryRecord, PostActualRecord
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

_KEY = ("brand", "channel_id", "content_id", "published_at")


class PostWriter:
    """Writes batches of checked post actuals of one brand in the caller's transaction (see BulkUpsert)."""

    def __init__(self, connection: Connection, brand: str) -> None:
        """Prepare the upsert and bind the values that are the same on every row."""
        table = PostActualRecord.__table__  # type: ignore[attr-defined]
        self._brand = brand
        self._to_time = binder(table, "published_at", connection.dialect)
        self._now = binder(table, "updated_at", connection.dialect)(datetime.now(UTC))
        self._upsert = BulkUpsert(connection, table, _KEY)

    def write(self, batch: Iterable[PostValues]) -> None:
        """Upsert one batch (no post key may repeat across the batches)."""
        brand, to_time, now = self._brand, self._to_time, self._now
        self._upsert.write(
            [
                (
                    brand,
                    post.channel_id,
                    post.content_id,
                    to_time(post.published_at),
                    post.impressions,
                    post.engagements,
                    post.clicks,
                    post.orders,
                    post.revenue_minor,
                    now,
                )
                for post in batch
            ]
        )

    def finish(self) -> int:
        """Complete the upsert; the rows written."""
        return self._upsert.finish()


def upsert_actuals(
    session: Session, posts: Sequence[PostActual], days: Sequence[HistoryRow], brand: str
) -> ActualsImportCounts:
    """Insert new post and channel-day actuals of `brand` and overwrite stored ones with the same key."""
    history_rows.reject_repeats(days)
    values = [PostValues.of(post) for post in posts]
    keys = {(post.channel_id, post.content_id, post.published_at) for post in values}
    if len(keys) != len(values):
        raise InputError("actuals", "a post (channel, content, published time) is given twice; nothing was stored")
    return upsert_actual_batches(session, [(values, [HistoryValues.of(day) for day in days])], brand)


def read_posts(session: Session, channel_id: str | None, brand: str) -> list[PostActual]:
    """`brand`'s stored post actuals ordered by publication time, channel and content."""
    query = select(PostActualRecord).where(PostActualRecord.brand == brand)
    if channel_id is not None:
        query = query.where(PostActualRecord.channel_id == channel_id)
    query = query.order_by(
        col(PostActualRecord.published_at), col(PostActualRecord.channel_id), col(PostActualRecord.content_id)
    )
    return [
        PostActual(
            content_id=record.content_id,
            channel_id=record.channel_id,
            published_at=record.published_at,
            impressions=record.impressions,
            engagements=record.engagements,
            clicks=record.clicks,
            orders=record.orders,
            revenue=from_minor_units(record.revenue_minor),
        )
        for record in session.exec(query)
    ]


def upsert_actual_batches(
    session: Session, batches: Iterable[tuple[Sequence[PostValues], Sequence[HistoryValues]]], brand: str
) -> ActualsImportCounts:
    """Upsert (posts, days) batches of checked rows in the caller's transaction; memory holds one batch.

    No key may repeat across the batches (the streaming reader guarantees it): inserted rows are
    the stored rows after − before, every other written row replaced one.
    """
    connection = session.connection()
    post_table = PostActualRecord.__table__  # type: ignore[attr-defined]
    day_table = HistoryRecord.__table__  # type: ignore[attr-defined]
    posts_before, days_before = stored_count(connection, post_table, brand), stored_count(connection, day_table, brand)
    post_writer, day_writer = PostWriter(connection, brand), history_rows.HistoryWriter(connection, brand)
    for posts, days in batches:
        post_writer.write(posts)
        day_writer.write(days)
    posts_written, days_written = post_writer.finish(), day_writer.finish()
    posts_inserted = stored_count(connection, post_table, brand) - posts_before
    days_inserted = stored_count(connection, day_table, brand) - days_before
    return ActualsImportCounts(
        posts_inserted=posts_inserted,
        posts_updated=posts_written - posts_inserted,
        days_inserted=days_inserted,
        days_updated=days_written - days_inserted,
    )
