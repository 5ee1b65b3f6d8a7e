"""What a clerk's Word template must not carry into official documents.

A template is copied into every document made from it, so anything that runs
or fetches is refused before the template is read, with the reason: a
relationship to anything outside the file (a remote attached template, an
image linked to a file on the disk, a link), macros and ActiveX controls
(``vbaProject.bin``, a macro-enabled content type), embedded objects, fields
that pull content in when the document opens (``INCLUDEPICTURE``,
``INCLUDETEXT``, ``DDE``…), and any part whose content type is not one of a
plain document. The archive itself is read whole and checked (sizes and
checksums as declared), so a zip that lies about its sizes gets a clear
refusal rather than an unexpected error.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ...errors import UserError

MAX_UNPACKED = 60 * 1024 * 1024  # a template is never this large
_PACKAGE = "application/vnd.openxmlformats-package."
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_OFFICE = "application/vnd.openxmlformats-officedocument."
PLAIN_TYPES = frozenset({
    _PACKAGE + "relationships+xml", _PACKAGE + "core-properties+xml", "application/xml", "text/xml",
    _WORD + "document.main+xml", _WORD + "template.main+xml", _WORD + "document.glossary+xml",
    _WORD + "styles+xml", _WORD + "settings+xml", _WORD + "webSettings+xml", _WORD + "fontTable+xml",
    _WORD + "numbering+xml", _WORD + "footnotes+xml", _WORD + "endnotes+xml", _WORD + "header+xml",
    _WORD + "footer+xml", _WORD + "comments+xml", _WORD + "people+xml", _WORD + "printerSettings",
    _OFFICE + "theme+xml", _OFFICE + "extended-properties+xml", _OFFICE + "custom-properties+xml",
    _OFFICE + "customXmlProperties+xml", _OFFICE + "obfuscatedFont",
    "application/vnd.ms-word.stylesWithEffects+xml", "application/vnd.ms-word.commentsExtended+xml",
    "application/vnd.ms-word.commentsIds+xml", "application/vnd.ms-word.commentsExtensible+xml",
    "image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff", "image/x-emf", "image/x-wmf",
    "image/svg+xml",
})
# Parts that hold code or foreign objects, whatever content type they claim.
_ACTIVE_PART = re.compile(r"vbaproject|vbadata|activex|oleobject|embeddings/|attachedtoolbars|customizations",
                          re.IGNORECASE)
# Relationships that run or fetch something, even inside the file.
_ACTIVE_RELATION = re.compile(r"/(vbaProject|attachedTemplate|oleObject|control|package|subDocument|aFChunk|"
                              r"frame|activeX\w*|wordVbaData|keyMapCustomizations)$")
_OUTSIDE_TARGET = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)  # file:, http:, C:, \\server
_FETCHING_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT"}
_RELATION_NAMES = {"attachedTemplate": "mẫu đính kèm (attached template)", "image": "ảnh",
                   "hyperlink": "liên kết (hyperlink)", "oleObject": "đối tượng nhúng (OLE)",
                   "subDocument": "tài liệu con", "frame": "khung trang"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def check_template_bytes(data: bytes, name: str) -> None:
    """Raise :class:`UserError` unless ``data`` is a Word document with
    nothing active or external in it (see the module's text)."""
    parts = _read_archive(data, name)
    for part in parts:
        if _ACTIVE_PART.search(part):
            _refuse(name, f"có phần “{part}” chứa macro, điều khiển ActiveX hoặc đối tượng nhúng")
    _check_content_types(parts, name)
    for part, content in parts.items():
        if part.endswith(".rels"):
            _check_relationships(part, content, name)
        elif part.startswith("word/") and part.endswith(".xml"):
            _check_fields(part, content, name)


def _refuse(name: str, reason: str) -> None:
    raise UserError(f"Mẫu “{name}” không dùng được: {reason}. Mẫu văn bản chỉ được là tệp Word (.docx) thường, "
                    "không macro, không liên kết ra ngoài; hãy mở bằng Word, bỏ phần đó rồi lưu lại dạng .docx.")


def _read_archive(data: bytes, name: str) -> dict[str, bytes]:
    """Every part, read in full: zipfile checks each part's declared size and
    checksum, so a part whose headers lie fails here, cleanly."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            _refuse(name, "nội dung khi giải nén quá lớn (có thể là tệp độc hại)")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            _refuse(name, "tệp có hai phần trùng tên (tệp bị sửa bằng công cụ khác)")
        return {info.filename: archive.read(info) for info in infos if not info.is_dir()}
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError,
            RuntimeError):  # RuntimeError: an encrypted part
        raise UserError(f"“{name}” không phải là tệp Word (.docx) đọc được: tệp bị hỏng hoặc khai báo sai "
                        "kích thước, mã kiểm tra của các phần bên trong.") from None


def _xml(part: str, content: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(content, _SAFE_PARSER)
    except etree.XMLSyntaxError:
        raise UserError(f"Mẫu “{name}” bị hỏng (phần “{part}” không đọc được).") from None


def _check_content_types(parts: dict[str, bytes], name: str) -> None:
    if "[Content_Types].xml" not in parts:
        raise UserError(f"“{name}” không phải là tệp Word (.docx).")
    for entry in _xml("[Content_Types].xml", parts["[Content_Types].xml"], name):
        kind = (entry.get("ContentType") or "").strip()
        if kind not in PLAIN_TYPES:
            where = entry.get("PartName") or f"*.{entry.get('Extension', '')}"
            what = "có macro" if "macroEnabled" in kind or "vba" in kind.lower() else "không phải của tài liệu thường"
            _refuse(name, f"phần “{where.lstrip('/')}” có kiểu nội dung “{kind}” ({what})")


def _check_relationships(part: str, content: bytes, name: str) -> None:
    for rel in _xml(part, content, name):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        label = _RELATION_NAMES.get(kind, f"quan hệ “{kind}”")
        if rel.get("TargetMode") == "External" or _OUTSIDE_TARGET.match(target):
            _refuse(name, f"{label} trỏ ra ngoài tệp (“{target[:120]}”)")
        if _ACTIVE_RELATION.search(rel.get("Type") or ""):
            _refuse(name, f"có {label} (macro, điều khiển hoặc nội dung lấy từ nơi khác)")


def _check_fields(part: str, content: bytes, name: str) -> None:
    """Field codes that fetch content when the document opens or is updated."""
    if b"instr" not in content:
        return
    codes: list[str] = []
    current: list[str] | None = None
    for element in _xml(part, content, name).iter(f"{_W}fldChar", f"{_W}instrText", f"{_W}fldSimple"):
        if element.tag == f"{_W}fldSimple":
            codes.append(element.get(f"{_W}instr") or "")
        elif element.tag == f"{_W}instrText":
            if current is not None:
                current.append(element.text or "")
        elif element.get(f"{_W}fldCharType") == "begin":
            current = []
            codes.append("")
        elif current is not None:  # separate or end: the code is complete
            codes[-1] = "".join(current)
            current = None
    if current is not None:  # a field left open
        codes[-1] = "".join(current)
    for code in codes:
        words = code.split()
        if words and words[0].upper() in _FETCHING_FIELDS:
            _refuse(name, f"có trường “{words[0].upper()}” lấy nội dung từ nơi khác (trong “{part}”)")
