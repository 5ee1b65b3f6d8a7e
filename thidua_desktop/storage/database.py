"""Engine and sessions: one place that knows how the app talks to its database.

SQLite is the default (a file in the user's data folder); any SQLAlchemy URL
works too. For SQLite the connection is set for an office that loses power:
foreign keys on, WAL journal, ``synchronous=FULL`` and a busy timeout; and the
driver's own transaction handling is replaced by explicit ``BEGIN`` so that a
user action, DDL included, is exactly one transaction.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..errors import UserError
from . import audit, concurrency
from .sqlite_conn import BUSY_TIMEOUT_MS, set_pragmas

# SQLite's result codes (Python 3.11+: ``sqlite_errorname``) a clerk can act on:
# why, and what to do. Prefixes: SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE…
_SQLITE_TROUBLE = {
    "SQLITE_FULL": ("ổ đĩa đã đầy",
                    "Hãy giải phóng chỗ trống trên ổ đĩa (xóa bớt tệp không cần) rồi làm lại."),
    "SQLITE_READONLY": ("tệp dữ liệu hoặc ổ đĩa chỉ cho đọc",
                        "Muốn sửa dữ liệu, hãy chép tệp dữ liệu sang một thư mục ghi được (ví dụ Tài liệu) "
                        "rồi mở tệp đã chép."),
    "SQLITE_IOERR": ("lỗi đọc ghi ổ đĩa (USB bị rút ra, ổ mạng mất kết nối?)",
                     "Hãy kiểm tra ổ đĩa rồi làm lại."),
    "SQLITE_CANTOPEN": ("không mở được tệp (thư mục không cho ghi hoặc ổ đĩa đã bị rút ra?)",
                        "Hãy kiểm tra ổ đĩa, hoặc chép tệp dữ liệu sang một thư mục ghi được rồi mở tệp đã chép."),
    "SQLITE_BUSY": ("một chương trình khác đang ghi vào dữ liệu", "Hãy đợi một lát rồi làm lại."),
}


def sqlite_trouble(exc: BaseException) -> tuple[str, str] | None:
    """(why, what to do) in Vietnamese for a disk-level SQLite failure
    (disk full, read-only file, I/O error…), or None."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or ""
    if not name and "database or disk is full" in str(orig):
        name = "SQLITE_FULL"
    for prefix, told in _SQLITE_TROUBLE.items():
        if name.startswith(prefix):
            return told
    return None


def url_for(target: str | os.PathLike[str]) -> URL:
    """A SQLAlchemy URL for a path or a URL string.

    Paths (with spaces or Vietnamese letters) become SQLite URLs built with
    :meth:`URL.create`, so nothing in the path is parsed as URL syntax."""
    text = os.fspath(target)
    if "://" in text:
        return make_url(text)
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite", database=str(path))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None (memory database or another server)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see SQLAlchemy's
    # "Serializable isolation / Savepoints / Transactional DDL" recipe).
    set_pragmas(dbapi_connection)


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _readonly_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def readonly_engine(path: Path) -> Engine:
    """An engine that only reads ``path`` and writes nothing beside it (no
    ``-wal``, ``-shm`` or lock file): a database on a locked USB stick, a CD
    or a read-only share can still be viewed and printed."""
    from .sqlite_copy import readonly_uri

    uri = readonly_uri(path, immutable=not path.with_name(path.name + "-wal").exists())
    engine = create_engine(URL.create("sqlite", database=str(path)),
                           creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    event.listen(engine, "connect", _readonly_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def make_engine(url: URL | str, **kwargs) -> Engine:
    url = make_url(url) if isinstance(url, str) else url
    engine = create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """The app's handle on one database: engine plus transactional sessions.

    ``with db.transaction(actor="admin") as s:`` is one user action: it commits
    when the block ends normally and rolls back on any error. Changes made in it
    are written to the audit trail under ``actor`` (and ``reason``, if given).
    """

    def __init__(self, url: URL | str, engine: Engine | None = None):
        self.url = make_url(url) if isinstance(url, str) else url
        self.engine = engine or make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.actor = ""
        # Called with (db, reason) before a risky change such as an import or a
        # restore; the backup service registers itself here.
        self.checkpoint_hooks: list[Callable[["Database", str], None]] = []
        # Called before every transaction that may write; a database opened
        # without the one-instance lock takes it here (or refuses, when a
        # window of the app holds it).
        self.before_write: Callable[[], None] | None = None
        self._rehearsing = False
        self.read_only = False  # opened with :func:`readonly_engine`

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        path = self.path
        return str(path) if path else self.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def transaction(self, actor: str | None = None, reason: str = "", shared: bool = False) -> Iterator[Session]:
        """``shared``: a record that may be written alongside a running window
        (the note that a backup was made), so it does not need the lock."""
        if self._rehearsing:
            yield from self._rehearse(actor, reason)
            return
        if self.before_write is not None and not shared:
            self.before_write()
        session = self._sessions()
        audit.bind(session, actor if actor is not None else self.actor, reason)
        try:
            with session.begin():
                yield session
        except StaleDataError as exc:  # another clerk saved the same row since it was read
            raise concurrency.conflict(self.engine, concurrency.forget(session)) from exc
        except (DBAPIError, sqlite3.Error) as exc:
            told = sqlite_trouble(exc)
            if told is None:
                raise
            raise UserError(f"Không ghi được vào cơ sở dữ liệu “{self.display_name}”: {told[0]}. Việc vừa làm "
                            f"chưa được lưu; dữ liệu đã có vẫn nguyên vẹn. {told[1]}") from exc
        finally:
            session.close()

    @contextlib.contextmanager
    def rehearsal(self) -> Iterator[None]:
        """A dry run: inside this block every transaction runs the real code,
        checks and SQL included, and is then rolled back; no copy is made first."""
        self._rehearsing = True
        try:
            yield
        finally:
            self._rehearsing = False

    def _rehearse(self, actor: str | None, reason: str) -> Iterator[Session]:
        session = self._sessions()
        audit.bind(session, actor if actor is not None else self.actor, reason)
        try:
            session.begin()
            yield session
            if not self.read_only:
                session.flush()  # what a commit would send, so the database's own checks run too
        finally:
            session.expunge_all()  # what the block returns stays readable, as after a commit
            session.rollback()
            session.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; anything written in it is discarded.

        Objects stay readable after the block (closing does not expire them)."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    def checkpoint(self, reason: str) -> None:
        """Announce a risky change (so a backup can be taken first)."""
        if self._rehearsing:
            return
        for hook in self.checkpoint_hooks:
            hook(self, reason)

    def dispose(self) -> None:
        self.engine.dispose()
