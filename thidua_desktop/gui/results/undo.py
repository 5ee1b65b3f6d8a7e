"""Ctrl+Z / Ctrl+Y in the results grid.

Each saved edit (a typed cell, a pasted block, cleared cells) is kept with the
values it replaced and the values it wrote. Undoing it is a new save through
the same audited path ("Hoàn tác: …"; redoing: "Làm lại: …"), expecting the
versions this grid's own last save of each cell left: a cell another clerk (or
an import) has changed since is refused by the version check, like any save over
a newer value, and the edit leaves the stack.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand

UNDO, REDO = "Hoàn tác", "Làm lại"


class SavedEdit(QUndoCommand):
    def __init__(self, grid, reason: str, before: dict, after: dict):
        super().__init__(reason)
        self.grid = grid  # the ResultGridModel that saved it and puts it back
        self.before, self.after = before, after  # figures by cell key
        self._just_saved = True  # pushed after its save: the stack's first redo() is that save

    def redo(self) -> None:
        if self._just_saved:
            self._just_saved = False
            return
        self._put(self.after, REDO)

    def undo(self) -> None:
        self._put(self.before, UNDO)

    def _put(self, values: dict, verb: str) -> None:
        if not self.grid.put_back(values, verb, self.text()):
            self.setObsolete(True)  # refused (another clerk's newer value): it cannot be undone any more


class StackAction(QAction):
    """"Hoàn tác" or "Làm lại" for the grid: short on the toolbar, the edit named in its tooltip;
    its keys work while the grid has the focus (an open cell editor keeps its own Ctrl+Z)."""

    def __init__(self, verb: str, keys: list[QKeySequence], parent):
        super().__init__(verb, parent)
        self.verb = verb
        self.keys_text = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        self.setShortcuts(keys)
        self.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.setEnabled(False)
        self.name_edit("")

    def bind(self, slot, can_changed, text_changed) -> None:
        self.triggered.connect(slot)
        can_changed.connect(self.setEnabled)
        text_changed.connect(self.name_edit)

    def name_edit(self, what: str) -> None:
        self.setToolTip(f"{self.verb}: {what} ({self.keys_text})" if what else f"{self.verb} ({self.keys_text})")
