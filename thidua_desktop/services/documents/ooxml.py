"""WordprocessingML written directly, for what python-docx builds too slowly
or not at all: the generated paragraphs and tables of the lists and reports,
and anchored text boxes placed on the page in mm. The document around them
(package, styles, sections, headers) is python-docx's (see ``styles``).

Everything is built as XML text and parsed once with lxml into python-docx's
tree: a table of a thousand rows is one string, not fifty thousand python-docx
calls. Child
elements are always written in the order the schema requires, and every piece
of text passes through :func:`~thidua_desktop.domain.docformat.safe_text`, so
the files open in Word and LibreOffice without a repair prompt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from lxml import etree

from ...domain import docformat as fmt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"

NSMAP = {"w": W_NS, "r": R_NS, "wp": WP_NS, "a": A_NS, "wps": WPS_NS, "mc": MC_NS, "w14": W14_NS}
NS_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NSMAP.items())


def w(tag: str) -> str:
    """Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


# --- units -------------------------------------------------------------------

def twips(mm: float) -> int:
    """Millimetres to twentieths of a point (the unit of page geometry)."""
    return int(round(mm * 1440 / 25.4))


def emu(mm: float) -> int:
    """Millimetres to English Metric Units (the unit of drawings)."""
    return int(round(mm * 36000))


def half_points(pt: float) -> int:
    return int(round(pt * 2))


# --- escaping ----------------------------------------------------------------

def esc(text: object) -> str:
    return _escape(fmt.safe_text(text))


def _escape(clean_text: str) -> str:
    return clean_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: object) -> str:
    return esc(text).replace('"', "&quot;").replace("\n", " ")


# --- runs and paragraphs ----------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A stretch of text with one look. ``None`` means "as the style says"."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    underline: bool = False
    color: str | None = None  # "C00000"


