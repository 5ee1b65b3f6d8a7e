"""Reading and writing Excel files safely, shared by every import and export.

Reading: a file is checked before it is read (size, type, zip damage,
password protection), then read by :mod:`.xlsx_reader`, whose memory follows
the data in the file (never openpyxl's grid of the declared dimension); the
header row is found anywhere in the first rows whatever its
case, accents, spacing or column order — for the importers that ask, also a
two-row header whose second row names the sub-columns of a merged cell above
(``Ngày, tháng, năm sinh`` over ``Nam`` and ``Nữ``), and data cells merged
down over several rows (``Đơn vị`` over the people of a unit) given to each
row. A formula whose result is an error (``#DIV/0!``) in a column the
importer reads is refused. Every problem is a :class:`UserError` naming the
file (and row) in Vietnamese.

Writing: text that came from users is written so that it can never run as a
formula, and phone numbers stay text; files are replaced atomically
(:mod:`..storage.atomic`).
"""
from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ...domain.text import TextError, clean, fold, parse_date
from ...errors import UserError
from . import limits as file_limits
from .reader import MAX_CELLS, MAX_COLUMNS, CellError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
UNPACK_FACTOR = 10  # the contents of an xlsx may be at most this many times the file limit
HEADER_SEARCH_ROWS = 10

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted (password) .xlsx
_ZIP_MAGIC = b"PK\x03\x04"


def limits() -> tuple[int, int]:
    """(largest file in bytes, most data rows) an import accepts."""
    return file_limits.provided(file_limits.limits_provider, (MAX_FILE_BYTES, MAX_ROWS))


def grid_limits() -> tuple[int, int]:
    """(most columns, most cells of a sheet) an import reads."""
    return file_limits.provided(file_limits.grid_provider, (MAX_COLUMNS, MAX_CELLS))


def check_xlsx_file(path: Path, max_bytes: int | None = None) -> None:
    """Raise UserError unless ``path`` looks like an intact, unprotected .xlsx."""
    name = path.name
    max_bytes = max_bytes or limits()[0]
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp “{path}”.")
    if path.is_dir():
        raise UserError(f"“{path}” là một thư mục, không phải tệp Excel.")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"Tệp “{name}” rỗng (0 byte).")
    if size > max_bytes:
        raise UserError(f"Tệp “{name}” quá lớn ({size / 1048576:.1f} MB; tối đa "
                        f"{max_bytes / 1048576:.0f} MB).")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(path):
            raise UserError(f"Tệp “{name}” có đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu "
                            "(Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại.")
        raise UserError(f"Tệp “{name}” là dạng Excel cũ (.xls). Hãy mở bằng Excel hoặc LibreOffice "
                        "và lưu lại dưới dạng .xlsx.")
    if not head.startswith(_ZIP_MAGIC):
        raise UserError(f"Tệp “{name}” không phải là tệp Excel .xlsx (có thể là tệp khác bị đổi tên).")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > UNPACK_FACTOR * max_bytes:  # a zip bomb, or damage: never inflate it
                raise UserError(f"Tệp “{name}” khi giải nén lớn bất thường ({unpacked / 1048576:.0f} MB); "
                                "có thể là tệp hỏng hoặc độc hại. Chương trình không đọc tệp này.")
            bad = archive.testzip()
            if bad is None and "xl/workbook.xml" in names:
                _check_parts(archive, name)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise UserError(f"Tệp “{name}” bị hỏng, không đọc được. Hãy xin đơn vị gửi lại.") from None
    if bad is not None:
        raise UserError(f"Tệp “{name}” bị hỏng (phần “{bad}” lỗi). Hãy xin đơn vị gửi lại.")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise UserError(f"Tệp “{name}” là tệp Word, không phải Excel.")
        raise UserError(f"Tệp “{name}” không phải là tệp Excel .xlsx.")


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def _check_parts(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse what no spreadsheet program writes: a document type declaration
    (the door to entity bombs and external entities) in any XML part, and
    formulas whose result was never computed (reading them would silently give
    an empty cell)."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(info) as handle:
            head = handle.read(8192)
        root = _ROOT_START.search(head)
        prolog = head[:root.start()] if root else head
        if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper() or root is None:
            raise UserError(f"Tệp “{name}” có cấu trúc XML bất thường (khai báo DTD/thực thể trong "
                            f"“{info.filename}”); có thể là tệp độc hại. Chương trình không đọc tệp này.")
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            data = archive.read(info)
            if _FORMULA.search(data) is None:
                continue
            for match in _CELL.finditer(data):
                body = match.group(3) or b""
                if _FORMULA.search(body) and not _VALUE.search(body):
                    ref = _REF.search(match.group(1))
                    where = ref.group(1).decode() if ref else "?"
                    raise UserError(
                        f"Tệp “{name}”, trang “{_sheet_title(archive, info.filename)}”, ô {where}: có công thức "
                        "nhưng chưa có kết quả (tệp được tạo bằng chương trình không tính công thức). "
                        "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập lại.")


def _sheet_title(archive: zipfile.ZipFile, part: str) -> str:
    """The sheet's name for a worksheet part (the part's file name if not found)."""
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return part
    target = part[len("xl/"):]
    for rel_id, rel_target in re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels) + [
            (i, t) for t, i in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)]:
        if rel_target.lstrip("/").removeprefix("xl/") == target:
            found = re.search(r'<(?:\w+:)?sheet\b[^>]*name="([^"]+)"[^>]*r:id="' + re.escape(rel_id) + '"', workbook)
            if found:
                return html.unescape(found.group(1))
    return part


