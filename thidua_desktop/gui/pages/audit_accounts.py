"""Tài khoản: who may sign in, with which role; automatic sign-in; one's own password."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QMessageBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action, Role
from ...services import ward
from ...services.safety import accounts
from .. import operations as ops
from ..access import allowed, restrict, signed_in
from ..account_dialogs import AccountDialog, PasswordDialog
from ..recovery_code import RecoveryCodeDialog
from ..tablemodel import Column, RowTableModel, tidy_table


def _state(a: accounts.AccountRow) -> str:
    if not a.active:
        return "Ngừng dùng"
    if a.locked():
        return f"Tạm khóa đến {a.locked_until:%H:%M:%S}"
    return "Đang dùng"


class AccountsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.me = QLabel()
        self.me.setObjectName("signedInLabel")
        layout.addWidget(self.me)
        self.model = RowTableModel([
            Column("Tên đăng nhập", lambda a: a.username),
            Column("Họ và tên", lambda a: a.full_name),
            Column("Vai trò", lambda a: a.role_label),
            Column("Trạng thái", _state,
                   foreground=lambda a: None if a.active and not a.locked() else "#b3261e"),
            Column("Đăng nhập lần cuối", lambda a: a.last_login_at,
                   display=lambda v: v.strftime("%H:%M %d/%m/%Y") if v else "chưa"),
        ])
        self.view = QTableView()
        self.view.setObjectName("accountsView")
        self.view.setModel(self.model)
        tidy_table(self.view, single=True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("Thêm tài khoản…")
        self.edit_button = QPushButton("Sửa…")
        self.reset_button = QPushButton("Đặt lại mật khẩu…")
        self.unlock_button = QPushButton("Mở khóa")
        self.own_password = QPushButton("Đổi mật khẩu của tôi…")
        self.recovery_button = QPushButton("Mã khôi phục mới…")
        self.recovery_button.setToolTip("Mã để quản trị đặt lại mật khẩu của mình khi quên, ngay ở cửa sổ "
                                        "đăng nhập; mã cũ hết hiệu lực.")
        for b in (self.add_button, self.edit_button, self.reset_button, self.unlock_button, self.recovery_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.own_password)
        layout.addLayout(row)

        auto = QGroupBox("Đăng nhập tự động")
        auto_layout = QHBoxLayout(auto)
        self.auto_combo = QComboBox()
        self.auto_save = QPushButton("Lưu")
        auto_layout.addWidget(QLabel("Khi mở chương trình:"))
        auto_layout.addWidget(self.auto_combo, 1)
        auto_layout.addWidget(self.auto_save)
        layout.addWidget(auto)
        legend = QLabel("<br>".join(f"<b>{r.label}</b>: {r.description}." for r in Role)
                        + "<br><span style='color:#5f6368'>Nhập sai mật khẩu 3 lần liên tiếp thì tài khoản "
                          "bị tạm khóa 30 giây, mỗi lần sai tiếp theo gấp đôi thời gian chờ.</span>")
        legend.setWordWrap(True)
        layout.addWidget(legend)

        self.add_button.clicked.connect(self.do_add)
        self.edit_button.clicked.connect(self.do_edit)
        self.view.doubleClicked.connect(lambda _i: self.do_edit())
        self.reset_button.clicked.connect(self.do_reset)
        self.unlock_button.clicked.connect(self.do_unlock)
        self.own_password.clicked.connect(self.do_own_password)
        self.auto_save.clicked.connect(self.do_save_auto)
        self.recovery_button.clicked.connect(self.do_new_recovery_code)
        self._admin_widgets = (self.add_button, self.edit_button, self.reset_button, self.unlock_button,
                               self.recovery_button)
        restrict(ctx, Action.ACCOUNTS, *self._admin_widgets)
        restrict(ctx, Action.SETTINGS, self.auto_combo, self.auto_save)
        self.own_password.setVisible(signed_in(ctx) is not None)

    def refresh(self) -> None:
        found = ops.query(self, self.ctx, lambda s: (accounts.list_accounts(s), accounts.auto_sign_in_username(s)))
        if found is ops.FAILED:
            return
        rows, auto = found
        self.model.set_rows(rows)
        who = signed_in(self.ctx)
        self.me.setText(f"Đang đăng nhập: <b>{who.display}</b> — vai trò {who.role.label}." if who else
                        f"Đang dùng chương trình với tên “{self.ctx.actor}” (chưa đăng nhập tài khoản).")
        self.auto_combo.clear()
        self.auto_combo.addItem("Luôn hỏi tên đăng nhập và mật khẩu", "")
        for a in rows:
            if a.active:
                self.auto_combo.addItem(f"Tự động đăng nhập bằng “{a.username}” ({a.role_label})", a.username)
        self.auto_combo.setCurrentIndex(max(0, self.auto_combo.findData(auto or "")))

    def _selected(self) -> accounts.AccountRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _write(self, reason: str, change) -> bool:
        if ops.change(self, self.ctx, reason, change, refresh="accounts") is ops.FAILED:
            return False
        self.refresh()
        return True

    def do_add(self) -> None:
        taken = {a.username for a in self.model.rows()}
        values = AccountDialog(self, "new", taken=taken).exec()
        if values is None:
            return
        self._write(f"Thêm tài khoản {values.username}", lambda s: accounts.create_account(
            s, values.username, values.password, values.role, values.full_name))

    def do_edit(self) -> None:
        chosen = self._selected()
        if chosen is None or not allowed(self.ctx, Action.ACCOUNTS):
            return
        values = AccountDialog(self, "edit", account=chosen).exec()
        if values is None:
            return
        self._write(f"Sửa tài khoản {chosen.username}", lambda s: accounts.update_account(
            s, chosen.username, full_name=values.full_name, role=values.role, active=values.active))

    def do_reset(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        answer = PasswordDialog(self, chosen.username, own=False).exec()
        if answer is None:
            return
        self._write(f"Đặt lại mật khẩu của {chosen.username}",
                    lambda s: accounts.set_password(s, chosen.username, answer[1]))

    def do_unlock(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._write(f"Mở khóa tài khoản {chosen.username}", lambda s: accounts.unlock(s, chosen.username))

    def do_own_password(self) -> None:
        who = signed_in(self.ctx)
        if who is None:
            return
        answer = PasswordDialog(self, who.username, own=True).exec()
        if answer is None:
            return
        if self._write("Đổi mật khẩu của mình",
                       lambda s: accounts.set_password(s, who.username, answer[1], old_password=answer[0])):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Đã đổi mật khẩu", "Mật khẩu mới có hiệu lực từ lần đăng nhập sau.")

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def show_code(self, code: str, username: str, ward_name: str) -> None:
        RecoveryCodeDialog(self, code, username, ward_name).exec()

    def do_new_recovery_code(self) -> None:
        who = signed_in(self.ctx)
        actor = who.username if who is not None else self.ctx.actor
        if not self.confirm("Mã khôi phục mới", "Tạo mã khôi phục mới? Mã đã in trước đây hết hiệu lực."):
            return
        made = ops.with_database(self, self.ctx, lambda db: (accounts.new_recovery_code(db, actor),
                                                             ward.ward_name(db)), refresh="settings")
        if made is not ops.FAILED:
            self.show_code(made[0], actor, made[1])

    def do_save_auto(self) -> None:
        chosen = self.auto_combo.currentData() or None
        self._write("Đổi cách đăng nhập", lambda s: accounts.set_auto_sign_in(s, chosen))
