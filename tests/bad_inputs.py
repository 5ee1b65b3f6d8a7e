"""A corpus of bad input files, built on the fly (nothing binary is committed).

Two families:

- ``broken_files``: files no import may accept whatever it imports — damaged
  or truncated zips, other formats renamed to .xlsx, empty and oversized files,
  a zip bomb, hostile XML (entity expansion), workbooks without data or with
  unrelated headers;
- ``MUTATIONS``: a *valid* file of a given import, spoiled in its key cell —
  a formula (also a DDE one) instead of text, merged cells, an NFD duplicate of
  another row, only invisible control characters, text far beyond any column,
  too many rows.

Each must be refused with a clear message and leave the database unchanged.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
from openpyxl.utils import get_column_letter

from thidua_desktop.services.xlsx.files import header_key

MB = 1024 * 1024


def _valid_xlsx_bytes(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo tổng kết phong trào thi đua năm 2026")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None,
           compression=zipfile.ZIP_DEFLATED) -> bytes:
    """Rewrite an xlsx member by member (``change`` returns new bytes or None to keep)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            new = change(info.filename, content)
            dst.writestr(info.filename, content if new is None else new)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _zip_bomb(unpacked_mb: int) -> bytes:
    """An xlsx whose sheet inflates to ``unpacked_mb`` MB of XML from a few hundred KB."""
    base = _valid_xlsx_bytes([["Tên đơn vị"], ["Tổ dân phố số 1"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(member, "w", force_zip64=True) as handle:
                    handle.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                                 b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    chunk = b"<!-- " + b"0" * (MB - 10) + b" -->"
                    for _ in range(unpacked_mb):
                        handle.write(chunk)
                    handle.write(b"</sheetData></worksheet>")
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def _billion_laughs(data: bytes) -> bytes:
    entities = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"

    def change(name: str, content: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet1.xml":
            text = content.decode("utf-8")
            text = text.replace("?>", "?>" + entities, 1) if text.startswith("<?xml") else entities + text
            return re.sub(r"<v>[^<]*</v>", "<v>&lol9;</v>", text, count=1).encode("utf-8")
        return None

    return _rezip(data, change)


def _external_entity(data: bytes) -> bytes:
    doctype = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def change(name: str, content: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet1.xml":
            text = content.decode("utf-8")
            text = text.replace("?>", "?>" + doctype, 1) if text.startswith("<?xml") else doctype + text
            return re.sub(r"<t>", "<t>&xxe;", text, count=3).encode("utf-8")
        return None

    return _rezip(data, change)


def _flip_compressed_bytes(data: bytes) -> bytes:
    """Damage the compressed data of the sheet: the zip directory is intact, the CRC is not."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + min(info.compress_size, 60)):
        raw[i] ^= 0x5A
    return bytes(raw)


def _lying_zip_header(data: bytes) -> bytes:
    """Declares 4 GB of content in the central directory without holding it."""
    raw = bytearray(data)
    marker = b"PK\x01\x02"
    position = raw.find(marker)
    while position != -1:
        raw[position + 24:position + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # uncompressed size
        position = raw.find(marker, position + 4)
    return bytes(raw)


def broken_files(folder: Path, max_mb: int) -> dict[str, Path]:
    """The family of files that no import may accept; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    good = _valid_xlsx_bytes([["Tên đơn vị", "Điện thoại"], ["Tổ dân phố số 1", "0912345678"]])
    files: dict[str, bytes | None] = {
        "rong-0-byte": b"",
        "byte-ngau-nhien": bytes((i * 7919 + 13) % 256 for i in range(20_000)),
        "zip-cut-doi": good[: len(good) // 2],
        "zip-hong-crc": _flip_compressed_bytes(good),
        "zip-khai-4gb": _lying_zip_header(good),
        "word-doi-ten": _docx_bytes(),
        "pdf-doi-ten": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        "csv-doi-ten": "Tên đơn vị;Điện thoại\nTổ dân phố số 1;0912345678\n".encode("utf-8-sig"),
        "anh-png-doi-ten": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "excel-cu-xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000 + "Workbook".encode("utf-16-le"),
        "co-mat-khau": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le"),
        "bom-zip": _zip_bomb(unpacked_mb=10 * max_mb + 5),
        "xml-bung-no": _billion_laughs(_valid_xlsx_bytes([["Tên đơn vị", "Số"], ["Tổ 1", 5]])),
        "xml-thuc-the-ngoai": _external_entity(good),
        "so-lam-viec-trong": _valid_xlsx_bytes([]),
        "tieu-de-la": _valid_xlsx_bytes([["Mã hàng", "Số lượng", "Đơn giá"], ["SP01", 3, 12000]]),
    }
    # a zip that is not a workbook at all
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    files["zip-khong-phai-excel"] = zipped.getvalue()
    paths = {}
    for name, content in files.items():
        path = folder / f"{name}.xlsx"
        path.write_bytes(content)
        paths[name] = path
    huge = folder / "qua-lon.xlsx"
    with open(huge, "wb") as handle:  # sparse: over the size limit without using the disk
        handle.write(good[:4])
        handle.truncate((max_mb + 1) * MB)
    paths["qua-lon"] = huge
    paths["khong-ton-tai"] = folder / "khong-co-tep-nay.xlsx"
    directory = folder / "thu-muc.xlsx"
    directory.mkdir(exist_ok=True)
    paths["la-thu-muc"] = directory
    return paths


# --- spoiling a valid file ------------------------------------------------------------


@dataclass
class KeyCell:
    sheet: str
    column: int  # 1-based
    first_row: int  # the first data row (1-based)
    second_row: int  # another data row


def find_key_cell(path: Path, headers: tuple[str, ...], value_column: bool = False) -> KeyCell:
    """Where the key column's first two filled data cells are (by its header)."""
    wanted = {header_key(h) for h in headers}
    wb = openpyxl.load_workbook(path)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            for row in ws.iter_rows(min_row=1, max_row=15):
                for c in row:
                    if c.value is not None and header_key(c.value) in wanted:
                        filled = [r for r in range(c.row + 1, ws.max_row + 1)
                                  if ws.cell(r, c.column).value not in (None, "")]
                        if len(filled) >= 2:
                            return KeyCell(ws.title, c.column, filled[0], filled[1])
    finally:
        wb.close()
    raise AssertionError(f"{path.name}: no header {headers} with two filled rows under it")


def _edit(path: Path, key: KeyCell, change: Callable) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb[key.sheet], key)
    wb.save(path)


def _set(text: str):
    def change(ws, key):
        ws.cell(key.first_row, key.column).value = text
    return change


def _merged(ws, key):
    ws.cell(key.second_row, key.column).value = None
    ws.merge_cells(start_row=key.first_row, start_column=key.column, end_row=key.second_row,
                   end_column=key.column)


def _nfd_duplicate(ws, key):
    for column in range(1, ws.max_column + 1):  # the whole row again, its key decomposed
        value = ws.cell(key.first_row, column).value
        ws.cell(key.second_row, column).value = value
    value = ws.cell(key.first_row, key.column).value
    ws.cell(key.second_row, key.column).value = unicodedata.normalize("NFD", str(value))


def _too_many_rows(limit: int):
    def change(ws, key):
        source = [ws.cell(key.first_row, c).value for c in range(1, ws.max_column + 1)]
        for i in range(limit + 5):
            row = ws.max_row + 1
            for c, value in enumerate(source, start=1):
                ws.cell(row, c).value = f"{value} {i}" if c == key.column and isinstance(value, str) else value
    return change


MUTATIONS: dict[str, Callable[[int], Callable]] = {
    "cong-thuc": lambda limit: _set("=1+1"),
    "cong-thuc-dde": lambda limit: _set("=cmd|' /C calc'!A0"),
    "o-gop": lambda limit: _merged,
    "trung-nfd": lambda limit: _nfd_duplicate,
    "chi-ky-tu-an": lambda limit: _set("\u200b\u2060\ufeff\u200b"),
    "chi-dau-cach": lambda limit: _set("  \u00a0  \t "),
    "van-ban-qua-dai": lambda limit: _set("Tổ dân phố " * 2900),
    "qua-nhieu-dong": lambda limit: _too_many_rows(limit),
}


def spoil(valid: Path, out: Path, headers: tuple[str, ...], mutation: str, row_limit: int) -> Path:
    out.write_bytes(valid.read_bytes())
    _edit(out, find_key_cell(out, headers), MUTATIONS[mutation](row_limit))
    return out


def column_letter(index: int) -> str:
    return get_column_letter(index)
