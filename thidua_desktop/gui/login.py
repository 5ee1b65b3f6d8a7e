"""Signing in when the window opens (called from ``gui/app.py`` after ``open_app``).

- No account yet (the first launch): the clerk creates the administrator.
- The office chose automatic sign-in (one clerk, one PC): no dialog, but the
  chosen account still names every change.
- Otherwise: user name and password; wrong passwords are counted and slow
  further attempts (see ``services/safety/accounts.py``).

Whoever signs in becomes ``db.actor``, hence the actor of every audit entry.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from ..services import ward
from ..services.app import OpenedApp
from ..services.safety import accounts
from . import operations as ops
from .access import signed_in
from .account_dialogs import AccountDialog, PasswordDialog
from .errors import show_error
from .recovery_code import RecoveryCodeDialog
from .uiloader import child, load_form

_LAST_USER = "login/last_user"


def _settings():
    from .screen import window_settings

    return window_settings()


class LoginDialog:
    def __init__(self, db, parent: QWidget | None = None, notice: str = ""):
        self.db = db
        self.account = None
        self.dialog: QDialog = load_form("login", parent)
        f = self.dialog
        self.username = child(f, QLineEdit, "usernameEdit")
        self.password = child(f, QLineEdit, "passwordEdit")
        self.message = child(f, QLabel, "messageLabel")
        title = child(f, QLabel, "titleLabel")
        buttons = child(f, QDialogButtonBox, "buttonBox")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Đăng nhập")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Thoát")
        self.forgot_button = buttons.addButton("Quên mật khẩu…", QDialogButtonBox.ButtonRole.ResetRole)
        self.forgot_button.clicked.connect(self.forgot)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.dialog.reject)
        f.setWindowTitle("Đăng nhập — Thi đua – Khen thưởng")
        title.setText(f"<b style='font-size:14pt'>Thi đua – Khen thưởng</b><br>{ward.ward_name(db)}"
                      f"<br><span style='color:#5f6368'>Dữ liệu: {db.display_name}</span>")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.message.setText(notice)
        last = _settings().value(_LAST_USER, "")
        if last:
            self.username.setText(str(last))
            self.password.setFocus()
        self.username.textChanged.connect(self._update)
        self.password.textChanged.connect(self._update)
        self._update()

    def _update(self, *args) -> None:
        self.ok.setEnabled(bool(self.username.text().strip() and self.password.text()))

    def try_sign_in(self) -> None:
        if not self.ok.isEnabled():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            account = accounts.authenticate(self.db, self.username.text(), self.password.text())
        except accounts.SignInError as exc:
            self.say(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        except Exception as exc:
            show_error(self.dialog, exc, "Không đăng nhập được")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.account = account
        settings = _settings()
        settings.setValue(_LAST_USER, account.username)
        settings.sync()
        self.dialog.accept()

    def forgot(self) -> None:
        """An administrator's forgotten password, reset with the recovery code; the new code shown once."""
        username = accounts.normalise_username(self.username.text())
        if not username:
            self.say("Nhập tên đăng nhập của tài khoản quản trị trước, rồi bấm “Quên mật khẩu…”. "
                                 "Người dùng khác: nhờ người quản trị đặt lại mật khẩu.")
            self.username.setFocus()
            return
        answer = self.ask_recovery(username)
        if answer is None:
            return
        try:
            code = accounts.reset_with_recovery_code(self.db, username, answer[0] or "", answer[1])
        except accounts.SignInError as exc:
            self.say(exc.message)
            return
        except Exception as exc:
            show_error(self.dialog, exc, "Không đặt lại được mật khẩu")
            return
        self.show_code(code, username)
        self.say("Đã đặt mật khẩu mới; hãy đăng nhập bằng mật khẩu đó.", ok=True)
        self.password.clear()
        self.password.setFocus()

    def say(self, text: str, ok: bool = False) -> None:
        self.message.setStyleSheet(f"color: {'#1e6b33' if ok else '#b3261e'};")
        self.message.setText(text)

    def ask_recovery(self, username: str) -> tuple[str | None, str] | None:
        return PasswordDialog(self.dialog, username, own=True, recovery=True).exec()

    def show_code(self, code: str, username: str) -> None:
        recovery_dialog(self.dialog, code, username, ward.ward_name(self.db)).exec()

    def exec(self):
        """The account signed in, or None when the clerk chose Thoát."""
        if self.dialog.exec() == QDialog.DialogCode.Accepted:
            return self.account
        return None


def create_first_admin(db, parent: QWidget | None = None):
    dialog = AccountDialog(parent, mode="first")
    while True:
        values = dialog.exec()
        if values is None:
            return None
        try:
            account = accounts.create_first_admin(db, values.username, values.password, values.full_name,
                                                  auto_sign_in=values.auto_sign_in)
        except Exception as exc:  # shown, and the dialog opens again with what was typed
            show_error(dialog.dialog, exc, "Không tạo được tài khoản")
            continue
        show_recovery_code(db, account.username, parent)
        return account


def show_recovery_code(db, username: str, parent: QWidget | None) -> None:
    """Make a new recovery code and show it once (the account exists whatever happens here)."""
    try:
        code = accounts.new_recovery_code(db, username)
    except Exception as exc:
        show_error(parent, exc, "Chưa tạo được mã khôi phục")
        return
    recovery_dialog(parent, code, username, ward.ward_name(db)).exec()


def recovery_dialog(parent: QWidget | None, code: str, username: str, ward_name: str) -> RecoveryCodeDialog:
    return RecoveryCodeDialog(parent, code, username, ward_name)


def sign_in(opened: OpenedApp, parent: QWidget | None = None, notice: str = "") -> bool:
    """Sign somebody in on ``opened.db``; False when the clerk gave up (the app then closes)."""
    return _sign_in(opened.db, parent, notice)


def _sign_in(db, parent: QWidget | None, notice: str) -> bool:
    """``db`` is only handed to the account services (the window is not open yet)."""
    if accounts.needs_first_admin(db):
        account = create_first_admin(db, parent)
    else:
        account = accounts.auto_sign_in_account(db) if not notice else None
        if account is not None:
            accounts.record_auto_sign_in(db, account)
        else:
            account = LoginDialog(db, parent, notice).exec()
    if account is None:
        return False
    accounts.sign_in_as(db, account)
    return True


def sign_in_after_restore(ctx, parent: QWidget | None = None) -> bool:
    """After a restore the accounts are the backup's: keep the same person signed
    in if the account is there, else ask again. False: nobody signed in."""
    kept = ops.with_database(parent, ctx, accounts.resume_after_restore)
    if kept is None:  # started without signing in (smoke test)
        return True
    ok = kept is True or ops.with_database(parent, ctx, lambda db: _sign_in(
        db, parent, "Dữ liệu vừa phục hồi không có tài khoản của bạn; "
                    "hãy đăng nhập bằng một tài khoản trong dữ liệu đó.")) is True
    who = signed_in(ctx)
    if who is not None:
        ctx.actor = who.username
    return ok
