"""Initial schema: scenarios, plan runs, scheduled posts, spend allocations, boosts.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of stored plan runs."""
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("hash", name="uq_scenarios_hash"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("plan_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scenario_name", sa.String(), nullable=False),
        sa.Column("scenario_hash", sa.String(64), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("objective_kind", sa.String(), nullable=False),
        sa.Column("solver_version", sa.String(), nullable=False),
        sa.Column("mixplan_version", sa.String(), nullable=False),
        sa.Column("spend_minor", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("roas", sa.Float(), nullable=True),
        sa.Column("gap", sa.Float(), nullable=True),
        sa.Column("post_count", sa.Integer(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
    )
    op.create_index("ix_runs_scenario_id", "runs", ["scenario_id"])
    op.create_table(
        "scheduled_posts",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("expected_impressions", sa.Float(), nullable=False),
        sa.Column("expected_engagements", sa.Float(), nullable=False),
        sa.Column("expected_clicks", sa.Float(), nullable=False),
        sa.Column("expected_revenue_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "position", name="pk_scheduled_posts"),
    )
    op.create_table(
        "spend_allocations",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("expected_revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("marginal_roas", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("run_id", "position", name="pk_spend_allocations"),
        sa.UniqueConstraint("run_id", "channel_id", "day", name="uq_spend_allocations_run_channel_day"),
    )
    op.create_table(
        "boosts",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content_id", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("expected_revenue_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "position", name="pk_boosts"),
    )


def downgrade() -> None:
    """Drop the tables of stored plan runs."""
    op.drop_table("boosts")
    op.drop_table("spend_allocations")
    op.drop_table("scheduled_posts")
    op.drop_index("ix_runs_scenario_id", table_name="runs")
    op.drop_table("runs")
    op.drop_table("scenarios")
