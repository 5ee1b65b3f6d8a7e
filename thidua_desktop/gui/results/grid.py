"""The results entry grid: units × targets (or a block's criteria) for one period.

A spreadsheet for the clerk: arrows and Tab move, typing replaces a cell
(``96,5``, ``965/1000``, ``Có``), Enter saves and moves down, Delete empties
the selected cells, Ctrl+C copies and Ctrl+V pastes a block copied from Excel,
Ctrl+Z / Ctrl+Y undo and redo (see ``undo.py``). Every cell typed or pasted is
checked; text a cell cannot take stays in its editor with the reason beside it
(only Esc gives it up); a paste goes in whole or not at all; each edit or paste
is one transaction recorded under the signed-in account.
Colours: vượt, đạt, không đạt, chưa báo cáo, không giao (see :data:`LEGEND`).
"""
from __future__ import annotations

import csv
import io

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QPolygon, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from ...domain.evaluation import Status
from ...domain.results import detail_text, display_text, edit_text, parse_entry
from ...domain.text import TextError, format_date
from ...services.results import grid as rg
from ...services.results import entry as rs
from .. import operations as ops
from ..flow import FlowLayout
from .undo import SavedEdit

MISSING = "missing"
NOT_EVALUATED = "noeval"  # a value, but no plan (or no last year's figure) to compare it with
NOT_ALLOCATED = "na"
ROLLUP_ROW = "rollup"
COLOURS = {
    Status.EXCEEDED: "#9fd39a",
    Status.MET: "#dcf0d5",
    Status.NOT_MET: "#f6c1bc",
    MISSING: "#fff1c1",
    NOT_EVALUATED: "#ffffff",
    NOT_ALLOCATED: "#e6e6e6",
    ROLLUP_ROW: "#e8eff9",
}
LEGEND = [
    (COLOURS[Status.EXCEEDED], "Vượt kế hoạch"),
    (COLOURS[Status.MET], "Đạt"),
    (COLOURS[Status.NOT_MET], "Không đạt"),
    (COLOURS[MISSING], "Chưa báo cáo"),
    (COLOURS[NOT_EVALUATED], "Có số, chưa so được"),
    (COLOURS[NOT_ALLOCATED], "Không giao"),
    (COLOURS[ROLLUP_ROW], "Cộng dồn (tự tính)"),
]
MISMATCH = "#b3261e"
NoteRole = Qt.ItemDataRole.UserRole + 10
StatusRole = Qt.ItemDataRole.UserRole + 11

REPORT_COLUMN = 0  # model column 0: when the unit reported; grid columns follow