def _is_encrypted_ole(path: Path) -> bool:
    with open(path, "rb") as handle:
        data = handle.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


# --- headers -----------------------------------------------------------------


def header_key(text: Any) -> str:
    """A header compared ignoring case, accents, spacing and punctuation."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


@dataclass(frozen=True)
class HeaderSpec:
    """A column the importer understands: its field name, the headers that mean it."""

    field: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        return self.aliases[0]


@dataclass
class SheetTable:
    """The rows under a found header: ``columns`` maps field → 0-based column."""

    sheet_name: str
    header_row: int  # 1-based, as Excel shows it (the top row of a two-row header)
    columns: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values)
    header_rows: int = 1  # 2: a top row, and under it a row of sub-labels

    @property
    def header_text(self) -> str:
        """The header's rows as messages name them: ``4``, or ``5–6``."""
        last = self.header_row + self.header_rows - 1
        return str(self.header_row) if last == self.header_row else f"{self.header_row}–{last}"


def open_fast_workbook(path: Path):
    """Cell values only, read several times faster than openpyxl does and
    within the column and cell limits (:mod:`.xlsx_reader`), after
    :func:`check_xlsx_file`."""
    check_xlsx_file(path)
    from .reader import FastWorkbook

    max_columns, max_cells = grid_limits()
    return FastWorkbook(path, max_columns, max_cells)


