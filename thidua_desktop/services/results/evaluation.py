"""Evaluated results of a period: the ward's targets and each unit's items.

This is the read side of results, used by the targets screen, the overview,
the command line, scoring (issue 5) and documents (issue 6). The rules are in
:mod:`thidua_desktop.domain.evaluation`; this module gathers the figures.

Public API
----------
``tolerances(session) -> Tolerances``
    the evaluation settings in force.
``period_for(session, campaign, code=None) -> Period``
    a period by code or name (the main, year-long period by default).
``unit_items(session, campaign) -> dict[unit_id, list[Item]]``
    what each active unit reports: its block's criteria, in order (a measure
    criterion only for the members the measure is allocated to), then any
    measure allocated to it that the block's list does not name.
``ward_target_results(session, campaign, period) -> list[TargetResult]``
    each of the plan's targets, with each measure's official ward figure, the
    roll-up of units' results, the mismatch flag and the evaluation.
``unit_results(session, campaign, period, unit_ids=None) -> dict[unit_id, UnitResults]``
    each unit's items with the reported values and their evaluation;
    ``UnitResults.by_criterion()`` maps criterion ids (the scorecard's) to results.

Who carries a measure is decided by its allocation (``Allocation`` rows); the
block's criteria list decides the order and the scorecard. A unit's planned
value for a measure is its allocation's; when the allocation gives none, the
block's measure criterion may give one; otherwise a rate or growth target
takes the ward's planned value (a percentage holds for every unit as for the
ward) while counts and amounts have no plan of their own.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict, namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.evaluation import (
    Contribution,
    Evaluation,
    Rollup,
    RollupMethod,
    Status,
    Tolerances,
    evaluate,
    evaluate_flag,
    evaluate_registration,
    mismatch,
    registration_deadline,
    rollup,
    value_text,
    worst,
)
from ...domain.allocation import REGISTRATION_CRITERION
from ...domain.results import EntrySpec, ResultValues, Shape, spec_for_criterion, spec_for_measure
from ...domain.targets import Comparison, MeasureKind, planned_text
from ...domain.text import collation_key, fold
from ...errors import UserError
from ...storage.models import (
    Allocation,
    BlockMembership,
    Campaign,
    Criterion,
    EmulationBlock,
    Measure,
    Period,
    Registration,
    Result,
    Unit,
    UnitReport,
)
from .. import settings

MEASURE = "m"
CRITERION = "c"


def tolerances(session: Session) -> Tolerances:
    return Tolerances(
        decimals=int(settings.get(session, "evaluation.decimals")),
        exceed_margin=float(settings.get(session, "evaluation.exceed_margin")),
        strict_exceed_margin=float(settings.get(session, "evaluation.strict_exceed_margin")),
        equal_tolerance=float(settings.get(session, "evaluation.equal_tolerance")),
        mismatch_tolerance=float(settings.get(session, "evaluation.mismatch_tolerance")),
    )


def main_period(campaign: Campaign) -> Period:
    for period in campaign.periods:
        if period.is_main:
            return period
    if campaign.periods:
        return campaign.periods[0]
    raise UserError(f"Kế hoạch năm {campaign.year} chưa có kỳ báo cáo nào.")


def period_for(session: Session, campaign: Campaign, code: str | None = None) -> Period:
    """The period whose code or name is ``code`` (ignoring case and accents);
    the year-long period when ``code`` is empty."""
    if not code:
        return main_period(campaign)
    key = fold(code)
    for period in campaign.periods:
        if key in (fold(period.code), fold(period.name)):
            return period
    names = ", ".join(f"“{p.code}” ({p.name})" for p in campaign.periods)
    raise UserError(f"Không có kỳ báo cáo “{code}”. Các kỳ: {names}.")


# --- what units report -------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """Something a unit reports: a measure of the plan or a criterion of its block."""

    kind: str  # MEASURE or CRITERION: which id the result is stored under
    id: int  # measure id or criterion id
    code: str
    label: str
    unit: str  # ĐVT
    spec: EntrySpec
    measure_kind: str  # MeasureKind value, or "yesno" / "number" for own criteria
    comparison: Comparison
    planned: float | None
    measure_id: int | None = None
    criterion_id: int | None = None  # the block's criterion for it, if any
    target_code: str = ""
    group: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def planned_text(self) -> str:
        if self.spec.shape is Shape.YESNO:
            return "Có"
        kind = MeasureKind(self.measure_kind) if self.measure_kind in MeasureKind._value2member_map_ else None
        return planned_text(self.comparison, self.planned, self.unit, kind)


def measure_spec(m: Measure) -> EntrySpec:
    return spec_for_measure(m.kind, m.comparison, m.unit, m.numerator_label, m.denominator_label,
                            m.amount_unit)


def unit_planned(m: Measure, allocation: Allocation | None, criterion: Criterion | None = None) -> float | None:
    """A unit's planned value for a measure (see the module's docstring)."""
    if allocation is not None and allocation.planned_value is not None:
        return allocation.planned_value
    if criterion is not None and criterion.planned_value is not None:
        return criterion.planned_value
    if m.kind in (MeasureKind.RATE.value, MeasureKind.GROWTH.value):
        return m.planned_value
    return None


def _measure_item(m: Measure, target_code: str, planned: float | None,
                  criterion: Criterion | None) -> Item:
    return Item(MEASURE, m.id, m.code, m.label, m.unit, measure_spec(m), m.kind, Comparison(m.comparison),
                planned, measure_id=m.id, criterion_id=criterion.id if criterion else None,
                target_code=target_code, group=criterion.group if criterion else "")


def criterion_item(c: Criterion) -> Item:
    comparison = Comparison(c.comparison) if c.comparison in Comparison._value2member_map_ else Comparison.GE
    return Item(CRITERION, c.id, c.code, c.label, c.unit, spec_for_criterion(c.kind, c.unit), c.kind,
                comparison, c.planned_value, criterion_id=c.id, group=c.group)


@dataclass
class Participants:
    """The campaign's active units with their block, allocations and criteria, loaded once."""

    campaign: Campaign
    units: dict[int, Unit]
    block_of: dict[int, EmulationBlock]
    measures: dict[int, Measure]
    target_code: dict[int, str]
    allocations: dict[tuple[int, int], Allocation]  # (measure_id, unit_id)
    criteria: dict[int, list[Criterion]]  # block_id → ordered
    _items: dict[int, list[Item]] = field(default_factory=dict, repr=False)
    # Units of a block mostly share their items: each distinct one is made once (2.000 units, a few dozen items).
    _shared: dict[tuple, Item] = field(default_factory=dict, repr=False)

    # Units of a block with the same allocations have the same items: built once for them all.
    _alike: dict[tuple, list[Item]] = field(default_factory=dict, repr=False)

    def items(self, unit_id: int) -> list[Item]:
        if unit_id not in self._items:
            block = self.block_of.get(unit_id)
            allocated = tuple((measure_id, a.planned_value) for measure_id in self.measures
                              if (a := self.allocations.get((measure_id, unit_id))) is not None)
            key = (block.id if block else None, allocated)
            if key not in self._alike:
                self._alike[key] = self._build_items(unit_id)
            self._items[unit_id] = list(self._alike[key])
        return self._items[unit_id]

    def _build_items(self, unit_id: int) -> list[Item]:
        """The unit's items, from its block's criteria and the planned values of its allocations."""
        block = self.block_of.get(unit_id)
        out: list[Item] = []
        seen: set[int] = set()
        for c in self.criteria.get(block.id, []) if block else []:
            if c.kind == "measure":
                m = self.measures.get(c.measure_id)
                allocation = self.allocations.get((c.measure_id, unit_id))
                if m is None or m.id in seen or allocation is None:
                    continue  # a member the measure is not allocated to does not carry it
                seen.add(m.id)
                out.append(self._measure_item(m, unit_planned(m, allocation, c), c))
            else:
                out.append(self._shared.get(("c", c.id)) or self._shared.setdefault(("c", c.id), criterion_item(c)))
        for mid, m in self.measures.items():  # the key, not the ORM's m.id: read for every unit
            if mid in seen:
                continue
            allocation = self.allocations.get((mid, unit_id))
            if allocation is not None:
                out.append(self._measure_item(m, unit_planned(m, allocation), None))
        return out

    def _measure_item(self, m: Measure, planned: float | None, criterion: Criterion | None) -> Item:
        key = ("m", m.id, planned, criterion.id if criterion else None)
        item = self._shared.get(key)
        if item is None:
            item = self._shared[key] = _measure_item(m, self.target_code[m.id], planned, criterion)
        return item

    def ordered_units(self) -> list[Unit]:
        """Units by block (in the block's order), then by name."""
        def key(u: Unit):
            block = self.block_of.get(u.id)
            return (block is None, block.position if block else 0, block.name if block else "",
                    collation_key(u.name))
        return sorted(self.units.values(), key=key)


