"""Backups and restore: automatic copies, rotation, copies elsewhere, inspection, restore."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from thidua_desktop.errors import UserError
from thidua_desktop.services.safety import backup, restore
from thidua_desktop.services import settings
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.database import Database, make_engine
from thidua_desktop.storage.models import AuditEntry, Unit

from safety_helpers import add_units, count, table_dump


def test_a_backup_is_one_checked_file_that_says_when_and_why(db):
    add_units(db, 3)
    path = backup.create_backup(db, kind="thu-cong", reason="Trước khi họp")
    assert path.parent == db.path.parent / "backups"
    assert not list(path.parent.glob(".*.tmp"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM unit").fetchone()[0] == 3
    conn.close()
    info = restore.inspect_backup(path)
    assert info.counts["unit"] == 3 and info.reason == "Trước khi họp"
    assert info.made_at is not None and abs((info.made_at - dt.datetime.now()).total_seconds()) < 60
    assert info.ward == "Phường Bạch Đằng" and info.years == [2026] and not info.needs_upgrade
    assert any("3 đơn vị" in line for line in info.lines())


def test_an_automatic_backup_leaves_the_live_data_untouched(db):
    add_units(db, 2)
    before = table_dump(db)
    backup.checkpoint_hook(db, "Nhập đơn vị từ tệp don-vi.xlsx")
    assert table_dump(db) == before
    [made] = backup.list_backups(db)
    assert made.kind == "truoc-nhap" and made.kind_label == "Trước khi nhập dữ liệu"


def test_checkpoint_takes_a_backup_before_a_risky_change(db):
    db.checkpoint("Phục hồi dữ liệu")
    db.checkpoint("Đổi kế hoạch")
    kinds = sorted(b.kind for b in backup.list_backups(db))
    assert kinds == ["truoc-phuc-hoi", "truoc-thay-doi"]


def test_backup_is_consistent_while_another_connection_writes(db):
    add_units(db, 1)
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE unit SET name = 'Chưa lưu'")
    writer.execute("DELETE FROM audit_entry")
    try:
        path = backup.create_backup(db)  # does not wait for, nor see, the open transaction
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT name FROM unit").fetchall() == [("Tổ dân phố số 1",)]
    assert copy.execute("SELECT count(*) FROM audit_entry").fetchone()[0] > 1
    copy.close()


def test_backups_made_at_the_same_second_get_distinct_names(db):
    paths = {backup.create_backup(db) for _ in range(3)}
    assert len(paths) == 3 and all(p.exists() for p in paths)


def _fake_backup(db, stamp: str, kind: str):
    folder = backup.backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{db.path.stem}-{stamp}-{kind}.db"
    backup_sqlite_copy(db, path)
    return path


def backup_sqlite_copy(db, path):
    from thidua_desktop.storage.migrate import backup_sqlite

    backup_sqlite(db.path, path)


def test_rotation_keeps_the_last_n_and_one_per_month_and_every_manual_and_migration_copy(db):
    made = []
    for month in (1, 2, 3):
        for day in (5, 20):
            made.append(_fake_backup(db, f"2026{month:02d}{day:02d}-090000", "tu-dong"))
    manual = _fake_backup(db, "20260101-080000", "thu-cong")
    migration = backup.backup_folder(db) / f"{db.path.stem}-truoc-nang-cap-0001-20260301-070000.db"
    backup_sqlite_copy(db, migration)
    removed = backup.rotate(db, keep_last=2)
    left = {b.path.name for b in backup.list_backups(db)}
    # the last two (20/03, 05/03) + the newest of January and February + the manual and migration copies
    assert left == {made[5].name, made[4].name, made[3].name, made[1].name, manual.name, migration.name}
    assert set(removed) == {made[0], made[2]}


def test_migration_copies_are_listed_with_their_kind(db):
    path = backup.backup_folder(db) / f"{db.path.stem}-truoc-nang-cap-0001-20260301-070000.db"
    backup_sqlite_copy(db, path)
    [found] = backup.list_backups(db)
    assert found.kind == "truoc-nang-cap" and found.made_at == dt.datetime(2026, 3, 1, 7, 0, 0)


def test_start_up_backup_only_when_the_newest_is_too_old(db_path):
    first = open_app(db_path, actor="t")  # a new database: nothing to protect yet
    assert backup.list_backups(first.db) == []
    first.close()
    second = open_app(db_path, actor="t")
    [auto] = backup.list_backups(second.db)
    assert auto.kind == "tu-dong"
    second.close()
    third = open_app(db_path, actor="t")  # the newest is fresh
    assert len(backup.list_backups(third.db)) == 1
    with third.db.transaction(reason="t") as session:
        settings.set_value(session, "backup.max_age_hours", 1)
    third.close()
    old = auto.path.with_name(auto.path.name.replace(auto.made_at.strftime("%Y%m%d-%H%M%S"),
                                                     (auto.made_at - dt.timedelta(hours=2)).strftime("%Y%m%d-%H%M%S")))
    auto.path.rename(old)
    fourth = open_app(db_path, actor="t")
    assert len(backup.list_backups(fourth.db)) == 2
    fourth.close()
    reader = open_app(db_path, lock=False, actor="t")  # a read-only opening never writes copies
    assert len(backup.list_backups(reader.db)) == 2
    reader.close()


def test_backup_to_a_usb_folder_is_recorded_and_shown_as_the_last_backup(db, tmp_path):
    usb = tmp_path / "USB KINGSTON"
    usb.mkdir()
    path = backup.create_backup(db, kind="thu-cong", reason="Sao lưu ra USB", destination=usb)
    assert path.parent == usb and path.suffix == ".db"
    named = backup.create_backup(db, destination=usb / "thi đua tháng 11")
    assert named.name == "thi đua tháng 11.db"
    assert backup.list_backups(db) == []  # not in the backup folder
    with db.read() as session:
        events = session.scalars(select(AuditEntry).where(AuditEntry.entity == "backup")).all()
    assert len(events) == 2 and str(usb) in events[0].label
    made = backup.last_backup_time(db)
    assert made is not None and backup.describe_age(made) == "vừa xong"


def test_backup_onto_the_live_file_is_refused(db):
    with pytest.raises(UserError, match="đè lên chính tệp dữ liệu"):
        backup.create_backup(db, destination=db.path)


def test_describe_age():
    at = dt.datetime(2026, 11, 26, 12, 0)
    assert backup.describe_age(None) == "chưa có bản sao lưu"
    assert backup.describe_age(at - dt.timedelta(minutes=30), at) == "30 phút trước"
    assert backup.describe_age(at - dt.timedelta(hours=5), at) == "5 giờ trước"
    assert backup.describe_age(at - dt.timedelta(days=3), at) == "3 ngày trước"


# --- what can and cannot be restored -------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bad = tmp_path / "bao-cao.db"
    bad.write_bytes(b"PK\x03\x04 this is a zip renamed")
    with pytest.raises(UserError, match="không phải là bản sao lưu"):
        restore.inspect_backup(bad)
    with pytest.raises(UserError, match="Không tìm thấy"):
        restore.inspect_backup(tmp_path / "khong-co.db")
    with pytest.raises(UserError, match="thư mục"):
        restore.inspect_backup(tmp_path)


def test_another_programs_sqlite_file_is_refused(tmp_path):
    other = tmp_path / "zalo.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="không phải của chương trình"):
        restore.inspect_backup(other)


def test_a_backup_from_a_newer_version_is_refused(db, tmp_path):
    path = backup.create_backup(db)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="phiên bản mới hơn"):
        restore.inspect_backup(path)
    before = table_dump(db)
    with pytest.raises(UserError, match="phiên bản mới hơn"):
        restore.restore(db, path)
    assert table_dump(db) == before


def test_a_damaged_backup_is_refused(db, tmp_path):
    add_units(db, 200)
    path = backup.create_backup(db)
    damaged = tmp_path / "hong.db"
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):  # scribble over every page but the first two
        data[offset + 100:offset + 400] = b"\xff" * 300
    damaged.write_bytes(bytes(data))
    with pytest.raises(UserError, match="hỏng"):
        restore.inspect_backup(damaged)
    truncated = tmp_path / "cut.db"
    truncated.write_bytes(path.read_bytes()[:6000])
    with pytest.raises(UserError, match="hỏng|không đọc được"):
        restore.inspect_backup(truncated)


# --- restoring ----------------------------------------------------------------------------


def test_restore_replaces_the_data_and_keeps_a_copy_of_what_was_there(db):
    add_units(db, 5)
    saved = backup.create_backup(db)
    add_units(db, 7, start=100)
    assert count(db, Unit) == 12
    report = restore.restore(db, saved)
    assert count(db, Unit) == 5
    assert report.safety_copy.exists() and restore.inspect_backup(report.safety_copy).counts["unit"] == 12
    with db.read() as session:
        event = session.scalars(select(AuditEntry).where(AuditEntry.entity == "restore")).one()
    assert saved.name in event.label and event.changes["safety_copy"] == str(report.safety_copy)
    assert "Đã phục hồi" in report.message()
    add_units(db, 1, start=500)  # the database works as before
    assert count(db, Unit) == 6


def test_restore_back_from_the_safety_copy_undoes_a_restore(db):
    add_units(db, 2)
    saved = backup.create_backup(db)
    add_units(db, 3, start=10)
    report = restore.restore(db, saved)
    restore.restore(db, report.safety_copy)
    assert count(db, Unit) == 5


def test_restore_works_while_another_connection_reads(db):
    add_units(db, 4)
    saved = backup.create_backup(db)
    add_units(db, 4, start=50)
    reader = sqlite3.connect(db.path)
    assert reader.execute("SELECT count(*) FROM unit").fetchone()[0] == 8
    try:
        restore.restore(db, saved)
        assert reader.execute("SELECT count(*) FROM unit").fetchone()[0] == 4
    finally:
        reader.close()
    assert count(db, Unit) == 4


def test_restore_of_a_copy_with_another_page_size(db, tmp_path):
    add_units(db, 3)
    saved = backup.create_backup(db)
    other = tmp_path / "trang-1024.db"
    conn = sqlite3.connect(saved)
    conn.execute("PRAGMA page_size=1024")
    conn.execute("VACUUM")
    conn.close()
    shutil.copy(saved, other)
    assert sqlite3.connect(other).execute("PRAGMA page_size").fetchone()[0] == 1024
    add_units(db, 3, start=30)
    restore.restore(db, other)
    assert count(db, Unit) == 3


def test_restoring_the_live_file_onto_itself_is_refused(db):
    with pytest.raises(UserError, match="chính là tệp dữ liệu đang dùng"):
        restore.restore(db, db.path)


def test_a_database_on_a_server_says_to_use_the_servers_tools():
    server = Database("postgresql://thidua@may-chu/thidua", engine=make_engine("sqlite://"))
    for call in (lambda: backup.create_backup(server), lambda: restore.restore(server, "x.db"),
                 lambda: backup.list_backups(server)):
        with pytest.raises(UserError, match="công cụ của máy chủ"):
            call()
    assert backup.last_backup_time(server) is None and not backup.backup_due(server)


def test_a_backup_failure_before_an_import_stops_the_import(db, monkeypatch):
    folder = backup.backup_folder(db)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # the backup folder cannot be created
    with pytest.raises(UserError, match="Không sao lưu được"):
        db.checkpoint("Nhập đơn vị")


def test_backups_run_while_the_app_reads_in_another_thread(db):
    add_units(db, 50)
    errors = []

    def read_many():
        try:
            for _ in range(50):
                count(db, Unit)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=read_many)
    thread.start()
    paths = [backup.create_backup(db) for _ in range(5)]
    thread.join()
    assert errors == [] and all(restore.inspect_backup(p).counts["unit"] == 50 for p in paths)


def test_file_limits_follow_the_settings(db, tmp_path):
    from thidua_desktop.services.xlsx import files as excel

    assert excel.limits() == (50 * 1024 * 1024, 100_000)
    with db.transaction(reason="t") as session:
        settings.set_value(session, "files.max_mb", 2)
        settings.set_value(session, "files.max_rows", 500)
    assert excel.limits() == (2 * 1024 * 1024, 500)
    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))
    with pytest.raises(UserError, match="quá lớn"):
        excel.check_xlsx_file(big)


def test_open_app_counts_units_the_same_after_restore_and_reopen(db_path):
    opened = open_app(db_path, actor="t")
    add_units(opened.db, 3)
    saved = backup.create_backup(opened.db)
    add_units(opened.db, 2, start=40)
    restore.restore(opened.db, saved)
    opened.close()
    again = open_app(db_path, actor="t")
    with again.db.read() as session:
        assert session.scalar(select(func.count(Unit.id))) == 3
    again.close()


# --- the command line ------------------------------------------------------------------


def test_thidua_backup_and_restore(capsys, monkeypatch, db_path, tmp_path):
    import io
    import json

    from thidua_desktop.cli import main as cli

    opened = open_app(db_path, actor="t")
    add_units(opened.db, 3)
    opened.close()
    db = ["--db", str(db_path)]
    assert cli([*db, "backup"]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu vào:" in out and "3 đơn vị" in out
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli([*db, "backup", "--out", str(usb), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["counts"]["unit"] == 3 and made["path"].startswith(str(usb))
    assert cli([*db, "backup", "--list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["kind"] == "thu-cong"
    opened = open_app(db_path, actor="t")
    add_units(opened.db, 2, start=10)
    opened.close()
    assert cli([*db, "restore", made["path"], "--show"]) == 0
    assert "Gồm: 3 đơn vị" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a console: --yes is required
    assert cli([*db, "restore", made["path"]]) == 2
    assert "--yes" in capsys.readouterr().err
    assert cli([*db, "restore", made["path"], "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Đã phục hồi dữ liệu" in out
    opened = open_app(db_path, actor="t")
    assert count(opened.db, Unit) == 3
    opened.close()


def test_thidua_restore_while_the_window_is_open_is_refused(capsys, app, tmp_path):
    from thidua_desktop.cli import main as cli

    saved = backup.create_backup(app.db)
    assert cli(["--db", str(app.db.path), "restore", str(saved), "--yes"]) == 1
    assert "đang được mở" in capsys.readouterr().err
    assert cli(["--db", str(app.db.path), "backup"]) == 0  # a backup works alongside the window


def test_thidua_restore_of_a_foreign_file_exits_1_with_one_line(capsys, db_path, tmp_path):
    from thidua_desktop.cli import main as cli

    bad = tmp_path / "anh.db"
    bad.write_bytes(b"GIF89a" + b"\0" * 50)
    assert cli(["--db", str(db_path), "init"]) == 0
    capsys.readouterr()
    assert cli(["--db", str(db_path), "restore", str(bad), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "không phải là bản sao lưu" in err and err.count("\n") == 1