def find_table(path: Path, specs: Sequence[HeaderSpec], sheet: str | None = None,
               max_rows: int | None = None, sub_headers: bool = False,
               fill_down: bool = False, not_filled: Iterable[str] = ()) -> SheetTable:
    """Locate the header row among the first rows of the named sheet (or, when
    it has none, of each visible sheet in turn: office files often open with a
    cover or instructions sheet) and return the data rows under it, blank rows
    dropped, read with :func:`open_fast_workbook`.

    ``sub_headers`` also accepts a two-row header (see :func:`_sub_labels`):
    a top row whose merged cells are split into sub-columns named in the row
    below, the other columns merged down over both rows.

    ``fill_down`` gives a data cell merged down over several rows (``Đơn vị``
    over all the people of the unit) to every row it covers (:class:`_FillDown`),
    except in the columns of the fields ``not_filled``: what each row must say
    itself (the person's or the unit's name; a name merged over two rows is a
    mistake, and the row under it is refused as missing its name, as before).

    A cell of a read column whose formula gave an error is refused, naming it
    (:func:`_refuse_error_cells`)."""
    max_rows = max_rows or limits()[1]
    workbook = open_fast_workbook(path)
    try:
        sheets = _candidate_sheets(workbook, sheet)
        if not sheets:
            raise UserError(f"Tệp “{path.name}” không có trang tính nào có dữ liệu.")
        partial: tuple[str, int, dict[str, int]] | None = None
        for ws in sheets:
            header_row, columns, near, height = _scan_header(ws, specs, sub_headers)
            if header_row is None:
                if near and (partial is None or len(near[1]) > len(partial[2])):
                    partial = (ws.title, near[0], near[1])
                continue
            buffered: list[tuple[int, tuple]] = []
            first = header_row + height
            fill = _FillDown(_merged_ranges(ws), first, columns.values(),
                             [columns[f] for f in not_filled if f in columns]) if fill_down else None
            if not fill:
                fill = None  # no merged cell under the header: the rows as read
            for number, values in enumerate(ws.iter_rows(min_row=first, values_only=True), start=first):
                if fill is not None:
                    values = fill(number, values)
                if _blank(values):
                    continue
                if len(buffered) >= max_rows:
                    raise UserError(f"Tệp “{path.name}” có quá nhiều dòng (tối đa {max_rows:,}).".replace(",", "."))
                if workbook.error_cells:  # none read yet: no row can hold one
                    _refuse_error_cells(path, ws.title, number, values, columns, specs)
                buffered.append((number, values))
            return SheetTable(ws.title, header_row, columns, buffered, height)
        if partial is not None:
            title, row, found = partial
            missing = ", ".join(f"“{s.label}”" for s in specs if s.required and s.field not in found)
            raise UserError(f"Tệp “{path.name}”, trang “{title}”: dòng tiêu đề (dòng {row}) thiếu cột "
                            f"bắt buộc {missing}.")
        if all(_sheet_blank(ws) for ws in sheets):
            names = ", ".join(f"“{ws.title}”" for ws in sheets)
            raise UserError(f"Tệp “{path.name}” không có dữ liệu (trang {names} trống).")
        required = ", ".join(f"“{s.label}”" for s in specs if s.required)
        raise UserError(f"Tệp “{path.name}”: không tìm thấy dòng tiêu đề có cột {required} "
                        f"trong {HEADER_SEARCH_ROWS} dòng đầu của trang “{sheets[0].title}”.")
    except UserError:
        raise
    except Exception as exc:  # damage found only while the rows are read (the sheet is parsed lazily)
        raise UserError(f"Tệp “{path.name}” bị hỏng hoặc không đúng dạng Excel ({exc.__class__.__name__}). "
                        "Hãy mở bằng Excel, lưu lại rồi thử lại.") from None
    finally:
        workbook.close()


def _refuse_error_cells(path: Path, sheet: str, number: int, values: tuple[Any, ...], columns: dict[str, int],
                       specs: Sequence[HeaderSpec]) -> None:
    """A formula whose saved result is an error (``#DIV/0!``, ``#N/A``…) in a
    column the importer reads has no value: refuse it rather than read its text."""
    for field_name, index in columns.items():
        if index < len(values) and isinstance(values[index], CellError):
            from openpyxl.utils import get_column_letter  # only for this message: readers do without openpyxl

            label = next(s.label for s in specs if s.field == field_name)
            ref = f"{get_column_letter(index + 1)}{number}"
            raise UserError(f"Tệp “{path.name}”, trang “{sheet}”, ô {ref} (dòng {number}, cột “{label}”): "
                            f"công thức cho kết quả lỗi {values[index]}, không có giá trị để nhập. "
                            "Hãy sửa công thức hoặc ghi thẳng giá trị, lưu lại rồi nhập lại.")


