"""Báo cáo thành tích of each nominee, in the skeleton of the forms of the
decree on emulation and awards (NĐ 152/2025, as Hà Nội QĐ 71/2025 Mẫu 01
prints it; domain.md §2.4): I. the person's short record (a collective's
situation, a household's identity), II. the achievements — the year's rating,
initiative, results against the targets and score for a collective, and the
parts the clerk writes (kept on the nomination), III. the forms of award
received before (from the decisions recorded in the app). A ward's Giấy khen
takes the short form (báo cáo tóm tắt: I and II). The signatures: the
reporter and the head of the unit (or the level proposing it).

One report per page run; without ``--nomination`` every active nomination (of
``--title``), one after another, for the council.
"""
from __future__ import annotations

from docx.shared import Pt
from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain.evaluation import Status, percent_of_plan_text
from ...domain.results import Shape
from ...domain.text import format_number
from ...errors import UserError
from ..awards import achievements as facts
from ..awards.nominations import NominationRow
from ..results import evaluation
from . import common, content, records, skeleton
from .build import Column, Content, para, table
from .common import BLANK, Issuer, Options
from .ooxml import PORTRAIT
from .styles import new_package
from .template import Block, Field

KIND = "achievements"

FIELDS = common.fields(
    [Field("co_quan_chu_quan", "cơ quan cấp trên (UBND PHƯỜNG …)"),
     Field("co_quan_ban_hanh", "đơn vị của người, tập thể được đề nghị, chữ in hoa"),
     Field("dia_danh_ngay", "địa danh, ngày tháng năm"),
     Field("loai_bao_cao", "BÁO CÁO THÀNH TÍCH hoặc BÁO CÁO TÓM TẮT THÀNH TÍCH"),
     Field("trich_yeu", "đề nghị tặng hình thức, danh hiệu nào"),
     Field("noi_dung", "các phần I, II, III của báo cáo", block=True),
     Field("ky_trai", "chức danh ký bên trái (xác nhận)"),
     Field("ten_ky_trai", "họ tên người ký bên trái", required=False),
     Field("ky_phai", "chức danh ký bên phải (người báo cáo)"),
     Field("ten_ky_phai", "họ tên người ký bên phải", required=False)],
    common.EXTRA_FIELDS,
)

HONOURS_COLUMNS = {True: "Danh hiệu thi đua", False: "Hình thức khen thưởng"}


def template(session: Session, options: Options):
    body = (
        # an invisible first line: in a combined file each report starts a page on it
        para([], "ND30Body", before=Pt(0), after=Pt(0), line=Pt(1))
        + skeleton.header(with_parent=True, number=False)
        + skeleton.title("{{loai_bao_cao}}")
        + para("{{noi_dung}}", "ND30Body")
        + para([], "ND30Body", keep_next=True)
        + skeleton.two_signatures("{{ky_trai}}", "{{ten_ky_trai}}", "{{ky_phai}}", "{{ten_ky_phai}}")
    )
    return new_package(body, PORTRAIT, title="Báo cáo thành tích", author="")


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    rows = chosen_rows(session, campaign, options)
    period = evaluation.main_period(campaign)
    people, results = evaluation.participants(session, campaign), evaluation.period_results(session, period)
    pages, warnings = [], []
    for r in rows:
        values, missing = report_values(session, campaign, who, r, options, (period, people, results))
        pages.append(values)
        if missing:
            warnings.append(f"{r.name} ({r.title_name}): chưa nhập {', '.join(missing)}.")
    if len(warnings) > 5:
        warnings = warnings[:5] + [f"… và {len(warnings) - 5} báo cáo khác còn thiếu phần viết tay."]
    values = common.header_values(who, campaign, options, "", "")
    title = f"Báo cáo thành tích {rows[0].name}" if len(rows) == 1 else f"Báo cáo thành tích năm {campaign.year}"
    return common.Filled(values, campaign, "", options.date, warnings, records=pages, title=title)


def chosen_rows(session: Session, campaign, options: Options) -> list[NominationRow]:
    rows = records.rows(session, campaign)
    if options.nomination_id is not None:
        rows = [r for r in rows if r.id == options.nomination_id]
        if not rows:
            raise UserError(f"Không có đề nghị khen thưởng mã {options.nomination_id} trong năm {campaign.year} "
                            "(hoặc đề nghị đã rút).")
    if options.title_code:
        rows = [r for r in rows if r.title_code.casefold() == options.title_code.strip().casefold()]
    if not rows:
        raise UserError("Chưa có đề nghị khen thưởng nào" + (f" “{options.title_code}”" if options.title_code else "")
                        + f" năm {campaign.year} để lập báo cáo thành tích.")
    return rows


