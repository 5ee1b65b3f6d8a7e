"""Backups in the window: the status bar, backing up now or to a USB stick, restoring."""
from __future__ import annotations

import datetime as dt

from thidua_desktop.domain.roles import Role
from thidua_desktop.gui import login
from thidua_desktop.gui.backup_status import BackupStatus
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.safety import accounts, backup
from thidua_desktop.storage.models import Unit, now

from safety_helpers import add_units, count


def _window(qtbot, app, actor="kiểm thử"):
    ctx = GuiContext(app, actor=actor)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _backup_tab(qtbot, app, actor="kiểm thử"):
    win = _window(qtbot, app, actor)
    page = win.show_page("audit")
    page.show_tab("backup")
    tab = page.backup_tab
    tab.told = []
    tab.tell = lambda title, text: tab.told.append((title, text))
    return win, tab


def test_the_status_bar_shows_the_age_of_the_last_backup(qtbot, app):
    win = _window(qtbot, app)
    status = win.statusBar().findChild(BackupStatus, "backupStatus")
    assert "chưa có bản sao lưu" in status.text() and "#b3261e" in status.text()
    backup.create_backup(app.db)
    app_ctx = win.ctx
    app_ctx.changed("backup")
    assert "vừa xong" in status.text() and "#1e6b33" in status.text()
    status.linkActivated.emit("backup")  # a click opens the backup tab
    page = win.pages["audit"]
    assert win.current_page_id() == "audit" and page.tabs.currentWidget() is page.backup_tab


def test_back_up_now_and_to_a_usb_stick(qtbot, app, tmp_path):
    win, tab = _backup_tab(qtbot, app)
    tab.do_backup()
    qtbot.waitUntil(lambda: bool(tab.told), timeout=10_000)
    assert tab.model.rowCount() == 1 and "Đã sao lưu" in tab.told[0][0]
    usb = tmp_path / "E"
    usb.mkdir()
    tab.ask_destination = lambda: usb / "thi-dua-11-2026.db"
    tab.do_backup_elsewhere()
    qtbot.waitUntil(lambda: len(tab.told) == 2, timeout=10_000)
    assert (usb / "thi-dua-11-2026.db").exists() and str(usb) in tab.told[1][1]


def test_restore_shows_what_the_copy_holds_then_replaces_the_data(qtbot, app, monkeypatch):
    accounts.create_first_admin(app.db, "admin", "matkhau-quan-tri")
    accounts.sign_in_as(app.db, accounts.authenticate(app.db, "admin", "matkhau-quan-tri"))
    add_units(app.db, 4, actor=None)
    saved = backup.create_backup(app.db)
    add_units(app.db, 6, start=10, actor=None)
    win, tab = _backup_tab(qtbot, app, actor="admin")
    units_page_refreshed = []
    win.ctx.data_changed.connect(units_page_refreshed.append)
    shown = []
    tab.confirm_restore = lambda info: shown.append(info) or True
    tab.restore_from(saved)
    qtbot.waitUntil(lambda: tab.last_report is not None and bool(tab.told), timeout=20_000)
    assert shown[0].counts["unit"] == 4
    assert count(app.db, Unit) == 4
    assert "*" in units_page_refreshed and accounts.current(app.db).username == "admin"
    assert tab.last_report.safety_copy.exists()
    assert any(b.kind == "truoc-phuc-hoi" for b in backup.list_backups(app.db))


def test_restore_cancelled_changes_nothing(qtbot, app):
    add_units(app.db, 2)
    saved = backup.create_backup(app.db)
    add_units(app.db, 1, start=5)
    win, tab = _backup_tab(qtbot, app)
    tab.confirm_restore = lambda info: False
    tab.restore_from(saved)
    assert count(app.db, Unit) == 3 and tab.last_report is None


def test_restore_of_a_bad_file_is_explained(qtbot, app, tmp_path, monkeypatch):
    bad = tmp_path / "anh.db"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    win, tab = _backup_tab(qtbot, app)
    errors = []
    monkeypatch.setattr("thidua_desktop.gui.operations.show_error",
                        lambda parent, exc, title: errors.append(exc.message))
    tab.restore_from(bad)
    assert "không phải là bản sao lưu" in errors[0]


def test_after_restoring_a_copy_without_ones_account_the_clerk_signs_in_again(qtbot, app, monkeypatch):
    saved = backup.create_backup(app.db)  # no accounts in this copy
    accounts.create_first_admin(app.db, "admin", "matkhau-quan-tri")
    accounts.sign_in_as(app.db, accounts.authenticate(app.db, "admin", "matkhau-quan-tri"))
    win, tab = _backup_tab(qtbot, app, actor="admin")
    tab.confirm_restore = lambda info: True
    asked = []

    def first_admin(db, parent=None):
        asked.append(True)
        return accounts.create_first_admin(db, "lan", "matkhau-moi-1")

    monkeypatch.setattr(login, "create_first_admin", first_admin)
    tab.restore_from(saved)
    qtbot.waitUntil(lambda: bool(tab.told), timeout=20_000)
    assert asked and accounts.current(app.db).username == "lan" and win.ctx.actor == "lan"


def test_settings_of_the_backup_tab_are_saved(qtbot, app):
    win, tab = _backup_tab(qtbot, app)
    tab.spins["backup.keep_last"].setValue(5)
    tab.spins["files.max_mb"].setValue(20)
    tab.do_save_settings()
    from thidua_desktop.services.xlsx import files as excel

    assert backup.file_limits(app.db) == (20 * 1024 * 1024, 100_000) == excel.limits()
    assert tab.settings_note.text() == "Đã lưu."


def test_status_colours_by_age(qtbot, app, monkeypatch):
    win = _window(qtbot, app)
    status = win.statusBar().findChild(BackupStatus, "backupStatus")
    monkeypatch.setattr(backup, "last_backup_time", lambda db: now() - dt.timedelta(days=3))
    status.refresh()
    assert "#a15c00" in status.text() and "3 ngày trước" in status.text()


def test_an_officer_backs_up_but_does_not_restore(qtbot, app):
    with app.db.transaction(reason="t") as session:
        accounts.create_account(session, "admin", "matkhau-quan-tri", Role.ADMIN)
        accounts.create_account(session, "canbo", "matkhau123", Role.OFFICER)
    accounts.sign_in_as(app.db, accounts.authenticate(app.db, "canbo", "matkhau123"))
    win, tab = _backup_tab(qtbot, app, actor="canbo")
    assert tab.backup_now.isEnabled() and not tab.restore_file.isEnabled()
