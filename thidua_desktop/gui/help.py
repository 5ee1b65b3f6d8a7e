"""The user guide inside the app (Trợ giúp › Hướng dẫn sử dụng, F1), and saved as a PDF.

One window for the whole session: the table of contents on the left (filtered
by the search box, accents optional), the section on the right with back and
forward. F1 opens the section of the page the clerk is on (``PAGE_SECTIONS``,
the one place that pairs them); a page without a section of its own opens the
contents.
"""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.text import fold
from ..printing import guide
from . import screen
from .errors import show_error
from .files import save_path

# The page of the main window (gui/pages PAGES) → its section of the guide.
PAGE_SECTIONS = {
    "overview": "tong-quan",
    "steps": "cac-buoc",
    "units": "don-vi",
    "targets": "chi-tieu-ket-qua",
    "scoring": "cham-diem",
    "awards": "khen-thuong",
    "documents": "van-ban",
    "audit": "nhat-ky-sao-luu",
    "settings": "cai-dat",
}


def section_for(page_id: str) -> str:
    return PAGE_SECTIONS.get(page_id, guide.CONTENTS)


def _fold_char(ch: str) -> str:
    """One character without its accent, lower case: positions in the folded text are the document's."""
    if ch in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", ch)[0].lower()


class GuideWindow(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"{guide.TITLE} — Thi đua – Khen thưởng")
        self.sections = [guide.Section(guide.CONTENTS, "Mục lục"), *guide.sections()]
        self._texts = {s.id: fold(s.path.read_text(encoding="utf-8")) for s in self.sections}
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide.folder())])
        self.browser.sourceChanged.connect(self._shown)
        self.contents = QListWidget()
        self.contents.setObjectName("guideContents")
        for section in self.sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.contents.addItem(item)
        self.contents.itemClicked.connect(lambda item: self.show_section(item.data(Qt.ItemDataRole.UserRole)))
        self.search = QLineEdit()
        self.search.setObjectName("guideSearch")
        self.search.setPlaceholderText("Tìm trong hướng dẫn (gõ không dấu cũng được), Enter: tìm tiếp")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.find_next)
        self.found = QLabel()
        self.found.setObjectName("guideFound")
        self.back = QPushButton("◀ Lùi lại")
        self.forward = QPushButton("Tiến tới ▶")
        home = QPushButton("Mục lục")
        self.back.clicked.connect(self.browser.backward)
        self.forward.clicked.connect(self.browser.forward)
        home.clicked.connect(lambda: self.show_section(guide.CONTENTS))
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.browser.forwardAvailable.connect(self.forward.setEnabled)
        self.back.setEnabled(False)
        self.forward.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Alt+Left"), self, activated=self.browser.backward)
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.browser.forward)
        bar = QHBoxLayout()
        for widget in (self.back, self.forward, home):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.found)
        split = QSplitter()
        split.addWidget(self.contents)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([270, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        screen.fit(self, QSize(1300, 760))

    # --- showing ----------------------------------------------------------------------------
    def show_section(self, section_id: str) -> None:
        known = {s.id for s in self.sections}
        target = section_id if section_id in known else guide.CONTENTS
        self.browser.setSource(QUrl.fromLocalFile(str(guide.section_path(target))),
                               QTextDocument.ResourceType.MarkdownResource)

    def current_section(self) -> str:
        return self.browser.source().fileName().removesuffix(".md")

    def _fit_images(self) -> None:
        """A whole-window screenshot as wide as the reading column, no wider than it was taken."""
        width = self.browser.viewport().width() - 2 * self.browser.document().documentMargin() - 8
        guide.fit_images(self.browser.document(), min(max(width, 400), guide.SCREEN_WIDTH))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_images()

    def _shown(self, url: QUrl) -> None:
        self._fit_images()
        current = self.current_section()
        for row in range(self.contents.count()):
            if self.contents.item(row).data(Qt.ItemDataRole.UserRole) == current:
                self.contents.setCurrentRow(row)
        if self.search.text().strip():
            self.find_next(from_start=True)

    # --- searching --------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        """Only the sections holding every word typed stay in the contents."""
        words = fold(text).split()
        shown = 0
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            hit = all(w in self._texts[item.data(Qt.ItemDataRole.UserRole)] for w in words)
            item.setHidden(not hit)
            shown += hit
        self.found.setText(f"{shown} mục có “{text.strip()}”" if words else "")

    def find_next(self, from_start: bool = False) -> bool:
        """Select the next place of the search text in the section shown (accents optional)."""
        needle = "".join(map(_fold_char, self.search.text().strip()))
        if not needle:
            return False
        doc = self.browser.document()
        haystack = "".join(map(_fold_char, doc.toPlainText()))
        start = 0 if from_start else self.browser.textCursor().selectionEnd()
        at = haystack.find(needle, start)
        if at < 0:
            at = haystack.find(needle)  # round to the top
        if at < 0:
            return False
        cursor = QTextCursor(doc)
        cursor.setPosition(at)
        cursor.setPosition(at + len(needle), QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        return True


def show_guide(window: QWidget, section_id: str = guide.CONTENTS) -> GuideWindow:
    """The guide's window (made once, beside the main window) at ``section_id``."""
    viewer = getattr(window, "guide_window", None)
    if viewer is None:
        viewer = window.guide_window = GuideWindow(window)
    viewer.show()  # first: the pictures are fitted to the width it is shown at
    viewer.show_section(section_id)
    viewer.raise_()
    viewer.activateWindow()
    return viewer


def save_pdf(window: QWidget, path=None, confirm=None) -> int | None:
    """The guide saved as an A4 PDF where the clerk chooses; the number of pages, None when not saved.
    An existing file is replaced only after the clerk said so (``confirm(path)`` answers in tests)."""
    path = path or save_path(window, "Lưu hướng dẫn thành PDF", "Hướng dẫn sử dụng Thi đua – Khen thưởng.pdf",
                             "Tệp PDF (*.pdf)")
    if path is None:
        return None
    ask = confirm or (lambda p: _ask_overwrite(window, p))
    if path.exists() and not ask(path):
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = guide.write_pdf(path, overwrite=True)
    except Exception as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, exc, "Không lưu được hướng dẫn")
        return None
    QApplication.restoreOverrideCursor()
    QMessageBox.information(window, "Đã lưu hướng dẫn", f"{pages} trang A4:\n{path}")
    return pages


def _ask_overwrite(window: QWidget, path) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, "Lưu hướng dẫn thành PDF",
                      f"Tệp “{path.name}” đã có trong thư mục này. Ghi đè lên tệp đó?", parent=window)
    yes = box.addButton("Có", QMessageBox.ButtonRole.YesRole)
    box.addButton("Không", QMessageBox.ButtonRole.NoRole)
    box.exec()
    return box.clickedButton() is yes
