"""Tổng quan: the year's plan at a glance — themes, deadlines, participants, targets,
and how the year is going: who has reported, who is late, each target's result."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.deadlines import DeadlineState, deadline_status
from ...domain.evaluation import Status, value_text
from ...domain.text import format_number
from ...services.results import evaluation as ev
from ...services import overview
from ...services.results import reporting
from ..combos import refill_periods
from ..results.charts import Bar, ReportingDonut, Slice, TargetBars
from ..results.grid import COLOURS
from ..tablemodel import Column, RowTableModel
from .base import Page, heading, load_in_background

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


STATUS_BACKGROUND = {Status.EXCEEDED: COLOURS[Status.EXCEEDED], Status.MET: COLOURS[Status.MET],
                     Status.NOT_MET: COLOURS[Status.NOT_MET], Status.NO_DATA: "#fff1c1"}


class OverviewPage(Page):
    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
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
            "reported": _Figure("đơn vị đã báo cáo kết quả"),
        }
        for i, figure in enumerate(self.figures.values()):
            figures.addWidget(figure, 0, i)
        layout.addLayout(figures)

        charts = QHBoxLayout()
        results_box = QGroupBox("Kết quả thực hiện các chỉ tiêu (% so với kế hoạch; vạch xanh là kế hoạch)")
        results_layout = QVBoxLayout(results_box)
        period_row = QHBoxLayout()
        period_row.addWidget(QLabel("Kỳ:"))
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("overviewPeriod")
        period_row.addWidget(self.period_combo)
        self.status_counts = QLabel()
        self.status_counts.setObjectName("overviewStatusCounts")
        self.status_counts.setTextFormat(Qt.TextFormat.RichText)
        period_row.addWidget(self.status_counts, 1)
        results_layout.addLayout(period_row)
        self.bars = TargetBars()
        results_layout.addWidget(self.bars)
        charts.addWidget(results_box, 3)
        reporting_box = QGroupBox("Tình hình báo cáo của các đơn vị")
        reporting_layout = QVBoxLayout(reporting_box)
        self.donut = ReportingDonut()
        reporting_layout.addWidget(self.donut)
        self.reporting_text = QLabel()
        self.reporting_text.setObjectName("overviewReporting")
        self.reporting_text.setWordWrap(True)
        self.reporting_text.setTextFormat(Qt.TextFormat.RichText)
        self.reporting_text.setAlignment(Qt.AlignmentFlag.AlignTop)
        reporting_layout.addWidget(self.reporting_text, 1)
        charts.addWidget(reporting_box, 2)
        layout.addLayout(charts)

        self.targets_model = RowTableModel([
            Column("Mã", lambda r: r.code, sort_key=lambda v: (len(v), v)),
            Column("Chỉ tiêu", lambda r: r.label),
            Column("Kế hoạch", lambda r: r.planned_text),
            Column("Thực hiện", lambda r: r, display=lambda r: value_text(r.actual, r.unit) if r.actual is not None
                   and r.status is not Status.NO_DATA else "", sort_key=lambda r: (0, r.actual or 0)),
            Column("% kế hoạch", lambda r: r.evaluation.percent_of_plan if r.status is not Status.NO_DATA else None,
                   display=lambda v: "" if v is None else format_number(v, max_decimals=2) + "%"),
            Column("Đánh giá", lambda r: r.status.label, background=lambda r: STATUS_BACKGROUND[r.status],
                   tooltip=lambda r: r.evaluation.rule),
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
        view.setMinimumHeight(420)
        layout.addWidget(view, 1)
        self.period_combo.currentIndexChanged.connect(self._load_results)

    def refresh(self) -> None:
        """The plan, then the chosen period's picture, read in the background."""
        load_in_background(self, self.ctx, lambda s: (overview.plan_overview(s), overview.period_choices(s)),
                           self._fill)

    def _fill(self, found) -> None:
        info, periods = found
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
            if key != "reported":
                figure.value.setText(str(getattr(info, key)))
        refill_periods(self.period_combo, periods)
        self._load_results()

    def _load_results(self, *args) -> None:
        period_id = self.period_combo.currentData()
        if period_id is None:
            return
        load_in_background(self, self.ctx, lambda s: overview.period_picture(s, period_id), self._show_picture)

    def _show_picture(self, picture) -> None:
        measures, status = picture.measures, picture.status
        self.targets_model.set_rows(measures)
        self.bars.set_bars([_bar(m) for m in measures])
        counts = {s: sum(1 for m in measures if m.status is s) for s in Status}
        self.status_counts.setText(
            f"<b style='color:#1e6b33'>{counts[Status.EXCEEDED]} vượt</b> · "
            f"<b style='color:#2e7d32'>{counts[Status.MET]} đạt</b> · "
            f"<b style='color:#b3261e'>{counts[Status.NOT_MET]} không đạt</b> · "
            f"<b style='color:#8a6d00'>{counts[Status.NO_DATA]} chưa đủ dữ liệu</b>")
        self._show_reporting(status)

    def _show_reporting(self, status: reporting.ReportingStatus) -> None:
        reported = status.reported
        late_reported = [u for u in reported if u.late]
        on_time = len(reported) - len(late_reported)
        missing = status.not_reported
        overdue = [u for u in missing if u.late]
        self.figures["reported"].value.setText(f"{len(reported)}/{status.expected}")
        self.donut.set_data([
            Slice("Đúng hạn", on_time, "#3d9a4a"),
            Slice("Trễ hạn", len(late_reported), "#e8a33d"),
            Slice("Chưa báo cáo" + (" (quá hạn)" if overdue else ""), len(missing),
                  "#d9534f" if overdue else "#c9c9c9"),
        ], f"{len(reported)}/{status.expected}", "đơn vị đã báo cáo")
        state, words = deadline_status(status.deadline, status.today, status.deadline_day_on_time)
        lines = [f"<b>Hạn báo cáo:</b> <span style='color:{STATE_COLOURS[state]}'>{html.escape(words)}</span>"]
        if late_reported:
            lines.append("<b>Báo cáo trễ hạn:</b> " + ", ".join(
                f"{html.escape(u.name)} ({u.days_late} ngày)" for u in late_reported))
        if missing:
            word = "Quá hạn, chưa báo cáo" if overdue else "Chưa báo cáo"
            lines.append(f"<b style='color:{'#b3261e' if overdue else '#8a6d00'}'>{word}:</b> "
                         + ", ".join(html.escape(u.name) + (f" ({html.escape(u.phone)})" if u.phone else "")
                                     for u in missing))
        elif status.expected:
            lines.append("<b style='color:#1e6b33'>Tất cả đơn vị đã báo cáo.</b>")
        incomplete = status.incomplete
        if incomplete:
            lines.append(f"<b>Báo cáo còn thiếu mục:</b> {len(incomplete)} đơn vị ("
                         + ", ".join(html.escape(u.name) for u in incomplete[:6])
                         + ("…" if len(incomplete) > 6 else "") + ")")
        self.reporting_text.setText("<br>".join(lines))


def _bar(m: ev.MeasureResult) -> Bar:
    if m.status is Status.NO_DATA:
        note = f"Chưa đủ dữ liệu — {m.evaluation.rule}"
        return Bar(m.code, m.label, None, m.status, note)
    percent = m.evaluation.percent_of_plan
    if percent is None:
        return Bar(m.code, m.label, None, m.status, f"{m.status.label}: {m.evaluation.rule}")
    return Bar(m.code, m.label, percent, m.status, m.evaluation.rule)
