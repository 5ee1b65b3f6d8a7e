"""Printing lists: Qt's print preview, and the list buttons (print preview, PDF,
Excel) shared by the awards tabs and every other list (units, people, blocks,
results status: ``services.printable_lists``), all drawn by ``printing.award_lists``."""
from __future__ import annotations

import functools
from typing import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QAbstractButton, QMenu, QMessageBox, QPushButton, QToolButton, QWidget

from ...printing import award_lists as printing
from ...services.awards import lists as award_lists
from .. import operations as ops
from .. import screen
from ..files import save_path
from ..operations import run_operation


def print_preview(parent: QWidget | None, title: str, draw: Callable, landscape: bool = True) -> None:
    """Qt's print preview; printing from it goes to the chosen printer."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Xem trước khi in — {title}")
    dialog.paintRequested.connect(draw)
    screen.fit(dialog, QSize(1100, 800))
    dialog.exec()


class ListActions:
    """Buttons that print, save as PDF or export as xlsx whatever list ``listing(session)``
    builds (``owner.listing`` unless given): the awards tabs show the three buttons, the
    other lists one ``menu_button``."""

    def __init__(self, owner: QWidget, ctx, name: str, listing: Callable | None = None):
        self.owner = owner
        self.ctx = ctx
        self.listing = listing or owner.listing
        self.name = name

    @functools.cached_property
    def buttons(self) -> list[QPushButton]:
        """The three buttons the awards tabs show (built on first use: other lists use ``menu_button``)."""
        made = []
        for text, key, slot in (("Xem trước, in danh sách…", "Print", self.preview),
                                ("Lưu PDF…", "Pdf", self.save_pdf), ("Xuất Excel…", "Xlsx", self.save_xlsx)):
            button = QPushButton(text)
            button.setObjectName(f"{self.name}{key}Button")
            button.clicked.connect(lambda _=False, s=slot: s())
            made.append(button)
        return made

    def menu(self, parent: QWidget, xlsx: bool = False) -> QMenu:
        """Preview and print, save as PDF (and as xlsx): the menu of one small list button."""
        menu = QMenu(parent)
        self.print_action = menu.addAction("In danh sách…", lambda: self.preview())
        self.pdf_action = menu.addAction("Lưu PDF…", lambda: self.save_pdf())
        if xlsx:
            self.xlsx_action = menu.addAction("Xuất Excel để in…", lambda: self.save_xlsx())
        return menu

    def menu_button(self, text: str = "In danh sách", toolbar: bool = False) -> QAbstractButton:
        """The list button: a push button beside others, a tool button in a toolbar."""
        button = QToolButton() if toolbar else QPushButton()
        button.setObjectName(f"{self.name}PrintMenu")
        button.setText(text)
        button.setToolTip("Xem trước và in, hoặc lưu PDF — đúng các dòng đang hiện, theo thứ tự đang xếp")
        button.setMenu(self.menu(button))
        if toolbar:
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return button

    def _listing(self) -> award_lists.AwardList | None:
        found = ops.query(self.owner, self.ctx, self.listing, title="Không lập được danh sách")
        return None if found is ops.FAILED else found

    def preview(self) -> None:
        listing = self._listing()
        if listing is not None:
            print_preview(self.owner, listing.heading, lambda printer: printing.print_to(printer, listing))

    def save_pdf(self, path=None) -> None:
        listing = self._listing()
        if listing is None:
            return
        path = path or save_path(self.owner, "Lưu danh sách ra PDF", f"{listing.file_stem}.pdf", "Tệp PDF (*.pdf)")
        if path is None:
            return
        # A long list takes a few seconds (1.000 rows ≈ 3 s): off the GUI thread, with progress.
        self.operation = run_operation(
            self.owner, "Lưu danh sách ra PDF", lambda progress: printing.save_pdf(listing, path, progress),
            on_done=lambda pages: QMessageBox.information(
                self.owner, "Đã lưu PDF", f"{listing.count} dòng, {pages} trang A4 ngang:\n{path}"),
            cancellable=False)

    def save_xlsx(self, path=None) -> None:
        listing = self._listing()
        if listing is None:
            return
        path = path or save_path(self.owner, "Xuất danh sách ra Excel", f"{listing.file_stem}.xlsx",
                                 "Tệp Excel (*.xlsx)")
        if path is None:
            return

        def work(progress):
            progress(0, 0, "Đang ghi tệp Excel…")
            return award_lists.write_xlsx(listing, path)

        self.operation = run_operation(
            self.owner, "Xuất danh sách ra Excel", work,
            on_done=lambda _: QMessageBox.information(self.owner, "Đã xuất Excel", f"{listing.count} dòng:\n{path}"),
            cancellable=False)
