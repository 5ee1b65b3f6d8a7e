"""Thẻ đơn vị: a window with everything about one unit (issue 16, item 13).

Opened by a double-click on a unit wherever units are listed (the units list,
the results grid's row headers, the evaluation tab's reporting table, the
scoring page's ranking) through :func:`open_unit_card`. One window per unit:
asking again for a unit whose card is open brings that window forward. The
window is not modal, so the clerk can keep it beside the grid; it reloads
after a change elsewhere (at once when it is the active window, otherwise
when next activated). "In…" shows the print preview (A4 portrait) and
"Lưu PDF…" writes a PDF, asking before replacing a file.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..domain.roles import Action
from ..errors import UserError
from ..printing import unit_card as printing
from ..services.registry import card as card_service
from . import operations as ops
from . import screen
from .access import restrict
from .awards.printing import print_preview
from .errors import show_error
from .files import save_path
from .pages.base import load_in_background

_open: dict[tuple[int, int], "UnitCardWindow"] = {}  # (context, unit id) → its window


def open_unit_card(parent: QWidget | None, ctx, unit_id: int | None) -> "UnitCardWindow | None":
    """Show the card of ``unit_id`` (bring it forward when already open); None when
    there is no unit (a ward or total row) or it could not be read (already said)."""
    if unit_id is None:
        return None
    window = _open.get((id(ctx), unit_id))
    if window is None:
        window = UnitCardWindow(parent.window() if parent is not None else None, ctx, unit_id)
        _open[(id(ctx), unit_id)] = window
        window.destroyed.connect(lambda *_: _open.pop((id(ctx), unit_id), None))
        window.load()  # shown below at once, "Đang tải…" until the card is read
        if window.unreadable:  # already said (a load that ended at once)
            return None
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class UnitCardWindow(QDialog):
    def __init__(self, parent: QWidget | None, ctx, unit_id: int):
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id = unit_id
        self.card: card_service.UnitCard | None = None
        self.stale = False
        self.unreadable = False  # the unit could not be read (deleted meanwhile): the card closes
        self.setObjectName("unitCard")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("unitCardHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("unitCardTabs")
        self.pages: list[QTextBrowser] = []
        for title, _ in printing.SECTIONS:
            page = QTextBrowser()
            page.setOpenLinks(False)
            self.pages.append(page)
            self.tabs.addTab(page, title)
        layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton("Sửa thông tin đơn vị…")
        self.edit_button.setObjectName("unitCardEdit")
        self.edit_button.setToolTip("Mở mẫu sửa đơn vị ở trang “Đơn vị, khối, cá nhân”; thẻ tự cập nhật sau khi lưu")
        self.print_button = QPushButton("In…")
        self.print_button.setObjectName("unitCardPrint")
        self.pdf_button = QPushButton("Lưu PDF…")
        self.pdf_button.setObjectName("unitCardPdf")
        close = QPushButton("Đóng")
        for b in (self.edit_button, self.print_button, self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.edit_button.clicked.connect(self.edit)
        self.print_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        close.clicked.connect(self.close)
        self.edit_button.setVisible(hasattr(parent, "show_page"))  # opened outside the main window: nowhere to edit
        restrict(ctx, Action.EDIT_DATA, self.edit_button)
        ctx.data_changed.connect(self._data_changed)
        screen.fit(self, QSize(1080, 720))

    # --- loading -----------------------------------------------------------------
    def load(self) -> None:
        """Read the card in the background (a large ward's takes about a second), "Đang tải…"
        over the window meanwhile; a unit deleted meanwhile is said once and its card goes."""
        self.stale = False
        unit_id = self.unit_id

        def read(session):
            try:
                return card_service.unit_card(session, unit_id)
            except UserError as exc:  # the unit is gone: for _show to close the card
                return exc

        load_in_background(self, self.ctx, read, self._show)

    def _show(self, found: "card_service.UnitCard | UserError") -> None:
        if isinstance(found, UserError):
            self.unreadable = True
            ops.show_error(self.parentWidget(), found, "Không mở được thẻ đơn vị")
            self.close()
            return
        self.card = found
        self.setWindowTitle(f"Thẻ đơn vị — {found.name}")
        self.heading.setText(_heading_html(found))
        for page, (_, html) in zip(self.pages, printing.sections(found)):
            page.setHtml(html)
            printing.fix_widths(page.document())

    def _data_changed(self, _area: str) -> None:
        """Reload now if the clerk is looking at the card, else when it is next activated."""
        if self.isActiveWindow():
            self.load()
        else:
            self.stale = True

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self.stale:
            self.load()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.ctx.data_changed.disconnect(self._data_changed)
        super().closeEvent(event)

    # --- actions -----------------------------------------------------------------
    def edit(self) -> None:
        """The unit's form, on the units page (the one place units are edited)."""
        main = self.parentWidget()  # the main window the card was opened from
        if not hasattr(main, "show_page") or self.card is None:
            return
        page = main.show_page("units")
        page.tabs.setCurrentWidget(page.units)
        page.units.edit_unit(self.unit_id, self.card.block_id)

    def preview(self) -> None:
        if self.card is not None:
            card = self.card
            print_preview(self, f"Thẻ đơn vị — {card.name}", lambda printer: printing.print_to(printer, card),
                          landscape=False)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        """Write the card as a PDF; a file already there is replaced only if the clerk says so."""
        if self.card is None:
            return None
        asked = path is None
        path = path or save_path(self, "Lưu thẻ đơn vị ra PDF", f"{self.card.file_stem}.pdf",
                                 "Tệp PDF (*.pdf)")
        if path is None:
            return None
        # The save dialog asked about a name the clerk chose; not about one given here.
        if not asked and path.exists() and not self.confirm(
                "Ghi đè tệp?", f"Đã có tệp “{path}”.\nGhi đè lên tệp này bằng thẻ đơn vị?"):
            return None
        try:
            pages = printing.save_pdf(self.card, path)
        except Exception as exc:  # a full disk, a folder that cannot be written: said once, nothing replaced
            show_error(self, exc, "Không lưu được PDF")
            return None
        self.tell("Đã lưu PDF", f"Thẻ đơn vị {self.card.name}, {pages} trang A4:\n{path}")
        return path

    # --- asking and telling (tests answer in the clerk's place) ---------------------
    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        yes = box.addButton("Có", QMessageBox.ButtonRole.YesRole)
        box.addButton("Không", QMessageBox.ButtonRole.NoRole)
        box.exec()
        return box.clickedButton() is yes

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)


def _heading_html(card: card_service.UnitCard) -> str:
    facts = [card.kind, card.block or "chưa thuộc khối nào",
             card.score.rank_text if card.score is not None else "",
             "đã ngừng hoạt động" if not card.active else ""]
    return (f"<h2 style='margin:0'>{html.escape(card.name)}</h2>"
            f"<p style='margin:0'>{html.escape(' · '.join(f for f in facts if f))} — năm {card.year}</p>")
