"""Brands and batches: a brand namespace on every data table, run keys, and the batch queue.

Every row of history, post actuals, audience snapshots, fitted curves, live limits and runs gets a ``brand`` (existing
rows: ``default``), part of the history key and of every lookup index; runs get an idempotency
``run_key``; ``batches`` and ``batch_items`` hold nightly batches and are the queue workers claim from.

Revision ID: 0005_brands
Revises: 0004_actuals
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_brands"
down_revision = "0004_actuals"
branch_labels = None
depends_on = None

_INDEXES = {
    "audience_snapshots": ("ix_audience_snapshots_channel_fetched", ["channel_id", "fetched_at"]),
    "fitted_curves": ("ix_fitted_curves_channel_fitted", ["channel_id", "fitted_at"]),
    "live_limits": ("ix_live_limits_channel_fetched", ["channel_id", "fetched_at"]),
}


def _brand_column() -> sa.Column[str]:
    return sa.Column("brand", sa.String(64), nullable=False, server_default="default")


def upgrade() -> None:
    """Add the brand column and keys, the run key, and the batch tables."""
    with op.batch_alter_table("history", recreate="always") as table:
        table.add_column(_brand_column())
        table.drop_constraint("pk_history", type_="primary")
        table.create_primary_key("pk_history", ["brand", "channel_id", "day"])
    # Plain ADD COLUMN (never a table rebuild): rebuilding `runs` on SQLite would drop it, and with foreign
    # keys on that cascades to every scheduled post, spend row and boost.
    for name, (index, columns) in _INDEXES.items():
        op.drop_index(index, table_name=name)
        op.add_column(name, _brand_column())
        op.create_index(index, name, ["brand", *columns])
    with op.batch_alter_table("post_actuals", recreate="always") as table:
        table.add_column(_brand_column())
        table.drop_constraint("pk_post_actuals", type_="primary")
        table.create_primary_key("pk_post_actuals", ["brand", "channel_id", "content_id", "published_at"])
    op.add_column("runs", _brand_column())
    op.add_column("runs", sa.Column("run_key", sa.String(160), nullable=True))
    op.create_index("uq_runs_run_key", "runs", ["run_key"], unique=True)
    op.create_index("ix_runs_brand_id", "runs", ["brand", "id"])
    op.create_table(
        "batches",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stop_requested_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "batch_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.String(64), sa.ForeignKey("batches.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(64), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("run_key", sa.String(160), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("error_kind", sa.String(20), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("batch_id", "run_key", name="uq_batch_items_batch_run_key"),
    )
    op.create_index("ix_batch_items_batch_status", "batch_items", ["batch_id", "status"])


def downgrade() -> None:
    """Drop the batch tables, the run key and the brand columns (other brands' rows are lost)."""
    op.drop_index("ix_batch_items_batch_status", table_name="batch_items")
    op.drop_table("batch_items")
    op.drop_table("batches")
    op.drop_index("ix_runs_brand_id", table_name="runs")
    op.drop_index("uq_runs_run_key", table_name="runs")
    # Native DROP COLUMN (SQLite 3.35+), for the same reason as ADD COLUMN above; runs of other brands stay.
    op.execute(sa.text("ALTER TABLE runs DROP COLUMN run_key"))
    op.execute(sa.text("ALTER TABLE runs DROP COLUMN brand"))
    for name, (index, columns) in _INDEXES.items():
        op.drop_index(index, table_name=name)
        op.execute(sa.text(f"DELETE FROM {name} WHERE brand <> 'default'"))
        op.execute(sa.text(f"ALTER TABLE {name} DROP COLUMN brand"))
        op.create_index(index, name, columns)
    op.execute(sa.text("DELETE FROM post_actuals WHERE brand <> 'default'"))
    with op.batch_alter_table("post_actuals", recreate="always") as table:
        table.drop_constraint("pk_post_actuals", type_="primary")
        table.drop_column("brand")
        table.create_primary_key("pk_post_actuals", ["channel_id", "content_id", "published_at"])
    op.execute(sa.text("DELETE FROM history WHERE brand <> 'default'"))
    with op.batch_alter_table("history", recreate="always") as table:
        table.drop_constraint("pk_history", type_="primary")
        table.drop_column("brand")
        table.create_primary_key("pk_history", ["channel_id", "day"])
