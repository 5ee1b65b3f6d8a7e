"""Pages of the main window: a title, a refresh, tabs that reload when shown,
data loaded in the background, and a plain word when unbuilt."""
from __future__ import annotations

import time
from typing import Any, Callable, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from .. import collector, icons
from .. import operations as ops
from ..context import GuiContext
from ..errors import show_error

LOADING_TEXT = "Đang tải…"


class Loader(QObject):
    """Loads a widget's data in a worker (``ops.query_in_background``) so that the
    window never freezes while a large ward's page fills.

    ``start(query)`` runs ``query(session)`` in the worker; ``show(data)`` then
    runs on the GUI thread. Meanwhile a "Đang tải…" note lies over the widget.
    The newest load wins: a result overtaken by a later ``start`` (the data
    changed, another period was chosen) or arriving after the widget is gone is
    dropped. A failure is shown once (to the window's ``error_sink`` when it
    has one, as a page that fails to open is). ``settled`` fires when the
    newest load has been shown or has failed; ``busy`` tells whether it is
    still on its way."""

    settled = Signal()

    def __init__(self, owner: QWidget, ctx, show: Callable[[Any], None]):
        super().__init__(owner)
        self._owner, self._ctx, self._show = owner, ctx, show
        self._latest = 0  # the number of the newest load
        self._pending: int | None = None  # the newest load while it is on its way
        # the query takes the database handle, not a session (a service that also looks at the
        # files beside it, as the backup folder; see ``ops.database_in_background``)
        self.whole_database = False
        self.note = QLabel(LOADING_TEXT, owner)
        self.note.setObjectName("loadingNote")
        self.note.setStyleSheet("background: #fff8d6; border: 1px solid #d9c77a; padding: 4px 10px;")
        self.note.hide()

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def start(self, query: Callable[[Any], Any]) -> None:
        self._latest += 1
        number = self._pending = self._latest
        self.note.adjustSize()
        self.note.move(max(0, (self._owner.width() - self.note.width()) // 2), 8)
        self.note.raise_()
        self.note.show()

        def work(handle, _progress):
            try:
                with collector.paused():
                    return query(handle)
            except Exception as exc:  # shown on the GUI thread, if anyone still waits for it
                return _Failure(exc)

        # No parent: the worker must outlive a page closed meanwhile (ops keeps it until it ends).
        run = ops.database_in_background if self.whole_database else ops.query_in_background
        operation = run(None, self._ctx, "Không đọc được dữ liệu", work, on_done=lambda data: self._arrived(number, data),
                        cancellable=False, show_dialog=False)
        operation.finished.connect(lambda _ok: _ended(operation))

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until the newest load has settled; False on timeout."""
        if self.busy:
            # One event loop until the load settles, not processEvents() in a spin: PySide6 6.12
            # loses a reference to None at every call of a method returning nothing, and
            # Python 3.11 ends with "deallocating None" once they add up.
            loop = QEventLoop()
            self.settled.connect(loop.quit)
            QTimer.singleShot(int(timeout_s * 1000), loop.quit)
            loop.exec()
            self.settled.disconnect(loop.quit)
        return not self.busy

    def _arrived(self, number: int, data: Any) -> None:
        if not shiboken6.isValid(self) or number != self._latest:
            return  # overtaken, or the widget is gone
        self._pending = None
        self.note.hide()
        try:
            if isinstance(data, _Failure):
                self._report(data.error)
            else:
                self._show(data)
        finally:
            self.settled.emit()

    def _report(self, exc: Exception) -> None:
        sink = getattr(self._owner.window(), "error_sink", None)
        if sink is not None:
            sink("Không đọc được dữ liệu", exc)
        else:
            show_error(self._owner, exc, "Không đọc được dữ liệu")


class _Failure:
    def __init__(self, error: Exception):
        self.error = error


def _ended(operation: ops.Operation) -> None:
    operation.deleteLater()  # now, in the event loop: not by the collector as Python exits


def load_in_background(widget: QWidget, ctx, query: Callable[[Any], Any], show: Callable[[Any], None],
                       whole_database: bool = False) -> Loader:
    """Load ``query(session)`` (``query(database)`` with ``whole_database``) for ``widget``
    in the background and give it to ``show`` (see :class:`Loader`); the widget's loader
    is ``widget.loader``."""
    loader = getattr(widget, "loader", None)
    if not isinstance(loader, Loader):
        loader = widget.loader = Loader(widget, ctx, show)
    loader._show, loader.whole_database = show, whole_database
    loader.start(query)
    return loader


def busy_loaders(widget: QWidget) -> list[Loader]:
    return [loader for loader in widget.findChildren(Loader) if loader.busy]


def when_loaded(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once every load under ``widget`` has settled (at once if none runs),
    loads begun meanwhile (a page's second step) included."""
    connected: dict[int, Loader] = {}

    def check() -> None:
        busy = busy_loaders(widget)
        for loader in busy:
            if id(loader) not in connected:
                connected[id(loader)] = loader
                loader.settled.connect(check)
        if busy:
            return
        for loader in connected.values():
            loader.settled.disconnect(check)
        connected.clear()
        then()

    check()


def wait_loaded(widget: QWidget, timeout_s: float = 60.0) -> bool:
    """Process events until every load under ``widget`` has settled; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while (busy := busy_loaders(widget)) and time.monotonic() < deadline:
        busy[0].wait(max(0.0, deadline - time.monotonic()))
    return not busy_loaders(widget)


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
        self._unbuilt: dict[QWidget, Callable[[], QWidget]] = {}  # placeholder: how to build its tab
        self.tabs.currentChanged.connect(self._tab_shown)

    def add_tab(self, tab: W, label: str) -> W:
        self.tabs.addTab(tab, label)
        self.stale_tabs.add(tab)
        return tab

    def add_lazy_tab(self, build: Callable[[], QWidget], label: str) -> None:
        """A tab built when it is first chosen (or first asked for, ``built_tab``): a page
        of four heavy tabs building them all on its first visit froze the window."""
        self._unbuilt[self.add_tab(QWidget(), label)] = build

    def built_tab(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it was not yet (``tab_built`` is told)."""
        placeholder = self.tabs.widget(index)
        build = self._unbuilt.pop(placeholder, None)
        if build is None:
            return placeholder
        tab = build()
        icons.dress(tab)
        with QSignalBlocker(self.tabs):  # the same tab stays chosen: no second load
            current = self.tabs.currentIndex()
            label = self.tabs.tabText(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, label)
            self.tabs.setCurrentIndex(current)
        placeholder.deleteLater()
        if placeholder in self.stale_tabs:
            self.stale_tabs.discard(placeholder)
            self.stale_tabs.add(tab)
        self.tab_built(tab)
        return tab

    def tab_built(self, tab: QWidget) -> None:
        """Called once for each tab added with ``add_lazy_tab``, as it is built."""

    def all_tabs(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def refresh(self) -> None:
        self.stale_tabs = set(self.all_tabs())
        self.load_current()

    def load_current(self) -> None:
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.built_tab(index) if index >= 0 else None
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
