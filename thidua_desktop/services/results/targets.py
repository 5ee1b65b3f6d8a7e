"""Editing the plan's targets, their allocation to units, and blocks' criteria lists.

Each function validates everything first and raises :class:`UserError` with
every problem in Vietnamese; nothing is written unless all is right (the
caller's transaction). The default allocation and criteria come from
:mod:`thidua_desktop.domain.allocation`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import allocation as defaults
from ...domain.evaluation import RollupMethod
from ...domain.scoring import CRITERION_KINDS
from ...domain.targets import Comparison, MeasureKind
from ...domain.text import clean, clean_multiline, collation_key, fold
from ...domain.units import UNIT_KINDS
from ...errors import UserError
from ...storage.models import (
    Allocation,
    BlockMembership,
    Campaign,
    Criterion,
    EmulationBlock,
    Measure,
    Result,
    Target,
    Unit,
)
from ..plan import DEFAULT_ROLLUP

MEASURE_FIELDS = ("label", "unit", "kind", "comparison", "planned_value", "baseline_value",
                  "numerator_label", "denominator_label", "amount_unit", "rollup", "note")
ROLLUPS_FOR_KIND = {
    MeasureKind.RATE: (RollupMethod.RATIO, RollupMethod.NONE),
    MeasureKind.GROWTH: (RollupMethod.GROWTH, RollupMethod.NONE),
    MeasureKind.COUNT: (RollupMethod.SUM, RollupMethod.NONE),
    MeasureKind.AMOUNT: (RollupMethod.SUM, RollupMethod.NONE),
}


def _has_results(session: Session, **where: Any) -> bool:
    query = select(Result.id)
    for column, value in where.items():
        query = query.where(getattr(Result, column) == value)
    return session.scalar(query.limit(1)) is not None


# --- targets and measures ----------------------------------------------------


def check_measure(values: dict[str, Any]) -> list[str]:
    problems = []
    if not clean(values.get("label")):
        problems.append("Chưa ghi nội dung tiêu chí đo.")
    try:
        kind = MeasureKind(values.get("kind"))
    except ValueError:
        problems.append("Loại giá trị không hợp lệ.")
        kind = None
    try:
        comparison = Comparison(values.get("comparison"))
    except ValueError:
        problems.append("Cách so sánh không hợp lệ.")
        comparison = None
    planned = values.get("planned_value")
    if comparison is not None and comparison.needs_planned_value and planned is None:
        problems.append("Chưa ghi giá trị kế hoạch.")
    if kind is MeasureKind.RATE and planned is not None and not 0 <= planned <= 100:
        problems.append("Tỷ lệ kế hoạch phải từ 0 đến 100.")
    if kind is MeasureKind.COUNT and planned is not None and (planned < 0 or not float(planned).is_integer()):
        problems.append("Kế hoạch của chỉ tiêu số lượng phải là số nguyên không âm.")
    baseline = values.get("baseline_value")
    if baseline is not None and baseline < 0:
        problems.append("Số năm trước không được âm.")
    rollup = values.get("rollup", "none")
    if rollup not in RollupMethod._value2member_map_:
        problems.append("Cách cộng dồn không hợp lệ.")
    elif kind is not None and RollupMethod(rollup) not in ROLLUPS_FOR_KIND[kind]:
        allowed = " hoặc ".join(f"“{r.label}”" for r in ROLLUPS_FOR_KIND[kind])
        problems.append(f"{kind.label}: chỉ cộng dồn theo {allowed}.")
    return problems


def update_measure(session: Session, measure_id: int, values: dict[str, Any]) -> Measure:
    measure = session.get(Measure, measure_id)
    if measure is None:
        raise UserError("Không tìm thấy tiêu chí đo.")
    merged = {f: getattr(measure, f) for f in MEASURE_FIELDS}
    merged.update({k: v for k, v in values.items() if k in MEASURE_FIELDS})
    problems = check_measure(merged)
    if merged["kind"] != measure.kind and _has_results(session, measure_id=measure.id):
        problems.append(f"Tiêu chí đo {measure.code} đã có kết quả; không đổi loại giá trị được "
                        "(các số đã nhập sẽ bị hiểu sai).")
    if problems:
        raise UserError("\n".join(problems))
    for f in MEASURE_FIELDS:
        value = merged[f]
        if f in ("label", "unit", "numerator_label", "denominator_label", "amount_unit"):
            value = clean(value)
        elif f == "note":
            value = clean_multiline(value)
        if getattr(measure, f) != value:
            setattr(measure, f, value)
    return measure


def update_target_text(session: Session, target_id: int, text: str) -> None:
    target = session.get(Target, target_id)
    if target is None:
        raise UserError("Không tìm thấy chỉ tiêu.")
    text = clean(text)
    if not text:
        raise UserError("Chưa ghi nội dung chỉ tiêu.")
    target.text = text


def add_target(session: Session, campaign: Campaign, code: str, text: str,
               measure: dict[str, Any]) -> Target:
    """A new target with its one measure (its code is the target's code)."""
    code, text = clean(code).strip("()"), clean(text)
    problems = []
    if not code:
        problems.append("Chưa ghi mã chỉ tiêu.")
    if not text:
        problems.append("Chưa ghi nội dung chỉ tiêu.")
    codes = {fold(t.code) for t in campaign.targets} | {fold(m.code) for t in campaign.targets for m in t.measures}
    if code and fold(code) in codes:
        problems.append(f"Đã có chỉ tiêu hoặc tiêu chí đo mã “{code}”.")
    measure = {"rollup": "", **measure}
    if not measure["rollup"] and measure.get("kind") in MeasureKind._value2member_map_:
        measure["rollup"] = DEFAULT_ROLLUP[MeasureKind(measure["kind"])]
    problems += check_measure(measure)
    if problems:
        raise UserError("\n".join(problems))
    target = Target(campaign_id=campaign.id, code=code, text=text,
                    position=max((t.position for t in campaign.targets), default=-1) + 1)
    target.measures = [Measure(code=code, position=0, **{f: measure.get(f) for f in MEASURE_FIELDS
                                                          if measure.get(f) is not None})]
    session.add(target)
    campaign.targets.append(target)
    session.flush()
    return target


def delete_target(session: Session, target_id: int) -> None:
    target = session.get(Target, target_id)
    if target is None:
        raise UserError("Không tìm thấy chỉ tiêu.")
    for m in target.measures:
        if _has_results(session, measure_id=m.id):
            raise UserError(f"Chỉ tiêu ({target.code}) đã có kết quả; không xóa được.")
        used = session.scalar(select(func.count(Criterion.id)).where(Criterion.measure_id == m.id))
        if used:
            raise UserError(f"Chỉ tiêu ({target.code}) đang có trong danh sách tiêu chí của {used} khối; "
                            "hãy bỏ khỏi các khối trước.")
    session.delete(target)


# --- allocations -------------------------------------------------------------


@dataclass
class AllocationRow:
    unit_id: int
    unit_name: str
    kind: str
    block: str
    allocated: bool
    planned: float | None
    has_results: bool

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)


