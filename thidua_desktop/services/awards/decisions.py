"""Decisions (Quyết định khen thưởng): recording, numbering awardees, prize money, freezing.

Recording a decision takes, for the chosen titles, the council's final lists
(passed, eligible, within the quota), numbers the awardees 1, 2, 3 … in the
order every list of the ward follows (``domain.award_order``: section, title,
unit, name; the number is the awardee's số sổ vàng in the decision), works
out each prize from the base salary in force on the signing date, and freezes
the lists: nominations, votes and the titles' rules they rest on cannot change.
Reopening needs a reason, which is kept in ``Decision.reopen_log`` and in the
audit trail; recording again refreezes with the lists as they are then.

A proposal to the city (a city-level title) is recorded the same way with the
number of the ward's Tờ trình; the city pays its own prizes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only

from ...domain import award_order, money
from ...domain.text import clean, clean_multiline, format_date, format_money
from ...domain.ward import check_document_number
from ...errors import UserError
from ...storage import audit
from ...storage.models import AwardTitle, Campaign, Decision, Nomination, now
from ...domain.roles import Action
from ..safety import accounts
from . import catalogue as awards, council, nominations
from .. import plan
from ..progress import Progress, no_progress


@dataclass
class DecisionInput:
    number: str
    signed_on: dt.date
    title_ids: list[int]
    signer_name: str = ""
    signer_title: str = ""
    session_id: int | None = None
    note: str = ""


def decisions(session: Session, campaign: Campaign) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.campaign_id == campaign.id)
                                .order_by(Decision.signed_on, Decision.id)))


def get(session: Session, decision_id: int) -> Decision:
    d = session.get(Decision, decision_id)
    if d is None:
        raise UserError("Quyết định không còn.")
    return d


def members(session: Session, decision: Decision) -> list[Nomination]:
    return list(session.scalars(select(Nomination).where(Nomination.decision_id == decision.id)
                                .order_by(Nomination.decision_seq, Nomination.id)))


def title_ids_of(session: Session, decision: Decision) -> list[int]:
    if decision.title_id is not None:
        return [decision.title_id]
    return sorted({n.title_id for n in members(session, decision)})


def titles_text(session: Session, decision: Decision) -> str:
    return ", ".join(session.get(AwardTitle, t).name for t in title_ids_of(session, decision))


def is_city(titles: list[AwardTitle]) -> bool:
    return all(t.level == "city" for t in titles)


def kind_label(session: Session, decision: Decision) -> str:
    titles = [session.get(AwardTitle, i) for i in title_ids_of(session, decision)]
    return "Tờ trình đề nghị thành phố" if titles and is_city(titles) else "Quyết định khen thưởng"


def _check(session: Session, campaign: Campaign, data: DecisionInput, decision_id: int | None) -> list[AwardTitle]:
    accounts.require(session, Action.EDIT_DATA)
    problems = []
    number = clean(data.number)
    if not number:
        problems.append("Chưa ghi số, ký hiệu của quyết định (ví dụ 125/QĐ-UBND).")
    else:
        problem = check_document_number(number)
        if problem:
            problems.append(problem)
        same = session.scalar(select(Decision).where(Decision.campaign_id == campaign.id,
                                                     Decision.number == number))
        if same is not None and same.id != decision_id:
            problems.append(f"Đã có văn bản số {number} ngày {format_date(same.signed_on)}.")
    if data.signed_on is None:
        problems.append("Chưa ghi ngày ký.")
    titles = [session.get(AwardTitle, i) for i in data.title_ids]
    if not data.title_ids or any(t is None for t in titles):
        problems.append("Chưa chọn danh hiệu, hình thức khen thưởng của quyết định.")
    elif len({t.level for t in titles}) > 1:
        problems.append("Một văn bản không gộp danh hiệu phường quyết định với danh hiệu đề nghị thành phố.")
    if problems:
        raise UserError("\n".join(problems))
    return titles  # type: ignore[return-value]


def record(session: Session, campaign: Campaign, data: DecisionInput, actor: str = "",
           progress: Progress = no_progress) -> Decision:
    """Record a decision over the council's final lists of ``data.title_ids`` and freeze it."""
    titles = _check(session, campaign, data, None)
    ward = plan.ward(session)
    d = Decision(campaign_id=campaign.id, number=clean(data.number), signed_on=data.signed_on,
                 title_id=titles[0].id if len(titles) == 1 else None,
                 signer_name=clean(data.signer_name) or ward.signer_name,
                 signer_title=clean(data.signer_title) or ward.signer_title,
                 session_id=data.session_id, note=clean_multiline(data.note), frozen=False, reopen_log=[])
    session.add(d)
    session.flush()
    count = _assign(session, campaign, d, [t.id for t in titles], progress)
    d.frozen = True
    audit.record_event(session, "decision", f"{kind_label(session, d)} số {d.number}",
                       f"Ghi nhận và khóa danh sách ({count} người/tập thể)", entity_id=d.id)
    session.flush()
    return d


