"""The paragraphs and tables of every paper, built with python-docx's API
(``Paragraph.add_run``, ``paragraph_format``, ``Table.add_row``, cell widths)
and handed around as body elements not yet in a document: a paper composes
them with ``+`` and a template field (or ``styles.new_package``) takes them.

Where python-docx has no API (a table's width, borders and cell margins, a
repeated header row, rows kept whole) a tiny lxml helper sets it on
python-docx's own elements. The rows of a long list are the one exception to
python-docx building the content: see :func:`long_table`.
"""
from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Iterable, Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.shared import Length, Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from ...domain import docformat as fmt

Content = list  # body-level elements (w:p, w:tbl) built here, not yet in a document, and Rows

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}


# --- paragraphs ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A stretch of text with one look. ``None`` means "as the style says"."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    underline: bool = False
    color: str | None = None  # "C00000"


def add_run(paragraph: Paragraph, run: Run | str) -> None:
    """A run; python-docx turns line breaks in the text into ``w:br``."""
    if isinstance(run, str):
        run = Run(run)
    text = fmt.safe_text(run.text)
    if not text:
        return
    added = paragraph.add_run(text)
    font = added.font
    if run.bold is not None:
        font.bold = font.cs_bold = run.bold
    if run.italic is not None:
        font.italic = font.cs_italic = run.italic
    if run.color:
        font.color.rgb = RGBColor.from_string(run.color)
    if run.size is not None:
        font.size = Pt(run.size)
    if run.underline:
        font.underline = True


def paragraph(runs: Sequence[Run | str] | Run | str = (), style: str | None = None, *, align: str | None = None,
              keep_next: bool = False, page_break_before: bool = False, before: Length | None = None,
              after: Length | None = None, line: float | None = None,
              indent: tuple[Length, Length] | None = None) -> CT_P:
    """One paragraph of style ``style`` (an id of ``styles``) with its runs;
    ``indent`` is (left, right), the first line then not indented."""
    element = OxmlElement("w:p")
    if style:
        element.style = style  # by id: a detached paragraph has no styles part to look the name up in
    p = Paragraph(element, None)
    layout = p.paragraph_format
    if keep_next:
        layout.keep_with_next = True
    if page_break_before:
        layout.page_break_before = True
    if before is not None:
        layout.space_before = before
    if after is not None:
        layout.space_after = after
    if line is not None:
        layout.line_spacing = line
    if indent is not None:
        layout.left_indent, layout.right_indent = indent
        layout.first_line_indent = Twips(0)
    if align:
        layout.alignment = ALIGN[align]
    for run in [runs] if isinstance(runs, (Run, str)) else runs:
        add_run(p, run)
    return element


def para(runs: Sequence[Run | str] | Run | str = (), style: str | None = None, **layout) -> Content:
    return [paragraph(runs, style, **layout)]


def paras(lines: Iterable[str], style: str, **layout) -> Content:
    """A paragraph per non-empty line."""
    return [paragraph(line, style, **layout) for line in lines if line]


def text_paras(text: str, style: str, **layout) -> Content:
    """A paragraph per line of ``text`` (a clerk's narrative)."""
    return paras((line.strip() for line in fmt.safe_text(text).split("\n")), style, **layout)


# --- tables ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    align: str = "left"  # left / center / right / both


@dataclass(frozen=True)
class GroupRow:
    """A row across all columns: a section title (``I. TẬP THỂ``) or a total."""

    text: str | Run
    bold: bool = True
    align: str = "left"


CELL_MARGIN_MM = 1.0


def _child(parent: etree._Element, tag: str, successors: Sequence[str]) -> etree._Element:
    """A new ``w:`` child placed before its schema successors."""
    element = OxmlElement(f"w:{tag}")
    parent.insert_element_before(element, *(f"w:{s}" for s in successors))
    return element


_TBLPR_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook")


def _shell(widths_mm: Sequence[float], *, borders: bool) -> Table:
    """A table of fixed column widths without rows, and the properties
    python-docx has no API for: its width, borders and cell margins."""
    table = Table(CT_Tbl.new_tbl(0, len(widths_mm), Mm(sum(widths_mm))), None)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    props = table._tbl.tblPr
    width = props.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(Mm(x).twips for x in widths_mm)))
    lines = _child(props, "tblBorders", _TBLPR_AFTER_BORDERS)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attrs = {"val": "single", "sz": "4", "space": "0", "color": "000000"} if borders else {"val": "nil"}
        lines.append(OxmlElement(f"w:{side}", {qn(f"w:{k}"): v for k, v in attrs.items()}))
    margins = _child(props, "tblCellMar", _TBLPR_AFTER_BORDERS[3:])
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): str(Mm(CELL_MARGIN_MM).twips), qn("w:type"): "dxa"}))
    return table