def short_form(r: NominationRow) -> bool:
    """Giấy khen of the ward's chairman: the summary report (báo cáo tóm tắt)."""
    return r.title_kind == "form" and r.title_level == "ward"


def report_values(session: Session, campaign, who: Issuer, r: NominationRow, options: Options,
                  figures) -> tuple[dict, list[str]]:
    """One nominee's report as the template's values, and the written parts still missing."""
    profile = facts.profile(session, campaign, r.id)
    written = facts.texts(session, r.id)
    short = short_form(r)
    unit = profile.unit_name if r.subject != "household" else (r.group or who.full_name)
    lines = issuer_lines(fmt.upper(unit or who.full_name))
    give = (f"Đề nghị công nhận danh hiệu {fmt.quoted_title(r.title_name)} năm {campaign.year}"
            if r.title_kind == "title" else
            f"Đề nghị tặng {r.title_name}" + (f" của {who.chairman_of}" if r.title_level == "ward" else ""))
    body = identity(r, profile, short) + achievements_part(session, campaign, r, profile, written, figures)
    if not short:
        body += honours(facts.earlier_awards(session, r.id, who.chairman_of))
    left, left_name, right, right_name = signers(r, profile)
    values = {
        "co_quan_chu_quan": f"UBND {fmt.upper(who.full_name)}",
        "co_quan_ban_hanh": "\n".join(lines),
        "dia_danh_ngay": fmt.place_date(who.place, options.date, campaign.year),
        "loai_bao_cao": "BÁO CÁO TÓM TẮT THÀNH TÍCH" if short else "BÁO CÁO THÀNH TÍCH",
        "trich_yeu": give,
        "noi_dung": Block(body),
        "ky_trai": left, "ten_ky_trai": left_name, "ky_phai": right, "ten_ky_phai": right_name,
    }
    missing = [facts.PARTS[p].split(" (")[0].lower() for p in facts.PARTS_OF[r.subject] if not written.get(p)]
    return values, missing


BALANCED_WORDS = 10  # balanced_lines tries every way to cut: beyond this, wrap greedily


def issuer_lines(name: str) -> list[str]:
    """The nominee's unit in the header, on lines that fit its column."""
    width = skeleton.issuer_width_pt()
    if len(name.split()) > BALANCED_WORDS:
        return fmt.wrap_lines(name, width, fmt.SIZE_ISSUER, bold=True)
    return fmt.balanced_lines(name, width, fmt.SIZE_ISSUER)


def _line(label: str, value: str) -> str:
    return f"- {label}: {value or BLANK}"


def identity(r: NominationRow, p: facts.Profile, short: bool) -> Content:
    if r.subject == "person":
        items = [("Họ và tên", r.name), ("Sinh ngày, tháng, năm", p.birth), ("Giới tính", p.gender)]
        if not short:
            items += [("Quê quán", ""), ("Nơi ở hiện nay", p.address)]
        items += [("Đơn vị công tác", p.unit_name), ("Chức vụ (Đảng, chính quyền, đoàn thể)", p.position)]
        if not short:
            items += [("Trình độ chuyên môn, nghiệp vụ", ""), ("Học hàm, học vị, danh hiệu, giải thưởng", "")]
        heading = "I. SƠ LƯỢC LÝ LỊCH"
    elif r.subject == "unit":
        items = [("Tên tập thể", r.name), ("Địa chỉ trụ sở", p.address), ("Điện thoại", p.phone),
                 ("Số cán bộ, công chức, người lao động", p.staff)]
        heading = "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    else:
        items = [("Hộ gia đình", r.name), ("Địa chỉ", p.address)]
        heading = "I. SƠ LƯỢC VỀ HỘ GIA ĐÌNH"
    return skeleton.heading(heading) + content.bodies(*(_line(label, value) for label, value in items))


