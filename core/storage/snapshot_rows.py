"""Audience snapshots, live limits and fitted curves as rows: append, and read newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from mixplan.model.base import from_minor_units, to_minor_units
from mixplan.model.history import FittedCurve
from mixplan.model.live import AudienceSnapshot, LiveLimits
from mixplan.storage.tables import AudienceSnapshotRecord, FittedCurveRecord, LiveLimitsRecord
from sqlmodel import Session, col, select


def insert_audience(session: Session, snapshot: AudienceSnapshot) -> int:
    """Store one audience snapshot; returns its id."""
    record = AudienceSnapshotRecord(
        channel_id=snapshot.channel_id,
        platform=snapshot.platform,
        fetched_at=snapshot.fetched_at,
        source=snapshot.source,
        activity=[list(row) for row in snapshot.activity],
        size=snapshot.size,
        stored_at=datetime.now(UTC),
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    return record.id


def audience_snapshots(session: Session, channel_id: str | None, limit: int | None) -> list[AudienceSnapshot]:
    """Snapshots newest first (by fetch time, then by storage order), of one channel or all."""
    query = select(AudienceSnapshotRecord)
    if channel_id is not None:
        query = query.where(AudienceSnapshotRecord.channel_id == channel_id)
    query = query.order_by(col(AudienceSnapshotRecord.fetched_at).desc(), col(AudienceSnapshotRecord.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return [
        AudienceSnapshot(
            channel_id=record.channel_id,
            platform=record.platform,
            fetched_at=record.fetched_at,
            source=record.source,
            activity=record.activity,
            size=record.size,
        )
        for record in session.exec(query)
    ]


def insert_live_limits(session: Session, limits: LiveLimits) -> int:
    """Store one fetch of a channel's live limits (the minimum budget as whole cents); returns its id."""
    record = LiveLimitsRecord(
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
    session.add(record)
    session.flush()
    assert record.id is not None
    return record.id


def live_limits(session: Session, channel_id: str | None, limit: int | None) -> list[LiveLimits]:
    """Live limits newest first (by fetch time, then by storage order), of one channel or all."""
    query = select(LiveLimitsRecord)
    if channel_id is not None:
        query = query.where(LiveLimitsRecord.channel_id == channel_id)
    query = query.order_by(col(LiveLimitsRecord.fetched_at).desc(), col(LiveLimitsRecord.id).desc())
    if limit is not None:
        query = query.limit(limit)
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
        for record in session.exec(query)
    ]


def insert_fitted_curve(session: Session, fitted: FittedCurve) -> int:
    """Store one fitted curve; returns its id."""
    record = FittedCurveRecord(
        channel_id=fitted.channel_id,
        source=fitted.source,
        fitted_at=fitted.fitted_at,
        document=fitted.model_dump(mode="json"),
        stored_at=datetime.now(UTC),
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    return record.id


def fitted_curves(session: Session, channel_id: str | None, limit: int | None) -> list[FittedCurve]:
    """Fitted curves newest first (by fit time, then by storage order), of one channel or all."""
    query = select(FittedCurveRecord)
    if channel_id is not None:
        query = query.where(FittedCurveRecord.channel_id == channel_id)
    query = query.order_by(col(FittedCurveRecord.fitted_at).desc(), col(FittedCurveRecord.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return [FittedCurve.model_validate(record.document) for record in session.exec(query)]
