"""Setting the year up: the plan's targets, their allocation to units, blocks' criteria lists."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action
from ...domain.text import TextError, clean, fold, format_number, parse_number
from ...services.results import setup as plan_setup
from ...services.results import targets as target_service
from .. import operations as ops
from .. import tones
from ..access import restrict
from ..combos import refill
from ..pages.base import load_in_background
from ..tablemodel import Column, RowTableModel, SearchProxy, fit_columns, tidy_table
from .dialogs import CriterionDialog, MeasureDialog


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    tidy_table(view, single=True)
    view.horizontalHeader().setStretchLastSection(False)  # the text column stretches instead
    return view


# --- the plan's targets ------------------------------------------------------------


class TargetsTab(QWidget):
    """The plan's targets and measures; a measure is edited in a dialog."""

    changed = Signal()
    year_known = Signal(int)  # the plan's year, once its measures are read

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm chỉ tiêu (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = RowTableModel([
            Column("Chỉ tiêu", lambda r: f"({r.target_code})", sort_key=lambda v: (len(v), v)),
            Column("Mã đo", lambda r: r.code, sort_key=lambda v: (len(v), v)),
            Column("Tiêu chí đo", lambda r: r.label, tooltip=lambda r: r.target_text),
            Column("ĐVT", lambda r: r.unit),
            Column("Kế hoạch", lambda r: r.planned_text),
            Column("Loại", lambda r: r.kind.label, tooltip=lambda r: r.kind.label),
            Column("So sánh", lambda r: r.comparison.label),
            Column("Cộng dồn", lambda r: r.rollup.label, tooltip=lambda r: r.rollup.label),
            Column("Giao cho", lambda r: r.allocated, display=lambda v: f"{v} đơn vị" if v else "toàn phường"),
        ])
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = _table("targetsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # (1), (2), … as in the plan
        self.view.setWordWrap(True)  # a measure's text on two lines rather than cut
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        row.addWidget(self.count, 1)
        self.edit_button = QPushButton("Sửa…")
        self.add_button = QPushButton("Thêm chỉ tiêu…")
        self.delete_button = QPushButton("Xóa chỉ tiêu")
        for button in (self.edit_button, self.add_button, self.delete_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.search.textChanged.connect(self._on_search)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self.edit_button.clicked.connect(self.edit_selected)
        self.add_button.clicked.connect(self.add_target)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(lambda *_: self.edit_selected())
        restrict(ctx, Action.EDIT_DATA, self.edit_button, self.add_button, self.delete_button)

    def _on_search(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self, *args) -> None:
        self.count.setText(f"Hiển thị {self.proxy.rowCount()} / {self.model.rowCount()} tiêu chí đo")

    def refresh(self) -> None:
        """The plan's measures, read in the background (counting a large ward's allocations
        held the window); ``year_known`` then tells the plan's year."""
        load_in_background(self, self.ctx, plan_setup.plan_measures, self._fill)

    def _fill(self, found: plan_setup.PlanMeasures) -> None:
        self.model.set_rows(found.rows)
        fit_columns(self.view, 170)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.resizeRowsToContents()
        self._update_count()
        self.year_known.emit(found.year)

    def edit_selected(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.edit_button.isEnabled():
            return
        row = self.proxy.row_at(index)
        form = ops.query(self, self.ctx, lambda s: plan_setup.measure_form(s, row.measure_id))
        if form is ops.FAILED:
            return
        dialog = MeasureDialog(self, row.target_code, form.target_text, form.values, form.has_results)
        if not dialog.exec():
            return
        text, values = dialog.target_text.toPlainText(), dialog.values()
        self._write(lambda s: plan_setup.save_measure(s, row.target_id, text, row.measure_id, values),
                    f"Sửa tiêu chí đo {row.code}")

    def add_target(self) -> None:
        taken = ops.query(self, self.ctx, plan_setup.taken_codes)
        if taken is ops.FAILED:
            return
        values = {"kind": "rate", "comparison": "ge", "unit": "%", "rollup": "ratio"}
        dialog = MeasureDialog(self, "", "", values, False, new=True, taken_codes=taken)
        if not dialog.exec():
            return
        code, text, measure = dialog.target_code.text(), dialog.target_text.toPlainText(), dialog.values()
        self._write(lambda s: plan_setup.add_target(s, code, text, measure),
                    f"Thêm chỉ tiêu ({clean(code).strip('()')})", "Không thêm được chỉ tiêu")

    def delete_selected(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        row = self.proxy.row_at(index)
        if QMessageBox.question(self, "Xóa chỉ tiêu", f"Xóa chỉ tiêu ({row.target_code}) khỏi kế hoạch?\n"
                                "Chỉ xóa được chỉ tiêu chưa có kết quả và không có trong danh sách tiêu chí "
                                "của khối nào.") != QMessageBox.StandardButton.Yes:
            return
        self._write(lambda s: target_service.delete_target(s, row.target_id), f"Xóa chỉ tiêu ({row.target_code})",
                    "Không xóa được")

    def _write(self, op, reason: str, title: str = "Không lưu được") -> None:
        if ops.change(self, self.ctx, reason, op, title=title) is not ops.FAILED:
            self.refresh()
            self.changed.emit()


# --- allocations ---------------------------------------------------------------------


FOLDED = Qt.ItemDataRole.UserRole + 1


class AllocationModel(QAbstractTableModel):
    """Units with a tick for "this measure is allocated to it" and its own planned value."""

    problem = Signal(str)
    saved = Signal()
    HEADERS = ("Giao", "Đơn vị", "Loại hình", "Khối", "Kế hoạch riêng", "Kết quả")

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.measure_id: int | None = None
        self.measure_kind = ""
        self.rows: list[target_service.AllocationRow] = []
        self.read_only = False

    def load(self, measure_id: int | None) -> None:
        self.beginResetModel()
        self.measure_id = measure_id
        if measure_id is None:
            self.rows = []
        else:
            found = ops.query(self.parent(), self.ctx, lambda s: plan_setup.measure_allocations(s, measure_id))
            self.rows, self.measure_kind = ([], "") if found is ops.FAILED else (list(found.rows), found.kind)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return base
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 4 and self.rows[index.row()].allocated:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if r.allocated else Qt.CheckState.Unchecked
        if role == FOLDED and col == 1:
            return fold(r.unit_name)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 1:
                return r.unit_name
            if col == 2:
                return r.kind_label
            if col == 3:
                return r.block
            if col == 4:
                if not r.allocated:
                    return ""
                if r.planned is None:
                    return "" if role == Qt.ItemDataRole.EditRole else "(theo kế hoạch chung)" \
                        if self.measure_kind in ("rate", "growth") else "(chưa giao số)"
                return format_number(r.planned, max_decimals=4)
            if col == 5:
                return "đã có" if r.has_results else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and r.allocated and r.planned is None:
            return QBrush(QColor("#5f6368"))
        if role == Qt.ItemDataRole.BackgroundRole and r.allocated:
            return QBrush(QColor("#eef6ea"))
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if self.measure_id is None or self.read_only:
            return False
        r = self.rows[index.row()]
        planned = r.planned
        allocated = r.allocated
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            allocated = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and index.column() == 4:
            text = clean(value)
            try:
                planned = parse_number(text) if text else None
            except TextError as exc:
                self.problem.emit(f"{r.unit_name}: {exc}.")
                return False
        else:
            return False
        measure_id = self.measure_id
        problem = ops.query(self.parent(), self.ctx, lambda s: target_service.allocation_problem(
            s, measure_id, r.unit_id, allocated, planned))
        if problem:  # refused: the reason goes under the table (FAILED: already shown)
            if problem is not ops.FAILED:
                self.problem.emit(problem)
            return False
        if ops.change(self.parent(), self.ctx, "Giao chỉ tiêu cho đơn vị", lambda s: target_service.set_allocation(
                s, measure_id, r.unit_id, allocated, planned)) is ops.FAILED:
            return False
        r.allocated, r.planned = allocated, planned if allocated else None
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1))
        self.saved.emit()
        return True


class AllocationTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel("Chọn một chỉ tiêu rồi đánh dấu các đơn vị được giao. Kế hoạch riêng để trống thì tỷ lệ "
                       "theo kế hoạch chung của phường; chỉ tiêu số lượng (trường chuẩn, tổ dân phố không ma túy) "
                       "ghi số cho đơn vị phấn đấu đạt. Chỉ tiêu không giao cho đơn vị nào thì nhập số toàn phường.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("Chỉ tiêu:"))
        self.measure_combo = QComboBox()
        self.measure_combo.setObjectName("allocationMeasure")
        row.addWidget(self.measure_combo, 1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Lọc đơn vị…")
        self.filter.setClearButtonEnabled(True)
        row.addWidget(self.filter)
        self.defaults_button = QPushButton("Giao theo mặc định…")
        self.defaults_button.setToolTip("Giao các chỉ tiêu cho đơn vị theo loại hình (xem tài liệu phân giao); "
                                        "giữ nguyên những gì đã giao.")
        row.addWidget(self.defaults_button)
        layout.addLayout(row)
        self.model = AllocationModel(ctx, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(1)
        self.proxy.setFilterRole(FOLDED)
        self.view = QTableView()
        self.view.setObjectName("allocationView")
        self.view.setModel(self.proxy)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.measure_combo.currentIndexChanged.connect(self._measure_changed)
        self.filter.textChanged.connect(self._filter)
        self.model.problem.connect(lambda t: self._say(t, False))
        self.model.saved.connect(self._saved)
        self.defaults_button.clicked.connect(self.apply_defaults)
        self.model.read_only = not restrict(ctx, Action.EDIT_DATA, self.defaults_button)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(fold(text))  # on the folded name: accents need not be typed

    def _say(self, text: str, ok: bool) -> None:
        tones.show(self.message, text, "done" if ok else "error")

    def _saved(self) -> None:
        self._say("Đã lưu.", True)
        self.changed.emit()

    def refresh(self) -> None:
        items = ops.query(self, self.ctx, plan_setup.measure_choices)
        if items is ops.FAILED:
            return
        refill(self.measure_combo, [(text, measure_id) for measure_id, text in items])
        self._measure_changed()

    def _measure_changed(self, *args) -> None:
        self.model.load(self.measure_combo.currentData())

    def apply_defaults(self) -> None:
        answer = QMessageBox.question(
            self, "Giao theo mặc định",
            "Giao các chỉ tiêu cho đơn vị theo loại hình và lập danh sách tiêu chí cho các khối chưa có?\n"
            "Những gì đã giao, đã lập được giữ nguyên.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        said = ops.change(self, self.ctx, "Giao chỉ tiêu và lập tiêu chí theo mặc định", plan_setup.apply_defaults,
                          title="Không giao được")
        if said is ops.FAILED:
            return
        self._say(" ".join(said), True)
        self._measure_changed()
        self.changed.emit()


# --- criteria of blocks ------------------------------------------------------------


class CriteriaTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Khối:"))
        self.block_combo = QComboBox()
        self.block_combo.setObjectName("criteriaBlock")
        row.addWidget(self.block_combo, 1)
        layout.addLayout(row)
        self.model = RowTableModel([
            Column("STT", lambda c: c.position + 1),
            Column("Mã", lambda c: c.code),
            Column("Tiêu chí", lambda c: c.label),
            Column("Loại", lambda c: target_service.CRITERION_KINDS.get(c.kind, c.kind)),
            Column("Kế hoạch", lambda c: c.plan_text),
            Column("Nhóm", lambda c: c.group),
        ])
        self.view = _table("criteriaView")
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Thêm tiêu chí…")
        self.edit_button = QPushButton("Sửa…")
        self.delete_button = QPushButton("Xóa")
        self.up_button = QPushButton("Lên")
        self.down_button = QPushButton("Xuống")
        self.defaults_button = QPushButton("Lập danh sách mặc định cho các khối chưa có")
        for b in (self.add_button, self.edit_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.block_combo.currentIndexChanged.connect(self._load)
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self._selected()))
        self.view.doubleClicked.connect(lambda *_: self.edit(self._selected()))
        self.delete_button.clicked.connect(self.delete)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.defaults_button.clicked.connect(self.apply_defaults)
        self.writable = restrict(ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button,
                                 self.up_button, self.down_button, self.defaults_button)

    def refresh(self) -> None:
        blocks = ops.query(self, self.ctx, plan_setup.block_choices)
        if blocks is ops.FAILED:
            return
        refill(self.block_combo, [(name, block_id) for block_id, name in blocks])
        if not blocks:
            self.message.setText("Chưa có khối thi đua nào (lập khối ở phần Đơn vị, khối, cá nhân).")
        self._load()

    def _load(self, *args) -> None:
        block_id = self.block_combo.currentData()
        rows = []
        if block_id is not None:
            rows = ops.query(self, self.ctx, lambda s: plan_setup.criterion_rows(s, block_id))
        self.model.set_rows([] if rows is ops.FAILED else rows)

    def _selected(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def edit(self, row) -> None:
        block_id = self.block_combo.currentData()
        if block_id is None or not self.writable:
            return
        criterion_id = row.id if row else None
        form = ops.query(self, self.ctx, lambda s: plan_setup.criterion_form(s, block_id, criterion_id))
        if form is ops.FAILED:
            return
        dialog = CriterionDialog(self, self.block_combo.currentText(), form.measures, form.values, form.taken_codes)
        if not dialog.exec():
            return
        values = dialog.values()
        self._write(lambda s: plan_setup.save_criterion(s, block_id, values, criterion_id),
                    f"Tiêu chí của {self.block_combo.currentText()}", "Không lưu được tiêu chí")

    def delete(self) -> None:
        row = self._selected()
        if row is None:
            return
        if QMessageBox.question(self, "Xóa tiêu chí", f"Xóa tiêu chí {row.code} – {row.label} khỏi khối?") \
                != QMessageBox.StandardButton.Yes:
            return
        self._write(lambda s: target_service.delete_criterion(s, row.id), f"Xóa tiêu chí {row.code}")

    def move(self, step: int) -> None:
        row = self._selected()
        if row is None:
            return
        position = row.position + step
        if self._write(lambda s: target_service.move_criterion(s, row.id, step), "Sắp xếp tiêu chí"):
            self.view.selectRow(max(0, min(position, self.model.rowCount() - 1)))

    def apply_defaults(self) -> None:
        self._write(plan_setup.apply_default_criteria, "Lập danh sách tiêu chí mặc định")

    def _write(self, op, reason: str, title: str = "Không thực hiện được") -> bool:
        """``op(session)`` as one change; a text it returns is shown under the list."""
        result = ops.change(self, self.ctx, reason, op, title=title)
        if result is ops.FAILED:
            return False
        if isinstance(result, str):
            self.message.setText(result)
        self._load()
        self.changed.emit()
        return True
