"""Dialogs for accounts: a new or changed account, and a new password.

Built from ``forms/account.ui`` and ``forms/password.ui``; every field is
checked as it is typed and OK stays disabled while anything is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from ..domain.roles import Role
from ..services.safety import accounts
from .dialogs import FormDialog
from .uiloader import child


@dataclass
class AccountValues:
    username: str
    full_name: str
    role: Role
    password: str
    active: bool
    auto_sign_in: bool


class AccountDialog(FormDialog):
    """``mode``: "first" (the first administrator), "new", or "edit" (no password)."""

    def __init__(self, parent: QWidget | None, mode: str = "new", account: accounts.AccountRow | None = None,
                 taken: set[str] | None = None, auto_sign_in: bool = False):
        super().__init__("account", parent, ok_text={"first": "Tạo tài khoản", "new": "Thêm"}.get(mode, "Lưu"))
        self.mode = mode
        self.taken = taken or set()
        f = self.dialog
        self.intro = child(f, QLabel, "introLabel")
        self.username = child(f, QLineEdit, "usernameEdit")
        self.full_name = child(f, QLineEdit, "fullNameEdit")
        self.role = child(f, QComboBox, "roleCombo")
        self.password = child(f, QLineEdit, "passwordEdit")
        self.password2 = child(f, QLineEdit, "password2Edit")
        self.role_help = child(f, QLabel, "roleHelpLabel")
        self.active = child(f, QCheckBox, "activeCheck")
        self.auto_sign_in = child(f, QCheckBox, "autoSignInCheck")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.auto_sign_in.setChecked(auto_sign_in)
        if mode == "first":
            self.dialog.setWindowTitle("Tạo tài khoản quản trị")
            self.intro.setText(
                "<b>Chào mừng đến với chương trình Thi đua – Khen thưởng.</b><br>"
                "Đây là lần đầu chương trình mở dữ liệu này. Hãy tạo tài khoản <b>quản trị</b>: người "
                "quản lý tài khoản, cài đặt và phục hồi dữ liệu. Mọi thay đổi sau này đều ghi tên "
                "tài khoản đã làm. Hãy ghi nhớ mật khẩu; sau bước này chương trình cho một "
                "<b>mã khôi phục</b> để in và cất đi: nếu quên mật khẩu, mã đó đặt lại được.")
            self.role.setCurrentIndex(0)
            self.role.setEnabled(False)
            self.active.hide()
        elif mode == "new":
            self.dialog.setWindowTitle("Thêm tài khoản")
            self.intro.setText("Tài khoản mới đăng nhập bằng tên và mật khẩu dưới đây.")
            self.role.setCurrentIndex(list(Role).index(Role.OFFICER))
            self.active.hide()
        else:
            assert account is not None
            self.dialog.setWindowTitle(f"Sửa tài khoản “{account.username}”")
            self.intro.setText("Đổi họ tên, vai trò hoặc ngừng cho tài khoản đăng nhập. "
                               "Mật khẩu được đặt lại bằng nút riêng.")
            self.username.setText(account.username)
            self.username.setReadOnly(True)
            self.full_name.setText(account.full_name)
            self.role.setCurrentIndex(list(Role).index(account.role))
            self.active.setChecked(account.active)
            for w in (self.password, self.password2, child(f, QLabel, "passwordLabel"),
                      child(f, QLabel, "password2Label")):
                w.hide()
        for edit in (self.username, self.full_name, self.password, self.password2):
            edit.textChanged.connect(self.validate)
        self.role.currentIndexChanged.connect(self._show_role)
        self._show_role()
        self.validate()

    def current_role(self) -> Role:
        return Role(self.role.currentData())

    def _show_role(self, *args) -> None:
        role = self.current_role()
        self.role_help.setText(f"{role.label}: {role.description}.")

    def check(self) -> list[str]:
        problems = []
        if self.mode != "edit":
            problem = accounts.check_username(self.username.text())
            if problem and self.username.text():
                problems.append(problem)
            elif accounts.normalise_username(self.username.text()) in self.taken:
                problems.append("Tên đăng nhập này đã có.")
            password = self.password.text()
            if password:
                problem = accounts.check_password_rules(password, accounts.normalise_username(self.username.text()))
                if problem:
                    problems.append(problem)
                elif self.password2.text() and self.password2.text() != password:
                    problems.append("Hai lần nhập mật khẩu chưa giống nhau.")
        return problems

    def complete(self) -> bool:
        password = self.password.text()
        return self.mode == "edit" or bool(self.username.text() and password and self.password2.text() == password)

    def values(self) -> AccountValues:
        return AccountValues(accounts.normalise_username(self.username.text()), self.full_name.text(),
                             self.current_role(), self.password.text(), self.active.isChecked(),
                             self.auto_sign_in.isChecked())

    def exec(self) -> AccountValues | None:
        return self.values() if super().exec() else None


class PasswordDialog(FormDialog):
    """A new password: one's own (with the current one, or with the recovery code when it
    is forgotten), or reset by an administrator."""

    def __init__(self, parent: QWidget | None, username: str, own: bool, recovery: bool = False):
        super().__init__("password", parent, ok_text="Đổi mật khẩu")
        self.username = username
        self.own = own
        f = self.dialog
        self.old = child(f, QLineEdit, "oldPasswordEdit")
        self.new = child(f, QLineEdit, "newPasswordEdit")
        self.new2 = child(f, QLineEdit, "newPassword2Edit")
        intro = child(f, QLabel, "introLabel")
        if recovery:
            f.setWindowTitle("Quên mật khẩu: đặt lại bằng mã khôi phục")
            intro.setText(f"Đặt mật khẩu mới cho tài khoản quản trị “{username}” bằng mã khôi phục đã in "
                          "khi tạo tài khoản (hoặc lần đặt lại trước). Sau đó chương trình cho một mã mới.")
            child(f, QLabel, "oldPasswordLabel").setText("Mã khôi phục:")
            self.old.setEchoMode(QLineEdit.EchoMode.Normal)
            self.old.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX")
        elif own:
            f.setWindowTitle("Đổi mật khẩu của tôi")
            intro.setText(f"Đổi mật khẩu của tài khoản “{username}”.")
        else:
            f.setWindowTitle(f"Đặt lại mật khẩu của “{username}”")
            intro.setText(f"Đặt mật khẩu mới cho “{username}” (và mở khóa nếu tài khoản đang bị "
                          "tạm khóa). Hãy báo mật khẩu mới cho người dùng.")
            self.old.hide()
            child(f, QLabel, "oldPasswordLabel").hide()
        for edit in (self.old, self.new, self.new2):
            edit.textChanged.connect(self.validate)
        self.validate()

    def check(self) -> list[str]:
        problems = []
        new = self.new.text()
        if new:
            problem = accounts.check_password_rules(new, self.username)
            if problem:
                problems.append(problem)
            elif self.new2.text() and self.new2.text() != new:
                problems.append("Hai lần nhập mật khẩu mới chưa giống nhau.")
        return problems

    def complete(self) -> bool:
        new = self.new.text()
        return bool(new and self.new2.text() == new and (self.old.text() or not self.own))

    def exec(self) -> tuple[str | None, str] | None:
        """(current password or None, new password), or None when cancelled."""
        if not super().exec():
            return None
        return (self.old.text() if self.own else None), self.new.text()
