"""PDF/A-2b for the city's e-office system: any paper's DOCX converted by
LibreOffice with its PDF/A-2 filter (fonts embedded, XMP metadata with the
PDF/A identification), after the DOCX's properties are set to the paper's
title, number and date (LibreOffice carries them into the XMP: dc:title,
dc:description, pdf:Keywords; dc:creator is the ward).

The space above the signer's name stays empty: the e-office system adds the
digital signature; no signature image is made here. Microsoft Word's export
is not used for PDF/A (its option gives PDF/A-1 on the versions a ward
has): without LibreOffice the clerk is told so.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ...domain import docformat as fmt
from ...errors import UserError
from . import convert
from .common import Rendered
from .package import open_docx, to_bytes

# LibreOffice (7.4 and later) reads the filter's options as JSON; SelectPdfVersion 2 = PDF/A-2b
EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


@dataclass(frozen=True)
class Identity:
    """What the PDF's metadata says the paper is."""

    title: str  # "Quyết định khen thưởng số 125/QĐ-UBND ngày 10/12/2026"
    reference: str  # "Số 125/QĐ-UBND, ngày 10/12/2026" (empty parts left out)
    author: str  # "Ủy ban nhân dân phường Bạch Đằng"


def identity(label: str, rendered: Rendered | None, author: str) -> Identity:
    number = rendered.number.strip() if rendered is not None else ""
    if not number.split("/")[0].strip():  # "   /BC-UBND": the number is written in by hand
        number = ""
    day = rendered.date if rendered is not None else None
    parts = [f"số {number}"] if number else []
    if day:
        parts.append(f"ngày {fmt.short_date(day)}")
    reference = ", ".join(parts)
    return Identity(" ".join([label, *parts]), reference[:1].upper() + reference[1:], author)


def stamped(data: bytes, who: Identity) -> bytes:
    """The DOCX with its properties set to the paper's identity."""
    document = open_docx(data, "văn bản")
    properties = document.core_properties
    properties.title, properties.subject, properties.author = who.title, who.reference, who.author
    properties.keywords = who.reference
    return to_bytes(document)


def pdf_bytes(data: bytes, who: Identity, converter: convert.Converter | None = None) -> bytes:
    """The DOCX ``data`` as PDF/A-2b; raises :class:`UserError` saying why not."""
    converter = converter or convert.find_converter()
    if converter is None or converter.name != "LibreOffice":
        raise UserError(missing_message(converter))
    with tempfile.TemporaryDirectory(prefix="thidua-pdfa-") as work:
        docx = Path(work) / "van-ban.docx"
        docx.write_bytes(stamped(data, who))
        return convert.docx_to_pdf(docx, Path(work) / "van-ban.pdf", converter, export=EXPORT).read_bytes()


def missing_message(converter: convert.Converter | None) -> str:
    """Why PDF/A cannot be made on this machine."""
    if converter is None:  # no PDF at all on this machine
        return ("Lưu PDF/A (để gửi lên hệ thống quản lý văn bản điện tử) cần LibreOffice; máy này chưa có "
                "LibreOffice. Hãy cài LibreOffice (miễn phí), hoặc lưu DOCX rồi chuyển trên máy có LibreOffice.")
    return (f"Lưu PDF/A (để gửi lên hệ thống quản lý văn bản điện tử) cần LibreOffice; máy này chỉ có "
            f"{converter.name}. Hãy cài LibreOffice (miễn phí) hoặc lưu PDF thường.")