def _assign(session: Session, campaign: Campaign, d: Decision, title_ids: list[int],
            progress: Progress = no_progress) -> int:
    """Attach the chosen nominees to ``d``: numbers and prizes."""
    progress(0, 3, "Đang kiểm tra lại điều kiện…")
    nominations.recheck(session, campaign)
    progress(1, 3, "Đang lập danh sách cuối cùng…")
    lists = council.final_lists(session, campaign, title_ids)
    chosen = [e.row for fl in lists for e in fl.chosen if e.row.decision_id in (None, d.id)]
    if not chosen:
        summary = "; ".join(fl.summary() for fl in lists) or "chưa có đề nghị nào"
        raise UserError("Chưa có ai đủ điều kiện và đạt phiếu để ghi vào quyết định. " + summary)
    titles = [session.get(AwardTitle, i) for i in title_ids]
    city = is_city(titles)
    rules = awards.money_rules(session)
    if not city:
        step = rules.base_on(d.signed_on)
        d.base_salary = step.amount
    else:
        d.base_salary = None
    ordered = award_order.ordered(chosen)  # the numbers every list and certificate prints
    progress(2, 3, "Đang tính tiền thưởng…")
    prizes = prize_plan(session, campaign, d, ordered, rules) if not city else {}
    loaded = {n.id: n for n in session.scalars(select(Nomination).where(Nomination.id.in_([r.id for r in ordered])))}
    for seq, row in enumerate(ordered, start=1):
        n = loaded[row.id]
        n.decision_id = d.id
        n.decision_seq = seq
        n.status = "forwarded" if city else "awarded"
        n.prize_amount = prizes[row.id].amount if row.id in prizes else None
    progress(3, 3, "Đang ghi…")
    session.flush()
    return len(ordered)


