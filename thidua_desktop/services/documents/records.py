"""What documents read from the awards area, through its services (so that a
document lists exactly who the Awards page shows): nominations with their
votes, decisions and prizes; council sessions with their members."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import council as council_rules
from ...domain import docformat as fmt
from ...domain.text import clean
from ...storage.models import AwardTitle, Campaign, CouncilSession, Person, Vote
from ..awards import catalogue as awards, council, nominations
from ..awards.nominations import NominationRow

SUBJECT_NOUNS = {"unit": "tập thể", "person": "cá nhân", "household": "hộ gia đình"}


def rows(session: Session, campaign: Campaign) -> list[NominationRow]:
    """Every nomination not withdrawn, in the awards area's order."""
    return nominations.rows(session, campaign, include_withdrawn=False)


def decision_rows(session: Session, campaign: Campaign, decision_id: int) -> list[NominationRow]:
    """The rows of one recorded decision as its list reads them (withdrawn
    ones included), in the awards area's order; :func:`rows` of the decision
    are those of them still active."""
    return nominations.rows(session, campaign, decision_id=decision_id)


def titles(session: Session) -> dict[int, AwardTitle]:
    return {t.id: t for t in awards.titles(session)}


def leaders(session: Session, person_ids: set[int]) -> set[int]:
    """Of these people, those who hold a leading position (the rest work directly)."""
    if not person_ids:
        return set()
    return set(session.scalars(select(Person.id).where(Person.id.in_(person_ids), Person.is_leader.is_(True))))


def is_female(row: NominationRow) -> bool:
    return row.subject == "person" and row.gender == "nu"


@dataclass
class Meeting:
    """A council session as the minutes print it."""

    id: int
    number: str
    held_at: dt.datetime | None
    ended_at: dt.datetime | None
    place: str
    attendance: council_rules.Attendance
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
    def day(self) -> dt.date | None:
        return self.held_at.date() if self.held_at else None

    def label(self) -> str:
        return f"Phiên họp {self.number or self.id}" + (f" ngày {fmt.short_date(self.day)}" if self.day else "")


def _meeting(s: CouncilSession) -> Meeting:
    members = [(clean(m.full_name), clean(m.role), m.attendance) for m in sorted(s.members, key=lambda m: (m.position, m.id))]
    return Meeting(s.id, clean(s.number), s.held_at, s.ended_at, clean(s.place), nominations.attendance_of(s),
                   clean(s.chair_name), clean(s.secretary_name), s.conclusion or "", members)


def meetings(session: Session, campaign: Campaign) -> list[Meeting]:
    return [_meeting(s) for s in council.sessions(session, campaign)]


def session_votes(session: Session, meeting: Meeting, by_id: dict[int, NominationRow],
                  title_map: dict[int, AwardTitle]) -> dict[int, council_rules.VoteResult]:
    """Each nomination's result at this session, under its title's threshold."""
    out = {}
    for vote in session.scalars(select(Vote).where(Vote.session_id == meeting.id)):
        row = by_id.get(vote.nomination_id)
        if row is None:
            continue
        threshold = awards.threshold(title_map[row.title_id])
        out[row.id] = council_rules.tally(vote.agree, meeting.attendance, threshold)
    return out


@dataclass
class DecisionInfo:
    id: int
    number: str
    signed_on: dt.date
    title_ids: list[int]
    signer_name: str
    signer_title: str
    base_salary: int | None
    session_id: int | None
    city: bool  # recorded as forwarded to the city (a tờ trình), not decided by the ward

    def label(self) -> str:
        return f"{'Tờ trình' if self.city else 'Quyết định'} số {self.number} ngày {fmt.short_date(self.signed_on)}"


def decisions(session: Session, campaign: Campaign) -> list[DecisionInfo]:
    from ..awards import decisions as decision_service

    title_map = titles(session)
    out = []
    for d in decision_service.decisions(session, campaign):
        ids = decision_service.title_ids_of(session, d)
        city = bool(ids) and decision_service.is_city([title_map[i] for i in ids if i in title_map])
        out.append(DecisionInfo(d.id, clean(d.number), d.signed_on, ids, clean(d.signer_name), clean(d.signer_title),
                                d.base_salary, d.session_id, city))
    out.sort(key=lambda d: (d.signed_on, d.id))
    return out

