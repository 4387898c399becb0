"""Alembic environment for mixplan's storage, run programmatically by `mixplan.storage.migrate`.

The caller passes an open SQLAlchemy connection (already inside its transaction and holding the
migration lock) as ``config.attributes["connection"]``; no alembic.ini is needed.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("mixplan migrations run through mixplan.storage.migrate, which supplies a connection")

context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
