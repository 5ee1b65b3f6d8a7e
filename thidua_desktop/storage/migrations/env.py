"""Alembic environment: run with the connection the app hands over.

The app (``storage/migrate.py``) runs migrations itself at start-up; it passes
its open connection in ``config.attributes["connection"]``. Run by hand,
``alembic -x url=sqlite:///path.db upgrade head`` works too.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from thidua_desktop.storage.database import make_engine
from thidua_desktop.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the app never migrates offline
    raise SystemExit("Chế độ offline của Alembic không được hỗ trợ.")
run_migrations_online()