def allocation_rows(session: Session, campaign: Campaign, measure_id: int) -> list[AllocationRow]:
    """Every active unit with whether (and with what plan) the measure is allocated to it."""
    allocations = {a.unit_id: a for a in session.scalars(select(Allocation).where(Allocation.measure_id == measure_id))}
    blocks = dict(session.execute(
        select(BlockMembership.unit_id, EmulationBlock.name)
        .join(EmulationBlock, EmulationBlock.id == BlockMembership.block_id)
        .where(BlockMembership.campaign_id == campaign.id)).all())
    with_results = set(session.scalars(select(Result.unit_id).where(Result.measure_id == measure_id,
                                                                    Result.unit_id.is_not(None))))
    rows = []
    for u in session.scalars(select(Unit).where(Unit.active.is_(True))):
        a = allocations.get(u.id)
        rows.append(AllocationRow(u.id, u.name, u.kind, blocks.get(u.id, ""), a is not None,
                                  a.planned_value if a else None, u.id in with_results))
    rows.sort(key=lambda r: (r.block == "", collation_key(r.block), collation_key(r.unit_name)))
    return rows


def allocation_problem(session: Session, measure_id: int, unit_id: int, allocated: bool,
                       planned: float | None = None) -> str:
    """Why :func:`set_allocation` would refuse this change ("" when it would not): a
    clerk's tick or typed plan gets the reason under the table, not in a box."""
    measure = session.get(Measure, measure_id)
    unit = session.get(Unit, unit_id)
    if measure is None or unit is None:
        return "Không tìm thấy tiêu chí đo hoặc đơn vị."
    if not allocated:
        if _has_results(session, measure_id=measure_id, unit_id=unit_id):
            return (f"{unit.name} đã có kết quả của tiêu chí đo {measure.code}; "
                    "hãy xóa kết quả trước khi bỏ giao chỉ tiêu.")
        return ""
    if planned is not None:
        if measure.kind == MeasureKind.RATE.value and not 0 <= planned <= 100:
            return "Tỷ lệ kế hoạch phải từ 0 đến 100."
        if planned < 0 and measure.kind in (MeasureKind.COUNT.value, MeasureKind.AMOUNT.value):
            return "Kế hoạch không được âm."
        if measure.kind == MeasureKind.COUNT.value and not float(planned).is_integer():
            return "Kế hoạch của chỉ tiêu số lượng phải là số nguyên."
    return ""