def rpr_xml(bold: bool | None = None, italic: bool | None = None, size: float | None = None,
            underline: bool = False, color: str | None = None) -> str:
    parts = []
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic is not None:
        parts.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size is not None:
        hp = half_points(size)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run_xml(run: Run | str) -> str:
    """One ``w:r``; line breaks in the text become ``w:br``."""
    if isinstance(run, str):
        run = Run(run)
    props = rpr_xml(run.bold, run.italic, run.size, run.underline, run.color)
    pieces = fmt.safe_text(run.text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{esc(p)}</w:t>' if p else "" for p in pieces)
    return f"<w:r>{props}{body}</w:r>"


def ppr_xml(style: str | None = None, *, jc: str | None = None, keep_next: bool = False,
            keep_lines: bool = False, page_break_before: bool = False,
            border_top: bool = False, spacing: dict | None = None, ind: dict | None = None) -> str:
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if border_top:
        parts.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    if spacing:
        attrs = " ".join(f'w:{k}="{v}"' for k, v in spacing.items())
        parts.append(f"<w:spacing {attrs}/>")
    if ind:
        attrs = " ".join(f'w:{k}="{v}"' for k, v in ind.items())
        parts.append(f"<w:ind {attrs}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def para(runs: Sequence[Run | str] | Run | str = (), style: str | None = None, **ppr) -> str:
    """One ``w:p`` with its runs."""
    if isinstance(runs, (Run, str)):
        runs = [runs]
    return f"<w:p>{ppr_xml(style, **ppr)}{''.join(run_xml(r) for r in runs if (r.text if isinstance(r, Run) else r))}</w:p>"


def text_paras(text: str, style: str, **ppr) -> str:
    """A paragraph per line of ``text`` (a clerk's narrative)."""
    lines = [line.strip() for line in fmt.safe_text(text).split("\n")]
    return "".join(para(line, style, **ppr) for line in lines if line)


# --- sections -----------------------------------------------------------------

@dataclass(frozen=True)
class PageSetup:
    landscape: bool = False
    top: float = fmt.MARGIN_TOP
    bottom: float = fmt.MARGIN_BOTTOM
    left: float = fmt.MARGIN_LEFT
    right: float = fmt.MARGIN_RIGHT
    header: float = fmt.HEADER_DISTANCE_MM
    footer: float = 10.0

    @property
    def width_mm(self) -> float:
        return fmt.PAGE_A4_MM[1] if self.landscape else fmt.PAGE_A4_MM[0]

    @property
    def height_mm(self) -> float:
        return fmt.PAGE_A4_MM[0] if self.landscape else fmt.PAGE_A4_MM[1]

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left - self.right


PORTRAIT = PageSetup()
# Wide lists: the page turned, with the same margins in reading direction.
LANDSCAPE = PageSetup(landscape=True, top=20.0, bottom=20.0, left=30.0, right=15.0)


# --- tables --------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    header: str
    width_mm: float
    align: str = "left"  # left / center / right / both


@dataclass(frozen=True)
class GroupRow:
    """A row across all columns: a section title (``I. TẬP THỂ``) or a total."""

    text: str
    bold: bool = True
    align: str = "left"


CELL_MARGIN_MM = 1.0


def table_xml(columns: Sequence[Column], rows: Iterable[Sequence[object] | GroupRow], *,
              style: str = "ND30Table", header_style: str = "ND30TableHeader",
              borders: bool = True, repeat_header: bool = True, indent_mm: float = 0.0) -> str:
    """A bordered table with a header row repeated on every page; rows do not
    split across pages. Built as one string (fast for long lists)."""
    widths = [twips(c.width_mm) for c in columns]
    total = sum(widths)
    border = "single" if borders else "nil"
    margin = twips(CELL_MARGIN_MM)
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{total}" w:type="dxa"/>',
        f'<w:tblInd w:w="{twips(indent_mm)}" w:type="dxa"/>' if indent_mm else "",
        "<w:tblBorders>",
        *(f'<w:{side} w:val="{border}" w:sz="4" w:space="0" w:color="000000"/>'
          for side in ("top", "left", "bottom", "right", "insideH", "insideV")),
        '</w:tblBorders><w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    if any(c.header for c in columns):
        out.append(f'<w:tr><w:trPr><w:cantSplit/>{"<w:tblHeader/>" if repeat_header else ""}</w:trPr>')
        for column, width in zip(columns, widths):
            out.append(_cell(column.header, width, header_style, "center", v_center=True))
        out.append("</w:tr>")
    cell_ppr = {a: f'<w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="{a}"/></w:pPr>'
                for a in ("left", "center", "right", "both")}
    starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{cell_ppr[c.align]}'
              for c, width in zip(columns, widths)]
    for row in rows:
        if isinstance(row, GroupRow):  # a heading row stays on the page of the row after it
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            out.append(_cell(row.text, total, style, row.align, span=len(columns), bold=row.bold, keep_next=True))
            out.append("</w:tr>")
            continue
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for start, value in zip(starts, row):
            out.append(start)
            out.append(_runs_for_cell(value))
            out.append("</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _runs_for_cell(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Run):
        return run_xml(value)
    text = fmt.safe_text(value)
    if "\n" not in text:
        return f'<w:r><w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'
    return run_xml(Run(text))


def _cell(text: object, width: int, style: str, align: str, *, span: int = 1, bold: bool = False,
          v_center: bool = False, keep_next: bool = False) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if v_center:
        props.append('<w:vAlign w:val="center"/>')
    run = run_xml(Run(str(text), bold=True)) if bold and text else _runs_for_cell(text)
    return (f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{"<w:keepNext/>" if keep_next else ""}<w:jc w:val="{align}"/>'
            f'</w:pPr>{run}</w:p></w:tc>')


def layout_table_xml(widths_mm: Sequence[float], cells: Sequence[str], *, indent_mm: float = 0.0,
                     rows: int = 1) -> str:
    """A table without borders that places blocks side by side (the header,
    the signature). ``cells`` hold body XML, ``rows`` × columns of them."""
    widths = [twips(x) for x in widths_mm]
    margin = twips(CELL_MARGIN_MM)
    cols = len(widths)
    out = [
        "<w:tbl><w:tblPr>",
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>',
        f'<w:tblInd w:w="{twips(indent_mm)}" w:type="dxa"/>' if indent_mm else "",
        "<w:tblBorders>",
        *(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")),
        '</w:tblBorders><w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{x}"/>' for x in widths),
        "</w:tblGrid>",
    ]
    for r in range(rows):
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for c in range(cols):
            body = cells[r * cols + c] or "<w:p/>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>{body}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# --- drawings: text boxes and lines placed on the page in mm -----------------------

class DrawingIds:
    """``wp:docPr`` ids must be unique in a document."""

    def __init__(self, start: int = 1):
        self.next = start

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def _anchor(ids: DrawingIds, x_mm: float, y_mm: float, w_mm: float, h_mm: float, name: str, graphic: str) -> str:
    n = ids.take()
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{251658240 + n}" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{emu(x_mm)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{emu(y_mm)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{emu(w_mm)}" cy="{emu(h_mm)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{n}" name="{esc_attr(name)} {n}"/>'
        '<wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"{graphic}"
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>'
    )


def text_box_xml(ids: DrawingIds, x_mm: float, y_mm: float, w_mm: float, h_mm: float, paragraphs: str,
                 name: str = "Ô chữ", outline: bool = False) -> str:
    """A text box whose top-left corner is ``x_mm``, ``y_mm`` from the paper's
    top-left corner; no inner margins, so the text starts exactly there."""
    line = ('<a:ln w="6350"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill><a:prstDash val="dash"/></a:ln>'
            if outline else "<a:ln><a:noFill/></a:ln>")
    graphic = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu(w_mm)}" cy="{emu(h_mm)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>{line}</wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paragraphs or '<w:p/>'}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp>"
    )
    return _anchor(ids, x_mm, y_mm, w_mm, h_mm, name, graphic)


def line_xml(ids: DrawingIds, x1_mm: float, y1_mm: float, x2_mm: float, y2_mm: float,
             width_pt: float = 0.5, name: str = "Đường kẻ") -> str:
    """A straight line between two points given in mm from the paper's corner."""
    x, y = min(x1_mm, x2_mm), min(y1_mm, y2_mm)
    w_mm, h_mm = abs(x2_mm - x1_mm), abs(y2_mm - y1_mm)
    flip = ' flipV="1"' if (x2_mm - x1_mm) * (y2_mm - y1_mm) < 0 else ""
    graphic = (
        '<wps:wsp><wps:cNvCnPr/>'
        f'<wps:spPr><a:xfrm{flip}><a:off x="0" y="0"/><a:ext cx="{emu(w_mm)}" cy="{emu(h_mm)}"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{int(width_pt * 12700)}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
        "<wps:bodyPr/></wps:wsp>"
    )
    return _anchor(ids, x, y, w_mm, h_mm, name, graphic)


# --- parsing fragments ------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=True)


def fragment(xml: str) -> list[etree._Element]:
    """Body-level XML (paragraphs, tables) as elements."""
    root = etree.fromstring(f"<w:body {NS_DECL}>{xml}</w:body>".encode("utf-8"), _PARSER)
    return list(root)
