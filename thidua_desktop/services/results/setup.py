"""Setting the year up, by plain ids (the setup tabs and ``thidua targets`` share these).

What the tabs of the plan's targets, their allocation to units and blocks'
criteria lists show, as rows of plain data, and one function per action; the
checks and writes themselves live in :mod:`.targets`. The current year is
resolved here (``plan.current_campaign``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.evaluation import RollupMethod
from ...domain.targets import Comparison, MeasureKind, planned_text
from ...domain.text import clean, fold
from ...errors import UserError
from ...storage.models import Allocation, Criterion, EmulationBlock, Measure, Result
from .. import plan
from . import entry, targets

CRITERION_FIELDS = ("kind", "measure_id", "code", "label", "group", "unit", "comparison", "planned_value", "note")


# --- the plan's targets ------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    target_id: int
    target_code: str
    target_text: str
    measure_id: int
    code: str
    label: str
    unit: str
    kind: MeasureKind
    comparison: Comparison
    planned: float | None
    planned_text: str
    rollup: RollupMethod
    allocated: int  # units it is allocated to (0: the ward as a whole)


@dataclass(frozen=True)
class PlanMeasures:
    year: int
    rows: list[MeasureRow]


def _plan_text(m: Measure) -> str:
    return planned_text(Comparison(m.comparison), m.planned_value, m.unit, MeasureKind(m.kind))


def plan_measures(session: Session) -> PlanMeasures:
    """Every measure of the current year's plan, with its target and how many units carry it."""
    campaign = plan.current_campaign(session)
    # counted by the database: a large ward's 30.000 allocations read one by one held the window ~15 ms
    allocated = dict(session.execute(
        select(Allocation.measure_id, func.count()).group_by(Allocation.measure_id)).all())
    rows = [MeasureRow(t.id, t.code, t.text, m.id, m.code, m.label, m.unit, MeasureKind(m.kind),
                       Comparison(m.comparison), m.planned_value, _plan_text(m),
                       RollupMethod(m.rollup) if m.rollup in RollupMethod._value2member_map_ else RollupMethod.NONE,
                       allocated.get(m.id, 0))
            for t in campaign.targets for m in t.measures]
    return PlanMeasures(campaign.year, rows)


@dataclass(frozen=True)
class MeasureForm:
    """What the measure dialog starts from."""

    target_text: str
    values: dict[str, Any]
    has_results: bool


def measure_form(session: Session, measure_id: int) -> MeasureForm:
    m = session.get(Measure, measure_id)
    if m is None:
        raise UserError("Không tìm thấy tiêu chí đo.")
    has_results = session.scalar(select(Result.id).where(Result.measure_id == m.id).limit(1)) is not None
    return MeasureForm(m.target.text, {f: getattr(m, f) for f in targets.MEASURE_FIELDS}, has_results)


def save_measure(session: Session, target_id: int, target_text: str, measure_id: int,
                 values: dict[str, Any]) -> None:
    """The measure dialog's OK: the target's text and the measure's fields."""
    targets.update_target_text(session, target_id, target_text)
    targets.update_measure(session, measure_id, values)


def taken_codes(session: Session) -> set[str]:
    """Codes of the current plan's targets and measures (a new target needs another)."""
    campaign = plan.current_campaign(session)
    return {t.code for t in campaign.targets} | {m.code for t in campaign.targets for m in t.measures}


def add_target(session: Session, code: str, text: str, measure: dict[str, Any]) -> int:
    """A new target of the current year's plan with its one measure; its id."""
    return targets.add_target(session, plan.current_campaign(session), code, text, measure).id


# --- allocations -------------------------------------------------------------


def measure_choices(session: Session) -> list[tuple[int, str]]:
    """(measure id, "code – label (plan)") of the current plan, for a list to choose from."""
    campaign = plan.current_campaign(session)
    return [(m.id, f"{m.code} – {m.label} ({_plan_text(m)})") for t in campaign.targets for m in t.measures]


@dataclass(frozen=True)
class MeasureAllocations:
    kind: str  # the measure's MeasureKind value
    rows: list[targets.AllocationRow]


def measure_allocations(session: Session, measure_id: int) -> MeasureAllocations:
    m = session.get(Measure, measure_id)
    if m is None:
        raise UserError("Không tìm thấy tiêu chí đo.")
    return MeasureAllocations(m.kind, targets.allocation_rows(session, plan.current_campaign(session), measure_id))


