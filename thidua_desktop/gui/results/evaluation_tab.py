"""Đánh giá: each measure of the plan evaluated, and each unit's reporting, for a period."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from ...domain.evaluation import Status, value_text
from ...domain.text import format_number
from ...services.results import periods, reporting
from ..pages.base import load_in_background
from ..combos import refill_periods
from ..tablemodel import Column, RowTableModel, fit_columns
from ..unit_card import open_unit_card
from .grid import COLOURS, MISMATCH

STATUS_BACKGROUND = {Status.EXCEEDED: COLOURS[Status.EXCEEDED], Status.MET: COLOURS[Status.MET],
                     Status.NOT_MET: COLOURS[Status.NOT_MET], Status.NO_DATA: "#fff1c1"}


def _measure_columns(decimals: int) -> list[Column]:
    return [
        Column("Mã", lambda m: m.code, sort_key=lambda v: (len(v), v)),
        Column("Chỉ tiêu", lambda m: m.label),
        Column("Kế hoạch", lambda m: m.planned_text),
        Column("Số toàn phường", lambda m: m,
               display=lambda m: "" if m.official.values is None or m.official.values.value is None else
               value_text(m.official.values.value, "%" if m.spec.percent else m.unit, decimals),
               sort_key=lambda m: (0, m.official.values.value) if m.official.values and
               m.official.values.value is not None else (1,)),
        Column("Cộng dồn từ đơn vị", lambda m: m,
               display=lambda m: "" if m.rollup is None or m.rollup.value is None else
               value_text(m.rollup.value, "%" if m.spec.percent else "", decimals)
               + ("" if m.complete else f" ({m.reported_units}/{m.expected_units})"),
               sort_key=lambda m: (0, m.rollup.value) if m.rollup and m.rollup.value is not None else (1,),
               foreground=lambda m: MISMATCH if m.mismatch else None,
               tooltip=lambda m: (m.rollup.text(m.unit, decimals) + (" — không khớp với số toàn phường"
                                                                    if m.mismatch else "")) if m.rollup else ""),
        Column("% kế hoạch", lambda m: m.evaluation.percent_of_plan,
               display=lambda v: "" if v is None else format_number(v, max_decimals=2) + "%"),
        Column("Đánh giá", lambda m: m.status.label, background=lambda m: STATUS_BACKGROUND[m.status]),
        Column("Căn cứ đánh giá", lambda m: m.evaluation.rule, tooltip=lambda m: m.evaluation.rule),
    ]


class EvaluationTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Kỳ:"))
        self.period_combo = QComboBox()
        row.addWidget(self.period_combo)
        self.summary = QLabel()
        self.summary.setObjectName("evaluationSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.measures_model = RowTableModel(_measure_columns(2))
        self.measures = QTableView()
        self.measures.setObjectName("evaluationView")
        self.measures.setModel(self.measures_model)
        self.measures.verticalHeader().setVisible(False)
        self.measures.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.measures.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        splitter.addWidget(self.measures)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(QLabel("Tình hình báo cáo của các đơn vị:"))
        self.units_model = RowTableModel([
            Column("Đơn vị", lambda u: u.name, tooltip=lambda u: u.name),
            Column("Khối", lambda u: u.block, tooltip=lambda u: u.block),
            Column("Tình hình", lambda u: u.state_text, tooltip=lambda u: u.state_text,
                   background=lambda u: "#f6c1bc" if u.late else "#fff1c1" if not u.reported else None),
            Column("Vượt", lambda u: u.counts.get(Status.EXCEEDED.value) or None),
            Column("Đạt", lambda u: u.counts.get(Status.MET.value) or None),
            Column("Không đạt", lambda u: u.counts.get(Status.NOT_MET.value) or None),
            Column("Thủ trưởng", lambda u: u.head_name),
            Column("Điện thoại", lambda u: u.phone),
        ])
        self.units = QTableView()
        self.units.setObjectName("reportingView")
        self.units.setModel(self.units_model)
        self.units.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.units.setSortingEnabled(True)  # a click sorts; until then, units needing attention first
        self.units.verticalHeader().setVisible(False)
        self.units.doubleClicked.connect(  # a unit: its card
            lambda index: open_unit_card(self, self.ctx, self.units_model.row_at(index.row()).unit_id))
        box_layout.addWidget(self.units, 1)
        splitter.addWidget(box)
        layout.addWidget(splitter, 1)
        self.period_combo.currentIndexChanged.connect(self._load)

    def refresh(self) -> None:
        """The periods, then the chosen one's evaluation, read in the background."""
        load_in_background(self, self.ctx, periods.periods, self._fill_periods)

    def _fill_periods(self, found) -> None:
        refill_periods(self.period_combo, [(p.id, p.name, p.is_main) for p in found])
        self._load()

    def _load(self, *args) -> None:
        period_id = self.period_combo.currentData()
        if period_id is None:
            return
        load_in_background(self, self.ctx, lambda s: reporting.evaluation_of(s, period_id), self._show)

    def _show(self, found: reporting.PeriodEvaluation) -> None:
        self.measures_model.columns = _measure_columns(found.decimals)
        measures, status = found.picture.measures, found.picture.status
        self.measures_model.set_rows(measures)
        self.units_model.set_rows(sorted(status.units, key=lambda u: (u.reported, not u.late, not u.missing_items)))
        fit_columns(self.units, 200)  # the head and phone columns stay in sight on a 1366-pixel screen
        counts = {s: sum(1 for m in measures if m.status is s) for s in Status}
        self.summary.setText(
            f"{len(measures)} tiêu chí đo: <b style='color:#1e6b33'>{counts[Status.EXCEEDED]} vượt</b>, "
            f"<b style='color:#2e7d32'>{counts[Status.MET]} đạt</b>, "
            f"<b style='color:#b3261e'>{counts[Status.NOT_MET]} không đạt</b>, "
            f"<b style='color:#8a6d00'>{counts[Status.NO_DATA]} chưa đủ dữ liệu</b>. {status.summary()}.")
        self.measures.resizeColumnToContents(1)
        self.measures.setColumnWidth(1, min(self.measures.columnWidth(1), 320))
