"""Cá nhân: the people who may be nominated — listing, adding, changing, deleting."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.registry import Dependents, PersonFields, name_key
from ...domain.text import format_date
from ...domain.units import GENDERS, RATINGS
from ...errors import UserError
from ...storage.models import BlockMembership, Campaign, EmulationBlock, Nomination, Person, PersonYear, Unit


@dataclass(frozen=True)
class PersonRow:
    id: int
    full_name: str
    gender: str
    birth_date: dt.date | None
    birth_year: int | None
    position: str
    unit_id: int | None
    unit_name: str
    block_name: str
    is_leader: bool
    phone: str
    address: str
    active: bool
    note: str
    rating: str  # the year's rating code, "" when not entered
    discipline: str = ""  # the year's discipline code, "" when none

    @property
    def gender_label(self) -> str:
        return GENDERS.get(self.gender, "")

    @property
    def birth_text(self) -> str:
        if self.birth_date is not None:
            return format_date(self.birth_date)
        return str(self.birth_year) if self.birth_year else ""

    @property
    def rating_label(self) -> str:
        return RATINGS.get(self.rating, "")

    def as_json(self) -> dict:
        return {
            "id": self.id, "full_name": self.full_name, "gender": self.gender or None,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_year": self.birth_year, "position": self.position, "unit": self.unit_name or None,
            "block": self.block_name or None, "is_leader": self.is_leader, "phone": self.phone,
            "address": self.address, "active": self.active, "note": self.note,
            "rating": self.rating or None,
        }


def list_people(session: Session, campaign_id: int, unit_id: int | None = None) -> list[PersonRow]:
    """Everyone (or one unit's people), with unit, block and the year's rating and discipline.

    Read with plain column queries on the connection (no ORM row handling): the list holds
    thousands of people. Pending changes are flushed first, as ``session.execute`` does."""
    if session.autoflush:
        session.flush()
    read = session.connection().execute
    blocks = dict(read(
        select(BlockMembership.unit_id, EmulationBlock.name)
        .join(EmulationBlock, EmulationBlock.id == BlockMembership.block_id)
        .where(BlockMembership.campaign_id == campaign_id)).all())
    standings = {pid: (rating or "", discipline or "") for pid, rating, discipline in read(
        select(PersonYear.person_id, PersonYear.rating, PersonYear.discipline)
        .where(PersonYear.campaign_id == campaign_id))}
    p = Person
    query = (select(p.id, p.full_name, p.gender, p.birth_date, p.birth_year, p.position, p.unit_id,
                    Unit.name, p.is_leader, p.phone, p.address, p.active, p.note)
             .outerjoin(Unit, Unit.id == p.unit_id).order_by(p.id))
    if unit_id is not None:
        query = query.where(p.unit_id == unit_id)
    return [PersonRow(pid, name, gender or "", bdate, byear, position or "", uid, uname or "",
                      blocks.get(uid, ""), bool(leader), phone or "", address or "", bool(active),
                      note or "", *standings.get(pid, ("", "")))
            for pid, name, gender, bdate, byear, position, uid, uname, leader, phone, address, active, note
            in read(query)]


def person_fields(session: Session, person_id: int) -> PersonFields:
    p = _get(session, person_id)
    return PersonFields(full_name=p.full_name, gender=p.gender or "", birth_date=p.birth_date,
                        birth_year=p.birth_year, position=p.position or "", unit_id=p.unit_id,
                        is_leader=bool(p.is_leader), phone=p.phone or "", address=p.address or "",
                        active=bool(p.active), note=p.note or "")


def _get(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise UserError("Cá nhân này không còn trong cơ sở dữ liệu (có thể vừa bị xóa).")
    return person


def _same_birth(a: PersonFields, b_date: dt.date | None, b_year: int | None) -> bool:
    """Unknown births cannot tell two people apart."""
    a_year = a.birth_date.year if a.birth_date else a.birth_year
    if a.birth_date and b_date:
        return a.birth_date == b_date
    if a_year and b_year:
        return a_year == b_year
    return True


def duplicate_problem(session: Session, fields: PersonFields, person_id: int | None = None) -> str | None:
    """Another person of the same unit with the same name (and birth, when known)."""
    if fields.unit_id is None or not fields.full_name.strip():
        return None
    for other_id, other_name, b_date, b_year in session.execute(
            select(Person.id, Person.full_name, Person.birth_date, Person.birth_year)
            .where(Person.unit_id == fields.unit_id, Person.name_key == name_key(fields.full_name))):
        if other_id != person_id and _same_birth(fields, b_date, b_year):
            return (f"Đơn vị đã có “{other_name}”"
                    + (f" sinh {format_date(b_date) if b_date else b_year}" if (b_date or b_year) else "")
                    + ". Nếu là hai người khác nhau, hãy ghi ngày sinh để phân biệt.")
    return None


def save_person(session: Session, fields: PersonFields, person_id: int | None = None) -> Person:
    fields = fields.cleaned()
    problems = fields.problems()
    if fields.unit_id is not None and session.get(Unit, fields.unit_id) is None:
        problems.append("Đơn vị đã chọn không còn trong cơ sở dữ liệu.")
    duplicate = duplicate_problem(session, fields, person_id)
    if duplicate:
        problems.insert(0, duplicate)
    if problems:
        raise UserError("\n".join(problems))
    person = _get(session, person_id) if person_id is not None else Person()
    person.full_name = fields.full_name
    person.name_key = name_key(fields.full_name)
    person.gender = fields.gender
    person.birth_date = fields.birth_date
    person.birth_year = fields.birth_year
    person.position = fields.position
    person.unit_id = fields.unit_id
    person.is_leader = fields.is_leader
    person.phone = fields.phone
    person.address = fields.address
    person.active = fields.active
    person.note = fields.note
    if person_id is None:
        session.add(person)
    session.flush()
    return person


def person_dependents(session: Session, person_id: int) -> Dependents:
    deps = Dependents()
    nominations = session.scalar(select(func.count(Nomination.id)).where(Nomination.person_id == person_id)) or 0
    if nominations:
        deps.blocking.append(f"{nominations} đề nghị khen thưởng")
    for year, rating in session.execute(
            select(Campaign.year, PersonYear.rating)
            .join(Campaign, Campaign.id == PersonYear.campaign_id)
            .where(PersonYear.person_id == person_id)):
        if rating:
            deps.released.append(f"xếp loại năm {year} ({RATINGS.get(rating, rating).lower()})")
        else:
            deps.released.append(f"thông tin thi đua năm {year}")
    return deps


def delete_person(session: Session, person_id: int, confirmed: bool = False) -> str:
    person = _get(session, person_id)
    deps = person_dependents(session, person_id)
    if deps.blocked:
        raise UserError(f"Không xóa được “{person.full_name}” vì còn:\n"
                        + "\n".join(f"• {d}" for d in deps.blocking)
                        + "\nNếu người này đã chuyển công tác hoặc nghỉ, hãy bỏ chọn “Đang công tác” "
                          "thay vì xóa để giữ lại lịch sử.")
    if deps.released and not confirmed:
        raise UserError(f"Xóa “{person.full_name}” sẽ xóa luôn: " + "; ".join(deps.released) + ".")
    for year_row in session.scalars(select(PersonYear).where(PersonYear.person_id == person_id)):
        session.delete(year_row)
    session.flush()
    name = person.full_name
    session.delete(person)
    session.flush()
    return name


def leader_share(rows: list[PersonRow]) -> tuple[int, int]:
    """(leaders, everyone) among active people."""
    active = [r for r in rows if r.active]
    return sum(1 for r in active if r.is_leader), len(active)


# --- the page's and the verbs' actions: plain ids in and out --------------------------


def save_person_fields(session: Session, fields: PersonFields, person_id: int | None = None) -> int:
    """Add or change a person; the id (no ORM object leaves the service)."""
    return save_person(session, fields, person_id).id


def dependents_of(session: Session, person_ids: list[int]) -> dict[int, Dependents]:
    return {person_id: person_dependents(session, person_id) for person_id in person_ids}


def delete_people(session: Session, person_ids: list[int]) -> int:
    """Delete people the clerk confirmed, with their yearly ratings."""
    for person_id in person_ids:
        delete_person(session, person_id, confirmed=True)
    return len(person_ids)
