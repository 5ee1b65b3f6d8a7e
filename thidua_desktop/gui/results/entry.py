"""Nhập kết quả: period and view, the grid, the selected cell's details, forms out and in."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontMetricsF, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QFileDialog,
)

from ...domain.deadlines import deadline_status
from ...domain.evaluation import Status
from ...domain.results import detail_text, display_text
from ...domain.roles import Action
from ...domain.text import format_date
from ...errors import UserError
from ...services import printable_lists
from ...services.results import evaluation as ev
from ...services.results import periods, reporting
from ...services.results import grid as rg
from ...services.results import entry as rs
from .. import icons
from .. import operations as ops
from .. import tones
from ..access import restrict
from ..awards.printing import ListActions
from ..empty import hint_over
from ..errors import show_error
from ..files import documents_dir
from ..uiloader import child, load_form
from ..unit_card import open_unit_card
from .dialogs import FormsExportDialog, ImportPreviewDialog, PeriodDialog, PeriodValues
from .grid import ResultGridModel, ResultGridView, legend
from ..pages.base import load_in_background
from ..tablemodel import rows_to_measure, text_width
from .undo import REDO, UNDO, StackAction

STATUS_TEXT_COLOURS = {Status.EXCEEDED: "#1e6b33", Status.MET: "#2e7d32", Status.NOT_MET: "#b3261e",
                       Status.NO_DATA: "#8a6d00"}
SOURCE_WORDS = {"form": "phiếu đơn vị gửi về", "manual": "nhập tay", "paste": "dán từ Excel",
                "import": "bảng nhập từ Excel", "cli": "dòng lệnh", "demo": "dữ liệu mẫu"}


SIZED_ROWS = 60  # rows asked for their width besides those in sight


def _menu_button(text: str, name: str, menu: bool = True) -> QToolButton:
    """A toolbar button with its whole text (and a menu that opens on a click)."""
    button = QToolButton()
    button.setObjectName(name)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    if menu:
        button.setMenu(QMenu(button))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    return button


def empty_grid_text(grid: rg.Grid | None) -> str:
    """What to do when the grid has no target or no unit to enter ("" when it has both)."""
    if grid is None:
        return ""
    if not grid.columns:
        return ("Bảng này chưa có chỉ tiêu nào. Thêm chỉ tiêu ở thẻ “Chỉ tiêu”, rồi giao cho đơn vị "
                "ở thẻ “Giao cho đơn vị”.")
    if not any(row.kind == rg.UNIT for row in grid.rows):
        return ("Chưa có đơn vị nào được giao chỉ tiêu. Thêm đơn vị ở trang “Đơn vị, khối, cá nhân”, "
                "rồi bấm “Giao theo mặc định…” ở thẻ “Giao cho đơn vị”.")
    return ""


def _keys(first: str, standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """``first`` (what a Windows clerk presses) and the platform's own keys, each once
    (a key bound twice to one action would be ambiguous and do nothing)."""
    keys = [QKeySequence(first)]
    return keys + [k for k in QKeySequence.keyBindings(standard) if k not in keys]


class ResultEntry(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.forms_folder = str(documents_dir())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # One toolbar: on a narrow screen (1366×768) what does not fit folds into its "»" menu.
        bar = QToolBar("Nhập kết quả")
        bar.setObjectName("resultsToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addWidget(QLabel("Kỳ: "))
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.period_combo)
        # One button for the periods: add, edit or remove.
        self.add_period_button = _menu_button("Kỳ báo cáo", "periodButton")
        period_menu = self.add_period_button.menu()
        period_menu.addAction("Thêm kỳ (sơ kết, đợt cao điểm)…", self.add_period)
        period_menu.addAction("Sửa kỳ đang chọn…", self.edit_period)
        self.delete_period_action = period_menu.addAction("Xóa kỳ đang chọn…", self.delete_period)
        bar.addWidget(self.add_period_button)
        bar.addWidget(QLabel("  Xem: "))
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("viewCombo")
        # Shrinks on a narrow screen (the whole choice shows in the list and the tooltip).
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view_combo.setMinimumContentsLength(18)
        self.view_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.view_combo.currentTextChanged.connect(self.view_combo.setToolTip)
        bar.addWidget(self.view_combo)
        bar.addSeparator()
        self.toolbar = bar
        self.model = ResultGridModel(ctx, self)
        stack = self.model.undo_stack
        self.undo_action = StackAction(UNDO, _keys("Ctrl+Z", QKeySequence.StandardKey.Undo), bar)
        self.undo_action.bind(stack.undo, stack.canUndoChanged, stack.undoTextChanged)
        self.redo_action = StackAction(REDO, _keys("Ctrl+Y", QKeySequence.StandardKey.Redo), bar)
        self.redo_action.bind(stack.redo, stack.canRedoChanged, stack.redoTextChanged)
        bar.addActions([self.undo_action, self.redo_action])
        # arrows, their words in the tooltip: at 1366×768 the view's choice needs the room
        for action, name in ((self.undo_action, "undo"), (self.redo_action, "redo")):
            action.setIcon(icons.icon(name))
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addSeparator()
        self.forms_button = _menu_button("Tạo phiếu Excel…", "formsButton", menu=False)
        self.forms_button.setToolTip("Tạo phiếu Excel cho đơn vị điền số liệu và gửi về")
        self.import_button = _menu_button("Đọc phiếu, bảng gửi về", "importButton")
        menu = self.import_button.menu()
        menu.addAction("Đọc cả một thư mục…", self.choose_folder_to_read)
        menu.addAction("Chọn các tệp…", self.choose_files_to_read)
        bar.addWidget(self.forms_button)
        bar.addWidget(self.import_button)
        # the reporting status above the grid, printed as the nomination list is
        self.status_lists = ListActions(self, ctx, "reportingStatus", lambda s: printable_lists.framed(
            s, printable_lists.results_status(s, self.model.period_id)))
        bar.addWidget(self.status_lists.menu_button("In tình hình báo cáo", toolbar=True))
        bar.addSeparator()
        self.panel_action = bar.addAction("Chi tiết ô")
        self.panel_action.setObjectName("panelToggle")
        self.panel_action.setCheckable(True)
        self.panel_action.setChecked(True)
        self.panel_action.setToolTip("Hiện hoặc ẩn khung chi tiết của ô bên phải (ghi chú, minh chứng, lịch sử)")
        layout.addWidget(bar)

        self.status_label = QLabel()
        self.status_label.setObjectName("reportingSummary")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.status_label)

        self.view = ResultGridView()
        self.view.setModel(self.model)
        hint_over(self.view, lambda: empty_grid_text(self.model.grid))
        self.view.verticalHeader().sectionDoubleClicked.connect(  # a unit's name: its card
            lambda r: open_unit_card(self, self.ctx, self.model.grid.rows[r].unit_id))
        for action in (self.undo_action, self.redo_action):  # Ctrl+Z, Ctrl+Y while the grid has the focus
            self.view.addAction(action)
        self.panel = load_form("result_cell")
        self.title = child(self.panel, QLabel, "titleLabel")
        self.detail = child(self.panel, QLabel, "detailLabel")
        self.note_group = child(self.panel, QGroupBox, "noteGroup")
        self.note = child(self.panel, QPlainTextEdit, "noteEdit")
        self.evidence = child(self.panel, QLineEdit, "evidenceEdit")
        self.save_note_button = child(self.panel, QPushButton, "saveNoteButton")
        self.report_group = child(self.panel, QGroupBox, "reportGroup")
        self.report_label = child(self.panel, QLabel, "reportLabel")
        self.report_date = child(self.panel, QDateEdit, "reportDate")
        self.mark_button = child(self.panel, QPushButton, "markReportedButton")
        self.unmark_button = child(self.panel, QPushButton, "unmarkReportedButton")
        self.history = child(self.panel, QListWidget, "historyList")
        self.cell_tabs = child(self.panel, QTabWidget, "cellTabs")
        # The panel scrolls rather than squeezing its boxes on a low screen, and folds away
        # (the toolbar's "Chi tiết ô", or its splitter handle dragged right) to give the targets room.
        self.panel_area = QScrollArea()
        self.panel_area.setObjectName("cellPanelArea")
        self.panel_area.setWidget(self.panel)
        self.panel_area.setWidgetResizable(True)
        self.panel_area.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel_area.setMinimumWidth(self.panel.minimumWidth() + 16)
        self.panel_area.setMaximumWidth(self.panel.maximumWidth() + 16)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.panel_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1200, 300])
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        self.splitter.splitterMoved.connect(lambda *a: self.panel_action.setChecked(self.panel_open()))
        self.panel_action.toggled.connect(self.toggle_panel)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(legend())
        self.message = QLabel()
        self.message.setObjectName("gridMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.period_combo.currentIndexChanged.connect(self._choice_changed)
        self.view_combo.currentIndexChanged.connect(self._choice_changed)
        self.forms_button.clicked.connect(self.write_forms)
        self.model.problem.connect(self._show_problem)
        self.model.saved.connect(self._show_saved)
        self.model.modelReset.connect(self._after_load)
        self.model.dataChanged.connect(lambda *a: self._show_current())
        self.view.selectionModel().currentChanged.connect(self._show_current)
        self.save_note_button.clicked.connect(self.save_note)
        self.mark_button.clicked.connect(lambda: self.set_reported(True))
        self.unmark_button.clicked.connect(lambda: self.set_reported(False))
        self._loading = False
        self.periods: dict[int, periods.PeriodInfo] = {}  # the year's periods, as last read
        self.editable = restrict(ctx, Action.EDIT_DATA, self.add_period_button, self.save_note_button,
                                 self.mark_button, self.unmark_button)
        restrict(ctx, Action.IMPORT, self.import_button)
        self.model.read_only = not self.editable

    # --- the side panel ---------------------------------------------------
    def panel_open(self) -> bool:
        return self.splitter.sizes()[1] > 0

    def toggle_panel(self, show: bool) -> None:
        """Show or fold away the cell's panel; the grid takes the room."""
        if show == self.panel_open():
            return
        total = sum(self.splitter.sizes())
        width = self.panel_area.sizeHint().width() if show else 0
        self.splitter.setSizes([total - width, width])
        self.panel_action.setChecked(self.panel_open())

    # --- loading ----------------------------------------------------------
    def refresh(self) -> None:
        """Reload periods, views and the grid (keeping the choices), in the background."""
        period_id, view_key = self.period_combo.currentData(), self.view_combo.currentData()
        self._load(lambda s: _entry_data(s, period_id, view_key), self._fill)

    def _fill(self, data: "_EntryData") -> None:
        self.periods = {p.id: p for p in data.periods}
        self._loading = True
        try:
            self.period_combo.clear()
            for p in data.periods:
                self.period_combo.addItem(p.name, p.id)
            self.period_combo.setCurrentIndex(max(self.period_combo.findData(data.period_id), 0))
            self.view_combo.clear()
            for key, label in data.views:
                self.view_combo.addItem(label, key)
            self.view_combo.setCurrentIndex(max(self.view_combo.findData(data.view_key), 0))
            self.view_combo.view().setMinimumWidth(self.view_combo.view().sizeHintForColumn(0) + 24)
        finally:
            self._loading = False
        self._show_table(data.table)

    def _load(self, query, show) -> None:
        """``query`` in the background; the grid takes no typing until ``show`` has its result
        (an edit into the table being replaced would be shown over by older figures)."""
        self.view.setEnabled(False)
        load_in_background(self, self.ctx, query, show)

    def select(self, period_id: int | None = None, view_key: str | None = None) -> None:
        self._loading = True
        try:
            if period_id is not None:
                self.period_combo.setCurrentIndex(self.period_combo.findData(period_id))
            if view_key is not None:
                self.view_combo.setCurrentIndex(self.view_combo.findData(view_key))
        finally:
            self._loading = False
        self._load_grid()

    def _choice_changed(self, *args) -> None:
        if not self._loading:
            self._load_grid()

    def _load_grid(self) -> None:
        period_id = self.period_combo.currentData()
        if period_id is None:
            return
        view_key = self.view_combo.currentData() or rg.WARD_VIEW
        self._load(lambda s: _table(s, period_id, view_key), self._show_table)

    def _show_table(self, table: "_Table | None") -> None:
        self.view.setEnabled(True)
        if table is None:
            return
        if table.period_id == self.model.period_id and table.view_key == self.model.view_key \
                and self.model.grid is not None:
            self.model.replace_grid(table.grid)
        else:
            self.model.set_grid(table.period_id, table.view_key, table.grid)
        self._show_status(table.status)
        main = table.period_id not in self.periods or self.periods[table.period_id].is_main
        self.delete_period_action.setEnabled(not main)
        self.delete_period_action.setToolTip("Kỳ cả năm của kế hoạch không xóa được." if main else "")

    def reload(self) -> None:
        """After a change elsewhere: same period and view, fresh figures."""
        if self.model.period_id is None:
            self.refresh()
            return
        period_id, view_key = self.model.period_id, self.model.view_key
        self._load(lambda s: _table(s, period_id, view_key), self._show_table)

    def _after_load(self) -> None:
        header = self.view.horizontalHeader()
        # Widths from the rows in sight and a sample of the others (every cell of a large
        # ward's grid, 2.000 rows × dozens of columns, froze the window for a second),
        # measured from the grid's texts as Qt's delegate measures them: Qt's own
        # resizeColumnsToContents asked each cell some ten roles through Python (~50 ms).
        rows = rows_to_measure(self.view, SIZED_ROWS)
        plain = QFontMetricsF(self.view.font())
        font = QFont(self.view.font())
        font.setBold(True)
        bold = QFontMetricsF(font)
        for c in range(self.model.columnCount()):
            texts: dict[bool, set[str]] = {False: set(), True: set()}
            for r in rows:
                text, strong = self.model.text_at(r, c)
                texts[strong].add(text)
            contents = max(text_width(self.view, plain, texts[False]), text_width(self.view, bold, texts[True]))
            width = max(contents, header.sectionSizeHint(c))
            header.resizeSection(c, width if c == 0 else max(78, min(width, 104)))
        if self.model.rowCount() and self.model.columnCount() > 1:
            first = self.model.index(0, 1)
            self.view.setCurrentIndex(first)
        self._show_current()

    def _update_status(self) -> None:
        period_id, grid = self.model.period_id, self.model.grid
        if period_id is None:
            return
        status = ops.query(self, self.ctx, lambda s: reporting.status_of(
            s, period_id, unit_results=grid.units if grid else None, people=grid.people if grid else None))
        if status is not ops.FAILED:
            self._show_status(status)

    def _show_status(self, status: reporting.ReportingStatus) -> None:
        state, deadline_words = deadline_status(status.deadline, status.today, status.deadline_day_on_time)
        text = f"<b>{html.escape(status.period_name)}</b>"
        if status.deadline:
            text += f" — hạn {html.escape(deadline_words)}"
        if not status.expected:
            self.status_label.setText(
                text + ": chưa có đơn vị nào được giao chỉ tiêu, tiêu chí. Thêm đơn vị và khối ở phần "
                "<i>Đơn vị, khối, cá nhân</i>, rồi bấm <i>Giao theo mặc định…</i> ở thẻ <i>Giao cho đơn vị</i>. "
                "Số toàn phường nhập được ngay ở dòng đầu.")
            return
        text += f": <b>{len(status.reported)}/{status.expected}</b> đơn vị đã báo cáo"
        missing = status.not_reported
        if missing:
            names = ", ".join(html.escape(u.name) for u in missing[:8]) + ("…" if len(missing) > 8 else "")
            text += f"; <span style='color:#8a6d00'>chưa báo cáo: {names}</span>"
        late = [u for u in status.late if u.reported]
        if late:
            text += f"; <span style='color:#b3261e'>{len(late)} đơn vị báo cáo trễ hạn</span>"
        self.status_label.setText(text + ".")

    # --- the selected cell -------------------------------------------------
    def current_cell(self):
        index = self.view.currentIndex()
        if not index.isValid() or self.model.grid is None:
            return None
        return (index, *self.model.cell_at(index))

    def _show_current(self, *args) -> None:
        found = self.current_cell()
        self.history.clear()
        self._count_history(0)
        if found is None:
            self.title.setText("Chọn một ô để xem chi tiết.")
            self.detail.setText("")
            self.note_group.setEnabled(False)
            self.report_group.setEnabled(False)
            return
        index, row, col, cell = found
        self._show_report(row)
        if col is None or cell.item is None:
            what = "ngày báo cáo" if col is None else f"{html.escape(col.code)} – {html.escape(col.label)}"
            self.title.setText(f"<b>{html.escape(row.label)}</b><br>{what}")
            self.detail.setText("" if col is None else "Không giao cho đơn vị này.")
            self.note.setPlainText("")
            self.evidence.setText("")
            self.note_group.setEnabled(False)
            return
        item = cell.item
        self.title.setText(f"<b>{html.escape(row.label)}</b><br>{html.escape(item.code)} – {html.escape(item.label)}")
        lines = [f"Kế hoạch: <b>{html.escape(item.planned_text or '—')}</b>"]
        if row.kind == rg.ROLLUP:
            lines.append(html.escape(cell.rollup_detail or "Chưa có số"))
            if cell.mismatch:
                lines.append("<span style='color:#b3261e'><b>Không khớp với số toàn phường đã nhập.</b></span>")
        elif cell.reported:
            lines.append(f"Thực hiện: <b>{html.escape(detail_text(cell.result.values, item.spec))}</b>")
        else:
            lines.append("<span style='color:#8a6d00'>"
                         + ("Chưa nhập số toàn phường" if row.kind == rg.WARD else "Chưa báo cáo") + "</span>")
        if cell.evaluation is not None and (cell.reported or row.kind == rg.ROLLUP):
            colour = STATUS_TEXT_COLOURS[cell.evaluation.status]
            lines.append(f"<span style='color:{colour}'><b>{cell.evaluation.label}</b></span>: "
                         f"{html.escape(cell.evaluation.rule)}")
        result = cell.result
        if result is not None and result.result_id is not None:
            source = SOURCE_WORDS.get(result.source, result.source)
            who = f", {html.escape(result.updated_by)}" if result.updated_by else ""
            when = result.updated_at.strftime("%d/%m/%Y %H:%M") if result.updated_at else ""
            file_words = f" — tệp {html.escape(result.source_file)}" if result.source_file else ""
            lines.append(f"<small style='color:#5f6368'>Nguồn: {source}{file_words}; cập nhật {when}{who}</small>")
        if not cell.editable:
            lines.append("<small>Dòng này do chương trình tính từ kết quả của các đơn vị.</small>")
        else:
            lines.append(f"<small style='color:#5f6368'>{html.escape(item.spec.hint())}</small>")
        self.detail.setText("<br>".join(lines))
        self.note_group.setEnabled(cell.editable and self.editable)
        self.note.setPlainText(result.note if result else "")
        self.evidence.setText(result.evidence if result else "")
        if cell.editable:
            self._show_history(row.unit_id, item)

    def _show_report(self, row: rg.GridRow) -> None:
        is_unit = row.kind == rg.UNIT
        self.report_group.setEnabled(is_unit and self.editable)
        if not is_unit:
            self.report_label.setText("Số toàn phường: nhập từ báo cáo của các ban, ngành.")
            self.report_date.setDate(QDate.currentDate())  # not the widget's 01/01/2000
            return
        if row.reported_on:
            how = SOURCE_WORDS.get(row.report_source, row.report_source)
            self.report_label.setText(f"Đã báo cáo ngày {format_date(row.reported_on)} ({how}).")
            self.report_label.setToolTip(f"Tệp: {row.report_file}" if row.report_file else "")
            day = row.reported_on
        else:
            self.report_label.setText("Chưa báo cáo kỳ này. Nhận báo cáo giấy thì ghi nhận ngày nhận.")
            self.report_label.setToolTip("Ngày báo cáo dùng để tính đúng hạn, trễ hạn.")
            day = dt.date.today()
        self.report_date.setDate(QDate(day.year, day.month, day.day))
        self.unmark_button.setEnabled(row.reported_on is not None and self.editable)

    def _show_history(self, unit_id: int | None, item: ev.Item) -> None:
        period_id, key = self.model.period_id, rs.CellKey(unit_id, item.kind, item.id)
        rows = ops.query(self, self.ctx, lambda s: rs.history_entries(s, period_id, key))
        if rows is ops.FAILED:
            return
        for h in rows:
            text = f"{display_text(h.values, item.spec) or '(trống)'} — {SOURCE_WORDS.get(h.source, h.source)}"
            if h.source_file:
                text += f" ({h.source_file})"
            text += f"; thay lúc {h.replaced_at:%d/%m/%Y %H:%M}" + (f" bởi {h.replaced_by}" if h.replaced_by else "")
            if h.note:
                text += f"; ghi chú cũ: {h.note}"
            self.history.addItem(text)
        if not rows:
            self.history.addItem("Chưa có lần sửa nào.")
        self._count_history(len(rows))

    def _count_history(self, count: int) -> None:
        """The history tab says how many values were replaced (so it is worth opening)."""
        tab = self.cell_tabs.indexOf(self.history.parentWidget())
        self.cell_tabs.setTabText(tab, f"Lịch sử ({count})" if count else "Lịch sử")

    def save_note(self) -> None:
        found = self.current_cell()
        if found is None:
            return
        index = found[0]
        self.model.save_note(index, self.note.toPlainText(), self.evidence.text())

    def set_reported(self, reported: bool) -> None:
        found = self.current_cell()
        if found is None or found[1].kind != rg.UNIT:
            return
        row = found[1]
        q = self.report_date.date()
        day = dt.date(q.year(), q.month(), q.day()) if reported else None
        if day and day > dt.date.today():
            self._show_problem("Ngày báo cáo không thể sau hôm nay.")
            return
        period_id = self.model.period_id
        if ops.change(self, self.ctx, f"Ghi nhận báo cáo của {row.label}",
                      lambda s: periods.record_report(s, period_id, row.unit_id, day),
                      title="Không ghi nhận được") is ops.FAILED:
            return
        self.model.reload()
        self._update_status()
        self._show_saved(f"Đã ghi nhận {row.label} báo cáo ngày {format_date(day)}." if day
                         else f"Đã bỏ ghi nhận báo cáo của {row.label}.")
        self.model.announce()

    # --- messages ---------------------------------------------------------
    def _show_problem(self, text: str) -> None:
        tones.show(self.message, text, "error")

    def _show_saved(self, text: str, tone: str = "done") -> None:
        tones.show(self.message, text, tone)
        self._update_status()

    # --- periods ------------------------------------------------------------
    def _year_periods(self) -> list[periods.PeriodInfo] | None:
        found = ops.query(self, self.ctx, periods.periods)
        return None if found is ops.FAILED else found

    def add_period(self) -> None:
        year_periods = self._year_periods()
        if year_periods is None:
            return
        dialog = PeriodDialog(self, {p.code for p in year_periods}, {p.name for p in year_periods})
        if not dialog.exec():
            return
        v = dialog.values()
        added = ops.change(self, self.ctx, f"Thêm kỳ báo cáo {v.name}",
                           lambda s: periods.add(s, v.code, v.name, v.start, v.end, v.deadline),
                           title="Không thêm được kỳ")
        if added is ops.FAILED:
            return
        self.refresh()
        self.select(period_id=added.id)
        self.model.announce()

    def edit_period(self) -> None:
        period_id = self.period_combo.currentData()
        year_periods = self._year_periods()
        period = next((p for p in year_periods or () if p.id == period_id), None)
        if period is None:
            return
        current = PeriodValues(period.code, period.name, period.start, period.end, period.deadline)
        dialog = PeriodDialog(self, {p.code for p in year_periods}, {p.name for p in year_periods},
                              current=current, is_main=period.is_main)
        if not dialog.exec():
            return
        v = dialog.values()
        if ops.change(self, self.ctx, f"Sửa kỳ báo cáo {current.name}",
                      lambda s: periods.edit(s, period_id, v.name, v.start, v.end, v.deadline),
                      title="Không sửa được kỳ") is ops.FAILED:
            return
        self.refresh()
        self.select(period_id=period_id)
        self.model.announce()
        self._show_saved(f"Đã sửa kỳ “{v.name}”.")

    def delete_period(self, confirm=None) -> None:
        """Remove the chosen interim period; one that holds results says what
        it holds and goes only if the clerk agrees, after a backup.
        ``confirm(question) -> bool`` replaces the question box (tests)."""
        period_id = self.period_combo.currentData()
        if period_id not in self.periods:
            return
        name, is_main = self.periods[period_id].name, self.periods[period_id].is_main
        if is_main:
            show_error(self, UserError(f"Không xóa được kỳ “{name}”: đây là kỳ cả năm của kế hoạch."),
                       "Không xóa được kỳ")
            return
        usage = ops.query(self, self.ctx, lambda s: periods.usage(s, period_id))
        if usage is ops.FAILED:
            return
        if usage.empty:
            question = f"Xóa kỳ “{name}”? Kỳ này chưa có số liệu nào."
        else:
            question = (f"Kỳ “{name}” đã có {usage.text()}.\n\nXóa kỳ sẽ xóa cả các số liệu này. Chương trình "
                        "sao lưu dữ liệu ngay trước khi xóa, và nhật ký vẫn giữ từng số đã xóa.\n\nVẫn xóa?")
        if confirm is not None:
            agreed = confirm(question)
        else:
            agreed = QMessageBox.question(self, "Xóa kỳ báo cáo", question) == QMessageBox.StandardButton.Yes
        if not agreed:
            return
        usage = ops.with_database(self, self.ctx, lambda db: periods.remove(db, period_id), title="Không xóa được kỳ")
        if usage is ops.FAILED:
            return
        self.refresh()
        self.model.announce()
        self._show_saved(f"Đã xóa kỳ “{name}”" + ("." if usage.empty else f" cùng {usage.text()}."))

    # --- forms out ----------------------------------------------------------
    def write_forms(self) -> None:
        # The forms' modules (openpyxl with them) load when first used, not with the page.
        from ...services.results import exchange

        period_id = self.model.period_id
        status = ops.query(self, self.ctx, lambda s: reporting.status_of(s, period_id))
        if status is ops.FAILED:
            return
        units = [(u.unit_id, u.name, u.reported) for u in status.units]
        period_name = status.period_name
        selected_units = {self.model.grid.rows[i.row()].unit_id for i in self.view.selected()
                          if self.model.grid.rows[i.row()].kind == rg.UNIT}
        default_folder = str(Path(self.forms_folder) / f"Phieu bao cao {period_name}")
        dialog = FormsExportDialog(self, period_name, units, default_folder,
                                   selected_units if len(selected_units) > 1 else None)
        if not dialog.exec():
            return
        folder, chosen = Path(dialog.folder.text()), dialog.chosen()
        self.forms_folder = str(folder.parent)

        def done(written) -> None:  # forms.WrittenForms
            box = QMessageBox(QMessageBox.Icon.Information, "Đã tạo phiếu", written.text(), parent=self)
            open_button = box.addButton("Mở thư mục", QMessageBox.ButtonRole.ActionRole)
            box.addButton("Đóng", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.folder)))

        ops.query_in_background(self, self.ctx, "Tạo phiếu báo cáo",
                                lambda s, progress: exchange.write_forms(s, period_id, folder, chosen, progress), done)

    # --- forms in -----------------------------------------------------------
    def choose_folder_to_read(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục chứa phiếu đơn vị gửi về", self.forms_folder)
        if folder:
            self.read_back([Path(folder)])

    def choose_files_to_read(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Chọn các phiếu, bảng kết quả", self.forms_folder,
                                                "Tệp Excel (*.xlsx *.xls)")
        if files:
            self.read_back([Path(f) for f in files])

    def read_back(self, paths: list[Path], confirm=None) -> None:
        """Read ``paths``, show what was found, and write the accepted files if the clerk agrees.

        ``confirm(readback) -> bool`` replaces the preview dialog (tests)."""
        from ...services.results import exchange
        from ...services.results import forms as rf

        period_id = self.model.period_id

        def preview(readback: rf.ReadBack) -> None:
            agree = confirm(readback) if confirm is not None else ImportPreviewDialog(self, readback).exec()
            if not agree or not readback.accepted:
                refused = len(readback.rejected)
                if refused:  # the refusal stays in sight after the preview closed, in red
                    tones.show(self.message, f"Chưa nhập gì; {refused} tệp bị từ chối (xem lý do khi đọc lại).",
                               "error")
                else:
                    tones.show(self.message, "Chưa nhập gì.", "note")
                return
            # forms.apply takes the database itself: a backup first, then one transaction, in a worker
            ops.with_database(self, self.ctx, lambda db: ops.run_operation(
                self, "Nhập kết quả", lambda progress: rf.apply(db, readback), applied))

        def applied(result: rf.Applied) -> None:
            self.reload()
            self.model.announce()
            status = ops.query(self, self.ctx, lambda s: reporting.count_of(s, period_id))
            if status is ops.FAILED:
                return
            missing = ", ".join(status.not_reported) or "không còn đơn vị nào"
            text = f"{result.text()}\n\n{status.summary()}.\nCòn chưa báo cáo: {missing}."
            self._show_saved(result.text(), tones.import_tone(len(result.rejected)))
            if confirm is None:
                QMessageBox.information(self, "Đã nhập kết quả", text)

        ops.query_in_background(self, self.ctx, "Đọc phiếu, bảng kết quả",
                                lambda s, progress: exchange.read_back(s, period_id, paths, progress), preview)


@dataclass(frozen=True)
class _Table:
    """A period's grid and who has reported, read in the background."""
    period_id: int
    view_key: str
    grid: rg.Grid
    status: reporting.ReportingStatus


def _table(session, period_id: int, view_key: str) -> _Table:
    grid = rg.grid_of(session, period_id, view_key)
    status = reporting.status_of(session, period_id, unit_results=grid.units, people=grid.people)
    return _Table(period_id, view_key, grid, status)


@dataclass(frozen=True)
class _EntryData:
    """The year's periods and views, the one chosen (kept when it still exists) and its table."""
    periods: list[periods.PeriodInfo]
    views: list[tuple[str, str]]
    period_id: int | None
    view_key: str
    table: _Table | None


def _entry_data(session, period_id: int | None, view_key: str | None) -> _EntryData:
    year_periods, views = periods.periods(session), rg.views_of_year(session)
    if period_id not in {p.id for p in year_periods}:  # first time, or removed
        period_id = next((p.id for p in year_periods if p.is_main), year_periods[0].id if year_periods else None)
    if view_key not in {key for key, _ in views}:
        view_key = views[0][0] if views else None
    view_key = view_key or rg.WARD_VIEW
    table = _table(session, period_id, view_key) if period_id is not None else None
    return _EntryData(year_periods, list(views), period_id, view_key, table)
