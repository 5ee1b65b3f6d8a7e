"""Tệp › Kết thúc năm…, Mở lại năm…, Mở năm mới… (issue 18, item 1), and the
status-bar note that says the year shown is closed.

Each action calls the same ``services/years`` function as ``thidua year``,
through the one write path (``gui/operations``), after a backup.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget,
)

from ..services import years
from . import operations as ops
from . import screen
from .files import open_path


def _current(parent: QWidget, ctx) -> years.YearRow | None:
    rows = ops.query(parent, ctx, years.list_years)
    if rows is ops.FAILED:
        return None
    return next((r for r in rows if r.current), None)


class CloseYearDialog(QDialog):
    """What is still missing, then the reason to close anyway when something is."""

    def __init__(self, parent: QWidget | None, year: int, gaps: list[str]):
        super().__init__(parent)
        self.setWindowTitle(f"Kết thúc năm {year}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Kết thúc (khóa sổ) năm {year}: chương trình sao lưu dữ liệu, rồi dữ liệu của năm "
                       "chỉ còn để xem và in. Muốn sửa sau đó phải mở lại năm, có ghi lý do.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.reason = QLineEdit()
        self.reason.setObjectName("despiteEdit")
        if gaps:
            listed = QLabel("<b>Năm chưa xong:</b><ul>" + "".join(f"<li>{g}</li>" for g in gaps) + "</ul>")
            listed.setObjectName("gapsLabel")
            listed.setWordWrap(True)
            layout.addWidget(listed)
            layout.addWidget(QLabel("Vẫn kết thúc năm? Ghi lý do (được lưu lại):"))
            self.reason.setPlaceholderText("Ví dụ: Hết năm; đơn vị không gửi báo cáo")
            layout.addWidget(self.reason)
        else:
            done = QLabel("Năm đã xong: mọi đơn vị đã báo cáo, mọi đề nghị đã có quyết định, văn bản đã có số.")
            done.setWordWrap(True)
            layout.addWidget(done)
            self.reason.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Kết thúc năm")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if gaps:
            self.ok.setEnabled(False)
            self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        screen.fit_lines(self)  # left alone it came up 279 pixels wide


def close_year(parent: QWidget, ctx) -> bool:
    row = _current(parent, ctx)
    if row is None:
        return False
    if row.closed:
        QMessageBox.information(parent, "Kết thúc năm", f"Năm {row.year} đã kết thúc.")
        return False
    gaps = ops.query(parent, ctx, lambda s: years.gaps(s, row.year))
    if gaps is ops.FAILED:
        return False
    dialog = CloseYearDialog(parent, row.year, gaps)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if not ops.checkpoint(parent, ctx, f"Trước khi kết thúc năm {row.year}"):
        return False
    despite = dialog.reason.text() if gaps else ""
    done = ops.change(parent, ctx, f"Kết thúc năm {row.year}",
                      lambda s: years.close_year(s, row.year, actor=ctx.actor, despite=despite),
                      refresh="*", title="Chưa kết thúc được năm")
    return done is not ops.FAILED


def reopen_year(parent: QWidget, ctx) -> bool:
    rows = ops.query(parent, ctx, years.list_years)
    if rows is ops.FAILED:
        return False
    closed = [r for r in rows if r.closed]
    if not closed:
        QMessageBox.information(parent, "Mở lại năm", "Chưa có năm nào kết thúc.")
        return False
    labels = [str(r.year) for r in reversed(closed)]
    chosen, ok = QInputDialog.getItem(parent, "Mở lại năm", "Năm đã kết thúc:", labels, 0, False)
    if not ok:
        return False
    reason, ok = QInputDialog.getText(parent, f"Mở lại năm {chosen}", "Lý do mở lại (được lưu lại):")
    if not ok:
        return False
    done = ops.change(parent, ctx, f"Mở lại năm {chosen}: {reason}",
                      lambda s: years.reopen_year(s, int(chosen), reason, actor=ctx.actor),
                      refresh="*", title="Chưa mở lại được năm")
    return done is not ops.FAILED


def open_year(parent: QWidget, ctx) -> bool:
    path = open_path(parent, "Chọn tệp kế hoạch năm mới", "Tệp kế hoạch (*.toml)", remember="plan-file")
    if path is None:
        return False
    blocks = ops.query(parent, ctx, years.latest_blocks)
    if blocks is ops.FAILED:
        return False
    carry = bool(blocks) and QMessageBox.question(
        parent, "Mở năm mới",
        f"Chuyển sang năm mới {len(blocks)} khối thi đua của năm trước, với các đơn vị trong khối, bảng chấm điểm "
        "và tiêu chí?\n\n" + "\n".join(f"• {name}" for name in blocks)
        + "\n\nChọn “Không” để lập các khối của năm mới từ đầu.") == QMessageBox.StandardButton.Yes
    if not ops.checkpoint(parent, ctx, f"Trước khi mở năm mới từ tệp {path.name}"):
        return False
    opened = ops.change(parent, ctx, f"Mở năm mới từ tệp kế hoạch {path.name}",
                        lambda s: years.open_year(s, path, actor=ctx.actor, carry_blocks=carry),
                        refresh="*", title="Chưa mở được năm mới")
    if opened is ops.FAILED:
        return False
    text = (f"Đã mở năm {opened.year.year}: chuyển sang {opened.blocks} khối thi đua, {opened.memberships} "
            f"đơn vị trong khối, {opened.criteria} tiêu chí.")
    if opened.criteria_unlinked:
        text += ("\n\nCác tiêu chí theo chỉ tiêu không còn trong kế hoạch mới đã chuyển thành tiêu chí có/không:\n"
                 + "\n".join(opened.criteria_unlinked))
    QMessageBox.information(parent, "Mở năm mới", text)
    return True


class YearStatus(QLabel):
    """“Năm 2026 đã kết thúc — chỉ xem, in” while the year shown is closed."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("yearStatus")
        self.setStyleSheet("color: #8a5a00;")
        ctx.data_changed.connect(lambda area: self.refresh() if area in ("year", "*") else None)
        self.refresh()

    def refresh(self) -> None:
        row = _current(self, self.ctx)
        closed = row is not None and row.closed
        self.setText(f"Năm {row.year} đã kết thúc — chỉ xem, in" if closed else "")
        self.setVisible(closed)