def prize_plan(session: Session, campaign: Campaign, d: Decision, rows: list[nominations.NominationRow],
               rules: awards.MoneyRules) -> dict[int, money.Prize]:
    """Each awardee's prize with its explanation.

    NĐ 152/2025 Điều 49: for the same achievement a subject with several
    danh hiệu receives only the highest amount (setting
    ``money.highest_title_only``); a danh hiệu and a hình thức are both paid.
    Amounts already paid for a danh hiệu in another decision of the year count
    towards the highest."""
    base = d.base_salary or 0
    out: dict[int, money.Prize] = {}
    titles = {t.id: t for t in awards.titles(session)}
    each: dict[tuple[int, str], money.Prize] = {}  # the same for every awardee of a title and subject
    for row in rows:
        kind = (row.title_id, row.subject)
        if kind not in each:
            each[kind] = awards.prize_for(titles[row.title_id], row.subject, base, rules)
        out[row.id] = each[kind]
    if not rules.highest_title_only:
        return out
    paid_elsewhere: dict[tuple, tuple[int, str]] = {}
    numbers = {x.id: x.number for x in session.scalars(select(Decision).where(Decision.campaign_id == campaign.id))}
    paid = load_only(Nomination.subject, Nomination.unit_id, Nomination.person_id, Nomination.household_name,
                     Nomination.household_address, Nomination.title_id, Nomination.decision_id,
                     Nomination.prize_amount)  # what is read here, not the findings (JSON)
    everyone = {n.id: n for n in session.scalars(select(Nomination).where(Nomination.campaign_id == campaign.id)
                                                 .options(paid))}
    for n in everyone.values():
        t = titles.get(n.title_id)
        if n.decision_id in (None, d.id) or t is None or t.kind != "title" or not n.prize_amount:
            continue
        key = nominations.subject_key(n)
        if key not in paid_elsewhere or paid_elsewhere[key][0] < n.prize_amount:
            paid_elsewhere[key] = (n.prize_amount, f"{t.name} theo Quyết định số {numbers[n.decision_id]}")
    groups: dict[tuple, list[nominations.NominationRow]] = {}
    for row in rows:
        if titles[row.title_id].kind == "title":
            groups.setdefault(nominations.subject_key(everyone[row.id]), []).append(row)
    for key, group in groups.items():
        group.sort(key=lambda r: -out[r.id].amount)
        best = group[0]
        for other in group[1:]:
            prize = out[other.id]
            out[other.id] = money.Prize(0, prize.steps + (
                f"cùng thành tích đã nhận mức cao hơn ({titles[best.title_id].name}): không chi thêm",))
        if key in paid_elsewhere:
            paid, what = paid_elsewhere[key]
            prize = out[best.id]
            extra = max(0, prize.amount - paid)
            out[best.id] = money.Prize(extra, prize.steps + (
                f"đã nhận {format_money(paid)} đ ({what}): chi phần chênh lệch {format_money(extra)} đ",))
    return out


def prizes_of(session: Session, d: Decision,
              rows: list[nominations.NominationRow] | None = None) -> dict[int, money.Prize]:
    """The prizes of a recorded decision, with their explanations (for lists
    and screens); ``rows``: the decision's rows when the caller has them."""
    campaign = session.get(Campaign, d.campaign_id)
    if d.base_salary is None:
        return {}
    if rows is None:
        rows = nominations.rows(session, campaign, decision_id=d.id)
    return prize_plan(session, campaign, d, rows, awards.money_rules(session))


def _log(d: Decision, action: str, actor: str, reason: str) -> None:
    entry = {"at": now().isoformat(sep=" "), "by": actor, "action": action, "reason": reason}
    d.reopen_log = [*(d.reopen_log or []), entry]


def reopen(session: Session, decision_id: int, reason: str, actor: str = "") -> Decision:
    accounts.require(session, Action.EDIT_DATA)
    d = get(session, decision_id)
    reason = clean_multiline(reason)
    if len(reason) < 5:
        raise UserError("Mở khóa quyết định phải ghi rõ lý do.")
    if not d.frozen:
        raise UserError(f"Quyết định số {d.number} đang mở, không cần mở khóa.")
    d.frozen = False
    _log(d, "mở khóa", actor or session.info.get("actor", ""), reason)
    audit.record_event(session, "decision", f"Quyết định số {d.number}", reason, {"frozen": [True, False]}, d.id)
    session.flush()
    return d


def refreeze(session: Session, decision_id: int, data: DecisionInput | None = None, actor: str = "",
             progress: Progress = no_progress) -> Decision:
    """Record the (reopened) decision again with the lists as they are now, and freeze it."""
    d = get(session, decision_id)
    if d.frozen:
        raise UserError(f"Quyết định số {d.number} đang khóa.")
    campaign = session.get(Campaign, d.campaign_id)
    title_ids = data.title_ids if data is not None else title_ids_of(session, d)
    if data is not None:
        titles = _check(session, campaign, data, d.id)
        d.number, d.signed_on = clean(data.number), data.signed_on
        d.title_id = titles[0].id if len(titles) == 1 else None
        d.signer_name = clean(data.signer_name) or d.signer_name
        d.signer_title = clean(data.signer_title) or d.signer_title
        d.session_id, d.note = data.session_id, clean_multiline(data.note)
    _release(session, d)
    count = _assign(session, campaign, d, title_ids, progress)
    d.frozen = True
    _log(d, "khóa lại", actor or session.info.get("actor", ""), f"ghi lại danh sách ({count})")
    audit.record_event(session, "decision", f"Quyết định số {d.number}", "Ghi lại và khóa danh sách",
                       {"frozen": [False, True]}, d.id)
    session.flush()
    return d


