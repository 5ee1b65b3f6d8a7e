"""Backups and restore (sao lưu, phục hồi) for the SQLite database.

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
- A restore first reads what the copy holds (:func:`inspect_backup`), refuses a
  file that is not ours, is damaged, was edited outside the app (its schema is
  not exactly its version's) or comes from a newer version; opens and upgrades
  a copy of it as the app would and checks it again; takes a copy of the
  current data, then replaces the data in one transaction, and puts the old
  data back if anything fails after that.

Databases on a server (PostgreSQL…) are backed up with the server's own tools;
the functions here say so plainly.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, func, select
from sqlalchemy.exc import SQLAlchemyError

from ...domain.roles import Action
from ...domain.text import fold, format_date, format_number
from ...errors import UserError, os_error_text
from ...logs import log_exception
from ...storage import atomic, audit, audit_chain, schema
from ...storage.database import BUSY_TIMEOUT_MS, Database, url_for
from ...storage.migrate import SCHEMA_HEAD, current_revision, is_known_revision, upgrade
from ...storage.models import AuditEntry, Base, now
from ...storage.sqlite_copy import copy_database, open_readonly, readonly_uri
from . import accounts
from .. import settings
from ..xlsx.limits import set_providers as set_excel_limits
from ..progress import Progress, no_progress

FOLDER = "backups"
SQLITE_HEADER = b"SQLite format 3\x00"

KIND_LABELS = {
    "tu-dong": "Tự động (khi mở chương trình)",
    "truoc-nhap": "Trước khi nhập dữ liệu",
    "truoc-thay-doi": "Trước một thay đổi lớn",
    "truoc-phuc-hoi": "Trước khi phục hồi",
    "truoc-nang-cap": "Trước khi nâng cấp phiên bản",
    "thu-cong": "Sao lưu thủ công",
}
MANUAL = "thu-cong"
# Never deleted by rotation: made by hand, or holding the data as it was before a
# restore or an upgrade (the only copy of it after a mistaken restore).
KEPT_FOR_GOOD = frozenset({MANUAL, "truoc-phuc-hoi", "truoc-nang-cap"})
KEPT_FOR_GOOD_TEXT = "giữ lâu dài, không bao giờ tự xóa"
_STAMP = re.compile(r"(\d{8}-\d{6})")
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_APP_TABLES = {"alembic_version", "unit", "person", "campaign", "audit_entry"}
_COUNTED = (("unit", "đơn vị"), ("person", "cá nhân"), ("result", "kết quả"),
            ("nomination", "đề nghị khen thưởng"), ("decision", "quyết định"), ("account", "tài khoản"))


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


# --- what a copy holds ----------------------------------------------------------------


@dataclass
class BackupInfo:
    path: Path
    size: int
    schema_revision: str
    made_at: dt.datetime | None  # when the copy was made (None: a plain copy of a database)
    made_by: str
    reason: str
    last_change: dt.datetime | None  # the newest change recorded in it
    ward: str
    years: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    needs_upgrade: bool = False
    trail: str = ""  # the audit trail: whole, or where it was edited outside the app

    def lines(self) -> list[str]:
        made = (f"{self.made_at:%H:%M} ngày {format_date(self.made_at.date())}" if self.made_at
                else "không ghi (tệp chép trực tiếp)")
        last = (f"{self.last_change:%H:%M} ngày {format_date(self.last_change.date())}"
                if self.last_change else "chưa có")
        lines = [
            f"Tệp: {self.path}",
            f"Dung lượng: {format_number(self.size / 1048576, 1)} MB",
            f"Thời điểm sao lưu: {made}" + (f" — {self.reason}" if self.reason and self.made_at else ""),
            f"Thay đổi cuối cùng trong dữ liệu: {last}",
            f"Phường: {self.ward or '—'}; kế hoạch các năm: "
            + (", ".join(str(y) for y in self.years) or "—"),
            f"Phiên bản dữ liệu: {self.schema_revision}"
            + (" (cũ hơn, sẽ được nâng cấp sau khi phục hồi)" if self.needs_upgrade else ""),
            "Gồm: " + ", ".join(f"{format_number(self.counts.get(t, 0))} {label}" for t, label in _COUNTED),
            f"Nhật ký thay đổi: {self.trail}",
        ]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "schema_revision": self.schema_revision,
                "made_at": self.made_at.isoformat() if self.made_at else None, "made_by": self.made_by,
                "reason": self.reason,
                "last_change": self.last_change.isoformat() if self.last_change else None,
                "ward": self.ward, "years": self.years, "counts": self.counts,
                "needs_upgrade": self.needs_upgrade, "trail": self.trail}


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).replace(microsecond=0)
    except ValueError:
        return None


def _refusal(name: str, why: str) -> UserError:
    return UserError(f"Tệp “{name}” {why}; không phục hồi từ tệp này. Dữ liệu hiện tại không bị thay đổi.")


def inspect_backup(path: str | os.PathLike[str], just_made: bool = False) -> BackupInfo:
    """Read what a copy holds, refusing what cannot be restored: not ours,
    damaged, edited outside the app (its schema differs from what its version
    should have: an extra trigger, view, table, column or index, or one missing),
    with broken links, or from a newer version of the app. Nothing is written to it.

    ``just_made``: a copy :func:`create_backup` has just written and checked;
    it is described without being proved again (the full proof, the audit
    trail's above all, costs ten times the copy on a large ward and is made
    when the copy is restored, and by ``thidua check`` on the data itself)."""
    path = Path(path).expanduser()
    name = path.name
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục; hãy chọn tệp sao lưu (.db).")
    size = path.stat().st_size
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != SQLITE_HEADER:
        raise UserError(f"Tệp “{name}” không phải là bản sao lưu của chương trình Thi đua – Khen thưởng.")
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:
        raise UserError(f"Không mở được tệp “{name}”: {_why(exc)}") from exc
    try:
        revision = _revision(conn) if just_made else _verify_file(conn, name)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t, _ in _COUNTED if t in tables}
        made = conn.execute("SELECT at, actor, reason FROM audit_entry WHERE entity='backup' "
                            "AND action='event' ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        (last,) = conn.execute("SELECT max(at) FROM audit_entry WHERE entity <> 'backup'").fetchone()
        ward = conn.execute("SELECT full_name FROM ward LIMIT 1").fetchone() if "ward" in tables else None
        years = [r[0] for r in conn.execute("SELECT year FROM campaign ORDER BY year")]
        trail = _trail_count(conn) if just_made else _trail_state(conn)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{name}” bị hỏng hoặc không đọc được ({_why(exc)}).") from exc
    finally:
        conn.close()
    return BackupInfo(path=path, size=size, schema_revision=revision,
                      made_at=_parse_time(made[0]) if made else None,
                      made_by=made[1] if made else "", reason=made[2] if made else "",
                      last_change=_parse_time(last), ward=ward[0] if ward else "", years=years,
                      counts=counts, needs_upgrade=revision != SCHEMA_HEAD, trail=trail)


def _verify_file(conn: sqlite3.Connection, name: str) -> str:
    """Prove the file is a whole database of ours; return its schema revision."""
    try:
        verdict = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({_why(exc)}).") from exc
    if verdict != ["ok"]:
        raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({verdict[0]}).")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not _APP_TABLES <= tables:
        raise UserError(f"Tệp “{name}” là một cơ sở dữ liệu SQLite nhưng không phải của chương trình "
                        "Thi đua – Khen thưởng; không phục hồi từ tệp này.")
    versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    if not versions:
        raise _refusal(name, "không có thông tin phiên bản dữ liệu")
    if len(versions) > 1:
        shown = ", ".join(str(v)[:30] for v in versions[:3]) + (", …" if len(versions) > 3 else "")
        raise _refusal(name, f"ghi {len(versions)} phiên bản dữ liệu cùng lúc ({shown}) "
                             "trong khi phải có đúng một, nên đã bị sửa ngoài chương trình")
    revision = versions[0]
    if not is_known_revision(revision):
        raise UserError(
            f"Tệp “{name}” được tạo bởi một phiên bản mới hơn của chương trình (phiên bản dữ liệu "
            f"{str(revision)[:30]}). Hãy cài phiên bản mới nhất rồi phục hồi; dữ liệu hiện tại không bị thay đổi.")
    _verify_structure(conn, name, revision)
    return revision


def _verify_structure(conn: sqlite3.Connection, name: str, revision: str) -> None:
    """The schema is exactly the one ``revision`` has, and every link between tables holds."""
    found = schema.differences(schema.schema_of_connection(conn), schema.expected_schema(revision))
    if found:
        shown = "; ".join(found[:3]) + (f"; và {len(found) - 3} điểm khác nữa" if len(found) > 3 else "")
        raise _refusal(name, f"không đúng cấu trúc dữ liệu của chương trình ({shown}); tệp đã bị sửa "
                             "ngoài chương trình hoặc không phải bản sao lưu thật")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        from .audit_log import entity_label

        table, rowid, parent, _key = broken[0]
        raise _refusal(name, f"có {format_number(len(broken))} liên kết hỏng giữa các bảng (ví dụ: "
                             f"{entity_label(table)} số {rowid} trỏ tới {entity_label(parent).lower()} "
                             "không còn tồn tại)")


def _revision(conn: sqlite3.Connection) -> str:
    (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return revision


def _trail_count(conn: sqlite3.Connection) -> str:
    (count,) = conn.execute("SELECT count(*) FROM audit_entry").fetchone()
    return f"{format_number(count)} mục (chuỗi mã kiểm tra được xác minh khi phục hồi)"


def _trail_state(conn: sqlite3.Connection) -> str:
    """The audit trail of a copy, in words: whole, or where it was edited outside the app."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_entry)")}
    if "entry_hash" not in columns:
        return "chưa có mã kiểm tra (bản sao lưu của phiên bản cũ)"
    verdict = audit_chain.verify(conn)
    if verdict.broken is None:
        return f"{format_number(verdict.entries)} mục, nguyên vẹn"
    from .audit_log import describe_broken_entry

    return describe_broken_entry(verdict.broken)


