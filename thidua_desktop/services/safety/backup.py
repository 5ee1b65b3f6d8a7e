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
import json
import re
import sqlite3
import weakref
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from ...domain.backups import KIND_LABELS
from ...domain.roles import Action
from ...domain.text import fold
from ...errors import UserError, os_error_text
from ...logs import log_exception
from ...storage import atomic, audit, audit_chain
from ...storage.database import BUSY_TIMEOUT_MS, Database
from ...storage.migrate import SCHEMA_HEAD
from ...storage.models import AuditEntry, now
from ...storage.sqlite_copy import copy_database, open_readonly, readonly_uri
from . import accounts
from .. import settings
from ..xlsx.limits import set_providers as set_excel_limits

FOLDER = "backups"
SQLITE_HEADER = b"SQLite format 3\x00"

MANUAL = "thu-cong"
# Never deleted by rotation: made by hand, or holding the data as it was before a
# restore or an upgrade (the only copy of it after a mistaken restore).
KEPT_FOR_GOOD = frozenset({MANUAL, "truoc-phuc-hoi", "truoc-nang-cap"})
KEPT_FOR_GOOD_TEXT = "giữ lâu dài, không bao giờ tự xóa"
_STAMP = re.compile(r"(\d{8}-\d{6})")
_STAMP_FORMAT = "%Y%m%d-%H%M%S"


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
    return sqlite_file(db).parent / FOLDER


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: dt.datetime
    kind: str
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def rotatable(self) -> bool:
        return self.kind not in KEPT_FOR_GOOD

    def retention(self, keep_last: int) -> str:
        """How long the copy is kept, in words (the backup tab and ``backup --list``)."""
        if not self.rotatable:
            return KEPT_FOR_GOOD_TEXT
        return f"tự xóa khi đã có {keep_last} bản tự động mới hơn (trừ bản mới nhất mỗi tháng)"


def retention_summary(keep_last: int) -> str:
    return (f"Bản sao lưu tự động: giữ {keep_last} bản gần nhất và bản mới nhất của mỗi tháng. "
            f"Bản sao lưu thủ công, bản trước khi phục hồi và bản trước khi nâng cấp: {KEPT_FOR_GOOD_TEXT}. "
            "Bản mới nhất của một dữ liệu khác hẳn dữ liệu hiện tại (ví dụ dữ liệu trước một lần phục hồi "
            "nhầm) cũng không bị tự xóa.")


def _parse_name(path: Path, stem: str) -> BackupFile | None:
    name = path.name
    if not (name.startswith(stem + "-") and name.endswith(".db")):
        return None
    rest = name[len(stem) + 1:-3]
    match = _STAMP.search(rest)
    if match is None:
        return None
    try:
        made_at = dt.datetime.strptime(match.group(1), _STAMP_FORMAT)
    except ValueError:
        return None
    kind = next((k for k in KIND_LABELS if k in rest), "")
    if not kind:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupFile(path, made_at, kind, size)


def list_backups(db: Database) -> list[BackupFile]:
    """Copies of this database in its backup folder, newest first."""
    folder = backup_folder(db)
    if not folder.is_dir():
        return []
    stem = sqlite_file(db).stem
    found = [b for p in folder.iterdir() if p.is_file() and (b := _parse_name(p, stem))]
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


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


def _free_name(folder: Path, stem: str, kind: str, at: dt.datetime) -> Path:
    base = f"{stem}-{at.strftime(_STAMP_FORMAT)}-{kind}"
    candidate = folder / f"{base}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}.db"
        n += 1
    return candidate


def create_backup(db: Database, kind: str = MANUAL, reason: str = "",
                  destination: Path | None = None, actor: str | None = None, overwrite: bool = False) -> Path:
    """Copy the live database; into the backup folder (rotated) unless a
    ``destination`` file or folder is given. Returns the copy's path.

    An existing ``destination`` file is never replaced unless it is a backup of
    this database and ``overwrite`` is given; a backup of this database is kept
    and the new copy takes a free name beside it; any other file is refused."""
    source = sqlite_file(db)
    if kind == MANUAL:  # automatic copies protect everyone's work, whoever acts
        accounts.require(db, Action.BACKUP)
    at = now()
    actor = db.actor if actor is None else actor
    elsewhere = destination is not None
    if destination is None:
        destination = _free_name(backup_folder(db), source.stem, kind, at)
    else:
        destination = Path(destination).expanduser()
        if destination.is_dir():
            destination = _free_name(destination, source.stem, kind, at)
        elif destination.suffix.lower() != ".db":
            destination = destination.with_name(destination.name + ".db")
        if destination.resolve() == source.resolve():
            raise UserError("Không thể sao lưu đè lên chính tệp dữ liệu đang dùng; hãy chọn tên hoặc nơi khác.")
        destination = _existing_destination(db, destination, overwrite)
    with db.read() as session:
        head = audit_chain.newest(session.connection())
    note = {"kind": kind, "source": str(source), "file": destination.name,
            "app_schema": SCHEMA_HEAD, "chain_head": head}

    def stamp(copy: sqlite3.Connection) -> None:
        _stamp(copy, "backup", actor, f"Bản sao lưu {destination.name}", note, reason or KIND_LABELS.get(kind, ""))

    try:
        live = sqlite3.connect(readonly_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy_database(live, destination, prepare=stamp)
        finally:
            live.close()
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"Không sao lưu được vào “{destination}”: {_why(exc)}") from exc
    if elsewhere:
        with db.transaction(actor=actor, reason=reason or "Sao lưu ra tệp", shared=True) as session:
            audit.record_event(session, "backup", f"Sao lưu ra tệp {destination}",
                               changes={"kind": kind, "file": str(destination), "chain_head": head})
    else:
        rotate(db)
    return destination


