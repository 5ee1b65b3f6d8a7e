"""The tamper-evident audit trail (issue 12, class 18) and ``thidua check`` on a database edited outside the app.

Edits are made with raw sqlite3, as a tool outside the app would: an entry
changed, deleted or slipped in; a trigger or a view added. ``thidua check``
must name the first broken entry (its number, date and what it is).
"""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
from pg_helpers import drop_pg_database
from sqlalchemy import select

from thidua_desktop.services.safety import backup, check, restore
from thidua_desktop.storage.models import AuditEntry, Unit

from safety_helpers import add_units


def _verify(db):
    from thidua_desktop.storage import audit_chain

    with db.read() as session:
        return audit_chain.verify(session.connection())


def _raw(db, *statements, params=()):
    db.dispose()
    conn = sqlite3.connect(db.path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement, params)
    finally:
        conn.close()


def _ids(db) -> list[int]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _chain_errors(db) -> list[str]:
    report = check.run_checks(db)
    return [f.message for f in report.errors if f.rule == "audit.chain"]


def test_every_way_the_app_writes_the_trail_is_chained(db):
    from thidua_desktop.services.xlsx import bulkwrite
    from thidua_desktop.storage import audit

    add_units(db, 3)  # the session's own audit (after flush)
    with db.transaction(actor="kiểm thử", reason="Nhập nhiều") as session:  # bulk imports
        rows = [{"name": f"Tổ {i}", "name_key": f"to {i}", "kind": "to_dan_pho", "head_name": "", "phone": "",
                 "address": "", "email": "", "staff_count": None, "female_staff_count": None, "active": True,
                 "note": ""} for i in range(2500)]
        bulkwrite.insert_rows(session, Unit.__table__, rows, "name")
    with db.transaction(actor="kiểm thử") as session:  # events
        audit.record_event(session, "backup", "Một sự kiện", changes={"số": 1, "ngày": "2026-12-04"})
    backup.create_backup(db, destination=db.path.parent / "usb")  # an event written by a backup elsewhere
    verdict = _verify(db)
    assert verdict.broken is None and verdict.entries == len(_ids(db)) > 2500
    assert _chain_errors(db) == []


def test_a_changed_entry_is_named_with_its_date_and_what_it_is(db):
    add_units(db, 5)
    target = _ids(db)[3]
    _raw(db, f"UPDATE audit_entry SET label = 'Tổ đã đổi' WHERE id = {target}")
    verdict = _verify(db)
    assert verdict.broken.id == target and verdict.broken.problem == "changed"
    [message] = _chain_errors(db)
    assert f"mục số {target}" in message and "đã bị sửa ngoài chương trình" in message
    assert f"ngày {verdict.broken.at:%d/%m/%Y}" in message and "“Tổ đã đổi”" in message


def test_a_changed_value_inside_the_changes_is_detected(db):
    add_units(db, 2)
    target = _ids(db)[-1]
    _raw(db, "UPDATE audit_entry SET changes = json_set(changes, '$.name', 'Tổ khác') WHERE id = ?",
         params=(target,))
    assert _verify(db).broken.id == target


def test_a_deleted_entry_is_detected_at_the_entry_after_it(db):
    add_units(db, 5)
    ids = _ids(db)
    _raw(db, f"DELETE FROM audit_entry WHERE id = {ids[2]}")
    verdict = _verify(db)
    assert verdict.broken.id == ids[3] and verdict.broken.problem == "gap"
    [message] = _chain_errors(db)
    assert f"mục số {ids[3]}" in message and "có mục đã bị xóa" in message


def test_an_entry_slipped_in_is_detected(db):
    add_units(db, 3)
    _raw(db, "INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason) "
             "VALUES ('2026-12-01 08:00:00.000000', 'lan', 'update', 'result', 1, '', '{}', '')")
    verdict = _verify(db)
    assert verdict.broken.id == _ids(db)[-1] and verdict.broken.problem == "missing"
    assert "được thêm vào ngoài chương trình" in _chain_errors(db)[0]


def test_an_entry_slipped_in_with_a_made_up_hash_is_detected(db):
    add_units(db, 3)
    ids = _ids(db)
    _raw(db, f"DELETE FROM audit_entry WHERE id = {ids[1]}")  # make room in the middle…
    _raw(db, "INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, label, changes, reason, entry_hash) "
             f"VALUES ({ids[1]}, '2026-12-01 08:00:00.000000', 'lan', 'update', 'result', 1, '', '{{}}', '', "
             f"'{'ab' * 32}')")
    assert _verify(db).broken.id == ids[1]


