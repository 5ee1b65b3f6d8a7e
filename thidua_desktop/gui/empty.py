"""An empty list says what to do next.

``hint_when_empty(view, text)`` lays a centred grey line over the view's
viewport while its model has no row; ``text`` may be a function, asked each
time, for a list whose advice depends on why it is empty (nothing yet, or
nothing matching the search). ``hint_over(view, advice)`` shows whatever
``advice()`` says ("" for nothing), for a view whose emptiness is not its row
count (the results grid keeps its ward rows).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from .style import SPACING

NO_MATCH = "Không có dòng nào khớp với ô tìm kiếm và bộ lọc đang chọn."


class EmptyHint(QLabel):
    """The hint over one view; follows its model's rows and its viewport's size."""

    def __init__(self, view: QAbstractItemView, advice: Callable[[], str]):
        super().__init__(view.viewport())
        self.setObjectName("emptyHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.view = view
        self.advice = advice
        # Nothing is said before the list is first filled: a page loading in the background
        # is not an empty one.
        self.filled = False
        model = view.model()
        model.modelReset.connect(self._filled)
        for signal in (model.rowsInserted, model.rowsRemoved, model.layoutChanged,
                       model.columnsInserted, model.columnsRemoved):
            signal.connect(self.update_shown)
        view.viewport().installEventFilter(self)
        self.hide()

    def _filled(self) -> None:
        self.filled = True
        self.update_shown()

    def update_shown(self, *args) -> None:
        text = self.advice() if self.filled else ""
        self.setText(text)
        self.setVisible(bool(text))
        if text:
            self._fit()

    def _fit(self) -> None:
        margin = SPACING * 3
        self.setGeometry(self.parentWidget().rect().adjusted(margin, margin, -margin, -margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and not self.isHidden():  # its view may not be shown yet
            self._fit()
        return False


def hint_over(view: QAbstractItemView, advice: Callable[[], str]) -> EmptyHint:
    """Show ``advice()`` over ``view`` (its model set before) whenever it says something."""
    return EmptyHint(view, advice)


def hint_when_empty(view: QAbstractItemView, text: str | Callable[[], str]) -> EmptyHint:
    """Show ``text`` over ``view`` (its model set before) while the model has no row."""
    words = text if callable(text) else (lambda: text)
    return EmptyHint(view, lambda: words() if view.model().rowCount() == 0 else "")
