"""What the registry tabs share: a searchable list with quick filters and counts."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.registry import loose_key, sort_key
from ..empty import NO_MATCH, hint_when_empty
from ..tablemodel import Column, RowTableModel, SearchProxy, default_sort_key
from ..tones import TONES, show

MUTED = "#80868b"



def text_sort(value: Any) -> tuple:
    """Missing values last, text in Vietnamese order (cached keys: long lists sort fast)."""
    if value is None or value == "":
        return (2,)
    if isinstance(value, str):
        return (1, sort_key(value))
    return (0, value)


class RegistryModel(RowTableModel):
    """A RowTableModel whose search text is folded word by word with a cache
    (ten thousand people share a few hundred units, positions and syllables)."""

    def _search_text(self, row) -> str:
        parts = []
        for column in self.columns:
            if column.searchable:
                value = column.value(row)
                if value not in (None, ""):
                    parts.append(loose_key(column.display(value)))
        return " \x1f ".join(parts)


class ListPanel(QWidget):
    """A toolbar, a search box with quick filters, a sortable table and a count.

    Search ignores case and accents; filters are combo boxes whose data is a
    predicate on the row (None: no filter). The count says how many rows show
    out of how many."""

    def __init__(self, columns: Sequence[Column], noun: str, search_hint: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.noun = noun
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        self.toolbar = QHBoxLayout()
        layout.addLayout(self.toolbar)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint)
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 2)
        self.filter_row = filters
        layout.addLayout(filters)
        for column in columns:
            if column.sort_key is default_sort_key:
                column.sort_key = text_sort
        self.model = RegistryModel(columns)
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        char = self.view.fontMetrics().averageCharWidth()
        for i, column in enumerate(columns):
            if column.width:
                self.view.setColumnWidth(i, column.width * char + 16)
        # Qt's header starts "descending"; lists open in alphabetical order.
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.view, 1)
        self.empty_text = ""  # what to do when there is nothing yet (each tab says)
        hint_when_empty(self.view, lambda: NO_MATCH if self.model.rowCount() else self.empty_text)
        bottom = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("countLabel")
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("statusLabel")
        bottom.addWidget(self.status)
        layout.addLayout(bottom)
        self.filters: dict[str, QComboBox] = {}
        self.count_extra: Callable[[list], str] | None = None
        self.search.textChanged.connect(self._on_search)
        # Filtering removes rows range by range; the count is worked out once afterwards.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(0)
        self._count_timer.timeout.connect(self.update_count)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsInserted,
                       self.proxy.rowsRemoved):
            signal.connect(self._count_timer.start)

    def button(self, text: str, slot: Callable, name: str, tip: str = "") -> QPushButton:
        widget = QPushButton(text)
        widget.setObjectName(name)
        if tip:
            widget.setToolTip(tip)
        widget.clicked.connect(lambda _=False: slot())
        self.toolbar.addWidget(widget)
        return widget

    def add_filter(self, name: str, label: str, width: int = 200) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{name}Filter")
        combo.setMinimumWidth(width)
        combo.setToolTip(label)
        self.filter_row.addWidget(combo, 1)
        self.filters[name] = combo
        combo.currentIndexChanged.connect(lambda _i, n=name: self._on_filter(n))
        return combo

    def set_filter_choices(self, name: str, choices: Sequence[tuple[str, Callable[[Any], bool] | None]],
                           refilter: bool = True) -> None:
        """Replace a filter's entries, keeping the chosen one when it is still offered
        (``refilter`` False: new rows follow at once, and are filtered as they come)."""
        combo = self.filters[name]
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        self._predicates = getattr(self, "_predicates", {})
        self._predicates[name] = [predicate for _, predicate in choices]
        for text, _ in choices:
            combo.addItem(text)
        index = combo.findText(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)
        self._on_filter(name, refilter)

    def _on_filter(self, name: str, refilter: bool = True) -> None:
        combo = self.filters[name]
        predicates = getattr(self, "_predicates", {}).get(name, [])
        index = combo.currentIndex()
        self.proxy.set_filter(name, predicates[index] if 0 <= index < len(predicates) else None, refilter)
        if refilter:
            self.update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_query(text)
        self.update_count()

    def update_count(self, *args) -> None:
        text = f"Hiển thị {self.proxy.rowCount()} / {self.model.rowCount()} {self.noun}"
        if self.count_extra:
            text += self.count_extra(self.shown_rows())
        self.count.setText(text)

    def set_rows(self, rows: list) -> None:
        keep = {getattr(r, "id", None) for r in self.selected()}
        self.model.set_rows(rows)
        if keep:
            self.select_ids(keep)
        self.update_count()

    def selected(self) -> list:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.row_at(self.proxy.index(r, 0)) for r in rows]

    def current(self):
        """The one selected row, or None."""
        chosen = self.selected()
        return chosen[0] if len(chosen) == 1 else None

    def select_ids(self, ids: set) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        first = None
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if getattr(self.proxy.row_at(index), "id", None) in ids:
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                first = first or index
        if first is not None:
            self.view.scrollTo(first)

    def shown_rows(self) -> list:
        if self.proxy.rowCount() == self.model.rowCount():  # nothing hidden: the source's rows, in its order
            return self.model.rows()
        return self.proxy.accepted_rows()  # not walked row by row through the proxy (twenty thousand people)

    def rows_as_shown(self) -> list:
        """The rows the clerk sees, in the order shown (what a printed list holds)."""
        return [self.proxy.row_at(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]

    def say(self, text: str, tone: str = "done") -> None:
        """The line under the list: ``done`` (green) says something was saved, ``warning``
        (amber) asks for a look, ``error`` (red) that nothing was, ``note`` anything else."""
        show(self.status, text, tone)
