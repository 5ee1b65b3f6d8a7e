"""Danh sách chi tiền thưởng: who is paid what under a recorded decision of
the ward, in the decision's order (số sổ vàng), with a "Ký nhận" column, the
total in figures and in words, and the preparer, chief accountant and head's
signatures — as a DOCX (NĐ 30/2020 header) and as an xlsx whose STT and
amounts are numbers.

Only awardees with a prize are listed: one who already received a higher
amount for the same achievement (NĐ 152/2025 Điều 49) is told about in a
warning, not paid twice. A proposal to the city has no payment list here
(the city pays its own prizes).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from sqlalchemy.orm import Session

from ...domain import award_order, money
from ...domain import docformat as fmt
from ...domain.text import format_money
from ...errors import UserError
from .. import settings as settings_service
from ..awards import disclosure
from . import common, records, skeleton
from .build import Column, Content, Run, layout_table, para, paras
from .build import table as build_table
from .common import Options
from .ooxml import PORTRAIT
from .selection import chosen_decision
from .styles import new_package
from .template import Block, Field

KIND = "payments"

FIELDS = common.fields(
    [f for f in common.HEADER_FIELDS if f.name != "so_ky_hieu"],
    [Field("danh_sach", "bảng chi tiền thưởng, tổng số tiền bằng số và bằng chữ", block=True),
     Field("nguoi_lap", "họ tên người lập danh sách", required=False),
     Field("ke_toan_truong", "họ tên kế toán trưởng", required=False),
     Field("thu_truong", "họ tên thủ trưởng đơn vị (người ký duyệt chi)")],
    common.EXTRA_FIELDS,
)

# STT, name, where, title, amount, Ký nhận: the portrait text width (165 mm) shared out
COLUMNS = (("STT", 12.0, "center"), ("Họ và tên / Tên tập thể", 40.0, "left"),
           ("Chức vụ, đơn vị / Địa chỉ", 36.0, "left"), ("Danh hiệu, hình thức", 26.0, "left"),
           ("Số tiền (đồng)", 30.0, "right"), ("Ký nhận", 21.0, "center"))
SIGNERS = ("NGƯỜI LẬP", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ")


@dataclass(frozen=True)
class PaymentRow:
    seq: int  # the awardee's number in the decision (số sổ vàng)
    name: str
    where: str
    title: str
    amount: int


@dataclass(frozen=True)
class PaymentList:
    decision_id: int
    decision_number: str
    signed_on: dt.date
    attached_to: str  # "Quyết định số 125/QĐ-UBND ngày 10/12/2026 của Chủ tịch …"
    rows: list[PaymentRow]
    unpaid: list[str]  # awardees of the decision without a prize, and why
    place_date: str
    authority: tuple[str, str]  # the issuer's two header lines
    signer_names: tuple[str, str, str]  # preparer, chief accountant, head
    disclosure: list[str]  # a decision signed before the public comment period ended, …

    @property
    def total(self) -> int:
        return money.total(r.amount for r in self.rows)

    @property
    def total_text(self) -> str:
        return f"Tổng số tiền thưởng: {format_money(self.total)} đồng."

    @property
    def words_text(self) -> str:
        return f"Bằng chữ: {money.amount_in_words(self.total)}."


def payment_list(session: Session, options: Options) -> PaymentList:
    """The payment list of the decision chosen (``options.decision_id``, else
    the ward's latest recorded decision)."""
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    decision = chosen_decision(session, campaign, options)
    if decision is None:
        raise UserError("Chưa có quyết định khen thưởng nào của phường được ghi nhận, nên chưa có danh sách chi "
                        "tiền thưởng. Ghi nhận quyết định ở trang Khen thưởng trước.")
    if decision.city:
        raise UserError(f"{decision.label()} là văn bản đề nghị thành phố: tiền thưởng do thành phố chi, "
                        "phường không lập danh sách chi.")
    awarded = award_order.numbered(r for r in records.decision_rows(session, campaign, decision.id) if r.active)
    rows, unpaid = [], []
    for stt, r in enumerate(awarded, start=1):
        if r.prize:
            rows.append(PaymentRow(r.seq or stt, r.name, r.where or r.group, r.title_name, r.prize))
        else:
            unpaid.append(f"{r.name} ({r.title_name})")
    names = (str(settings_service.get(session, "documents.payment_preparer")),
             str(settings_service.get(session, "documents.chief_accountant")),
             decision.signer_name or who.chair.name)
    attached = f"Quyết định số {decision.number} ngày {fmt.short_date(decision.signed_on)} của {who.chairman_of}"
    return PaymentList(decision.id, decision.number, decision.signed_on, attached, rows, unpaid,
                       fmt.place_date(who.place, options.date, campaign.year), tuple((who.lines + [""])[:2]), names,
                       disclosure.decision_warnings(session, decision.id))


def warnings_of(plist: PaymentList) -> list[str]:
    out = []
    if not plist.rows:
        out.append(f"Quyết định số {plist.decision_number} không có khoản tiền thưởng nào để chi.")
    if plist.unpaid:
        out.append(f"{len(plist.unpaid)} người, tập thể trong quyết định không có tiền thưởng nên không có tên "
                   "trong danh sách chi (đã nhận mức cao hơn cho cùng thành tích, hoặc hình thức không kèm tiền): "
                   + "; ".join(plist.unpaid[:5]) + ("; …" if len(plist.unpaid) > 5 else "") + ".")
    missing = [what for what, name in zip(("người lập", "kế toán trưởng"), plist.signer_names) if not name]
    if missing:
        out.append(f"Chưa có họ tên {' và '.join(missing)} trong thiết lập của phường: để trống chỗ đó để ghi tay.")
    return out + plist.disclosure


# --- DOCX --------------------------------------------------------------------------------------


def template(session: Session, options: Options):
    body = (
        skeleton.header(number=False)
        + skeleton.title("DANH SÁCH")
        + para("{{danh_sach}}", "ND30Body")
        + para([], "ND30Body", keep_next=True)
        + signatures()
    )
    return new_package(body, PORTRAIT, title="Danh sách chi tiền thưởng", author="")


def signatures() -> Content:
    """NGƯỜI LẬP | KẾ TOÁN TRƯỞNG | THỦ TRƯỞNG ĐƠN VỊ, each over its name, side
    by side (the layout of a payment voucher)."""
    third = PORTRAIT.text_width_mm / 3
    names = ("{{nguoi_lap}}", "{{ke_toan_truong}}", "{{thu_truong}}")
    cells = [para(title, "ND30SignAuthority") + para(name, "ND30SignName") for title, name in zip(SIGNERS, names)]
    return layout_table([third] * 3, cells)


def table(plist: PaymentList) -> Content:
    columns = [Column(h, w, a) for h, w, a in COLUMNS]
    rows: list[list[object]] = [[str(r.seq), r.name, r.where, r.title, format_money(r.amount), ""]
                                for r in plist.rows]
    rows.append(["", Run("Tổng cộng", bold=True), "", "", Run(format_money(plist.total), bold=True), ""])
    built = build_table(columns, rows)  # a decision's tens of rows: the cell API is quick enough
    last_paid = built[0].tr_lst[-2]
    for p in last_paid.iter(qn("w:p")):  # the total row never opens a page alone
        Paragraph(p, None).paragraph_format.keep_with_next = True
    return (built
            + paras([plist.total_text, plist.words_text], "ND30Body", keep_next=True))


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    plist = payment_list(session, options)
    summary = f"Chi tiền thưởng kèm theo {plist.attached_to}"
    values = common.header_values(who, campaign, options, "", summary)
    values["danh_sach"] = Block(table(plist))
    values["nguoi_lap"], values["ke_toan_truong"], values["thu_truong"] = plist.signer_names
    return common.Filled(values, campaign, "", options.date, warnings_of(plist),
                         title=f"Danh sách chi tiền thưởng theo Quyết định số {plist.decision_number}")


# --- xlsx --------------------------------------------------------------------------------------


def xlsx_bytes(plist: PaymentList) -> bytes:
    """The same list as an xlsx printing on A4 landscape (as the ward's other
    lists in Excel: the columns read without wrapping) with the NĐ 30 header:
    STT and amounts are numbers (the total too), the header row repeats on
    every page, the signatures stay with the total."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from ..xlsx import files as excel, printable as excel_print

    wb = excel_print.new_workbook()
    ws = wb.active
    ws.title = "Chi tiền thưởng"
    n = len(COLUMNS)
    for i, width in enumerate(excel_print.fit_widths([w for _, w, _ in COLUMNS]), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    layout = excel_print.header_layout(excel_print.columns_pt(ws, n), plist.authority[1])
    row = excel_print.national_header(ws, layout, plist.authority, plist.place_date) + 1
    excel_print.merged(ws, row, (1, n), "DANH SÁCH", bold=True, size=14)
    excel_print.merged(ws, row + 1, (1, n), f"Chi tiền thưởng kèm theo {plist.attached_to}", bold=True, size=13)
    row += 3
    header_row = row
    for i, (text, _, _) in enumerate(COLUMNS, start=1):
        c = ws.cell(row=row, column=i, value=text)
        c.font = Font(name=excel_print.FONT, size=12, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
    body = [[r.seq, r.name, r.where, r.title, r.amount, ""] for r in plist.rows]
    body.append(["", "Tổng cộng", "", "", plist.total, ""])
    for values in body:
        row += 1
        bold = values is body[-1]  # the total
        for i, ((_, _, align), value) in enumerate(zip(COLUMNS, values), start=1):
            c = ws.cell(row=row, column=i, value=value)
            excel.make_inert(c)
            if isinstance(value, int):
                c.number_format = excel_print.PLAIN if i == 1 else excel_print.INTEGER
            c.font = Font(name=excel_print.FONT, size=12, bold=bold)
            c.alignment = Alignment(horizontal=align, vertical="top", wrap_text=True)
            c.border = box
    last_data = row
    for line in (plist.total_text, plist.words_text):
        row += 1
        excel_print.merged(ws, row, (1, n), line, align="left")
    row += 2
    thirds = ((1, 2), (3, 4), (5, 6))
    for columns, title, name in zip(thirds, SIGNERS, plist.signer_names):
        excel_print.merged(ws, row, columns, title, bold=True, size=13)
        excel_print.merged(ws, row + 5, columns, name, bold=True, size=13)
    excel_print.fit_heights(ws)
    excel_print.setup_page(ws, (header_row, header_row), landscape=True)
    excel_print.break_pages(ws, (header_row, header_row), set(range(last_data - 1, ws.max_row)))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return excel_print.add_rules(excel.workbook_bytes(wb), excel_print.columns_pt(ws, n), layout.rules)
