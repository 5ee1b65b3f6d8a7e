"""A combo box's completer that searches as the app's search boxes do: every
typed word anywhere in an entry, ignoring case and accents ("so 15" and
"pho 15" find "Tổ dân phố số 15"), and puts the entry as written into the field."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QComboBox, QCompleter

from ..domain.text import matches


class _Matching(QSortFilterProxyModel):
    """The combo's entries that match what is typed (``domain.text.matches``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query = ""

    def set_query(self, text: str) -> None:
        if text != self.query:
            self.query = text
            self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        return matches(self.query, self.sourceModel().index(source_row, 0, source_parent).data())


class MatchingCompleter(QCompleter):
    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        self.matching = _Matching(self)
        self.matching.setSourceModel(combo.model())
        self.setModel(self.matching)  # a proxy of the combo's own model: choosing maps back to the combo's row
        # the proxy filters; the completer shows what it kept
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        combo.lineEdit().textEdited.connect(self._typed)

    def _typed(self, text: str) -> None:
        self.matching.set_query(text)
        self.complete()


def searchable(combo: QComboBox) -> None:
    """Let the clerk type words of an entry, with or without accents, to pick it."""
    combo.setCompleter(MatchingCompleter(combo))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