class ResultGridModel(QAbstractTableModel):
    problem = Signal(str)  # a Vietnamese message: what was refused and why
    saved = Signal(str)  # what was written

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.grid: rg.Grid | None = None
        self.period_id: int | None = None
        self.view_key = rg.WARD_VIEW
        self.read_only = False
        self.notifying = False
        self.undo_stack = QUndoStack(self)  # the saved edits of the table shown (see undo.py)
        self._left: dict[rs.CellKey, int] = {}  # the version this grid's last save of a cell left (0: none)

    # --- loading ------------------------------------------------------------
    def load(self, period_id: int, view_key: str) -> None:
        self.period_id, self.view_key = period_id, view_key
        new = self._build()
        self.set_grid(period_id, view_key, None if new is ops.FAILED else new)

    def set_grid(self, period_id: int, view_key: str, grid: rg.Grid | None) -> None:
        """Show ``grid`` (built already, e.g. in a worker) as another table."""
        self.period_id, self.view_key = period_id, view_key
        self._forget_edits()  # another table: its cells are not the ones the edits were made in
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def reload(self) -> None:
        """Rebuild from the database; keeps the selection when the shape is the same."""
        if self.period_id is None:
            return
        new = self._build()
        if new is not ops.FAILED:
            self.replace_grid(new)

    def replace_grid(self, new: rg.Grid) -> None:
        """Fresh figures of the same table (built already, e.g. in a worker)."""
        old = self.grid
        same = old is not None and [r.unit_id for r in old.rows] == [r.unit_id for r in new.rows] \
            and [c.key for c in old.columns] == [c.key for c in new.columns]
        if not same:
            self._forget_edits()
            self.beginResetModel()
            self.grid = new
            self.endResetModel()
            return
        self.grid = new
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(self.rowCount() - 1, 0))

    def _forget_edits(self) -> None:
        self.undo_stack.clear()
        self._left.clear()

    def _build(self):
        """The grid from the database, or ``ops.FAILED`` once the reason was shown."""
        period_id, view_key = self.period_id, self.view_key
        return ops.query(self._widget(), self.ctx, lambda s: rg.grid_of(s, period_id, view_key))

    def _widget(self):
        """The page showing this grid, to own the message boxes (None for a bare model)."""
        parent = self.parent()
        return parent if parent is not None and parent.isWidgetType() else None

    # --- shape --------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.grid is None else len(self.grid.columns) + 1

    def cell_at(self, index: QModelIndex) -> tuple[rg.GridRow, rg.GridColumn | None, rg.GridCell]:
        row = self.grid.rows[index.row()]
        if index.column() == REPORT_COLUMN:
            return row, None, rg.GridCell(None)
        return row, self.grid.columns[index.column() - 1], self.grid.cell(index.row(), index.column() - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.grid is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == REPORT_COLUMN:
                if role == Qt.ItemDataRole.DisplayRole:
                    return "Báo cáo\nngày"
                if role == Qt.ItemDataRole.ToolTipRole:
                    return "Ngày đơn vị báo cáo (theo phiếu gửi về hoặc văn thư ghi nhận)"
                return None
            col = self.grid.columns[section - 1]
            if role == Qt.ItemDataRole.DisplayRole:
                return header_text(col)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{col.code} – {col.label}\nKế hoạch: {col.plan_text or '—'}\n{col.spec.hint()}"
            return None
        row = self.grid.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole and row.kind == rg.UNIT:
            text = f"{row.label}\n{row.block}"
            if row.reported_on:
                text += f"\nĐã báo cáo ngày {format_date(row.reported_on)}"
            return text + f"\nĐã có {row.reported_items}/{row.items} mục"
        if role == Qt.ItemDataRole.FontRole and row.kind != rg.UNIT:
            font = QFont()
            font.setBold(row.kind == rg.WARD)
            font.setItalic(row.kind == rg.ROLLUP)
            return font
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid() or self.grid is None:
            return base
        _, _, cell = self.cell_at(index)
        if cell.editable and not self.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # --- data ---------------------------------------------------------------
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.grid is None:
            return None
        row, col, cell = self.cell_at(index)
        if col is None:
            return self._report_data(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(row, cell)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(cell.result.values, cell.item.spec) if cell.result is not None else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(self._colour(row, cell)))
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.mismatch:
                return QBrush(QColor(MISMATCH))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, cell)
        if role == NoteRole:
            return bool(cell.result and (cell.result.note or cell.result.evidence))
        if role == StatusRole:
            return self._state(row, cell)
        if role == Qt.ItemDataRole.FontRole and (row.kind == rg.WARD or cell.mismatch):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def text_at(self, r: int, c: int) -> tuple[str, bool]:
        """What cell (r, c) shows and whether in bold, as ``data`` answers: to measure widths."""
        row = self.grid.rows[r]
        if c == REPORT_COLUMN:
            return self._report_data(row, Qt.ItemDataRole.DisplayRole) or "", False
        cell = self.grid.cell(r, c - 1)
        return _shown(row, cell) or "", row.kind == rg.WARD or bool(cell.mismatch)

    def _report_data(self, row: rg.GridRow, role: int):
        if row.kind != rg.UNIT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if row.reported_on:
                return format_date(row.reported_on)[:5]
            return "chưa" if not row.reported_items else "có số"
        if role == Qt.ItemDataRole.BackgroundRole and not row.reported_on and not row.reported_items:
            return QBrush(QColor(COLOURS[MISSING]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.reported_on:
                how = {"form": "theo phiếu", "manual": "văn thư ghi nhận", "import": "từ bảng nhập",
                       "paste": "dán từ Excel"}.get(row.report_source, row.report_source)
                return (f"Báo cáo ngày {format_date(row.reported_on)} ({how})"
                        + (f"\nTệp: {row.report_file}" if row.report_file else ""))
            return "Chưa báo cáo"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _state(self, row: rg.GridRow, cell: rg.GridCell):
        if cell.item is None:
            return NOT_ALLOCATED
        if row.kind == rg.ROLLUP:
            status = cell.status
            return status if status in (Status.EXCEEDED, Status.MET, Status.NOT_MET) else ROLLUP_ROW
        if not cell.reported:
            return MISSING
        status = cell.status
        return status if status in (Status.EXCEEDED, Status.MET, Status.NOT_MET) else NOT_EVALUATED

    def _colour(self, row: rg.GridRow, cell: rg.GridCell) -> str:
        state = self._state(row, cell)
        if row.kind == rg.ROLLUP and state != NOT_ALLOCATED:
            return COLOURS[ROLLUP_ROW]
        return COLOURS[state]

    def _tooltip(self, row: rg.GridRow, col: rg.GridColumn, cell: rg.GridCell) -> str:
        head = f"{row.label} — {col.code}: {col.label}"
        if cell.item is None:
            return f"{head}\nKhông giao cho đơn vị này."
        lines = [head, f"Kế hoạch: {cell.item.planned_text or '—'}"]
        if row.kind == rg.ROLLUP:
            lines.append(cell.rollup_detail or "Chưa có số")
            if cell.mismatch:
                lines.append("KHÔNG KHỚP với số toàn phường đã nhập.")
            if cell.evaluation is not None:
                lines.append(cell.evaluation.rule)
            return "\n".join(lines)
        result = cell.result
        if result is not None and result.reported:
            lines.append(f"Thực hiện: {detail_text(result.values, cell.item.spec)}")
        else:
            lines.append("Chưa báo cáo")
        if cell.evaluation is not None and (result is not None and result.reported):
            lines.append(f"{cell.evaluation.label}: {cell.evaluation.rule}")
        if result is not None:
            if result.note:
                lines.append(f"Ghi chú: {result.note}")
            if result.evidence:
                lines.append(f"Minh chứng: {result.evidence}")
        if not self.read_only:
            lines.append(cell.item.spec.hint())
        return "\n".join(lines)

    # --- writing ------------------------------------------------------------
    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.grid is None:
            return False
        row, col, cell = self.cell_at(index)
        if not cell.editable or self.read_only:
            return False
        try:
            values = parse_entry(value, cell.item.spec)
        except TextError as exc:
            self.problem.emit(_refusal(row, col, exc))
            return False
        if values == cell.result.values or (values is None and not cell.reported):
            return True
        change = rs.CellChange(rs.CellKey(row.unit_id, cell.item.kind, cell.item.id), values,
                                version=cell.result.version)
        return self._apply([change], "manual", f"Nhập kết quả: {row.label} — {col.code}")

    def entry_problem(self, index: QModelIndex, text: str) -> str | None:
        """Why ``text`` cannot go into the cell at ``index`` (None: it can), without saving."""
        row, col, cell = self.cell_at(index)
        try:
            parse_entry(text, cell.item.spec)
        except TextError as exc:
            return _refusal(row, col, exc)
        return None

    def paste(self, anchor: QModelIndex, text: str, selection: list[QModelIndex] | None = None) -> bool:
        """Paste tab-separated text (as Excel copies it) at ``anchor``; all cells or none."""
        if self.grid is None or self.read_only:
            return False
        block = parse_clipboard(text)
        if not block:
            self.problem.emit("Bộ nhớ tạm không có gì để dán.")
            return False
        targets: list[tuple[int, int, str]] = []
        if len(block) == 1 and len(block[0]) == 1 and selection and len(selection) > 1:
            targets = [(i.row(), i.column(), block[0][0]) for i in selection]
        else:
            if not anchor.isValid():
                self.problem.emit("Hãy chọn ô bắt đầu dán.")
                return False
            height, width = len(block), max(len(r) for r in block)
            if anchor.row() + height > self.rowCount() or anchor.column() + width > self.columnCount():
                self.problem.emit(f"Vùng dán có {height} dòng × {width} cột, vượt ra ngoài bảng. Chưa dán gì.")
                return False
            for i, cells in enumerate(block):
                for j, value in enumerate(cells):
                    targets.append((anchor.row() + i, anchor.column() + j, value))
        changes, problems = [], []
        for r, c, value in targets:
            row, col, cell = self.cell_at(self.index(r, c))
            where = f"{row.label} — {col.code if col else 'cột ngày báo cáo'}"
            if not cell.editable:
                if value.strip():
                    why = ("dòng cộng dồn do chương trình tính" if row.kind == rg.ROLLUP else
                           "cột ngày báo cáo không dán được" if col is None else "không giao cho đơn vị này")
                    problems.append(f"{where}: {why}")
                continue
            try:
                values = parse_entry(value, cell.item.spec)
            except TextError as exc:
                problems.append(f"{where}: {exc}")
                continue
            if values == cell.result.values or (values is None and not cell.reported):
                continue
            changes.append(rs.CellChange(rs.CellKey(row.unit_id, cell.item.kind, cell.item.id), values,
                                          version=cell.result.version))
        if problems:
            shown = problems[:8]
            more = f"\n… và {len(problems) - len(shown)} ô khác." if len(problems) > len(shown) else ""
            self.problem.emit(f"Không dán: {len(problems)} ô không hợp lệ.\n" + "\n".join(shown) + more)
            return False
        if not changes:
            self.saved.emit("Các ô dán vào đã có đúng số liệu này; không có gì thay đổi.")
            return True
        return self._apply(changes, "paste", f"Dán {len(targets)} ô từ Excel")

    def clear(self, indexes: list[QModelIndex]) -> bool:
        """Empty the selected cells (the values go to history); one transaction."""
        if self.read_only:
            return False
        changes = []
        for index in indexes:
            row, _, cell = self.cell_at(index)
            if cell.editable and cell.reported:
                changes.append(rs.CellChange(rs.CellKey(row.unit_id, cell.item.kind, cell.item.id), None,
                                              version=cell.result.version))
        if not changes:
            return False
        return self._apply(changes, "manual", f"Xóa {len(changes)} kết quả")

    def save_note(self, index: QModelIndex, note: str, evidence: str) -> bool:
        row, col, cell = self.cell_at(index)
        if not cell.editable or self.read_only:
            return False
        change = rs.CellChange(rs.CellKey(row.unit_id, cell.item.kind, cell.item.id), rs.KEEP, note, evidence,
                                version=cell.result.version)
        return self._apply([change], "manual", f"Ghi chú, minh chứng: {row.label} — {col.code}", undoable=False)

    def copy_text(self, indexes: list[QModelIndex]) -> str:
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        for r in range(rows[0], rows[-1] + 1):
            cells = []
            for c in range(cols[0], cols[-1] + 1):
                if (r, c) not in chosen:
                    cells.append("")
                    continue
                index = self.index(r, c)
                row, col, cell = self.cell_at(index)
                cells.append(self.data(index, Qt.ItemDataRole.EditRole if cell.editable else
                                       Qt.ItemDataRole.DisplayRole) or "")
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def _apply(self, changes: list[rs.CellChange], source: str, reason: str, undoable: bool = True) -> bool:
        """Save ``changes``; a change of figures goes on the undo stack with what it replaced."""
        before = {c.key: self._cell_of(c.key).result.values for c in changes}
        if not self._save(changes, source, reason, "Đã lưu"):
            return False
        if undoable:
            self.undo_stack.push(SavedEdit(self, reason, before, {c.key: c.values for c in changes}))
        return True

    def put_back(self, values: dict, verb: str, what: str) -> bool:
        """Undo or redo a saved edit: ``values`` by key, each cell expected as this grid's
        own last save left it (so another clerk's newer value is refused, not overwritten)."""
        if any(key not in self._left or self._cell_of(key) is None for key in values):
            self.problem.emit(f"Không {verb.lower()} được “{what}”: ô đó không còn trong bảng.")
            return False
        changes = [rs.CellChange(key, v, version=self._left[key]) for key, v in values.items()]
        return self._save(changes, "manual", f"{verb}: {what}", f"Đã {verb.lower()}")

    def _save(self, changes: list[rs.CellChange], source: str, reason: str, done: str) -> bool:
        """One audited transaction; only the saved cells are read back (issue 15's speed).
        The areas are announced by :meth:`announce`, which lets this grid's page skip reloading it."""
        period_id = self.period_id
        summary = ops.change(self._widget(), self.ctx, reason, lambda s: rs.save_cells(s, period_id, changes, source),
                             title="Chưa lưu")
        # What is stored now: the cells just saved, or, when another clerk saved them first
        # (the save refused), that clerk's values.
        self._refresh({c.key for c in changes})
        if summary is ops.FAILED:
            return False
        self._left.update({c.key: self._cell_of(c.key).result.version for c in changes})
        self.saved.emit(f"{done}: {summary.text()}"
                        + (f" (giữ {summary.history} số cũ trong lịch sử)" if summary.history else "") + ".")
        self.announce()
        return True

    def _cell_of(self, key: rs.CellKey) -> rg.GridCell | None:
        """The shown cell of a saved result (None if this grid does not show it)."""
        grid = self.grid
        if key.unit_id is None:
            r = next((i for i, row in enumerate(grid.rows) if row.kind == rg.WARD), None)
        else:
            r = grid.row_of.get(key.unit_id)
        c = grid.column_of.get((key.kind, key.item_id))
        cell = grid.cells.get((r, c)) if r is not None and c is not None else None
        return cell if cell is not None and cell.editable else None

    def _refresh(self, keys: set[rs.CellKey]) -> None:
        """Show what was just saved: only the saved cells, their rows and the roll-up are read and redrawn."""
        changed = ops.query(self._widget(), self.ctx, lambda s: rg.refresh(s, self.grid, keys))
        if changed is ops.FAILED:
            return
        for r, c in sorted(changed):
            index = self.index(r, c + 1)  # grid column c is model column c + 1; -1 is the report date
            self.dataChanged.emit(index, index)
            if c == -1:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, r, r)

    def announce(self) -> None:
        """Tell other pages that results changed; ``notifying`` lets this grid's page skip reloading it."""
        self.notifying = True
        try:
            self.ctx.changed("results")
        finally:
            self.notifying = False


def _refusal(row: rg.GridRow, col: rg.GridColumn, exc: TextError) -> str:
    return f"{row.label} — {col.code}: {exc}. Chưa lưu."


NAME_LINES = 3  # a target's name on at most this many header lines (the tooltip has it whole)


def header_text(col: rg.GridColumn) -> str:
    """A column's code and name, then its plan, on short lines: a clerk reads which
    target it is without hovering ("(1) Tốc độ tăng" / "thu ngân sách…" / "Tăng ≥ 12,5%")."""
    code = f"({col.code})" if col.target_code else col.code
    lines = _wrap(f"{code} {col.label}".strip(), 14)
    if len(lines) > NAME_LINES:
        lines = lines[:NAME_LINES]
        lines[-1] += "…"
    return "\n".join(lines + (_wrap(col.plan_text) if col.plan_text else []))


def _wrap(text: str, width: int = 13) -> list[str]:
    """A long text on short header lines: "> 100 triệu đồng/ha" → "> 100 triệu" / "đồng/ha"."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def parse_clipboard(text: str) -> list[list[str]]:
    """Rows of cells from what Excel or LibreOffice puts on the clipboard
    (tabs between cells, a newline after each row, quotes around cells that
    hold a newline)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    return [row if row else [""] for row in reader]


class _CellEditor(QLineEdit):
    """The line a cell is typed in; it knows its cell (the view may keep it open)."""

    def __init__(self, parent, index: QModelIndex):
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.setFrame(False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)


def _shown(row: rg.GridRow, cell: rg.GridCell) -> str | None:
    if row.kind == rg.ROLLUP:
        return cell.rollup_text
    if cell.result is None:
        return ""
    return display_text(cell.result.values, cell.item.spec)


class _CellDelegate(QStyledItemDelegate):
    """A plain line editor; a small corner mark on cells with a note or evidence."""

    def createEditor(self, parent, option, index):
        return _CellEditor(parent, index)

    def setEditorData(self, editor, index):
        if editor.isModified():  # the cell redrawn under a held editor must not wipe what was typed
            return
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def paint(self, painter: QPainter, option, index):
        super().paint(painter, option, index)
        if index.data(NoteRole):
            r = option.rect
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#c55a11"))
            painter.drawPolygon(QPolygon([QPoint(r.right() - 7, r.top()), QPoint(r.right(), r.top()),
                                          QPoint(r.right(), r.top() + 7)]))
            painter.restore()


class ResultGridView(QTableView):
    """Keyboard behaviour of a spreadsheet on top of QTableView."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("resultGrid")
        self.setItemDelegate(_CellDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.horizontalHeader().setMinimumSectionSize(70)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(self.verticalHeader().ResizeMode.Fixed)
        # Long unit names are cut with "…" (the tooltip has the whole name): the targets get the room.
        self.verticalHeader().setMaximumWidth(self.fontMetrics().averageCharWidth() * 34 + 16)
        self.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self._held = None  # the editor kept open on text the cell cannot take
        self._committing = False
        self._problem = QLabel(self.viewport())
        self._problem.setObjectName("cellProblem")
        self._problem.setWordWrap(True)
        self._problem.setFixedWidth(self.fontMetrics().averageCharWidth() * 42)
        self._problem.setStyleSheet(f"background: #fdecea; color: {MISMATCH}; border: 1px solid {MISMATCH};"
                                    " padding: 3px;")
        self._problem.hide()

    def model(self) -> ResultGridModel:  # noqa: D401 - typed accessor
        return super().model()

    def selected(self) -> list[QModelIndex]:
        return self.selectionModel().selectedIndexes() if self.selectionModel() else []

    def keyPressEvent(self, event) -> None:
        model = self.model()
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QApplication.clipboard().text()
            anchor = self._top_left() or self.currentIndex()
            model.paste(anchor, text, self.selected())
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(model.copy_text(self.selected()))
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            model.clear(self.selected())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._move_down()
            return
        super().keyPressEvent(event)

    # --- typed text is never lost: a refused entry keeps its editor open ------------
    def commitData(self, editor) -> None:
        """Save what was typed; text the cell cannot take, or a save refused (another
        clerk's newer value), keeps the editor open with the text and the reason beside it."""
        if self._committing:  # a message box shown during the save took the focus away
            return
        index = QModelIndex(editor.index)
        problem = self.model().entry_problem(index, editor.text())
        if problem is None:
            self._committing = True
            try:
                saved = self.model().setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            finally:
                self._committing = False
            problem = None if saved else ("Chưa lưu được (xem thông báo vừa hiện). Bấm Enter để lưu lại "
                                          "lên số đang có, hoặc Esc để bỏ.")
        else:
            self.model().problem.emit(problem)
        if problem is None:
            self._release()
            return
        self._hold(editor, problem)

    def closeEditor(self, editor, hint) -> None:
        if self._committing:
            return
        if self._held is editor:
            if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:  # only Esc gives the text up
                return
            self._release()
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: like a spreadsheet, go down
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self._move_down()
            return
        super().closeEditor(editor, hint)

    def currentChanged(self, current, previous) -> None:
        super().currentChanged(current, previous)
        held = self._held
        if held is not None and QModelIndex(held.index) != current:  # clicked away: back to the held cell
            QTimer.singleShot(0, self._return_to_held)

    def updateEditorGeometries(self) -> None:
        super().updateEditorGeometries()
        if self._held is not None:
            self._place_problem(self._held)

    def held_problem(self) -> str:
        """The reason shown beside a held editor ("" when none is held)."""
        return self._problem.text() if self._held is not None else ""

    def _hold(self, editor, problem: str) -> None:
        self._held = editor
        editor.setStyleSheet(f"border: 2px solid {MISMATCH};")
        self._problem.setText(problem + "\nSửa rồi bấm Enter, hoặc Esc để bỏ.")
        self._place_problem(editor)
        self._problem.show()
        self._problem.raise_()

    def _release(self) -> None:
        if self._held is not None:
            self._held.setStyleSheet("")
        self._held = None
        self._problem.hide()

    def _return_to_held(self) -> None:
        held = self._held
        if held is None or not QModelIndex(held.index).isValid():
            return
        self.selectionModel().setCurrentIndex(QModelIndex(held.index),
                                              QItemSelectionModel.SelectionFlag.ClearAndSelect)
        held.setFocus()

    def _place_problem(self, editor) -> None:
        """Under the editor (above it near the bottom), within the visible grid."""
        label, area, rect = self._problem, self.viewport().rect(), editor.geometry()
        label.adjustSize()
        x = max(0, min(rect.left(), area.width() - label.width()))
        y = rect.bottom() + 2
        if y + label.height() > area.height():
            y = max(0, rect.top() - label.height() - 2)
        label.move(x, y)

    def _move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        below = self.model().index(min(current.row() + 1, self.model().rowCount() - 1), current.column())
        self.setCurrentIndex(below)
        self.selectionModel().select(below, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _top_left(self) -> QModelIndex | None:
        chosen = self.selected()
        if not chosen:
            return None
        r = min(i.row() for i in chosen)
        c = min(i.column() for i in chosen)
        return self.model().index(r, c)


def legend(parent=None) -> QWidget:
    """The colour key shown under the grid; it wraps onto a second line on a narrow screen."""
    box = QWidget(parent)
    box.setObjectName("resultLegend")
    flow = FlowLayout(box, spacing=14)
    flow.addWidget(QLabel("Chú thích:"))

    def key(mark: QLabel, text: str) -> None:
        pair = QWidget()
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(mark)
        row.addWidget(QLabel(text))
        flow.addWidget(pair)

    for colour, text in LEGEND:
        swatch = QLabel()
        swatch.setFixedSize(16, 12)
        swatch.setStyleSheet(f"background:{colour}; border:1px solid #999;")
        key(swatch, text)
    note = QLabel("◥")
    note.setStyleSheet("color:#c55a11;")
    key(note, "có ghi chú")
    mismatch = QLabel("đỏ đậm")
    mismatch.setStyleSheet(f"color:{MISMATCH}; font-weight:bold;")
    key(mismatch, "cộng dồn ≠ số toàn phường")
    return box
