"""Nominations (đề nghị khen thưởng): recording them, checking eligibility, listing.

A nomination names a subject (a unit, a person, or a household), the title or
form proposed, the proposing unit, an achievement summary and, for a person,
the year's task-completion rating. Every change re-runs the eligibility rules
of ``domain.eligibility`` on the whole year's nominations (the rules look at
each other: "Chiến sĩ thi đua cơ sở" needs an accepted "Lao động tiên tiến",
a collective needs 70 % of its members "Lao động tiên tiến") and stores the
findings in ``Nomination.check_report``; a warning the clerk accepted stays
accepted while it is found again unchanged.

A nomination inside a recorded (frozen) decision cannot be changed; the
decision must be reopened with a reason first (``services.awards.decisions``).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...domain import award_order
from ...domain import eligibility as el
from ...domain.awards import NOMINATION_STATUSES as STATUSES
from ...domain.council import Attendance, female_priority, share_text, tally
from ...domain.text import (
    clean, clean_multiline, collation_key, fold, format_date, format_number, person_sort_key, unique_key,
)
from ...domain.units import DISCIPLINES, RATINGS
from ...errors import UserError
from ...storage import concurrency
from ...storage.models import (
    AwardTitle,
    Campaign,
    CouncilSession,
    Decision,
    Nomination,
    Person,
    PersonYear,
    Unit,
    Vote,
)
from ...domain.roles import Action
from ..safety import accounts
from . import catalogue as awards
from . import past
from .. import plan, settings

ACTIVE = ("proposed", "awarded", "forwarded")


# --- frozen lists --------------------------------------------------------------------


def frozen_decision(session: Session, nomination: Nomination) -> Decision | None:
    if nomination.decision_id is None:
        return None
    decision = session.get(Decision, nomination.decision_id)
    return decision if decision is not None and decision.frozen else None


def guard(session: Session, nomination: Nomination, what: str = "sửa") -> None:
    """Refuse to change a nomination that a frozen decision rests on."""
    decision = frozen_decision(session, nomination)
    if decision is not None:
        raise UserError(f"Không {what} được: đề nghị của {subject_name(nomination)} thuộc Quyết định số "
                        f"{decision.number} ngày {format_date(decision.signed_on)} đã khóa. "
                        "Muốn thay đổi, hãy mở khóa quyết định (ghi lý do) trước.")


# --- names -----------------------------------------------------------------------------


def subject_name(n: Nomination) -> str:
    if n.subject == "unit" and n.unit is not None:
        return n.unit.name
    if n.subject == "person" and n.person is not None:
        return n.person.full_name
    return n.household_name


def subject_key(n: Nomination) -> tuple:
    if n.subject == "unit":
        return ("unit", n.unit_id)
    if n.subject == "person":
        return ("person", n.person_id)
    return ("household", unique_key(n.household_name), unique_key(n.household_address))


# --- input -------------------------------------------------------------------------------


@dataclass
class NominationInput:
    subject: str  # unit / person / household
    title_code: str
    unit_id: int | None = None  # the collective nominated
    person_id: int | None = None
    household_name: str = ""
    household_address: str = ""
    proposing_unit_id: int | None = None
    summary: str = ""
    achievement_key: str = ""
    rating: str = ""
    note: str = ""


@dataclass
class PersonStanding:
    """PersonYear: what the rules read about a person this year."""

    rating: str = ""
    discipline: str = ""
    under_review: bool = False
    initiative: str = ""


def _check_input(session: Session, data: NominationInput) -> AwardTitle:
    accounts.require(session, Action.EDIT_DATA)
    problems = []
    if data.subject not in awards.SUBJECTS:
        problems.append("Chưa chọn đối tượng (tập thể, cá nhân hoặc hộ gia đình).")
    title = awards.find_title(session, data.title_code)
    if title is None:
        problems.append(f"Không có danh hiệu, hình thức “{data.title_code}”.")
    if data.subject == "unit" and (data.unit_id is None or session.get(Unit, data.unit_id) is None):
        problems.append("Chưa chọn tập thể được đề nghị.")
    if data.subject == "person" and (data.person_id is None or session.get(Person, data.person_id) is None):
        problems.append("Chưa chọn cá nhân được đề nghị.")
    if data.subject == "household" and not clean(data.household_name):
        problems.append("Chưa ghi tên hộ gia đình (ví dụ: Hộ ông Nguyễn Văn An).")
    if data.rating and data.rating not in RATINGS:
        problems.append(f"Mức xếp loại “{data.rating}” không có.")
    if data.proposing_unit_id is not None and session.get(Unit, data.proposing_unit_id) is None:
        problems.append("Đơn vị đề nghị không còn.")
    if problems:
        raise UserError("\n".join(problems))
    assert title is not None
    return title


def _apply(session: Session, n: Nomination, data: NominationInput, title: AwardTitle) -> None:
    n.subject = data.subject
    n.title_id = title.id
    n.unit_id = data.unit_id if data.subject == "unit" else None
    n.person_id = data.person_id if data.subject == "person" else None
    n.household_name = clean(data.household_name) if data.subject == "household" else ""
    n.household_address = clean(data.household_address) if data.subject == "household" else ""
    proposing = data.proposing_unit_id
    if proposing is None and data.subject == "unit":
        proposing = data.unit_id
    if proposing is None and data.subject == "person":
        person = session.get(Person, data.person_id)
        proposing = person.unit_id if person else None
    n.proposing_unit_id = proposing
    n.summary = clean_multiline(data.summary)
    n.achievement_key = clean(data.achievement_key)
    n.rating = data.rating if data.subject == "person" else ""
    n.note = clean_multiline(data.note)


def create(session: Session, campaign: Campaign, data: NominationInput, recheck_all: bool = True) -> Nomination:
    title = _check_input(session, data)
    n = Nomination(campaign_id=campaign.id, status="proposed", check_report=[])
    _apply(session, n, data, title)
    session.add(n)
    session.flush()
    if recheck_all:
        recheck(session, campaign)
    return n


def get(session: Session, nomination_id: int) -> Nomination:
    n = session.get(Nomination, nomination_id)
    if n is None:
        raise UserError("Đề nghị khen thưởng không còn (có thể đã bị xóa).")
    return n


def update(session: Session, nomination_id: int, data: NominationInput, version: int | None = None) -> Nomination:
    """Change a nomination; ``version``: the one the clerk's screen showed, so a change
    over another clerk's newer save is refused (several clerks on one server)."""
    n = get(session, nomination_id)
    concurrency.expect(n, version)
    guard(session, n)
    title = _check_input(session, data)
    _apply(session, n, data, title)
    session.flush()
    recheck(session, session.get(Campaign, n.campaign_id))
    return n


