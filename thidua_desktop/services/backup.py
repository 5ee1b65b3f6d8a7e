"""Backups and restore (sao lưu, phục hồi) for the SQLite database.

- Automatic copies go to ``backups/`` beside the database: at start-up when the
  newest is older than the setting ``backup.max_age_hours``, before every
  migration (``storage.migrate``), before every import (``db.checkpoint``) and
  before every restore. They are rotated: the newest ``backup.keep_last`` plus
  the newest of each month are kept; copies made by hand are never deleted.
- A copy can be written anywhere (a USB stick).
- Every copy is made with SQLite's online backup API, so it is consistent while
  the app runs, and is put in place only once complete (``storage.sqlite_copy``).
  The copy itself records when, why and from where it was made (an audit entry
  written into the copy, never into the live database).
- A restore first reads what the copy holds (:func:`inspect_backup`), refuses a
  file that is not ours, is damaged or comes from a newer version, takes a copy
  of the current data, then replaces the data in one transaction and upgrades
  it if it is older.

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

from sqlalchemy import select

from ..domain.roles import Action
from ..domain.text import fold, format_date, format_number
from ..errors import UserError, os_error_text
from ..logs import log_exception
from ..storage import atomic, audit
from ..storage.database import BUSY_TIMEOUT_MS, Database
from ..storage.migrate import SCHEMA_HEAD, alembic_config, upgrade
from ..storage.models import AuditEntry, now
from ..storage.sqlite_copy import copy_database, open_readonly, readonly_uri
from . import accounts, settings
from .progress import Progress, no_progress

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
        return self.kind != MANUAL


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
                  destination: Path | None = None, actor: str | None = None) -> Path:
    """Copy the live database; into the backup folder (rotated) unless a
    ``destination`` file or folder is given. Returns the copy's path."""
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
    note = {"kind": kind, "source": str(source), "file": destination.name,
            "app_schema": SCHEMA_HEAD}

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
                               changes={"kind": kind, "file": str(destination)})
    else:
        rotate(db)
    return destination


def _why(exc: BaseException) -> str:
    return os_error_text(exc)


def rotate(db: Database, keep_last: int | None = None) -> list[Path]:
    """Delete old automatic copies: keep the newest ``keep_last`` and the
    newest of each month; never a copy made by hand. Returns what was deleted."""
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
    removed = []
    for b in rotatable:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                pass
    _remove_stale_temporaries(backup_folder(db))
    return removed


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
    from . import excel

    excel.set_limits_provider(_limits_of(db))
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


def _limits_of(db: Database):
    ref, path = weakref.ref(db), db.path

    def provider() -> tuple[int, int]:
        live = ref()
        if live is None or path is None or not path.exists():
            raise LookupError("the database is closed")
        return file_limits(live)

    return provider


def file_limits(db: Database) -> tuple[int, int]:
    """(bytes, rows): the largest Excel file an import accepts, from the settings."""
    with db.read() as session:
        return (int(settings.get(session, "files.max_mb")) * 1024 * 1024,
                int(settings.get(session, "files.max_rows")))


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
        ]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "size": self.size, "schema_revision": self.schema_revision,
                "made_at": self.made_at.isoformat() if self.made_at else None, "made_by": self.made_by,
                "reason": self.reason,
                "last_change": self.last_change.isoformat() if self.last_change else None,
                "ward": self.ward, "years": self.years, "counts": self.counts,
                "needs_upgrade": self.needs_upgrade}


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).replace(microsecond=0)
    except ValueError:
        return None