def set_allocation(session: Session, measure_id: int, unit_id: int, allocated: bool,
                   planned: float | None = None) -> None:
    current = session.scalar(select(Allocation).where(Allocation.measure_id == measure_id,
                                                      Allocation.unit_id == unit_id))
    if not allocated and current is None:
        return
    problem = allocation_problem(session, measure_id, unit_id, allocated, planned)
    if problem:
        raise UserError(problem)
    if not allocated:
        session.delete(current)
    elif current is None:
        session.add(Allocation(measure_id=measure_id, unit_id=unit_id, planned_value=planned))
    elif current.planned_value != planned:
        current.planned_value = planned


def apply_default_allocation(session: Session, campaign: Campaign) -> str:
    """Allocate the plan's measures to units by kind (``domain.allocation``); keeps
    allocations already made and their planned values."""
    units = list(session.scalars(select(Unit).where(Unit.active.is_(True))))
    measures = {m.code: m for t in campaign.targets for m in t.measures}
    existing = {(a.measure_id, a.unit_id) for a in session.scalars(
        select(Allocation).where(Allocation.measure_id.in_([m.id for m in measures.values()])))}
    added = 0
    touched = set()
    for rule in defaults.DEFAULT_ALLOCATION:
        m = measures.get(rule.measure_code)
        if m is None:
            continue
        if rule.rollup and m.rollup != rule.rollup:
            m.rollup = rule.rollup
        for u in units:
            if rule.applies_to(u.kind, u.name) and (m.id, u.id) not in existing:
                session.add(Allocation(measure_id=m.id, unit_id=u.id, planned_value=None))
                existing.add((m.id, u.id))
                added += 1
                touched.add(m.code)
    session.flush()
    return f"Đã giao {added} chỉ tiêu cho đơn vị ({len(touched)} tiêu chí đo)."


# --- criteria of blocks ------------------------------------------------------


def criteria_of(session: Session, block_id: int) -> list[Criterion]:
    return list(session.scalars(select(Criterion).where(Criterion.block_id == block_id)
                                .order_by(Criterion.position, Criterion.id)))


def check_criterion(session: Session, block_id: int, values: dict[str, Any],
                    criterion_id: int | None = None) -> list[str]:
    problems = []
    code = clean(values.get("code"))
    if not code:
        problems.append("Chưa ghi mã tiêu chí.")
    kind = values.get("kind")
    if kind not in CRITERION_KINDS:
        problems.append("Loại tiêu chí không hợp lệ.")
    if kind == "measure":
        if not values.get("measure_id") or session.get(Measure, values["measure_id"]) is None:
            problems.append("Chưa chọn chỉ tiêu của Kế hoạch mà tiêu chí theo.")
    elif not clean(values.get("label")):
        problems.append("Chưa ghi nội dung tiêu chí.")
    if values.get("comparison", "ge") not in Comparison._value2member_map_:
        problems.append("Cách so sánh không hợp lệ.")
    planned = values.get("planned_value")
    if kind == "number" and clean(values.get("unit")) == "%" and planned is not None and not 0 <= planned <= 100:
        problems.append("Tỷ lệ kế hoạch phải từ 0 đến 100.")
    for other in criteria_of(session, block_id):
        if other.id == criterion_id:
            continue
        if code and fold(other.code) == fold(code):
            problems.append(f"Khối đã có tiêu chí mã “{other.code}”.")
        if kind == "measure" and other.kind == "measure" and other.measure_id == values.get("measure_id"):
            problems.append("Khối đã có tiêu chí theo chỉ tiêu này.")
    return problems


def save_criterion(session: Session, block_id: int, values: dict[str, Any],
                   criterion_id: int | None = None) -> Criterion:
    """Add (``criterion_id`` None) or change a criterion; scoring fields are left as they are."""
    problems = check_criterion(session, block_id, values, criterion_id)
    current = session.get(Criterion, criterion_id) if criterion_id else None
    if criterion_id and current is None:
        problems.append("Không tìm thấy tiêu chí.")
    if current is not None and (current.kind != values.get("kind") or current.measure_id != values.get("measure_id")):
        used = _has_results(session, criterion_id=current.id)
        if used:
            problems.append(f"Tiêu chí {current.code} đã có kết quả; không đổi loại được.")
    if problems:
        raise UserError("\n".join(problems))
    kind = values["kind"]
    measure = session.get(Measure, values["measure_id"]) if kind == "measure" else None
    fields = {
        "code": clean(values["code"]),
        "label": clean(values.get("label")) or (measure.label if measure else ""),
        "group": clean(values.get("group")),
        "kind": kind,
        "measure_id": measure.id if measure else None,
        "unit": measure.unit if measure else clean(values.get("unit")),
        "comparison": measure.comparison if measure else values.get("comparison", "ge"),
        "planned_value": values.get("planned_value"),
        "note": clean_multiline(values.get("note")),
    }
    if current is None:
        position = max((c.position for c in criteria_of(session, block_id)), default=-1) + 1
        current = Criterion(block_id=block_id, position=position, **fields)
        session.add(current)
    else:
        for f, v in fields.items():
            if getattr(current, f) != v:
                setattr(current, f, v)
    session.flush()
    return current


