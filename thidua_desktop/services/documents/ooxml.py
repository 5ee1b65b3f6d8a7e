"""WordprocessingML python-docx has no API for: the units of page geometry,
the page setups, and anchored text boxes and lines placed on the page in mm
(the certificates). The rest of the document is python-docx's (see
``styles`` and ``build``).

Every piece of text passes through :func:`~thidua_desktop.domain.docformat.safe_text`,
so the files open in Word and LibreOffice without a repair prompt.
"""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from lxml import etree

from ...domain import docformat as fmt
from .build import Content

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


# --- escaping ----------------------------------------------------------------

def esc_attr(text: object) -> str:
    clean_text = fmt.safe_text(text)
    return clean_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
        .replace("\n", " ")


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


# --- drawings: text boxes and lines placed on the page in mm -----------------------

class DrawingIds:
    """``wp:docPr`` ids must be unique in a document."""

    def __init__(self, start: int = 1):
        self.next = start

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def _anchor(ids: DrawingIds, x_mm: float, y_mm: float, w_mm: float, h_mm: float, name: str,
            graphic: str) -> etree._Element:
    n = ids.take()
    return parse_xml(
        f'<w:r {NS_DECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
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


def text_box(ids: DrawingIds, x_mm: float, y_mm: float, w_mm: float, h_mm: float, paragraphs: Content,
             name: str = "Ô chữ", outline: bool = False) -> etree._Element:
    """A text box whose top-left corner is ``x_mm``, ``y_mm`` from the paper's
    top-left corner; no inner margins, so the text starts exactly there."""
    border = ('<a:ln w="6350"><a:solidFill><a:srgbClr val="7F7F7F"/></a:solidFill><a:prstDash val="dash"/></a:ln>'
            if outline else "<a:ln><a:noFill/></a:ln>")
    graphic = (
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu(w_mm)}" cy="{emu(h_mm)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>{border}</wps:spPr>'
        "<wps:txbx><w:txbxContent/></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp>"
    )
    run = _anchor(ids, x_mm, y_mm, w_mm, h_mm, name, graphic)
    box = next(run.iter(f"{{{W_NS}}}txbxContent"))
    box.extend(paragraphs or [parse_xml(f"<w:p {NS_DECL}/>")])
    return run


def line(ids: DrawingIds, x1_mm: float, y1_mm: float, x2_mm: float, y2_mm: float,
         width_pt: float = 0.5, name: str = "Đường kẻ") -> etree._Element:
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
