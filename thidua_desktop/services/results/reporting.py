"""Who has reported for a period, who is late, and what is still missing.

A unit is expected to report when it has something to report (its block's
criteria or a measure allocated to it). It has reported when its report is
recorded (a form read back, or marked by the clerk) or when any of its results
was entered. It is late when it reported after the period's deadline, or has
not reported and the deadline has passed. The plan says "trước ngày
05/12/2026": by default a report dated 05/12 is late; the setting
``results.deadline_day_on_time`` counts the named day as on time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...domain.evaluation import Status
from ...domain.text import format_date
from ...domain.units import UNIT_KINDS
from ...storage.models import Campaign, Period
from . import evaluation as ev
from .. import settings
from .. import plan
from . import periods


@dataclass
class UnitStatus:
    unit_id: int
    name: str
    kind: str
    block: str
    head_name: str
    phone: str
    items: int  # what the unit has to report
    reported_items: int
    reported: bool
    reported_on: dt.date | None
    source: str
    source_file: str
    late: bool
    days_late: int  # after the deadline (0 when on time or not yet due)
    counts: dict[str, int] = field(default_factory=dict)  # status value → number of items

    @property
    def missing_items(self) -> int:
        return self.items - self.reported_items

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    @property
    def state_text(self) -> str:
        if not self.reported:
            return f"Chưa báo cáo — quá hạn {self.days_late} ngày" if self.late else "Chưa báo cáo"
        text = f"Đã báo cáo {format_date(self.reported_on)}" if self.reported_on else "Đã có kết quả"
        if self.late:
            text += f" — trễ {self.days_late} ngày"
        if self.missing_items:
            text += f"; còn thiếu {self.missing_items}/{self.items} mục"
        return text

    def as_json(self) -> dict:
        return {
            "unit_id": self.unit_id, "unit": self.name, "kind": self.kind, "block": self.block,
            "reported": self.reported, "reported_on": self.reported_on.isoformat() if self.reported_on else None,
            "source": self.source, "file": self.source_file, "late": self.late, "days_late": self.days_late,
            "items": self.items, "reported_items": self.reported_items, "missing_items": self.missing_items,
            "head_name": self.head_name, "phone": self.phone,
            "status_counts": self.counts,
        }


@dataclass
class ReportingStatus:
    period_id: int
    period_code: str
    period_name: str
    deadline: dt.date | None
    today: dt.date
    units: list[UnitStatus]
    deadline_day_on_time: bool = False

    @property
    def expected(self) -> int:
        return len(self.units)

    @property
    def reported(self) -> list[UnitStatus]:
        return [u for u in self.units if u.reported]

    @property
    def not_reported(self) -> list[UnitStatus]:
        return [u for u in self.units if not u.reported]

    @property
    def late(self) -> list[UnitStatus]:
        """Reported late, or not reported with the deadline passed."""
        return [u for u in self.units if u.late]

    @property
    def incomplete(self) -> list[UnitStatus]:
        return [u for u in self.units if u.reported and u.missing_items]

    @property
    def deadline_passed(self) -> bool:
        return self.deadline is not None and self.today > self.last_on_time_day

    @property
    def last_on_time_day(self) -> dt.date:
        assert self.deadline is not None
        return self.deadline if self.deadline_day_on_time else self.deadline - dt.timedelta(days=1)

    def summary(self) -> str:
        text = f"{len(self.reported)}/{self.expected} đơn vị đã báo cáo"
        if self.deadline:
            text += f" (hạn {format_date(self.deadline)})"
        if self.late:
            text += f"; {len(self.late)} đơn vị trễ hạn"
        return text

    def as_json(self) -> dict:
        return {
            "period": {"code": self.period_code, "name": self.period_name,
                       "deadline": self.deadline.isoformat() if self.deadline else None},
            "today": self.today.isoformat(),
            "expected": self.expected, "reported": len(self.reported),
            "not_reported": [u.name for u in self.not_reported],
            "late": [u.name for u in self.late],
            "units": [u.as_json() for u in self.units],
        }


def reporting_status(session: Session, campaign: Campaign, period: Period, today: dt.date | None = None,
                     unit_results: dict[int, ev.UnitResults] | None = None,
                     people: ev.Participants | None = None) -> ReportingStatus:
    """``unit_results`` and ``people`` may be given when the caller has them already."""
    today = today or dt.date.today()
    day_counts = bool(settings.get(session, "results.deadline_day_on_time"))
    deadline = period.deadline or (campaign.units_deadline if period.is_main else None)
    last_ok = None
    if deadline is not None:
        last_ok = deadline if day_counts else deadline - dt.timedelta(days=1)
    people = people or ev.participants(session, campaign)
    per_unit = unit_results if unit_results is not None else ev.unit_results(session, campaign, period, people=people)
    units = []
    for uid, ur in per_unit.items():
        unit = people.units[uid]
        reported_items = sum(1 for i in ur.items if i.reported)
        reported = ur.has_reported
        reported_on = ur.reported_on
        if reported and reported_on is None:
            dates = [i.reported_on for i in ur.items if i.reported and i.reported_on]
            reported_on = min(dates) if dates else None
        late, days = False, 0
        if last_ok is not None:
            if reported and reported_on is not None and reported_on > last_ok:
                late, days = True, (reported_on - last_ok).days
            elif not reported and today > last_ok:
                late, days = True, (today - last_ok).days
        counts = {s.value: ur.count(s) for s in Status}
        units.append(UnitStatus(uid, unit.name, unit.kind, ur.block_name, unit.head_name, unit.phone,
                                len(ur.items), reported_items, reported, reported_on, ur.report_source,
                                ur.report_file, late, days, counts))
    return ReportingStatus(period.id, period.code, period.name, deadline, today, units, day_counts)


@dataclass
class PeriodPicture:
    """A period at a glance (the overview and the evaluation tab): each measure
    of the plan evaluated, and who has reported."""

    measures: list[ev.MeasureResult]
    status: ReportingStatus


def period_picture(session: Session, campaign: Campaign, period: Period) -> PeriodPicture:
    people = ev.participants(session, campaign)
    results = ev.period_results(session, period)
    measures = ev.measure_results(ev.ward_target_results(session, campaign, period, people, results))
    units = ev.unit_results(session, campaign, period, people=people, results=results)
    return PeriodPicture(measures, reporting_status(session, campaign, period, unit_results=units, people=people))


def status_of(session: Session, period_id: int, today: dt.date | None = None,
              unit_results: dict[int, ev.UnitResults] | None = None,
              people: ev.Participants | None = None) -> ReportingStatus:
    """:func:`reporting_status` of a period of the current year, by its id."""
    return reporting_status(session, plan.current_campaign(session), periods.period(session, period_id), today,
                            unit_results=unit_results, people=people)


@dataclass
class PeriodEvaluation:
    """The evaluation tab's period: its picture and how many decimals figures show."""

    picture: PeriodPicture
    decimals: int


def evaluation_of(session: Session, period_id: int) -> PeriodEvaluation:
    picture = period_picture(session, plan.current_campaign(session), periods.period(session, period_id))
    return PeriodEvaluation(picture, ev.tolerances(session).decimals)
