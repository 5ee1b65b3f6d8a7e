"""The current year's reporting periods by plain ids (the results tab and ``thidua results periods``).

The checks and writes are :mod:`.entry`'s (``add_period``, ``update_period``,
``delete_period``); these resolve the year and the period and return plain data.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.text import fold
from ...errors import UserError
from ...storage.database import Database
from ...storage.models import Period
from .. import plan
from . import entry
from . import evaluation as ev


@dataclass(frozen=True)
class PeriodInfo:
    id: int
    code: str
    name: str
    start: dt.date | None
    end: dt.date | None
    deadline: dt.date | None
    is_main: bool


def _info(p: Period) -> PeriodInfo:
    return PeriodInfo(p.id, p.code, p.name, p.start, p.end, p.deadline, p.is_main)


def periods(session: Session) -> list[PeriodInfo]:
    """The current year's periods, the whole year first."""
    return [_info(p) for p in plan.current_campaign(session).periods]


def named(session: Session, text: str | None = None) -> PeriodInfo:
    """The current year's period whose code or name is ``text``; the whole year when it is empty."""
    return _info(ev.period_for(session, plan.current_campaign(session), text))


def by_code(session: Session, code: str) -> PeriodInfo:
    """The current year's period coded ``code`` (as forms and verbs name it)."""
    year = periods(session)
    found = next((p for p in year if fold(p.code) == fold(code)), None)
    if found is None:
        known = ", ".join(p.code for p in year)
        raise UserError(f"Không có kỳ mã “{code}”. Các kỳ hiện có: {known}.")
    return found


def period(session: Session, period_id: int) -> Period:
    found = session.get(Period, period_id)
    if found is None:
        raise UserError("Không tìm thấy kỳ báo cáo (có thể vừa bị xóa).")
    return found


def add(session: Session, code: str, name: str, start: dt.date | None, end: dt.date | None,
        deadline: dt.date | None) -> PeriodInfo:
    """An interim period added to the current year's plan."""
    return _info(entry.add_period(session, plan.current_campaign(session), code, name, start, end, deadline))


def edit(session: Session, period_id: int, name: str, start: dt.date | None, end: dt.date | None,
         deadline: dt.date | None) -> None:
    entry.update_period(session, period(session, period_id), name, start, end, deadline)


def usage(session: Session, period_id: int) -> entry.PeriodUsage:
    return entry.period_usage(session, period(session, period_id))


def remove(db: Database, period_id: int) -> entry.PeriodUsage:
    """Delete an interim period with what it holds, after a backup when it holds anything
    (the caller has shown :func:`usage` and the clerk agreed); one audited transaction."""
    with db.read() as session:
        found = period(session, period_id)
        name, held = found.name, entry.period_usage(session, found)
    if not held.empty:
        db.checkpoint(f"Trước khi xóa kỳ báo cáo {name}")
    with db.transaction(reason=f"Xóa kỳ báo cáo {name}") as session:
        return entry.delete_period(session, period(session, period_id), with_results=True)


def record_report(session: Session, period_id: int, unit_id: int, reported_on: dt.date | None) -> None:
    """A clerk records (or with None, removes) the day a unit reported, e.g. on paper."""
    if reported_on is not None and reported_on > dt.date.today():
        raise UserError("Ngày báo cáo không thể sau hôm nay.")
    entry.set_report(session, period(session, period_id), unit_id, reported_on, "manual")
