"""What every xlsx that gets printed shares: the A4 page set-up, page numbers,
legible size at fit, number formats, sheet names and the NĐ 30 header block.

NĐ 30/2020 (Phụ lục I): A4, margins top and bottom 20 mm, left 30 mm, right
15 mm, page numbers centred in the top margin from page 2 on. Excel prints a
sheet "1 page wide" by shrinking the whole sheet by one zoom it works out from
the column widths; :func:`fit_scale` does the same sum, so a writer can keep
its smallest text at :data:`MIN_PRINTED_PT` or more on paper, and
:func:`fit_of` reads it back from any sheet (tests, files read back).

Numbers are stored as numbers. Excel's ``#,##0`` prints with the PC's regional
separators (1,234,500 on a PC set to English); :data:`INTEGER` groups with an
escaped literal dot, so an amount prints 1.234.500 on every PC and in
LibreOffice. Excel has no such escape for the decimal sign: :data:`DECIMAL`
(scores) prints with the PC's decimal sign.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from ...domain import docformat as fmt

FONT = "Times New Roman"
MIN_PRINTED_PT = 10.0
A4_MM = (210.0, 297.0)
MARGINS_MM = {side: low for side, (low, _high) in fmt.MARGIN_RANGES.items()}
BODY_PT = 12.0
# Excel and LibreOffice measure columns in digits of the workbook's default
# font: 8 px at 96 dpi for Times New Roman 12 (:func:`new_workbook`), 7 px for
# openpyxl's Calibri 11 (where Calibri is missing LibreOffice measures another
# font, and the same file prints smaller: hence Times, which every PC has).
DIGIT_PX = {("Times New Roman", 12.0): 8, ("Calibri", 11.0): 7}
DEFAULT_WIDTH = 8.43  # Excel's width of a column the file says nothing about
FILL = 0.92  # LibreOffice fits a sheet to about 93 % of the page's width; Excel to all of it
PX_PT = 0.75  # 96 dpi
MIN_SCALE = 10  # Excel's smallest print zoom

INTEGER = r"[>=1000000]#\.###\.##0;[>=1000]#\.##0;0"  # 1.234.500 whatever the PC's settings
PLAIN = "0"  # STT, years: no grouping
DECIMAL = "0.00"


# --- fit ---------------------------------------------------------------------------------------


def new_workbook():
    """An empty workbook whose default font, the one Excel measures column
    widths with, is Times New Roman 12 (openpyxl has no public setting for it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    font = Font(name=FONT, size=BODY_PT)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font
    return wb


def digit_px(wb) -> int:
    font = wb._named_styles["Normal"].font
    return DIGIT_PX.get((font.name, float(font.sz or 11)), 7)


def column_px(width: float | None, digit: int = DIGIT_PX[(FONT, BODY_PT)]) -> int:
    """Pixels of a column ``width`` Excel units wide, rounded as Excel does."""
    w = width or DEFAULT_WIDTH
    return int((256 * w + int(128 / digit)) / 256 * digit)


def printable_pt(landscape: bool) -> float:
    paper = A4_MM[1] if landscape else A4_MM[0]
    return (paper - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4


def fit_scale(width_pt: float, landscape: bool) -> int:
    """The zoom (%) Excel prints a sheet ``width_pt`` wide at, one page wide (never enlarged)."""
    return max(MIN_SCALE, min(100, math.floor(100 * printable_pt(landscape) / max(width_pt, 1.0))))


def fit_widths(relative: Sequence[float], landscape: bool = True) -> list[float]:
    """Column widths (Excel units, in a :func:`new_workbook`) in the proportions
    ``relative`` that fill the printable width of the page (:data:`FILL` of
    it): the sheet then prints at 100 %."""
    digit = DIGIT_PX[(FONT, BODY_PT)]
    room = printable_pt(landscape) * FILL / PX_PT - len(relative)  # a pixel of rounding per column
    total = sum(relative)
    return [math.floor(r * room / total / digit * 100) / 100 for r in relative]


def columns_pt(ws, last_col: int) -> list[float]:
    from openpyxl.utils import get_column_letter

    digit = digit_px(ws.parent)
    out = []
    for c in range(1, last_col + 1):
        dim = ws.column_dimensions.get(get_column_letter(c))
        out.append(column_px(dim.width if dim is not None and dim.customWidth else None, digit) * PX_PT)
    return out


@dataclass(frozen=True)
class PrintFit:
    """How a sheet prints: the orientation, Excel's zoom, the smallest font in
    the printed cells and that font's size on paper."""

    landscape: bool
    scale: int
    smallest_pt: float

    @property
    def printed_pt(self) -> float:
        return round(self.smallest_pt * self.scale / 100, 2)


def _print_bounds(ws) -> tuple[int, int]:
    """(last row, last column) printed: the print area's, else the used range's."""
    from openpyxl.utils.cell import range_boundaries

    area = ws.print_area
    if area:
        first = area.split(",")[0].split("!")[-1].replace("$", "")
        _c1, _r1, c2, r2 = range_boundaries(first)
        return r2, c2
    return ws.max_row, ws.max_column


def fit_of(ws) -> PrintFit:
    last_row, last_col = _print_bounds(ws)
    sizes = [float(c.font.sz or 11) for row in ws.iter_rows(max_row=last_row, max_col=last_col) for c in row
             if c.value not in (None, "")]
    landscape = ws.page_setup.orientation == "landscape"
    return PrintFit(landscape, fit_scale(sum(columns_pt(ws, last_col)), landscape), min(sizes, default=11.0))


# --- row heights -------------------------------------------------------------------------------

LINE = 1.2  # line height / font size, as Excel and LibreOffice set Times New Roman
CELL_PAD_PT = 5.0  # the cell's inner margins, left and right together
WRAP_SLACK = 0.96  # text is measured against a little less than the cell: a row too tall is blank, too short clips


def fit_heights(ws, first_row: int = 1) -> None:
    """Give every row from ``first_row`` the height its wrapped text needs.
    Neither Excel nor LibreOffice measures rows written by openpyxl when the
    file is opened, so a long name would print over the next row; the text is
    measured with the DOCX's Times New Roman widths (a merged cell by the
    width of its merge)."""
    widths = columns_pt(ws, ws.max_column)
    spans = {(r.min_row, r.min_col): sum(widths[r.min_col - 1:r.max_col]) for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=first_row):
        need = 0.0
        for c in row:
            if not isinstance(c.value, str) or not c.value:
                continue
            size = float(c.font.sz or 11)
            width = spans.get((c.row, c.column), widths[c.column - 1]) * WRAP_SLACK - CELL_PAD_PT
            lines = len(fmt.wrap_lines(c.value, width, size, bool(c.font.b), bool(c.font.i))) \
                if c.alignment.wrap_text else 1
            need = max(need, lines * size * LINE + 3)
        if need:  # rows without text (the rules' thin row) keep theirs
            ws.row_dimensions[row[0].row].height = round(max(need, 15.0), 1)


# --- page breaks -------------------------------------------------------------------------------

PAGE_SLACK = 0.97  # of the page's height: a manual break comes before Excel's own, never just after it


def printable_height_pt(landscape: bool) -> float:
    paper = A4_MM[0] if landscape else A4_MM[1]
    return (paper - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * 72 / 25.4


def break_pages(ws, title_rows: tuple[int, int], keep: set[int], landscape: bool = True) -> list[int]:
    """Break the pages by hand so that no row of ``keep`` (a section, title or
    unit heading; the totals and the signature) ends a page: it goes over
    with the rows after it, as the PDF's list does. Rows are as high as
    :func:`fit_heights` made them; the title rows repeat on every page.
    Returns the rows each new page starts with."""
    from openpyxl.worksheet.pagebreak import Break

    default = ws.sheet_format.defaultRowHeight or 15.0

    def height(row: int) -> float:
        return ws.row_dimensions[row].height or default

    last = ws.max_row
    capacity = printable_height_pt(landscape) * PAGE_SLACK
    titles = sum(height(r) for r in range(title_rows[0], title_rows[1] + 1))
    used, starts = 0.0, []
    for row in range(1, last + 1):
        need, nxt = height(row), row
        while nxt in keep and nxt < last:  # a heading takes what it heads along
            nxt += 1
            need += height(nxt)
        if used + need > capacity and used > titles and row > title_rows[1]:
            ws.row_breaks.append(Break(id=row - 1))
            starts.append(row)
            used = titles
        used += height(row)
    return starts


# --- page set-up -------------------------------------------------------------------------------


def setup_page(ws, title_rows: tuple[int, int] | None = None, landscape: bool | None = None,
               last_col: int | None = None) -> PrintFit:
    """A4, NĐ 30 margins, one page wide, ``title_rows`` repeated on every page,
    page numbers from page 2, the columns up to ``last_col`` (all) printed;
    ``landscape`` None: portrait when the sheet prints legibly that way. Call
    once the cells are written."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    last_row, last_col = ws.max_row, last_col or ws.max_column
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    if landscape is None:
        ws.page_setup.orientation = "portrait"
        landscape = fit_of(ws).printed_pt < MIN_PRINTED_PT
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    inch = 25.4
    ws.page_margins = PageMargins(left=MARGINS_MM["left"] / inch, right=MARGINS_MM["right"] / inch,
                                  top=MARGINS_MM["top"] / inch, bottom=MARGINS_MM["bottom"] / inch,
                                  header=fmt.HEADER_DISTANCE_MM / inch, footer=fmt.HEADER_DISTANCE_MM / inch)
    if title_rows:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    page_numbers(ws)
    return fit_of(ws)


def page_numbers(ws) -> None:
    """The page number centred in the top margin, none on page 1 (as the DOCX);
    each sheet is its own paper, numbered from 1 even when the whole workbook
    is printed at once."""
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.oddHeader.center.size = int(fmt.SIZE_PAGE_NUMBER)
    ws.oddFooter.center.text = None


# --- sheet names -------------------------------------------------------------------------------

MAX_TITLE = 31
# Characters Excel refuses in a sheet name, and what stands for them.
_TITLE_CHARS = str.maketrans({"[": "(", "]": ")", ":": " -", "/": "-", "\\": "-", "*": "", "?": ""})
_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
# Abbreviations the ward's papers use themselves, tried in turn on a name too long for a tab.
_SHORT = (("Mặt trận Tổ quốc", "MTTQ"), ("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"),
          ("Thi đua - Khen thưởng", "TĐKT"), ("tổ dân phố", "TDP"), ("doanh nghiệp", "DN"),
          ("cơ quan", "CQ"), ("đơn vị", "ĐV"))
_TRAILING = {"và", "các", "của", "trên", "tại", "thuộc", "-", "–"}


def _shorten(name: str, limit: int) -> str:
    """``name`` within ``limit`` characters: known abbreviations first, then
    without a closing aside in brackets, then cut at a word (never inside one,
    never on "và", "của"…) with "…"."""
    for long, short in _SHORT:
        if len(name) <= limit:
            return name
        name = re.sub(re.escape(long), short, name, flags=re.IGNORECASE)
    if len(name) > limit:
        name = _ASIDE.sub("", name) or name
    if len(name) <= limit:
        return name
    room = limit - 1  # and "…"
    words = name[:room].split(" ")
    if len(words) > 1 and name[room:room + 1] != " ":
        words.pop()  # a word cut in two
    while len(words) > 1 and words[-1].strip(",;.").casefold() in _TRAILING | {""}:
        words.pop()
    return " ".join(words).rstrip(" ,;.-–")[:room] + "…"


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts for ``name``: at most 31 characters, none of
    ``[]:*?/\\``, not starting or ending with an apostrophe, unique in the
    workbook whatever the case (``taken`` holds the casefolded names so far)."""
    base = " ".join(name.translate(_TITLE_CHARS).split()).strip("' ") or "Trang"
    title, n = _shorten(base, MAX_TITLE), 2
    while title.casefold() in taken:
        suffix = f" ({n})"
        title, n = _shorten(base, MAX_TITLE - len(suffix)) + suffix, n + 1
    taken.add(title.casefold())
    return title


# --- the NĐ 30 header --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A solid line under a header line, as the DOCX draws it: ``width_pt``
    long, centred at ``centre_pt`` from the sheet's left edge, ``row``'s top
    plus ``drop_pt`` down (1-based row)."""

    row: int
    centre_pt: float
    width_pt: float
    drop_pt: float = 1.5


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header block sits over a table's columns (1-based, inclusive):
    the issuer over ``left``, the national title and motto over ``right``;
    the rules under the issuer's name and under the motto."""

    left: tuple[int, int]
    right: tuple[int, int]
    rules: tuple[Rule, Rule]


HEADER_PT = 12.0  # Quốc hiệu and issuer in a 12-pt list (NĐ 30: 12–13)
MOTTO_PT = 13.0
RULE_ROW = 3
LEFT_SHARE = 0.4  # the issuer's block, as in the DOCX's header table (35–40 %)


def header_layout(widths: Sequence[float], issuer: str) -> HeaderLayout:
    """Split the columns (widths in points) between the issuer (left, about
    :data:`LEFT_SHARE` of the width) and the national title (right), each
    wide enough for its line, and place the rules: as long as the motto, and
    :data:`~docformat.SHORT_RULE_RATIO` of the issuer's name, centred under
    the text."""
    n = len(widths)
    total = sum(widths)
    nation = fmt.text_width_pt(fmt.NATIONAL_TITLE, HEADER_PT, bold=True) + CELL_PAD_PT
    name = fmt.text_width_pt(issuer, HEADER_PT, bold=True)

    def cost(k: int) -> tuple[bool, float]:
        left = sum(widths[:k - 1])
        return (left < name + CELL_PAD_PT or total - left < nation, abs(left - LEFT_SHARE * total))

    k = min(range(2, n + 1), key=cost) if n > 1 else 1
    split = sum(widths[:k - 1])
    left = (1, max(k - 1, 1))
    right = (k, n)
    motto = fmt.text_width_pt(fmt.MOTTO, MOTTO_PT, bold=True)
    rules = (Rule(RULE_ROW, (split if n > 1 else total) / 2, name * fmt.SHORT_RULE_RATIO),
             Rule(RULE_ROW, (split + total) / 2 if n > 1 else total / 2, motto))
    return HeaderLayout(left, right, rules)


def national_header(ws, layout: HeaderLayout, issuer: tuple[str, str], place_date: str) -> int:
    """Write the header block in rows 1–4 (issuer | Quốc hiệu, Tiêu ngữ; a
    thin row for the rules; the place and date) as ``layout`` places it and
    return the first row under it. The rules themselves are drawn by
    :func:`add_rules` once the workbook is saved."""
    merged(ws, 1, layout.left, issuer[0], bold=True, size=HEADER_PT)
    merged(ws, 2, layout.left, issuer[1], bold=True, size=HEADER_PT)
    merged(ws, 1, layout.right, fmt.NATIONAL_TITLE, bold=True, size=HEADER_PT)
    merged(ws, 2, layout.right, fmt.MOTTO, bold=True, size=MOTTO_PT)
    ws.row_dimensions[RULE_ROW].height = 6
    if place_date:
        merged(ws, 4, layout.right, place_date, italic=True, size=MOTTO_PT)
    return 5


def merged(ws, row: int, columns: tuple[int, int], text: str, bold: bool = False, italic: bool = False,
           size: float = 12, align: str = "center"):
    """One line of text over ``columns`` of ``row``, written inert (it may carry user text)."""
    from openpyxl.styles import Alignment, Font

    from .files import make_inert

    first, last = columns
    cell = ws.cell(row=row, column=first, value=text)
    make_inert(cell)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center" if align == "center" else align, vertical="center",
                               wrap_text=True)
    return cell


# --- drawn rules -------------------------------------------------------------------------------
# openpyxl writes no shapes, and a cell border spans whole columns (a rule as
# long as the motto and centred under it falls between column edges), so the
# rules are DrawingML lines added to the saved package: a drawing part, its
# content type, the sheet's relationship to it and the sheet's <drawing>.

EMU_PER_PT = 12700
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DRAWING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"


def _line_xml(number: int, col: int, col_off: int, row: int, row_off: int, width: int) -> str:
    return (f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>{col_off}</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>{row_off}</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{width}" cy="0"/><xdr:cxnSp macro=""><xdr:nvCxnSpPr>'
            f'<xdr:cNvPr id="{number + 1}" name="Đường kẻ {number}"/><xdr:cNvCxnSpPr/></xdr:nvCxnSpPr>'
            f'<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="0"/></a:xfrm>'
            '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
            '<a:srgbClr val="000000"/></a:solidFill></a:ln></xdr:spPr></xdr:cxnSp>'
            "<xdr:clientData/></xdr:oneCellAnchor>")


def drawing_xml(widths: Sequence[float], rules: Sequence[Rule]) -> str:
    """The drawing part with one line per rule; each is anchored in the column
    its left end falls in (Excel wants offsets inside the cell)."""
    lines = []
    for number, rule in enumerate(rules, start=1):
        x = max(rule.centre_pt - rule.width_pt / 2, 0.0)
        col, start = 0, 0.0
        while col < len(widths) - 1 and start + widths[col] <= x:
            start += widths[col]
            col += 1
        lines.append(_line_xml(number, col, round((x - start) * EMU_PER_PT), rule.row - 1,
                               round(rule.drop_pt * EMU_PER_PT), round(rule.width_pt * EMU_PER_PT)))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}">{"".join(lines)}</xdr:wsDr>')


def add_rules(data: bytes, widths: Sequence[float], rules: Sequence[Rule], sheet: int = 1) -> bytes:
    """The saved workbook ``data`` with ``rules`` drawn on its ``sheet``-th
    worksheet (which has no drawing or relationships of its own: openpyxl
    writes none for a sheet without images, charts or links)."""
    import io
    import zipfile

    part = f"xl/worksheets/sheet{sheet}.xml"
    drawing = f"xl/drawings/drawing{sheet}.xml"
    rels = f"xl/worksheets/_rels/sheet{sheet}.xml.rels"
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if rels in names or drawing in names:  # pragma: no cover - the writers here never make one
        raise ValueError(f"{part} already has relationships")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(b"</Types>", (f'<Override PartName="/{drawing}" '
                                                        f'ContentType="{_DRAWING_TYPE}"/></Types>').encode())
            elif name == part:
                content = content.replace(b"</worksheet>",
                                          f'<drawing xmlns:r="{_R}" r:id="rIdRules"/></worksheet>'.encode())
            target.writestr(name, content)
        target.writestr(drawing, drawing_xml(widths, rules))
        target.writestr(rels, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                              f'<Relationship Id="rIdRules" Type="{_DRAWING_REL}" '
                              f'Target="/{drawing}"/></Relationships>')
    return out.getvalue()
