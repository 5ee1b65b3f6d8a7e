"""Table models shared by every list in the app.

``RowTableModel`` shows a list of plain Python rows through declared columns; it
sorts itself (in Python, with the Vietnamese collation, like calibre sorts in
its data layer) and keeps a folded search text per row. ``SearchProxy`` filters
by a diacritic-insensitive query plus any quick filters a page adds, and hands
sorting to the source model. ``tidy_table`` and ``fit_columns`` set up the
views that show them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from ..domain.text import collation_key, fold, format_date, format_number

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter

RowRole = Qt.ItemDataRole.UserRole + 1  # the row object itself


def _default_display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else ""
    if isinstance(value, (int, float)):
        return format_number(value)
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return format_date(value)
    return str(value)


def default_sort_key(value: Any) -> tuple:
    """Missing values last; numbers by value; text by the Vietnamese collation."""
    if value is None or value == "":
        return (2,)
    if isinstance(value, str):
        return (1, collation_key(value))
    return (0, value)


@dataclass
class Column(Generic[T]):
    header: str
    value: Callable[[T], Any]
    display: Callable[[Any], str] = _default_display
    sort_key: Callable[[Any], Any] = default_sort_key
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[T], str] | None = None
    foreground: Callable[[T], str | None] | None = None  # a colour name
    background: Callable[[T], str | None] | None = None
    searchable: bool = True
    width: int | None = None  # preferred width in characters


class RowTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], rows: Sequence[T] = (), parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[T] = []
        self._haystack: list[str] | None = None  # search text of each row, made at the first search
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._presorted: tuple[list[T], tuple[int, Qt.SortOrder] | None] | None = None  # see presort
        self.set_rows(rows)

    # --- data -----------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        presorted, self._presorted = self._presorted, None
        self.beginResetModel()
        in_order = presorted is not None and presorted[0] is rows and presorted[1] == self._sort
        self._rows = list(rows)
        self._haystack = None
        if self._sort is not None and not in_order:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def presort(self, rows: list[T]) -> None:
        """Sort ``rows`` in place as this model sorts; pure Python, for the worker that reads
        them: ``set_rows`` given that list while the order is unchanged does not sort it
        again (twenty thousand people sorted on the window's thread held it some 60 ms).
        The sort is stable: the order is the same."""
        sort = self._sort
        if sort is not None:
            spec = self.columns[sort[0]]
            rows.sort(key=lambda r: spec.sort_key(spec.value(r)), reverse=sort[1] == Qt.SortOrder.DescendingOrder)
        self._presorted = (rows, sort)  # that very list, in that order: set_rows need not sort it again

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        if self._haystack is None:  # twenty thousand people are shown long before anyone searches them
            self._haystack = [self._search_text(r) for r in self._rows]
        return self._haystack[row]

    def _search_text(self, row: T) -> str:
        parts = []
        for column in self.columns:
            if column.searchable:
                value = column.value(row)
                if value not in (None, ""):
                    parts.append(fold(column.display(value)))
        return " \x1f ".join(parts)

    # --- Qt API ---------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(column.value(row))
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align is not None:
                return int(column.align)
            value = column.value(row)
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            return int(ALIGN_RIGHT if numeric else ALIGN_LEFT)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
            colour = column.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            colour = column.background(row)
            return QBrush(QColor(colour)) if colour else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        spec = self.columns[column]
        reverse = order == Qt.SortOrder.DescendingOrder
        if self._haystack is None:
            self._rows.sort(key=lambda r: spec.sort_key(spec.value(r)), reverse=reverse)
            return
        keyed = sorted(zip(self._rows, self._haystack), key=lambda pair: spec.sort_key(spec.value(pair[0])),
                       reverse=reverse)
        self._rows = [r for r, _ in keyed]
        self._haystack = [h for _, h in keyed]


class SearchProxy(QSortFilterProxyModel):
    """Filters rows by a search query (ignoring case and diacritics) and by
    named quick filters; sorting is done by the source model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._filters: dict[str, Callable[[Any], bool]] = {}
        # Each source row's answer, worked out for every row at once at the first question:
        # Qt asks row by row, and twenty thousand people asked through the filters one by one
        # held the window some 60 ms (None: to be worked out again).
        self._accepted: list[bool] | None = None

    def setSourceModel(self, model) -> None:
        # Connected before Qt's own handlers, so the answers are forgotten before Qt asks again.
        for signal in (model.modelAboutToBeReset, model.layoutAboutToBeChanged, model.rowsAboutToBeInserted,
                       model.rowsAboutToBeRemoved, model.dataChanged):
            signal.connect(self._forget)
        super().setSourceModel(model)

    def _forget(self, *args) -> None:
        self._accepted = None

    def set_query(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self._refilter(lambda: setattr(self, "_words", words))

    def set_filter(self, name: str, predicate: Callable[[Any], bool] | None, refilter: bool = True) -> None:
        """``refilter`` False: the caller resets the model next, which filters every row anyway."""
        def change():
            if predicate is None:
                self._filters.pop(name, None)
            else:
                self._filters[name] = predicate

        if refilter:
            self._refilter(change)
        else:
            change()

    def _refilter(self, change: Callable[[], None]) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange(). Test for
        # the end call: Qt 6.9 already has beginFilterChange() but not endFilterChange().
        if hasattr(self, "endFilterChange"):
            self.beginFilterChange()
            change()
            self._accepted = None
            self.endFilterChange()
        else:  # pragma: no cover - Qt < 6.10
            change()
            self._accepted = None
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        accepted = self._accepted
        if accepted is None or source_row >= len(accepted):
            accepted = self._accepted = self._answers()
        return accepted[source_row]

    def _answers(self) -> list[bool]:
        """Whether each source row shows: the query's words all in its search text, every filter true."""
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return [True] * model.rowCount()
        rows = model.rows()
        accepted = [True] * len(rows)
        if self._words:
            words = self._words
            accepted = [all(word in model.haystack(r) for word in words) for r in range(len(rows))]
        for predicate in self._filters.values():
            accepted = [shown and bool(predicate(row)) for shown, row in zip(accepted, rows)]
        return accepted

    def accepted_rows(self) -> list:
        """The source's rows that show, in the source's order (the order shown: sorting is the source's)."""
        model = self.sourceModel()
        if self._accepted is None or len(self._accepted) != model.rowCount():
            self._accepted = self._answers()
        return [row for row, shown in zip(model.rows(), self._accepted) if shown]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def row_at(self, index: QModelIndex):
        return self.sourceModel().row_at(self.mapToSource(index).row())


def tidy_table(view: QTableView, single: bool = False) -> None:
    """Rows selected whole (one at a time if ``single``), not edited in place, one
    line each, the columns resized by the clerk and the last one filling the width."""
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)


SIZED_ROWS = 200  # rows measured for a column's width besides those in sight


def fit_columns(view: QTableView, maximum: int = 340) -> None:
    """Columns as wide as their contents, none wider than ``maximum`` pixels
    (a long text is cut with "…"; its cell's tooltip or the detail shows it whole).
    The rows in sight and ``SIZED_ROWS`` others spread over the list are measured.

    For a list of ``RowTableModel`` rows on one line each, the widths are measured
    here from the rows' texts, as Qt's delegate measures them: Qt's own
    ``resizeColumnsToContents`` asks the model some ten roles per cell through Python
    and held a large ward's scoring table 70–80 ms (``bench_scale.py``)."""
    header = view.horizontalHeader()
    model = view.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    if isinstance(source, RowTableModel) and not view.wordWrap():
        _fit_texts(view, model, source)
    else:
        header.setResizeContentsPrecision(SIZED_ROWS)
        view.resizeColumnsToContents()
    for column in range(model.columnCount() if model else 0):
        if view.columnWidth(column) > maximum:
            view.setColumnWidth(column, maximum)


def rows_to_measure(view: QTableView, sized: int = SIZED_ROWS) -> list[int]:
    """Row numbers of ``view``'s model whose texts set the columns' widths: every row of a
    short list; of a long one, ``sized`` rows spread over it and the rows in sight."""
    count = view.model().rowCount()
    if count <= sized:
        return list(range(count))
    step = count / sized
    chosen = {int(i * step) for i in range(sized)}
    top = max(view.rowAt(0), 0)
    bottom = view.rowAt(view.viewport().height())
    bottom = min(count, top + 100) - 1 if bottom < 0 else bottom
    chosen.update(range(top, bottom + 1))
    return sorted(chosen)


def text_width(view: QTableView, metrics: QFontMetricsF, texts) -> int:
    """How wide a column must be for ``texts`` (0 if none shows any): as QCommonStyle
    sizes an item, the text laid out in fractions of a pixel and rounded up, a margin
    each side, and one pixel for the grid line."""
    widest = max((metrics.horizontalAdvance(line) for text in texts if text for line in text.split("\n")),
                 default=None)
    if widest is None:
        return 0
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    return math.ceil(widest) + margin + (1 if view.showGrid() else 0)


def _fit_texts(view: QTableView, model, source: "RowTableModel") -> None:
    numbers = rows_to_measure(view)
    if model is source:
        sample = [source._rows[r] for r in numbers]
    else:
        sample = [source._rows[model.mapToSource(model.index(r, 0)).row()] for r in numbers]
    header = view.horizontalHeader()
    metrics = QFontMetricsF(view.font())
    for c, column in enumerate(source.columns):
        if header.isSectionHidden(c):
            continue
        value, display = column.value, column.display
        contents = text_width(view, metrics, {display(value(row)) for row in sample})
        header.resizeSection(c, max(contents, header.sectionSizeHint(c) if not header.isHidden() else 0))