def delete(session: Session, nomination_id: int) -> None:
    accounts.require(session, Action.EDIT_DATA)
    n = get(session, nomination_id)
    guard(session, n, "xóa")
    votes = session.scalar(select(Vote.id).where(Vote.nomination_id == n.id).limit(1))
    if votes is not None:
        raise UserError(f"Đề nghị của {subject_name(n)} đã có kết quả biểu quyết của Hội đồng; không xóa được. "
                        "Hãy dùng “Rút đề nghị” (ghi lý do).")
    campaign = session.get(Campaign, n.campaign_id)
    session.delete(n)
    session.flush()
    recheck(session, campaign)


def withdraw(session: Session, nomination_id: int, reason: str) -> None:
    accounts.require(session, Action.EDIT_DATA)
    n = get(session, nomination_id)
    guard(session, n, "rút")
    reason = clean_multiline(reason)
    if not reason:
        raise UserError("Rút đề nghị phải ghi lý do.")
    n.status = "withdrawn"
    n.note = (n.note + "\n" if n.note else "") + f"Rút đề nghị: {reason}"
    session.flush()
    recheck(session, session.get(Campaign, n.campaign_id))


def restore(session: Session, nomination_id: int) -> None:
    n = get(session, nomination_id)
    if n.status == "withdrawn":
        n.status = "proposed"
        session.flush()
        recheck(session, session.get(Campaign, n.campaign_id))


def accept_warnings(session: Session, nomination_id: int, reason: str) -> None:
    """The clerk accepts the warnings of a nomination, with a reason kept."""
    accounts.require(session, Action.EDIT_DATA)
    n = get(session, nomination_id)
    guard(session, n)
    reason = clean_multiline(reason)
    if len(reason) < 5:
        raise UserError("Hãy ghi rõ lý do chấp nhận cảnh báo (ít nhất vài chữ).")
    findings = [el.Finding.from_json(f) for f in n.check_report or []]
    if not any(f.severity == el.Mode.WARN.value for f in findings):
        raise UserError("Đề nghị này không có cảnh báo nào cần chấp nhận.")
    n.check_report = [f.to_json() for f in el.accept_warnings(findings)]
    n.override_reason = reason
    session.flush()


