"""The look of every document: named paragraph styles carrying the decree's
fonts, sizes, indents and spacing, and a new blank package that uses them.

Generated paragraphs refer to these styles by id, so a clerk who edits a style
in an exported template (say, body text at 13 pt) changes every generated
paragraph of that kind. A clerk's template that lacks one of them gets the
built-in definition added.
"""
from __future__ import annotations

import copy

from lxml import etree

from ...domain import docformat as fmt
from .ooxml import NS_DECL, Package, PageSetup, W_NS, core_properties_xml, parse_part, sect_xml, twips, w

BODY_INDENT = twips(fmt.FIRST_LINE_INDENT_CM * 10)
LINE = int(round(240 * fmt.LINE_SPACING))
GAP = int(fmt.PARAGRAPH_SPACING_PT * 20)
SIGNATURE_SPACE_PT = 72.0  # room for the signature and the seal above the name


def _hp(pt: float) -> int:
    return int(round(pt * 2))


# id: (name, based on, pPr xml, rPr xml)
_STYLES: dict[str, tuple[str, str | None, str, str]] = {
    "ND30Body": ("NĐ30 Nội dung", None,
                 f'<w:spacing w:before="{GAP}" w:after="0" w:line="{LINE}" w:lineRule="auto"/>'
                 f'<w:ind w:firstLine="{BODY_INDENT}"/><w:jc w:val="both"/>', ""),
    "ND30Heading1": ("NĐ30 Mục I", "ND30Body", "<w:keepNext/>", "<w:b/><w:bCs/>"),
    "ND30Heading2": ("NĐ30 Mục 1", "ND30Body", "<w:keepNext/>", "<w:b/><w:bCs/>"),
    "ND30Heading3": ("NĐ30 Mục a", "ND30Body", "<w:keepNext/>", "<w:b/><w:bCs/><w:i/><w:iCs/>"),
    "ND30Basis": ("NĐ30 Căn cứ", "ND30Body", "", "<w:i/><w:iCs/>"),
    "ND30Center": ("NĐ30 Giữa trang", "ND30Body", '<w:keepNext/><w:ind w:firstLine="0"/><w:jc w:val="center"/>', ""),
    "ND30Type": ("NĐ30 Tên loại", None,
                 '<w:keepNext/><w:spacing w:before="360" w:after="0"/><w:jc w:val="center"/>',
                 f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_TYPE)}"/><w:szCs w:val="{_hp(fmt.SIZE_TYPE)}"/>'),
    "ND30Summary": ("NĐ30 Trích yếu", None, '<w:keepNext/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
                    f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_SUMMARY)}"/><w:szCs w:val="{_hp(fmt.SIZE_SUMMARY)}"/>'),
    "ND30RuleShort": ("NĐ30 Gạch dưới ngắn", None,
                      '<w:keepNext/><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
                      '<w:spacing w:before="70" w:after="0" w:line="120" w:lineRule="exact"/><w:jc w:val="center"/>',
                      '<w:sz w:val="4"/><w:szCs w:val="4"/>'),
    "ND30RuleFull": ("NĐ30 Gạch dưới bằng dòng chữ", "ND30RuleShort", "", ""),
    "ND30Addressee": ("NĐ30 Kính gửi", None,
                      f'<w:spacing w:before="{GAP}" w:after="{GAP}"/><w:jc w:val="center"/>', ""),
    "ND30AddresseeList": ("NĐ30 Kính gửi nhiều nơi", None,
                          '<w:spacing w:before="0" w:after="0"/><w:ind w:left="2835"/>', ""),
    "ND30HeaderParent": ("NĐ30 Cơ quan chủ quản", None, '<w:jc w:val="center"/>',
                         f'<w:sz w:val="{_hp(fmt.SIZE_ISSUER)}"/><w:szCs w:val="{_hp(fmt.SIZE_ISSUER)}"/>'),
    "ND30HeaderIssuer": ("NĐ30 Cơ quan ban hành", None, '<w:jc w:val="center"/>',
                         f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_ISSUER)}"/><w:szCs w:val="{_hp(fmt.SIZE_ISSUER)}"/>'),
    "ND30HeaderNumber": ("NĐ30 Số, ký hiệu", None, '<w:spacing w:before="60" w:after="0"/><w:jc w:val="center"/>',
                         f'<w:sz w:val="{_hp(fmt.SIZE_NUMBER)}"/><w:szCs w:val="{_hp(fmt.SIZE_NUMBER)}"/>'),
    "ND30NationalTitle": ("NĐ30 Quốc hiệu", None, '<w:jc w:val="center"/>',
                          f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_NATIONAL_TITLE)}"/>'
                          f'<w:szCs w:val="{_hp(fmt.SIZE_NATIONAL_TITLE)}"/>'),
    "ND30Motto": ("NĐ30 Tiêu ngữ", None, '<w:jc w:val="center"/>',
                  f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_MOTTO)}"/><w:szCs w:val="{_hp(fmt.SIZE_MOTTO)}"/>'),
    "ND30PlaceDate": ("NĐ30 Địa danh, ngày tháng", None, '<w:spacing w:before="60" w:after="0"/><w:jc w:val="center"/>',
                      f'<w:i/><w:iCs/><w:sz w:val="{_hp(fmt.SIZE_PLACE_DATE)}"/><w:szCs w:val="{_hp(fmt.SIZE_PLACE_DATE)}"/>'),
    "ND30RecipientsLabel": ("NĐ30 Nơi nhận", None, '<w:keepNext/><w:spacing w:before="0" w:after="0"/>',
                            f'<w:b/><w:bCs/><w:i/><w:iCs/><w:sz w:val="{_hp(fmt.SIZE_RECIPIENTS_LABEL)}"/>'
                            f'<w:szCs w:val="{_hp(fmt.SIZE_RECIPIENTS_LABEL)}"/>'),
    "ND30Recipients": ("NĐ30 Danh sách nơi nhận", None, '<w:spacing w:before="0" w:after="0"/>',
                       f'<w:sz w:val="{_hp(fmt.SIZE_RECIPIENTS)}"/><w:szCs w:val="{_hp(fmt.SIZE_RECIPIENTS)}"/>'),
    "ND30SignAuthority": ("NĐ30 Quyền hạn, chức vụ người ký", None,
                          '<w:keepNext/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
                          f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_SIGNATURE)}"/><w:szCs w:val="{_hp(fmt.SIZE_SIGNATURE)}"/>'),
    "ND30SignName": ("NĐ30 Họ tên người ký", None,
                     f'<w:spacing w:before="{int(SIGNATURE_SPACE_PT * 20)}" w:after="0"/><w:jc w:val="center"/>',
                     f'<w:b/><w:bCs/><w:sz w:val="{_hp(fmt.SIZE_SIGNATURE)}"/><w:szCs w:val="{_hp(fmt.SIZE_SIGNATURE)}"/>'),
    "ND30Table": ("NĐ30 Chữ trong bảng", None, '<w:spacing w:before="30" w:after="30"/>',
                  f'<w:sz w:val="{_hp(fmt.SIZE_TABLE)}"/><w:szCs w:val="{_hp(fmt.SIZE_TABLE)}"/>'),
    "ND30TableHeader": ("NĐ30 Tiêu đề bảng", "ND30Table", '<w:keepNext/><w:jc w:val="center"/>', "<w:b/><w:bCs/>"),
    "ND30TableSmall": ("NĐ30 Chữ trong bảng rộng", None, '<w:spacing w:before="20" w:after="20"/>',
                       f'<w:sz w:val="{_hp(fmt.SIZE_TABLE_SMALL)}"/><w:szCs w:val="{_hp(fmt.SIZE_TABLE_SMALL)}"/>'),
    "ND30TableSmallHeader": ("NĐ30 Tiêu đề bảng rộng", "ND30TableSmall", '<w:keepNext/><w:jc w:val="center"/>',
                             "<w:b/><w:bCs/>"),
    "ND30AnnexTitle": ("NĐ30 Tên phụ lục", None, '<w:keepNext/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
                       "<w:b/><w:bCs/>"),
    "ND30AnnexNote": ("NĐ30 Kèm theo", None, '<w:keepNext/><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/>',
                      "<w:i/><w:iCs/>"),
    "ND30Note": ("NĐ30 Ghi chú dưới bảng", None, f'<w:spacing w:before="{GAP}" w:after="0"/><w:jc w:val="both"/>',
                 f'<w:i/><w:iCs/><w:sz w:val="{_hp(fmt.SIZE_TABLE_SMALL)}"/><w:szCs w:val="{_hp(fmt.SIZE_TABLE_SMALL)}"/>'),
    "Header": ("header", None, '<w:jc w:val="center"/>',
               f'<w:sz w:val="{_hp(fmt.SIZE_PAGE_NUMBER)}"/><w:szCs w:val="{_hp(fmt.SIZE_PAGE_NUMBER)}"/>'),
}

