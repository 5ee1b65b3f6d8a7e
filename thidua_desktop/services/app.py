"""Opening the app's database: the same steps for the GUI and the command line.

1. choose the database (``--db``, else ``THIDUA_DB``, else the per-user file);
2. take the one-instance lock (SQLite files);
3. migrate to this version's schema, with a copy kept first;
4. install the shipped plan into an empty database.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field

from sqlalchemy import URL
from sqlalchemy.exc import SQLAlchemyError

from ..errors import UserError, os_error_text
from ..storage.database import Database, readonly_engine, sqlite_path, sqlite_trouble, url_for
from ..storage.lock import InstanceLock
from ..storage.migrate import SCHEMA_HEAD, MigrationReport, current_revision, upgrade
from .awards import catalogue as awards
from .database_file import check_exists, check_sqlite_file, chosen_target, writable
from .safety import backup
from . import plan
from . import years  # noqa: F401  (registers the guard that keeps a closed year read-only)
from .safety import audit_log  # noqa: F401  (names a refused concurrent save in the audit trail's words)

def resolve_target(target: str | os.PathLike[str] | None = None) -> URL:
    return url_for(chosen_target(target))


@dataclass
class OpenedApp:
    db: Database
    migration: MigrationReport
    lock: InstanceLock | None = None
    seeded: bool = False
    read_only: bool = False  # on read-only media: for viewing and printing
    notes: list[str] = field(default_factory=list)

    def hold_lock(self) -> None:
        """Take the one-instance lock now: this opening, made for reading, is
        about to write (refused while a window of the app has the database)."""
        if self.read_only:
            raise UserError(read_only_text(self.db))
        if self.lock is None and self.db.path is not None:
            self.lock = InstanceLock(self.db.path).acquire()

    def close(self) -> None:
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_app(target: str | os.PathLike[str] | None = None, *, lock: bool = True,
             seed: bool = True, actor: str = "", create: bool = True) -> OpenedApp:
    """Open the database (``create``: making it if there is none); raise
    UserError with the reason if it can't be used. Opened without ``lock``,
    the lock is taken at the first write."""
    url = resolve_target(target)
    path = sqlite_path(url)
    read_only = path is not None and path.is_file() and path.stat().st_size > 0 and not writable(path)
    db = Database(url, engine=readonly_engine(path) if read_only else None)
    db.actor = actor
    instance_lock = None
    try:
        if path is not None:
            check_sqlite_file(path)
            if not create:
                check_exists(path)
            if read_only:
                return _open_read_only(db)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"Không tạo được thư mục dữ liệu “{path.parent}”: {os_error_text(exc)}") from None
            if lock:
                instance_lock = InstanceLock(path).acquire()
        report = upgrade(db)
        opened = OpenedApp(db=db, migration=report, lock=instance_lock)
        if report.backup is not None:
            opened.notes.append(f"Đã nâng cấp dữ liệu; bản sao trước khi nâng cấp: {report.backup}")
        if seed:
            with db.transaction(actor="hệ thống", reason="Nạp kế hoạch mặc định lần đầu") as session:
                opened.seeded = plan.ensure_seeded(session) is not None
                awards.ensure_catalogue(session)  # the award titles, first start only
        backup.attach(opened)  # copies before risky changes; the start-up copy when due
        if instance_lock is None:
            db.before_write = opened.hold_lock
        return opened
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        db.dispose()
        if instance_lock is not None:
            instance_lock.release()
        raise UserError(f"Không mở được cơ sở dữ liệu “{db.display_name}”: {_reason(exc)}") from exc
    except BaseException:
        db.dispose()
        if instance_lock is not None:
            instance_lock.release()
        raise


def read_only_text(db: Database) -> str:
    return (f"Cơ sở dữ liệu “{db.display_name}” ở trên ổ đĩa hoặc thư mục chỉ cho đọc (USB khóa ghi, đĩa CD, "
            "thư mục dùng chung chỉ đọc): chỉ xem và in được, không sửa được. Muốn sửa, hãy chép tệp dữ liệu "
            "sang một thư mục ghi được (ví dụ Tài liệu) rồi mở tệp đã chép.")


def _open_read_only(db: Database) -> OpenedApp:
    """Open a database that cannot be written: no lock, no migration, no seeding;
    every write is refused with the reason and what to do."""
    revision = current_revision(db)
    if revision != SCHEMA_HEAD:
        raise UserError(f"Cơ sở dữ liệu “{db.display_name}” cần được nâng cấp lên phiên bản dữ liệu mới nhưng "
                        "nằm trên ổ đĩa hoặc thư mục chỉ cho đọc. Hãy chép tệp dữ liệu sang một thư mục ghi được "
                        "(ví dụ Tài liệu) rồi mở tệp đã chép.")
    db.read_only = True
    opened = OpenedApp(db=db, migration=MigrationReport(revision, revision, None), read_only=True)
    opened.notes.append(read_only_text(db))

    def refuse() -> None:
        raise UserError(read_only_text(db))

    db.before_write = refuse
    backup.attach(opened)
    return opened


def _reason(exc: BaseException) -> str:
    told = sqlite_trouble(exc)
    if told is not None:
        return f"{told[0]}. {told[1]}"
    if isinstance(exc, OSError):
        return os_error_text(exc)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
