"""Post actuals as rows: upsert by (channel, content, published time) and read back in time order.

Channel-day actuals are history rows; :func:`upsert_actuals` writes both kinds in the caller's
transaction, so an import is stored whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from mixplan.model.actuals import PostActual
from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.history import HistoryRow
from mixplan.storage import history_rows
from mixplan.storage.results import ActualsImportCounts
from mixplan.storage.tables import PostActualRecord
from sqlmodel import Session, col, select


def upsert_actuals(
    session: Session, posts: Sequence[PostActual], days: Sequence[HistoryRow], brand: str
) -> ActualsImportCounts:
    """Insert new post and channel-day actuals of `brand` and overwrite stored ones with the same key."""
    day_counts = history_rows.upsert_rows(session, days, brand) if days else None
    now = datetime.now(UTC)
    inserted = updated = 0
    for post in posts:
        key = (brand, post.channel_id, post.content_id, post.published_at.astimezone(UTC))
        record = session.get(PostActualRecord, key)
        if record is None:
            record = PostActualRecord(
                brand=brand,
                channel_id=key[1],
                content_id=key[2],
                published_at=key[3],
                impressions=0,
                engagements=0,
                clicks=0,
                orders=0,
                revenue_minor=0,
                updated_at=now,
            )
            session.add(record)
            inserted += 1
        else:
            updated += 1
        record.impressions = post.impressions
        record.engagements = post.engagements
        record.clicks = post.clicks
        record.orders = post.orders
        record.revenue_minor = to_minor_units(post.revenue)
        record.updated_at = now
        session.flush()
    return ActualsImportCounts(
        posts_inserted=inserted,
        posts_updated=updated,
        days_inserted=day_counts.inserted if day_counts else 0,
        days_updated=day_counts.updated if day_counts else 0,
    )


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
    session: Session, batches: Iterable[tuple[Sequence[PostActual], Sequence[HistoryRow]]], brand: str
) -> ActualsImportCounts:
    """Upsert (posts, days) batches in the caller's transaction, forgetting each batch once flushed (flat memory)."""
    totals = [0, 0, 0, 0]
    for posts, days in batches:
        counts = upsert_actuals(session, posts, days, brand)
        session.expunge_all()
        for index, value in enumerate(
            (counts.posts_inserted, counts.posts_updated, counts.days_inserted, counts.days_updated)
        ):
            totals[index] += value
    return ActualsImportCounts(*totals)
