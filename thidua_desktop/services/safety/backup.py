"""Backups (sao lưu) of the SQLite database: making, listing and rotating copies.

- Automatic copies go to ``backups/`` beside the database: at start-up when the
  newest is older than the setting ``backup.max_age_hours``, before every
  migration (``storage.migrate``), before every import (``db.checkpoint``) and
  before every restore. They are rotated: the newest ``backup.keep_last`` plus
  the newest of each month are kept; copies made by hand, before a restore and
  before a migration are never deleted, nor the newest copy of data that the
  current database does not continue (told by the audit chain's head).
- A copy can be written anywhere (a USB stick).
- Every copy is made with SQLite's online backup API, so it is consistent while
  the app runs, and is put in place only once complete (``storage.sqlite_copy``).
  The copy itself records when, why and from where it was made (an audit entry
  written into the copy, never into the live database).
- Reading what a copy holds and putting one back: ``restore``.

Databases on a server (PostgreSQL…) are backed up with the server's own tools;
the functions here say so plainly.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ...domain.backups import KIND_LABELS  # noqa: F401 - read as backup.KIND_LABELS
from ...domain.roles import Action
from ...domain.text import fold
from ...errors import UserError
from ...logs import log_exception
from ...storage import atomic, audit, audit_chain
from ...storage.database import Database
from ...storage.models import AuditEntry, now
from . import accounts
# The names of copies, their kinds and how they are kept are read as ``backup.X`` by pages and commands.
from .backup_files import (KEPT_FOR_GOOD_TEXT, MANUAL, BackupFile, _STAMP, _STAMP_FORMAT,  # noqa: F401
                           folder_of, list_copies, make_copy, recorded_head, retention_summary, rotate_copies)
from .. import settings
from ..xlsx.limits import set_providers as set_excel_limits

# --- where, and what is there ----------------------------------------------------


def sqlite_file(db: Database) -> Path:
    """The database file, or a plain refusal for a database on a server."""
    path = db.path
    if path is None:
        backend = db.url.get_backend_name()
        raise UserError(
            f"Cơ sở dữ liệu đang dùng nằm trên máy chủ ({backend}), không phải một tệp. "
            "Hãy sao lưu và phục hồi bằng công cụ của máy chủ cơ sở dữ liệu "
            "(với PostgreSQL: pg_dump và pg_restore).")
    return path


def backup_folder(db: Database) -> Path:
    return folder_of(sqlite_file(db))


def list_backups(db: Database) -> list[BackupFile]:
    """Copies of this database in its backup folder, newest first."""
    return list_copies(sqlite_file(db))


def last_backup_time(db: Database) -> dt.datetime | None:
    """When the newest copy was made: in the backup folder, or by hand elsewhere
    (those are recorded in the audit trail)."""
    if db.path is None:
        return None
    times = [b.made_at for b in list_backups(db)[:1]]
    with db.read() as session:
        elsewhere = session.scalar(select(AuditEntry.at).where(
            AuditEntry.entity == "backup", AuditEntry.action == "event").order_by(AuditEntry.at.desc()).limit(1))
    if elsewhere is not None:
        times.append(elsewhere)
    return max(times) if times else None


def describe_age(made_at: dt.datetime | None, at: dt.datetime | None = None) -> str:
    """“3 giờ trước”, “hôm qua”, “chưa có”: the age of a backup for the status bar."""
    if made_at is None:
        return "chưa có bản sao lưu"
    seconds = max(0, ((at or now()) - made_at).total_seconds())
    if seconds < 90:
        return "vừa xong"
    if seconds < 3600:
        return f"{int(seconds // 60)} phút trước"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} giờ trước"
    return f"{int(seconds // 86400)} ngày trước"


# --- making copies ------------------------------------------------------------------


def _kind_for(reason: str) -> str:
    words = fold(reason)
    if "phuc hoi" in words:
        return "truoc-phuc-hoi"
    if "nhap" in words:
        return "truoc-nhap"
    return "truoc-thay-doi"


def create_backup(db: Database, kind: str = MANUAL, reason: str = "",
                  destination: Path | None = None, actor: str | None = None, overwrite: bool = False) -> Path:
    """Copy the live database; into the backup folder (rotated) unless a
    ``destination`` file or folder is given. Returns the copy's path.

    An existing ``destination`` file is never replaced unless it is a backup of
    this database and ``overwrite`` is given; a backup of this database is kept
    and the new copy takes a free name beside it; any other file is refused."""
    live = source_of(db)
    if kind == MANUAL:  # automatic copies protect everyone's work, whoever acts
        accounts.require(db, Action.BACKUP)
    return make_copy(live, kind, reason, destination, actor, overwrite)


class _DatabaseSource:
    """The app's ``Database`` as the live side of a copy (``backup_files.Source``)."""

    def __init__(self, db: Database):
        self.db = db
        self.path = sqlite_file(db)

    @property
    def actor(self) -> str:
        return self.db.actor

    def chain_head(self) -> str:
        with self.db.read() as session:
            return audit_chain.newest(session.connection())

    def chain_hashes(self) -> set[str]:
        return _live_hashes(self.db)

    def keep_last(self) -> int:
        with self.db.read() as session:
            return int(settings.get(session, "backup.keep_last"))

    def record_copy_elsewhere(self, actor: str, reason: str, label: str, changes: dict[str, Any]) -> None:
        with self.db.transaction(actor=actor, reason=reason, shared=True) as session:
            audit.record_event(session, "backup", label, changes=changes)