class _FillDown:
    """Data rows as Excel shows them when cells under the header are merged.

    Office lists merge a cell down over the rows it applies to: ``Đơn vị``
    over all the people of a unit, ``Khối thi đua`` over all the units of a
    block. Only the range's first cell holds the value, so the rows below read
    blank in that column. Called with each row in turn (from ``first``, the
    first row under the header, blank rows included), this gives such a row
    the value of the cell merged down over it, in the range's first column
    only: a cell merged across columns is one piece of text, not copied
    sideways. Other cells inside a range read blank, as Excel shows them (and
    openpyxl reads them), whatever a writer left there.

    A covered row gets the value only when it has something of its own in one
    of the ``known`` columns (the header's): a blank row inside a merged block,
    or one with only its ``STT``, stays empty and is skipped as before. A range
    whose first column is one of ``own`` (what each row must give itself) is
    not filled down. Ranges starting above ``first`` (the header's) are left
    alone."""

    def __init__(self, ranges: Iterable[tuple[int, int, int, int]], first: int, known: Iterable[int],
                 own: Iterable[int] = ()):
        self._starts: dict[int, list[tuple[int, int, int]]] = {}  # top row → (first col, last col, last row)
        for first_row, first_col, last_row, last_col in ranges:
            if first_row >= first and (last_row > first_row or last_col > first_col):
                self._starts.setdefault(first_row, []).append((first_col - 1, last_col - 1, last_row))
        self._known = sorted(set(known))
        self._own = frozenset(own)
        self._active: list[tuple[int, int, int, Any]] = []  # ranges over rows still to come, with their value

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __call__(self, number: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        starts = self._starts.pop(number, None) if self._starts else None
        if self._active:
            self._active = [a for a in self._active if a[2] >= number]
        if not self._active and starts is None:
            return values
        cells = list(values)
        width = len(cells)
        covering = self._active
        for first_col, last_col, _last, _value in covering:  # this row is under the range's first row
            for c in range(first_col, min(last_col + 1, width)):
                cells[c] = None
        if covering and any(not _blank_value(cells[c]) for c in self._known if c < width):
            for first_col, _last_col, _last, value in covering:
                if value is not None:
                    if first_col >= len(cells):
                        cells.extend([None] * (first_col + 1 - len(cells)))
                    cells[first_col] = value
        for first_col, last_col, last_row in starts or ():
            value = cells[first_col] if first_col < len(cells) and first_col not in self._own else None
            for c in range(first_col + 1, min(last_col + 1, len(cells))):
                cells[c] = None
            if last_row > number:
                self._active.append((first_col, last_col, last_row, value))
        return tuple(cells)


def _blank_value(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _candidate_sheets(workbook, sheet: str | None) -> list:
    visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if sheet is not None and sheet in workbook.sheetnames:
        named = workbook[sheet]
        return [named] + [ws for ws in visible if ws is not named]
    return visible or list(workbook.worksheets)


def _scan_header(ws, specs: Sequence[HeaderSpec], sub_headers: bool = False):
    """(header row, columns, best near miss (row, columns found), rows the
    header takes) of one sheet. With ``sub_headers`` a header whose next row
    holds sub-labels (:func:`_sub_labels`) is read as one two-row header."""
    near: tuple[int, dict[str, int]] | None = None
    rows = list(ws.iter_rows(max_row=HEADER_SEARCH_ROWS + (1 if sub_headers else 0), values_only=True))
    merged: list | None = None

    def merges() -> list[tuple[int, int, int, int]]:
        nonlocal merged
        if merged is None:
            merged = _merged_ranges(ws)
        return merged

    for number, values in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        found = _match_header(values, specs)
        paired = None
        if sub_headers and number < len(rows):
            paired = _match_two_rows(values, rows[number], number, specs, merges)
            if paired is not None and _complete(paired, specs):
                return number, paired, None, 2
        if found and _complete(found, specs):
            return number, found, None, 1
        if paired is not None and len(paired) > len(found):
            found = paired  # for the message about missing columns
        if len(found) >= 2 and (near is None or len(found) > len(near[1])):
            near = (number, found)
    return None, {}, near, 1


def _complete(found: dict[str, int], specs: Sequence[HeaderSpec]) -> bool:
    return all(s.field in found for s in specs if s.required)


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """The sheet's merged cells as (first row, first column, last row, last
    column); none when the reader cannot tell (openpyxl's read-only sheets)."""
    reader = getattr(ws, "merged_ranges", None)
    if callable(reader):
        return reader()
    ranges = getattr(getattr(ws, "merged_cells", None), "ranges", None)
    if ranges is not None:
        return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges]
    return []


def _label(value: Any) -> str:
    """A header cell's text ("" for a blank cell)."""
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _sub_labels(top: Sequence[Any], sub: Sequence[Any], row: int,
                merges: Callable[[], list[tuple[int, int, int, int]]]) -> list[tuple[tuple[str, str], ...]] | None:
    """The names each column may go by when ``sub``, the row under ``top``
    (row ``row``), only adds sub-labels to a two-row header; else None.

    Office lists head a group of columns with a cell merged across them
    (``Ngày, tháng, năm sinh`` over ``Nam`` and ``Nữ``; ``Số cán bộ`` over
    ``Tổng số`` and ``Trong đó nữ``) and merge the other header cells down over
    both rows. A top cell spans the columns it is merged across or, when it is
    not merged (centred across, or typed that way), the columns to its right
    with a blank top cell and a sub-label. A column under a span goes by the top
    label and its sub-label together, else by the sub-label; a column labelled
    in one row only, by that label.

    ``sub`` is no row of sub-labels — it is the first data row, or ``top`` is a
    title over the header — when it holds anything but text, when one of its
    cells sits under a top cell of a single column, or when no top cell has a
    blank cell under it. Each name is ``(kind, text)``, kind ``both``, ``sub``
    or ``top``."""
    width = max(len(top), len(sub))
    top = [_label(v) for v in top] + [""] * (width - len(top))
    labels = list(sub) + [None] * (width - len(sub))
    if not any(labels):
        return None
    if any(v is not None and not isinstance(v, str) for v in labels):
        return None  # numbers, dates: data
    sub = [_label(v) for v in labels]
    if not any(sub) or not any(t and not s for t, s in zip(top, sub)):
        return None
    # The top row's spans: column → first column of the cell over it.
    spans: dict[int, int] = {}
    inside: set[int] = set()  # columns of the top row covered by a merged cell
    for first_row, first_col, last_row, last_col in merges():
        if first_row <= row <= last_row:
            inside.update(range(first_col - 1, last_col))
            if first_row == row and last_col > first_col:
                for c in range(first_col - 1, min(last_col, width)):
                    spans[c] = first_col - 1
    for c in range(width):
        if top[c] and sub[c] and c not in inside:
            k = c + 1
            while k < width and not top[k] and sub[k] and k not in inside:
                spans[k] = c
                k += 1
            if k > c + 1:
                spans[c] = c
    names: list[tuple[tuple[str, str], ...]] = []
    for c in range(width):
        if sub[c]:
            if c in spans:
                head = top[spans[c]]
                names.append(((("both", f"{head} {sub[c]}"),) if head else ()) + (("sub", sub[c]),))
            elif not top[c] and c not in inside:
                names.append((("sub", sub[c]),))
            else:
                return None  # a value under a column's own header: a data row
        elif top[c] and (c not in spans or spans[c] == c):
            names.append((("top", top[c]),))
        else:
            names.append(())
    return names


def _match_two_rows(top: Sequence[Any], sub: Sequence[Any], row: int, specs: Sequence[HeaderSpec],
                    merges: Callable[[], list[tuple[int, int, int, int]]]) -> dict[str, int] | None:
    """Field → column for ``top`` and ``sub`` read as one two-row header, or
    None when they are not one (:func:`_sub_labels`), or when either row names
    nothing the importer knows: a title over a one-row header (nothing from the
    top row), or a one-row header over unknown labels or data (nothing from the
    sub-labels), stay as they are read without sub-headers."""
    lookup = {header_key(alias): s.field for s in specs for alias in s.aliases}
    if not any(lookup.get(header_key(t)) and (c >= len(sub) or not _label(sub[c]))
               for c, t in enumerate(top) if t is not None):
        return None  # no known label in the top row alone: not the header's top row
    names = _sub_labels(top, sub, row, merges)
    if names is None:
        return None
    found: dict[str, int] = {}
    kinds: set[str] = set()
    for index, candidates in enumerate(names):
        for kind, text in candidates:
            field = lookup.get(header_key(text))
            if field:
                if field not in found:
                    found[field] = index
                    kinds.add(kind)
                break
    if not ({"both", "top"} & kinds and {"both", "sub"} & kinds):
        return None
    return found


def _sheet_blank(ws) -> bool:
    return all(_blank(values) for values in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))


