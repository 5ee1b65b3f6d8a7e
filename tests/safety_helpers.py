"""Helpers for the data-safety tests (backups, checks, crash safety, bad inputs)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select

from thidua_desktop.domain.text import unique_key
from thidua_desktop.storage.models import Unit

# Tables whose rows a refused import or a failed action must leave exactly as they were.
# The audit trail is included: a refused action writes nothing, not even a log line.


def add_units(db, n: int, start: int = 1, actor: str = "kiểm thử") -> None:
    with db.transaction(actor=actor, reason="Thêm đơn vị thử") as session:
        for i in range(start, start + n):
            name = f"Tổ dân phố số {i}"
            session.add(Unit(name=name, name_key=unique_key(name), kind="to_dan_pho"))


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def table_dump(db_or_path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: equal dumps mean the data is
    the same row for row (the file's bytes may differ after a WAL checkpoint)."""
    path = db_or_path if isinstance(db_or_path, Path) else db_or_path.path
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()