# --- restoring -------------------------------------------------------------------------


@dataclass
class RestoreReport:
    restored: BackupInfo
    safety_copy: Path  # the data as it was just before the restore

    def message(self) -> str:
        return (f"Đã phục hồi dữ liệu từ “{self.restored.path.name}”. "
                f"Dữ liệu trước khi phục hồi được giữ tại “{self.safety_copy}” ({KEPT_FOR_GOOD_TEXT}).")


def inspect_for_restore(db: Database, source: str | os.PathLike[str]) -> BackupInfo:
    """:func:`inspect_backup`, refusing first the database's own file."""
    target = sqlite_file(db)
    if Path(source).expanduser().resolve() == target.resolve():
        raise UserError("Tệp được chọn chính là tệp dữ liệu đang dùng; hãy chọn một bản sao lưu.")
    return inspect_backup(source)


def restore(db: Database, source: str | os.PathLike[str], progress: Progress = no_progress) -> RestoreReport:
    """Replace the data with a backup's, after proving the backup sound and copying the current data.

    The backup is checked (:func:`inspect_backup`), then copied and opened and
    upgraded as the app opens a database, and checked again, before anything of
    the live data is touched. If anything fails once the data is replaced, the
    data from before is put back and the user is told.
    The caller must hold the database alone (the app's one-instance lock); open
    sessions are released here and the next one sees the restored data."""
    target = sqlite_file(db)
    accounts.require(db, Action.RESTORE)
    source = Path(source).expanduser()
    progress(0, 5, "Đang kiểm tra bản sao lưu…")
    info = inspect_for_restore(db, source)
    folder = backup_folder(db)
    # The restore's own audit entry goes into a prepared copy of the backup, so the
    # data and the record of the restore replace the old data in one transaction.
    prepared = folder / f".{target.stem}-phuc-hoi-{os.getpid()}.tmp.db"
    undo = folder / f".{target.stem}-hoan-tac-{os.getpid()}.tmp.db"
    try:
        progress(1, 5, "Đang thử mở bản sao lưu như khi dùng thật…")
        _prepare(source, prepared)
        progress(2, 5, "Đang sao lưu dữ liệu hiện tại trước khi phục hồi…")
        safety = create_backup(db, kind="truoc-phuc-hoi", reason=f"Trước khi phục hồi từ {source.name}")
        note = {"file": str(source), "made_at": info.made_at.isoformat() if info.made_at else None,
                "schema": info.schema_revision, "safety_copy": str(safety)}
        _write_to(prepared, lambda copy: _stamp(copy, "restore", db.actor, f"Phục hồi từ {source}", note,
                                                f"Phục hồi từ bản sao lưu {source.name}"))
        _copy_file_database(target, undo)  # exactly the data as it is, to put back on failure
        progress(3, 5, "Đang phục hồi dữ liệu…")
        db.dispose()
        _swap(db, prepared, undo, safety)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"Không phục hồi được: {_why(exc)}. Dữ liệu hiện tại không bị thay đổi; "
                        "hãy đóng các cửa sổ chương trình khác đang mở dữ liệu này rồi thử lại.") from exc
    finally:
        for leftover in (prepared, undo):
            _remove_database_file(leftover)
    progress(5, 5, "Xong")
    return RestoreReport(info, safety)


