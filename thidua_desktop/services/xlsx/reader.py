"""A fast, read-only reader of the cell values of .xlsx sheets.

openpyxl's read-only mode builds a descriptor object for every shared string
and cell; reading ten thousand rows that way takes seconds. Imports only need
each cell's value, so this reader streams the sheet XML through expat and
yields plain tuples, values typed as openpyxl gives them with
``data_only=True`` (text, int or float, bool, ``datetime`` for cells with a
date format, the cached result of formulas).

It offers the small part of openpyxl's read-only workbook that
:func:`.excel.find_table` uses (``worksheets``, ``sheetnames``, ``[name]``,
``title``, ``sheet_state``, ``iter_rows(min_row, max_row, values_only=True)``,
``close``), and what openpyxl's read-only sheets lack: the merged cells
(``merged_ranges()``), which two-row headers and cells merged down over data
rows are read with. The XML is parsed
with document type declarations and entities refused, as defusedxml does, and
only after :func:`.excel.check_xlsx_file` has checked the archive.

Three rules hold for every importer, since all read through here: a number
with a percent format is read as the percentage it shows (:class:`Percent`);
a formula whose saved result is an error reads as a :class:`CellError`, never
as text; and memory follows the data actually in the file — a row reaching
past ``max_columns`` or a sheet of more than ``max_cells`` cells (counting the
empty cells a row's width implies) is refused, whatever the sheet's declared
dimension says.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator
from xml.parsers import expat

from ...domain.text import Percent
from ...errors import UserError
from .excel_dates import (
    BUILTIN_FORMATS,
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    is_date_format,
    is_timedelta_format,
)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SEP = "}"
_CHUNK = 1 << 16
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Defaults of the settings files.max_columns and files.max_cells.
MAX_COLUMNS = 200
MAX_CELLS = 3_000_000
# The results Excel shows for a formula that failed; also written as text
# results (t="str") by some programs.
ERROR_CODES = frozenset({"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
                         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
# Text in quotes, escaped characters and [colour]/[locale] sections of a number
# format: a "%" there is shown as it is and does not scale the number.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True)
class CellError:
    """A formula cell whose saved result is an error (``#DIV/0!``, ``#N/A``…):
    no value at all, which importers refuse naming the cell."""

    code: str

    def __str__(self) -> str:
        return self.code


class _TooManyMerges(Exception):
    pass


class _TooWide(Exception):
    def __init__(self, row: int, column: int):
        super().__init__(row, column)
        self.row, self.column = row, column


def _letters(column: int) -> str:
    """28 → ``AB``: the letters of a column, also past Excel's last (a hostile reference)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def is_percent_format(code: str | None) -> bool:
    """Whether a number format shows the number times 100 with a ``%``."""
    return bool(code) and "%" in _FORMAT_LITERALS.sub("", code)


class XlsxFormatError(UserError, ValueError):
    """The archive is a zip but its spreadsheet parts cannot be read."""

    def __init__(self, name: str, detail: str = ""):
        super().__init__(f"Tệp “{name}” bị hỏng hoặc không đúng dạng Excel"
                         + (f" ({detail})" if detail else "") + ". Hãy mở bằng Excel, lưu lại rồi thử lại.")


class _Forbidden(ValueError):
    pass


def _forbid(*_args) -> None:
    raise _Forbidden("khai báo DTD hoặc thực thể trong tệp")


# A cell as Excel writes it: reference, other attributes, then an optional
# formula and an optional value. Cells with anything else fail to match, and
# the count check in _plain_sheet sends their sheet to the XML parser.
# The attributes are matched greedily (a fifth faster on a long sheet than lazily): a
# self-closing cell gives back its "/" to the "/>" after one step back.
_CELL = re.compile(r'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)(?:/>|>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?'
                   r'(?:<v>([^<]*)</v>)?</c>)')
_PREFIXED = re.compile(r"<\w+:(?:c|row|v|sheetData)\b")
_ATTR_T = re.compile(r'\bt="(\w+)"')
_ATTR_S = re.compile(r'\bs="([0-9]+)"')
# A merged range as Excel writes it (<mergeCell ref="C5:D5"/>, after the cells).
# Text never holds a raw "<", so the pattern cannot match inside cell values.
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_PLAIN_LIMIT = 200 * 1024 * 1024  # larger sheets are streamed
# A shared string of plain text as Excel writes it; those of formatted text
# (runs) or with phonetic guides fail to match, and the count check in
# _plain_strings sends the table to the XML parser.
_PLAIN_STRING = re.compile(r'<si><t(?: xml:space="preserve")?(?:/>|>([^<]*)</t>)</si>')
_PREFIXED_STRINGS = re.compile(r"<\w+:(?:si|t|sst)\b")
_DECLARED_ENCODING = re.compile(r"""<\?xml[^>]*\bencoding=["']([^"']+)["']""")
_XML_ENTITIES = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")


def _xml_text(raw: str) -> str:
    if "&" not in raw:
        return raw

    def one(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref[0] == "#":
            return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
        return {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}[ref]

    return _XML_ENTITIES.sub(one, raw)


def _row_tuple(number: int, row: dict[int, Any], width: int) -> tuple[Any, ...]:
    """The values of a row up to its last filled cell (at most ``width`` columns)."""
    last = max(row)
    if last > width:
        raise _TooWide(number, last)
    get = row.get
    return tuple([get(i) for i in range(1, last + 1)])


_ROW, _C, _V, _IS, _T, _RPH = 1, 2, 3, 4, 5, 6
_TAG_CODES = {"row": _ROW, "c": _C, "v": _V, "is": _IS, "t": _T, "rPh": _RPH}


def _parser(namespaces: bool = True) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=_SEP) if namespaces else expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = _CHUNK
    return parser


def _detail(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return f"thiếu phần {exc.args[0] if exc.args else ''}".strip()
    if isinstance(exc, _Forbidden):
        return str(exc)
    return exc.__class__.__name__


def _unescape(text: str) -> str:
    """Excel writes control characters as ``_xHHHH_`` (and ``_`` before such a run as ``_x005F_``)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _feed(parser: expat.XMLParserType, source) -> None:
    while True:
        chunk = source.read(_CHUNK)
        parser.Parse(chunk, not chunk)
        if not chunk:
            return


def _column(ref: str) -> int:
    """``"AB12"`` or ``"AB"`` → 28 (1-based column of a cell reference)."""
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        else:
            break
    return number


def _row_of(ref: str) -> int:
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return int(digits) if digits.isdigit() else 0


def _add_merges(data: bytes, found: dict[tuple[int, int, int, int], None], limit: int) -> None:
    """Add the ranges of the ``<mergeCell ref="…"/>`` tags in ``data`` to
    ``found`` (ordered, a range seen twice counts once); raise
    :class:`_TooManyMerges` past ``limit`` ranges."""
    for m in _MERGE.finditer(data):
        if len(found) >= limit:
            raise _TooManyMerges(limit)
        first_col, first_row = _column(m.group(1).decode()), int(m.group(2))
        if m.group(3):
            last_col, last_row = _column(m.group(3).decode()), int(m.group(4))
        else:
            last_col, last_row = first_col, first_row
        found[(min(first_row, last_row), min(first_col, last_col),
               max(first_row, last_row), max(first_col, last_col))] = None


class Sheet:
    def __init__(self, book: "FastWorkbook", title: str, state: str, part: str):
        self._book = book
        self.title = title
        self.sheet_state = state
        self._part = part

    def iter_rows(self, min_row: int = 1, max_row: int | None = None,
                  values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        """Rows from ``min_row`` as tuples of values; missing rows come as ``()``."""
        if not values_only:
            raise NotImplementedError("only values are read")
        expected = min_row
        cells = 0
        book = self._book
        try:
            for number, values in book._rows(self._part, max_row):
                cells += len(values)
                if cells > book.max_cells:
                    raise UserError(f"Tệp “{book.path.name}”, trang “{self.title}”: quá nhiều ô (đến dòng {number} "
                                    f"đã quá {_thousands(book.max_cells)} ô, kể cả ô trống nằm giữa các ô có dữ "
                                    "liệu). Hãy xóa các dòng, cột thừa rồi lưu lại.")
                if number < min_row:
                    continue
                while expected < number:
                    yield ()
                    expected += 1
                yield values
                expected = number + 1
        except _TooWide as exc:
            letters = _letters(exc.column)
            raise UserError(f"Tệp “{book.path.name}”, trang “{self.title}”, ô {letters}{exc.row}: có dữ liệu ở dòng "
                            f"{exc.row}, cột {letters}, quá xa bên phải (chỉ đọc tối đa {book.max_columns} cột, đến "
                            f"cột {_letters(book.max_columns)}). Hãy xóa các ô thừa bên phải rồi lưu lại.") from None

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """The merged cells as ``(first row, first column, last row, last column)``,
        1-based, in the order of the sheet. Only the first cell of a range
        holds its value; the others read as empty. Ranges are cut at the
        last column read (what lies beyond is never read)."""
        width = self._book.max_columns
        return [(r0, c0, r1, min(c1, width)) for r0, c0, r1, c1 in self._book._merges(self._part) if c0 <= width]


class FastWorkbook:
    def __init__(self, path: Path, max_columns: int = MAX_COLUMNS, max_cells: int = MAX_CELLS):
        self.path = Path(path)
        self.max_columns, self.max_cells = max_columns, max_cells
        try:
            self._zip = zipfile.ZipFile(self.path)
            self._read_workbook()
        except (KeyError, expat.ExpatError, ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
            self.close()
            raise XlsxFormatError(self.path.name, _detail(exc)) from None

    # --- workbook parts -------------------------------------------------------
    def _parse(self, name: str, start: Callable, end: Callable | None = None,
               text: Callable | None = None) -> None:
        parser = _parser()
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        with self._zip.open(name) as source:
            _feed(parser, source)

    def _read_workbook(self) -> None:
        sheets: list[tuple[str, str, str]] = []
        self.epoch = CALENDAR_WINDOWS_1900

        def start(tag, attrs):
            if tag == f"{_MAIN}{_SEP}sheet":
                sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), attrs.get(f"{_REL}{_SEP}id", "")))
            elif tag == f"{_MAIN}{_SEP}workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        book = self._workbook_part()
        self._parse(book, start)
        targets: dict[str, str] = {}

        def rel(tag, attrs):
            if tag == f"{_PKG_REL}{_SEP}Relationship":
                targets[attrs.get("Id", "")] = attrs.get("Target", "")

        base = posixpath.dirname(book)
        rels = posixpath.join(base, "_rels", posixpath.basename(book) + ".rels")
        self._parse(rels, rel)
        names = set(self._zip.namelist())
        self.worksheets: list[Sheet] = []
        for title, state, rid in sheets:
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            if part in names:  # chart sheets and dialog sheets have no cells
                self.worksheets.append(Sheet(self, title, state, part))
        self.sheetnames = [ws.title for ws in self.worksheets]
        self._strings: list[str] | None = None
        self._styles: tuple[set[int], set[int], set[int]] | None = None
        self._plain: dict[str, list | None] = {}
        self._merged: dict[str, tuple[tuple[int, int, int, int], ...]] = {}
        self.error_cells = 0  # formula results that are errors (CellError) read so far

    def _workbook_part(self) -> str:
        found = []

        def start(tag, attrs):
            if tag == f"{_PKG_REL}{_SEP}Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
                found.append(attrs.get("Target", "").lstrip("/"))

        try:
            self._parse("_rels/.rels", start)
        except KeyError:
            pass
        return found[0] if found else "xl/workbook.xml"

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            strings: list[str] = []
            parts: list[str] = []
            state = {"in_t": False, "phonetic": 0}
            si, t, rph = f"{_MAIN}{_SEP}si", f"{_MAIN}{_SEP}t", f"{_MAIN}{_SEP}rPh"

            def start(tag, attrs):
                if tag == t:
                    state["in_t"] = True
                elif tag == rph:
                    state["phonetic"] += 1
                elif tag == si:
                    parts.clear()

            def end(tag):
                if tag == t:
                    state["in_t"] = False
                elif tag == rph:
                    state["phonetic"] -= 1
                elif tag == si:
                    strings.append(_unescape("".join(parts)))

            def text(data):
                if state["in_t"] and not state["phonetic"]:
                    parts.append(data)

            name = self._part_named("sharedStrings")
            plain = self._plain_strings(name) if name else None
            if plain is not None:
                strings = plain
            elif name:
                self._parse(name, start, end, text)
            self._strings = strings
        return self._strings

    def _plain_strings(self, name: str) -> list[str] | None:
        """The shared strings when every one is plain text (``<si><t>…</t></si>``,
        as Excel and LibreOffice write all but formatted text), read with one
        regular expression, several times faster than with XML events; else
        None, and the XML parser reads them. The text is what the parser gives:
        line ends as ``\n``, then the five entities and character references,
        then Excel's ``_xHHHH_`` escapes."""
        try:
            data = self._zip.read(name).decode("utf-8")
        except (KeyError, UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError):
            return None
        declared = _DECLARED_ENCODING.search(data[:200])
        if "<!" in data or _PREFIXED_STRINGS.search(data) or (declared and declared.group(1).upper() != "UTF-8"):
            return None
        found = _PLAIN_STRING.findall(data)
        if len(found) != data.count("<si") or data.count("&") != len(_XML_ENTITIES.findall(data)):
            return None  # formatted text, phonetic runs, an entity the XML parser would refuse…
        if "\r" in data:
            found = [t.replace("\r\n", "\n").replace("\r", "\n") for t in found]
        return [_unescape(_xml_text(t)) for t in found]

    def _part_named(self, kind: str) -> str | None:
        for name in self._zip.namelist():
            if name.lower() == f"xl/{kind.lower()}.xml":
                return name
        return None

    def _number_styles(self) -> tuple[set[int], set[int], set[int]]:
        """Indexes of cell formats that show dates, those that show durations,
        and those that show percentages."""
        if self._styles is None:
            custom: dict[int, str] = {}
            formats: list[int] = []
            depth = {"cellXfs": False}

            def start(tag, attrs):
                if tag == f"{_MAIN}{_SEP}numFmt":
                    custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
                elif tag == f"{_MAIN}{_SEP}cellXfs":
                    depth["cellXfs"] = True
                elif tag == f"{_MAIN}{_SEP}xf" and depth["cellXfs"]:
                    formats.append(int(attrs.get("numFmtId", "0") or 0))

            def end(tag):
                if tag == f"{_MAIN}{_SEP}cellXfs":
                    depth["cellXfs"] = False

            name = self._part_named("styles")
            if name:
                self._parse(name, start, end)
            dates, durations, percents = set(), set(), set()
            for index, fmt_id in enumerate(formats):
                code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id))
                if is_date_format(code):
                    dates.add(index)
                    if is_timedelta_format(code):
                        durations.add(index)
                elif is_percent_format(code):
                    percents.add(index)
            self._styles = (dates, durations, percents)
        return self._styles

    # --- rows -------------------------------------------------------------------
    def _rows(self, part: str, max_row: int | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
        cells = self._plain_cells(part)
        if cells is not None:
            return self._rows_plain(cells, max_row)
        return self._rows_parsed(part, max_row)

    def _plain_cells(self, part: str) -> list[tuple[str, str, str, str]] | None:
        """The sheet's XML when it has the plain shape Excel and LibreOffice
        write (no prefixes, no DTD, comments or CDATA, text in the shared
        table, every cell with its reference), else None.

        Such a sheet is read with one regular expression, several times
        faster than with XML events; whether every cell was matched is
        checked, and anything unusual goes to the XML parser instead.
        Returns the cells as (column letters, row number, attributes, value)."""
        cached = self._plain.get(part, False)
        if cached is not False:
            return cached
        cells = None
        try:
            info = self._zip.getinfo(part)
            if info.file_size <= _PLAIN_LIMIT:
                data = self._zip.read(part).decode("utf-8")
                if "<!" not in data and "inlineStr" not in data and "<sheetData" in data \
                        and not _PREFIXED.search(data) and data.count("<c ") <= self.max_cells:
                    found = _CELL.findall(data)
                    if len(found) == data.count("<c ") + data.count("<c>"):
                        cells = found
                        if part not in self._merged:  # already in memory: no second pass over the part
                            merges: dict[tuple[int, int, int, int], None] = {}
                            end = data.rfind("</sheetData>")  # the ranges follow the cells
                            tail = data[end:] if end >= 0 else data
                            if "mergeCell" in tail:
                                self._collect_merges(tail.encode("utf-8"), merges)
                            self._merged[part] = tuple(merges)
        except (KeyError, UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError):
            cells = None
        self._plain[part] = cells
        return cells

    def _rows_plain(self, cells: list[tuple[str, str, str, str]],
                    max_row: int | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
        strings = self._shared_strings()
        styles = self._number_styles()
        epoch, value_of, width = self.epoch, self._value, self.max_columns
        columns: dict[str, int] = {}
        row_no, row_ref = 0, ""
        row: dict[int, Any] = {}
        try:
            for letters, number, attrs, raw in cells:
                if not raw:
                    continue  # a formatted cell without a value
                if number != row_ref:  # the row's number as written: compared as text, read once a row
                    n = int(number)
                    if n != row_no:
                        if row:
                            yield row_no, _row_tuple(row_no, row, width)
                        if max_row is not None and n > max_row:
                            return
                        row_no, row = n, {}
                    row_ref = number
                col = columns.get(letters) or columns.setdefault(letters, _column(letters))
                if 't="s"' in attrs:
                    row[col] = strings[int(raw)]
                    continue
                kind = _ATTR_T.search(attrs)
                style = _ATTR_S.search(attrs)
                value = row[col] = value_of(_xml_text(raw), kind.group(1) if kind else "n",
                                            int(style.group(1)) if style else 0, strings, styles, epoch)
                if type(value) is CellError:
                    self.error_cells += 1
            if row and (max_row is None or row_no <= max_row):
                yield row_no, _row_tuple(row_no, row, width)
        except (IndexError, ValueError) as exc:
            raise XlsxFormatError(self.path.name, _detail(exc)) from None

    def _rows_parsed(self, part: str, max_row: int | None) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) of a sheet part, streamed.

        The hot loop of an import: the sheet is parsed without namespace
        processing (tags compared by their local name, whatever prefix the
        writer used) and the handlers keep their state in closure variables."""
        strings = self._shared_strings()
        styles = self._number_styles()
        special = styles[0] | styles[2]  # dates and percentages: not plain numbers
        epoch, width = self.epoch, self.max_columns
        value_of = self._value
        ready: list[tuple[int, tuple[Any, ...]]] = []
        row: dict[int, Any] = {}
        text: list[str] = []
        codes: dict[str, int] = {}
        columns: dict[str, int] = {}
        row_no = col = 0
        cell: dict[str, str] = {}
        capture = False  # inside <v>, or <t> of an inline string
        in_inline = False

        def code(tag: str) -> int:
            found = codes.get(tag)
            if found is None:
                found = codes[tag] = _TAG_CODES.get(tag.rpartition(":")[2], 0)
            return found

        def start(tag, attrs):
            nonlocal row_no, col, cell, capture, in_inline
            c = codes.get(tag) or code(tag)
            if c == _C:
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = columns.get(letters) or columns.setdefault(letters, _column(letters))
                else:
                    col += 1
                cell = attrs
                del text[:]
            elif c == _V:
                capture = True
            elif c == _ROW:
                ref = attrs.get("r")
                row_no = int(ref) if ref else row_no + 1
                col = 0
                row.clear()
            elif c == _IS:
                in_inline = True
            elif c == _T:
                capture = in_inline
            elif c == _RPH:
                in_inline = False

        def end(tag):
            nonlocal capture, in_inline
            c = codes.get(tag) or code(tag)
            if c == _C:
                if text:
                    raw = text[0] if len(text) == 1 else "".join(text)
                    kind = cell.get("t")
                    if kind == "s":
                        row[col] = strings[int(raw)]
                    elif (kind is None or kind == "n") and not (special and int(cell.get("s") or 0) in special):
                        row[col] = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                    else:
                        value = row[col] = value_of(raw, kind or "n", int(cell.get("s") or 0), strings, styles,
                                                    epoch)
                        if type(value) is CellError:
                            self.error_cells += 1
            elif c == _V or c == _T:
                capture = False
            elif c == _ROW:
                if row:
                    ready.append((row_no, _row_tuple(row_no, row, width)))
                else:
                    ready.append((row_no, ()))
            elif c == _IS:
                in_inline = False

        def chars(data):
            if capture:
                text.append(data)

        parser = _parser(namespaces=False)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        try:
            with self._zip.open(part) as source:
                while True:
                    chunk = source.read(_CHUNK)
                    parser.Parse(chunk, not chunk)
                    for item in ready:
                        if max_row is not None and item[0] > max_row:
                            return
                        yield item
                    ready.clear()
                    if not chunk:
                        return
        except (expat.ExpatError, _Forbidden, KeyError, IndexError, ValueError, zipfile.BadZipFile, OSError,
                EOFError) as exc:
            raise XlsxFormatError(self.path.name, _detail(exc)) from None

    def _collect_merges(self, data: bytes, found: dict[tuple[int, int, int, int], None]) -> None:
        limit = self.max_cells // 30  # 100.000 by default; a real list merges a few hundred ranges
        try:
            _add_merges(data, found, limit)
        except _TooManyMerges:
            raise UserError(f"Tệp “{self.path.name}” có quá nhiều ô gộp (hơn {_thousands(limit)}); "
                            "có thể là tệp hỏng hoặc độc hại.") from None

    def _merges(self, part: str) -> tuple[tuple[int, int, int, int], ...]:
        """The merged ranges of a sheet part, found by streaming its XML
        (they follow the cells, so the whole part is read once, then cached;
        a sheet read whole by :meth:`_plain_cells` has them already)."""
        cached = self._merged.get(part)
        if cached is not None:
            return cached
        found: dict[tuple[int, int, int, int], None] = {}  # ordered, and a range seen twice counts once
        tail = b""
        try:
            with self._zip.open(part) as source:
                while True:
                    chunk = source.read(_CHUNK)
                    if not chunk:
                        break
                    data = tail + chunk
                    if b"mergeCell" in data:
                        self._collect_merges(data, found)
                    tail = data[-256:]  # a tag cut between two chunks is matched with the next one
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            raise XlsxFormatError(self.path.name, _detail(exc)) from None
        self._merged[part] = merges = tuple(found)
        return merges

    @staticmethod
    def _value(raw: str, kind: str, style: int, strings: list[str], styles: tuple[set[int], set[int], set[int]],
               epoch) -> Any:
        if kind == "s":
            return strings[int(raw)]
        if kind == "n":
            number: Any = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            dates, durations, percents = styles
            if style in dates:
                try:
                    return from_excel(number, epoch, timedelta=style in durations)
                except (OverflowError, ValueError):
                    return CellError("#VALUE!")
            if style in percents:
                return Percent(Decimal(raw.strip()) * 100)  # exact: 0.575 shows as 57,5%, not 57,49999…
            return number
        if kind == "str":
            text = _unescape(raw)
            return CellError(text) if text in ERROR_CODES else text
        if kind == "inlineStr":
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
            except ValueError:
                return raw
        if kind == "e":
            return CellError(raw.strip())
        return raw

    def __getitem__(self, name: str) -> Sheet:
        for ws in self.worksheets:
            if ws.title == name:
                return ws
        raise KeyError(name)

    def close(self) -> None:
        archive = getattr(self, "_zip", None)
        if archive is not None:
            archive.close()
        # The sheets point back at the workbook, so it goes only with the collector's next pass:
        # what it read (a large sheet's cells, tens of megabytes) goes now.
        self._plain, self._strings = {}, None