def achievements_part(session: Session, campaign, r: NominationRow, p: facts.Profile, written: dict[str, str],
                      figures) -> Content:
    out = skeleton.heading("II. THÀNH TÍCH ĐẠT ĐƯỢC")
    if r.subject == "unit":
        out += (skeleton.heading("1. Chức năng, nhiệm vụ và đặc điểm", 2) + content.narrative(written.get("dac_diem"))
                + skeleton.heading(f"2. Kết quả thực hiện các chỉ tiêu thi đua năm {campaign.year}", 2)
                + unit_results(session, campaign, r, figures))
        achieved = "3. Biện pháp, thành tích nổi bật"
    elif r.subject == "person":
        out += skeleton.heading("1. Quyền hạn, nhiệm vụ được giao", 2) + content.narrative(written.get("nhiem_vu"))
        achieved = "2. Thành tích đạt được"
    else:
        achieved = "Thành tích, đóng góp"
    recorded = []
    if p.rating:
        recorded.append(f"Kết quả đánh giá, xếp loại năm {campaign.year}: {p.rating}.")
    if p.initiative:
        recorded.append(f"Sáng kiến, đề tài được công nhận: {p.initiative.rstrip('.')}.")
    if r.summary:
        recorded.append(f"Tóm tắt thành tích: {r.summary.rstrip('.')}.")
    told = written.get("thanh_tich")
    body = content.bodies(*recorded) + (content.narrative(told) if told or not recorded else [])
    return out + skeleton.heading(achieved, 2) + body


RESULT_COLUMNS = [Column("TT", 10, "center"), Column("Chỉ tiêu", 55), Column("ĐVT", 17, "center"),
                  Column("Kế hoạch", 22, "center"), Column("Thực hiện", 20, "center"),
                  Column("Tỷ lệ so với KH", 19, "center"), Column("Đánh giá", 22, "center")]


def unit_results(session: Session, campaign, r: NominationRow, figures) -> Content:
    """The collective's results against its targets (the Results page's
    figures for the year) and its score in its block."""
    period, people, results = figures
    found = evaluation.unit_results(session, campaign, period, [r.unit_id], people, results).get(r.unit_id)
    out: Content = []
    if found is None:
        out += content.bodies("Tập thể không có chỉ tiêu được giao trong Kế hoạch thi đua năm của phường.")
    else:
        rows = []
        for n, item in enumerate(found.items, start=1):
            ev = item.evaluation
            rows.append([str(n), item.item.label, item.item.unit, item.item.planned_text, _actual(item),
                         percent_of_plan_text(ev.percent_of_plan, 1),
                         "Chưa đủ số liệu" if ev.status is Status.NO_DATA else ev.status.label])
        out += table(RESULT_COLUMNS, rows)
    if r.score is not None:
        rank = f", xếp hạng {r.rank} trong khối thi đua" if r.rank else ""
        out += content.bodies(f"Kết quả chấm điểm thi đua: {format_number(r.score)}% điểm tối đa{rank}.")
    return out


def _actual(item: evaluation.ItemResult) -> str:
    actual = item.evaluation.actual
    if actual is None:
        return ""
    if item.item.spec.shape is Shape.YESNO:
        return "Có" if actual else "Không"
    return format_number(actual)


def honours(earlier: list[facts.EarlierAward]) -> Content:
    """III: two tables (danh hiệu thi đua, hình thức khen thưởng) of the earlier years."""
    out = skeleton.heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    for n, is_title in enumerate((True, False), start=1):
        out += skeleton.heading(f"{n}. {HONOURS_COLUMNS[is_title]}", 2)
        mine = [a for a in earlier if a.is_title == is_title]
        if not mine:
            out += content.bodies("Chưa có trong dữ liệu của phường (ghi thêm nếu có).")
            continue
        columns = [Column("Năm", 18, "center"), Column(HONOURS_COLUMNS[is_title], 52),
                   Column("Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định", 95)]
        out += table(columns, [[str(a.year), a.name, a.decision] for a in mine])
    return out


def signers(r: NominationRow, p: facts.Profile) -> tuple[str, str, str, str]:
    """(left title, name, right title, name): the head confirms what the reporter writes."""
    proposer = "XÁC NHẬN CỦA\nCẤP TRÌNH KHEN THƯỞNG"  # both sides on two lines: the names level
    if r.subject == "person":
        head = p.head_name if p.head_name != r.name else ""
        return "THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ", head, "NGƯỜI BÁO CÁO\nTHÀNH TÍCH", r.name
    if r.subject == "unit":
        return proposer, "", "THỦ TRƯỞNG\nĐƠN VỊ", p.head_name
    return proposer, "", "ĐẠI DIỆN\nHỘ GIA ĐÌNH", _householder(r.name)


def _householder(name: str) -> str:
    """``Hộ ông Nguyễn Văn Bình`` → ``Nguyễn Văn Bình``."""
    for prefix in ("Hộ ông ", "Hộ bà ", "Hộ gia đình ông ", "Hộ gia đình bà ", "Hộ "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name
