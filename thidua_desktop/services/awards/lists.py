"""The printed lists: Danh sách đề nghị khen thưởng / Danh sách được khen thưởng.

This module builds the lists as data — sections "I. Tập thể", "II. Cá nhân",
"III. Hộ gia đình", within a section a heading per danh hiệu / hình thức when
the list covers several, rows grouped by unit, the columns, the heading lines
and the totals — and writes them to xlsx. ``thidua_desktop.printing.award_lists``
renders the same data to paper and PDF, ``services.documents`` to DOCX.

The order is ``domain.award_order``'s, the one that numbers decisions: a
recorded decision's list follows its numbers (số sổ vàng), a proposal list the
same rule; ``_build`` keeps the order it is given.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ...domain import award_order, money
from ...domain import council as council_rules
from ...domain.awards import LIST_STAGES as STAGES
from ...domain.docformat import count_text, place_date
from ...domain.text import format_date, format_money, format_number
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import Campaign
from . import catalogue as awards, council, decisions, nominations
from .. import plan

SECTIONS = award_order.SECTIONS


@dataclass(frozen=True)
class ListColumn:
    key: str
    header: str
    width: float  # relative width (the PDF shares the page by these; xlsx uses them as characters)
    align: str = "left"  # left / center / right


@dataclass
class ListRow:
    stt: int
    values: dict[str, str]
    numbers: dict[str, int] = field(default_factory=dict)  # the same cells as numbers, for Excel


@dataclass
class ListGroup:
    name: str  # "" when the section is not grouped
    rows: list[ListRow] = field(default_factory=list)
    heading: str = ""  # the danh hiệu / hình thức starting here, when the list covers several


@dataclass
class ListSection:
    numeral: str
    title: str
    groups: list[ListGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass
class AwardList:
    kind: str  # "proposal" / "awardees"
    authority: tuple[str, str]  # ("ỦY BAN NHÂN DÂN", "PHƯỜNG BẠCH ĐẰNG")
    heading: str
    subheadings: list[str]
    columns: list[ListColumn]
    sections: list[ListSection]
    place_date: str = ""
    totals: list[str] = field(default_factory=list)
    signer: tuple[str, str, str] | None = None  # (authority, title, name)
    file_stem: str = "danh-sach"

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sections)


def _where(r: nominations.NominationRow) -> str:
    return r.where or r.group


def _gender(r: nominations.NominationRow) -> str:
    return "x" if r.subject == "person" and r.gender == "nu" else ""


def _numbers(shown: dict[str, str], r: nominations.NominationRow) -> dict[str, int]:
    """The cells of ``shown`` Excel keeps as numbers: STT (or số sổ vàng), year of birth, prize."""
    found = {"stt": int(shown["stt"]), "birth": r.birth_year, "prize": r.prize if "prize" in shown else None}
    return {key: value for key, value in found.items() if value}


def _build(rows: list[nominations.NominationRow], columns: list[ListColumn], values,
           grouped: bool = True) -> list[ListSection]:
    """Sections, title headings and unit groups over ``rows`` in the order given
    (already in ``award_order``'s order, or a decision's numbers)."""
    several = grouped and len({r.title_id for r in rows}) > 1
    per_title = Counter((r.subject, r.title_id) for r in rows)
    sections: list[ListSection] = []
    stt = 0
    subject = title = group = None
    for r in rows:
        if r.subject != subject:
            _, numeral, heading = award_order.section_of(r.subject)
            sections.append(ListSection(numeral, heading))
            subject, title, group = r.subject, None, None
        section = sections[-1]
        group_name = r.group if grouped else ""
        new_title = several and r.title_id != title
        if new_title or group_name != group or not section.groups:
            heading = _title_heading(r, per_title[(r.subject, r.title_id)]) if new_title else ""
            section.groups.append(ListGroup(group_name, heading=heading))
            title, group = r.title_id, group_name
        stt += 1
        shown = values(stt, r)
        section.groups[-1].rows.append(ListRow(stt, shown, _numbers(shown, r)))
    return sections


def _title_heading(r: nominations.NominationRow, count: int) -> str:
    name = f"Danh hiệu “{r.title_name}”" if r.title_kind == "title" else r.title_name
    return f"{name} ({count})"


def authority(session: Session) -> tuple[str, str]:
    ward = plan.ward(session)
    return ("ỦY BAN NHÂN DÂN", ward.full_name.upper())


def _place_date(ward, on: dt.date | None, year: int) -> str:
    """The place and date line as the DOCX writes it: blank day and month, to
    be written in on signing, unless a date is given."""
    return place_date(ward.place_name or ward.name, on, year)


def counts_phrase(rows: list[nominations.NominationRow]) -> str:
    """``05 tập thể, 72 cá nhân (85 lượt danh hiệu) và 02 hộ gia đình``: each
    collective, person or household counted once, its awards beside when it
    has more than one (the lists' totals and every paper's text alike)."""
    parts = []
    for code, _, _ in SECTIONS:
        mine = [r for r in rows if r.subject == code]
        if not mine:
            continue
        count = len({r.recipient for r in mine})
        text = count_text(count, awards.SUBJECTS[code].lower())
        if count < len(mine):
            what = "lượt danh hiệu" if all(r.title_kind == "title" for r in mine) else "lượt khen thưởng"
            text += f" ({count_text(len(mine), what)})"
        parts.append(text)
    if not parts:
        return "(chưa có tập thể, cá nhân nào)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _counts(rows: list[nominations.NominationRow]) -> str:
    return f"Tổng cộng: {counts_phrase(rows)}." if rows else "Không có ai trong danh sách."


PROPOSAL_COLUMNS = [
    ListColumn("stt", "STT", 6.5, "center"),
    ListColumn("name", "Họ và tên / Tên tập thể", 19),
    ListColumn("birth", "Năm sinh", 7.5, "center"),
    ListColumn("female", "Nữ", 5.5, "center"),
    ListColumn("where", "Chức vụ, đơn vị công tác / Địa chỉ", 24),
    ListColumn("title", "Danh hiệu, hình thức đề nghị", 15),
    ListColumn("summary", "Tóm tắt thành tích", 27),
    ListColumn("note", "Ghi chú", 13),
]


def proposal_list(session: Session, campaign: Campaign, stage: str = "all",
                  title_ids: list[int] | None = None, attached_to: str = "",
                  on: dt.date | None = None, sort: str = "unit") -> AwardList:
    """Danh sách đề nghị khen thưởng: ``stage`` "all" (every active nomination),
    "eligible" (no block, warnings accepted) or "passed" (through the council,
    within the quota, as the list the council sends to the chairman)."""
    if stage not in STAGES:
        raise UserError(f"Không có loại danh sách “{stage}”.")
    if sort not in award_order.MODES:
        raise UserError(f"Không có cách xếp “{sort}”; chọn: theo đơn vị (unit) hoặc theo tên (name).")
    every = nominations.rows(session, campaign, include_withdrawn=False)
    if title_ids is not None:
        every = [r for r in every if r.title_id in title_ids]
    columns = list(PROPOSAL_COLUMNS)
    if stage == "all":
        chosen = every
    elif stage == "eligible":
        chosen = [r for r in every if r.verdict.may_proceed]
    else:
        chosen = [e.row for fl in council.final_lists(session, campaign, title_ids, rows=every) for e in fl.chosen]
        columns.insert(-1, ListColumn("votes", "Tỷ lệ phiếu đồng ý", 9, "center"))
    chosen = award_order.ordered(chosen, sort)
    ward = plan.ward(session)

    def values(stt: int, r: nominations.NominationRow) -> dict[str, str]:
        return {"stt": str(stt), "name": r.name, "birth": str(r.birth_year or ""), "female": _gender(r),
                "where": _where(r), "title": r.title_name, "summary": r.summary,
                "votes": council_rules.share_text(r.vote.share) if r.vote else "",
                "note": _note(r)}

    titles_text = _titles_text(chosen)
    subheadings = [f"{titles_text} năm {campaign.year}" if titles_text else f"Năm {campaign.year}"]
    if stage == "passed":
        subheadings.append("(Đã được Hội đồng Thi đua - Khen thưởng phường thông qua)")
    if attached_to:
        subheadings.append(f"(Kèm theo {attached_to})")
    return AwardList(
        "proposal", authority(session), "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", subheadings, columns,
        _build(chosen, columns, values, grouped=sort != "name"), _place_date(ward, on, campaign.year),
        [_counts(chosen)], (ward.signer_authority, ward.signer_title, ward.signer_name),
        f"danh-sach-de-nghi-khen-thuong-{campaign.year}")


def proposals_of_year(session: Session, title_ids: list[int] | None = None) -> AwardList:
    """Every active nomination of the current year (the nominations tab's list buttons)."""
    return proposal_list(session, plan.current_campaign(session), "all", title_ids)


def _titles_text(rows: list[nominations.NominationRow]) -> str:
    """"Đề nghị tặng, công nhận Giấy khen, “Lao động tiên tiến”" for up to three
    titles; beyond that the list's title stays short."""
    names = []
    for r in sorted(rows, key=lambda r: r.title_position):
        name = f"“{r.title_name}”" if r.title_kind == "title" else r.title_name
        if name not in names:
            names.append(name)
    if len(names) > 3:
        return "Khen thưởng phong trào thi đua"
    return ("Đề nghị tặng, công nhận " + ", ".join(names)) if names else ""


def _note(r: nominations.NominationRow) -> str:
    parts = []
    if r.subject == "unit" and r.score is not None:
        # the score is kept as a share of the block's scale, so 100- and 1.000-point blocks read alike
        bonus = " (gồm điểm thưởng ngoài thang)" if r.score > 100 else ""  # never an unexplained 102 %
        parts.append((f"Hạng {r.rank} trong khối; " if r.rank else "") + f"{format_number(r.score)}% điểm tối đa{bonus}")
    if r.note and not r.note.startswith("Rút đề nghị"):
        parts.append(r.note.splitlines()[0])
    parts += [f"Đủ {f.message.split(': ', 1)[-1].rstrip('.')}" for f in r.findings
              if f.rule in YEARS_RULES and f.severity == "info"]  # a proposal to the city names its years
    return "; ".join(parts)


# The rules across years whose pass names the qualifying years (domain/eligibility).
YEARS_RULES = ("city_merit_years", "city_fighter_years")


AWARDEE_COLUMNS = [
    ListColumn("stt", "STT (số sổ vàng)", 9, "center"),
    ListColumn("name", "Họ và tên / Tên tập thể", 22),
    ListColumn("birth", "Năm sinh", 7.5, "center"),
    ListColumn("female", "Nữ", 5.5, "center"),
    ListColumn("where", "Chức vụ, đơn vị công tác / Địa chỉ", 32),
    ListColumn("title", "Danh hiệu, hình thức", 19),
    ListColumn("prize", "Tiền thưởng (đồng)", 12, "right"),
    ListColumn("note", "Ghi chú", 13),
]


def awardee_list(session: Session, decision_id: int,
                 awarded: list[nominations.NominationRow] | None = None) -> AwardList:
    """Danh sách được khen thưởng attached to a recorded decision; ``awarded``:
    its rows (``nominations.rows`` of the decision) when the caller has them."""
    d = decisions.get(session, decision_id)
    campaign = session.get(Campaign, d.campaign_id)
    if awarded is None:
        awarded = nominations.rows(session, campaign, decision_id=d.id)
    rows = award_order.numbered(awarded)
    prizes = decisions.prizes_of(session, d, rows)
    ward = plan.ward(session)
    city = decisions.kind_label(session, d) != "Quyết định khen thưởng"
    columns = [c for c in AWARDEE_COLUMNS if not (city and c.key == "prize")]

    def values(stt: int, r: nominations.NominationRow) -> dict[str, str]:
        prize = prizes.get(r.id)
        note = ""
        if prize is not None and prize.amount != (r.prize or 0):
            note = "xem lại tiền thưởng"
        elif prize is not None and len(prize.steps) > 1 and "không chi thêm" in prize.steps[-1]:
            note = "đã nhận mức cao hơn"
        return {"stt": str(r.seq or stt), "name": r.name, "birth": str(r.birth_year or ""), "female": _gender(r),
                "where": _where(r), "title": r.title_name,
                "prize": format_money(r.prize) if r.prize else ("" if city else "-"), "note": note}

    sections = _build(rows, columns, values)
    total = money.total(r.prize for r in rows)
    issuer = f"Chủ tịch {ward.authority}" if not city else ward.authority
    what = "Quyết định" if not city else "Tờ trình"
    subheadings = [f"(Kèm theo {what} số {d.number} ngày {format_date(d.signed_on)} của {issuer})"]
    totals = [_counts(rows)]
    if not city:
        totals.append(f"Tổng số tiền thưởng: {format_money(total)} đồng (Bằng chữ: {money.amount_in_words(total)}).")
        if d.base_salary:
            totals.append(f"Mức lương cơ sở áp dụng: {format_money(d.base_salary)} đồng "
                          f"(có hiệu lực vào ngày ký {format_date(d.signed_on)}); làm tròn lên hàng chục nghìn đồng.")
    heading = "DANH SÁCH ĐƯỢC KHEN THƯỞNG" if not city else "DANH SÁCH ĐỀ NGHỊ THÀNH PHỐ KHEN THƯỞNG"
    return AwardList("awardees", authority(session), heading, subheadings, columns, sections,
                     _place_date(ward, None, campaign.year), totals, None, f"danh-sach-khen-thuong-{d.number.replace('/', '-')}")


# --- xlsx -------------------------------------------------------------------------------------


def write_xlsx(award_list: AwardList, path: Path) -> Path:
    """The list as an xlsx that prints like the PDF: A4 landscape at full size
    (the columns share the printable width), Times New Roman, the NĐ 30 header
    with its rules, the header row repeated on every page, page numbers from
    page 2; STT, years and amounts stored as numbers."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from ..xlsx import files as excel, printable as excel_print

    wb = excel_print.new_workbook()
    ws = wb.active
    ws.title = "Danh sách"
    columns = award_list.columns
    n = len(columns)
    widths = excel_print.fit_widths([c.width for c in columns])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    whole = (1, n)
    keep: set[int] = set()  # rows that must not end a page

    def banner(row: int, text: str, **style) -> None:
        excel_print.merged(ws, row, whole, text, **style)
        for col in range(1, n + 1):
            ws.cell(row=row, column=col).border = box
        keep.add(row)

    layout = excel_print.header_layout(excel_print.columns_pt(ws, n), award_list.authority[1])
    row = excel_print.national_header(ws, layout, award_list.authority, award_list.place_date) + 1
    excel_print.merged(ws, row, whole, award_list.heading, bold=True, size=14)
    for line in award_list.subheadings:
        row += 1
        excel_print.merged(ws, row, whole, line, bold=not line.startswith("("), italic=line.startswith("("),
                           size=13)
    row += 2
    header_row = row
    for i, col in enumerate(columns, start=1):
        c = ws.cell(row=row, column=i, value=col.header)
        c.font = Font(name=excel_print.FONT, size=12, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = box
    for section in award_list.sections:
        if section.title:  # a plain list (units, people…) is one untitled section
            row += 1
            banner(row, f"{section.numeral}. {section.title}", bold=True, align="left")
        for group in section.groups:
            if group.heading:
                row += 1
                banner(row, group.heading, bold=True, align="left")
            if group.name:
                row += 1
                banner(row, group.name, bold=True, italic=True, align="left")
            for item in group.rows:
                row += 1
                _write_cells(ws, row, columns, item, box)
    last_data = row
    row += 1
    for line in award_list.totals:
        row += 1
        excel_print.merged(ws, row, whole, line, align="left", italic=line.startswith("Mức lương"))
    if award_list.signer:
        row += 2
        for offset, text in ((0, award_list.signer[0]), (1, award_list.signer[1]), (5, award_list.signer[2])):
            excel_print.merged(ws, row + offset, layout.right, text, bold=True, size=13)
    excel_print.fit_heights(ws)
    excel_print.setup_page(ws, (header_row, header_row), landscape=True)
    keep.update(range(last_data, ws.max_row))  # the last row, the totals and the signature stay together
    excel_print.break_pages(ws, (header_row, header_row), keep)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    data = excel_print.add_rules(excel.workbook_bytes(wb), excel_print.columns_pt(ws, n), layout.rules)
    return atomic.write_bytes(path, data)


def _write_cells(ws, row: int, columns: list[ListColumn], item: ListRow, box) -> None:
    from openpyxl.styles import Alignment, Font

    from ..xlsx import files as excel, printable as excel_print

    for i, col in enumerate(columns, start=1):
        number = item.numbers.get(col.key)
        c = ws.cell(row=row, column=i, value=number if number is not None else item.values.get(col.key, ""))
        if number is not None:
            c.number_format = excel_print.INTEGER if col.key == "prize" else excel_print.PLAIN
        excel.make_inert(c)
        c.font = Font(name=excel_print.FONT, size=12)
        c.alignment = Alignment(horizontal=col.align, vertical="top", wrap_text=True)
        c.border = box


def build(db: Database, kind: str, stage: str = "all", decision_id: int | None = None,
          title_code: str = "", sort: str = "unit", year: int | None = None) -> AwardList:
    """A list by name, for the command line: ``nominations`` (``stage`` all /
    eligible / passed) or ``awardees`` (of ``decision_id``, else the latest
    decision, of ``title_code`` if given)."""
    with db.read() as session:
        campaign = plan.current_campaign(session, year)
        title_ids = [awards.title_by_code(session, title_code).id] if title_code else None
        if kind == "awardees":
            if decision_id is None:
                found = decisions.decisions(session, campaign)
                if title_ids:
                    found = [d for d in found if set(decisions.title_ids_of(session, d)) & set(title_ids)]
                if not found:
                    raise UserError("Chưa có quyết định khen thưởng nào"
                                    + (f" có “{title_code}”" if title_code else "") + "; hãy ghi quyết định trước.")
                decision_id = found[-1].id
            return awardee_list(session, decision_id)
        return proposal_list(session, campaign, stage, title_ids, sort=sort)