def test_editing_the_whole_chain_again_still_differs_from_the_head_a_backup_recorded(db):
    """Without a secret the chain can be recomputed; the head a backup recorded cannot."""
    add_units(db, 3)
    copy = backup.create_backup(db)
    conn = sqlite3.connect(copy)
    (changes,) = conn.execute("SELECT changes FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    assert json.loads(changes)["chain_head"] == _verify(db).head
    _raw(db, "UPDATE audit_entry SET label = 'Tổ đã đổi' WHERE id = (SELECT min(id) FROM audit_entry)")
    from thidua_desktop.storage import audit_chain

    previous = audit_chain.GENESIS
    with db.read() as session:  # recompute every hash, as someone who read this code would
        rows = session.connection().exec_driver_sql(
            f"SELECT id, {', '.join(audit_chain.FIELDS)} FROM audit_entry ORDER BY id").all()
    for row in rows:
        previous = audit_chain.entry_hash(previous, dict(zip(audit_chain.FIELDS, row[1:])))
        _raw(db, "UPDATE audit_entry SET entry_hash = ? WHERE id = ?", params=(previous, row[0]))
    assert _verify(db).broken is None
    assert json.loads(changes)["chain_head"] not in backup._live_hashes(db)


def test_the_migration_chains_the_entries_already_written(tmp_path):
    from alembic import command

    from thidua_desktop.storage.database import Database, url_for
    from thidua_desktop.storage.migrate import alembic_config, upgrade

    db = Database(url_for(tmp_path / "cu.db"))
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    db.dispose()
    conn = sqlite3.connect(db.path)
    conn.executemany("INSERT INTO audit_entry (at, actor, action, entity, entity_id, label, changes, reason) "
                     "VALUES (?, 'lan', 'update', 'unit', ?, ?, ?, '')",
                     [(f"2026-03-0{1 + i % 9} 08:00:00.000000", i, f"Tổ {i}", json.dumps({"phone": ["1", str(i)]}))
                      for i in range(12_000)])
    conn.commit()
    conn.close()
    upgrade(db)
    verdict = _verify(db)
    assert verdict.broken is None and verdict.entries == 12_000
    db.dispose()


def test_command_line_entries_name_the_os_user(db_path, monkeypatch):
    from thidua_desktop.cli import main as cli
    from thidua_desktop.services.app import open_app

    open_app(db_path, actor="t").close()
    monkeypatch.setattr("getpass.getuser", lambda: "nguyenvana")
    assert cli(["--db", str(db_path), "backup", "--out", str(db_path.parent / "usb.db")]) == 0
    opened = open_app(db_path, actor="t")
    with opened.db.read() as session:
        actors = set(session.scalars(select(AuditEntry.actor)))
    opened.close()
    assert "dòng lệnh (nguyenvana)" in actors


def test_command_line_actor_survives_a_missing_user_name(monkeypatch):
    from thidua_desktop.cli.context import cli_actor

    def no_user():
        raise OSError("No username set in the environment")

    monkeypatch.setattr("getpass.getuser", no_user)
    assert cli_actor() == "dòng lệnh"


# --- thidua check: foreign triggers and views ------------------------------------------------


@pytest.mark.parametrize("statement, words", [
    ("CREATE TRIGGER sua_ket_qua AFTER UPDATE ON result BEGIN UPDATE result SET value = 100 "
     "WHERE id = NEW.id; END", ("trigger", "sua_ket_qua")),
    ("CREATE TRIGGER xoa_nhat_ky AFTER INSERT ON unit BEGIN DELETE FROM audit_entry; END",
     ("trigger", "xoa_nhat_ky")),
    ("CREATE VIEW bao_cao_rieng AS SELECT * FROM result", ("view", "bao_cao_rieng")),
    ("CREATE INDEX ix_la ON unit (phone)", ("chỉ mục lạ", "ix_la")),
    ("DROP INDEX ix_audit_entry_at", ("thiếu chỉ mục", "ix_audit_entry_at")),
])
def test_thidua_check_reports_foreign_schema_objects_as_errors(statement, words, db_path, capsys):
    from thidua_desktop.cli import main as cli
    from thidua_desktop.services.app import open_app

    open_app(db_path, actor="t").close()
    assert cli(["--db", str(db_path), "check"]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(db_path)
    conn.execute(statement)
    conn.commit()
    conn.close()
    assert cli(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("[LỖI] Cấu trúc dữ liệu"))
    assert all(w in line for w in words), out


# --- PostgreSQL: writers side by side keep one chain ------------------------------------------

PG_SERVER = os.environ.get("THIDUA_TEST_PG_URL")


@pytest.mark.skipif(not PG_SERVER, reason="THIDUA_TEST_PG_URL is not set (no PostgreSQL server)")
def test_concurrent_writers_on_postgresql_keep_one_chain():
    import threading
    import uuid

    from sqlalchemy import create_engine, make_url, text

    from thidua_desktop.services.app import open_app

    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"thidua_chain_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        opened = open_app(make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False), actor="t")
        errors = []

        def write(worker: int) -> None:
            try:
                for i in range(15):
                    add_units(opened.db, 1, start=worker * 1000 + i, actor=f"người {worker}")
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        verdict = _verify(opened.db)
        assert verdict.broken is None and verdict.entries == len(_ids(opened.db)) >= 60
        assert not [f for f in check.run_checks(opened.db).errors if f.rule == "audit.chain"]
        opened.close()
    finally:
        drop_pg_database(admin, name)
        admin.dispose()


# --- what the chain alone cannot see: the newest entries removed, the chain recomputed --------


def _backup_errors(db) -> list[str]:
    return [f.message for f in check.run_checks(db).errors if f.rule == "audit.backups"]


def test_the_newest_entries_removed_are_caught_by_the_head_a_backup_recorded(db):
    add_units(db, 5)
    copy = backup.create_backup(db, kind="tu-dong")
    assert _backup_errors(db) == []
    _raw(db, "DELETE FROM audit_entry WHERE id IN (SELECT id FROM audit_entry ORDER BY id DESC LIMIT 2)")
    assert _verify(db).broken is None  # the chain that is left is whole…
    [message] = _backup_errors(db)  # …but shorter than a copy says it was
    assert copy.name in message and "đã bị xóa hoặc viết lại ngoài chương trình" in message


def test_a_recomputed_chain_is_caught_by_the_head_a_backup_recorded(db):
    from thidua_desktop.storage import audit_chain

    add_units(db, 3)
    backup.create_backup(db, kind="tu-dong")
    _raw(db, "UPDATE audit_entry SET label = 'Tổ đã đổi' WHERE id = (SELECT min(id) FROM audit_entry)")
    with db.read() as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT id, {', '.join(audit_chain.FIELDS)} FROM audit_entry ORDER BY id").all()
    previous = audit_chain.GENESIS
    for row in rows:
        previous = audit_chain.entry_hash(previous, dict(zip(audit_chain.FIELDS, row[1:])))
        _raw(db, "UPDATE audit_entry SET entry_hash = ? WHERE id = ?", params=(previous, row[0]))
    assert _verify(db).broken is None and len(_backup_errors(db)) == 1


def test_a_restore_does_not_look_like_a_lost_trail(db):
    add_units(db, 2)
    old = backup.create_backup(db, destination=db.path.parent / "cu.db")
    add_units(db, 4, start=10)
    backup.create_backup(db, kind="tu-dong")
    restore.restore(db, old)
    add_units(db, 1, start=50)
    assert _backup_errors(db) == [] and check.run_checks(db).ok


def test_a_backup_edited_outside_the_app_says_so_before_a_restore(db, capsys):
    from thidua_desktop.cli import main as cli

    add_units(db, 4)
    copy = backup.create_backup(db, destination=db.path.parent / "usb.db")
    assert "nguyên vẹn" in restore.inspect_backup(copy).trail
    conn = sqlite3.connect(copy)
    (target,) = conn.execute("SELECT id FROM audit_entry WHERE entity = 'unit' ORDER BY id LIMIT 1").fetchone()
    conn.execute("UPDATE audit_entry SET actor = 'người lạ' WHERE id = ?", (target,))
    conn.commit()
    conn.close()
    assert f"không còn nguyên vẹn từ mục số {target}" in restore.inspect_backup(copy).trail
    assert cli(["--db", str(db.path), "restore", str(copy), "--show"]) == 0
    out = capsys.readouterr().out
    assert f"Nhật ký thay đổi: không còn nguyên vẹn từ mục số {target}" in out and "người lạ" in out
