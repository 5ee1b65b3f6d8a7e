"""Pages of the main window: a title, a refresh, and a plain word when unbuilt."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..context import GuiContext


class Page(QWidget):
    """A page shows one area; ``refresh`` reloads it from the database.

    Pages listen to ``GuiContext.data_changed``: a change in an area they show
    marks them stale, and a stale page reloads the next time it is shown."""

    areas: tuple[str, ...] = ("*",)  # the data areas this page shows

    def __init__(self, ctx: GuiContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = title
        self._stale = True
        ctx.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, area: str) -> None:
        if area == "*" or "*" in self.areas or area in self.areas:
            self._stale = True
            if self.isVisible():
                self.activate()

    def activate(self) -> None:
        """Called when the page is shown; reloads only if something changed."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


class NotBuiltPage(Page):
    """An area that is not built yet says so plainly, and what it will hold."""

    def __init__(self, ctx: GuiContext, title: str, planned: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        notice = QLabel(
            f"<p><b>Phần này chưa được xây dựng trong phiên bản này của chương trình.</b></p>"
            f"<p>Khi hoàn thành, tại đây sẽ: {planned}</p>"
            "<p>Hiện chưa có chức năng nào ở đây; dữ liệu của phường không bị ảnh hưởng.</p>")
        notice.setWordWrap(True)
        notice.setTextFormat(Qt.TextFormat.RichText)
        notice.setObjectName("notBuiltNotice")
        layout.addWidget(notice)
        layout.addStretch(1)
