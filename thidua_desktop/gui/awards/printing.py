"""Printing from the awards screens: Qt's print preview, and the three list
buttons shared by the tabs (print preview, PDF, Excel)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

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
    """Buttons that print, save as PDF or export as xlsx whatever list ``owner.listing(session)`` builds."""

    def __init__(self, owner: QWidget, ctx, name: str):
        self.owner = owner
        self.ctx = ctx
        self.print_button = QPushButton("Xem trước, in danh sách…")
        self.print_button.setObjectName(f"{name}PrintButton")
        self.pdf_button = QPushButton("Lưu PDF…")
        self.pdf_button.setObjectName(f"{name}PdfButton")
        self.xlsx_button = QPushButton("Xuất Excel…")
        self.xlsx_button.setObjectName(f"{name}XlsxButton")
        self.buttons = [self.print_button, self.pdf_button, self.xlsx_button]
        self.print_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_xlsx)

    def _listing(self) -> award_lists.AwardList | None:
        found = ops.query(self.owner, self.ctx, self.owner.listing, title="Không lập được danh sách")
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
