"""Schema versioning: migrations from an empty file, backups, refusals."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from thidua_desktop.services.app import open_app
from thidua_desktop.storage import migrate
from thidua_desktop.storage.database import Database, url_for
from thidua_desktop.storage.migrate import SchemaError
from thidua_desktop.storage.models import Base


def test_migrations_build_the_schema_of_the_models_from_an_empty_file(tmp_path):
    db = Database(url_for(tmp_path / "empty.db"))
    report = migrate.upgrade(db)
    assert report.before is None and report.after == migrate.head_revision()
    assert report.backup is None
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    db.dispose()


def test_schema_head_constant_matches_the_migration_scripts():
    assert migrate.SCHEMA_HEAD == migrate.head_revision()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.db"
    app = open_app(path)
    app.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SchemaError, match="phiên bản mới hơn"):
        open_app(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(SchemaError, match="không phải là cơ sở dữ liệu"):
        open_app(path)
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["contacts"]
    con.close()


NEXT_REVISION = '''
"""test: a later migration"""
import sqlalchemy as sa
from alembic import op

revision = "9000_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("extra", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("unit") as batch:
        batch.drop_column("extra")
'''


def test_a_copy_is_kept_before_migrating_a_database_with_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    app = open_app(path)
    with app.db.transaction() as session:
        from thidua_desktop.storage.models import Unit

        session.add(Unit(name="Tổ dân phố số 1", name_key="tổ dân phố số 1"))
    app.close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "9000_test.py").write_text(
        NEXT_REVISION.format(head=migrate.head_revision()), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9000_test")
    db = Database(url_for(path))
    report = migrate.upgrade(db)
    db.dispose()
    assert report.after == "9000_test"
    assert report.backup is not None and report.backup.exists()
    assert report.backup.parent == path.parent / "backups"
    old = sqlite3.connect(report.backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == report.before
    assert old.execute("SELECT name FROM unit").fetchall() == [("Tổ dân phố số 1",)]
    assert "extra" not in [r[1] for r in old.execute("PRAGMA table_info(unit)")]
    old.close()
    new = sqlite3.connect(path)
    assert "extra" in [r[1] for r in new.execute("PRAGMA table_info(unit)")]
    new.close()