def apply_defaults(session: Session) -> list[str]:
    """Allocate the current plan by unit kind and give blocks without criteria their default list;
    a sentence on each."""
    campaign = plan.current_campaign(session)
    return [targets.apply_default_allocation(session, campaign), targets.apply_default_criteria(session, campaign)]


# --- criteria of blocks ------------------------------------------------------


def block_choices(session: Session) -> list[tuple[int, str]]:
    """(block id, name) of the current year, in the blocks' order."""
    campaign = plan.current_campaign(session)
    return [(b.id, b.name) for b in session.scalars(
        select(EmulationBlock).where(EmulationBlock.campaign_id == campaign.id)
        .order_by(EmulationBlock.position, EmulationBlock.id))]


@dataclass(frozen=True)
class CriterionRow:
    id: int
    position: int
    code: str
    label: str
    kind: str
    plan_text: str
    group: str


def _criterion_plan(c: Criterion) -> str:
    if c.kind == "measure" and c.measure is not None:
        m = c.measure
        return planned_text(Comparison(m.comparison), c.planned_value or m.planned_value, m.unit, MeasureKind(m.kind))
    if c.kind == "yesno":
        return "Có"
    comparison = Comparison(c.comparison) if c.comparison in Comparison._value2member_map_ else Comparison.GE
    return planned_text(comparison, c.planned_value, c.unit)


def criterion_rows(session: Session, block_id: int) -> list[CriterionRow]:
    return [CriterionRow(c.id, c.position, c.code, c.label, c.kind, _criterion_plan(c), c.group)
            for c in targets.criteria_of(session, block_id)]


@dataclass(frozen=True)
class CriterionForm:
    """What the criterion dialog starts from: the measures to choose, the codes taken, the values."""

    measures: list[tuple[int, str]]
    taken_codes: set[str]
    values: dict[str, Any] | None  # None for a new criterion


def criterion_form(session: Session, block_id: int, criterion_id: int | None = None) -> CriterionForm:
    campaign = plan.current_campaign(session)
    measures = [(m.id, f"{m.code} – {m.label}") for t in campaign.targets for m in t.measures]
    criteria = targets.criteria_of(session, block_id)
    taken = {c.code for c in criteria if c.id != criterion_id}
    current = next((c for c in criteria if c.id == criterion_id), None)
    values = None if current is None else {f: getattr(current, f) for f in CRITERION_FIELDS}
    return CriterionForm(measures, taken, values)


def save_criterion(session: Session, block_id: int, values: dict[str, Any], criterion_id: int | None = None) -> int:
    """The criterion dialog's OK (a new one when ``criterion_id`` is None); the criterion's id."""
    return targets.save_criterion(session, block_id, values, criterion_id).id


def apply_default_criteria(session: Session) -> str:
    """Blocks of the current year without criteria get their default list."""
    return targets.apply_default_criteria(session, plan.current_campaign(session))


# --- finding by what a clerk types (the verbs) ---------------------------------


def target_id_of(session: Session, code: str) -> int:
    """The current plan's target coded ``code`` (``8`` or ``(8)``)."""
    wanted = fold(clean(code).strip("()"))
    found = next((t.id for t in plan.current_campaign(session).targets if fold(t.code) == wanted), None)
    if found is None:
        raise UserError(f"Không có chỉ tiêu ({clean(code).strip('()')}) trong kế hoạch.")
    return found


def measure_id_of(session: Session, code: str) -> int:
    """The current plan's measure coded ``code`` (``8``, ``6a``; a target with one measure by its code)."""
    return entry.find_item(entry.ward_items(plan.current_campaign(session)), code).id


def block_id_of(session: Session, name: str) -> int:
    """The current year's block named ``name`` (accents and case aside; a unique part is enough)."""
    blocks = block_choices(session)
    wanted = fold(name)
    exact = [i for i, n in blocks if fold(n) == wanted]
    partial = [i for i, n in blocks if wanted and wanted in fold(n)]
    found = exact or partial
    if len(found) != 1:
        names = ", ".join(f"“{n}”" for _, n in blocks)
        raise UserError(f"{'Nhiều khối' if found else 'Không có khối'} “{clean(name)}”. Các khối: {names}.")
    return found[0]


def criterion_id_of(session: Session, block_id: int, code: str) -> int:
    found = next((c.id for c in targets.criteria_of(session, block_id) if fold(c.code) == fold(code)), None)
    if found is None:
        raise UserError(f"Khối không có tiêu chí mã “{clean(code)}”.")
    return found
