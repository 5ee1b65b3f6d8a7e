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

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ...domain.evaluation import Status
from ...domain.text import format_date
from ...domain.units import UNIT_KINDS
from ...storage.models import Campaign, Period, Result, UnitReport
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
        return _summary(len(self.reported), self.expected, self.deadline, len(self.late))

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
    day_counts, deadline, last_ok = _deadline(session, campaign, period)
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
        late, days = _lateness(reported, reported_on, last_ok, today)
        counts = {s.value: ur.count(s) for s in Status}
        units.append(UnitStatus(uid, unit.name, unit.kind, ur.block_name, unit.head_name, unit.phone,
                                len(ur.items), reported_items, reported, reported_on, ur.report_source,
                                ur.report_file, late, days, counts))
    return ReportingStatus(period.id, period.code, period.name, deadline, today, units, day_counts)


def _deadline(session: Session, campaign: Campaign, period: Period) -> tuple[bool, dt.date | None, dt.date | None]:
    """(the deadline's day counts as on time, the deadline, the last day on time)."""
    day_counts = bool(settings.get(session, "results.deadline_day_on_time"))
    deadline = period.deadline or (campaign.units_deadline if period.is_main else None)
    last_ok = None
    if deadline is not None:
        last_ok = deadline if day_counts else deadline - dt.timedelta(days=1)
    return day_counts, deadline, last_ok


def _lateness(reported: bool, reported_on: dt.date | None, last_ok: dt.date | None,
              today: dt.date) -> tuple[bool, int]:
    """(late, days late): reported after the last day on time, or not reported once it has passed."""
    if last_ok is not None:
        if reported and reported_on is not None and reported_on > last_ok:
            return True, (reported_on - last_ok).days
        if not reported and today > last_ok:
            return True, (today - last_ok).days
    return False, 0


def _summary(reported: int, expected: int, deadline: dt.date | None, late: int) -> str:
    text = f"{reported}/{expected} đơn vị đã báo cáo"
    if deadline:
        text += f" (hạn {format_date(deadline)})"
    if late:
        text += f"; {late} đơn vị trễ hạn"
    return text


@dataclass(frozen=True)
class ReportingCount:
    """How many units have reported, the numbers of :class:`ReportingStatus` without judging
    any item (the status line after an import: a large ward's items are not evaluated for it)."""

    expected: int
    reported: int
    late: int
    deadline: dt.date | None
    not_reported: list[str]  # the units' names, in the order of the full status

    def summary(self) -> str:
        return _summary(self.reported, self.expected, self.deadline, self.late)


def count_of(session: Session, period_id: int, today: dt.date | None = None) -> ReportingCount:
    """:func:`status_of`'s counts from two queries: the units' report dates and, per unit
    without a dated report, the dates of its results holding a value (a result counts for
    the items the unit carries); a dated report decides alone, so after a whole table
    has gone in the second query reads nothing."""
    today = today or dt.date.today()
    campaign = plan.current_campaign(session)
    period = periods.period(session, period_id)
    _, deadline, last_ok = _deadline(session, campaign, period)
    people = ev.participants(session, campaign)
    reports = dict(session.execute(select(UnitReport.unit_id, UnitReport.reported_on)
                                   .where(UnitReport.period_id == period.id)).all())
    valued = or_(*(column.is_not(None) for column in (
        Result.value, Result.numerator, Result.denominator, Result.current_amount, Result.previous_amount,
        Result.flag)))
    dated = select(UnitReport.unit_id).where(UnitReport.period_id == period.id, UnitReport.reported_on.is_not(None))
    dates: dict[tuple[int, str, int], dt.date | None] = {}
    for unit_id, measure_id, criterion_id, reported_on in session.execute(
            select(Result.unit_id, Result.measure_id, Result.criterion_id, Result.reported_on)
            .where(and_(Result.period_id == period.id, Result.unit_id.is_not(None), valued,
                        Result.unit_id.not_in(dated)))):
        key = (unit_id, ev.MEASURE, measure_id) if measure_id is not None else (unit_id, ev.CRITERION, criterion_id)
        dates[key] = reported_on
    expected = reported = late = 0
    missing = []
    for unit, keys in _item_keys(people):
        expected += 1
        found = [key for key in keys if key in dates]
        reported_on = reports.get(unit.id)
        is_reported = reported_on is not None or bool(found)
        if is_reported and reported_on is None:
            reported_on = min((d for key in found if (d := dates[key])), default=None)
        reported += is_reported
        late += _lateness(is_reported, reported_on, last_ok, today)[0]
        if not is_reported:
            missing.append(unit.name)
    return ReportingCount(expected, reported, late, deadline, missing)


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


def _item_keys(people: ev.Participants):
    """(unit, the keys of the items it carries) for each unit carrying any, in order: the
    keys ``Participants.items`` would give (every measure allocated to the unit, the other
    criteria of its block) without making the items."""
    measures: dict[int, list[int]] = {}
    for measure_id, unit_id in people.allocations:
        measures.setdefault(unit_id, []).append(measure_id)
    for unit in people.ordered_units():
        block = people.block_of.get(unit.id)
        keys = [(unit.id, ev.MEASURE, m) for m in measures.get(unit.id, ())]
        criteria = people.criteria.get(block.id, []) if block else []
        keys += [(unit.id, ev.CRITERION, c.id) for c in criteria if c.kind != "measure"]
        if keys:
            yield unit, keys


def lateness_rule(session: Session, campaign: Campaign, period: Period):
    """(reported, reported on) → (late, days late), as :func:`reporting_status` judges a unit today."""
    _, _, last_ok = _deadline(session, campaign, period)
    today = dt.date.today()
    return lambda reported, reported_on: _lateness(reported, reported_on, last_ok, today)
