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
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.evaluation import Contribution, Evaluation, Status, Tolerances, evaluate, value_text
from ...domain.results import EntrySpec
from ...storage.models import Campaign, Period, UnitReport
from . import evaluation as ev
from . import entry as rs
from .. import plan
from . import periods

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
    # What a saved cell is re-evaluated with (see :func:`refresh`), kept from the build.
    results: ev.PeriodResults | None = field(default=None, repr=False)
    tol: Tolerances | None = field(default=None, repr=False)
    book: ev.Register | None = field(default=None, repr=False)
    carriers: dict[int, list[int]] = field(default_factory=dict, repr=False)
    figures: dict[int, dict[int, Contribution | None]] = field(default_factory=dict, repr=False)  # by measure

    def cell(self, row: int, column: int) -> GridCell:
        return self.cells.get((row, column)) or GridCell(None)

    @cached_property
    def row_of(self) -> dict[int, int]:
        """Unit id → row."""
        return {row.unit_id: r for r, row in enumerate(self.rows) if row.kind == UNIT}

    @cached_property
    def column_of(self) -> dict[tuple[str, int], int]:
        """Item key → column."""
        return {col.key: c for c, col in enumerate(self.columns)}


def views(session: Session, campaign: Campaign) -> list[tuple[str, str]]:
    people = ev.participants(session, campaign)
    blocks = {}
    for unit_id, block in people.block_of.items():
        blocks[block.id] = block
    out = [(WARD_VIEW, "Chỉ tiêu của Kế hoạch")]  # short: it shows whole in the toolbar at 1366×768
    for block in sorted(blocks.values(), key=lambda b: (b.position, b.name)):
        out.append((f"block:{block.id}", block.name))
    return out


def build_grid(session: Session, campaign: Campaign, period: Period, view: str = WARD_VIEW) -> Grid:
    with ev.collector_paused():
        return _build_grid(session, campaign, period, view)


def _build_grid(session: Session, campaign: Campaign, period: Period, view: str) -> Grid:
    people = ev.participants(session, campaign)
    results = ev.period_results(session, period, plain=True)
    units = ev.unit_results(session, campaign, period, people=people, results=results)
    tol = ev.tolerances(session)
    if view == WARD_VIEW:
        grid = _ward_grid(session, campaign, period, people, results, units, tol)
    else:
        grid = _block_grid(period, people, units, int(view.split(":", 1)[1]), tol, view)
    grid.units, grid.people, grid.results, grid.tol = units, people, results, tol
    grid.book = ev.register(session, campaign)
    grid.carriers = ev.measure_carriers(people)
    return grid


def refresh(session: Session, grid: Grid, keys: set[rs.CellKey]) -> set[tuple[int, int]]:
    """Bring ``grid`` up to date after ``keys`` were saved: their cells, their
    units' rows and, in the ward view, the roll-up of their measures, reading
    only the saved rows. Returns the (row, column) positions that changed;
    column -1 is a row's report date and header."""
    saved = rs.rows_for(session, grid.period_id, keys)
    unit_ids = {k.unit_id for k in keys if k.unit_id is not None}
    reports = {r.unit_id: r for r in session.scalars(
        select(UnitReport).where(UnitReport.period_id == grid.period_id, UnitReport.unit_id.in_(unit_ids)))}
    for key in keys:
        _put(grid.results.rows, (key.unit_id, key.kind, key.item_id), saved.get(key))
    for unit_id in unit_ids:
        _put(grid.results.reports, unit_id, reports.get(unit_id))
    for key in keys:  # a measure's roll-up is kept up to date unit by unit, not summed from the database
        figures = grid.figures.get(key.item_id) if key.kind == ev.MEASURE else None
        if figures is not None and key.unit_id in figures:
            figures[key.unit_id] = ev.contribution(saved.get(key), grid.people.units[key.unit_id].name)
    changed: set[tuple[int, int]] = set()
    for unit_id in unit_ids:
        changed |= _refresh_unit(grid, unit_id, {(k.kind, k.item_id) for k in keys if k.unit_id == unit_id})
    if grid.view == WARD_VIEW:
        for measure_id in {k.item_id for k in keys if k.kind == ev.MEASURE}:
            changed |= _refresh_measure(grid, measure_id)
    return changed


def _put(mapping: dict, key, value) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _refresh_unit(grid: Grid, unit_id: int, item_keys: set[tuple[str, int]]) -> set[tuple[int, int]]:
    ur = grid.units.get(unit_id)
    if ur is None:
        return set()
    ur.items = [ev.unit_item_result(i.item, unit_id, grid.results, grid.tol, grid.book)
                if i.item.key in item_keys else i for i in ur.items]
    ev.set_report(ur, grid.results)
    r = grid.row_of.get(unit_id)
    if r is None:  # a unit of another block
        return set()
    grid.rows[r] = _unit_row(ur)
    changed = {(r, -1)}
    for found in ur.items:
        c = grid.column_of.get(found.item.key)
        if found.item.key in item_keys and c is not None:
            grid.cells[(r, c)] = GridCell(found.item, found, evaluation=found.evaluation)
            changed.add((r, c))
    return changed


def _refresh_measure(grid: Grid, measure_id: int) -> set[tuple[int, int]]:
    c = grid.column_of.get((ev.MEASURE, measure_id))
    m = grid.people.measures.get(measure_id)
    if c is None or m is None:
        return set()
    carriers = grid.carriers.get(measure_id, [])
    if measure_id not in grid.figures:
        grid.figures[measure_id] = ev.contributions(measure_id, carriers, grid.people, grid.results)
    mr = ev.measure_result(m, grid.people.target_code[measure_id], grid.people, grid.results, carriers, grid.tol,
                           grid.figures[measure_id])
    _put_measure_cells(grid, c, mr, grid.tol)
    return {(0, c), (1, c)}


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
        _put_measure_cells(grid, c, m, tol)
    for r, row in enumerate(rows[2:], start=2):
        by_key = {i.item.key: i for i in units[row.unit_id].items}
        for c, col in enumerate(columns):
            found = by_key.get(col.key)
            if found is not None:
                grid.cells[(r, c)] = GridCell(found.item, found, evaluation=found.evaluation)
    return grid


def _put_measure_cells(grid: Grid, c: int, m: ev.MeasureResult, tol: Tolerances) -> None:
    """Column ``c``'s ward figure (row 0) and roll-up of the units (row 1)."""
    official = m.official
    grid.cells[(0, c)] = GridCell(official.item, official,
                                  evaluation=m.evaluation if m.source == "official" else official.evaluation)
    if m.rollup is None:
        grid.cells.pop((1, c), None)
        return
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


def views_of_year(session: Session) -> list[tuple[str, str]]:
    """(key, label) of the grid's views for the current year: the plan, then each block."""
    return views(session, plan.current_campaign(session))


def grid_of(session: Session, period_id: int, view: str = WARD_VIEW) -> Grid:
    """The grid of a period of the current year (see :func:`build_grid`)."""
    return build_grid(session, plan.current_campaign(session), periods.period(session, period_id), view)
