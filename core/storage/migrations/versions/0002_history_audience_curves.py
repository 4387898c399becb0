"""Real data: spend/revenue history, audience snapshots, fitted response curves.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the history, audience snapshot and fitted curve tables."""
    op.create_table(
        "history",
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("spend_minor", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        sa.Column("clicks", sa.BigInteger(), nullable=True),
        sa.Column("conversions", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "day", name="pk_history"),
    )
    op.create_table(
        "audience_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("activity", sa.JSON(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audience_snapshots_channel_fetched", "audience_snapshots", ["channel_id", "fetched_at"])
    op.create_table(
        "fitted_curves",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_fitted_curves_channel_fitted", "fitted_curves", ["channel_id", "fitted_at"])


def downgrade() -> None:
    """Drop the history, audience snapshot and fitted curve tables."""
    op.drop_index("ix_fitted_curves_channel_fitted", table_name="fitted_curves")
    op.drop_table("fitted_curves")
    op.drop_index("ix_audience_snapshots_channel_fetched", table_name="audience_snapshots")
    op.drop_table("audience_snapshots")
    op.drop_table("history")
