"""Tệp › Gửi dữ liệu năm cho thành phố… (the ward's side) and Tệp › Dữ liệu các phường…
(the city's side: receive files, see who sent what, write the consolidated table);
issue 18, item 4. The same ``services/exchange`` functions as ``thidua exchange``,
through the one path to the database (``gui/operations``), files in the worker.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..domain.text import format_number
from ..services import ward as ward_service
from ..services import years
from ..services.exchange import city, package, ward_year
from . import operations as ops
from .dialogs import fit_on_screen
from .files import save_path


def is_city(parent: QWidget | None, ctx) -> bool:
    found = ops.query(parent, ctx, city.is_city)
    return found is True


def export_year(parent: QWidget, ctx) -> None:
    """Write one year of the ward to a .thidua file for the city."""
    rows = ops.query(parent, ctx, years.list_years)
    if rows is ops.FAILED or not rows:
        return
    labels = [str(r.year) for r in reversed(rows)]
    chosen, ok = QInputDialog.getItem(parent, "Gửi dữ liệu năm cho thành phố", "Năm:", labels, 0, False)
    if not ok:
        return
    ward = ops.with_database(parent, ctx, ward_service.ward_name)
    if ward is ops.FAILED:
        return
    path = save_path(parent, "Lưu tệp dữ liệu năm", f"{_slug(ward)}-{chosen}{package.SUFFIX}",
                     f"Tệp trao đổi (*{package.SUFFIX})", remember="exchange")
    if path is None:
        return

    def done(exported) -> None:
        QMessageBox.information(parent, "Đã ghi tệp dữ liệu năm",
                                f"Đã ghi {exported.path} ({format_number(exported.bytes)} byte): dữ liệu năm "
                                f"{exported.year} của {exported.ward}. Gửi tệp này cho thành phố (thư điện tử, "
                                "USB); tệp có mã kiểm tra, bị sửa sẽ bị từ chối.")

    ops.database_in_background(parent, ctx, "Ghi tệp dữ liệu năm",
                               lambda db, progress: ward_year.export(db, int(chosen), path), on_done=done,
                               cancellable=False)


def _slug(name: str) -> str:
    from ..domain.text import fold

    return "-".join(fold(name).split()) or "phuong"


class ReceivedDialog(QDialog):
    """The city's view: every ward's file received, by year; receive more; the consolidated table."""

    COLUMNS = ("Năm", "Phường", "Lập lúc", "Chỉ tiêu vượt/đạt/không đạt/chưa đủ", "Phường khen (TT, CN, hộ)", "Tệp")

    def __init__(self, parent: QWidget | None, ctx):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Dữ liệu các phường gửi về")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("receivedTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.receive_button = QPushButton("Nhận tệp của các phường…")
        self.receive_button.clicked.connect(self.receive)
        self.report_button = QPushButton("Xuất bảng tổng hợp (Excel, Word)…")
        self.report_button.clicked.connect(self.write_report)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.report_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()
        fit_on_screen(self)

    def refresh(self) -> None:
        found = ops.query(self, self.ctx, lambda s: (city.require_city(s), city.received(s)))
        if found is ops.FAILED:
            return
        name, files = found
        self.heading.setText(f"<b>{name}</b>: {len(files)} tệp đã nhận" if files
                             else f"<b>{name}</b>: chưa nhận tệp nào")
        self.table.setRowCount(len(files))
        for row, f in enumerate(files):
            t = f.targets
            values = (str(f.year), f.ward, city.when_text(f.created_at),
                      "/".join(str(t[k]) for k in ("exceeded", "met", "not_met", "no_data")),
                      ", ".join(str(f.awarded[k]) for k in ("unit", "person", "household")),
                      f.file_name)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.report_button.setEnabled(bool(files))

    def receive(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp dữ liệu của các phường", "",
                                                 f"Tệp trao đổi (*{package.SUFFIX})")
        if not chosen:
            return
        paths = [Path(p) for p in chosen]
        ops.database_in_background(self, self.ctx, "Kiểm tra tệp dữ liệu",
                                   lambda db, progress: city.plan_import(db, paths), on_done=self._confirm,
                                   cancellable=False)

    def _confirm(self, plan: city.ImportPlan) -> None:
        lines = "\n".join(item.line() for item in plan.items)
        if not plan.writes:
            QMessageBox.information(self, "Không có gì mới", lines)
            return
        answer = QMessageBox.question(self, "Nhận tệp dữ liệu", f"{lines}\n\nNhận các tệp này?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.database_in_background(self, self.ctx, "Nhận tệp dữ liệu",
                                   lambda db, progress: city.apply_import(db, plan),
                                   on_done=self._received, cancellable=False)

    def _received(self, text: str) -> None:
        self.refresh()
        self.ctx.changed("exchange")
        QMessageBox.information(self, "Đã nhận", text)

    def write_report(self) -> None:
        path = save_path(self, "Lưu bảng tổng hợp", "tong-hop-cac-phuong.xlsx",
                         "Tệp Excel (*.xlsx);;Văn bản Word (*.docx)", remember="exchange")
        if path is None:
            return
        ops.database_in_background(
            self, self.ctx, "Ghi bảng tổng hợp", lambda db, progress: city.write_report(db, path),
            on_done=lambda done: QMessageBox.information(
                self, "Đã ghi", f"Đã ghi {done[0]}: bảng tổng hợp năm {done[1]} của {done[2]} phường."),
            cancellable=False)


def show_received(parent: QWidget, ctx) -> None:
    if not is_city(parent, ctx):
        QMessageBox.information(parent, "Dữ liệu các phường",
                                "Cơ sở dữ liệu này là của một phường. Thành phố dùng một cơ sở dữ liệu riêng "
                                "(thidua init --city \"Thành phố …\") để nhận tệp của các phường.")
        return
    ReceivedDialog(parent, ctx).exec()
