"""Audience snapshots, live limits and fitted curves as rows: append, and read newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.history import FittedCurve
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.storage.tables import AudienceSnapshotRecord, FittedCurveRecord, LiveLimitsRecord
from sqlmodel import Session, SQLModel, col, select

RecordT = TypeVar("RecordT", AudienceSnapshotRecord, LiveLimitsRecord, FittedCurveRecord)


def _insert(session: Session, record: SQLModel) -> int:
    """Add one record in the session's transaction and return its new id."""
    session.add(record)
    session.flush()
    record_id = getattr(record, "id", None)
    assert record_id is not None
    return int(record_id)


def _newest_first(
    session: Session, record_type: type[RecordT], when: Any, brand: str, channel_id: str | None, limit: int | None
) -> list[RecordT]:
    """`brand`'s records of one channel (or all) ordered by `when` then storage order, newest first."""
    query = select(record_type).where(record_type.brand == brand)
    if channel_id is not None:
        query = query.where(record_type.channel_id == channel_id)
    query = query.order_by(col(when).desc(), col(record_type.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def insert_audience(session: Session, snapshot: AudienceSnapshot, brand: str) -> int:
    """Store one audience snapshot; returns its id."""
    record = AudienceSnapshotRecord(
        brand=brand,
        channel_id=snapshot.channel_id,
        platform=snapshot.platform,
        fetched_at=snapshot.fetched_at,
        source=snapshot.source,
        activity=[list(row) for row in snapshot.activity],
        size=snapshot.size,
        stored_at=datetime.now(UTC),
    )
    return _insert(session, record)


def audience_snapshots(
    session: Session, brand: str, channel_id: str | None, limit: int | None
) -> list[AudienceSnapshot]:
    """Snapshots newest first (by fetch time, then by storage order), of one channel or all."""
    records = _newest_first(
        session, AudienceSnapshotRecord, AudienceSnapshotRecord.fetched_at, brand, channel_id, limit
    )
    return [
        AudienceSnapshot(
            channel_id=record.channel_id,
            platform=record.platform,
            fetched_at=record.fetched_at,
            source=record.source,
            activity=record.activity,
            size=record.size,
        )
        for record in records
    ]


def insert_live_limits(session: Session, limits: LiveLimits, brand: str) -> int:
    """Store one fetch of a channel's live limits (the minimum budget as whole cents); returns its id."""
    record = LiveLimitsRecord(
        brand=brand,
        channel_id=limits.channel_id,
        platform=limits.platform,
        fetched_at=limits.fetched_at,
        source=limits.source,
        publish_quota=limits.publish_quota,
        publish_quota_window_hours=limits.publish_quota_window_hours,
        quota_used=limits.quota_used,
        min_daily_budget_minor=None if limits.min_daily_budget is None else to_minor_units(limits.min_daily_budget),
        currency=limits.currency,
        stored_at=datetime.now(UTC),
    )
    return _insert(session, record)


def live_limits(session: Session, brand: str, channel_id: str | None, limit: int | None) -> list[LiveLimits]:
    """Live limits newest first (by fetch time, then by storage order), of one channel or all."""
    records = _newest_first(session, LiveLimitsRecord, LiveLimitsRecord.fetched_at, brand, channel_id, limit)
    return [
        LiveLimits(
            channel_id=record.channel_id,
            platform=record.platform,
            fetched_at=record.fetched_at,
            source=record.source,
            publish_quota=record.publish_quota,
            publish_quota_window_hours=record.publish_quota_window_hours,
            quota_used=record.quota_used,
            min_daily_budget=(
                None if record.min_daily_budget_minor is None else from_minor_units(record.min_daily_budget_minor)
            ),
            currency=record.currency,
        )
        for record in records
    ]


def insert_fitted_curve(session: Session, fitted: FittedCurve, brand: str) -> int:
    """Store one fitted curve; returns its id."""
    record = FittedCurveRecord(
        brand=brand,
        channel_id=fitted.channel_id,
        source=fitted.source,
        fitted_at=fitted.fitted_at,
        document=fitted.model_dump(mode="json"),
        stored_at=datetime.now(UTC),
    )
    return _insert(session, record)


def fitted_curves(session: Session, brand: str, channel_id: str | None, limit: int | None) -> list[FittedCurve]:
    """Fitted curves newest first (by fit time, then by storage order), of one channel or all."""
    records = _newest_first(session, FittedCurveRecord, FittedCurveRecord.fitted_at, brand, channel_id, limit)
    return [FittedCurve.model_validate(record.document) for record in records]