def participants(session: Session, campaign: Campaign) -> Participants:
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.active.is_(True)))}
    blocks = {b.id: b for b in session.scalars(
        select(EmulationBlock).where(EmulationBlock.campaign_id == campaign.id))}
    block_of = {}
    # plain rows: only the two ids are read, and a large ward has thousands of memberships
    for ms in session.execute(select(BlockMembership.unit_id, BlockMembership.block_id)
                              .where(BlockMembership.campaign_id == campaign.id)):
        if ms.unit_id in units and ms.block_id in blocks:
            block_of[ms.unit_id] = blocks[ms.block_id]
    measures: dict[int, Measure] = {}
    target_code: dict[int, str] = {}
    for target in campaign.targets:
        for m in target.measures:
            measures[m.id] = m
            target_code[m.id] = target.code
    allocations = {}
    if measures:
        # plain rows, read only: tens of thousands of ORM objects at a large ward's scale
        for a in session.execute(select(Allocation.measure_id, Allocation.unit_id, Allocation.planned_value)
                                 .where(Allocation.measure_id.in_(measures))):
            if a.unit_id in units:
                allocations[(a.measure_id, a.unit_id)] = a
    criteria: dict[int, list[Criterion]] = defaultdict(list)
    if blocks:
        for c in session.scalars(select(Criterion).where(Criterion.block_id.in_(blocks))
                                 .order_by(Criterion.block_id, Criterion.position, Criterion.id)):
            criteria[c.block_id].append(c)
    return Participants(campaign, units, block_of, measures, target_code, allocations, dict(criteria))