def clear_acceptance(session: Session, nomination_id: int) -> None:
    n = get(session, nomination_id)
    guard(session, n)
    n.check_report = [{**f, "overridden": False} for f in n.check_report or []]
    n.override_reason = ""
    session.flush()


def person_standing(session: Session, campaign: Campaign, person_id: int) -> PersonStanding:
    row = session.scalar(select(PersonYear).where(PersonYear.campaign_id == campaign.id,
                                                  PersonYear.person_id == person_id))
    if row is None:
        return PersonStanding()
    return PersonStanding(row.rating, row.discipline, row.under_review, row.initiative)


def set_person_standing(session: Session, campaign: Campaign, person_id: int, standing: PersonStanding,
                        recheck_all: bool = True) -> None:
    accounts.require(session, Action.EDIT_DATA)
    if standing.rating and standing.rating not in RATINGS:
        raise UserError(f"Mức xếp loại “{standing.rating}” không có.")
    if standing.discipline and standing.discipline not in DISCIPLINES:
        raise UserError(f"Hình thức kỷ luật “{standing.discipline}” không có.")
    row = session.scalar(select(PersonYear).where(PersonYear.campaign_id == campaign.id,
                                                  PersonYear.person_id == person_id))
    if row is None:
        row = PersonYear(campaign_id=campaign.id, person_id=person_id)
        session.add(row)
    row.rating, row.discipline = standing.rating, standing.discipline
    row.under_review, row.initiative = bool(standing.under_review), clean_multiline(standing.initiative)
    session.flush()
    if recheck_all:
        recheck(session, campaign)


# --- eligibility -------------------------------------------------------------------------


def _load(session: Session, campaign: Campaign, decision_id: int | None = None) -> list[Nomination]:
    query = select(Nomination).where(Nomination.campaign_id == campaign.id)
    if decision_id is not None:
        query = query.where(Nomination.decision_id == decision_id)
    return list(session.scalars(
        query
        .options(selectinload(Nomination.title), selectinload(Nomination.person).selectinload(Person.unit),
                 selectinload(Nomination.unit), selectinload(Nomination.proposing_unit))
        .order_by(Nomination.id)))


@dataclass
class CheckSummary:
    total: int
    counts: dict[str, int]

    def text(self) -> str:
        parts = [f"{self.counts.get(v.value, 0)} {v.label.lower()}" for v in el.Verdict
                 if self.counts.get(v.value)]
        return f"Đã kiểm tra {self.total} đề nghị: " + (", ".join(parts) or "không có đề nghị nào")


def recheck(session: Session, campaign: Campaign, unit_scores: dict | None = None) -> CheckSummary:
    """Run every rule on every nomination of the year and store the findings."""
    session.flush()
    with session.no_autoflush:
        findings = evaluate_all(session, campaign, unit_scores)
    counts: Counter[str] = Counter()
    for n in _load(session, campaign):
        new = findings.get(n.id)
        if new is None:
            continue
        if frozen_decision(session, n) is not None:
            counts[el.verdict(el.Finding.from_json(f) for f in n.check_report or []).value] += 1
            continue
        old = [el.Finding.from_json(f) for f in n.check_report or []]
        merged = el.carry_overrides(new.findings, old)
        report = [f.to_json() for f in merged]
        if report != (n.check_report or []):
            n.check_report = report
        if not any(f.severity == el.Mode.WARN.value and f.overridden for f in merged) and n.override_reason:
            n.override_reason = ""
        if n.subject == "unit":
            if n.score != new.score:
                n.score = new.score
            if n.rank != new.rank:
                n.rank = new.rank
        if n.status != "withdrawn":
            counts[el.verdict(merged).value] += 1
    session.flush()
    return CheckSummary(sum(counts.values()), dict(counts))


@dataclass
class Evaluated:
    findings: list[el.Finding]
    score: float | None = None
    rank: int | None = None


def _unit_scores(session: Session, campaign: Campaign) -> dict:
    from . import scoring

    try:
        return scoring.rankings(session, campaign).unit_scores()
    except UserError:
        return {}


