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
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.exc import SQLAlchemyError

from ..errors import UserError, os_error_text
from ..paths import default_database
from ..storage.database import Database, sqlite_trouble, url_for
from ..storage.lock import InstanceLock
from ..storage.migrate import MigrationReport, upgrade
from . import awards, backup, plan

ENV_DB = "THIDUA_DB"


def resolve_target(target: str | os.PathLike[str] | None = None) -> URL:
    chosen = target or os.environ.get(ENV_DB) or default_database()
    return url_for(chosen)


@dataclass
class OpenedApp:
    db: Database
    migration: MigrationReport
    lock: InstanceLock | None = None
    seeded: bool = False
    notes: list[str] = field(default_factory=list)

    def hold_lock(self) -> None:
        """Take the one-instance lock now: this opening, made for reading, is
        about to write (refused while a window of the app has the database)."""
        if self.lock is None and self.db.path is not None:
            self.lock = InstanceLock(self.db.path).acquire()

    def close(self) -> None:
        self.db.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục, không phải tệp cơ sở dữ liệu.")
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            header = handle.read(16)
        if header != b"SQLite format 3\x00":
            raise UserError(f"Tệp “{path}” không phải là cơ sở dữ liệu của chương trình.")


def _check_exists(path: Path) -> None:
    """Only ``thidua init`` and the window's first start make a database: any
    other command on a missing (or empty) file is a mistyped path."""
    if path.exists() and path.stat().st_size > 0:
        return
    what = "trống (0 byte), chưa có dữ liệu" if path.exists() else "không có"
    raise UserError(f"Cơ sở dữ liệu “{path}” {what}. Kiểm tra lại đường dẫn (--db hoặc biến {ENV_DB}); "
                    f"muốn tạo cơ sở dữ liệu mới ở đó thì chạy: thidua --db \"{path}\" init")


def open_app(target: str | os.PathLike[str] | None = None, *, lock: bool = True,
             seed: bool = True, actor: str = "", create: bool = True) -> OpenedApp:
    """Open the database (``create``: making it if there is none); raise
    UserError with the reason if it can't be used. Opened without ``lock``,
    the lock is taken at the first write."""
    url = resolve_target(target)
    db = Database(url)
    db.actor = actor
    instance_lock = None
    path = db.path
    try:
        if path is not None:
            _check_sqlite_file(path)
            if not create:
                _check_exists(path)
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


def _reason(exc: BaseException) -> str:
    told = sqlite_trouble(exc)
    if told is not None:
        return f"{told[0]}. {told[1]}"
    if isinstance(exc, OSError):
        return os_error_text(exc)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
