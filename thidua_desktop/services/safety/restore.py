"""Reading a backup and restoring it (phục hồi).

A restore first reads what the copy holds (:func:`inspect_backup`), refuses a
file that is not ours, is damaged, was edited outside the app (its schema is
not exactly its version's) or comes from a newer version; opens and upgrades
a copy of it as the app would and checks it again; takes a copy of the
current data, then replaces the data in one transaction, and puts the old
data back if anything fails after that. Making the copies: ``backup``.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import JSON, select
from sqlalchemy.exc import SQLAlchemyError

from ...domain.roles import Action
from ...domain.text import format_number
from ...errors import UserError
from ...logs import log_exception
from ...storage.database import BUSY_TIMEOUT_MS, Database, url_for
from ...storage.migrate import SCHEMA_HEAD, current_revision, upgrade
from ...storage.models import Base
from ...storage.sqlite_copy import copy_database, open_readonly, readonly_uri
from . import accounts
from ..progress import Progress, no_progress
from .backup import KEPT_FOR_GOOD_TEXT, backup_folder, create_backup, sqlite_file
from .backup_files import stamp as _stamp, why as _why
# What a copy holds: read by ``restore.inspect_backup`` in pages and commands.
from .backup_info import BackupInfo, inspect_backup, refusal, verify_structure  # noqa: F401

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
        raise refusal(source.name, f"không mở được như dữ liệu của chương trình ({exc.message})") from exc
    except Exception as exc:  # whatever breaks the trial opening would break the app: refuse
        log_exception("backup", "trial opening of a backup", exc)
        reason = exc.orig if isinstance(exc, SQLAlchemyError) and getattr(exc, "orig", None) else exc
        raise refusal(source.name, f"không mở được như dữ liệu của chương trình ({_why(reason)})") from exc
    finally:
        trial.dispose()

    def check(conn: sqlite3.Connection) -> None:
        verify_structure(conn, source.name, SCHEMA_HEAD)
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

                    raise refusal(name, f"có {format_number(bad)} giá trị hỏng trong {entity_label(table.name).lower()}"
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
        verify_structure(conn, sqlite_file(db).name, SCHEMA_HEAD)
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