def evaluate_all(session: Session, campaign: Campaign, unit_scores: dict | None = None) -> dict[int, Evaluated]:
    """Findings for every nomination of the year (not stored)."""
    nominations = _load(session, campaign)
    if not nominations:
        return {}
    rules = el.configs(settings.get_all(session))
    scores = _unit_scores(session, campaign) if unit_scores is None else unit_scores
    years = {py.person_id: py for py in session.scalars(
        select(PersonYear).where(PersonYear.campaign_id == campaign.id))}
    unit_ids = {n.unit_id for n in nominations if n.subject == "unit"}
    staff: dict[int, list[Person]] = defaultdict(list)
    if unit_ids:
        for p in session.scalars(select(Person).where(Person.unit_id.in_(unit_ids), Person.active.is_(True))):
            staff[p.unit_id].append(p)
    active = [n for n in nominations if n.status != "withdrawn"]
    by_subject: dict[tuple, list[Nomination]] = defaultdict(list)
    for n in active:
        by_subject[subject_key(n)].append(n)
    title_counts = Counter(n.title_id for n in active)
    ldtt_code = rules["cstdcs_basis"].param("needs") or "LDTT"
    failed = {nid for nid, v in latest_votes(session, campaign).items() if v.passed is False}
    before = past.past_of(session, campaign)
    out: dict[int, Evaluated] = {}

    def facts_for(n: Nomination, accepted: dict[str, set[int]]) -> el.NomineeFacts:
        title = n.title
        person_facts = None
        rating = n.rating
        if n.subject == "person" and n.person is not None:
            py = years.get(n.person_id)
            person_facts = el.PersonFacts(n.person.full_name, n.rating or (py.rating if py else ""),
                                          py.discipline if py else "", bool(py.under_review) if py else False,
                                          py.initiative if py else "")
            rating = person_facts.rating
        members = None
        unit_kind = ""
        disqualified = ""
        score_percent = None
        score = None
        if n.subject == "unit" and n.unit is not None:
            unit_kind = n.unit.kind
            members = _members(n.unit, staff.get(n.unit_id, []), years, accepted.get(ldtt_code, set()),
                               accepted.get("CSTDCS", set()))
            score = scores.get(n.unit_id)
            if score is not None and score.reported:
                score_percent = score.percent
                if score.disqualified:
                    disqualified = "; ".join(f"{l.code} {l.label}".strip() for l in score.lines
                                             if l.kind == "disqualify" and "BỊ LIỆT" in l.rule)
        others = tuple(el.OtherNomination(o.title.code, o.title.name, o.title.kind, o.achievement_key)
                       for o in by_subject[subject_key(n)] if o.id != n.id) if n.status != "withdrawn" else ()
        return el.NomineeFacts(
            n.subject, subject_name(n), title.code, title.name, title.subject, title.kind, rating, n.summary,
            n.achievement_key, person_facts, unit_kind, members,
            has_prerequisite=n.person_id in accepted.get(ldtt_code, set()), others=others,
            unit_disqualified=disqualified, unit_score_percent=score_percent,
            unit_block=score.block if score is not None else "", unit_reported=bool(score and score.reported),
            unit_band=score.band if score is not None else "", unit_bands=score.bands if score is not None else (),
            year=campaign.year, history=before.history(subject_key(n)),
            ratings_by_year=before.ratings_by_year(subject_key(n), campaign.year, rating))

    cstdcs_count = sum(1 for o in active if o.title.code == "CSTDCS")

    def quota_for(n: Nomination, accepted: dict[str, set[int]]) -> el.QuotaFacts:
        return el.QuotaFacts(title_counts[n.title_id], n.title.quota, len(accepted.get(ldtt_code, set())),
                             cstdcs_count)

    def accepted_of(code: str, accepted: dict[str, set[int]]) -> set[int]:
        """People whose nomination for ``code`` may go ahead and was not voted down."""
        return {n.person_id for n in active
                if n.subject == "person" and n.title.code == code and n.id not in failed
                and _may_proceed(n, el.check(facts_for(n, accepted), rules, quota_for(n, accepted)))}

    # The collective rules and CSTĐCS read who is accepted as LĐTT (and CSTĐCS):
    # settle those first, then check everything with them.
    accepted: dict[str, set[int]] = {}
    accepted[ldtt_code] = accepted_of(ldtt_code, accepted)
    accepted["CSTDCS"] = accepted_of("CSTDCS", accepted)
    for n in nominations:
        findings = el.check(facts_for(n, accepted), rules, quota_for(n, accepted))
        score = scores.get(n.unit_id) if n.subject == "unit" else None
        out[n.id] = Evaluated(findings, score.percent if score is not None and score.reported else None,
                              score.rank if score is not None else None)
    return out


