"""A .docx opened and saved with python-docx, and the checks a clerk's file
passes first (python-docx would refuse a template saved as .dotx and unzip
anything it is given)."""
from __future__ import annotations

import io
import zipfile
from typing import Callable

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ...errors import UserError

MAX_TEMPLATE_BYTES = 60 * 1024 * 1024  # uncompressed; a template is never this large
# Main-part content types python-docx does not name.
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def open_docx(data: bytes, name: str = "tệp") -> Document:
    """The clerk's .docx (a .dotx is read as the document it makes)."""
    not_word = UserError(f"“{name}” không phải là tệp Word (.docx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_TEMPLATE_BYTES:
            raise UserError(f"“{name}” quá lớn để dùng làm mẫu văn bản.")
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        raise not_word from None
    if DOCM_MAIN.encode() in types:
        raise UserError(f"“{name}” là tệp Word có macro (.docm); hãy lưu lại dưới dạng .docx.")
    if DOTX_MAIN.encode() in types:
        data = replace_part(data, "[Content_Types].xml",
                            lambda xml: xml.replace(DOTX_MAIN.encode(), CT.WML_DOCUMENT_MAIN.encode()))
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile):
        raise not_word from None
    except etree.XMLSyntaxError as exc:
        raise UserError(f"Tệp Word bị hỏng (nội dung XML không đọc được: {exc}).") from None


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The package with part ``name`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()


def header_footer_roots(document: Document) -> list[etree._Element]:
    """The XML of every header and footer of the document."""
    return [rel.target_part.element for rel in document.part.rels.values()
            if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]


def text_roots(document: Document) -> list[etree._Element]:
    """The parts that carry text: the body, then headers and footers."""
    return [document.element, *header_footer_roots(document)]