def _prepare(source: Path, prepared: Path) -> None:
    """Copy the backup to ``prepared``, open and upgrade it as the app would, and check it again."""
    source_conn = open_readonly(source)
    try:
        copy_database(source_conn, prepared)
    finally:
        source_conn.close()
    trial = Database(url_for(prepared))
    try:
        upgrade(trial, keep_copy=False)
        _smoke_read(trial)
    except UserError as exc:
        raise _refusal(source.name, f"không mở được như dữ liệu của chương trình ({exc.message})") from exc
    except Exception as exc:  # whatever breaks the trial opening would break the app: refuse
        log_exception("backup", "trial opening of a backup", exc)
        reason = exc.orig if isinstance(exc, SQLAlchemyError) and getattr(exc, "orig", None) else exc
        raise _refusal(source.name, f"không mở được như dữ liệu của chương trình ({_why(reason)})") from exc
    finally:
        trial.dispose()

    def check(conn: sqlite3.Connection) -> None:
        _verify_structure(conn, source.name, SCHEMA_HEAD)
        _verify_values(conn, source.name)

    _write_to(prepared, check)


def _verify_values(conn: sqlite3.Connection, name: str) -> None:
    """Values the app could not read back: JSON that does not parse (the app would stop on it)."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, JSON):
                (bad,) = conn.execute(f'SELECT count(*) FROM "{table.name}" WHERE "{column.name}" IS NOT NULL '
                                      f'AND NOT json_valid("{column.name}")').fetchone()
                if bad:
                    from .audit_log import entity_label

                    raise _refusal(name, f"có {format_number(bad)} giá trị hỏng trong {entity_label(table.name).lower()}"
                                         f" (cột “{column.name}” không phải dữ liệu JSON hợp lệ)")


def _smoke_read(db: Database) -> None:
    """Read a row of every table through the app's own models (types, JSON, dates)."""
    with db.read() as session:
        for mapper in Base.registry.mappers:
            session.scalars(select(mapper.class_).limit(1)).all()


