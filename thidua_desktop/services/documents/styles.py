"""The look of every document, built with python-docx: named paragraph
styles carrying the decree's fonts, sizes, indents and spacing, the A4 page
with its margins, and the page number in the top margin from page 2.

Generated paragraphs refer to these styles by id, so a clerk who edits a style
in an exported template (say, body text at 13 pt) changes every generated
paragraph of that kind. A clerk's template that lacks one of them gets the
built-in definition added.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import io
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from ...domain import docformat as fmt
from .build import Content
from .ooxml import PageSetup, twips, w
from .package import to_bytes

GAP = Pt(fmt.PARAGRAPH_SPACING_PT)
SIGNATURE_SPACE_PT = 72.0  # room for the signature and the seal above the name
CENTER, BOTH = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
NONE = Twips(0)


@dataclass(frozen=True)
class Look:
    """A paragraph style as python-docx sets it; ``None`` is "inherited"."""

    name: str
    based: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    keep_next: bool | None = None
    before: Twips | None = None
    after: Twips | None = None
    line: float | Twips | None = None  # a multiple, or an exact height
    first_indent: Twips | None = None
    left_indent: Twips | None = None
    rule_above: bool = False  # the short rule under the issuer and the summary


_LOOKS: dict[str, Look] = {
    "ND30Body": Look("NĐ30 Nội dung", before=GAP, after=NONE, line=fmt.LINE_SPACING,
                     first_indent=Twips(twips(fmt.FIRST_LINE_INDENT_CM * 10)), align=BOTH),
    "ND30Heading1": Look("NĐ30 Mục I", "ND30Body", keep_next=True, bold=True),
    "ND30Heading2": Look("NĐ30 Mục 1", "ND30Body", keep_next=True, bold=True),
    "ND30Heading3": Look("NĐ30 Mục a", "ND30Body", keep_next=True, bold=True, italic=True),
    "ND30Basis": Look("NĐ30 Căn cứ", "ND30Body", italic=True),
    "ND30Center": Look("NĐ30 Giữa trang", "ND30Body", keep_next=True, first_indent=NONE, align=CENTER),
    "ND30Type": Look("NĐ30 Tên loại", keep_next=True, before=Pt(18), after=NONE, align=CENTER, bold=True,
                     size=fmt.SIZE_TYPE),
    "ND30Summary": Look("NĐ30 Trích yếu", keep_next=True, before=NONE, after=NONE, align=CENTER, bold=True,
                        size=fmt.SIZE_SUMMARY),
    "ND30RuleShort": Look("NĐ30 Gạch dưới ngắn", keep_next=True, before=Twips(70), after=NONE, line=Twips(120),
                          align=CENTER, size=2.0, rule_above=True),
    "ND30RuleFull": Look("NĐ30 Gạch dưới bằng dòng chữ", "ND30RuleShort"),
    "ND30Addressee": Look("NĐ30 Kính gửi", before=GAP, after=GAP, align=CENTER),
    "ND30AddresseeList": Look("NĐ30 Kính gửi nhiều nơi", before=NONE, after=NONE, left_indent=Twips(2835)),
    "ND30HeaderParent": Look("NĐ30 Cơ quan chủ quản", align=CENTER, size=fmt.SIZE_ISSUER),
    "ND30HeaderIssuer": Look("NĐ30 Cơ quan ban hành", align=CENTER, bold=True, size=fmt.SIZE_ISSUER),
    "ND30HeaderNumber": Look("NĐ30 Số, ký hiệu", before=Pt(3), after=NONE, align=CENTER, size=fmt.SIZE_NUMBER),
    "ND30NationalTitle": Look("NĐ30 Quốc hiệu", align=CENTER, bold=True, size=fmt.SIZE_NATIONAL_TITLE),
    "ND30Motto": Look("NĐ30 Tiêu ngữ", align=CENTER, bold=True, size=fmt.SIZE_MOTTO),
    "ND30PlaceDate": Look("NĐ30 Địa danh, ngày tháng", before=Pt(3), after=NONE, align=CENTER, italic=True,
                          size=fmt.SIZE_PLACE_DATE),
    "ND30RecipientsLabel": Look("NĐ30 Nơi nhận", keep_next=True, before=NONE, after=NONE, bold=True, italic=True,
                                size=fmt.SIZE_RECIPIENTS_LABEL),
    "ND30Recipients": Look("NĐ30 Danh sách nơi nhận", before=NONE, after=NONE, size=fmt.SIZE_RECIPIENTS),
    "ND30SignAuthority": Look("NĐ30 Quyền hạn, chức vụ người ký", keep_next=True, before=NONE, after=NONE,
                              align=CENTER, bold=True, size=fmt.SIZE_SIGNATURE),
    "ND30SignName": Look("NĐ30 Họ tên người ký", before=Pt(SIGNATURE_SPACE_PT), after=NONE, align=CENTER,
                         bold=True, size=fmt.SIZE_SIGNATURE),
    "ND30Table": Look("NĐ30 Chữ trong bảng", before=Pt(1.5), after=Pt(1.5), size=fmt.SIZE_TABLE),
    "ND30TableHeader": Look("NĐ30 Tiêu đề bảng", "ND30Table", keep_next=True, align=CENTER, bold=True),
    "ND30TableSmall": Look("NĐ30 Chữ trong bảng rộng", before=Pt(1), after=Pt(1), size=fmt.SIZE_TABLE_SMALL),
    "ND30TableSmallHeader": Look("NĐ30 Tiêu đề bảng rộng", "ND30TableSmall", keep_next=True, align=CENTER,
                                 bold=True),
    "ND30AnnexTitle": Look("NĐ30 Tên phụ lục", keep_next=True, before=NONE, after=NONE, align=CENTER, bold=True),
    "ND30AnnexNote": Look("NĐ30 Kèm theo", keep_next=True, before=NONE, after=NONE, align=CENTER, italic=True),
    "ND30Note": Look("NĐ30 Ghi chú dưới bảng", before=GAP, after=NONE, align=BOTH, italic=True,
                     size=fmt.SIZE_TABLE_SMALL),
    "Header": Look("header", align=CENTER, size=fmt.SIZE_PAGE_NUMBER),
}

STYLE_IDS = tuple(_LOOKS)
# The library's blank document's own styles we keep (the rest would only
# lengthen every file): the defaults every paragraph, run, table and list falls back on.
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def _set_fonts(rpr_owner) -> None:
    """Times New Roman for every script; python-docx names only two of the four."""
    rpr_owner.font.name = fmt.FONT
    fonts = rpr_owner.element.rPr.rFonts
    fonts.set(qn("w:eastAsia"), fmt.FONT)
    fonts.set(qn("w:cs"), fmt.FONT)


def _add_style(document: Document, style_id: str, look: Look) -> None:
    style = document.styles.add_style(look.name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = style_id
    style.base_style = document.styles[_LOOKS[look.based].name] if look.based else document.styles["Normal"]
    style.quick_style = True
    _set_fonts(style)
    font, layout = style.font, style.paragraph_format
    if look.bold is not None:
        font.bold = font.cs_bold = look.bold
    if look.italic is not None:
        font.italic = font.cs_italic = look.italic
    if look.size is not None:
        font.size = Pt(look.size)
    if look.keep_next is not None:
        layout.keep_with_next = look.keep_next
    if look.before is not None:
        layout.space_before = look.before
    if look.after is not None:
        layout.space_after = look.after
    if isinstance(look.line, Twips):
        layout.line_spacing, layout.line_spacing_rule = look.line, WD_LINE_SPACING.EXACTLY
    elif look.line is not None:
        layout.line_spacing = look.line
    if look.left_indent is not None:
        layout.left_indent = look.left_indent
    if look.first_indent is not None:
        layout.first_line_indent = look.first_indent
    if look.align is not None:
        layout.alignment = look.align
    if look.rule_above:  # python-docx has no paragraph borders
        ppr = style.element.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        border.append(OxmlElement("w:top", {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1",
                                            qn("w:color"): "000000"}))
        ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                                  "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:jc")


def _defaults(document: Document) -> None:
    """Times New Roman 14 pt, Vietnamese, single spacing for whatever names no
    style (python-docx has no API for the document defaults)."""
    root = document.styles.element
    old = root.find(qn("w:docDefaults"))
    new = parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{fmt.FONT}" w:hAnsi="{fmt.FONT}" w:eastAsia="{fmt.FONT}" w:cs="{fmt.FONT}"/>'
        f'<w:sz w:val="{int(fmt.SIZE_BODY * 2)}"/><w:szCs w:val="{int(fmt.SIZE_BODY * 2)}"/>'
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>")
    root.replace(old, new)


def _styles(document: Document) -> None:
    root = document.styles.element
    for child in list(root):
        if child.tag == qn("w:latentStyles") or (
                child.tag == qn("w:style") and child.get(qn("w:styleId")) not in _KEPT_STYLES):
            root.remove(child)
    _defaults(document)
    normal = document.styles["Normal"]
    _set_fonts(normal)
    normal.font.size = Pt(fmt.SIZE_BODY)
    for style_id, look in _LOOKS.items():
        _add_style(document, style_id, look)


def _trim(document: Document) -> None:
    """Leave out the parts of python-docx's blank document a generated paper
    does not need: the Word 2010 copy of the styles, the sample's custom XML,
    its thumbnail, its "Microsoft Macintosh Word" properties, an empty list
    numbering, web settings and the Office theme (every style names its font)."""
    for rels in (document.part.rels, document.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "thumbnail",
                                                 "extended-properties", "numbering", "webSettings", "theme"):
                rels.pop(r_id)
    settings = document.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for node in settings.findall(qn(tag)):
            settings.remove(node)
    mode = settings.find(f"{qn('w:compat')}/{qn('w:compatSetting')}[@{qn('w:name')}='compatibilityMode']")
    mode.set(qn("w:val"), "15")  # Word 2013+ layout, as the templates were tuned with
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "vi-VN")
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")
    document.element.body.sectPr.attrib.clear()  # the sample's revision ids


@functools.cache
def _blank(page: PageSetup = PageSetup(), page_numbers: bool = False) -> bytes:
    """python-docx's blank document with our styles and this page (built once
    per run and kind of page: opening the saved copy is much faster)."""
    document = docx.Document()
    _trim(document)
    _styles(document)
    _page(document, page, page_numbers)
    return to_bytes(document)


def _page(document: Document, page: PageSetup, page_numbers: bool) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance, section.footer_distance = Mm(page.header), Mm(page.footer)
    if not page_numbers:
        return
    section.different_first_page_header_footer = True  # page 1 carries no number
    number = section.header.paragraphs[0]
    number.style = document.styles["header"]
    number.alignment = CENTER
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        _field_run(number.add_run(), kind, text)
    section.first_page_header.paragraphs[0].style = document.styles["header"]


def _field_run(run, kind: str, text: str | None) -> None:
    """A piece of the ``PAGE`` field (python-docx has no fields)."""
    if kind == "text":
        run.text = text
    elif kind == "instr":
        instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        instr.text = text
        run.element.append(instr)
    else:
        run.element.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


def new_package(body: Content, page: PageSetup, *, title: str, author: str, page_numbers: bool = True) -> Document:
    """A new document: our styles, the page set up, the page number in the top
    margin from page 2 (a different first page), and ``body`` (paragraphs and
    tables from ``build``) as its body."""
    document = docx.Document(io.BytesIO(_blank(page, page_numbers)))
    properties = document.core_properties  # python-docx's blank says 2013 and "generated by python-docx"
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.language, properties.comments = "vi-VN", ""
    properties.created = properties.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    end = document.element.body.sectPr
    for element in body:
        end.addprevious(element)
    return document


def ensure_styles(document: Document) -> None:
    """Add the built-in definition of any of our styles a template lacks."""
    root = document.styles.element
    have = {s.get(w("styleId")) for s in root.iter(w("style"))}
    if have.issuperset(STYLE_IDS):
        return
    for style in docx.Document(io.BytesIO(_blank())).styles.element.iter(w("style")):
        if style.get(w("styleId")) not in have:
            root.append(copy.deepcopy(style))


__all__ = ["STYLE_IDS", "new_package", "ensure_styles"]
