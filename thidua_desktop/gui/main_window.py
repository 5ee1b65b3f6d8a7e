"""The main window: navigation on the left, one page per area on the right.

The frame is built and painted before the database is opened (issue 15, goal 2):
this module imports neither SQLAlchemy nor the services; ``attach`` gives the
window its database once it is open."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from . import collector, icons, screen
from .screen import window_settings
from .errors import show_error
from .pages import PAGES, PageEntry, prefetch

if TYPE_CHECKING:
    from .context import GuiContext
    from .pages.base import Page

OPENING_TEXT = "Đang mở dữ liệu…"
FIRST_PAINT_WAIT_MS = 1500  # a window started minimised is never painted: the data is opened anyway


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, ctx: GuiContext | None = None, parent: QWidget | None = None):
        """Without ``ctx`` only the frame is built (navigation disabled, the page
        area saying the data is being opened) until ``attach`` is called."""
        super().__init__(parent)
        self.ctx: GuiContext | None = None
        # Where page errors go; None shows them in a dialog (the smoke test collects them).
        self.error_sink = None
        self._after_first_paint: Callable[[], None] | None = None
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(760, 520))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page | None] = {}
        self._entries: list[PageEntry] = list(PAGES)
        for entry in self._entries:
            item = QListWidgetItem(icons.icon(entry.icon), entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.page_id)
            if entry.factory is None:
                item.setToolTip("Chưa được xây dựng trong phiên bản này")
            self.nav.addItem(item)
            self.stack.addWidget(self._placeholder())  # replaced by the page when first shown
            self.pages[entry.page_id] = None
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 36)
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(4, 4, 4, 0)
        row = QHBoxLayout()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self._column.addLayout(row, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)
        self._build_menu()
        self.db_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self._restore_state()
        self._set_navigable(False)
        if ctx is not None:
            self.attach(ctx)

    @staticmethod
    def _placeholder() -> QLabel:
        # shown only before the database is attached: a page is built before it is shown
        label = QLabel(OPENING_TEXT)
        label.setObjectName("openingData")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def attach(self, ctx: GuiContext) -> None:
        """Give the frame its open database: title, banner, status bar, navigation."""
        from .backup_status import BackupStatus

        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} — {ctx.db.display_name}")
        if ctx.app.read_only:
            self._column.insertWidget(0, self._read_only_banner())
        self.db_label.setText(f"Dữ liệu: {ctx.db.display_name}")
        if ctx.actor:
            self.statusBar().addPermanentWidget(QLabel(f"Người dùng: {ctx.actor}"))
        self.statusBar().addPermanentWidget(BackupStatus(ctx))
        from .years import YearStatus

        self.statusBar().addPermanentWidget(YearStatus(ctx))
        for action in self._year_actions:
            action.setEnabled(not ctx.app.read_only)
        self._set_navigable(True)
        collector.set_aside()  # what start-up made (modules, the frame, the open database) lives as long as the app

    def _set_navigable(self, enabled: bool) -> None:
        self.nav.setEnabled(enabled)
        self._go_menu.setEnabled(enabled)
        for action in self._go_menu.actions():  # their Ctrl+N shortcuts too
            action.setEnabled(enabled)

    def _read_only_banner(self) -> QLabel:
        from ..services.app import read_only_text

        banner = QLabel("<b>Chỉ đọc.</b> " + read_only_text(self.ctx.db))
        banner.setObjectName("readOnlyBanner")
        banner.setWordWrap(True)
        banner.setStyleSheet("QLabel { background: #FFF4CE; color: #5C4400; border: 1px solid #E0C060; "
                             "padding: 6px; }")
        return banner

    # --- navigation -------------------------------------------------------
    def page_ids(self) -> list[str]:
        return [e.page_id for e in self._entries]

    def show_page(self, page_id: str) -> Page:
        row = self.page_ids().index(page_id)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._show_row(row)
        page = self.pages[page_id]
        assert page is not None
        return page

    def current_page_id(self) -> str:
        return self._entries[max(self.nav.currentRow(), 0)].page_id

    def _build_page(self, entry: PageEntry) -> Page:
        from .pages.base import NotBuiltPage

        if entry.factory is None:
            return NotBuiltPage(self.ctx, entry.title, entry.planned)
        with collector.paused():  # the thousands of objects a page's widgets make set off a full collection
            page = entry.load()(self.ctx, entry.title)
            icons.dress(page)
        return page

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        entry = self._entries[row]
        page = self.pages[entry.page_id]
        if page is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                page = self._build_page(entry)
            except Exception as exc:
                if self.error_sink is None:
                    raise
                self.error_sink(entry.title, exc)
                page = self._failed_page(entry)
            finally:
                QApplication.restoreOverrideCursor()
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[entry.page_id] = page
            if sum(p is not None for p in self.pages.values()) == 1:  # the other pages' modules, once it is filled
                from .pages.base import when_loaded

                when_loaded(page, prefetch)
        self.stack.setCurrentIndex(row)
        try:
            page.activate()
        except Exception as exc:  # a page that cannot load says why, the window stays
            page._stale = True
            if self.error_sink is not None:
                self.error_sink(entry.title, exc)
            else:
                show_error(self, exc, f"Không mở được “{entry.title}”")
        self.page_changed.emit(entry.page_id)

    def _failed_page(self, entry: PageEntry) -> Page:
        from .pages.base import NotBuiltPage

        return NotBuiltPage(self.ctx, entry.title, "(trang bị lỗi khi mở)")

    # --- menu -------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self._year_actions = []
        for text, module, name in (
                ("&Kết thúc năm…", "years", "close_year"), ("Mở &lại năm đã kết thúc…", "years", "reopen_year"),
                ("Mở &năm mới…", "years", "open_year"), (None, None, None),
                ("&Gửi dữ liệu năm cho thành phố…", "exchange", "export_year"),
                ("&Dữ liệu các phường gửi về (thành phố)…", "exchange", "show_received")):
            if text is None:
                file_menu.addSeparator()
                continue
            action = QAction(text, self)
            action.setObjectName(f"{name}Action")
            action.setEnabled(False)
            action.triggered.connect(lambda _=False, m=module, n=name: self._year_action(m, n))
            file_menu.addAction(action)
            self._year_actions.append(action)
        file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self._go_menu = self.menuBar().addMenu("&Đi tới")
        for i, entry in enumerate(self._entries):
            action = QAction(entry.title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, pid=entry.page_id: self.show_page(pid))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        for text, name, shortcut, slot in (
                ("&Hướng dẫn sử dụng", "guideAction", None, lambda: self.show_help()),
                ("Hướng dẫn cho &trang này", "pageHelpAction", QKeySequence.StandardKey.HelpContents,
                 lambda: self.show_help(for_page=True)),
                ("Lưu hướng dẫn thành &PDF…", "guidePdfAction", None, self._save_guide_pdf)):
            action = QAction(text, self)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            help_menu.addAction(action)
        help_menu.addSeparator()
        about = QAction("&Giới thiệu", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _year_action(self, module: str, name: str) -> None:
        """The File menu's actions on years and on the city's files (gui/years.py, gui/exchange.py),
        imported when first used."""
        from . import exchange, years

        getattr({"years": years, "exchange": exchange}[module], name)(self, self.ctx)

    def show_help(self, for_page: bool = False):
        """The guide (gui/help.py, imported when first asked for) at its contents, or with
        ``for_page`` (F1) at the section of the page shown."""
        from . import help as guide_help

        return guide_help.show_guide(self, guide_help.section_for(self.current_page_id()) if for_page
                                     else guide_help.guide.CONTENTS)

    def _save_guide_pdf(self) -> None:
        from . import help as guide_help

        guide_help.save_pdf(self)

    def _about(self) -> None:
        data = f"Dữ liệu: {self.ctx.db.display_name}" if self.ctx is not None else OPENING_TEXT
        QMessageBox.about(
            self, f"Giới thiệu {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>"
            "Quản lý phong trào thi đua và công tác khen thưởng cấp phường.<br>" + data)

    # --- window state -----------------------------------------------------
    def _restore_state(self) -> None:
        settings = window_settings()
        screen.restore(self, settings, "main", QSize(1200, 760))
        last = settings.value("main/page", "overview")
        ids = self.page_ids()
        self._initial_page = last if last in ids else "overview"
        # Marked in the first frame, built right after it: without a current row the list
        # would select (and build) its first page when it takes the focus on show.
        with QSignalBlocker(self.nav):
            self.nav.setCurrentRow(ids.index(self._initial_page))

    def save_state(self) -> None:
        settings = window_settings()
        screen.save(self, settings, "main")
        settings.setValue("main/page", self.current_page_id())
        settings.sync()

    def open_initial_page(self) -> None:
        self.show_page(self._initial_page)

    def after_first_paint(self, step: Callable[[], None]) -> None:
        """Run ``step`` right after the window's first frame is painted: the
        clerk sees the window at once; the database, the page's modules and
        its queries come after."""
        self._after_first_paint = step
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._take_first_paint_step)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if self._after_first_paint is not None:
            QTimer.singleShot(0, self._take_first_paint_step)

    def _take_first_paint_step(self) -> None:
        step, self._after_first_paint = self._after_first_paint, None
        if step is not None:
            step()

    def fill_first_page(self, then: Callable[[], None]) -> None:
        """Open the initial page, then call ``then`` once its data is shown."""
        from .pages.base import when_loaded

        try:
            self.open_initial_page()
        finally:  # an unattended run ends even when the page fails
            when_loaded(self, then)

    def closeEvent(self, event) -> None:
        self.save_state()
        super().closeEvent(event)