def _may_proceed(n: Nomination, findings: list[el.Finding]) -> bool:
    merged = el.carry_overrides(findings, [el.Finding.from_json(f) for f in n.check_report or []])
    return el.verdict(merged).may_proceed


def _members(unit: Unit, people: list[Person], years: dict[int, PersonYear], ldtt: set[int], cstdcs: set[int]
             ) -> el.MemberStats | None:
    """What the collective rules read about a unit's members. The base is the
    unit's head count when recorded, else the people entered for it."""
    if unit.staff_count:
        base, base_text = unit.staff_count, f"trên tổng số {unit.staff_count} người của đơn vị"
    elif people:
        base, base_text = len(people), f"trên {len(people)} cá nhân trong danh sách"
    else:
        return None
    disciplined = tuple((p.full_name, years[p.id].discipline) for p in people
                        if p.id in years and years[p.id].discipline)
    rated = [p for p in people if p.id in years and years[p.id].rating]
    not_completed = tuple(p.full_name for p in rated if years[p.id].rating == "KHTNV")
    ids = {p.id for p in people}
    return el.MemberStats(base, base_text, len(ids & ldtt), len(ids & cstdcs), disciplined, len(rated),
                          not_completed)


# --- votes (read side) --------------------------------------------------------------------


@dataclass(frozen=True)
class VoteInfo:
    session_id: int
    session_label: str
    agree: int
    attendance: Attendance
    share: float | None
    passed: bool | None
    text: str


def attendance_of(s: CouncilSession) -> Attendance:
    present = sum(1 for m in s.members if m.attendance == "present")
    written = sum(1 for m in s.members if m.attendance == "written")
    total = max(s.members_total or 0, len(s.members))
    return Attendance(total, present, written)


def session_label(s: CouncilSession) -> str:
    when = format_date(s.held_at.date()) if s.held_at else "chưa đặt ngày"
    return f"Phiên họp {s.number or s.id} ({when})"


def latest_votes(session: Session, campaign: Campaign) -> dict[int, VoteInfo]:
    """Each nomination's vote in the latest session that voted on it."""
    sessions = list(session.scalars(select(CouncilSession).where(CouncilSession.campaign_id == campaign.id)
                                    .options(selectinload(CouncilSession.members),
                                             selectinload(CouncilSession.votes))
                                    .order_by(CouncilSession.held_at, CouncilSession.id)))
    titles = {t.id: t for t in awards.titles(session)}
    # ids and titles, not whole nominations (their findings are JSON to decode)
    title_of = dict(session.execute(select(Nomination.id, Nomination.title_id)
                                    .where(Nomination.campaign_id == campaign.id)).all())
    out = {}
    for s in sessions:
        att = attendance_of(s)
        for v in s.votes:
            title_id = title_of.get(v.nomination_id)
            if title_id is None:
                continue
            result = tally(v.agree, att, awards.threshold(titles[title_id]))
            out[v.nomination_id] = VoteInfo(s.id, session_label(s), v.agree, att, result.share, result.passed,
                                            result.text)
    return out


# --- rows for lists ------------------------------------------------------------------------


