"""Durable storage: pragmas, one instance per database, transactions, audit."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select, text

from thidua_desktop.errors import UserError
from thidua_desktop.services.app import open_app, resolve_target
from thidua_desktop.storage.lock import AlreadyOpenError
from thidua_desktop.storage.models import AuditEntry, Unit


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_pragmas_for_an_office_that_loses_power(db):
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_path_with_vietnamese_letters_and_spaces(app, db_path):
    assert " " in str(db_path) and "đ" in str(db_path)
    assert db_path.exists()
    assert app.db.path == db_path.resolve()


def test_default_database_is_in_the_user_data_folder(isolated_data_dir):
    url = resolve_target(None)
    assert url.database == str((isolated_data_dir / "thidua.db").resolve())


def test_env_variable_chooses_the_database(monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "env.db"))
    assert resolve_target(None).database == str((tmp_path / "env.db").resolve())
    assert resolve_target("sqlite:///other.db").database == "other.db"


def test_second_instance_is_refused_without_touching_the_database(app, db_path):
    before = digest(db_path)
    with pytest.raises(AlreadyOpenError, match="đang được mở"):
        open_app(db_path)
    assert digest(db_path) == before


def test_lock_is_released_on_close(app, db_path):
    app.close()
    again = open_app(db_path)
    again.close()


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    from thidua_desktop.storage.models import Person

    with pytest.raises(IntegrityError):
        with db.transaction() as session:
            session.add(Person(full_name="Nguyễn Văn A", name_key="nguyễn văn a", unit_id=999))


def test_a_failed_action_leaves_nothing_behind(db):
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            session.add(Unit(name="Tổ dân phố số 1", name_key="tổ dân phố số 1"))
            session.flush()
            raise RuntimeError("mất điện")
    with db.read() as session:
        assert session.scalar(select(func.count(Unit.id))) == 0


def test_every_change_is_in_the_audit_trail_with_actor_and_reason(db):
    with db.transaction(actor="vanthu", reason="Nhập tay") as session:
        unit = Unit(name="Trường Mầm non Bạch Đằng", name_key="trường mầm non bạch đằng", phone="0225")
        session.add(unit)
    with db.transaction(actor="vanthu") as session:
        session.get(Unit, unit.id).phone = "0225 3841 234"
    with db.transaction(actor="admin", reason="Trùng") as session:
        session.delete(session.get(Unit, unit.id))
    with db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "unit").order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor, e.reason) for e in entries] == [
        ("insert", "vanthu", "Nhập tay"), ("update", "vanthu", ""), ("delete", "admin", "Trùng")]
    assert entries[0].label == "Trường Mầm non Bạch Đằng"
    assert entries[1].changes == {"phone": ["0225", "0225 3841 234"]}
    assert entries[2].entity_id == unit.id


def test_a_directory_or_foreign_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="thư mục"):
        open_app(tmp_path)
    other = tmp_path / "notes.db"
    other.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(UserError, match="không phải là cơ sở dữ liệu"):
        open_app(other)
    assert other.read_text(encoding="utf-8") == "không phải cơ sở dữ liệu"