def _release(session: Session, d: Decision) -> None:
    for n in members(session, d):
        n.decision_id = None
        n.decision_seq = None
        n.prize_amount = None
        n.status = "proposed"
    session.flush()


def cancel(session: Session, decision_id: int, reason: str) -> None:
    """Remove a reopened decision (its awardees go back to proposals)."""
    accounts.require(session, Action.EDIT_DATA)
    d = get(session, decision_id)
    if d.frozen:
        raise UserError(f"Quyết định số {d.number} đang khóa; hãy mở khóa (ghi lý do) trước khi hủy.")
    reason = clean_multiline(reason)
    if len(reason) < 5:
        raise UserError("Hủy quyết định phải ghi rõ lý do.")
    _release(session, d)
    audit.record_event(session, "decision", f"Quyết định số {d.number}", reason, {"deleted": True}, d.id)
    session.delete(d)
    session.flush()


def total_prize(session: Session, d: Decision) -> int:
    return money.total(n.prize_amount for n in members(session, d))


# --- as plain data (the page and ``thidua decisions``) ----------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    id: int
    number: str
    signed_on: dt.date
    kind: str
    titles: str
    count: int
    prize: int
    base_salary: int | None
    frozen: bool
    log: list


def _row(session: Session, d: Decision) -> DecisionRow:
    return DecisionRow(d.id, d.number, d.signed_on, kind_label(session, d), titles_text(session, d),
                       len(members(session, d)), total_prize(session, d), d.base_salary, d.frozen,
                       list(d.reopen_log or []))


def rows(session: Session) -> list[DecisionRow]:
    """The decisions of the current year, in signing order."""
    return [_row(session, d) for d in decisions(session, plan.current_campaign(session))]


def row(session: Session, decision_id: int) -> DecisionRow:
    return _row(session, get(session, decision_id))


@dataclass
class Overview:
    lists: list[council.FinalList]
    decisions: list[DecisionRow]


def overview(session: Session) -> Overview:
    """The council's final lists and the decisions recorded on them, for the current year."""
    campaign = plan.current_campaign(session)
    found = nominations.rows(session, campaign, include_withdrawn=False)
    return Overview(council.final_lists(session, campaign, rows=found), rows(session))


@dataclass
class DecisionForm:
    """What the decision form offers: titles with nominees ready, sessions, the default signer."""

    titles: list[tuple[int, str, str, int]]  # id, name, level, nominees ready
    sessions: list[tuple[int, str]]
    signer: tuple[str, str]
    data: DecisionInput | None  # the decision being recorded again
    chosen: list[int] | None


def form(session: Session, decision_id: int | None = None) -> DecisionForm:
    campaign = plan.current_campaign(session)
    ward = plan.ward(session)
    titles = []
    for fl in council.final_lists(session, campaign):
        ready = [e for e in fl.chosen if e.row.decision_id in (None, decision_id)]
        if ready:
            titles.append((fl.title.id, fl.title.name, fl.title.level, len(ready)))
    sessions = [(s.id, nominations.session_label(s)) for s in council.sessions(session, campaign)]
    data = decision_input(session, decision_id) if decision_id is not None else None
    return DecisionForm(titles, sessions, (ward.signer_name, ward.signer_title), data,
                        data.title_ids if data is not None else None)


def decision_input(session: Session, decision_id: int) -> DecisionInput:
    """A recorded decision as the form edits it."""
    d = get(session, decision_id)
    return DecisionInput(d.number, d.signed_on, title_ids_of(session, d), d.signer_name, d.signer_title,
                         d.session_id, d.note)


def record_current(session: Session, data: DecisionInput, actor: str = "",
                   progress: Progress = no_progress) -> DecisionRow:
    """:func:`record` in the current year (the page's “Ghi quyết định”, ``thidua decisions record``)."""
    return _row(session, record(session, plan.current_campaign(session), data, actor, progress))
