"""A forgotten administrator password is reset inside the app (issue 16, item 10):
a recovery code shown once at the first launch and printable, entered with
“Quên mật khẩu…” on the login window; an administrator can make a new one on the
accounts tab. No command line."""
from __future__ import annotations

import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter

from thidua_desktop.domain.roles import Role
from thidua_desktop.gui import login
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.recovery_code import RecoveryCodeDialog
from thidua_desktop.services.safety import accounts

PASSWORD = "matkhau-quan-tri"


@pytest.fixture
def code(db):
    accounts.create_first_admin(db, "admin", PASSWORD)
    return accounts.new_recovery_code(db, "admin")


def test_the_code_resets_an_administrators_password_once(db, code):
    with db.transaction(reason="t") as s:
        accounts.create_account(s, "lan", "matkhau-lan-1", Role.OFFICER)
    with pytest.raises(accounts.SignInError, match="chỉ đặt lại mật khẩu của một tài khoản quản trị"):
        accounts.reset_with_recovery_code(db, "lan", code, "matkhau-moi-1")
    fresh = accounts.reset_with_recovery_code(db, "admin", code.lower().replace("-", " "), "matkhau-moi-1")
    assert accounts.authenticate(db, "admin", "matkhau-moi-1").username == "admin"
    assert fresh != code and len(fresh.replace("-", "")) == 20
    with pytest.raises(accounts.SignInError, match="Mã khôi phục không đúng"):  # used up
        accounts.reset_with_recovery_code(db, "admin", code, "matkhau-moi-2")
    accounts.reset_with_recovery_code(db, "admin", fresh, "matkhau-moi-2")


def test_wrong_codes_lock_the_account_like_wrong_passwords(db, code):
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(accounts.SignInError):
            accounts.reset_with_recovery_code(db, "admin", "AAAAA-AAAAA-AAAAA-AAAAA", "matkhau-moi-1")
    with pytest.raises(accounts.SignInError, match="thử lại sau"):  # even the right code waits now
        accounts.reset_with_recovery_code(db, "admin", code, "matkhau-moi-1")
    with db.read() as s:
        assert accounts.find(s, "admin").failed_attempts == accounts.FREE_ATTEMPTS


def test_forgot_password_on_the_login_window(qtbot, db, code, monkeypatch):
    shown = []
    monkeypatch.setattr(login, "recovery_dialog", lambda parent, new, user, ward: type(
        "Shown", (), {"exec": lambda self: shown.append((new, user))})())
    dialog = login.LoginDialog(db)
    qtbot.addWidget(dialog.dialog)
    assert dialog.forgot_button.text() == "Quên mật khẩu…"
    assert "thidua" not in dialog.dialog.findChild(type(dialog.message), "hintLabel").text()
    dialog.forgot()  # no user name yet: told what to do, nothing asked
    assert "Nhập tên đăng nhập" in dialog.message.text() and not shown
    dialog.username.setText("admin")
    dialog.ask_recovery = lambda username: ("AAAAA-AAAAA-AAAAA-AAAAA", "matkhau-moi-1")
    dialog.forgot()
    assert "Mã khôi phục không đúng" in dialog.message.text() and "#b3261e" in dialog.message.styleSheet()
    dialog.ask_recovery = lambda username: (code, "matkhau-moi-1")
    dialog.forgot()
    assert len(shown) == 1 and shown[0][0] != code and shown[0][1] == "admin"
    assert "Đã đặt mật khẩu mới" in dialog.message.text() and "#1e6b33" in dialog.message.styleSheet()
    dialog.password.setText("matkhau-moi-1")
    dialog.try_sign_in()
    assert dialog.account.username == "admin"


def test_the_code_prints_on_paper(qtbot, tmp_path):
    dialog = RecoveryCodeDialog(None, "ABCDE-FGHJK-LMNPQ-RSTUV", "admin", "Phường Bạch Đằng")
    qtbot.addWidget(dialog)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "mã.pdf"))
    dialog.print_to(printer)
    text = subprocess.run(["pdftotext", str(tmp_path / "mã.pdf"), "-"], capture_output=True, text=True).stdout
    assert "ABCDE-FGHJK-LMNPQ-RSTUV" in text and "Phường Bạch Đằng" in text and "admin" in text


def test_an_administrator_makes_a_new_code_on_the_accounts_tab(qtbot, app, code):
    accounts.sign_in_as(app.db, accounts.authenticate(app.db, "admin", PASSWORD))
    window = MainWindow(GuiContext(app, actor="admin"))
    qtbot.addWidget(window)
    page = window.show_page("audit")
    page.show_tab("accounts")
    tab = page.accounts_tab
    shown = []
    tab.confirm = lambda title, text: True
    tab.show_code = lambda new, user, ward: shown.append(new)
    assert tab.recovery_button.isEnabled()
    tab.do_new_recovery_code()
    [new] = shown
    with pytest.raises(accounts.SignInError):  # the printed one is void now
        accounts.reset_with_recovery_code(app.db, "admin", code, "matkhau-moi-1")
    accounts.reset_with_recovery_code(app.db, "admin", new, "matkhau-moi-1")


def test_the_trail_records_a_new_code_without_showing_its_hash(db, code):
    from thidua_desktop.services.safety import audit_log

    with db.read() as s:
        rows = audit_log.fetch_entries(s, audit_log.AuditFilter(entities=("setting",)))
    [row] = [r for r in rows if r.label == accounts.RECOVERY_HASH]
    assert row.reason == "Tạo mã khôi phục mật khẩu mới" and row.actor == "admin"
    assert "scrypt" not in row.summary() and "(đã ẩn)" in row.summary()
    assert all("scrypt" not in line for parts in row.change_lines() for line in parts)


def test_the_command_line_makes_a_new_code_too(tmp_path, capsys):
    from thidua_desktop.cli import main as cli
    from thidua_desktop.services.app import open_app

    path = tmp_path / "thi đua.db"
    assert cli(["--db", str(path), "init"]) == 0
    opened = open_app(path, actor="kiểm thử")
    accounts.create_first_admin(opened.db, "admin", PASSWORD)
    opened.close()
    capsys.readouterr()
    assert cli(["--db", str(path), "accounts", "recovery-code"]) == 0
    code = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    opened = open_app(path, actor="kiểm thử")
    try:
        accounts.reset_with_recovery_code(opened.db, "admin", code, "matkhau-moi-1")
        assert accounts.authenticate(opened.db, "admin", "matkhau-moi-1").username == "admin"
    finally:
        opened.close()
