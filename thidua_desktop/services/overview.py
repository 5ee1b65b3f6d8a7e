"""Figures for the overview page and ``thidua info``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.deadlines import DeadlineState, deadline_status
from ..errors import UserError
from ..storage.models import EmulationBlock, Period, Person, Registration, Unit
from . import plan, settings
from .results import reporting


@dataclass(frozen=True)
class PlanOverview:
    year: int
    ward_name: str
    title: str
    reference: str
    city_theme: str
    ward_theme: str
    units_deadline: tuple[DeadlineState, str]
    ward_deadline: tuple[DeadlineState, str]
    units: int
    blocks: int
    people: int
    registrations: int
    targets: int
    measures: int


def plan_overview(session: Session, today: dt.date | None = None) -> PlanOverview:
    today = today or dt.date.today()
    campaign = plan.current_campaign(session)
    ward = plan.ward(session)
    count = lambda stmt: session.scalar(stmt) or 0  # noqa: E731
    day_on_time = bool(settings.get(session, "results.deadline_day_on_time"))
    return PlanOverview(
        year=campaign.year,
        ward_name=ward.full_name,
        title=campaign.title,
        reference=campaign.city_plan_reference,
        city_theme=campaign.city_theme,
        ward_theme=campaign.ward_theme,
        units_deadline=deadline_status(campaign.units_deadline, today, day_on_time),
        ward_deadline=deadline_status(campaign.ward_deadline, today, day_on_time),
        units=count(select(func.count(Unit.id)).where(Unit.active.is_(True))),
        blocks=count(select(func.count(EmulationBlock.id)).where(EmulationBlock.campaign_id == campaign.id)),
        people=count(select(func.count(Person.id)).where(Person.active.is_(True))),
        registrations=count(select(func.count(Registration.id)).where(Registration.campaign_id == campaign.id)),
        targets=len(campaign.targets),
        measures=sum(len(t.measures) for t in campaign.targets),
    )


def period_choices(session: Session) -> list[tuple[int, str, bool]]:
    """The current plan's reporting periods: (id, name, is the main one)."""
    return [(p.id, p.name, p.is_main) for p in plan.current_campaign(session).periods]


def period_picture(session: Session, period_id: int) -> reporting.PeriodPicture:
    """Each target's result and who has reported, for one period of the current plan."""
    period = session.get(Period, period_id)
    if period is None:
        raise UserError("Kỳ báo cáo này không còn trong cơ sở dữ liệu.")
    return reporting.period_picture(session, plan.current_campaign(session), period)
