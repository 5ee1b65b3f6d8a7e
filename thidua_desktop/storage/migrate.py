"""Bring a database to the schema this version of the app expects.

Runs at every start-up. A database written by a newer version is refused and
left untouched; a database with data is copied (SQLite online backup) before
any migration; a file that is not ours is refused.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from .sqlite_copy import copy_database, readonly_uri

if TYPE_CHECKING:  # SQLAlchemy only where used: ``SCHEMA_HEAD`` is read by plain sqlite3 paths
    from .database import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions. Lets start-up skip loading Alembic
# when the database is already current; tests/test_migrations.py checks it.
SCHEMA_HEAD = "0008_unit_lineage"


class SchemaError(UserError):
    """The database cannot be used by this version of the app."""


@dataclass(frozen=True)
class MigrationReport:
    before: str | None  # revision found (None: a new, empty database)
    after: str
    backup: Path | None  # copy taken before migrating, if any


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_known_revision(revision: object) -> bool:
    """A revision this version of the app has (an unknown one comes from a newer version, or is forged)."""
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # Alembic's several errors for a malformed or unknown id
        return False


def current_revision(db: Database) -> str | None:
    """The revision stored in the database, or None for a database without one."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    with db.engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except (OperationalError, ProgrammingError):
            return None
    return rows[0][0] if len(rows) == 1 else None


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Consistent copy of a live SQLite database (its online backup API), put in
    place only once complete and checked (see :mod:`.sqlite_copy`)."""
    src = sqlite3.connect(readonly_uri(source), uri=True)
    try:
        return copy_database(src, destination)
    finally:
        src.close()


def pre_migration_backup_path(database: Path, revision: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = database.parent / "backups"
    return folder / f"{database.stem}-truoc-nang-cap-{revision or 'cu'}-{stamp}.db"


def upgrade(db: Database, keep_copy: bool = True) -> MigrationReport:
    """Migrate ``db`` to the head revision, refusing what must not be touched.

    ``keep_copy=False``: no copy before migrating (for a file that is itself a copy)."""
    before = current_revision(db)
    if before == SCHEMA_HEAD:
        return MigrationReport(before, before, None)  # the usual start: nothing to do
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    if before is None and tables - {"alembic_version"}:
        raise SchemaError(
            f"Tệp “{db.display_name}” không phải là cơ sở dữ liệu của chương trình "
            "Thi đua – Khen thưởng (có bảng lạ, không có thông tin phiên bản). Chương trình không mở nó.")
    if before is not None and not is_known_revision(before):
        raise SchemaError(
            f"Cơ sở dữ liệu “{db.display_name}” được tạo bởi một phiên bản mới hơn của chương trình "
            f"(phiên bản dữ liệu {before}). Hãy cài phiên bản mới nhất; dữ liệu không bị thay đổi.")
    if before == head:
        return MigrationReport(before, head, None)
    backup = None
    path = db.path
    if keep_copy and before is not None and path is not None and path.exists():
        backup = backup_sqlite(path, pre_migration_backup_path(path, before))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return MigrationReport(before, head, backup)