def unit_items(session: Session, campaign: Campaign) -> dict[int, list[Item]]:
    p = participants(session, campaign)
    return {uid: items for uid in p.units if (items := p.items(uid))}


# --- results of a period -----------------------------------------------------


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A large ward's evaluation is some 100.000 new objects and no reference cycles: the
    garbage collector would walk them again and again for nothing (a third of the time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def values_of(r: Result) -> ResultValues:
    return ResultValues(r.value, r.numerator, r.denominator, r.current_amount, r.previous_amount, r.flag)


_NO_FIGURES = (None,) * 6


def has_values(r: Result | None) -> bool:
    # ``values_of(r).empty`` compared in C: read for each of a large ward's carriers
    return r is not None and (r.value, r.numerator, r.denominator, r.current_amount, r.previous_amount,
                              r.flag) != _NO_FIGURES


@dataclass
class PeriodResults:
    """Every result row of a period, indexed by (unit_id, kind, id); unit_id None is the ward."""

    rows: dict[tuple[int | None, str, int], Result]
    reports: dict[int, UnitReport]

    def get(self, unit_id: int | None, kind: str, item_id: int) -> Result | None:
        return self.rows.get((unit_id, kind, item_id))


# A result or report read only: its columns as a named tuple, whose fields are read in C (a
# SQLAlchemy row's are some ten times slower, and a large ward's grid reads ~200.000 of them).
_ResultRow = namedtuple("_ResultRow", [c.name for c in Result.__table__.columns])
_ReportRow = namedtuple("_ReportRow", [c.name for c in UnitReport.__table__.columns])


def _plain_rows(session: Session, table, where) -> Iterator:
    """``table``'s rows read on the connection, pending changes flushed first (as ``session.execute`` does)."""
    if session.autoflush:
        session.flush()
    row = _ResultRow if table is Result else _ReportRow
    return map(row._make, session.connection().execute(select(*table.__table__.columns).where(where)))


def period_results(session: Session, period: Period, plain: bool = False) -> PeriodResults:
    """``plain``: rows to read only, not ORM objects (several times faster for a large ward's grid)."""
    where = Result.period_id == period.id
    found = _plain_rows(session, Result, where) if plain else session.scalars(select(Result).where(where))
    rows = {}
    for r in found:
        if r.measure_id is not None:
            rows[(r.unit_id, MEASURE, r.measure_id)] = r
        elif r.criterion_id is not None:
            rows[(r.unit_id, CRITERION, r.criterion_id)] = r
    where = UnitReport.period_id == period.id
    reports = {r.unit_id: r for r in (_plain_rows(session, UnitReport, where) if plain
                                      else session.scalars(select(UnitReport).where(where)))}
    return PeriodResults(rows, reports)


FIGURES = (Result.value, Result.numerator, Result.denominator, Result.current_amount, Result.previous_amount,
           Result.flag)  # the columns of :func:`values_of`, in its order


@dataclass
class PeriodFigures:
    """A period's results as deciding who reported what and when reads them (plain tuples)."""

    rows: dict[tuple[int | None, str, int], tuple[tuple | None, dt.date | None]]  # key as PeriodResults' →
    # (the FIGURES, None when all are empty; reported on)
    reports: dict[int, dt.date | None]  # unit id → its report's date


def period_figures(session: Session, period: Period) -> PeriodFigures:
    """:func:`period_results`' keys with only each result's figures and date, and each report's
    date: a large ward's notes, times and row objects are not read."""
    rows = {}
    for unit_id, measure_id, criterion_id, *figures, reported_on in session.execute(
            select(Result.unit_id, Result.measure_id, Result.criterion_id, *FIGURES, Result.reported_on)
            .where(Result.period_id == period.id)):
        figures = tuple(figures)
        found = (None if figures == _NO_FIGURES else figures, reported_on)
        if measure_id is not None:
            rows[(unit_id, MEASURE, measure_id)] = found
        elif criterion_id is not None:
            rows[(unit_id, CRITERION, criterion_id)] = found
    reports = dict(session.execute(select(UnitReport.unit_id, UnitReport.reported_on)
                                   .where(UnitReport.period_id == period.id)).all())
    return PeriodFigures(rows, reports)


def evaluate_item(item: Item, values: ResultValues | None, tol: Tolerances) -> Evaluation:
    if item.spec.shape is Shape.YESNO:
        return evaluate_flag(None if values is None else values.flag)
    actual = None if values is None else values.value
    baseline = None if values is None else values.previous_amount
    kind = item.measure_kind if item.measure_kind in MeasureKind._value2member_map_ else (
        MeasureKind.RATE.value if item.spec.percent else MeasureKind.AMOUNT.value)
    return evaluate(item.comparison, kind, item.planned, actual, baseline, item.unit, tol)


@dataclass
class ItemResult:
    item: Item
    values: ResultValues | None
    evaluation: Evaluation
    result_id: int | None = None
    note: str = ""
    evidence: str = ""
    source: str = ""
    source_file: str = ""
    reported_on: dt.date | None = None
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    from_register: bool = False  # judged from the registration register, not the entered flag
    version: int = 0  # the stored row's version (0: none), what a save from this screen expects

    @property
    def status(self) -> Status:
        return self.evaluation.status

    @property
    def reported(self) -> bool:
        return self.values is not None and not self.values.empty

    @property
    def unplanned(self) -> bool:
        return unplanned(self.item)


def unplanned(item: Item) -> bool:
    """A target allocated to a unit without a planned value for it: a count or
    amount the ward sums but does not judge per unit (docs/phan-giao-chi-tieu.md §1)."""
    return (item.kind == MEASURE and item.planned is None and item.comparison is not Comparison.DECREASE
            and item.spec.shape is not Shape.YESNO)


UNPLANNED_RULE = "Không giao kế hoạch cho đơn vị: không đánh giá riêng (kết quả cộng vào số toàn phường)"


# evaluations made in one pass, by item and figures (see :func:`item_result`), with the values judged
Judged = dict[tuple[int, tuple | None], tuple[Item, Evaluation, ResultValues | None]]

# a result row's figures and the rest of what an ItemResult keeps, each read in one call
_figures_of = attrgetter("value", "numerator", "denominator", "current_amount", "previous_amount", "flag")
_details_of = attrgetter("id", "note", "evidence", "source", "source_file", "reported_on", "updated_by",
                         "updated_at")


def item_result(item: Item, row: Result | None, tol: Tolerances, judged: Judged | None = None) -> ItemResult:
    """``judged``: evaluations already made in this pass, by item and figures (a large
    ward's units share their items and often their figures: each pair is judged once
    and its values made once)."""
    if judged is None:
        values = values_of(row) if row is not None else None
        if values is not None and values.empty:
            values = None
        ev = _judge(item, values, tol)
    else:
        # the figures as one tuple read in C: hashed and compared without a ResultValues each
        figures = None if row is None else _figures_of(row)
        if figures == _NO_FIGURES:
            figures = None
        key = (id(item), figures)  # the item is kept in the entry, so its id is not reused meanwhile
        hit = judged.get(key)
        if hit is None:
            values = None if figures is None else ResultValues(*figures)
            hit = judged[key] = (item, _judge(item, values, tol), values)
        ev, values = hit[1], hit[2]
    if row is None:
        return ItemResult(item, None, ev)
    return ItemResult(item, values, ev, *_details_of(row), version=row.version)


def evaluated(item: Item, values: ResultValues | None, tol: Tolerances) -> ItemResult:
    """An item's result from its figures alone (None: nothing reported), as :func:`item_result` judges it."""
    return ItemResult(item, values, _judge(item, values, tol))


def _judge(item: Item, values: ResultValues | None, tol: Tolerances) -> Evaluation:
    ev = evaluate_item(item, values, tol)
    if unplanned(item):
        shown = f"Thực hiện {value_text(ev.actual, item.unit, tol.decimals)}; " if ev.actual is not None else ""
        ev = Evaluation(Status.NO_DATA, ev.actual, None, ev.baseline, None, shown + UNPLANNED_RULE)
    return ev


@dataclass
class UnitResults:
    unit_id: int
    name: str
    kind: str
    block_id: int | None
    block_name: str
    items: list[ItemResult]
    reported_on: dt.date | None = None  # from the unit's report for the period
    report_source: str = ""
    report_file: str = ""

    @property
    def has_reported(self) -> bool:
        return self.reported_on is not None or any(i.reported for i in self.items)

    @property
    def missing(self) -> list[ItemResult]:
        return [i for i in self.items if not i.reported]

    def count(self, status: Status) -> int:
        return sum(1 for i in self.items if i.status is status)

    def by_criterion(self) -> dict[int, ItemResult]:
        """Results keyed by the block's criterion ids (for the scorecard)."""
        return {i.item.criterion_id: i for i in self.items if i.item.criterion_id is not None}

    def by_measure(self) -> dict[int, ItemResult]:
        return {i.item.measure_id: i for i in self.items if i.item.measure_id is not None}


@dataclass(frozen=True)
class Register:
    """The year's registration register as criterion TC01 reads it."""

    dates: dict[int, dt.date | None]  # unit id → registered on (None: no date written)
    deadline: dt.date | None

    @staticmethod
    def reads(item: Item) -> bool:
        """Whether the register, not the figure entered, judges ``item``."""
        return item.kind == CRITERION and item.code == REGISTRATION_CRITERION

    def judge(self, result: ItemResult, unit_id: int) -> ItemResult:
        if not self.reads(result.item):
            return result
        flag = result.values.flag if result.values is not None else None
        ev = evaluate_registration(unit_id in self.dates, self.dates.get(unit_id), self.deadline, flag)
        return replace(result, evaluation=ev, from_register=True)


def register(session: Session, campaign: Campaign) -> Register | None:
    """The register, or None while no unit has registered this year (a ward
    that does not keep it keeps the figures it enters for TC01)."""
    dates = dict(session.execute(select(Registration.unit_id, Registration.registered_on)
                                 .where(Registration.campaign_id == campaign.id)).all())
    if not dates:
        return None
    text = settings.get(session, "registration.deadline")
    return Register(dates, registration_deadline(text, campaign.year))


def unit_results(session: Session, campaign: Campaign, period: Period,
                 unit_ids: list[int] | None = None, people: Participants | None = None,
                 results: PeriodResults | None = None) -> dict[int, UnitResults]:
    """Each unit's items with their values and evaluation (units with no items are left out)."""
    people = people or participants(session, campaign)
    results = results or period_results(session, period, plain=True)
    tol = tolerances(session)
    book = register(session, campaign)
    judged: Judged = {}
    out: dict[int, UnitResults] = {}
    for unit in people.ordered_units():
        if unit_ids is not None and unit.id not in unit_ids:
            continue
        items = people.items(unit.id)
        if not items:
            continue
        block = people.block_of.get(unit.id)
        ur = UnitResults(unit.id, unit.name, unit.kind, block.id if block else None, block.name if block else "",
                         [unit_item_result(i, unit.id, results, tol, book, judged) for i in items])
        set_report(ur, results)
        out[unit.id] = ur
    return out


def unit_item_result(item: Item, unit_id: int, results: PeriodResults, tol: Tolerances,
                     book: Register | None, judged: Judged | None = None) -> ItemResult:
    """One unit's result for one item, evaluated (TC01 judged from the register when one is kept)."""
    result = item_result(item, results.rows.get((unit_id, item.kind, item.id)), tol, judged)
    return book.judge(result, unit_id) if book is not None and book.reads(item) else result


def set_report(ur: UnitResults, results: PeriodResults) -> None:
    """The unit's report date for the period, from ``results``."""
    report = results.reports.get(ur.unit_id)
    ur.reported_on = report.reported_on if report else None
    ur.report_source = report.source if report else ""
    ur.report_file = report.source_file if report else ""


# --- the ward's targets ------------------------------------------------------


@dataclass
class MeasureResult:
    measure_id: int
    code: str
    label: str
    unit: str
    kind: MeasureKind
    comparison: Comparison
    planned: float | None
    planned_text: str
    spec: EntrySpec
    rollup_method: RollupMethod
    official: ItemResult  # the ward-wide figure entered directly (values None if not)
    rollup: Rollup | None  # None when the measure does not roll up
    expected_units: int  # units that carry the measure
    reported_units: int  # of those, units that reported it
    evaluation: Evaluation
    source: str  # "official", "rollup" or "" (nothing to evaluate)
    mismatch: bool
    baseline: float | None

    @property
    def status(self) -> Status:
        return self.evaluation.status

    @property
    def actual(self) -> float | None:
        return self.evaluation.actual

    @property
    def complete(self) -> bool:
        return self.reported_units >= self.expected_units


@dataclass
class TargetResult:
    target_id: int
    code: str
    text: str
    measures: list[MeasureResult] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return worst([m.status for m in self.measures])


@collector_paused()
def ward_target_results(session: Session, campaign: Campaign, period: Period,
                        people: Participants | None = None,
                        results: PeriodResults | None = None) -> list[TargetResult]:
    """The plan's targets evaluated for ``period`` (see :class:`MeasureResult`).

    The official ward figure, when entered, is the one evaluated. Otherwise the
    roll-up of units' results is evaluated once every unit that carries the
    measure has reported it; before that the status is "chưa đủ dữ liệu" and
    the rule gives the provisional figure. Without ``people`` and ``results``,
    only what the targets need is read (units' names, allocations, figures)."""
    if people is not None:
        units = people.units
        names = {unit_id: unit.name for unit_id, unit in units.items()}
        allocated = people.allocations
    else:
        names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.active.is_(True))).all())
        allocated = allocated_units(session, campaign, names)
    if results is None:
        results, reported = measure_figures(session, period)
    else:
        reported = {(unit_id, item_id): (r.value, r.numerator, r.denominator, r.current_amount, r.previous_amount)
                    for (unit_id, kind, item_id), r in results.rows.items()
                    if kind == MEASURE and unit_id is not None and has_values(r)}
    tol = tolerances(session)
    carriers = carriers_in_order(names, allocated)
    out = []
    for target in campaign.targets:
        tr = TargetResult(target.id, target.code, target.text)
        for m in target.measures:
            found = carriers.get(m.id, [])
            figures = {unit_id: None if (f := reported.get((unit_id, m.id))) is None
                       else Contribution(*f, names[unit_id]) for unit_id in found}  # as :func:`contributions`
            tr.measures.append(measure_result(m, target.code, people, results, found, tol, figures))
        out.append(tr)
    return out