def delete_criterion(session: Session, criterion_id: int) -> None:
    c = session.get(Criterion, criterion_id)
    if c is None:
        return
    if _has_results(session, criterion_id=c.id):
        raise UserError(f"Tiêu chí {c.code} đã có kết quả; hãy xóa các kết quả trước.")
    session.delete(c)


def move_criterion(session: Session, criterion_id: int, step: int) -> None:
    c = session.get(Criterion, criterion_id)
    if c is None:
        return
    siblings = criteria_of(session, c.block_id)
    index = next(i for i, s in enumerate(siblings) if s.id == c.id)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, s in enumerate(siblings):
        if s.position != position:
            s.position = position


def apply_default_criteria(session: Session, campaign: Campaign) -> str:
    """Give each block that has no criteria yet its default list: the measures
    allocated to its units, then the common criteria, then those of its main kind."""
    blocks = list(session.scalars(select(EmulationBlock).where(EmulationBlock.campaign_id == campaign.id)
                                  .order_by(EmulationBlock.position, EmulationBlock.id)))
    measures = [m for t in campaign.targets for m in t.measures]
    allocated = {}
    for measure_id, unit_id in session.execute(select(Allocation.measure_id, Allocation.unit_id)
                                               .where(Allocation.measure_id.in_([m.id for m in measures]))):
        allocated.setdefault(unit_id, set()).add(measure_id)
    filled = 0
    added = 0
    for block in blocks:
        if criteria_of(session, block.id):
            continue
        members = list(session.execute(
            select(Unit.id, Unit.kind).join(BlockMembership, BlockMembership.unit_id == Unit.id)
            .where(BlockMembership.block_id == block.id, Unit.active.is_(True))).all())
        carried = set().union(*(allocated.get(uid, set()) for uid, _ in members)) if members else set()
        position = 0
        for m in measures:
            if m.id in carried:
                session.add(Criterion(block_id=block.id, position=position, code=m.code, label=m.label,
                                      group=defaults.MEASURE_GROUP, kind="measure", measure_id=m.id,
                                      unit=m.unit, comparison=m.comparison))
                position += 1
        kind = defaults.main_kind([k for _, k in members])
        for template in defaults.COMMON_CRITERIA + defaults.KIND_CRITERIA.get(kind, ()):
            session.add(Criterion(block_id=block.id, position=position, code=template.code,
                                  label=template.label, group=defaults.OWN_GROUP, kind=template.kind,
                                  unit=template.unit, comparison=template.comparison,
                                  planned_value=template.planned))
            position += 1
        filled += 1
        added += position
    session.flush()
    return f"Đã lập danh sách tiêu chí cho {filled} khối ({added} tiêu chí)."


def allocate_new_units(session: Session, campaign_id: int, unit_ids: list[int]) -> int:
    """Give units just created the default allocation for their kind, so they have
    their row in the results grid at once. Only measures the year already allocates to
    some unit (a measure the clerk gave to no one stays so); the measures' roll-up is
    left as the clerk set it. How many allocations were added."""
    if not unit_ids:
        return 0
    measures = dict(session.execute(select(Measure.code, Measure.id).join(Target)
                                    .where(Target.campaign_id == campaign_id)).all())
    in_use = set(session.scalars(select(Allocation.measure_id).distinct()
                                 .where(Allocation.measure_id.in_(list(measures.values())))))
    units = session.execute(select(Unit.id, Unit.kind, Unit.name)
                            .where(Unit.id.in_(unit_ids), Unit.active.is_(True))).all()
    pairs = {(measures[rule.measure_code], unit.id) for rule in defaults.DEFAULT_ALLOCATION
             if measures.get(rule.measure_code) in in_use
             for unit in units if rule.applies_to(unit.kind, unit.name)}
    session.add_all(Allocation(measure_id=m, unit_id=u, planned_value=None) for m, u in sorted(pairs))
    session.flush()
    return len(pairs)