def _keep_row(tr: etree._Element, header: bool = False) -> None:
    """The row is never split across pages; a header row repeats on every page."""
    props = tr.get_or_add_trPr()
    _child(props, "cantSplit", ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"))
    if header:
        _child(props, "tblHeader", ("tblCellSpacing", "jc", "hidden"))


def _fill_cell(cell: _Cell, value: object, style: str, align: str, *, bold: bool | None = None,
               keep_next: bool = False) -> None:
    p = cell.paragraphs[0]
    p._p.style = style
    if keep_next:
        p.paragraph_format.keep_with_next = True
    p.paragraph_format.alignment = ALIGN[align]
    if value is None or value == "":
        return
    run = value if isinstance(value, Run) else Run(str(value), bold=bold)
    add_run(p, run)


def _header_row(table: Table, columns: Sequence[Column], style: str) -> None:
    """The column headings, repeated on every page."""
    if not any(c.header for c in columns):
        return
    row = table.add_row()
    _keep_row(row._tr, header=True)
    for cell, column in zip(row.cells, columns):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _fill_cell(cell, column.header, style, "center")


def _group_row(table: Table, row: GroupRow, style: str) -> None:
    """A heading row stays on the page of the row after it."""
    added = table.add_row()
    _keep_row(added._tr)
    cells = added.cells
    merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    _fill_cell(merged, row.text, style, row.align, bold=row.bold or None, keep_next=True)


def table(columns: Sequence[Column], rows: Iterable[Sequence[object] | GroupRow], *,
          style: str = "ND30Table", header_style: str = "ND30TableHeader") -> Content:
    """A bordered table with a header row repeated on every page; rows do not
    split across pages. Through python-docx's cell API: for tables of tens of rows."""
    built = _shell([c.width_mm for c in columns], borders=True)
    _header_row(built, columns, header_style)
    for row in rows:
        if isinstance(row, GroupRow):
            _group_row(built, row, style)
            continue
        added = built.add_row()
        _keep_row(added._tr)
        for cell, column, value in zip(added.cells, columns, row):
            _fill_cell(cell, value, style, column.align)
    return [built._tbl]


def layout_table(widths_mm: Sequence[float], cells: Sequence[Content], *, rows: int = 1) -> Content:
    """A table without borders that places blocks side by side (the header,
    the signature); ``cells`` hold ``rows`` × columns of content."""
    built = _shell(widths_mm, borders=False)
    cols = len(widths_mm)
    for r in range(rows):
        added = built.add_row()
        _keep_row(added._tr)
        for c, cell in enumerate(added.cells):
            content = cells[r * cols + c]
            if content:
                tc = cell._tc
                tc.remove(cell.paragraphs[0]._p)
                tc.extend(content)
    return [built._tbl]


# --- the rows of a long list ------------------------------------------------------------------

ROWS_MARKER = "thidua-rows"


@dataclass(frozen=True)
class Rows:
    """The rows of the table just before it in the content, as XML text."""

    xml: str


def long_table(columns: Sequence[Column], rows: Iterable[Sequence[object] | GroupRow], *,
               style: str = "ND30Table", header_style: str = "ND30TableHeader") -> Content:
    """:func:`table` for a list of a thousand rows. The table and its header
    are python-docx's; its rows are written as one XML string (fifty thousand
    cell API calls take seconds) that follows the table in the content and is
    written into it as the document is saved (``template.render``: parsing it
    into the tree would cost more than the whole document). The rows look
    exactly as :func:`table` makes them."""
    head = copy.deepcopy(_list_head(tuple(columns), header_style))
    widths = [Mm(c.width_mm).twips for c in columns]
    span = len(columns)
    starts = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
              f'<w:jc w:val="{c.align}"/></w:pPr>' for c, w in zip(columns, widths)]
    out = []
    for row in rows:
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        if isinstance(row, GroupRow):
            run = row.text if isinstance(row.text, Run) else Run(row.text, bold=row.bold or None)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/><w:gridSpan w:val="{span}"/>'
                       f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/><w:keepNext/><w:jc w:val="{row.align}"/>'
                       f"</w:pPr>{_run_xml(run)}</w:p></w:tc></w:tr>")
            continue
        for start, value in zip(starts, row):
            out.append(start)
            out.append(_run_xml(value))
            out.append("</w:p></w:tc>")
        out.append("</w:tr>")
    return [head, Rows("".join(out))]


@functools.lru_cache(maxsize=16)
def _list_head(columns: tuple[Column, ...], header_style: str) -> CT_Tbl:
    """A list's table with its header row and no other (the same for every
    list of these columns: built once)."""
    built = _shell([c.width_mm for c in columns], borders=True)
    _header_row(built, columns, header_style)
    return built._tbl


def _run_xml(value: object) -> str:
    """A cell's run as XML: plain text, or a bold / italic :class:`Run`."""
    if value is None or value == "":
        return ""
    run = value if isinstance(value, Run) else None
    text = _escape(fmt.safe_text(run.text if run else value))
    if run is None and "\n" not in text:  # nearly every cell of a list
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    props = ""
    if run and run.bold is not None:
        props += "<w:b/><w:bCs/>" if run.bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    if run and run.italic is not None:
        props += "<w:i/><w:iCs/>" if run.italic else '<w:i w:val="0"/><w:iCs w:val="0"/>'
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' if line else "" for line in text.split("\n"))
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}</w:r>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
