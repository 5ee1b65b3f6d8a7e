"""The parts every administrative document shares, laid out as the decree
shows them (NĐ 30/2020, Phụ lục I, mục IV), with fields where the data goes.

- the header: a table without borders; left the issuing body (with its short
  rule) over ``Số: …``; right the national title and motto (with its rule as
  long as the motto) over the place and date, on the same line as ``Số``;
- the document type and summary with its short rule;
- the signature: ``Nơi nhận`` on the left level with the signer's authority.
"""
from __future__ import annotations

from ...domain import docformat as fmt
from .build import CELL_MARGIN_MM, Content, layout_table, para
from .ooxml import PORTRAIT, PageSetup

ISSUER_WIDTH_MM = 64.0  # left column of the header; the rest holds the national title


def header_widths(page: PageSetup = PORTRAIT) -> tuple[float, float]:
    """Column widths (mm) of the header table: the right one fits the national
    title on one line, the left one the rest."""
    needed = fmt.text_width_pt(fmt.NATIONAL_TITLE, fmt.SIZE_NATIONAL_TITLE, bold=True) * 25.4 / 72
    right = needed + 2 * CELL_MARGIN_MM + 3.0
    left = page.text_width_mm - right
    return left, right


def issuer_width_pt(page: PageSetup = PORTRAIT) -> float:
    return (header_widths(page)[0] - 2 * CELL_MARGIN_MM - 1.0) * 72 / 25.4


def header(with_parent: bool = False, page: PageSetup = PORTRAIT, number: bool = True) -> Content:
    """The header table. ``with_parent``: an upright line for the body the
    issuer belongs to (``UBND PHƯỜNG …`` over ``HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG``)."""
    left, right = header_widths(page)
    issuer = []
    if with_parent:
        issuer += para("{{co_quan_chu_quan}}", "ND30HeaderParent")
    issuer += para("{{co_quan_ban_hanh}}", "ND30HeaderIssuer") + para([], "ND30RuleShort")
    nation = (para(fmt.NATIONAL_TITLE, "ND30NationalTitle") + para(fmt.MOTTO, "ND30Motto")
              + para([], "ND30RuleFull"))
    number_line = para("Số: {{so_ky_hieu}}" if number else [], "ND30HeaderNumber")
    date_line = para("{{dia_danh_ngay}}", "ND30PlaceDate")
    return layout_table([left, right], [issuer, nation, number_line, date_line], rows=2)


def title(type_text: str, summary: str = "{{trich_yeu}}") -> Content:
    """Tên loại (upper case, bold) and trích yếu (bold) with its short rule."""
    return para(type_text, "ND30Type") + para(summary, "ND30Summary") + para([], "ND30RuleShort")


def signature(recipients: bool = True, page: PageSetup = PORTRAIT) -> Content:
    """Nơi nhận (left) and the signature (right), side by side."""
    left = page.text_width_mm * 0.45
    right = page.text_width_mm - left
    recipients_list = (para(fmt.RECIPIENTS_LABEL, "ND30RecipientsLabel") + para("{{noi_nhan}}", "ND30Recipients")
                       if recipients else [])
    signer = para("{{quyen_han_ky}}", "ND30SignAuthority") + para("{{nguoi_ky}}", "ND30SignName")
    return layout_table([left, right], [recipients_list, signer])


def two_signatures(left_title: str, left_name: str, right_title: str, right_name: str,
                   page: PageSetup = PORTRAIT) -> Content:
    """THƯ KÝ (left) and CHỦ TỌA (right) at the foot of a biên bản."""
    half = page.text_width_mm / 2
    cells = [para(left_title, "ND30SignAuthority") + para(left_name, "ND30SignName"),
             para(right_title, "ND30SignAuthority") + para(right_name, "ND30SignName")]
    return layout_table([half, half], cells)


def body(text: str) -> Content:
    return para(text, "ND30Body")


def closing(text: str) -> Content:
    """The last paragraph of the text, kept on the page of the signature."""
    return para(text, "ND30Body", keep_next=True) + para([], "ND30Body", keep_next=True)


def heading(text: str, level: int = 1) -> Content:
    return para(text, f"ND30Heading{level}")
