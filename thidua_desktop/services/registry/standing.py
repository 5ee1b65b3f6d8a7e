"""A person's standing for a year: the task-completion rating (xếp loại) and the
discipline (kỷ luật, or under review), what the award rules read.

One place for ``thidua people ratings …`` / ``thidua people discipline …`` and
the GUI: the write goes through ``awards.nominations.set_person_standing``, the
same function the nomination dialog saves with, so every nomination of the year
is checked again against the new rating or discipline."""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.registry import name_key
from ...domain.text import clean, collation_key, fold, matches, person_sort_key
from ...domain.units import DISCIPLINES, RATINGS, code_for
from ...errors import UserError
from ...storage.models import Person, PersonYear, Unit
from .. import plan
from . import people


@dataclass(frozen=True)
class StandingRow:
    person_id: int
    full_name: str
    unit_name: str
    active: bool
    year: int
    rating: str  # code, "" when not rated
    discipline: str  # code, "" when none
    under_review: bool  # bị xem xét kỷ luật, điều tra

    @property
    def rating_label(self) -> str:
        return RATINGS.get(self.rating, "")

    @property
    def discipline_label(self) -> str:
        return DISCIPLINES.get(self.discipline, "")

    def as_json(self) -> dict:
        return {"person_id": self.person_id, "full_name": self.full_name, "unit": self.unit_name or None,
                "active": self.active, "year": self.year, "rating": self.rating or None,
                "rating_label": self.rating_label or None, "discipline": self.discipline or None,
                "discipline_label": self.discipline_label or None, "under_review": self.under_review}


def list_standings(session: Session, year: int | None = None, unit_id: int | None = None,
                   person_ids: list[int] | None = None) -> list[StandingRow]:
    """Everyone's standing in ``year`` (the current plan's when None), by unit then name."""
    campaign = plan.current_campaign(session, year)
    years = {py.person_id: py for py in session.scalars(
        select(PersonYear).where(PersonYear.campaign_id == campaign.id))}
    query = select(Person.id, Person.full_name, Person.active, Unit.name).outerjoin(Unit, Unit.id == Person.unit_id)
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    if person_ids is not None:
        query = query.where(Person.id.in_(person_ids))
    rows = []
    for pid, name, active, unit_name in session.execute(query):
        py = years.get(pid)
        rows.append(StandingRow(pid, name, unit_name or "", bool(active), campaign.year,
                                py.rating if py else "", py.discipline if py else "",
                                bool(py.under_review) if py else False))
    rows.sort(key=lambda r: (collation_key(r.unit_name), person_sort_key(r.full_name)))
    return rows


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UserError(f"Không có cá nhân số {person_id} (có thể vừa bị xóa).")
    return person


def set_rating(session: Session, person_id: int, rating: str, year: int | None = None) -> StandingRow:
    """Record (``rating`` a code) or clear (``""``) a person's rating for the year."""
    if rating and rating not in RATINGS:
        raise UserError(f"Mức xếp loại “{rating}” không có; chọn một trong: {', '.join(RATINGS)}.")
    return _change(session, person_id, year, rating=rating)


def set_discipline(session: Session, person_id: int, discipline: str, under_review: bool | None = None,
                   year: int | None = None) -> StandingRow:
    """Record (a code) or clear (``""``) a person's discipline for the year; ``under_review``
    None keeps what was recorded."""
    if discipline and discipline not in DISCIPLINES:
        raise UserError(f"Hình thức kỷ luật “{discipline}” không có; chọn một trong: {', '.join(DISCIPLINES)}.")
    changes: dict = {"discipline": discipline}
    if under_review is not None:
        changes["under_review"] = under_review
    return _change(session, person_id, year, **changes)


def set_review(session: Session, person_id: int, under_review: bool, year: int | None = None) -> StandingRow:
    """Mark (or unmark) a person as under disciplinary review or investigation this year."""
    return _change(session, person_id, year, under_review=under_review)


def _change(session: Session, person_id: int, year: int | None, **changes) -> StandingRow:
    from ..awards import nominations  # the award rules load for a write only (``people list`` starts faster)

    campaign = plan.current_campaign(session, year)
    _person(session, person_id)
    standing = nominations.person_standing(session, campaign, person_id)
    for field, value in changes.items():
        setattr(standing, field, value)
    nominations.set_person_standing(session, campaign, person_id, standing)
    return standing_of(session, person_id, campaign.year)


# --- naming people and codes the way clerks type them --------------------------------


