"""Reading a backup and restoring it (phục hồi).

A restore first reads what the copy holds (:func:`inspect_backup`), refuses a
file that is not ours, is damaged, was edited outside the app (its schema is
not exactly its version's) or comes from a newer version; opens and upgrades
a copy of it as the app would and checks it again; takes a copy of the
current data, then replaces the data in one transaction, and puts the old
data back if anything fails after that. Making the copies: ``backup``.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.exc import SQLAlchemyError

from ...domain.roles import Action
from ...domain.text import format_date, format_number
from ...errors import UserError
from ...logs import log_exception
from ...storage import audit_chain, schema
from ...storage.database import BUSY_TIMEOUT_MS, Database, url_for
from ...storage.migrate import SCHEMA_HEAD, current_revision, is_known_revision, upgrade
from ...storage.models import Base
from ...storage.sqlite_copy import copy_database, open_readonly, readonly_uri
from . import accounts
from ..progress import Progress, no_progress
from .backup import KEPT_FOR_GOOD_TEXT, SQLITE_HEADER, _stamp, _why, backup_folder, create_backup, sqlite_file

_APP_TABLES = {"alembic_version", "unit", "person", "campaign", "audit_entry"}
_COUNTED = (("unit", "đơn vị"), ("person", "cá nhân"), ("result", "kết quả"),
            ("nomination", "đề nghị khen thưởng"), ("decision", "quyết định"), ("account", "tài khoản"))


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