def _existing_destination(db: Database, destination: Path, overwrite: bool) -> Path:
    """Where a copy asked for at an existing ``destination`` goes (see :func:`create_backup`)."""
    if not destination.exists():
        return destination
    if destination.is_dir() or not _is_backup_of(db, destination):
        raise UserError(f"Đã có tệp “{destination}” và đó không phải là bản sao lưu của dữ liệu này; "
                        "chương trình không ghi đè lên nó. Hãy chọn tên khác hoặc nơi khác.")
    if overwrite:
        return destination
    stem, n = destination.stem, 2
    candidate = destination.with_name(f"{stem}-{n}.db")
    while candidate.exists():
        n += 1
        candidate = destination.with_name(f"{stem}-{n}.db")
    return candidate


def _is_backup_of(db: Database, path: Path) -> bool:
    """A copy of this database: its chain's head is in ours (it is an earlier state of
    this data), or it says it was copied from this very file."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return False
        head, source = _recorded_head(path)
    except (OSError, sqlite3.Error):
        return False
    if source is not None and source == str(sqlite_file(db)):
        return True
    return bool(head) and head in _live_hashes(db)


def _recorded_head(path: Path) -> tuple[str | None, str | None]:
    """(the chain head the copy was taken at, the file it was copied from); None where unknown.

    A copy made by the app records both in its last entry; any other copy's head is its newest entry."""
    conn = open_readonly(path)
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_entry)")}
        if "entry_hash" not in columns:
            return None, None
        row = conn.execute("SELECT action, entity, changes, entry_hash FROM audit_entry "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        return audit_chain.GENESIS, None
    action, entity, changes, entry_hash = row
    if action == "event" and entity in ("backup", "restore"):
        try:
            note = json.loads(changes or "{}")
        except ValueError:
            note = {}
        if isinstance(note, dict) and "chain_head" in note:
            return note.get("chain_head"), note.get("source")
    return entry_hash, None


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
            head, _source = _recorded_head(b.path)
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


def _why(exc: BaseException) -> str:
    return os_error_text(exc)


def rotate(db: Database, keep_last: int | None = None) -> list[Path]:
    """Delete old automatic copies: keep the newest ``keep_last``, the newest of
    each month and the newest copy of any data this database does not continue
    (see :func:`_other_data`); never a copy of a kind in ``KEPT_FOR_GOOD``.
    Returns what was deleted."""
    if keep_last is None:
        with db.read() as session:
            keep_last = int(settings.get(session, "backup.keep_last"))
    rotatable = [b for b in list_backups(db) if b.rotatable]
    keep = {b.path for b in rotatable[:keep_last]}
    months: set[tuple[int, int]] = set()
    for b in rotatable:  # newest first: the first seen of a month is its newest
        month = (b.made_at.year, b.made_at.month)
        if month not in months:
            months.add(month)
            keep.add(b.path)
    doomed = [b for b in rotatable if b.path not in keep]
    if doomed:
        keep |= _other_data(db, doomed)
    removed = []
    for b in doomed:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    _remove_stale_temporaries(backup_folder(db))
    return removed


def _other_data(db: Database, copies: list[BackupFile]) -> set[Path]:
    """Among ``copies`` (newest first), the newest copy of each state of the data
    that the current database does not continue: its chain head is not in the
    current chain (say the real data, after a mistaken restore of an old file)
    nor in the chain of a newer copy kept for the same reason."""
    live = _live_hashes(db)
    kept: set[Path] = set()
    covered: set[str] = set()
    for b in copies:
        try:
            head, _source = _recorded_head(b.path)
        except (OSError, sqlite3.Error):
            kept.add(b.path)  # unreadable here and now: not the moment to delete it
            continue
        if not head or head in live or head in covered:
            continue
        kept.add(b.path)
        covered |= _chain_of(b.path)
    return kept


def _chain_of(path: Path) -> set[str]:
    conn = open_readonly(path)
    try:
        return {h for (h,) in conn.execute("SELECT entry_hash FROM audit_entry WHERE entry_hash IS NOT NULL")}
    finally:
        conn.close()


def _remove_stale_temporaries(folder: Path) -> None:
    """Half copies left by a power cut (their names start with a dot)."""
    if not folder.is_dir():
        return
    limit = dt.datetime.now().timestamp() - 3600
    for path in folder.glob(".*.tmp*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


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


def _stamp(copy: sqlite3.Connection, entity: str, actor: str, label: str, changes: dict, reason: str) -> None:
    """An audit event written into a copy (never into the live database), chained
    onto the copy's trail; it records the head of the chain it was taken at."""
    head = audit_chain.newest_sqlite(copy)
    row = {"at": now(), "actor": actor or "", "action": "event", "entity": entity, "entity_id": None,
           "label": label, "changes": {**changes, "chain_head": head}, "reason": reason}
    audit_chain.link([row], head)
    copy.execute(
        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason, entry_hash) "
        "VALUES (?, ?, 'event', ?, NULL, ?, ?, ?, ?)",
        (row["at"].strftime("%Y-%m-%d %H:%M:%S.%f"), row["actor"], entity, label,
         json.dumps(row["changes"]), reason, row["entry_hash"]))  # as the JSON column stores it
