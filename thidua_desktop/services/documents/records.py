"""The award records documents print: nominations with their nominee, title,
votes, decision and prize, read once and shaped for lists and counts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from ...domain import council
from ...domain import docformat as fmt
from ...domain.council import Attendance, VoteResult
from ...domain.text import clean, collation_key, person_sort_key
from ...storage.models import (
    AwardTitle,
    Campaign,
    CouncilSession,
    Decision,
    Nomination,
    Person,
    Unit,
    Vote,
)
from .. import awards

_text_key = lru_cache(maxsize=4096)(collation_key)  # unit names repeat down a list
_person_key = lru_cache(maxsize=4096)(person_sort_key)

SUBJECT_ORDER = {"unit": 0, "person": 1, "household": 2}
SUBJECT_SECTIONS = {"unit": "TẬP THỂ", "person": "CÁ NHÂN", "household": "HỘ GIA ĐÌNH"}


@dataclass
class Awardee:
    """One nomination as a line of a list."""

    id: int
    subject: str  # unit / person / household
    name: str
    gender: str
    birth_year: int | None
    position: str
    unit_name: str
    address: str
    is_leader: bool
    title_id: int
    title_code: str
    title_name: str
    title_kind: str
    title_level: str
    title_position: int
    summary: str
    status: str
    decision_id: int | None
    decision_seq: int | None
    prize: int | None
    note: str
    votes: dict[int, tuple[int, int | None]] = field(default_factory=dict)  # session id → (agree, ballots)

    @property
    def where(self) -> str:
        """``Chức vụ, đơn vị công tác`` (``Địa chỉ`` for a household)."""
        if self.subject == "household":
            return self.address
        if self.subject == "unit":
            return self.unit_name if self.unit_name and self.unit_name != self.name else ""
        parts = [p for p in (self.position, self.unit_name) if p]
        return ", ".join(parts)

    @property
    def display_name(self) -> str:
        return self.name

    @property
    def female(self) -> bool:
        return self.gender in ("nu", "nữ")

    def sort_key(self, mode: str = "unit") -> tuple:
        """Title (catalogue order), then tập thể / cá nhân / hộ gia đình, then by
        unit and name (``unit``) or by name only (``name``, given name first)."""
        name_key = _person_key(self.name) if self.subject == "person" else _text_key(self.name)
        head = (self.title_position, self.title_id, SUBJECT_ORDER.get(self.subject, 9))
        if mode == "name":
            return (*head, name_key)
        return (*head, _text_key(self.unit_name), name_key)


def load_awardees(session: Session, campaign: Campaign) -> list[Awardee]:
    """Every nomination of the campaign with what lists need (one query with
    joins: a list of a thousand is read in a few milliseconds)."""
    nominee_unit = aliased(Unit)
    person_unit = aliased(Unit)
    query = (
        select(Nomination.id, Nomination.subject, Nomination.household_name, Nomination.household_address,
               Nomination.summary, Nomination.status, Nomination.decision_id, Nomination.decision_seq,
               Nomination.prize_amount, Nomination.note,
               AwardTitle.id, AwardTitle.code, AwardTitle.name, AwardTitle.kind, AwardTitle.level, AwardTitle.position,
               Person.full_name, Person.gender, Person.birth_year, Person.birth_date, Person.position,
               Person.address, Person.is_leader, person_unit.name,
               nominee_unit.name, nominee_unit.address)
        .join(AwardTitle, AwardTitle.id == Nomination.title_id)
        .outerjoin(Person, Person.id == Nomination.person_id)
        .outerjoin(person_unit, person_unit.id == Person.unit_id)
        .outerjoin(nominee_unit, nominee_unit.id == Nomination.unit_id)
        .where(Nomination.campaign_id == campaign.id)
        .order_by(Nomination.id))
    votes: dict[int, dict[int, tuple[int, int | None]]] = {}
    vote_rows = session.execute(select(Vote.nomination_id, Vote.session_id, Vote.agree, Vote.ballots)
                                .join(CouncilSession).where(CouncilSession.campaign_id == campaign.id))
    for nomination_id, session_id, agree, ballots in vote_rows:
        votes.setdefault(nomination_id, {})[session_id] = (agree, ballots)
    out = []
    for (n_id, subject, household, household_address, summary, status, decision_id, seq, prize, note,
         t_id, t_code, t_name, t_kind, t_level, t_position,
         p_name, gender, birth_year, birth_date, position, p_address, leader, p_unit,
         u_name, u_address) in session.execute(query):
        if subject == "person" and p_name is not None:
            name, year = p_name, birth_year or (birth_date.year if birth_date else None)
            unit_name, address = p_unit or "", p_address or ""
        elif subject == "unit" and u_name is not None:
            name, gender, year, position, unit_name, address, leader = u_name, "", None, "", "", u_address, False
        else:
            name, gender, year, position, unit_name = household, "", None, "", ""
            address, leader = household_address, False
        out.append(Awardee(
            n_id, subject, clean(name), clean(gender), year, clean(position), clean(unit_name), clean(address),
            bool(leader), t_id, t_code, clean(t_name), t_kind, t_level, t_position or 0, summary or "",
            status or "", decision_id, seq, prize, note or "", votes.get(n_id, {})))
    return out


def sort_awardees(rows: list[Awardee], mode: str = "unit") -> list[Awardee]:
    keyed = [(a.sort_key(mode), n, a) for n, a in enumerate(rows)]
    keyed.sort(key=lambda item: item[:2])
    return [a for _, _, a in keyed]


@dataclass
class Meeting:
    """A council session as the minutes print it."""

    id: int
    number: str
    held_at: dt.datetime | None
    ended_at: dt.datetime | None
    place: str
    members_total: int
    chair_name: str
    secretary_name: str
    conclusion: str
    members: list[tuple[str, str, str]]  # (name, role, attendance)

    @property
    def present(self) -> list[tuple[str, str]]:
        return [(n, r) for n, r, a in self.members if a == "present"]

    @property
    def written(self) -> list[tuple[str, str]]:
        return [(n, r) for n, r, a in self.members if a == "written"]

    @property
    def absent(self) -> list[tuple[str, str]]:
        return [(n, r) for n, r, a in self.members if a not in ("present", "written")]

    @property
    def total(self) -> int:
        return self.members_total or len(self.members)

    def label(self) -> str:
        when = fmt.short_date(self.held_at.date()) if self.held_at else "chưa ghi ngày"
        return f"Phiên họp {self.number or ''} ngày {when}".replace("  ", " ")


def meetings(session: Session, campaign: Campaign) -> list[Meeting]:
    query = (select(CouncilSession).where(CouncilSession.campaign_id == campaign.id)
             .options(selectinload(CouncilSession.members)).order_by(CouncilSession.held_at, CouncilSession.id))
    out = []
    for s in session.scalars(query):
        members = [(clean(m.full_name), clean(m.role), m.attendance) for m in
                   sorted(s.members, key=lambda m: (m.position, m.id))]
        out.append(Meeting(s.id, clean(s.number), s.held_at, s.ended_at, clean(s.place), s.members_total or 0,
                           clean(s.chair_name), clean(s.secretary_name), s.conclusion or "", members))
    return out


@dataclass
class DecisionInfo:
    id: int
    number: str
    signed_on: dt.date
    title_id: int | None
    title_name: str
    title_code: str
    title_kind: str
    signer_name: str
    signer_title: str
    base_salary: int | None
    session_id: int | None

    def label(self) -> str:
        return f"Quyết định số {self.number} ngày {fmt.short_date(self.signed_on)}" + (
            f" ({self.title_name})" if self.title_name else "")


def decisions(session: Session, campaign: Campaign) -> list[DecisionInfo]:
    query = (select(Decision).where(Decision.campaign_id == campaign.id)
             .options(selectinload(Decision.title)).order_by(Decision.signed_on, Decision.id))
    return [DecisionInfo(d.id, clean(d.number), d.signed_on, d.title_id, clean(d.title.name) if d.title else "",
                         d.title.code if d.title else "", d.title.kind if d.title else "",
                         clean(d.signer_name), clean(d.signer_title), d.base_salary, d.session_id)
            for d in session.scalars(query)]


@dataclass
class Tallied:
    """Nominations sorted by the council's vote at a session."""

    passed: list[Awardee]
    failed: list[Awardee]
    undecided: list[Awardee]  # a vote is needed and none was recorded
    results: dict[int, VoteResult]


def tally(session: Session, rows: list[Awardee], meeting: Meeting | None) -> Tallied:
    """Each nomination's result at ``meeting`` under its title's threshold
    (``services.awards`` and ``domain.council`` hold the rules). Without a
    meeting only titles that need no vote pass."""
    titles = {t.id: t for t in session.scalars(select(AwardTitle).where(
        AwardTitle.id.in_({a.title_id for a in rows})))} if rows else {}
    attendance = None
    if meeting is not None:
        attendance = Attendance(meeting.total, len(meeting.present), len(meeting.written))
    out = Tallied([], [], [], {})
    for a in rows:
        threshold = awards.threshold(titles[a.title_id])
        if threshold.percent is None:
            out.passed.append(a)
            continue
        vote = a.votes.get(meeting.id) if meeting is not None else None
        if vote is None or attendance is None:
            out.undecided.append(a)
            continue
        result = council.tally(vote[0], attendance, threshold)
        out.results[a.id] = result
        (out.passed if result.passed else out.failed).append(a)
    return out
