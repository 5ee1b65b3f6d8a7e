"""The backup tab (issue 12): how long copies are kept, a hostile file refused, a failed restore undone."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from thidua_desktop.services.safety import backup, restore

from safety_helpers import add_units, table_dump
from test_backup_gui import _backup_tab


def test_the_tab_says_how_long_each_kind_of_copy_is_kept(qtbot, app):
    backup.create_backup(app.db, kind="truoc-phuc-hoi", reason="Trước khi phục hồi")
    backup.create_backup(app.db, kind="tu-dong")
    win, tab = _backup_tab(qtbot, app)
    tab.refresh()
    assert "Thời gian giữ" in tab.status.text() and backup.KEPT_FOR_GOOD_TEXT in tab.status.text()
    column = next(c for c in range(tab.model.columnCount()) if tab.model.headerData(c, Qt.Orientation.Horizontal) == "Thời gian giữ")
    kept = {tab.model.index(r, 1).data(): tab.model.index(r, column).data() for r in range(tab.model.rowCount())}
    assert kept["Trước khi phục hồi"] == backup.KEPT_FOR_GOOD_TEXT
    assert "tự xóa" in kept["Tự động (khi mở chương trình)"]


def test_a_file_with_a_foreign_trigger_is_refused_in_the_window(qtbot, app, tmp_path, monkeypatch):
    add_units(app.db, 2)
    hostile = backup.create_backup(app.db, destination=tmp_path / "sao-luu.db")
    conn = sqlite3.connect(hostile)
    conn.execute("CREATE TRIGGER sua_ket_qua AFTER UPDATE ON result BEGIN "
                 "UPDATE result SET value = 100 WHERE id = NEW.id; END")
    conn.commit()
    conn.close()
    add_units(app.db, 1, start=50)
    before = table_dump(app.db)
    win, tab = _backup_tab(qtbot, app)
    errors = []
    monkeypatch.setattr("thidua_desktop.gui.operations.show_error",
                        lambda parent, exc, title: errors.append(exc.message))
    tab.confirm_restore = lambda info: True
    tab.restore_from(hostile)
    assert "sua_ket_qua" in errors[0] and "không phục hồi" in errors[0]
    assert table_dump(app.db) == before


def test_a_restore_failing_after_the_swap_is_undone_and_said(qtbot, app, monkeypatch):
    add_units(app.db, 2)
    saved = backup.create_backup(app.db)
    add_units(app.db, 3, start=50)
    before = table_dump(app.db)
    win, tab = _backup_tab(qtbot, app)
    errors = []
    monkeypatch.setattr("thidua_desktop.gui.operations.show_error",
                        lambda parent, exc, title: errors.append(exc.message))

    def broken(db):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(restore, "_check_restored", broken)
    tab.confirm_restore = lambda info: True
    tab.restore_from(saved)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "đã được tự động đặt lại như cũ" in errors[0]
    assert table_dump(app.db) == before and tab.last_report is None


def test_backing_up_onto_another_database_is_refused_in_the_window(qtbot, app, tmp_path, monkeypatch):
    other = tmp_path / "phuong-khac.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE so_sach (id INTEGER PRIMARY KEY, ghi_chu TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    win, tab = _backup_tab(qtbot, app)
    errors = []
    monkeypatch.setattr("thidua_desktop.gui.operations.show_error",
                        lambda parent, exc, title: errors.append(exc.message))
    tab.ask_destination = lambda: other  # the save dialog has already asked about replacing it
    tab.do_backup_elsewhere()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "không phải là bản sao lưu của dữ liệu này" in errors[0] and other.read_bytes() == before