def _write_to(path: Path, work) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        work(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _copy_file_database(source: Path, destination: Path) -> None:
    live = sqlite3.connect(readonly_uri(source), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        copy_database(live, destination)
    finally:
        live.close()


def _remove_database_file(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            leftover.unlink()
        except OSError:
            pass


def _swap(db: Database, prepared: Path, undo: Path, safety: Path) -> None:
    """Put the prepared data in place and prove the app reads it; on any failure put ``undo`` back."""
    from . import audit_log

    target = sqlite_file(db)
    try:
        _replace_contents(prepared, target)
        audit_log.forget(db)  # the trail is the backup's now
        _check_restored(db)
    except Exception as exc:
        log_exception("backup", "restore failed after the swap; putting the data back", exc)
        db.dispose()
        audit_log.forget(db)
        try:
            _replace_contents(undo, target)
        except Exception as again:
            log_exception("backup", "putting the data back failed", again)
            raise UserError(
                f"Phục hồi không thành công ({_why(exc)}) và chưa tự đặt lại được dữ liệu cũ ({_why(again)}). "
                f"Dữ liệu cũ vẫn nguyên trong bản sao “{safety}”: hãy đóng mọi cửa sổ chương trình rồi "
                "phục hồi từ bản sao đó.") from exc
        raise UserError(f"Phục hồi không thành công ({_why(exc)}). Dữ liệu trước khi phục hồi đã được tự "
                        f"động đặt lại như cũ, không mất gì; bản sao của nó vẫn ở “{safety}”.") from exc


def _check_restored(db: Database) -> None:
    """The live database, just replaced: the version, the schema, the links, and the app reads it."""
    db.dispose()
    revision = current_revision(db)
    if revision != SCHEMA_HEAD:
        raise sqlite3.DatabaseError(f"phiên bản dữ liệu sau khi phục hồi là {revision}, cần {SCHEMA_HEAD}")
    conn = open_readonly(sqlite_file(db))
    try:
        (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"dữ liệu sau khi phục hồi không toàn vẹn: {verdict}")
        _verify_structure(conn, sqlite_file(db).name, SCHEMA_HEAD)
    finally:
        conn.close()
    _smoke_read(db)


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


def _replace_contents(source: Path, target: Path) -> None:
    """Overwrite the database in ``target`` with ``source`` as one transaction:
    a crash in the middle leaves the old data (SQLite's journal rolls it back)."""
    src = open_readonly(source)
    dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        # In rollback-journal mode the copy may change the page size; WAL cannot.
        try:
            dst.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.OperationalError:
            pass  # another connection is open: copy in WAL mode (same page size)
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        (verdict,) = dst.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"dữ liệu sau khi phục hồi không toàn vẹn: {verdict}")
    finally:
        dst.close()
        src.close()