@dataclass
class NominationRow:
    id: int
    subject: str
    name: str
    title_id: int
    title_code: str
    title_name: str
    title_level: str
    title_position: int
    status: str
    title_kind: str
    verdict: el.Verdict
    findings: list[el.Finding]
    where: str = ""  # chức vụ, đơn vị công tác / địa chỉ
    group: str = ""  # the unit the row is listed under
    proposing_unit: str = ""
    position: str = ""
    gender: str = ""
    birth_year: int | None = None
    rating: str = ""
    summary: str = ""
    achievement_key: str = ""
    note: str = ""
    override_reason: str = ""
    score: float | None = None
    rank: int | None = None
    female_priority: bool = False
    unit_id: int | None = None
    person_id: int | None = None
    vote: VoteInfo | None = None
    decision_id: int | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    decision_frozen: bool = False
    seq: int | None = None
    prize: int | None = None
    version: int = 0  # the stored row's, what a save from a screen showing this row expects

    @property
    def subject_label(self) -> str:
        return awards.SUBJECTS.get(self.subject, self.subject)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def active(self) -> bool:
        return self.status != "withdrawn"

    @property
    def recipient(self) -> tuple:
        """The collective, person or household the nomination is for: one of
        them may receive several awards (Giấy khen and “Lao động tiên tiến”)."""
        ref = {"unit": self.unit_id, "person": self.person_id}.get(self.subject)
        return (self.subject, ref if ref is not None else self.name.casefold())

    @property
    def vote_text(self) -> str:
        return self.vote.text if self.vote else ""

    @property
    def passed(self) -> bool | None:
        return self.vote.passed if self.vote else None

    @property
    def council_label(self) -> str:
        if self.vote is None:
            return "Chưa biểu quyết"
        verdict = "Đạt" if self.vote.passed else "Không đạt"
        return f"{verdict} ({share_text(self.vote.share)})" if self.vote.share is not None else verdict

    @property
    def findings_text(self) -> str:
        return "\n".join(f"[{_SEVERITY.get(f.severity, f.severity)}{' – đã chấp nhận' if f.overridden else ''}] "
                         f"{f.text}" for f in self.findings)

    @property
    def score_text(self) -> str:
        """The unit's score as a share of its block's maximum, and its rank in the block."""
        if self.score is None:
            return ""
        return f"{format_number(self.score)}%" + (f" (hạng {self.rank})" if self.rank else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "subject": self.subject, "name": self.name, "where": self.where,
            "unit": self.group, "proposing_unit": self.proposing_unit, "title": self.title_code,
            "title_name": self.title_name, "rating": self.rating, "summary": self.summary,
            "status": self.status, "eligibility": self.verdict.value, "eligibility_label": self.verdict.label,
            "findings": [f.to_json() for f in self.findings], "override_reason": self.override_reason,
            "score": self.score, "rank": self.rank, "gender": self.gender, "birth_year": self.birth_year,
            "vote": None if self.vote is None else {"agree": self.vote.agree, "share": self.vote.share,
                                                    "passed": self.vote.passed, "text": self.vote.text},
            "decision": self.decision_number or None, "decision_seq": self.seq, "prize": self.prize,
        }


_SEVERITY = {"block": "Không đủ điều kiện", "warn": "Cảnh báo", "info": "Lưu ý"}


def rows(session: Session, campaign: Campaign, include_withdrawn: bool = True,
         decision_id: int | None = None) -> list[NominationRow]:
    """The year's nominations as list rows; ``decision_id`` keeps those of one
    recorded decision (read from the database alone, not filtered after)."""
    votes = latest_votes(session, campaign)
    decisions = {d.id: d for d in session.scalars(select(Decision).where(Decision.campaign_id == campaign.id))}
    female_share = float(settings.get(session, "council.female_share"))
    out = []
    for n in _load(session, campaign, decision_id):
        if n.status == "withdrawn" and not include_withdrawn:
            continue
        findings = [el.Finding.from_json(f) for f in n.check_report or []]
        t = n.title
        row = NominationRow(n.id, n.subject, subject_name(n), t.id, t.code, t.name, t.level, t.position,
                            n.status, t.kind, el.verdict(findings), findings, summary=n.summary,
                            achievement_key=n.achievement_key, note=n.note, override_reason=n.override_reason,
                            rating=n.rating, score=n.score, rank=n.rank, unit_id=n.unit_id,
                            person_id=n.person_id, vote=votes.get(n.id), seq=n.decision_seq,
                            prize=n.prize_amount, version=n.version)
        row.proposing_unit = n.proposing_unit.name if n.proposing_unit else ""
        if n.subject == "person" and n.person is not None:
            p = n.person
            unit_name = p.unit.name if p.unit else row.proposing_unit
            row.position, row.gender, row.birth_year = p.position, p.gender, p.birth_year or (
                p.birth_date.year if p.birth_date else None)
            row.where = ", ".join(x for x in (p.position, unit_name) if x)
            row.group = unit_name
            row.female_priority = p.gender == "nu"
        elif n.subject == "unit" and n.unit is not None:
            row.where = n.unit.address or ""
            row.group = row.proposing_unit if row.proposing_unit and n.proposing_unit_id != n.unit_id else ""
            row.female_priority = female_priority("unit", female=n.unit.female_staff_count,
                                                  staff=n.unit.staff_count, min_share=female_share)
        else:
            row.where = n.household_address
            row.group = row.proposing_unit
        if n.decision_id and n.decision_id in decisions:
            d = decisions[n.decision_id]
            row.decision_id, row.decision_number, row.decision_date = d.id, d.number, d.signed_on
            row.decision_frozen = d.frozen
        out.append(row)
    return award_order.title_first(out)  # title by title, each in the order of the printed lists