def allocated_units(session: Session, campaign: Campaign, units) -> list[tuple[int, int]]:
    """(measure id, unit id) of the campaign's allocations to ``units``, as :func:`participants` reads them."""
    measures = [m.id for target in campaign.targets for m in target.measures]
    if not measures:
        return []
    return [(measure_id, unit_id) for measure_id, unit_id in session.execute(
        select(Allocation.measure_id, Allocation.unit_id).where(Allocation.measure_id.in_(measures)))
        if unit_id in units]


def measure_figures(session: Session, period: Period) -> tuple[PeriodResults, dict[tuple[int, int], tuple]]:
    """The ward's own results of the period's measures, whole (as :func:`period_results` holds
    them), and (unit id, measure id) → the figures a :class:`Contribution` takes of each unit's
    result holding any (plain tuples: a large ward's criteria results, dates and notes are not read)."""
    where = (Result.period_id == period.id, Result.measure_id.is_not(None))
    rows = {(None, MEASURE, r.measure_id): r for r in session.execute(
        select(*Result.__table__.columns).where(*where, Result.unit_id.is_(None)))}
    reported = {}
    for unit_id, measure_id, *figures in session.execute(select(Result.unit_id, Result.measure_id, *FIGURES)
                                                         .where(*where, Result.unit_id.is_not(None))):
        if tuple(figures) != _NO_FIGURES:
            reported[(unit_id, measure_id)] = tuple(figures[:5])
    return PeriodResults(rows, {}), reported


