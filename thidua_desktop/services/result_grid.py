"""What the results entry grid shows, assembled without Qt.

Two kinds of view for a period:

- ``ward``: every measure of the plan as a column; the first row is the
  ward's official figure (typed), the second the roll-up of units' results
  (computed, read only), then every unit that carries at least one measure;
- ``block:<id>``: the units of one emulation block as rows and the block's
  criteria list as columns (plus any measure allocated to a member that the
  list does not name).

A cell is editable where the unit carries the item; elsewhere it is "không
giao" (not applicable).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..domain.evaluation import Evaluation, Status, evaluate, value_text
from ..domain.results import EntrySpec
from ..storage.models import Campaign, Period
from . import evaluation as ev

WARD_VIEW = "ward"
WARD, ROLLUP, UNIT = "ward", "rollup", "unit"


@dataclass(frozen=True)
class GridColumn:
    kind: str  # evaluation.MEASURE / CRITERION
    item_id: int
    code: str
    label: str
    unit: str
    spec: EntrySpec
    plan_text: str  # the ward's plan (ward view) or the block's criterion plan
    target_code: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.item_id)


@dataclass
class GridRow:
    kind: str  # WARD, ROLLUP or UNIT
    unit_id: int | None
    label: str
    block: str = ""
    reported_on: dt.date | None = None
    report_source: str = ""
    report_file: str = ""
    items: int = 0
    reported_items: int = 0


@dataclass
class GridCell:
    item: ev.Item | None  # None: not applicable to this row
    result: ev.ItemResult | None = None
    rollup_text: str = ""  # the roll-up row
    rollup_detail: str = ""
    mismatch: bool = False
    evaluation: Evaluation | None = None

    @property
    def editable(self) -> bool:
        return self.item is not None and self.result is not None  # the roll-up row has no result

    @property
    def status(self) -> Status | None:
        if self.item is None:
            return None
        return self.evaluation.status if self.evaluation is not None else None

    @property
    def reported(self) -> bool:
        return self.result is not None and self.result.reported


@dataclass
class Grid:
    period_id: int
    view: str
    rows: list[GridRow]
    columns: list[GridColumn]
    cells: dict[tuple[int, int], GridCell] = field(default_factory=dict)
    units: dict[int, ev.UnitResults] = field(default_factory=dict, repr=False)  # every unit, for the status line
    people: ev.Participants | None = field(default=None, repr=False)

    def cell(self, row: int, column: int) -> GridCell:
        return self.cells.get((row, column)) or GridCell(None)


def views(session: Session, campaign: Campaign) -> list[tuple[str, str]]:
    people = ev.participants(session, campaign)
    blocks = {}
    for unit_id, block in people.block_of.items():
        blocks[block.id] = block
    out = [(WARD_VIEW, "Các chỉ tiêu của Kế hoạch (toàn phường và các đơn vị được giao)")]
    for block in sorted(blocks.values(), key=lambda b: (b.position, b.name)):
        out.append((f"block:{block.id}", block.name))
    return out


def build_grid(session: Session, campaign: Campaign, period: Period, view: str = WARD_VIEW) -> Grid:
    people = ev.participants(session, campaign)
    results = ev.period_results(session, period)
    units = ev.unit_results(session, campaign, period, people=people, results=results)
    tol = ev.tolerances(session)
    if view == WARD_VIEW:
        grid = _ward_grid(session, campaign, period, people, results, units, tol)
    else:
        grid = _block_grid(period, people, units, int(view.split(":", 1)[1]), tol, view)
    grid.units, grid.people = units, people
    return grid


def _unit_row(ur: ev.UnitResults) -> GridRow:
    return GridRow(UNIT, ur.unit_id, ur.name, ur.block_name, ur.reported_on, ur.report_source, ur.report_file,
                   len(ur.items), sum(1 for i in ur.items if i.reported))


def _ward_grid(session, campaign, period, people, results, units, tol) -> Grid:
    targets = ev.ward_target_results(session, campaign, period, people=people, results=results)
    measures = ev.measure_results(targets)
    target_of = {m.measure_id: t.code for t in targets for m in t.measures}
    columns = [GridColumn(ev.MEASURE, m.measure_id, m.code, m.label, m.unit, m.spec, m.planned_text,
                          target_of[m.measure_id]) for m in measures]
    rows = [GridRow(WARD, None, "Toàn phường (số chính thức)"), GridRow(ROLLUP, None, "Cộng dồn từ các đơn vị")]
    carriers = [ur for ur in units.values() if any(i.item.kind == ev.MEASURE for i in ur.items)]
    rows += [_unit_row(ur) for ur in carriers]
    grid = Grid(period.id, WARD_VIEW, rows, columns)
    for c, m in enumerate(measures):
        official = m.official
        grid.cells[(0, c)] = GridCell(official.item, official,
                                      evaluation=m.evaluation if m.source == "official" else official.evaluation)
        if m.rollup is not None:
            text, detail, rolled_ev = "", "", None
            if m.rollup.value is not None:
                text = value_text(m.rollup.value, "%" if m.spec.percent else "", tol.decimals)
                if not m.complete:
                    text += f" ({m.reported_units}/{m.expected_units})"
                detail = m.rollup.text(m.unit, tol.decimals)
                if m.rollup.unusable:
                    detail += "; không tính được: " + "; ".join(m.rollup.unusable)
                if m.complete and not m.rollup.unusable:
                    rolled_ev = evaluate(m.comparison, m.kind, m.planned, m.rollup.value, m.baseline, m.unit, tol)
                else:
                    rolled_ev = Evaluation(Status.NO_DATA, m.rollup.value, m.planned, m.baseline, None,
                                           f"Mới có {m.reported_units}/{m.expected_units} đơn vị báo cáo")
            else:
                text = f"(0/{m.expected_units})"
                detail = f"Chưa đơn vị nào trong {m.expected_units} đơn vị báo cáo"
                rolled_ev = Evaluation(Status.NO_DATA, None, m.planned, m.baseline, None, detail)
            grid.cells[(1, c)] = GridCell(official.item, None, text, detail, m.mismatch, rolled_ev)
    for r, row in enumerate(rows[2:], start=2):
        by_key = {i.item.key: i for i in units[row.unit_id].items}
        for c, col in enumerate(columns):
            found = by_key.get(col.key)
            if found is not None:
                grid.cells[(r, c)] = GridCell(found.item, found, evaluation=found.evaluation)
    return grid


def _block_grid(period, people: ev.Participants, units, block_id: int, tol, view: str) -> Grid:
    members = [ur for ur in units.values() if ur.block_id == block_id]
    columns: list[GridColumn] = []
    seen = set()
    for c in people.criteria.get(block_id, []):
        if c.kind == "measure":
            m = people.measures.get(c.measure_id)
            if m is None or (ev.MEASURE, m.id) in seen:
                continue
            seen.add((ev.MEASURE, m.id))
            item = ev._measure_item(m, people.target_code[m.id], ev.unit_planned(m, None, c), c)
            columns.append(GridColumn(ev.MEASURE, m.id, m.code, m.label, m.unit, item.spec, item.planned_text,
                                      people.target_code[m.id]))
        else:
            item = ev.criterion_item(c)
            seen.add(item.key)
            columns.append(GridColumn(ev.CRITERION, c.id, c.code, c.label, c.unit, item.spec, item.planned_text))
    for ur in members:
        for i in ur.items:
            if i.item.key not in seen:
                seen.add(i.item.key)
                columns.append(GridColumn(i.item.kind, i.item.id, i.item.code, i.item.label, i.item.unit,
                                          i.item.spec, i.item.planned_text, i.item.target_code))
    rows = [_unit_row(ur) for ur in members]
    grid = Grid(period.id, view, rows, columns)
    for r, ur in enumerate(members):
        by_key = {i.item.key: i for i in ur.items}
        for c, col in enumerate(columns):
            found = by_key.get(col.key)
            if found is not None:
                grid.cells[(r, c)] = GridCell(found.item, found, evaluation=found.evaluation)
    return grid
