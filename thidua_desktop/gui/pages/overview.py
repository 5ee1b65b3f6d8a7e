"""Tổng quan: the year's plan at a glance — themes, deadlines, participants, targets."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.deadlines import DeadlineState
from ...services import overview, plan
from ..tablemodel import Column, RowTableModel
from .base import Page, heading

STATE_COLOURS = {
    DeadlineState.NONE: "#5f6368",
    DeadlineState.OPEN: "#1e6b33",
    DeadlineState.SOON: "#a35a00",
    DeadlineState.DUE_TODAY: "#b3261e",
    DeadlineState.PASSED: "#b3261e",
}


class _Figure(QFrame):
    """A number with its caption."""

    def __init__(self, caption: str, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label = QLabel(caption)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(label)


class OverviewPage(Page):
    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        self.heading = heading("Kế hoạch thi đua")
        layout.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setObjectName("planSummary")
        layout.addWidget(self.summary)

        figures = QGridLayout()
        self.figures = {
            "units": _Figure("đơn vị đang hoạt động"),
            "blocks": _Figure("khối thi đua"),
            "registrations": _Figure("đơn vị đã đăng ký thi đua"),
            "people": _Figure("cá nhân"),
            "targets": _Figure("chỉ tiêu chủ yếu"),
        }
        for i, figure in enumerate(self.figures.values()):
            figures.addWidget(figure, 0, i)
        layout.addLayout(figures)

        self.targets_model = RowTableModel([
            Column("Mã", lambda r: r.code, sort_key=lambda v: (len(v), v)),
            Column("Chỉ tiêu", lambda r: r.label),
            Column("Kế hoạch", lambda r: r.planned_text),
        ])
        view = QTableView()
        view.setObjectName("overviewTargets")
        view.setModel(self.targets_model)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(view, 1)

    def refresh(self) -> None:
        with self.ctx.db.read() as session:
            info = overview.plan_overview(session)
            rows = plan.measure_rows(plan.current_campaign(session))
        self.heading.setText(f"Kế hoạch thi đua năm {info.year} — {info.ward_name}")

        def deadline(label: str, status) -> str:
            state, text = status
            return (f"<b>{label}:</b> <span style='color:{STATE_COLOURS[state]}'>"
                    f"{html.escape(text)}</span>")

        self.summary.setText(
            f"<p>{html.escape(info.title)}</p>"
            f"<p><i>Thực hiện {html.escape(info.reference)}.</i></p>"
            f"<p><b>Chủ đề của thành phố:</b> “{html.escape(info.city_theme)}”<br>"
            f"<b>Chủ đề của phường:</b> “{html.escape(info.ward_theme)}”</p>"
            f"<p>{deadline('Hạn các đơn vị báo cáo phường', info.units_deadline)}<br>"
            f"{deadline('Hạn phường báo cáo thành phố', info.ward_deadline)}</p>")
        for key, figure in self.figures.items():
            figure.value.setText(str(getattr(info, key)))
        self.targets_model.set_rows(rows)
