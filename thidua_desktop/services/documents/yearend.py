"""Báo cáo kết quả thực hiện Kế hoạch phát động phong trào thi đua năm … gửi
thành phố: the figures come from the data (targets, units, blocks, awards), the
judgements from the clerk (the narrative parts saved with the plan). With an
interim period (``Options.period_code``) the same engine writes the báo cáo sơ
kết of that period, in the words of :mod:`.interim`."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain.documents import INTERIM_NARRATIVE, NARRATIVE, Section
from ...domain.eligibility import Verdict
from ...domain.evaluation import Status, percent_of_plan_text
from ...domain.text import clean_multiline, format_money, format_number
from ...errors import UserError
from ...storage.models import Campaign
from .. import plan
from ..awards import lists as award_lists
from ..results import evaluation, reporting
from ..results.reporting import ReportingStatus
from ..registry import registrations
from ..awards.nominations import NominationRow
from . import common, content, interim, ranking, records, skeleton
from .common import Issuer, Options
from .interim import Scope
from .build import Column, Content, GroupRow, Run, para, paras, table
from .ooxml import PORTRAIT
from .styles import new_package
from .template import Block, Field

KIND = "year-end"
NARRATIVE_KEYS = [s.key for s in NARRATIVE]

FIELDS = common.fields(
    common.HEADER_FIELDS,
    [Field("kinh_gui", "nơi nhận báo cáo (Kính gửi)", block=True),
     Field("mo_dau", "câu mở đầu: thực hiện Kế hoạch … báo cáo như sau"),
     Field("trien_khai", "số liệu triển khai: kế hoạch, phong trào, đơn vị đăng ký và báo cáo", block=True),
     Field("bang_chi_tieu", "bảng kết quả thực hiện các chỉ tiêu chủ yếu", block=True),
     Field("ket_qua_khoi", "kết quả chấm điểm, xếp hạng theo khối thi đua", block=True),
     Field("so_lieu_khen_thuong", "số liệu khen thưởng theo hình thức, danh hiệu", block=True),
     Field("phu_luc", "các phụ lục (trang ngang)", block=True)],
    [Field(s.key, f"phần do văn thư viết: {s.label}", block=True) for s in NARRATIVE],
    [Field("nhiem_vu_con_lai", "báo cáo sơ kết: các chỉ tiêu, đơn vị cần tập trung những tháng còn lại",
           block=True, required=False)],
    common.SIGNATURE_FIELDS,
    common.EXTRA_FIELDS,
)

RECIPIENTS = ["Như trên", "Thường trực Đảng ủy, HĐND phường", "Lãnh đạo UBND phường"]


def summary(campaign: Campaign) -> str:
    return (f"Kết quả thực hiện Kế hoạch phát động phong trào thi đua thực hiện thắng lợi chủ đề năm "
            f"{campaign.year} của thành phố và của phường")


def interim_scope(session: Session, campaign: Campaign, options: Options) -> Scope | None:
    """The interim period ``options.period_code`` names (its báo cáo sơ kết), or None for the
    year-end report (no code, or the whole year's)."""
    if not options.period_code:
        return None
    period = evaluation.period_for(session, campaign, options.period_code)
    return None if period is evaluation.main_period(campaign) else Scope(period, campaign.year)


def template(session: Session, options: Options):
    """The built-in report, with its fields (what ``Xuất mẫu Word`` saves); for an interim
    period, the báo cáo sơ kết's."""
    told = interim_scope(session, common.campaign_of(session, options), options)
    if told:
        return interim.template(told)
    h = skeleton.heading
    body = (
        skeleton.header()
        + skeleton.title("BÁO CÁO")
        + para("{{kinh_gui}}", "ND30Addressee")
        + skeleton.body("{{mo_dau}}")
        + h("I. ĐẶC ĐIỂM TÌNH HÌNH") + skeleton.body("{{tinh_hinh}}")
        + h("II. KẾT QUẢ TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA")
        + h("1. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện", 2)
        + skeleton.body("{{trien_khai}}") + skeleton.body("{{chi_dao}}")
        + h("2. Kết quả thực hiện các chỉ tiêu chủ yếu", 2)
        + skeleton.body("{{bang_chi_tieu}}") + skeleton.body("{{chi_tieu}}")
        + h("3. Kết quả các phong trào thi đua", 2) + skeleton.body("{{phong_trao}}")
        + h("4. Kết quả chấm điểm, xếp hạng các khối thi đua", 2) + skeleton.body("{{ket_qua_khoi}}")
        + h("5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 2) + skeleton.body("{{dien_hinh}}")
        + h("III. CÔNG TÁC KHEN THƯỞNG")
        + skeleton.body("{{so_lieu_khen_thuong}}") + skeleton.body("{{khen_thuong}}")
        + h("IV. ĐÁNH GIÁ CHUNG")
        + h("1. Ưu điểm", 2) + skeleton.body("{{uu_diem}}")
        + h("2. Hạn chế, nguyên nhân", 2) + skeleton.body("{{han_che}}")
        + h("3. Bài học kinh nghiệm", 2) + skeleton.body("{{bai_hoc}}")
        + h("V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{nam_sau}}") + skeleton.body("{{phuong_huong}}")
        + h("VI. ĐỀ XUẤT, KIẾN NGHỊ") + skeleton.body("{{de_xuat}}")
        + skeleton.closing("Trên đây là báo cáo kết quả thực hiện Kế hoạch phát động phong trào thi đua năm "
                           "{{nam}} của {{co_quan}}./.")
        + skeleton.signature()
        + para("{{phu_luc}}", "ND30Body")
    )
    return new_package(body, PORTRAIT, title="Báo cáo kết quả thực hiện Kế hoạch thi đua", author="")


# --- the narrative (saved with the plan) ----------------------------------------------------

def sections(period_code: str = "") -> list[Section]:
    """The parts the clerk writes: the year-end report's, or with a period's code the sơ kết's."""
    return INTERIM_NARRATIVE if period_code else NARRATIVE


def _stored_key(period_code: str, key: str) -> str:
    return interim.stored_key(period_code, key) if period_code else key


def get_narrative(campaign: Campaign, period_code: str = "") -> dict[str, str]:
    """The parts as written, by section key; ``period_code`` (an interim period's) reads the sơ
    kết's own texts, kept apart from the year-end report's."""
    stored = campaign.narrative or {}
    return {s.key: str(stored.get(_stored_key(period_code, s.key)) or "") for s in sections(period_code)}


def save_narrative(session: Session, campaign_id: int, values: dict[str, str], period_code: str = "") -> None:
    """Keep the edited parts (an empty text removes one); ``period_code``: the sơ kết of that period."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise UserError("Không tìm thấy kế hoạch.")
    period_code = _interim_code(session, campaign, period_code)
    known = [s.key for s in sections(period_code)]
    unknown = [k for k in values if k not in known]
    if unknown:
        raise UserError(f"Báo cáo không có phần “{unknown[0]}”.")
    merged = dict(campaign.narrative or {})
    for key, value in values.items():
        text = clean_multiline(value)
        if text:
            merged[_stored_key(period_code, key)] = text
        else:
            merged.pop(_stored_key(period_code, key), None)
    if merged != (campaign.narrative or {}):
        campaign.narrative = merged


def narrative_of_year(session: Session, year: int | None = None, period_code: str = "") -> dict[str, str]:
    """The written parts of the year's report (``thidua narrative``), or of its sơ kết."""
    campaign = plan.current_campaign(session, year)
    return get_narrative(campaign, _interim_code(session, campaign, period_code))


def write_narrative(session: Session, values: dict[str, str], year: int | None = None,
                    period_code: str = "") -> dict[str, str]:
    """Keep edited parts of the year's report, or of its sơ kết; the parts as saved."""
    campaign = plan.current_campaign(session, year)
    save_narrative(session, campaign.id, values, period_code)
    return get_narrative(campaign, _interim_code(session, campaign, period_code))


def _interim_code(session: Session, campaign: Campaign, period_code: str) -> str:
    """The stored code of the interim period named (refused, naming the periods, when there is
    none), or "" for the year-end report (no code, or the whole year's)."""
    told = interim_scope(session, campaign, Options(period_code=period_code))
    return told.period.code if told else ""


# --- filling --------------------------------------------------------------------------------

def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    told = interim_scope(session, campaign, options)
    warnings: list[str] = []
    values: dict = {}
    values.update(common.header_values(who, campaign, options, who.symbol("BC"),
                                       interim.summary(told) if told else summary(campaign)))
    values.update(common.signature_values(who, options, collective=True))
    addressees = [a for a in (who.addressee or campaign.ward_report_to or "").split(";") if a.strip()]
    if not addressees:
        warnings.append("Chưa có nơi nhận báo cáo (Kính gửi) trong Cài đặt.")
    values["kinh_gui"] = Block(paras(fmt.addressee_lines(addressees), "ND30Addressee"))
    values["mo_dau"] = _opening(who, campaign, told)
    warnings += [w for w in [common.plan_missing(campaign)] if w]
    period = told.period if told else None
    status = _reporting(session, campaign, period)
    values["trien_khai"] = Block(_deployment(session, who, campaign, status, told))
    targets, measures, notes = _targets(session, campaign, told)
    values["bang_chi_tieu"] = Block(targets)
    warnings += notes
    blocks, notes = ranking.report_section(session, campaign, period)
    if told:
        blocks += interim.scores_note(told)
    values["ket_qua_khoi"] = Block(blocks)
    warnings += notes
    values["so_lieu_khen_thuong"] = Block(_awards_told(session, campaign, told))
    values["nhiem_vu_con_lai"] = Block(
        interim.tasks(told, measures, status, campaign.units_deadline_text) if told else [])
    period_code = told.period.code if told else ""
    narrative = get_narrative(campaign, period_code)
    for section in sections(period_code):
        values[section.key] = Block(content.narrative(narrative[section.key]))
        if not narrative[section.key]:
            warnings.append(f"Phần “{section.label}” chưa có nội dung.")
    values["noi_nhan"] = common.recipients_block(
        common.recipients_setting(session, KIND, RECIPIENTS), who.archive)
    values["phu_luc"] = Block(_annexes(session, who, campaign, values["so_ky_hieu"], options, told),
                              landscape=True)
    if told:
        return common.Filled(values, campaign, values["so_ky_hieu"], options.date, warnings,
                             title=interim.title(told), builtin=True, label=interim.title(told),
                             file_stem=f"{interim.FILE_STEM} {told.period.code}")
    return common.Filled(values, campaign, values["so_ky_hieu"], options.date, warnings,
                         title=f"Báo cáo kết quả thực hiện Kế hoạch thi đua năm {campaign.year}")


def _opening(who: Issuer, campaign: Campaign, told: Scope | None) -> str:
    # the city's plan first, as the ward's own plan cites it; the ward's plan needs no "của …":
    # the issuer is the sentence's subject
    city = f"{campaign.city_plan_reference}; " if campaign.city_plan_reference else ""
    what = f"báo cáo sơ kết {told.label}" if told else "báo cáo kết quả thực hiện"
    return (f"Thực hiện {city}{common.plan_reference(who, campaign)} phát động phong trào thi đua thực hiện thắng "
            f"lợi chủ đề năm {campaign.year} của thành phố “{campaign.city_theme}” và chủ đề năm {campaign.year} "
            f"của phường “{campaign.ward_theme}”, {who.authority} {what} như sau:")


def _reporting(session: Session, campaign: Campaign, period) -> ReportingStatus:
    return reporting.reporting_status(session, campaign, period or evaluation.main_period(campaign))


def _deployment(session: Session, who: Issuer, campaign: Campaign, status: ReportingStatus,
                told: Scope | None) -> Content:
    # the issuer is the sentence's subject: the plan is not said to be "of" it again
    lines = [f"{who.authority} đã ban hành {common.plan_reference(who, campaign)} phát động phong trào thi đua "
             f"năm {campaign.year}, giao chỉ tiêu và hướng dẫn các cơ quan, đơn vị tổ chức thực hiện."]
    if campaign.movements:
        names = "; ".join(f"“{m.name}”" for m in campaign.movements)
        lines.append(f"Tiếp tục triển khai các phong trào thi đua: {names}.")
    regs = [r for r in registrations.list_registrations(session, campaign.id) if r.active]
    if not regs:
        lines.append("Chưa có cơ quan, đơn vị nào được ghi nhận trong chương trình.")
    else:
        registered = sum(1 for r in regs if r.registered)
        lines.append(f"Có {registered}/{len(regs)} cơ quan, đơn vị đăng ký thi đua "
                     f"({content.share(registered, len(regs))}).")
        if status.expected:
            if told:
                when = f" (hạn {fmt.short_date(told.period.deadline)})" if told.period.deadline else ""
                deadline = f" {told.label}{when}"
            else:
                deadline = f" (hạn {campaign.units_deadline_text})" if campaign.units_deadline_text else ""
            text = f"Có {len(status.reported)}/{status.expected} đơn vị gửi báo cáo kết quả thực hiện{deadline}"
            late = [u for u in status.units if u.reported and u.late]
            if late:
                text += f", trong đó {len(late)} đơn vị gửi trễ hạn"
            missing = status.not_reported
            if missing:
                names = ", ".join(u.name for u in missing[:10]) + (", …" if len(missing) > 10 else "")
                text += f"; {len(missing)} đơn vị chưa báo cáo ({names})"
            lines.append(text + ".")
    return content.bodies(*lines)


TARGET_COLUMNS = [Column("TT", 10, "center"), Column("Chỉ tiêu", 55), Column("ĐVT", 17, "center"),
                  Column("Kế hoạch", 24, "center"), Column("Thực hiện", 19, "center"),
                  Column("Tỷ lệ so với KH", 18, "center"), Column("Đánh giá", 22, "center")]


# the sơ kết's: the figures to date against the year's plan
INTERIM_TARGET_COLUMNS = [Column("TT", 10, "center"), Column("Chỉ tiêu", 53), Column("ĐVT", 17, "center"),
                          Column("Kế hoạch năm", 24, "center"), Column("Thực hiện", 19, "center"),
                          Column("Tỷ lệ so với KH năm", 20, "center"), Column("Đánh giá", 22, "center")]


def _actual_text(m: evaluation.MeasureResult) -> str:
    actual = m.evaluation.actual
    if actual is None:
        return ""
    text = format_number(actual)
    if m.comparison.value == "decrease" and m.baseline is not None:
        text += f" (năm trước {format_number(m.baseline)})"
    return text


def _status_text(m: evaluation.MeasureResult) -> str:
    return "Chưa đủ số liệu" if m.status is Status.NO_DATA else m.status.label


def _targets(session: Session, campaign: Campaign,
             told: Scope | None) -> tuple[Content, list[evaluation.MeasureResult], list[str]]:
    """The table of part II.2, its measures and notes for the clerk; for a sơ kết, the figures
    of the period against the year's plan, in its words."""
    period = told.period if told else evaluation.main_period(campaign)
    targets = evaluation.ward_target_results(session, campaign, period)
    status_of = interim.status_text if told else _status_text
    measures = evaluation.measure_results(targets)
    counts = {s: sum(1 for m in measures if m.status is s) for s in Status}
    notes = []
    rows: list = []
    for t in targets:
        if len(t.measures) == 1:
            m = t.measures[0]
            rows.append([t.code, m.label, m.unit, m.planned_text, _actual_text(m),
                         percent_of_plan_text(m.evaluation.percent_of_plan, 1), status_of(m)])
            continue
        rows.append([t.code, Run(t.text.rstrip("."), bold=False), "", "", "", "", ""])
        for letter, m in zip("abcdefgh", t.measures):
            rows.append(["", f"{letter}) {m.label}", m.unit, m.planned_text, _actual_text(m),
                         percent_of_plan_text(m.evaluation.percent_of_plan, 1), status_of(m)])
    done = counts[Status.EXCEEDED] + counts[Status.MET]
    text = (f"Trong {len(targets)} chỉ tiêu chủ yếu ({len(measures)} nội dung đánh giá): "
            f"{counts[Status.EXCEEDED]} nội dung vượt kế hoạch, {counts[Status.MET]} nội dung đạt, "
            f"{counts[Status.NOT_MET]} nội dung không đạt")
    if counts[Status.NO_DATA]:
        text += f"; {counts[Status.NO_DATA]} nội dung chưa đủ số liệu để đánh giá"
        notes.append(f"{counts[Status.NO_DATA]} nội dung chỉ tiêu chưa đủ số liệu để đánh giá.")
    text += f". Tỷ lệ đạt và vượt: {done}/{len(measures)} ({content.share(done, len(measures))})."
    if told:
        text = interim.targets_sentence(told, len(targets), len(measures), counts)
    mismatched = [m for m in measures if m.mismatch]
    if mismatched:
        notes.append("Số toàn phường khác số cộng dồn của đơn vị ở chỉ tiêu "
                     + ", ".join(f"({m.code})" for m in mismatched) + ".")
    columns = INTERIM_TARGET_COLUMNS if told else TARGET_COLUMNS
    return (content.bodies(text) + table(columns, rows)
            + para("Ghi chú: TT là số thứ tự chỉ tiêu trong Kế hoạch; “Chưa đủ số liệu” là chưa có số liệu "
                   "toàn phường hoặc chưa đủ đơn vị báo cáo.", "ND30Note"), measures, notes)


# What became of a nomination the ward has not decided, as the year-end report tells it.
UNDECIDED = [
    ("ineligible", "Không đủ điều kiện khen thưởng: {}."),
    ("rejected", "Không được Hội đồng Thi đua - Khen thưởng thông qua (không đạt số phiếu cần thiết): {}."),
    ("passed", "Đã được Hội đồng Thi đua - Khen thưởng thông qua, chưa có quyết định khen thưởng: {}."),
    ("pending", "Đang xét đề nghị khen thưởng: {}."),
]


def undecided_outcome(row: NominationRow) -> str:
    """``ineligible`` (blocked by a condition), ``rejected`` (the council's vote
    failed), ``passed`` (through the council, no decision yet) or ``pending``
    (not voted on, or warnings not yet accepted: still under consideration)."""
    if row.verdict is Verdict.BLOCKED:
        return "ineligible"
    if row.vote is not None and row.vote.passed is False:
        return "rejected"
    if row.verdict.may_proceed and row.vote is not None and row.vote.passed:
        return "passed"
    return "pending"


def _people(session: Session, awarded: list[NominationRow]) -> str | None:
    """Women and people working directly, counted among the people awarded (a
    person with two awards is one person)."""
    people = {r.recipient: r for r in awarded if r.subject == "person"}
    if not people:
        return None
    women = sum(1 for r in people.values() if records.is_female(r))
    leading = records.leaders(session, {r.person_id for r in people.values() if r.person_id})
    direct = sum(1 for r in people.values() if r.person_id not in leading)
    return (f"Trong số {fmt.count_text(len(people), 'cá nhân')} được khen thưởng có {women} nữ "
            f"({content.share(women, len(people))}); {direct} người lao động trực tiếp, không giữ chức vụ lãnh đạo "
            f"({content.share(direct, len(people))}).")


def _awards_told(session: Session, campaign: Campaign, told: Scope | None) -> Content:
    """Part III: the year's nominations; for a sơ kết, the papers signed within the period."""
    rows = records.rows(session, campaign)
    if not told:
        return _awards(session, rows)
    signed = [r for r in rows if r.status in ("awarded", "forwarded") and interim.within(told, r.decision_date)]
    if not signed:
        return content.bodies(f"Trong {told.label}, chưa có quyết định khen thưởng, tờ trình đề nghị khen "
                              "thưởng nào được ghi nhận trong chương trình.")
    return _awards(session, signed, within=told.label)


def _awards(session: Session, rows: list[NominationRow], within: str = "") -> Content:
    """Part III in figures: by form and title, collectives and individuals
    (each counted once, the awards beside), the share of women and of people
    working directly, prize money; what became of the nominations not decided."""
    if not rows:
        return content.bodies("Chưa có đề nghị khen thưởng nào được ghi nhận trong chương trình.")
    awarded = [r for r in rows if r.status == "awarded"]
    forwarded = [r for r in rows if r.status == "forwarded"]
    undecided = [r for r in rows if r.status == "proposed"]
    lines = []
    lead = f"Trong {within}, " if within else ""
    if awarded:
        lines.append(f"{lead}Chủ tịch Ủy ban nhân dân phường đã khen thưởng {content.counts_phrase(awarded)}.")
        lines.append(_people(session, awarded) or "")  # bodies() leaves out an empty line
        lines.append(f"Tổng số tiền thưởng: {format_money(sum(r.prize or 0 for r in awarded))} đồng.")
    else:
        lines.append(f"{lead}{'c' if lead else 'C'}hưa có quyết định khen thưởng nào của Chủ tịch Ủy ban nhân dân "
                     "phường được ghi nhận trong chương trình.")
    if forwarded:
        lines.append(f"Đã trình thành phố khen thưởng {content.counts_phrase(forwarded)}.")
    for outcome, sentence in UNDECIDED:
        chosen = [r for r in undecided if undecided_outcome(r) == outcome]
        if chosen:
            lines.append(sentence.format(content.counts_phrase(chosen)))
    out = content.bodies(*lines)
    table_rows = []
    for group, chosen in (("Phường khen thưởng", awarded), ("Đề nghị thành phố khen thưởng", forwarded)):
        if not chosen:
            continue
        table_rows.append(GroupRow(group))
        for n, (name, c) in enumerate(content.counts_by_title(chosen).items(), start=1):
            table_rows.append([n, name, c["unit"] or "", c["person"] or "", c["household"] or "",
                               format_money(c["prize"]) if c["prize"] else ""])
    if table_rows:
        columns = [Column("TT", 10, "center"), Column("Hình thức, danh hiệu", 63), Column("Tập thể", 19, "center"),
                   Column("Cá nhân", 19, "center"), Column("Hộ gia đình", 19, "center"),
                   Column("Tiền thưởng (đồng)", 35, "right")]
        out += table(columns, table_rows)
    return out


def _annexes(session: Session, who: Issuer, campaign: Campaign, number: str, options: Options,
             told: Scope | None) -> Content:
    """Phụ lục: the scoreboard by block; the lists of each decision of the year (of the period)."""
    day = common.dated(options.date, campaign.year)
    note = f"(Kèm theo Báo cáo số {number} {day} của {who.authority})"
    scores = ranking.annex_table(session, campaign, told.period if told else None)
    papers = [d for d in records.decisions(session, campaign) if not told or interim.within(told, d.signed_on)]
    lists = [award_lists.awardee_list(session, d.id) for d in papers]
    scoreboard = "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG CÁC ĐƠN VỊ THEO KHỐI THI ĐUA"
    if told:
        scoreboard = f"KẾT QUẢ CHẤM ĐIỂM CÁC ĐƠN VỊ THEO KHỐI THI ĐUA {fmt.upper(told.label)}"
    annexes = [x for x in ([scores] if scores else []) + lists]
    numbered = len(annexes) > 1
    parts: Content = []
    for n, annex in enumerate(annexes, start=1):
        label = f"Phụ lục {fmt.roman(n)}" if numbered else "Phụ lục"
        if isinstance(annex, list):  # the scoreboard, already a table
            parts += content.annex_heading(
                [label, scoreboard], note, page_break=n > 1)
            parts += annex
            continue
        # the list's own paper (“Kèm theo Quyết định số …”) becomes its subtitle: only the report is attached to
        own = " ".join(s.strip("()") for s in annex.subheadings if s.startswith("("))
        own = "Theo " + own[len("Kèm theo "):] if own.startswith("Kèm theo ") else own
        parts += content.annex_heading([label, annex.heading, own], note, page_break=n > 1)
        parts += content.list_table(annex)
    return parts