STYLE_IDS = tuple(_STYLES)
FONTS = f'<w:rFonts w:ascii="{fmt.FONT}" w:hAnsi="{fmt.FONT}" w:eastAsia="{fmt.FONT}" w:cs="{fmt.FONT}"/>'


def _style_xml(style_id: str) -> str:
    name, based, ppr, rpr = _STYLES[style_id]
    based_xml = f'<w:basedOn w:val="{based or "Normal"}"/>'
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{based_xml}<w:qFormat/>{ppr_xml}<w:rPr>{FONTS}{rpr}</w:rPr></w:style>')


def styles_xml(body_size: float = fmt.SIZE_BODY) -> bytes:
    hp = _hp(body_size)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS_DECL}>'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{FONTS}"
        f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:rPr>{FONTS}<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        + "".join(_style_xml(s) for s in _STYLES)
        + "</w:styles>"
    ).encode("utf-8")


def ensure_styles(package: Package) -> None:
    """Add the built-in definition of any of our styles a template lacks."""
    rels = package.related(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles")
    if not rels:
        return
    name = next(iter(rels.values()))
    if name not in package.parts:
        return
    root = package.xml(name)
    have = {s.get(w("styleId")) for s in root.iter(w("style"))}
    defaults = parse_part(styles_xml())
    for style in defaults.iter(w("style")):
        if style.get(w("styleId")) not in have:
            root.append(copy.deepcopy(style))


_SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {NS_DECL}>'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
    "</w:compat><w:themeFontLang w:val=\"vi-VN\"/><w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/>"
    "</w:settings>"
).encode("utf-8")

