"""Laying a ``QTextDocument`` out on A4 pages, with margins and page numbers.

The document is paginated by Qt (``setPageSize``), which repeats a table's
header rows at the top of every page (``QTextTableFormat.headerRowCount``, set
from ``<thead>``); each page is then drawn through a clip rectangle, and the
page number is drawn in the top margin, centred, from page 2 on (NĐ 30/2020,
Phụ lục I: Arabic numerals, centred in the top margin, not on the first page).
"""
from __future__ import annotations

import contextlib
import html
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from ..errors import UserError
from ..storage import atomic

FONT_FAMILY = "Times New Roman"  # fontconfig maps it to Liberation Serif where it is missing
PDF_DPI = 300
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PageSetup:
    landscape: bool = True
    top: float = 20.0  # mm
    bottom: float = 20.0
    left: float = 30.0
    right: float = 15.0
    font_pt: float = 12.0
    page_numbers: bool = True  # top centre, from page 2

    def layout(self) -> QPageLayout:
        orientation = QPageLayout.Orientation.Landscape if self.landscape else QPageLayout.Orientation.Portrait
        return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0),
                           QPageLayout.Unit.Millimeter)


LANDSCAPE = PageSetup()
PORTRAIT = PageSetup(landscape=False)


def ensure_gui() -> QGuiApplication:
    """An application object for fonts and painting; the command line gets an
    offscreen one when the machine has no display. A ``QApplication`` (a
    ``QGuiApplication`` that also allows widgets) so that a process which later
    opens a window — the tests do — is not left with one that cannot."""
    app = QGuiApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") \
                and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "thidua"])
    return app  # type: ignore[return-value]


def esc(text: object) -> str:
    """Text for the HTML we build: escaped, line breaks kept."""
    return html.escape("" if text is None else str(text)).replace("\n", "<br/>")


class RuledDocument(QTextDocument):
    """A document with the rules of an official header drawn under some lines:
    ``rules`` holds (text of the line, length as a fraction of the text's
    width) — NĐ 30/2020: under the motto a rule as long as the text, under
    the issuer's name one of 1/3 to 1/2 of it. Qt draws ``<hr>`` light grey
    and cannot size it to a text, so :func:`render` draws them."""

    def __init__(self, rules: Sequence[tuple[str, float]] = ()):
        super().__init__()
        self.rules = list(rules)


@dataclass(frozen=True)
class Target:
    """Where documents are laid out: the device and the size of a page's body
    in its pixels (a huge height measures a document without breaking it)."""

    device: QPagedPaintDevice | None
    dpi: float
    size: QSizeF


def new_document(body_html: str, setup: PageSetup, rules: Sequence[tuple[str, float]] = (),
                 target: Target | None = None, adjust: Callable[[QTextDocument], None] | None = None
                 ) -> QTextDocument:
    """A document in the setup's font. ``adjust`` changes it before it is laid
    out; with ``target`` it is then laid out once, for that device and page
    size (each change of format after layout costs a whole new layout)."""
    doc = RuledDocument(rules)
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(setup.font_pt)
    font.setStyleHint(QFont.StyleHint.Serif)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    # Order matters: setting the paint device does not lay the document out
    # again, so it goes first (on the empty document), then the page size,
    # then the content — the first layout is already the right one.
    if target is not None:
        if target.device is not None:
            doc.documentLayout().setPaintDevice(target.device)
        doc.setPageSize(target.size)
    doc.setHtml(body_html)
    if adjust is not None:
        adjust(doc)
    return doc


def px(mm: float, dpi: float) -> float:
    """Millimetres as device pixels at ``dpi``."""
    return mm / MM_PER_INCH * dpi


def css(mm: float) -> int:
    """Millimetres as the CSS pixels of the HTML we build: ``QTextDocument``
    scales them from 96 per inch to the device, whatever its resolution."""
    return max(1, round(mm / MM_PER_INCH * 96))


def target_for(device: QPagedPaintDevice, setup: PageSetup, height: float | None = None) -> Target:
    """The body of a page of ``device`` under ``setup`` (``height`` overrides its height)."""
    device.setPageLayout(setup.layout())
    dpi = device.logicalDpiX()
    rect = device.pageLayout().fullRectPixels(dpi)
    body_w = rect.width() - px(setup.left + setup.right, dpi)
    body_h = rect.height() - px(setup.top + setup.bottom, dpi)
    return Target(device, dpi, QSizeF(body_w, body_h if height is None else height))


