"""What a nominee's báo cáo thành tích says beyond the lists: the narrative
parts the clerk (or the nominee) writes and the app keeps on the nomination,
the identity the registry holds, the year's rating and initiative, and the
forms of award already received in earlier years (from the decisions the
app recorded)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import docformat as fmt
from ...domain.achievement_parts import MAX_CHARS, PARTS, PARTS_OF
from ...domain.roles import Action
from ...domain.text import clean_multiline
from ...domain.units import RATINGS
from ...errors import UserError
from ...storage.models import AwardTitle, Campaign, Decision, Nomination, Person, PersonYear, Unit
from ..safety import accounts


def _nomination(session: Session, nomination_id: int) -> Nomination:
    n = session.get(Nomination, nomination_id)
    if n is None:
        raise UserError(f"Không có đề nghị khen thưởng mã {nomination_id}.")
    return n


def texts(session: Session, nomination_id: int) -> dict[str, str]:
    """The parts written for this nominee (part → text; missing ones are absent)."""
    return dict(_nomination(session, nomination_id).achievement_text or {})


def save_text(session: Session, nomination_id: int, part: str, text: str) -> dict[str, str]:
    """Keep (or, with an empty text, drop) one part of the nominee's report."""
    accounts.require(session, Action.EDIT_DATA)
    n = _nomination(session, nomination_id)
    allowed = PARTS_OF.get(n.subject, ())
    if part not in allowed:
        raise UserError(f"Báo cáo thành tích của {_subject_noun(n.subject)} không có phần “{part}”; "
                        f"các phần: {', '.join(allowed)}. Chưa có gì được ghi.")
    text = clean_multiline(text)
    if len(text) > MAX_CHARS:
        raise UserError(f"Phần “{PARTS[part]}” dài {len(text):,} ký tự, quá {MAX_CHARS:,}. Chưa có gì được ghi."
                        .replace(",", "."))
    kept = dict(n.achievement_text or {})
    if text:
        kept[part] = text
    else:
        kept.pop(part, None)
    n.achievement_text = kept  # a new dict: the JSON column sees the change
    session.flush()
    return kept


def save_texts(session: Session, nomination_id: int, parts: dict[str, str]) -> dict[str, str]:
    """:func:`save_text` of several parts at once (the window's “Báo cáo thành tích…” form)."""
    kept = texts(session, nomination_id)
    for part, text in parts.items():
        kept = save_text(session, nomination_id, part, text)
    return kept


def _subject_noun(subject: str) -> str:
    return {"unit": "tập thể", "person": "cá nhân", "household": "hộ gia đình"}.get(subject, subject)


@dataclass(frozen=True)
class Profile:
    """The registry's facts a report starts from (empty strings where unknown)."""

    unit_name: str  # the person's unit, the collective itself, or the household's group
    birth: str  # "15/03/1980" or "1980"
    gender: str  # "Nam" / "Nữ"
    position: str
    address: str
    phone: str
    head_name: str  # who signs for the unit (thủ trưởng)
    rating: str  # "Hoàn thành xuất sắc nhiệm vụ" (the year's, from the person's record or the nomination)
    initiative: str
    staff: str  # "20 người (12 nữ)" for a collective


def profile(session: Session, campaign: Campaign, nomination_id: int) -> Profile:
    n = _nomination(session, nomination_id)
    person = session.get(Person, n.person_id) if n.person_id else None
    unit = session.get(Unit, n.unit_id) if n.unit_id else (person.unit if person else None)
    year = session.scalar(select(PersonYear).where(PersonYear.campaign_id == campaign.id,
                                                   PersonYear.person_id == n.person_id)) if person else None
    rating = (year.rating if year and year.rating else "") or n.rating
    birth = (f"{person.birth_date:%d/%m/%Y}" if person and person.birth_date
             else str(person.birth_year) if person and person.birth_year else "")
    staff = ""
    if n.subject == "unit" and unit is not None and unit.staff_count:
        staff = f"{unit.staff_count} người" + (f" ({unit.female_staff_count} nữ)" if unit.female_staff_count else "")
    return Profile(
        unit_name=unit.name if unit else "",
        birth=birth,
        gender={"nam": "Nam", "nu": "Nữ"}.get(person.gender, "") if person else "",
        position=person.position if person else "",
        address=(person.address if person else unit.address if unit else "") or n.household_address,
        phone=(person.phone if person else unit.phone if unit else ""),
        head_name=_head(session, unit),
        rating=RATINGS.get(rating, rating),
        initiative=year.initiative if year else "",
        staff=staff)


def _head(session: Session, unit: Unit | None) -> str:
    if unit is None:
        return ""
    if unit.head_name:
        return unit.head_name
    leader = session.scalar(select(Person.full_name).where(Person.unit_id == unit.id, Person.is_leader.is_(True),
                                                           Person.active.is_(True)).order_by(Person.id).limit(1))
    return leader or ""


@dataclass(frozen=True)
class EarlierAward:
    year: int
    name: str  # "Giấy khen", "Lao động tiên tiến"
    is_title: bool  # a danh hiệu thi đua (else a hình thức khen thưởng)
    decision: str  # "Quyết định số 125/QĐ-UBND ngày 10/12/2025 của Chủ tịch UBND phường Bạch Đằng"


def earlier_awards(session: Session, nomination_id: int, issuer: str) -> list[EarlierAward]:
    """The same person, collective or household awarded in earlier years by
    decisions recorded in the app (proposals forwarded to the city left out:
    the city's decision is not recorded here)."""
    n = _nomination(session, nomination_id)
    this_year = session.get(Campaign, n.campaign_id).year
    same = [Nomination.person_id == n.person_id] if n.person_id else (
        [Nomination.unit_id == n.unit_id] if n.unit_id else
        [Nomination.household_name == n.household_name, Nomination.household_address == n.household_address])
    rows = session.execute(
        select(Campaign.year, AwardTitle.name, AwardTitle.kind, Decision.number, Decision.signed_on)
        .select_from(Nomination).join(Campaign, Nomination.campaign_id == Campaign.id).join(AwardTitle, Nomination.title_id == AwardTitle.id)
        .join(Decision, Nomination.decision_id == Decision.id)
        .where(Nomination.subject == n.subject, Nomination.status == "awarded", Campaign.year < this_year, *same)
        .order_by(Campaign.year, Decision.signed_on)).all()
    return [EarlierAward(year, name, kind == "title",
                         f"Quyết định số {number} ngày {fmt.short_date(signed)} của {issuer}")
            for year, name, kind, number, signed in rows]