def measure_carriers(people: Participants) -> dict[int, list[int]]:
    """Measure id → the units that carry it (those it is allocated to: see
    :meth:`Participants.items`), in the units' order; no unit's items are built."""
    return carriers_in_order(people.units, people.allocations)


def carriers_in_order(units, allocated) -> dict[int, list[int]]:
    """Measure id → the units of ``allocated`` (measure id, unit id) pairs, in the order of ``units``."""
    order = {unit_id: n for n, unit_id in enumerate(units)}
    carriers: dict[int, list[int]] = defaultdict(list)
    for measure_id, unit_id in allocated:
        carriers[measure_id].append(unit_id)
    for found in carriers.values():
        found.sort(key=order.__getitem__)
    return carriers


def contributions(measure_id: int, carriers: list[int], people: Participants,
                  results: PeriodResults) -> dict[int, Contribution | None]:
    """Each carrier's figures for a measure (None: not reported yet), in the carriers' order."""
    return {unit_id: contribution(results.get(unit_id, MEASURE, measure_id), people.units[unit_id].name)
            for unit_id in carriers}


def contribution(row: Result | None, label: str) -> Contribution | None:
    if not has_values(row):
        return None
    return Contribution(row.value, row.numerator, row.denominator, row.current_amount, row.previous_amount, label)


