"""Quyết định của Chủ tịch Ủy ban nhân dân phường tặng Giấy khen (or a title),
with its legal bases, three articles and the attached list.

From a decision recorded in the Awards area (its number, date, signer, the
awardees and their prizes); without one, a draft of the title chosen from the
nominations the council passed, saying that no decision is recorded yet.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from docx.shared import Pt
from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain import money
from ...domain.text import format_money
from ...errors import UserError
from ...storage.models import AwardTitle
from ..awards import lists as award_lists, catalogue as awards
from .. import settings as settings_service
from ..awards.nominations import NominationRow
from . import common, content, records, skeleton
from .common import Issuer, Options
from .build import Content, Run, para, paras
from .ooxml import PORTRAIT
from .selection import chosen_decision, chosen_meeting, passed, titles_for
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
    def article(n: int, text: str, **layout) -> Content:
        return para([Run(f"Điều {n}. ", bold=True), text], "ND30Body", **layout)

    body = (
        skeleton.header()
        + skeleton.title("QUYẾT ĐỊNH")
        + para(Run("{{tham_quyen}}", bold=True), "ND30Center", before=Pt(12), after=Pt(6))
        + para("{{can_cu}}", "ND30Basis")
        + para(Run("QUYẾT ĐỊNH:", bold=True), "ND30Center", before=Pt(6), after=Pt(0))
        + article(1, "Tặng {{hinh_thuc}} cho {{tong_so}} (có danh sách kèm theo) {{thanh_tich}}.")
        + article(2, "{{tien_thuong}}")
        + article(3, "Quyết định này có hiệu lực kể từ ngày ký. {{thi_hanh}}./.", keep_next=True)
        + para([], "ND30Body", keep_next=True)
        + skeleton.signature()
        + para("{{danh_sach}}", "ND30Body")
    )
    return new_package(body, PORTRAIT, title="Quyết định khen thưởng", author="")


def fill(session: Session, options: Options) -> common.Filled:
    who = common.issuer(session)
    campaign = common.campaign_of(session, options)
    warnings: list[str] = []
    recorded = chosen_decision(session, campaign, options)
    if recorded is not None and recorded.city:
        raise UserError(f"{recorded.label()} là văn bản đề nghị thành phố; hãy lập tờ trình (cấp thành phố).")
    meeting = None
    title_map = records.titles(session)
    awarded = None
    if recorded is not None:
        awarded = records.decision_rows(session, campaign, recorded.id)  # built once: the text and the list
        rows = [r for r in awarded if r.active]
        ids = recorded.title_ids
        number, day = recorded.number, recorded.signed_on
        signer = _decision_signer(who, recorded.signer_name, recorded.signer_title, options)
        if recorded.session_id is not None:
            meeting = next((m for m in records.meetings(session, campaign) if m.id == recorded.session_id), None)
    else:
        title = titles_for(session, "ward", options.title_code or _default_title(session, campaign))[0]
        chosen = passed(session, campaign, [title.id])
        rows, ids = chosen.rows, [title.id]
        meeting = chosen_meeting(session, campaign, options)
        number, day = options.number, options.date
        signer = who.signer(options.deputy)
        warnings.append("Chưa có quyết định khen thưởng được ghi nhận trong chương trình: văn bản này là dự thảo "
                        f"từ danh sách đã qua Hội đồng ({title.name}).")
        warnings += chosen.notes
        rows, prize_notes = _draft_prizes(session, title, rows, day)
        warnings += prize_notes
    if not rows:
        warnings.append("Danh sách kèm theo quyết định không có tập thể, cá nhân nào.")
    chosen_titles = [title_map[i] for i in ids if i in title_map]
    year = campaign.year
    doc_options = replace(options, number=number or "", date=day)
    give = _give_phrase(chosen_titles, who)
    summary = (f"Về việc tặng {_give_phrase(chosen_titles, who, short=True)} cho "
               f"{content.subjects_phrase(content.subjects_of(chosen_titles, rows))} có thành tích xuất sắc trong phong trào "
               f"thi đua năm {year}")
    values = common.header_values(who, campaign, doc_options, who.symbol("QĐ"), summary)
    values.update(common.signature_values(who, doc_options, collective=False, signer=signer))
    values["tham_quyen"] = fmt.upper(who.chairman_of)
    warnings += [w for w in [common.plan_missing(campaign)] if w]
    values["can_cu"] = Block(paras(_bases(session, who, campaign, meeting), "ND30Basis"))
    values["hinh_thuc"] = give
    values["tong_so"] = (content.counts_phrase(rows) if rows
                         else "(chưa có tập thể, cá nhân nào được Hội đồng thông qua)")
    achievement = str(settings_service.get(session, "documents.achievement")).replace("{nam}", str(year))
    values["thanh_tich"] = achievement
    source = str(settings_service.get(session, "documents.prize_source")).replace("{nam}", str(year))
    values["tien_thuong"] = _prize_text(chosen_titles, rows, source)
    values["thi_hanh"] = str(settings_service.get(session, "documents.decision_execution")).rstrip(" ./")
    values["noi_nhan"] = common.recipients_block(
        common.recipients_setting(session, KIND, RECIPIENTS), who.archive)
    if recorded is not None:
        award_list = award_lists.awardee_list(session, recorded.id, awarded)
    else:
        attached = f"Quyết định số {values['so_ky_hieu']} {common.dated(day, year)}"
        award_list = award_lists.proposal_list(session, campaign, "passed", ids,
                                                attached_to=f"{attached} của {who.chairman_of}", on=day)
    values["danh_sach"] = Block(content.list_heading(award_list) + content.list_table(award_list),
                                landscape=True)
    return common.Filled(values, campaign, values["so_ky_hieu"], day, warnings,
                         title=f"Quyết định khen thưởng năm {year}",
                         recorded=recorded.number if recorded is not None else "")


def _give_phrase(titles: list[AwardTitle], who: Issuer, short: bool = False) -> str:
    """What the decision gives: ``Giấy khen của Chủ tịch …`` and/or
    ``danh hiệu “Lao động tiên tiến”, “Chiến sĩ thi đua cơ sở”`` (Điều 1); in
    the summary (``short``) several titles read ``các danh hiệu thi đua``."""
    names = [fmt.quoted_title(t.name) for t in titles if t.kind == "title"]
    forms = [t.name if short else f"{t.name} của {who.chairman_of}" for t in titles if t.kind != "title"]
    parts = forms
    if len(names) == 1:
        parts = parts + [f"danh hiệu {names[0]}"]
    elif names:
        parts = parts + ["các danh hiệu thi đua" if short else "danh hiệu " + _enumerate(names)]
    return _enumerate(parts) or "Giấy khen"


def _enumerate(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1] if items else ""


def _default_title(session: Session, campaign) -> str:
    """The ward title with the most nominations; with none, the first form the
    ward gives (Giấy khen)."""
    counts: dict[str, int] = {}
    for r in records.rows(session, campaign):
        if r.title_level == "ward":
            counts[r.title_code] = counts.get(r.title_code, 0) + 1
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
    lines.append(common.plan_basis(who, campaign))
    lines.append(common.minutes_basis(who, meeting) or "")
    office = who.staff_office
    proposer = (f"Trưởng phòng {office[len('Phòng '):]}" if office.lower().startswith("phòng ")
                else office or who.council_name)
    lines.append(f"Xét đề nghị của {proposer}")
    return fmt.basis_lines(lines)


def _draft_prizes(session: Session, title: AwardTitle, rows: list[NominationRow],
                  day: dt.date | None) -> tuple[list[NominationRow], list[str]]:
    """A draft's prizes as the award rules compute them (base salary in force on
    the decision date); a recorded decision carries its own."""
    rules = awards.money_rules(session)
    salary = rules.base_on(day or dt.date.today()).amount
    for r in rows:
        r.prize = awards.prize_for(title, r.subject, salary, rules).amount or None
    notes = []
    if rows and title.level == "ward":
        notes.append(f"Tiền thưởng tính theo lương cơ sở {format_money(salary)} đồng"
                     + ("" if day else " đang áp dụng (quyết định chưa có ngày)") + ".")
    return rows, notes


def _prize_text(titles: list[AwardTitle], rows: list[NominationRow], source: str) -> str:
    paid = [r for r in rows if r.prize]
    thing = titles[0].name if len(titles) == 1 and titles[0].kind != "title" else (
        "danh hiệu" if len(titles) == 1 else "danh hiệu, hình thức khen thưởng")
    if not paid:
        return f"Kèm theo {thing} không có tiền thưởng."
    total = money.total(r.prize for r in paid)
    tail = (f"Tổng số tiền thưởng: {format_money(total)} đồng (Bằng chữ: {money.amount_in_words(total)}), "
            f"chi từ {source}.")
    if len(titles) > 1:
        return f"Mức tiền thưởng của từng tập thể, cá nhân ghi trong danh sách kèm theo. {tail}"
    per_subject: dict[str, set[int]] = {}
    for r in paid:
        per_subject.setdefault(r.subject, set()).add(r.prize)
    parts = []
    for subject in ("unit", "person", "household"):
        amounts = per_subject.get(subject)
        if amounts:
            parts.append(f"mỗi {records.SUBJECT_NOUNS[subject]} được thưởng "
                         + " hoặc ".join(f"{format_money(x)} đồng" for x in sorted(amounts)))
    return f"Kèm theo {thing}, {'; '.join(parts)}. {tail}"
