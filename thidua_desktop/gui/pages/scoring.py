"""Chấm điểm, xếp hạng: each block's ranking with its explanation, and the scorecards.

A block (or the whole ward) and a period are chosen at the top; the ranking
says whether it is provisional (a unit has not reported) and prints its
tie-break chain; selecting a unit shows every line of its score. The block's
scorecard and its bonus/deduction points are edited from here.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import scoring as sc
from ...domain.roles import Action
from ...domain.text import format_number
from ...services.awards import ranking_export, scorecards, scoring
from .. import collector
from .. import operations as ops
from ..access import restrict
from ..dialogs import ask_reason
from ..empty import NO_MATCH, hint_when_empty
from ..files import save_path
from ..flow import FlowLayout
from ..tablemodel import ALIGN_CENTER, ALIGN_RIGHT, Column, RowTableModel, SearchProxy, fit_columns, tidy_table
from ..awards.scorecard import AdjustmentDialog, ScorecardDialog
from ..awards.whatif import open_what_if
from ..unit_card import open_unit_card
from .base import Page, heading

WARD = -1
_WARN = "#8a5300"
_OK = "#1e6b33"


def _scoring_view(session, period_id: int | None) -> scoring.ScoringView:
    with collector.paused():  # in the worker: see gui/collector.py
        return scoring.scoring_view(session, period_id)


def _rank(s: sc.UnitScore) -> str:
    return str(s.rank) if s.rank is not None else "—"


class ScoringPage(Page):
    areas = ("results", "units", "blocks", "plan", "scoring", "settings")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        self.view_data: scoring.ScoringView | None = None
        self.rankings: scoring.Rankings | None = None
        self.loading: ops.Operation | None = None  # the ranking being computed in the background
        self._loads = 0
        layout = QVBoxLayout(self)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        toolbar = QWidget()
        bar = FlowLayout(toolbar)  # the buttons go to a second line on a narrow screen
        bar.addWidget(QLabel("Khối:"))
        self.block = QComboBox()
        self.block.setObjectName("blockCombo")
        self.block.setMinimumWidth(260)
        bar.addWidget(self.block)
        bar.addWidget(QLabel("Kỳ:"))
        self.period = QComboBox()
        self.period.setObjectName("periodCombo")
        # the periods arrive after the first show: sized to them, not to the empty box
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.period)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm đơn vị…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(200)
        bar.addWidget(self.search)
        self.card_button = QPushButton("Bảng điểm của khối…")
        self.card_button.setObjectName("scorecardButton")
        self.adjust_button = QPushButton("Thêm điểm thưởng / điểm trừ…")
        self.remove_adjust_button = QPushButton("Bỏ điểm thưởng / trừ…")
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setObjectName("exportRankingButton")
        self.export_button.setToolTip("Bảng điểm, xếp hạng toàn phường và từng khối, kèm cách tính điểm "
                                      "của từng đơn vị, ra một tệp Excel")
        self.whatif_button = QPushButton("Thử thay đổi quy tắc…")
        self.whatif_button.setObjectName("whatIfButton")
        self.whatif_button.setToolTip("Đổi điểm tiêu chí, tiêu chí phụ, số lượng Giấy khen, điều kiện khen thưởng "
                                      "và xem xếp hạng, danh sách Giấy khen trước và sau; chưa ghi gì")
        for b in (self.card_button, self.adjust_button, self.remove_adjust_button, self.export_button,
                  self.whatif_button):
            bar.addWidget(b)
        layout.addWidget(toolbar)
        self.status = QLabel()
        self.status.setObjectName("rankingStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        # how ties are broken, under the status: on a short screen the splitter below gives way, not this line
        self.chain = QLabel()
        self.chain.setObjectName("tiebreakChain")
        self.chain.setWordWrap(True)
        self.chain.setStyleSheet("color: #3c4043;")
        layout.addWidget(self.chain)
        self.model = RowTableModel([
            Column("Hạng", _rank, align=ALIGN_CENTER, sort_key=lambda v: (v == "—", int(v) if v != "—" else 0)),
            Column("Đơn vị", lambda s: s.name),
            Column("Khối", lambda s: s.block),
            Column("Tổng điểm", lambda s: s.total if s.reported else None, align=ALIGN_RIGHT),
            Column("% thang điểm", lambda s: s.percent if s.reported else None, align=ALIGN_RIGHT),
            Column("Xếp loại", lambda s: s.band),
            Column("Chỉ tiêu vượt", lambda s: s.exceeded_count if s.reported else None, align=ALIGN_RIGHT),
            Column("Điểm thưởng", lambda s: s.bonus if s.reported else None, align=ALIGN_RIGHT),
            Column("Điểm trừ", lambda s: s.deductions if s.reported else None, align=ALIGN_RIGHT),
            Column("Ghi chú", lambda s: s.status or s.tie_note, tooltip=lambda s: s.tie_note,
                   foreground=lambda s: "#b3261e" if s.disqualified or s.unassigned
                   else (_WARN if not s.reported else None)),
        ])
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("rankingView")
        self.view.setModel(self.proxy)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        tidy_table(self.view)
        hint_when_empty(self.view, lambda: NO_MATCH if self.model.rowCount() else (
            "Chưa có đơn vị nào để chấm điểm. Xếp đơn vị vào khối thi đua và nhập kết quả ở trang "
            "“Chỉ tiêu và kết quả”."))
        self.explain = QTextBrowser()
        self.explain.setObjectName("explanation")
        self.explain.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.explain)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.block.currentIndexChanged.connect(self._show)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.view.doubleClicked.connect(  # a unit: its card
            lambda index: open_unit_card(self, self.ctx, self.proxy.row_at(index).unit_id))
        self.card_button.clicked.connect(self.edit_scorecard)
        self.adjust_button.clicked.connect(self.add_adjustment)
        self.remove_adjust_button.clicked.connect(self.remove_adjustment)
        self.export_button.clicked.connect(lambda: self.export_xlsx())
        self.whatif_button.clicked.connect(self.try_rules)
        restrict(ctx, Action.EDIT_DATA, self.card_button, self.adjust_button, self.remove_adjust_button)

    # --- loading ------------------------------------------------------------------
    def refresh(self) -> None:
        """Score and rank in the background (a second or more for a ward of 2 000 units);
        only the latest of overlapping loads is shown."""
        period_id = self.period.currentData()
        self._loads += 1
        n = self._loads
        self.loading = ops.query_in_background(
            self, self.ctx, "Đang chấm điểm, xếp hạng…", lambda s, progress: _scoring_view(s, period_id),
            lambda view: self._loaded(view) if n == self._loads else None, cancellable=False)
        self.loading.finished.connect(lambda _ok: self._load_finished(n))

    def _load_finished(self, n: int) -> None:
        if n == self._loads:
            self.loading = None

    def _loaded(self, view: scoring.ScoringView) -> None:
        self.view_data = view
        self.rankings = view.rankings
        self.heading.setText(f"Chấm điểm, xếp hạng năm {view.year}")
        self.period.blockSignals(True)
        self.period.clear()
        for p in view.periods:
            self.period.addItem(p.name, p.id)
        self.period.setCurrentIndex(max(0, self.period.findData(self.rankings.period.id)))
        self.period.blockSignals(False)
        chosen = self.block.currentData()
        self.block.blockSignals(True)
        self.block.clear()
        for b in self.rankings.blocks:
            mark = " (tạm thời)" if b.ranking.provisional else ""
            self.block.addItem(f"{b.card.block_name}{mark}", b.card.block_id)
        self.block.addItem("Toàn phường (so theo % thang điểm)", WARD)
        index = self.block.findData(chosen) if chosen is not None else 0
        self.block.setCurrentIndex(max(0, index))
        self.block.blockSignals(False)
        self._show()

    def _period_changed(self) -> None:
        self.refresh()

    def current_block(self) -> scoring.BlockRanking | None:
        if self.rankings is None:
            return None
        bid = self.block.currentData()
        return next((b for b in self.rankings.blocks if b.card.block_id == bid), None)

    def _show(self) -> None:
        if self.rankings is None:
            return
        block = self.current_block()
        ranking = block.ranking if block is not None else self.rankings.ward
        self.model.set_rows(ranking.entries)
        self.view.setColumnHidden(2, block is not None)
        self.view.setColumnHidden(4, block is not None)
        self.view.setColumnHidden(3, block is None)
        colour = _WARN if ranking.provisional or not ranking.entries else _OK
        notes = block.card.notes if block is not None else []
        if self.rankings.unassigned:  # on every view: a unit outside the blocks is never silently dropped
            notes = notes + [sc.unassigned_note(self.rankings.unassigned)]
        text = f'<b style="color:{colour}">{html.escape(ranking.status_text)}</b>'
        if block is not None:
            text += f" — thang {format_number(block.card.card.scale)} điểm"
        if notes:
            text += "<br>" + "<br>".join(f"• {html.escape(n)}" for n in notes)
        self.status.setText(text)
        self.chain.setText("Cách xếp hạng: " + ranking.chain_text)
        for b in (self.card_button, self.adjust_button, self.remove_adjust_button):
            b.setEnabled(block is not None)
        restrict(self.ctx, Action.EDIT_DATA, self.card_button, self.adjust_button, self.remove_adjust_button)
        if self.proxy.rowCount():
            self.view.selectRow(0)
            self._selected()
        else:
            self.explain.setHtml("<p>Khối chưa có đơn vị nào.</p>")
        # widths measured as a next step of the event loop: with the rows' fill in one go, a
        # large ward's ranking froze the window some 100 ms
        QTimer.singleShot(0, self, lambda: fit_columns(self.view))

    def _selected(self, *args) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        self.explain.setHtml(explanation_html(self.proxy.row_at(index)))

    def select_unit(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(self.proxy.index(row, 0)).name == name:
                self.view.selectRow(row)
                self._selected()
                return

    # --- export --------------------------------------------------------------------
    def export_xlsx(self, path: Path | None = None):
        """Write the rankings of the chosen period (every block, the ward, and
        each unit's score line by line) to an xlsx the clerk picks."""
        if self.view_data is None:
            return None
        rankings, ward_name, year = self.view_data.rankings, self.view_data.ward_name, self.view_data.year
        stem = f"xep-hang-thi-dua-{year}" + ("" if rankings.period.is_main else f"-{rankings.period.code}")
        path = path or save_path(self, "Xuất bảng điểm, xếp hạng ra Excel", f"{stem}.xlsx", "Tệp Excel (*.xlsx)")
        if path is None:
            return None

        def work(progress):
            progress(0, 0, "Đang ghi tệp Excel…")
            return ranking_export.write_rankings_xlsx(rankings, path, ward_name, year)

        provisional = sum(1 for b in rankings.blocks if b.ranking.provisional)
        note = f"\n{provisional} khối còn xếp hạng tạm thời (có đơn vị chưa báo cáo)." if provisional else ""
        self.operation = ops.run_operation(
            self, "Xuất bảng điểm, xếp hạng", work, cancellable=False,
            on_done=lambda _: QMessageBox.information(
                self, "Đã xuất Excel", f"{len(rankings.blocks)} khối, {len(rankings.ward.entries)} đơn vị:\n"
                                       f"{path}{note}"))
        return self.operation

    # --- editing -----------------------------------------------------------------
    def try_rules(self):
        """The what-if sandbox, opened on the block shown."""
        block = self.current_block()
        self.what_if = open_what_if(self, self.ctx, block.card.block_id if block is not None else None)
        return self.what_if

    def edit_scorecard(self) -> None:
        block = self.current_block()
        if block is None:
            return
        kinds = {c.id: c.kind for c in block.card.criteria}
        dialog = ScorecardDialog(self, block.card, kinds)
        if not dialog.exec():
            return
        card = (block.card.block_id, dialog.scale_value, dialog.band_values(), dialog.tiebreak_values(),
                dialog.bonus_cap_value, dialog.edits(), dialog.note.text())
        ops.change(self, self.ctx, f"Sửa bảng chấm điểm {block.card.block_name}",
                   lambda s: scoring.save_scorecard(s, *card), refresh="scoring", title="Không lưu được bảng điểm")

    def _units(self) -> list[tuple[int, str]]:
        block = self.current_block()
        return [(s.unit_id, s.name) for s in block.ranking.entries] if block else []

    def add_adjustment(self) -> None:
        index = self.view.currentIndex()
        current = self.proxy.row_at(index).unit_id if index.isValid() else None
        dialog = AdjustmentDialog(self, self._units(), current)
        if not dialog.exec():
            return
        unit_id, points, reason = dialog.unit.currentData(), dialog.value, dialog.reason.toPlainText()
        ops.change(self, self.ctx, "Điểm thưởng, điểm trừ", lambda s: scorecards.adjust(s, unit_id, points, reason),
                   refresh="scoring", title="Không lưu được")

    def remove_adjustment(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        unit = self.proxy.row_at(index)
        rows = ops.query(self, self.ctx, lambda s: scorecards.adjustment_rows(s, unit.unit_id))
        if rows is ops.FAILED:
            return
        if not rows:
            QMessageBox.information(self, "Không có", f"{unit.name} không có điểm thưởng, điểm trừ nào.")
            return
        labels = [r.label for r in rows]
        chosen, ok = QInputDialog.getItem(self, "Bỏ điểm thưởng / trừ", f"{unit.name}:", labels, 0, False)
        if not ok:
            return
        reason = ask_reason(self, "Bỏ điểm thưởng / trừ", f"Vì sao bỏ “{chosen}”?")
        if reason is None:
            return
        adjustment_id = rows[labels.index(chosen)].id
        ops.change(self, self.ctx, reason, lambda s: scorecards.unadjust(s, adjustment_id), refresh="scoring",
                   title="Không bỏ được")


def explanation_html(s: sc.UnitScore) -> str:
    """One unit's score line by line: value, rule, points."""
    e = html.escape
    head = f"<h3 style='margin:0'>{e(s.name)}</h3>"
    if s.unassigned:
        return head + ("<p style='color:#b3261e'>Đơn vị chưa thuộc khối nào: chưa chấm điểm, chưa xếp hạng. "
                       "Xếp đơn vị vào một khối thi đua ở phần Đơn vị, khối thi đua.</p>")
    if not s.reported:
        return head + "<p style='color:#8a5300'>Đơn vị chưa báo cáo kết quả của kỳ này; chưa chấm điểm, chưa xếp hạng.</p>"
    rows = []
    colours = {"bonus": "#1e6b33", "penalty": "#b3261e", "adjust": "#1f4e8c", "disqualify": "#b3261e",
               "note": "#5f6368"}
    for line in s.lines:
        points = "" if line.points is None else format_number(line.points)
        colour = colours.get(line.kind, "#000")
        rows.append(f"<tr><td>{e(line.code)}</td><td>{e(line.label)}</td><td>{e(line.value)}</td>"
                    f"<td style='color:{colour}'>{e(line.rule)}</td><td align='right'><b>{points}</b></td></tr>")
    summary = (f"<p><b>Tổng: {format_number(s.base)} điểm tiêu chí + {format_number(s.bonus)} điểm thưởng − "
               f"{format_number(s.deductions)} điểm trừ = {e(sc.total_text(s.total, s.scale, s.bonus))}</b>"
               f" — xếp loại <b>{e(s.band)}</b>" + (f" — hạng {s.rank}" if s.rank else "") + "</p>")
    tie = f"<p><i>{e(s.tie_note)}</i></p>" if s.tie_note else ""
    table = ("<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
             "<tr><th>Mã</th><th>Tiêu chí</th><th>Kết quả</th><th>Cách chấm</th><th>Điểm</th></tr>"
             + "".join(rows) + "</table>")
    return head + summary + tie + table