def _match_header(values: Sequence[Any], specs: Sequence[HeaderSpec]) -> dict[str, int]:
    lookup = {header_key(alias): s.field for s in specs for alias in s.aliases}
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        field = lookup.get(header_key(value))
        if field and field not in found:
            found[field] = index
    return found


def _blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# --- cell values -------------------------------------------------------------


def cell(values: Sequence[Any], columns: dict[str, int], field: str) -> Any:
    index = columns.get(field)
    if index is None or index >= len(values):
        return None
    return values[index]


def cell_text(value: Any) -> str:
    """A cell as clean text; numbers that are really codes (phones) keep their digits."""
    if value is None:
        return ""
    if isinstance(value, CellError):  # refused by find_table in the columns it reads; never text
        raise TextError(f"ô có kết quả lỗi {value}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return clean(value)


def phone_text(value: Any) -> str:
    """Phone numbers typed into a number cell lose their leading zero; put it back."""
    text = cell_text(value)
    digits = text.replace(" ", "").replace(".", "")
    if isinstance(value, (int, float)) and digits.isdigit() and len(digits) in (9, 10) and not digits.startswith("0"):
        return "0" + digits
    return text


def cell_date(value: Any) -> dt.date | None:
    """A date given as an Excel date or as text (``05/12/2026``); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            raise TextError(f"“{value}” không phải là ngày") from None
        return converted.date() if isinstance(converted, dt.datetime) else converted
    return parse_date(value)


FORMULA_PREFIXES = ("=", "+", "-", "@")


def make_inert(cell) -> None:
    """Keep a user's text as text: openpyxl would store ``=…`` as a formula, and
    Excel re-reads ``+…``, ``-…``, ``@…`` as formulas when the cell is edited.
    The cell is forced to a string with Excel's quote prefix (shown as typed)."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_row(ws, values: Sequence[Any]) -> None:
    """Append one row (normal or write-only sheet) with user text made inert."""
    if getattr(ws, "_write_only", False) or ws.__class__.__name__ == "WriteOnlyWorksheet":
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in values:
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                c = WriteOnlyCell(ws, value=value)
                make_inert(c)
                cells.append(c)
            else:
                cells.append(value)
        ws.append(cells)
        return
    # Cells are made inert before appending: looking the row up afterwards
    # (ws[ws.max_row]) scans every cell of the sheet, quadratic on long lists.
    from openpyxl.cell import Cell

    row = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            c = Cell(ws, value=value)
            make_inert(c)
            row.append(c)
        else:
            row.append(value)
    ws.append(row)


def workbook_bytes(wb) -> bytes:
    import io

    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()
