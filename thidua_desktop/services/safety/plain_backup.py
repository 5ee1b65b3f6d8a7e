"""``thidua backup`` on a SQLite file through plain ``sqlite3``, without SQLAlchemy.

The command's work is one SQLite backup; importing SQLAlchemy and building the
models would cost it five times that (issue 15). So for a file the app could
open as it is — a database of this version of the app, with its plan and award
catalogue, on a writable disk — the copy is made here, by the same code as the
window's (``backup_files.make_copy``: same name, audit entry, chain head,
checks and rotation). Anything else (a server URL, a file to upgrade or to
fill, read-only media) gets ``None`` from :func:`source_for` and goes the app's
way (``services.app.open_app``), which does what opening it needs.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from ...domain.backups import KEEP_LAST_DEFAULT
from ...storage import audit_chain
from ...storage.migrate import SCHEMA_HEAD
from ...storage.sqlite_conn import BUSY_TIMEOUT_MS, connect
from ...storage.sqlite_copy import readonly_uri
from ..database_file import check_exists, check_sqlite_file, chosen_target, writable


class PlainSource:
    """A SQLite file of the app as the live side of a copy (``backup_files.Source``)."""

    def __init__(self, path: Path, actor: str):
        self.path = path
        self.actor = actor

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The live file opened read-only, as the copy itself reads it."""
        conn = sqlite3.connect(readonly_uri(self.path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            yield conn
        finally:
            conn.close()

    def rows(self, sql: str, *params: Any) -> list[tuple]:
        with self.reading() as conn:
            return conn.execute(sql, params).fetchall()

    def chain_head(self) -> str:
        with self.reading() as conn:
            return audit_chain.newest_sqlite(conn)

    def chain_hashes(self) -> set[str]:
        return {h for (h,) in self.rows("SELECT entry_hash FROM audit_entry WHERE entry_hash IS NOT NULL")}

    def setting(self, key: str, default: Any = None) -> Any:
        """``services.settings.get`` read from the file: the ward's value (the JSON
        column's text), else ``default`` if given, else the declared default."""
        found = self.rows("SELECT value FROM setting WHERE key = ?", key)
        if found:
            return None if found[0][0] is None else json.loads(found[0][0])
        if default is not None:
            return default
        from ...domain import settings as declared  # it imports every module declaring one: only when needed

        return declared.spec(key).default

    def keep_last(self) -> int:
        return int(self.setting("backup.keep_last", KEEP_LAST_DEFAULT))

    def record_copy_elsewhere(self, actor: str, reason: str, label: str, changes: dict[str, Any]) -> None:
        conn = connect(self.path)
        try:
            conn.execute("BEGIN IMMEDIATE")  # the chain's head read next cannot move before the insert
            audit_chain.record_event_sqlite(conn, "backup", actor, label, changes, reason)
            conn.execute("COMMIT")
        finally:
            conn.close()  # without COMMIT: rolled back


def source_for(target: str | os.PathLike[str] | None, actor: str) -> PlainSource | None:
    """The file ``target`` (as ``--db`` names it) for a plain copy, or None when
    opening it needs the app (see the module's text). Refuses, as the app does,
    what is not a database of the app or does not exist."""
    chosen = chosen_target(target)
    if "://" in chosen:
        return None
    path = Path(chosen).expanduser().resolve()
    check_sqlite_file(path)
    check_exists(path)
    if not writable(path):
        return None
    source = PlainSource(path, actor)
    try:
        if source.rows("SELECT version_num FROM alembic_version") != [(SCHEMA_HEAD,)]:
            return None
        if not (source.rows("SELECT 1 FROM campaign LIMIT 1") and source.rows("SELECT 1 FROM award_title LIMIT 1")):
            return None  # the app installs the shipped plan and catalogue first
    except sqlite3.Error:
        return None  # the app's opening says what is wrong with it
    return source