def inspect_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """Read what a copy holds, refusing what cannot be restored (not ours,
    damaged, or from a newer version of the app). Nothing is written to it."""
    from alembic.script import ScriptDirectory

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
        try:
            (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({_why(exc)}).") from exc
        if verdict != "ok":
            raise UserError(f"Tệp “{name}” bị hỏng, không dùng để phục hồi được ({verdict}).")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not _APP_TABLES <= tables:
            raise UserError(f"Tệp “{name}” là một cơ sở dữ liệu SQLite nhưng không phải của chương trình "
                            "Thi đua – Khen thưởng; không phục hồi từ tệp này.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            raise UserError(f"Tệp “{name}” không có thông tin phiên bản dữ liệu; không phục hồi từ tệp này.")
        revision = row[0]
        script = ScriptDirectory.from_config(alembic_config())
        try:
            known = script.get_revision(revision)
        except Exception:
            known = None
        if known is None:
            raise UserError(
                f"Tệp “{name}” được tạo bởi một phiên bản mới hơn của chương trình (phiên bản dữ liệu "
                f"{revision}). Hãy cài phiên bản mới nhất rồi phục hồi; dữ liệu hiện tại không bị thay đổi.")
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t, _ in _COUNTED if t in tables}
        made = conn.execute("SELECT at, actor, reason FROM audit_entry WHERE entity='backup' "
                            "AND action='event' ORDER BY at DESC, id DESC LIMIT 1").fetchone()
        (last,) = conn.execute("SELECT max(at) FROM audit_entry WHERE entity <> 'backup'").fetchone()
        ward = conn.execute("SELECT full_name FROM ward LIMIT 1").fetchone() if "ward" in tables else None
        years = [r[0] for r in conn.execute("SELECT year FROM campaign ORDER BY year")]
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Tệp “{name}” bị hỏng hoặc không đọc được ({_why(exc)}).") from exc
    finally:
        conn.close()
    return BackupInfo(path=path, size=size, schema_revision=revision,
                      made_at=_parse_time(made[0]) if made else None,
                      made_by=made[1] if made else "", reason=made[2] if made else "",
                      last_change=_parse_time(last), ward=ward[0] if ward else "", years=years,
                      counts=counts, needs_upgrade=revision != SCHEMA_HEAD)


# --- restoring -------------------------------------------------------------------------


@dataclass
class RestoreReport:
    restored: BackupInfo
    safety_copy: Path  # the data as it was just before the restore

    def message(self) -> str:
        return (f"Đã phục hồi dữ liệu từ “{self.restored.path.name}”. "
                f"Dữ liệu trước khi phục hồi được giữ tại “{self.safety_copy}”.")


def inspect_for_restore(db: Database, source: str | os.PathLike[str]) -> BackupInfo:
    """:func:`inspect_backup`, refusing first the database's own file."""
    target = sqlite_file(db)
    if Path(source).expanduser().resolve() == target.resolve():
        raise UserError("Tệp được chọn chính là tệp dữ liệu đang dùng; hãy chọn một bản sao lưu.")
    return inspect_backup(source)


def restore(db: Database, source: str | os.PathLike[str], progress: Progress = no_progress) -> RestoreReport:
    """Replace the data with a backup's, after checking it and copying the current data.

    The caller must hold the database alone (the app's one-instance lock); open
    sessions are released here and the next one sees the restored data."""
    target = sqlite_file(db)
    accounts.require(db, Action.RESTORE)
    source = Path(source).expanduser()
    progress(0, 4, "Đang kiểm tra bản sao lưu…")
    info = inspect_for_restore(db, source)
    progress(1, 4, "Đang sao lưu dữ liệu hiện tại trước khi phục hồi…")
    safety = create_backup(db, kind="truoc-phuc-hoi", reason=f"Trước khi phục hồi từ {source.name}")
    progress(2, 4, "Đang phục hồi dữ liệu…")
    note = {"file": str(source), "made_at": info.made_at.isoformat() if info.made_at else None,
            "schema": info.schema_revision, "safety_copy": str(safety)}
    # The restore's own audit entry goes into a prepared copy of the backup, so the
    # data and the record of the restore replace the old data in one transaction.
    prepared = safety.with_name(f".{target.stem}-phuc-hoi-{os.getpid()}.tmp.db")
    db.dispose()
    try:
        source_conn = open_readonly(source)
        try:
            copy_database(source_conn, prepared, prepare=lambda copy: _stamp(
                copy, "restore", db.actor, f"Phục hồi từ {source}", note,
                f"Phục hồi từ bản sao lưu {source.name}"))
        finally:
            source_conn.close()
        _replace_contents(prepared, target)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"Không phục hồi được: {_why(exc)}. Dữ liệu hiện tại không bị thay đổi; "
                        "hãy đóng các cửa sổ chương trình khác đang mở dữ liệu này rồi thử lại.") from exc
    finally:
        try:
            prepared.unlink()
        except OSError:
            pass
    progress(3, 4, "Đang nâng cấp và kiểm tra dữ liệu đã phục hồi…")
    from . import audit_log

    audit_log.forget(db)  # the trail is the backup's now
    upgrade(db)
    progress(4, 4, "Xong")
    return RestoreReport(info, safety)


def _stamp(copy: sqlite3.Connection, entity: str, actor: str, label: str, changes: dict, reason: str) -> None:
    """An audit event written into a copy (never into the live database)."""
    copy.execute(
        "INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason) "
        "VALUES (?, ?, 'event', ?, NULL, ?, ?, ?)",
        (now().strftime("%Y-%m-%d %H:%M:%S.%f"), actor or "", entity, label,
         json.dumps(changes, ensure_ascii=False), reason))


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
        if verdict != "ok":  # pragma: no cover - the source passed the same check
            raise sqlite3.DatabaseError(f"dữ liệu sau khi phục hồi không toàn vẹn: {verdict}")
    finally:
        dst.close()
        src.close()
