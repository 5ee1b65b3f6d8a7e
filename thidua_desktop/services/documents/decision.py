"""Quyết định của Chủ tịch Ủy ban nhân dân phường tặng Giấy khen (or a title),
with its legal bases, three articles and the attached list.

From a decision recorded in the Awards area (its number, date, signer, the
awardees and their prizes); without one, a draft of the title chosen from the
nominations the council passed, saying that no decision is recorded yet.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import replace

from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain import money
from ...domain.text import format_money
from ...errors import UserError
from ...storage.models import AwardTitle
from .. import awards
from .. import settings as settings_service
from . import common, content, skeleton
from .common import Issuer, Options
from .ooxml import PORTRAIT, Run, para
from .records import Awardee, load_awardees
from .selection import chosen_decision, council_passed, decided
from .styles import new_package
from .template import Block, Field

KIND = "decision"

FIELDS = common.fields(
    common.HEADER_FIELDS,
    [Field("tham_quyen", "thẩm quyền ban hành, chữ in hoa (CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG …)"),
     Field("can_cu", "các căn cứ ban hành (in nghiêng)", block=True),
     Field("hinh_thuc", "hình thức, danh hiệu được tặng (Giấy khen, danh hiệu “…”)"),
     Field("tong_so", "số tập thể, cá nhân được khen thưởng"),
     Field("thanh_tich", "thành tích được khen thưởng"),
     Field("tien_thuong", "tiền thưởng, tổng số tiền và nguồn kinh phí"),
     Field("thi_hanh", "những người chịu trách nhiệm thi hành quyết định"),
     Field("danh_sach", "danh sách kèm theo quyết định", block=True)],
    common.SIGNATURE_FIELDS,
    common.EXTRA_FIELDS,
)

RECIPIENTS = ["Như Điều 3", "Thường trực Đảng ủy, HĐND phường"]


def template(session: Session, options: Options):
    def article(n: int, text: str, **ppr) -> str:
        return para([Run(f"Điều {n}. ", bold=True), text], "ND30Body", **ppr)

    body = (
        skeleton.header()
        + skeleton.title("QUYẾT ĐỊNH")
        + para(Run("{{tham_quyen}}", bold=True), "ND30Center", spacing={"before": "240", "after": "120"})
        + para("{{can_cu}}", "ND30Basis")
        + para(Run("QUYẾT ĐỊNH:", bold=True), "ND30Center", spacing={"before": "120", "after": "0"})
        + article(1, "Tặng {{hinh_thuc}} cho {{tong_so}} (có danh sách kèm theo) {{thanh_tich}}.")
        + article(2, "{{tien_thuong}}")
        + article(3, "Quyết định này có hiệu lực kể từ ngày ký. {{thi_hanh}}./.", keep_next=True)
        + para([], "ND30Body", keep_next=True)
        + skeleton.signature()
        + para("{{danh_sach}}", "ND30Body")
    )
    return new_package(body, PORTRAIT, title="Quyết định khen thưởng", author="")


def _title_row(session: Session, title_id: int | None, code: str) -> AwardTitle | None:
    if title_id is not None:
        return session.get(AwardTitle, title_id)
    if code:
        return awards.title_by_code(session, code)
    return None


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    warnings: list[str] = []
    recorded = chosen_decision(session, campaign, options, latest=True)
    meeting = None
    if recorded is not None:
        rows = decided(session, campaign, recorded)
        title = _title_row(session, recorded.title_id, "") or (
            _title_row(session, rows[0].title_id, "") if rows else None)
        number, day = recorded.number, recorded.signed_on
        if options.number and options.number != recorded.number:
            warnings.append(f"Dùng số của quyết định đã ghi nhận: {recorded.number}.")
        signer = _decision_signer(who, recorded.signer_name, recorded.signer_title, options)
        base_salary = recorded.base_salary
    else:
        code = options.title_code or _default_title(session, campaign, options)
        chosen = council_passed(session, campaign, replace(options, title_code=code), "ward")
        rows, meeting = chosen.rows, chosen.meeting
        title = _title_row(session, None, code)
        number, day = options.number, options.date
        signer = who.signer(options.deputy)
        base_salary = None
        warnings.append("Chưa có quyết định khen thưởng được ghi nhận trong chương trình: văn bản này là dự thảo "
                        f"từ danh sách đã qua Hội đồng ({title.name if title else code}).")
        warnings += chosen.notes
    if title is None:
        raise UserError("Quyết định chưa gắn với hình thức, danh hiệu khen thưởng nào.")
    if not rows:
        warnings.append("Danh sách kèm theo quyết định không có tập thể, cá nhân nào.")
    year = campaign.year
    doc_options = replace(options, number=number or "", date=day)
    give = (f"danh hiệu {fmt.quoted_title(title.name)}" if title.kind == "title" else
            f"{title.name} của {who.chairman_of}")
    summary = f"Về việc tặng {give if title.kind == 'title' else title.name} cho các tập thể, cá nhân " \
              f"có thành tích xuất sắc trong phong trào thi đua năm {year}"
    values = common.header_values(who, campaign, doc_options, who.symbol("QĐ"), summary)
    values.update(common.signature_values(who, doc_options, collective=False, signer=signer))
    values["tham_quyen"] = fmt.upper(who.chairman_of)
    values["can_cu"] = Block("".join(para(line, "ND30Basis") for line in _bases(session, who, campaign, meeting)))
    values["hinh_thuc"] = give
    values["tong_so"] = content.counts_phrase(rows) if rows else "(chưa có tập thể, cá nhân nào được Hội đồng thông qua)"
    achievement = str(settings_service.get(session, "documents.achievement")).replace("{nam}", str(year))
    values["thanh_tich"] = achievement
    rows, prize_notes = _with_prizes(session, title, rows, day, base_salary)
    warnings += prize_notes
    source = str(settings_service.get(session, "documents.prize_source")).replace("{nam}", str(year))
    values["tien_thuong"] = _prize_text(title, rows, source)
    values["thi_hanh"] = str(settings_service.get(session, "documents.decision_execution")).rstrip(" ./")
    values["noi_nhan"] = common.recipients_block(
        common.recipients_setting(session, KIND, RECIPIENTS), who.archive)
    dated = f" ngày {fmt.short_date(day)}" if day else ""
    note = f"(Kèm theo Quyết định số {values['so_ky_hieu']}{dated} của {who.chairman_of})"
    heading = ["DANH SÁCH", f"TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG {fmt.upper(give if title.kind == 'title' else title.name)}"]
    layout = content.ListLayout(wide=False, prize=any(a.prize for a in rows))
    annex = (content.annex_heading(heading, note, page_break=True, landscape=False)
             + (content.award_table(rows, layout, sort=options.sort) if rows
                else content.bodies("Không có tập thể, cá nhân nào trong danh sách.")))
    values["danh_sach"] = Block(annex)
    return common.Filled(values, campaign, values["so_ky_hieu"], day, warnings,
                         title=f"Quyết định tặng {title.name} năm {year}")


def _default_title(session: Session, campaign, options: Options) -> str:
    """The ward title with the most nominations; with none, the first form the
    ward gives (Giấy khen)."""
    counts: OrderedDict[str, int] = OrderedDict()
    for a in load_awardees(session, campaign):
        if a.title_level == "ward":
            counts[a.title_code] = counts.get(a.title_code, 0) + 1
    if counts:
        return max(counts, key=counts.get)
    ward_titles = [t for t in awards.titles(session, active_only=True) if t.level == "ward"]
    forms = [t for t in ward_titles if t.kind == "form"] or ward_titles
    if not forms:
        raise UserError("Danh mục khen thưởng chưa có hình thức nào do phường quyết định.")
    return forms[0].code


def _decision_signer(who: Issuer, name: str, title: str, options: Options) -> fmt.Signer:
    if not name:
        return who.signer(options.deputy)
    deputy = "PHÓ" in fmt.upper(title)
    return fmt.Signer(name, fmt.upper(title) or (who.chair.title if not deputy else "PHÓ CHỦ TỊCH"), deputy=deputy)


def _bases(session: Session, who: Issuer, campaign, meeting) -> list[str]:
    lines = [str(x) for x in settings_service.get(session, "documents.legal_bases")]
    plan = f"Kế hoạch số {campaign.number}" if campaign.number else "Kế hoạch"
    if campaign.number and campaign.issued_on:
        plan += f" ngày {fmt.short_date(campaign.issued_on)}"
    lines.append(f"Căn cứ {plan} của {who.authority} phát động phong trào thi đua năm {campaign.year}")
    if meeting is not None and meeting.held_at is not None:
        lines.append(f"Căn cứ Biên bản họp {who.council_name} ngày {fmt.short_date(meeting.held_at.date())}")
    office = who.staff_office
    proposer = (f"Trưởng phòng {office[len('Phòng '):]}" if office.lower().startswith("phòng ")
                else office or who.council_name)
    lines.append(f"Xét đề nghị của {proposer}")
    return fmt.basis_lines(lines)


def _with_prizes(session: Session, title: AwardTitle, rows: list[Awardee], day: dt.date | None,
                 base_salary: int | None) -> tuple[list[Awardee], list[str]]:
    """Prizes as recorded; where none is recorded, as the award rules compute it
    (base salary in force on the decision date)."""
    if all(a.prize is not None for a in rows):
        return rows, []
    rules = awards.money_rules(session)
    salary = base_salary or rules.base_on(day or dt.date.today()).amount
    for a in rows:
        if a.prize is None:
            a.prize = awards.prize_for(title, a.subject, salary, rules).amount or None
    notes = []
    if rows and title.level == "ward":
        notes.append(f"Tiền thưởng tính theo lương cơ sở {format_money(salary)} đồng"
                     + ("" if day else " đang áp dụng (quyết định chưa có ngày)") + ".")
    return rows, notes


def _prize_text(title: AwardTitle, rows: list[Awardee], source: str) -> str:
    paid = [a for a in rows if a.prize]
    if not paid:
        return f"Kèm theo {title.name if title.kind != 'title' else 'danh hiệu'} không có tiền thưởng."
    per_subject: OrderedDict[str, set[int]] = OrderedDict()
    for a in paid:
        per_subject.setdefault(a.subject, set()).add(a.prize)
    nouns = {"unit": "tập thể", "person": "cá nhân", "household": "hộ gia đình"}
    parts = []
    for subject in ("unit", "person", "household"):
        amounts = per_subject.get(subject)
        if amounts:
            parts.append(f"mỗi {nouns[subject]} được thưởng "
                         + " hoặc ".join(f"{format_money(x)} đồng" for x in sorted(amounts)))
    total = money.total(a.prize for a in paid)
    thing = title.name if title.kind != "title" else "danh hiệu"
    return (f"Kèm theo {thing}, {'; '.join(parts)}. Tổng số tiền thưởng: {format_money(total)} đồng "
            f"(Bằng chữ: {money.amount_in_words(total)}), chi từ {source}.")