def measure_result(m: Measure, target_code: str, people: Participants | None, results: PeriodResults,
                   carriers: list[int], tol: Tolerances,
                   figures: dict[int, Contribution | None] | None = None) -> MeasureResult:
    """``figures``: the carriers' contributions when the caller has them (see :func:`contributions`;
    then ``people`` is not read)."""
    kind, comparison = MeasureKind(m.kind), Comparison(m.comparison)
    spec = measure_spec(m)
    item = Item(MEASURE, m.id, m.code, m.label, m.unit, spec, m.kind, comparison, m.planned_value,
                measure_id=m.id, target_code=target_code)
    official_row = results.get(None, MEASURE, m.id)
    official = item_result(item, official_row, tol)
    method = RollupMethod(m.rollup) if m.rollup in RollupMethod._value2member_map_ else RollupMethod.NONE
    if figures is None:
        figures = contributions(m.id, carriers, people, results)
    given = [c for c in figures.values() if c is not None]
    rolled = rollup(method, given) if method is not RollupMethod.NONE and carriers else None
    reported = len(given)
    baseline = m.baseline_value
    if baseline is None and official.values is not None:
        baseline = official.values.previous_amount
    if baseline is None and rolled is not None and reported == len(carriers):
        baseline = rolled.previous
    planned_words = planned_text(comparison, m.planned_value, m.unit, kind)
    source = ""
    if official.values is not None and official.values.value is not None:
        ev = evaluate(comparison, kind, m.planned_value, official.values.value, baseline, m.unit, tol)
        source = "official"
    elif rolled is not None and rolled.value is not None:
        complete = reported >= len(carriers) and not rolled.unusable
        if complete:
            ev = evaluate(comparison, kind, m.planned_value, rolled.value, baseline, m.unit, tol)
            ev = Evaluation(ev.status, ev.actual, ev.planned, ev.baseline, ev.percent_of_plan,
                            f"Cộng dồn {len(carriers)} đơn vị: {ev.rule}")
            source = "rollup"
        else:
            missing = len(carriers) - reported
            why = (f"mới có {reported}/{len(carriers)} đơn vị báo cáo" if missing else
                   f"{len(rolled.unusable)} đơn vị chỉ báo tỷ lệ, không có tử số, mẫu số")
            ev = Evaluation(Status.NO_DATA, rolled.value, m.planned_value, baseline, None,
                            f"Chưa có số toàn phường; {why} (tạm tính {rolled.text(m.unit, tol.decimals)})")
    elif carriers and method is not RollupMethod.NONE:
        ev = Evaluation(Status.NO_DATA, None, m.planned_value, baseline, None,
                        f"Chưa có số toàn phường; chưa đơn vị nào trong {len(carriers)} đơn vị báo cáo")
    else:
        ev = Evaluation(Status.NO_DATA, None, m.planned_value, baseline, None, "Chưa có số toàn phường")
    flagged = bool(source == "official" and rolled is not None and rolled.value is not None
                   and reported >= len(carriers)
                   and mismatch(official.values.value, rolled.value, tol))
    return MeasureResult(m.id, m.code, m.label, m.unit, kind, comparison, m.planned_value, planned_words,
                         spec, method, official, rolled, len(carriers), reported, ev, source, flagged,
                         baseline)


def measure_results(targets: list[TargetResult]) -> list[MeasureResult]:
    return [m for t in targets for m in t.measures]
