"""The database tables (SQLModel). Their shape is fixed by the migrations in `migrations/versions/`.

Money is integer minor units (cents, ``BIGINT``), datetimes are aware UTC (`UTCDateTime`); the solve
report, the totals and fitted curves are JSON documents whose money values are exact decimal strings.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mixplan.storage.column_types import UTCDateTime
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class ScenarioRecord(SQLModel, table=True):
    """A scenario as the user gave it (credentials only as references), stored once per hash."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("hash", name="uq_scenarios_hash"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    hash: str = Field(sa_column=Column(String(64), nullable=False))
    name: str = Field(sa_column=Column(String, nullable=False))
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class RunRecord(SQLModel, table=True):
    """One stored plan run: the plan's header, listing columns, totals and solve report."""

    __tablename__ = "runs"
    __table_args__ = (
        Index("ix_runs_scenario_id", "scenario_id"),
        Index("ix_runs_brand_id", "brand", "id"),
        Index("uq_runs_run_key", "run_key", unique=True),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    run_key: str | None = Field(default=None, sa_column=Column(String(160), nullable=True))
    """Batch runs' idempotency key (brand + hash of scenario and options, revision 0005); None otherwise."""
    scenario_id: int = Field(sa_column=Column(Integer, ForeignKey("scenarios.id"), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    plan_created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    scenario_name: str = Field(sa_column=Column(String, nullable=False))
    scenario_hash: str = Field(sa_column=Column(String(64), nullable=False))
    currency: str = Field(sa_column=Column(String(3), nullable=False))
    timezone: str = Field(sa_column=Column(String, nullable=False))
    start_day: date = Field(sa_column=Column(Date, nullable=False))
    days: int = Field(sa_column=Column(Integer, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    objective_kind: str = Field(sa_column=Column(String, nullable=False))
    solver_version: str = Field(sa_column=Column(String, nullable=False))
    mixplan_version: str = Field(sa_column=Column(String, nullable=False))
    spend_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    roas: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    gap: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    post_count: int = Field(sa_column=Column(Integer, nullable=False))
    totals: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    report: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    warnings: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """The plan's warnings when it was stored (revision 0006); None for older runs."""


class PostRecord(SQLModel, table=True):
    """One scheduled organic post of a run; `position` keeps the plan's order."""

    __tablename__ = "scheduled_posts"
    __table_args__ = (PrimaryKeyConstraint("run_id", "position", name="pk_scheduled_posts"),)

    run_id: int = Field(sa_column=Column(Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    content_id: str = Field(sa_column=Column(String, nullable=False))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    format: str = Field(sa_column=Column(String, nullable=False))
    expected_impressions: float = Field(sa_column=Column(Float, nullable=False))
    expected_engagements: float = Field(sa_column=Column(Float, nullable=False))
    expected_clicks: float = Field(sa_column=Column(Float, nullable=False))
    expected_revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class SpendRecord(SQLModel, table=True):
    """Paid spend of one channel on one day of a run; at most one row per channel and day."""

    __tablename__ = "spend_allocations"
    __table_args__ = (
        PrimaryKeyConstraint("run_id", "position", name="pk_spend_allocations"),
        UniqueConstraint("run_id", "channel_id", "day", name="uq_spend_allocations_run_channel_day"),
    )

    run_id: int = Field(sa_column=Column(Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    day: date = Field(sa_column=Column(Date, nullable=False))
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    expected_revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    marginal_roas: float | None = Field(default=None, sa_column=Column(Float, nullable=True))


class BoostRecord(SQLModel, table=True):
    """Paid promotion of one scheduled post of a run."""

    __tablename__ = "boosts"
    __table_args__ = (PrimaryKeyConstraint("run_id", "position", name="pk_boosts"),)

    run_id: int = Field(sa_column=Column(Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    content_id: str = Field(sa_column=Column(String, nullable=False))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    start: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    expected_revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class HistoryRecord(SQLModel, table=True):
    """What one channel spent and earned on one day; one row per channel and day (revision 0002)."""

    __tablename__ = "history"
    __table_args__ = (PrimaryKeyConstraint("brand", "channel_id", "day", name="pk_history"),)

    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    day: date = Field(sa_column=Column(Date, nullable=False))
    spend_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    impressions: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    clicks: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    conversions: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class AudienceSnapshotRecord(SQLModel, table=True):
    """A fetched 7×24 audience activity of one channel (revision 0002)."""

    __tablename__ = "audience_snapshots"
    __table_args__ = (Index("ix_audience_snapshots_channel_fetched", "brand", "channel_id", "fetched_at"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    platform: str = Field(sa_column=Column(String, nullable=False))
    fetched_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    source: str = Field(sa_column=Column(String, nullable=False))
    activity: list[list[float]] = Field(sa_column=Column(JSON, nullable=False))
    size: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    stored_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class FittedCurveRecord(SQLModel, table=True):
    """A response curve fitted to (or imported for) one channel; the full fit is a JSON document."""

    __tablename__ = "fitted_curves"
    __table_args__ = (Index("ix_fitted_curves_channel_fitted", "brand", "channel_id", "fitted_at"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    source: str = Field(sa_column=Column(String, nullable=False))
    fitted_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    document: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    stored_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LiveLimitsRecord(SQLModel, table=True):
    """A channel's limits as its platform reported them at one fetch (revision 0003); unset = not reported."""

    __tablename__ = "live_limits"
    __table_args__ = (Index("ix_live_limits_channel_fetched", "brand", "channel_id", "fetched_at"),)

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    platform: str = Field(sa_column=Column(String, nullable=False))
    fetched_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    source: str = Field(sa_column=Column(String, nullable=False))
    publish_quota: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    publish_quota_window_hours: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    quota_used: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    min_daily_budget_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    currency: str | None = Field(default=None, sa_column=Column(String, nullable=True))
    stored_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class PostActualRecord(SQLModel, table=True):
    """The measured results of one published post (revision 0004_actuals)."""

    __tablename__ = "post_actuals"
    __table_args__ = (
        PrimaryKeyConstraint("brand", "channel_id", "content_id", "published_at", name="pk_post_actuals"),
    )

    brand: str = Field(default="default", sa_column=Column(String(64), nullable=False, server_default="default"))
    channel_id: str = Field(sa_column=Column(String, nullable=False))
    content_id: str = Field(sa_column=Column(String, nullable=False))
    published_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    impressions: int = Field(sa_column=Column(BigInteger, nullable=False))
    engagements: int = Field(sa_column=Column(BigInteger, nullable=False))
    clicks: int = Field(sa_column=Column(BigInteger, nullable=False))
    orders: int = Field(sa_column=Column(BigInteger, nullable=False))
    revenue_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class RunParentRecord(SQLModel, table=True):
    """Which run a re-plan was made from, and from which day on (revision 0004_actuals)."""

    __tablename__ = "run_parents"

    run_id: int = Field(
        sa_column=Column(Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    )
    parent_run_id: int = Field(sa_column=Column(Integer, nullable=False))


class BatchRecord(SQLModel, table=True):
    """One batch of brand plans (revision 0005); its id is a hash of its jobs and options, so re-running
    the same batch command finds it again and resumes it."""

    __tablename__ = "batches"

    id: str = Field(sa_column=Column(String(64), primary_key=True))
    name: str = Field(sa_column=Column(String, nullable=False))
    options: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    stop_requested_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    """Set by a stop request: every worker's heartbeat sees it and stops its solve (the item is re-queued)."""


class BatchItemRecord(SQLModel, table=True):
    """One brand's plan in a batch: the queue row workers claim (FOR UPDATE SKIP LOCKED) and lease."""

    __tablename__ = "batch_items"
    __table_args__ = (
        UniqueConstraint("batch_id", "run_key", name="uq_batch_items_batch_run_key"),
        Index("ix_batch_items_batch_status", "batch_id", "status"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    batch_id: str = Field(sa_column=Column(String(64), ForeignKey("batches.id", ondelete="CASCADE"), nullable=False))
    position: int = Field(sa_column=Column(Integer, nullable=False))
    brand: str = Field(sa_column=Column(String(64), nullable=False))
    label: str = Field(sa_column=Column(String, nullable=False))
    run_key: str = Field(sa_column=Column(String(160), nullable=False))
    scenario: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(sa_column=Column(String(12), nullable=False))
    attempts: int = Field(sa_column=Column(Integer, nullable=False))
    lease_owner: str | None = Field(default=None, sa_column=Column(String, nullable=True))
    lease_expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    not_before: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    run_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    error_kind: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    error: str | None = Field(default=None, sa_column=Column(String, nullable=True))
    exit_code: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


STORAGE_RECORDS = (
    ScenarioRecord,
    RunRecord,
    PostRecord,
    SpendRecord,
    BoostRecord,
    HistoryRecord,
    AudienceSnapshotRecord,
    FittedCurveRecord,
    LiveLimitsRecord,
    PostActualRecord,
    RunParentRecord,
    BatchRecord,
    BatchItemRecord,
)
"""Every table class of mixplan's storage, in dependency order."""


def storage_tables() -> list[Table]:
    """The SQLAlchemy tables of `STORAGE_RECORDS` (what the migrations must produce)."""
    return [SQLModel.metadata.tables[str(record.__tablename__)] for record in STORAGE_RECORDS]
