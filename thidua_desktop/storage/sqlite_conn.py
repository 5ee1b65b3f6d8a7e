"""How the app's connections to a SQLite file are set, for SQLAlchemy's engine
and for the plain ``sqlite3`` connections of commands that start without it
(``thidua backup``): foreign keys on, WAL journal, ``synchronous=FULL`` (an
office loses power) and a busy timeout."""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def set_pragmas(connection: sqlite3.Connection) -> None:
    """Explicit transactions (``BEGIN`` sent by the caller) and the settings above."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection for writing, set as the app's engine sets its own."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    set_pragmas(connection)
    return connection
