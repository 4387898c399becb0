"""Live limits: a channel's publishing quota and minimum daily ad budget as its platform reported them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the live limits table."""
    op.create_table(
        "live_limits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("publish_quota", sa.Integer(), nullable=True),
        sa.Column("publish_quota_window_hours", sa.Integer(), nullable=True),
        sa.Column("quota_used", sa.Integer(), nullable=True),
        sa.Column("min_daily_budget_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_live_limits_channel_fetched", "live_limits", ["channel_id", "fetched_at"])


def downgrade() -> None:
    """Drop the live limits table."""
    op.drop_index("ix_live_limits_channel_fetched", table_name="live_limits")
    op.drop_table("live_limits")
