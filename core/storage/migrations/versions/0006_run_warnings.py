"""Run warnings: the warnings a plan was printed with, stored with its run.

``runs show`` repeats them and ``runs list`` counts them. Runs stored before this revision keep
``NULL``; reading one back recomputes its warnings as of the day it was stored.

Revision ID: 0006_run_warnings
Revises: 0005_brands
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_run_warnings"
down_revision = "0005_brands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the nullable ``runs.warnings`` column (plain ADD COLUMN: rebuilding `runs` would cascade)."""
    op.add_column("runs", sa.Column("warnings", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop ``runs.warnings`` with a native DROP COLUMN (SQLite 3.35+), never a table rebuild."""
    op.execute(sa.text("ALTER TABLE runs DROP COLUMN warnings"))