def counts_text(items: Iterable[NominationRow]) -> str:
    items = [r for r in items if r.active]
    by = Counter(r.subject for r in items)
    parts = [f"{by[s]} {label.lower()}" for s, label in awards.SUBJECTS.items() if by[s]]
    return f"{len(items)} đề nghị" + (f" ({', '.join(parts)})" if parts else "")


# --- small parsers shared with the import -------------------------------------------------


def parse_rating(value: Any) -> str:
    from ...domain.units import code_for

    text = clean(value)
    if not text:
        return ""
    code = code_for(text, RATINGS)
    if code is None:
        short = fold(text).replace(" ", "").replace(".", "").upper()
        code = short if short in RATINGS else None
    if code is None:
        raise UserError(f"mức xếp loại “{text}” không hiểu được (ghi HTXSNV, HTTNV, HTNV hoặc KHTNV)")
    return code


def parse_subject(value: Any) -> str | None:
    key = fold(value)
    if not key:
        return None
    if key in ("tap the", "don vi", "co quan", "unit"):
        return "unit"
    if key in ("ca nhan", "person", "nguoi"):
        return "person"
    if key in ("ho gia dinh", "ho", "gia dinh", "household"):
        return "household"
    raise UserError(f"đối tượng “{clean(value)}” không hiểu được (ghi Tập thể, Cá nhân hoặc Hộ gia đình)")


# --- the page and the command line: plain data of the current year ---------------------------


@dataclass
class Listing:
    rows: list[NominationRow]
    titles: list[tuple[int, str]]  # every title, for the filter


def listing(session: Session) -> Listing:
    return Listing(rows(session, plan.current_campaign(session)), [(t.id, t.name) for t in awards.titles(session)])


@dataclass
class FormChoices:
    """What the nomination form offers."""

    units: list[tuple[int, str]]
    people: list[tuple[int, str, int | None]]  # (id, "Name — position, unit", unit_id)
    titles: list[tuple[str, str, str]]  # (code, name, subject)
    standings: dict[int, PersonStanding]


def form_choices(session: Session) -> FormChoices:
    campaign = plan.current_campaign(session)
    units = [(u.id, u.name) for u in sorted(session.scalars(select(Unit).where(Unit.active.is_(True))),
                                            key=lambda u: collation_key(u.name))]
    names = dict(units)
    people = sorted(session.scalars(select(Person).where(Person.active.is_(True))),
                    key=lambda p: person_sort_key(p.full_name))
    persons = [(p.id, f"{p.full_name} — {', '.join(x for x in (p.position, names.get(p.unit_id, '')) if x)}",
                p.unit_id) for p in people]
    titles = [(t.code, t.name, t.subject) for t in awards.titles(session, active_only=True)]
    standings = {py.person_id: PersonStanding(py.rating, py.discipline, py.under_review, py.initiative)
                 for py in session.scalars(select(PersonYear).where(PersonYear.campaign_id == campaign.id))}
    return FormChoices(units, persons, titles, standings)


def save(session: Session, data: NominationInput, standing: PersonStanding | None = None,
         nomination_id: int | None = None, version: int | None = None) -> int:
    """Add (or change) a nomination of the current year, with the person's standing; its id.
    ``version``: the changed nomination's version as the clerk's screen showed it."""
    campaign = plan.current_campaign(session)
    if standing is not None and data.subject == "person" and data.person_id:
        set_person_standing(session, campaign, data.person_id, standing, recheck_all=False)
    n = (create(session, campaign, data) if nomination_id is None
         else update(session, nomination_id, data, version))  # a refusal there undoes the standing too
    return n.id


def recheck_year(session: Session) -> CheckSummary:
    """:func:`recheck` of the current year."""
    return recheck(session, plan.current_campaign(session))
