"""Pages of the main window: a title, a refresh, tabs that reload when shown,
and a plain word when unbuilt."""
from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

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


W = TypeVar("W", bound=QWidget)


class TabbedPage(Page):
    """A heading over tabs. After a change every tab is stale; the one shown
    reloads at once, the others when the clerk opens them (``always_reload``:
    every time they are opened). A tab reloads through its ``refresh``."""

    always_reload = False

    def __init__(self, ctx: GuiContext, title: str, tabs_name: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        layout = QVBoxLayout(self)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName(tabs_name)
        layout.addWidget(self.tabs, 1)
        self.stale_tabs: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_shown)

    def add_tab(self, tab: W, label: str) -> W:
        self.tabs.addTab(tab, label)
        self.stale_tabs.add(tab)
        return tab

    def all_tabs(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def refresh(self) -> None:
        self.stale_tabs = set(self.all_tabs())
        self.load_current()

    def load_current(self) -> None:
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in self.stale_tabs or (self.always_reload and tab is not None):
            self.stale_tabs.discard(tab)
            self.load_tab(tab)

    def load_tab(self, tab: QWidget) -> None:
        if hasattr(tab, "refresh"):
            tab.refresh()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")  # styled by resources/style.qss
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