def rating_code(text: str) -> str:
    """The rating code for a code or label typed without accents; a clear refusal otherwise."""
    code = code_for(text, RATINGS)
    if code is None:
        raise UserError(f"Không có mức xếp loại “{text}”. Các mức: "
                        + "; ".join(f"{c} ({label})" for c, label in RATINGS.items()) + ".")
    return code


def discipline_code(text: str) -> str:
    code = code_for(text, DISCIPLINES)
    if code is None:
        raise UserError(f"Không có hình thức kỷ luật “{text}”. Các hình thức: "
                        + "; ".join(f"{c} ({label})" for c, label in DISCIPLINES.items()) + ".")
    return code


def find_person(session: Session, text: str, unit_id: int | None = None) -> int:
    """The id of the one person named ``text`` (a number is an id), within unit
    ``unit_id`` when given; a message naming the candidates otherwise."""
    text = (text or "").strip()
    if text.isdigit():
        return _person(session, int(text)).id
    query = select(Person.id, Person.full_name, Unit.name).outerjoin(Unit, Unit.id == Person.unit_id)
    if unit_id is not None:
        query = query.where(Person.unit_id == unit_id)
    found = [(pid, name, unit or "") for pid, name, unit in session.execute(query) if matches(text, name)]
    # the name as typed, then without accents, before any name merely containing the words
    exact = [f for f in found if name_key(f[1]) == name_key(text)] or [f for f in found if fold(f[1]) == fold(text)]
    found = exact or found
    if not found:
        raise UserError(f"Không có cá nhân nào tên “{text}”" + (" ở đơn vị đã chọn." if unit_id else "."))
    if len(found) > 1:
        shown = "; ".join(f"{name} — {unit or 'chưa có đơn vị'} (số {pid})" for pid, name, unit in found[:5])
        raise UserError(f"Có {len(found)} người khớp “{text}”: {shown}" + ("; …" if len(found) > 5 else "")
                        + ". Thêm --unit hoặc ghi số của người đó.")
    return found[0][0]


def standing_of(session: Session, person_id: int, year: int | None = None) -> StandingRow:
    _person(session, person_id)
    return list_standings(session, year, person_ids=[person_id])[0]


# --- the person form: the year's rating and discipline saved with the person ----------

DECISION_MAX = 200


@dataclass(frozen=True)
class YearStanding:
    """What the person form shows for the current year. ``decision``: the number and
    date of the discipline decision, kept as the year's note (PersonYear.note)."""

    rating: str = ""
    discipline: str = ""
    decision: str = ""
    under_review: bool = False

    def problems(self) -> list[str]:
        out = []
        if self.rating and self.rating not in RATINGS:
            out.append(f"Mức xếp loại “{self.rating}” không có.")
        if self.discipline and self.discipline not in DISCIPLINES:
            out.append(f"Hình thức kỷ luật “{self.discipline}” không có.")
        if self.decision.strip() and not self.discipline:
            out.append("Đã ghi quyết định kỷ luật nhưng chưa chọn hình thức kỷ luật.")
        if len(self.decision.strip()) > DECISION_MAX:
            out.append(f"Quyết định kỷ luật ghi tối đa {DECISION_MAX} ký tự.")
        return out


def year_standing(session: Session, person_id: int | None) -> YearStanding:
    """The current year's standing of a person (empty for a new one)."""
    if person_id is None:
        return YearStanding()
    campaign = plan.current_campaign(session)
    row = session.scalar(select(PersonYear).where(PersonYear.campaign_id == campaign.id,
                                                  PersonYear.person_id == person_id))
    if row is None:
        return YearStanding()
    return YearStanding(row.rating or "", row.discipline or "", row.note or "", bool(row.under_review))


def save_person_with_standing(session: Session, fields, person_id: int | None, standing: YearStanding) -> int:
    """The person form's save: the person, then the year's rating and discipline when they
    changed (through ``set_person_standing``, so the year's nominations are checked again).
    One transaction; the person's id."""
    from ..awards import nominations  # the award rules load for a write only

    problems = standing.problems()
    if problems:
        raise UserError(" ".join(problems))
    saved = people.save_person_fields(session, fields, person_id)
    decision = clean(standing.decision) if standing.discipline else ""
    if year_standing(session, saved) == replace(standing, decision=decision):
        return saved
    campaign = plan.current_campaign(session)
    current = nominations.person_standing(session, campaign, saved)
    nominations.set_person_standing(session, campaign, saved, replace(
        current, rating=standing.rating, discipline=standing.discipline, under_review=standing.under_review))
    row = session.scalar(select(PersonYear).where(PersonYear.campaign_id == campaign.id,
                                                  PersonYear.person_id == saved))
    row.note = decision
    session.flush()
    return saved