def render(device: QPagedPaintDevice, documents: Sequence[Callable[[Target], QTextDocument]], setup: PageSetup,
           continuous: bool = False, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Draw each document on ``device``, each starting on a new page; returns
    the number of pages. A factory builds its document for the target it is
    given (device, resolution, page size). Page numbers restart with each
    document, or run on when ``continuous`` (a list shared out over pages,
    one document a page)."""
    target = target_for(device, setup)
    dpi = target.dpi
    left, top = px(setup.left, dpi), px(setup.top, dpi)
    body_w, body_h = target.size.width(), target.size.height()
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("Không mở được máy in hoặc tệp PDF để ghi.")
    pages = 0
    number = 0
    try:
        for i, factory in enumerate(documents):
            if progress is not None:
                progress(i, len(documents), f"Đang in trang {i + 1}/{len(documents)}…")
            doc = factory(target)
            if not continuous:
                number = 0
            for page in range(doc.pageCount()):
                if pages:
                    device.newPage()
                pages += 1
                number += 1
                painter.save()
                painter.translate(left, top - page * body_h)
                doc.drawContents(painter, QRectF(0, page * body_h, body_w, body_h))
                _draw_rules(painter, doc, page * body_h, (page + 1) * body_h, dpi)
                painter.restore()
                if setup.page_numbers and number > 1:
                    font = QFont(FONT_FAMILY)
                    font.setPointSizeF(13)
                    painter.setFont(font)
                    painter.drawText(QRectF(left, 0, body_w, top), Qt.AlignmentFlag.AlignCenter, str(number))
    finally:
        painter.end()
    return pages


def _draw_rules(painter: QPainter, doc: QTextDocument, top: float, bottom: float, dpi: float) -> None:
    for text, fraction in getattr(doc, "rules", ()):
        cursor = doc.find(text)
        if cursor.isNull():
            continue
        block = cursor.block()
        rect = doc.documentLayout().blockBoundingRect(block)
        line = block.layout().lineAt(0)
        if not line.isValid():
            continue
        text_rect = line.naturalTextRect()  # where the (centred) text sits in its block
        width = text_rect.width()
        centre = rect.left() + text_rect.x() + width / 2
        y = rect.top() + line.y() + line.height() + px(1.2, dpi)
        if not top <= y < bottom:
            continue
        pen = QPen(QColor("#000000"))
        pen.setWidthF(px(0.25, dpi))
        painter.setPen(pen)
        half = width * fraction / 2
        painter.drawLine(QPointF(centre - half, y), QPointF(centre + half, y))


@contextlib.contextmanager
def pdf_writer(path: Path, setup: PageSetup, title: str = "", pdfa: bool = False) -> Iterator[QPdfWriter]:
    """A PDF writer for ``path``, finished (and checked) when the block ends; ``pdfa``: PDF/A-1b,
    the archival form Qt writes itself (fonts embedded, its XMP identification), for a
    machine without an office suite."""
    ensure_gui()
    path = Path(path)
    if not path.parent.exists():
        raise UserError(f"Không có thư mục “{path.parent}”.")
    with atomic.writing(path) as temp:
        with open(temp, "xb"):  # fails here, in Vietnamese, on a read-only folder or a full disk
            pass
        writer = QPdfWriter(str(temp))
        writer.setResolution(PDF_DPI)
        writer.setTitle(title)
        writer.setCreator("Thi đua – Khen thưởng")
        if pdfa:
            writer.setPdfVersion(QPagedPaintDevice.PdfVersion.PdfVersion_A1b)
        writer.setPageLayout(setup.layout())
        yield writer
        del writer  # the painter has ended: the file is complete and closed
        if temp.stat().st_size == 0:  # Qt reports no write error of its own
            raise UserError(f"Không ghi được tệp PDF “{path}” (ổ đĩa đầy hoặc không cho ghi?). "
                            "Tệp cũ cùng tên (nếu có) vẫn giữ nguyên.")


def write_pdf(path: Path, documents: Sequence[Callable[[Target], QTextDocument]], setup: PageSetup,
              title: str = "", continuous: bool = False) -> int:
    """A PDF of the documents; returns the number of pages."""
    with pdf_writer(path, setup, title) as writer:
        return render(writer, documents, setup, continuous)
