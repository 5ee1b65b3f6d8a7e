"""The “Nhật ký, sao lưu” page: audit trail browsing, accounts, the data check,
and signing in (first administrator, password, automatic)."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from thidua_desktop.domain.roles import Role
from thidua_desktop.gui import login
from thidua_desktop.gui.account_dialogs import AccountDialog, AccountValues, PasswordDialog
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import audit as audit_page
from thidua_desktop.services.safety import accounts
from thidua_desktop.storage.models import Unit

from safety_helpers import add_units


def _window(qtbot, app, actor="kiểm thử"):
    ctx = GuiContext(app, actor=actor)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _sign_in(db, username, role, password="matkhau123"):
    with db.transaction(reason="t") as session:
        if not accounts.has_accounts(session):
            accounts.create_account(session, "admin", "matkhau-quan-tri", Role.ADMIN)
        if username != "admin":
            accounts.create_account(session, username, password, role)
    pw = "matkhau-quan-tri" if username == "admin" else password
    accounts.sign_in_as(db, accounts.authenticate(db, username, pw))


# --- the audit trail ----------------------------------------------------------------


def test_the_trail_loads_a_page_at_a_time(qtbot, app, monkeypatch):
    monkeypatch.setattr(audit_page, "PAGE_SIZE", 50)
    add_units(app.db, 120)
    win = _window(qtbot, app)
    page = win.show_page("audit")
    tab = page.log_tab
    model = tab.model
    assert model.total >= 120 + 30  # the units and the seeded plan
    assert model.rowCount() == 50 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 100
    seen = set()
    while model.canFetchMore():
        model.fetchMore()
    for row in range(model.rowCount()):
        seen.add(model.row_at(row).id)
    assert len(seen) == model.total == model.rowCount()
    assert "mục" in tab.count.text()


def test_filters_by_kind_account_action_and_words(qtbot, app):
    add_units(app.db, 3)
    with app.db.transaction(actor="lan", reason="Sửa số điện thoại") as session:
        session.get(Unit, 2).phone = "0912 345 678"
    win = _window(qtbot, app)
    tab = win.show_page("audit").log_tab
    tab.refresh()
    tab.entity.setCurrentIndex(tab.entity.findData("unit"))
    assert tab.model.total == 4
    tab.actor.setCurrentIndex(tab.actor.findData("lan"))
    assert tab.model.total == 1
    row = tab.model.row_at(0)
    assert row.action == "update" and row.changes["phone"] == ["", "0912 345 678"]
    tab.actor.setCurrentIndex(0)
    tab.action.setCurrentIndex(tab.action.findData("insert"))
    assert tab.model.total == 3
    tab.action.setCurrentIndex(0)
    tab.search.setText("TO DAN PHO")  # no accents, other case
    tab.apply_filter()
    assert tab.model.total == 4
    tab.search.setText("0912 pho")  # every word must occur, in the values too
    tab.apply_filter()
    assert tab.model.total == 1 and tab.model.row_at(0).label == "Tổ dân phố số 2"


def test_the_detail_shows_old_and_new_values(qtbot, app):
    add_units(app.db, 1)
    with app.db.transaction(actor="lan", reason="Đổi tên theo quyết định sáp nhập") as session:
        session.get(Unit, 1).name = "Tổ dân phố Hạ Lý"
    win = _window(qtbot, app)
    tab = win.show_page("audit").log_tab
    tab.view.selectRow(0)
    text = tab.detail.toPlainText()
    assert "Sửa — Đơn vị" in text and "Đổi tên theo quyết định sáp nhập" in text
    assert "Tổ dân phố số 1" in text and "Tổ dân phố Hạ Lý" in text and "Giá trị cũ" in text


def test_a_reader_does_not_see_the_trail_nor_manage_accounts(qtbot, app):
    _sign_in(app.db, "doc", "reader")
    win = _window(qtbot, app, actor="doc")
    page = win.show_page("audit")
    assert page.log_tab is None
    page.show_tab("accounts")
    tab = page.accounts_tab
    assert not tab.add_button.isEnabled() and "không được phép" in tab.add_button.toolTip()
    assert tab.own_password.isVisible()
    page.show_tab("backup")
    assert not page.backup_tab.backup_now.isEnabled() and not page.backup_tab.restore_file.isEnabled()
    assert not page.backup_tab.save_settings.isEnabled()


# --- accounts tab -------------------------------------------------------------------


def test_the_administrator_adds_and_edits_accounts(qtbot, app, monkeypatch):
    _sign_in(app.db, "admin", "admin")
    win = _window(qtbot, app, actor="admin")
    page = win.show_page("audit")
    page.show_tab("accounts")
    tab = page.accounts_tab
    assert "Đang đăng nhập" in tab.me.text()
    monkeypatch.setattr(AccountDialog, "exec", lambda self: AccountValues(
        "hoa", "Trần Thị Hoa", Role.OFFICER, "matkhau456", True, False))
    tab.do_add()
    assert [a.username for a in tab.model.rows()] == ["admin", "hoa"]
    tab.view.selectRow(1)
    monkeypatch.setattr(AccountDialog, "exec", lambda self: AccountValues(
        "hoa", "Trần Thị Hoa", Role.COUNCIL, "", True, False))
    tab.do_edit()
    assert tab.model.row_at(1).role is Role.COUNCIL
    tab.view.selectRow(1)
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: (None, "mat-khau-moi"))
    tab.do_reset()
    assert accounts.authenticate(app.db, "hoa", "mat-khau-moi")
    tab.auto_combo.setCurrentIndex(tab.auto_combo.findData("hoa"))
    tab.do_save_auto()
    assert accounts.auto_sign_in_account(app.db).username == "hoa"


def test_account_dialog_checks_as_you_type(qtbot):
    dialog = AccountDialog(None, "new", taken={"lan"})
    qtbot.addWidget(dialog.dialog)
    dialog.username.setText("lan")
    dialog.password.setText("matkhau123")
    dialog.password2.setText("matkhau123")
    assert not dialog.ok.isEnabled() and "đã có" in dialog.problems.text()
    dialog.username.setText("hoa")
    assert dialog.ok.isEnabled()
    dialog.password2.setText("matkhau12")
    assert not dialog.ok.isEnabled() and "chưa giống" in dialog.problems.text()
    dialog.password.setText("123")
    assert "ít nhất 6" in dialog.problems.text()
    first = AccountDialog(None, "first")
    qtbot.addWidget(first.dialog)
    assert not first.role.isEnabled() and first.current_role() is Role.ADMIN


# --- the data check tab ---------------------------------------------------------------


def test_the_check_tab_runs_in_the_background_and_lists_findings(qtbot, app):
    add_units(app.db, 2)
    with app.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE unit SET name_key = 'sai' WHERE id = 1")
    win = _window(qtbot, app)
    page = win.show_page("audit")
    page.show_tab("check")
    tab = page.check_tab
    tab.run_check()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=10_000)
    assert not tab.report.ok and tab.model.rowCount() == 1
    assert "1 lỗi" in tab.summary.text() and "Tổ dân phố số 1" in tab.model.row_at(0).message


# --- signing in ---------------------------------------------------------------------


def test_the_login_dialog(qtbot, db):
    accounts.create_first_admin(db, "admin", "matkhau-quan-tri", "Nguyễn Thị Lan")
    dialog = login.LoginDialog(db)
    qtbot.addWidget(dialog.dialog)
    assert "Phường Bạch Đằng" in dialog.dialog.findChild(type(dialog.message), "titleLabel").text()
    assert not dialog.ok.isEnabled()
    dialog.username.setText("admin")
    dialog.password.setText("sai")
    dialog.try_sign_in()
    assert "không đúng" in dialog.message.text() and dialog.password.text() == ""
    dialog.password.setText("matkhau-quan-tri")
    dialog.try_sign_in()
    assert dialog.account.username == "admin"
    assert dialog.dialog.result() == QDialog.DialogCode.Accepted
    again = login.LoginDialog(db)  # remembers who signed in last on this PC
    qtbot.addWidget(again.dialog)
    assert again.username.text() == "admin"


def test_first_launch_creates_the_administrator(qtbot, app, monkeypatch):
    monkeypatch.setattr(AccountDialog, "exec", lambda self: AccountValues(
        "lan", "Nguyễn Thị Lan", Role.ADMIN, "matkhau-quan-tri", True, True))
    shown = []  # the recovery code, shown once after the administrator is made
    monkeypatch.setattr(login.RecoveryCodeDialog, "exec", lambda self: shown.append(self.code))
    assert login.sign_in(app)
    assert len(shown) == 1 and accounts.has_recovery_code(app.db)
    who = accounts.current(app.db)
    assert who.username == "lan" and who.role is Role.ADMIN and app.db.actor == "lan"
    assert accounts.auto_sign_in_account(app.db).username == "lan"


def test_cancelling_the_first_launch_or_the_login_closes_the_app(qtbot, app, monkeypatch):
    monkeypatch.setattr(AccountDialog, "exec", lambda self: None)
    assert not login.sign_in(app)
    accounts.create_first_admin(app.db, "admin", "matkhau-quan-tri")
    monkeypatch.setattr(login.LoginDialog, "exec", lambda self: None)
    assert not login.sign_in(app)
    assert accounts.current(app.db) is None


def test_automatic_sign_in_asks_nothing_and_still_names_the_account(qtbot, app, monkeypatch):
    accounts.create_first_admin(app.db, "lan", "matkhau-quan-tri", auto_sign_in=True)

    def no_dialog(self):
        raise AssertionError("no dialog expected")

    monkeypatch.setattr(login.LoginDialog, "exec", no_dialog)
    assert login.sign_in(app)
    assert app.db.actor == "lan"
    add_units(app.db, 1, actor=None)
    from thidua_desktop.services.safety import audit_log

    with app.db.read() as session:
        [entry] = audit_log.fetch_entries(session, audit_log.AuditFilter(entities=("unit",)))
    assert entry.actor == "lan"


def test_smoke_test_mode_skips_the_sign_in(tmp_path, db_path):
    from thidua_desktop.gui.app import main as gui_main
    from thidua_desktop.services.app import open_app

    opened = open_app(db_path, actor="t")
    accounts.create_first_admin(opened.db, "admin", "matkhau-quan-tri")
    opened.close()
    assert gui_main(["--db", str(db_path), "--smoke-test", str(tmp_path / "s.png")]) == 0


@pytest.mark.parametrize("username, exists", [("admin", True), ("ai-do", False)])
def test_after_a_restore_the_same_person_stays_signed_in_if_the_backup_knows_them(
        qtbot, app, monkeypatch, username, exists):
    _sign_in(app.db, "admin", "admin")
    ctx = GuiContext(app, actor="admin")
    if not exists:
        accounts.sign_in_as(app.db, type("A", (), {"username": "ai-do", "full_name": "", "role": "admin"})())
    monkeypatch.setattr(login.LoginDialog, "exec", lambda self: None)
    assert login.sign_in_after_restore(ctx) is exists


def test_the_settings_page_is_read_only_for_everyone_but_an_administrator(qtbot, app):
    _sign_in(app.db, "canbo", "officer")
    win = _window(qtbot, app, actor="canbo")
    page = win.show_page("settings")
    assert not page.form.isEnabled() and "không được phép thay đổi cài đặt" in page.form.toolTip()


def test_a_reader_previews_documents_but_does_not_issue_them(qtbot, app):
    _sign_in(app.db, "doc", "reader")
    win = _window(qtbot, app, actor="doc")
    page = win.show_page("documents")
    assert page.preview_button.isEnabled()
    assert not page.save_docx_button.isEnabled() and not page.print_button.isEnabled()
    assert "không được phép tạo văn bản" in page.save_docx_button.toolTip()
