"""The preview of an import: every row of the file with what would happen to
it, before anything is written. A file with errors cannot be imported; the
clerk sees each error with its row number and reason."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QTableView, QWidget

from ..services.xlsx.importing import ImportPreview, Outcome, RowOutcome
from .dialogs import FormDialog
from .tablemodel import ALIGN_RIGHT, Column, RowTableModel, SearchProxy
from .uiloader import child

OUTCOME_COLOURS = {Outcome.NEW: "#1e6b33", Outcome.UPDATE: "#1a56a6", Outcome.UNCHANGED: "#80868b",
                   Outcome.ERROR: "#b3261e"}
_KINDS = {"units": "đơn vị", "people": "cá nhân", "nominations": "đề nghị khen thưởng", "votes": "kết quả phiếu"}


def _has_changes(preview: ImportPreview) -> bool:
    return any(preview.count(o) for o in (Outcome.NEW, Outcome.UPDATE))


class ImportPreviewDialog(FormDialog):
    """``what`` names what the file lists (by default from the preview's kind);
    ``column`` heads the column of row names (by default ``what``)."""

    def __init__(self, parent: QWidget | None, preview: ImportPreview, what: str = "", column: str = ""):
        super().__init__("import_preview", parent, ok_text="Nhập vào")
        self.preview = preview
        what = what or _KINDS.get(preview.kind, preview.kind)
        column = column or what[:1].upper() + what[1:]
        self.dialog.setWindowTitle(f"Xem trước khi nhập {what} — {preview.path.name}")
        self.summary = child(self.dialog, QLabel, "summaryLabel")
        self.filter = child(self.dialog, QComboBox, "outcomeFilter")
        self.search = child(self.dialog, QLineEdit, "search")
        self.count = child(self.dialog, QLabel, "countLabel")
        self.view = child(self.dialog, QTableView, "rowsView")
        self.model = RowTableModel([
            Column("Dòng", lambda r: r.row, align=ALIGN_RIGHT, width=6, display=str),
            Column("Kết quả", lambda r: r.outcome.label, foreground=lambda r: OUTCOME_COLOURS[r.outcome], width=10,
                   sort_key=lambda v: (v,)),
            Column(column, lambda r: r.name, width=44),
            Column("Chi tiết", lambda r: r.message, tooltip=lambda r: r.message, width=60),
        ], preview.rows)
        self.proxy = SearchProxy(self.dialog)
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # in the file's order
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        char = self.view.fontMetrics().averageCharWidth()
        for i, col in enumerate(self.model.columns):
            self.view.setColumnWidth(i, col.width * char + 16)
        choices = [("Tất cả các dòng", None)] + [
            (f"{o.label} ({preview.count(o)})", o) for o in (Outcome.ERROR, Outcome.NEW, Outcome.UPDATE,
                                                              Outcome.UNCHANGED) if preview.count(o)]
        for text, outcome in choices:
            self.filter.addItem(text, outcome.value if outcome is not None else None)
        self.filter.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._search)
        errors = len(preview.errors)
        if errors:
            self.filter.setCurrentIndex(1)  # the errors first: they are what needs doing
        parts = ", ".join(f"<span style='color:{OUTCOME_COLOURS[o]}'>{preview.count(o)} {o.label.lower()}</span>"
                          for o in Outcome if preview.count(o))
        sheet = getattr(preview, "sheet", "")
        where = f" (trang “{sheet}”)" if sheet else ""
        text = f"Tệp <b>{preview.path.name}</b>{where}: {len(preview.rows)} dòng — {parts}."
        if errors:
            text += (f"<br><b style='color:#b3261e'>Có {errors} dòng lỗi: chưa nhập được gì.</b> "
                     "Hãy sửa các dòng này trong tệp Excel rồi nhập lại; cả tệp chỉ được nhập khi không còn lỗi.")
        elif not _has_changes(preview):
            text += "<br>Không có gì thay đổi so với dữ liệu đang có."
        else:
            text += "<br>Bấm “Nhập vào” để ghi cả tệp trong một lần; có thể xem lại trong nhật ký thay đổi."
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Đóng")
        self._filter()

    def _filter(self, *args) -> None:
        value = self.filter.currentData()
        self.proxy.set_filter("outcome", None if value is None else (lambda r, v=value: r.outcome.value == v))
        self._count()

    def _search(self, text: str) -> None:
        self.proxy.set_query(text)
        self._count()

    def _count(self) -> None:
        self.count.setText(f"Hiển thị {self.proxy.rowCount()} / {self.model.rowCount()} dòng")

    def shown(self) -> list[RowOutcome]:
        return [self.proxy.row_at(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]

    def complete(self) -> bool:
        return self.preview.ok and _has_changes(self.preview)  # the summary says why not
