"""The user guide (``resources/guide/``): its sections, and the guide as a printable PDF.

The guide is Markdown, one file per section; ``muc-luc.md`` (the contents)
links them in reading order, and that list is the one the window's table of
contents and the PDF follow. Pictures sit in ``images/`` beside the sections
(``tools/screens.py --guide`` takes them again from the real screens).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat

from .. import APP_NAME, __version__
from ..errors import UserError
from ..paths import resource
from . import paged

CONTENTS = "muc-luc"
TITLE = "Hướng dẫn sử dụng"
# A4 portrait, the margins of an administrative document, a body font for reading.
SETUP = paged.PageSetup(landscape=False, font_pt=11.0)
SCREEN_WIDTH = 1366  # pixels of a whole-window screenshot (tools/screens.py)
_LINK = re.compile(r"\[([^\]]+)\]\(([\w-]+)\.md\)")


@dataclass(frozen=True)
class Section:
    id: str
    title: str

    @property
    def path(self) -> Path:
        return section_path(self.id)


def folder() -> Path:
    return resource("guide")


def section_path(section_id: str) -> Path:
    return folder() / f"{section_id}.md"


def sections() -> list[Section]:
    """The sections in reading order, as the contents page links them."""
    text = section_path(CONTENTS).read_text(encoding="utf-8")
    return [Section(target, title) for title, target in _LINK.findall(text)]


def fit_images(doc: QTextDocument, width: float) -> None:
    """Every picture shrunk by one factor, so that a whole-screen shot (``SCREEN_WIDTH``
    pixels) is ``width`` wide and a dialog keeps its size beside it; proportions kept."""
    scale = min(1.0, width / SCREEN_WIDTH)
    cursor = QTextCursor(doc)
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isImageFormat():
                image = fragment.charFormat().toImageFormat()
                natural = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
                if isinstance(natural, (QImage, QPixmap)) and not natural.isNull():
                    image.setWidth(natural.width() * scale)
                    image.setHeight(natural.height() * scale)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()


def _new_page(cursor: QTextCursor) -> None:
    """A plain paragraph at the end, on a new page (not part of the list the last section ended with)."""
    cursor.movePosition(QTextCursor.MoveOperation.End)
    fmt = QTextBlockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.insertBlock(fmt, QTextCharFormat())
    if cursor.currentList() is not None:
        cursor.currentList().remove(cursor.block())


def _cover(cursor: QTextCursor, parts: list[Section]) -> None:
    contents = "\n".join(f"{i}. {s.title}" for i, s in enumerate(parts, 1))
    cursor.insertMarkdown(f"# {TITLE}\n\n**{APP_NAME}** — phiên bản {__version__}\n\n"
                          f"Quản lý phong trào thi đua và công tác khen thưởng cấp phường.\n\n"
                          f"## Nội dung\n\n{contents}\n")


def guide_document(target: paged.Target) -> QTextDocument:
    """The whole guide as one document for ``target``: a cover with the contents,
    then every section from a new page."""
    parts = sections()
    doc = paged.new_document("", SETUP, target=target)
    doc.setBaseUrl(QUrl.fromLocalFile(str(folder()) + "/"))  # images/… relative to the sections
    cursor = QTextCursor(doc)
    _cover(cursor, parts)
    for part in parts:
        _new_page(cursor)
        cursor.insertMarkdown(part.path.read_text(encoding="utf-8"))
    fit_images(doc, paged.css(210 - SETUP.left - SETUP.right))
    return doc


def write_pdf(path: Path, overwrite: bool = False) -> int:
    """The guide as an A4 PDF at ``path`` (written whole or not at all); the number of pages.
    An existing file is kept unless ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise UserError(f"Tệp “{path}” đã có; chương trình không ghi đè lên tệp đã có. Hãy chọn tên khác.")
    return paged.write_pdf(path, [guide_document], SETUP, title=f"{TITLE} — {APP_NAME}")
