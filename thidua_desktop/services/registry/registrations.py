"""Đăng ký thi đua: each unit's pledge for the year — the date and the titles it aims for."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.registry import REGISTRATION_TITLES, TITLE_SHORT, format_titles, registration_problems
from ...domain.text import clean_multiline, format_date
from ...domain.units import code_for
from ...errors import UserError
from ...storage.models import Registration, Unit
from .units import list_units


@dataclass(frozen=True)
class RegistrationRow:
    unit_id: int
    unit_name: str
    kind: str
    block_name: str
    active: bool
    registered_on: dt.date | None
    titles: tuple[str, ...]
    note: str
    registered: bool

    @property
    def id(self) -> int:
        """Rows are keyed by their unit."""
        return self.unit_id

    @property
    def titles_text(self) -> str:
        return format_titles(self.titles)

    def as_json(self) -> dict:
        return {"unit": self.unit_name, "block": self.block_name or None, "registered": self.registered,
                "registered_on": self.registered_on.isoformat() if self.registered_on else None,
                "titles": list(self.titles), "note": self.note}


def list_registrations(session: Session, campaign_id: int) -> list[RegistrationRow]:
    """One row per unit: active units, and inactive ones that registered."""
    regs = {r.unit_id: r for r in session.scalars(select(Registration).where(Registration.campaign_id == campaign_id))}
    rows = []
    for u in list_units(session, campaign_id):
        reg = regs.get(u.id)
        if not u.active and reg is None:
            continue
        rows.append(RegistrationRow(
            u.id, u.name, u.kind, u.block_name, u.active,
            reg.registered_on if reg else None, tuple(reg.titles or ()) if reg else (),
            (reg.note or "") if reg else "", reg is not None))
    return rows


def register(session: Session, campaign_id: int, unit_ids: list[int], registered_on: dt.date | None,
             titles: list[str], note: str = "") -> int:
    """Record (or change) the registration of one or many units with the same
    date and titles; every unit's kind is checked. Returns how many were written."""
    if not unit_ids:
        raise UserError("Chưa chọn đơn vị nào.")
    titles = [t for t in REGISTRATION_TITLES if t in titles]  # catalogue order, no repeats
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    problems = []
    if registered_on is not None and registered_on > dt.date.today() + dt.timedelta(days=366):
        problems.append(f"Ngày đăng ký {format_date(registered_on)} quá xa.")
    for unit_id in unit_ids:
        unit = units.get(unit_id)
        if unit is None:
            problems.append("Một đơn vị đã chọn không còn trong cơ sở dữ liệu.")
            continue
        problems.extend(registration_problems(unit.kind or "", titles, unit.name if len(unit_ids) > 1 else ""))
    if problems:
        raise UserError("\n".join(dict.fromkeys(problems)))
    existing = {r.unit_id: r for r in session.scalars(select(Registration).where(
        Registration.campaign_id == campaign_id, Registration.unit_id.in_(unit_ids)))}
    for unit_id in unit_ids:
        reg = existing.get(unit_id)
        if reg is None:
            reg = Registration(campaign_id=campaign_id, unit_id=unit_id)
            session.add(reg)
        reg.registered_on = registered_on
        reg.titles = list(titles)
        reg.note = clean_multiline(note)
    session.flush()
    return len(unit_ids)


def unregister(session: Session, campaign_id: int, unit_ids: list[int]) -> int:
    count = 0
    for reg in session.scalars(select(Registration).where(
            Registration.campaign_id == campaign_id, Registration.unit_id.in_(unit_ids))):
        session.delete(reg)
        count += 1
    session.flush()
    return count


def registration_of(session: Session, campaign_id: int, unit_id: int) -> Registration | None:
    return session.scalar(select(Registration).where(
        Registration.campaign_id == campaign_id, Registration.unit_id == unit_id))


def title_codes(texts: list[str]) -> list[str]:
    """Registration titles typed by a clerk (code, name or short name, accents optional)
    as codes; a refusal naming what is not in the list."""
    codes, unknown = [], []
    for text in (t.strip() for t in texts):
        code = code_for(text, REGISTRATION_TITLES) or code_for(text, TITLE_SHORT)
        (codes if code else unknown).append(code or text)
    if unknown:
        raise UserError("Không có danh hiệu, hình thức đăng ký " + ", ".join(f"“{t}”" for t in unknown)
                        + ". Các danh hiệu: " + "; ".join(f"{c} ({n})" for c, n in REGISTRATION_TITLES.items()) + ".")
    return [c for c in REGISTRATION_TITLES if c in codes]  # catalogue order, no repeats, as stored