_FONT_TABLE = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts {NS_DECL}>'
    f'<w:font w:name="{fmt.FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
).encode("utf-8")

_PAGE_NUMBER_HEADER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS_DECL}>'
    '<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p></w:hdr>"
).encode("utf-8")

_EMPTY_HEADER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS_DECL}>'
    '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
).encode("utf-8")

HEADERS = {"default": "rIdHdrPage", "first": "rIdHdrFirst"}


def new_package(body_xml: str, page: PageSetup, *, title: str, author: str,
                page_numbers: bool = True, body_size: float = fmt.SIZE_BODY) -> Package:
    """A complete .docx: our styles, the page number in the top margin from
    page 2 (a different first page), and ``body_xml`` as the body."""
    sect = sect_xml(page, title_page=page_numbers, headers=HEADERS if page_numbers else None)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document {NS_DECL} mc:Ignorable="w14"><w:body>{body_xml}{sect}</w:body></w:document>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'  # noqa: E501
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'  # noqa: E501
        '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'  # noqa: E501
        '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'  # noqa: E501
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'  # noqa: E501
        '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'  # noqa: E501
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'  # noqa: E501
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'  # noqa: E501
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'  # noqa: E501
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'  # noqa: E501
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'  # noqa: E501
        "</Relationships>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdStyles" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdSettings" Type="{rel}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rIdFonts" Type="{rel}/fontTable" Target="fontTable.xml"/>'
        f'<Relationship Id="rIdHdrPage" Type="{rel}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdHdrFirst" Type="{rel}/header" Target="header2.xml"/>'
        "</Relationships>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Thi đua – Khen thưởng</Application></Properties>"
    )
    parts = {
        "[Content_Types].xml": content_types.encode("utf-8"),
        "_rels/.rels": root_rels.encode("utf-8"),
        "docProps/core.xml": core_properties_xml(title, author),
        "docProps/app.xml": app.encode("utf-8"),
        "word/document.xml": document.encode("utf-8"),
        "word/_rels/document.xml.rels": doc_rels.encode("utf-8"),
        "word/styles.xml": styles_xml(body_size),
        "word/settings.xml": _SETTINGS,
        "word/fontTable.xml": _FONT_TABLE,
        "word/header1.xml": _PAGE_NUMBER_HEADER,
        "word/header2.xml": _EMPTY_HEADER,
    }
    return Package(parts)


def body_of(package: Package) -> etree._Element:
    return package.xml(package.main_part()).find(w("body"))


__all__ = ["STYLE_IDS", "new_package", "styles_xml", "ensure_styles", "body_of", "W_NS"]
