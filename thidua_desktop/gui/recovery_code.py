"""The recovery code, shown once and printable (made at the first launch, after a reset
with the old code, or by an administrator on the accounts tab)."""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from . import screen


class RecoveryCodeDialog(QDialog):
    def __init__(self, parent: QWidget | None, code: str, username: str, ward_name: str):
        super().__init__(parent)
        self.code, self.username, self.ward_name = code, username, ward_name
        self.setWindowTitle("Mã khôi phục mật khẩu")
        layout = QVBoxLayout(self)
        intro = QLabel("Đây là <b>mã khôi phục</b> mật khẩu quản trị. Nó chỉ hiện <b>một lần</b>: hãy in ra "
                       "(hoặc chép tay) và cất ở nơi an toàn trong văn phòng. Khi quên mật khẩu, bấm "
                       "<i>Quên mật khẩu…</i> ở cửa sổ đăng nhập và nhập mã này.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = QLabel(code)
        font = QFont("Consolas")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.code_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đã in hoặc ghi lại")
        self.print_button = buttons.addButton("In mã…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_code)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        screen.fit_lines(self, 64)  # the warning in a few lines, not eight narrow ones

    def sheet(self) -> QTextDocument:
        """The printed page: whose code it is, for which data, when it was made."""
        esc = html.escape
        doc = QTextDocument()
        doc.setHtml(f"<h2>Mã khôi phục mật khẩu — Thi đua – Khen thưởng</h2>"
                    f"<p>{esc(self.ward_name)}<br>Tài khoản quản trị: <b>{esc(self.username)}</b><br>"
                    f"Tạo lúc {dt.datetime.now():%H:%M ngày %d/%m/%Y}</p>"
                    f"<p style='font-size:20pt; font-family:monospace'><b>{esc(self.code)}</b></p>"
                    "<p>Khi quên mật khẩu: mở chương trình, bấm <i>Quên mật khẩu…</i>, nhập tên đăng nhập, "
                    "mã này và mật khẩu mới. Mã dùng một lần; chương trình cho mã mới ngay sau đó. "
                    "Cất giấy này nơi an toàn: ai có mã đều đặt lại được mật khẩu quản trị.</p>")
        return doc

    def print_to(self, printer: QPrinter) -> None:
        self.sheet().print_(printer)

    def print_code(self) -> None:
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)
