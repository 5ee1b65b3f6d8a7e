"""A combo box's completer that searches as the app's search boxes do:
anywhere in an entry, ignoring case and accents ("so 15" finds "Tổ dân phố
số 15"), and puts the entry as written into the field."""
from __future__ import annotations

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from ..domain.text import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 64


class _Folded(QIdentityProxyModel):
    """The combo's entries, each also in its folded form (what the completer compares)."""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == FOLDED_ROLE:
            return fold(super().data(index, Qt.ItemDataRole.DisplayRole))
        return super().data(index, role)


class FoldingCompleter(QCompleter):
    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        folded = _Folded(self)
        folded.setSourceModel(combo.model())
        self.setModel(folded)  # a proxy of the combo's own model: choosing maps back to the combo's row
        self.setCompletionRole(FOLDED_ROLE)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


def searchable(combo: QComboBox) -> None:
    """Let the clerk type part of an entry, with or without accents, to pick it."""
    combo.setCompleter(FoldingCompleter(combo))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