def source_of(db: Database) -> _DatabaseSource:
    """The live side of a copy of ``db``; a plain refusal for a database on a server."""
    return _DatabaseSource(db)


def copies_the_trail_lost(db: Database) -> list[BackupFile]:
    """Copies in the backup folder, made since the last restore, whose recorded chain
    head is no longer in the trail: entries were removed or the chain rewritten after
    they were made (or the file was replaced by an older one outside the app)."""
    if db.path is None:
        return []
    with db.read() as session:
        last_restore = session.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.entity == "restore"))
    live: set[str] | None = None
    lost = []
    for b in list_backups(db):
        if last_restore is not None and b.made_at <= last_restore:
            continue  # a restore legitimately starts the trail again from another point
        try:
            head, _source = recorded_head(b.path)
        except (OSError, sqlite3.Error):
            continue
        if not head:
            continue
        if live is None:
            live = _live_hashes(db)
        if head not in live:
            lost.append(b)
    return lost


def _live_hashes(db: Database) -> set[str]:
    with db.read() as session:
        return {h for (h,) in session.connection().exec_driver_sql(
            "SELECT entry_hash FROM audit_entry WHERE entry_hash IS NOT NULL")}


def rotate(db: Database, keep_last: int | None = None) -> list[Path]:
    """Delete old automatic copies: keep the newest ``keep_last``, the newest of
    each month and the newest copy of any data this database does not continue
    (see ``backup_files._other_data``); never a copy of a kind in ``KEPT_FOR_GOOD``.
    Returns what was deleted."""
    return rotate_copies(source_of(db), keep_last)


def backup_due(db: Database) -> bool:
    if db.path is None:
        return False
    with db.read() as session:
        hours = int(settings.get(session, "backup.max_age_hours"))
    newest = list_backups(db)[:1]
    return not newest or now() - newest[0].made_at >= dt.timedelta(hours=hours)


def checkpoint_hook(db: Database, reason: str) -> None:
    """Registered in ``db.checkpoint_hooks``: a copy before a risky change.
    If the copy cannot be made, the change does not go ahead."""
    if db.path is None:
        return
    create_backup(db, kind=_kind_for(reason), reason=reason, actor=db.actor)


def attach(opened) -> None:
    """Called by ``services.app.open_app``: copies before risky changes from
    now on, and the start-up copy when the newest is too old (not for a
    database created just now, nor for a read-only opening)."""
    db = opened.db
    if db.path is None:
        return
    db.checkpoint_hooks.append(checkpoint_hook)
    set_excel_limits(_limits_of(db), _limits_of(db, grid_limits))
    if opened.lock is None:
        return
    for folder in (db.path.parent, backup_folder(db)):  # copies cut short by a kill or a power cut
        atomic.remove_stale(folder)
    if opened.migration.before is None:
        return
    try:
        if backup_due(db):
            create_backup(db, kind="tu-dong", reason="Sao lưu tự động khi mở chương trình",
                          actor="hệ thống")
    except UserError as exc:
        opened.notes.append(f"Chưa sao lưu tự động được: {exc.message}")
    except Exception as exc:  # never keep the clerk out because of a backup
        where = log_exception("backup", "start-up backup", exc)
        opened.notes.append(f"Chưa sao lưu tự động được; chi tiết trong {where}")


def _limits_of(db: Database, read=None):
    ref, path = weakref.ref(db), db.path

    def provider() -> tuple[int, int]:
        live = ref()
        if live is None or path is None or not path.exists():
            raise LookupError("the database is closed")
        return (read or file_limits)(live)

    return provider


def file_limits(db: Database) -> tuple[int, int]:
    """(bytes, rows): the largest Excel file an import accepts, from the settings."""
    with db.read() as session:
        return (int(settings.get(session, "files.max_mb")) * 1024 * 1024,
                int(settings.get(session, "files.max_rows")))


def grid_limits(db: Database) -> tuple[int, int]:
    """(columns, cells): the widest and the largest sheet an import reads, from the settings."""
    with db.read() as session:
        return int(settings.get(session, "files.max_columns")), int(settings.get(session, "files.max_cells"))
