"""Actuals: the measured results of published posts, and which run a re-plan was made from.

Channel-day actuals (delivered spend, attributed revenue) live in the ``history`` table of 0002.
``post_actuals`` is keyed by (channel_id, content_id, published_at) so a brand column can join the
key later without rewriting rows.

Revision ID: 0004_actuals
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_actuals"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the post actuals table and the run parents table."""
    op.create_table(
        "post_actuals",
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("content_id", sa.String(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("impressions", sa.BigInteger(), nullable=False),
        sa.Column("engagements", sa.BigInteger(), nullable=False),
        sa.Column("clicks", sa.BigInteger(), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "content_id", "published_at", name="pk_post_actuals"),
    )
    op.create_table(
        "run_parents",
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("parent_run_id", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    """Drop the post actuals table and the run parents table."""
    op.drop_table("run_parents")
    op.drop_table("post_actuals")
