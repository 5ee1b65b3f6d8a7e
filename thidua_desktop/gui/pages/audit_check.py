"""Kiểm tra dữ liệu: run the integrity and consistency checks and list what they found."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services.safety import check
from .. import operations as ops
from ..tablemodel import Column, RowTableModel

_RULE_TITLES = dict(check.rule_titles())


class CheckTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: check.CheckReport | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("Kiểm tra tệp dữ liệu có nguyên vẹn không (như sau khi mất điện) và dữ liệu có theo "
                       "đúng các quy tắc của chương trình không. Việc kiểm tra chỉ đọc, không sửa gì.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.run_button = QPushButton("Kiểm tra ngay")
        self.run_button.setObjectName("runCheckButton")
        row.addWidget(self.run_button)
        self.summary = QLabel("Chưa kiểm tra lần nào trong phiên này.")
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        self.model = RowTableModel([
            Column("Mức", lambda f: "Lỗi" if f.severity == check.ERROR else "Xem lại",
                   foreground=lambda f: "#b3261e" if f.severity == check.ERROR else "#a15c00"),
            Column("Nội dung", lambda f: f.message, tooltip=lambda f: f.message),
            Column("Quy tắc", lambda f: _RULE_TITLES.get(f.rule, f.rule)),
        ])
        self.view = QTableView()
        self.view.setObjectName("findingsView")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 320)
        layout.addWidget(self.view, 1)
        rules = QLabel("<b>Các quy tắc được kiểm tra:</b><br>" + "<br>".join(
            f"• {title}" for _, title in check.rule_titles()))
        rules.setWordWrap(True)
        rules.setStyleSheet("color: #5f6368;")
        layout.addWidget(rules)
        self.run_button.clicked.connect(self.run_check)

    def run_check(self) -> None:
        self.run_button.setEnabled(False)
        operation = ops.database_in_background(self, self.ctx, "Đang kiểm tra dữ liệu…", check.run_checks,
                                               on_done=self.show_report)
        operation.finished.connect(lambda _ok: self.run_button.setEnabled(True))

    def show_report(self, report: check.CheckReport) -> None:
        self.report = report
        self.model.set_rows(report.findings)
        self.view.resizeRowsToContents()
        colour = "#1e6b33" if not report.findings else ("#b3261e" if report.errors else "#a15c00")
        self.summary.setStyleSheet(f"color: {colour}; font-weight: bold;")
        advice = "" if report.ok else " Hãy phục hồi từ bản sao lưu gần nhất hoặc sửa các mục dưới đây."
        self.summary.setText(report.summary() + advice)
