"""The people page and the results grid at a large ward's scale (issue 15, goal 7): the
faster paths show exactly what the plain ones showed.

- The grid's unit results are read from plain named rows, each (item, figures) judged once:
  the same as every item judged afresh from the ORM's rows, on the demo and shaken wards.
- A list's filters are answered for every row at once: the same rows show as when each row
  is asked through the filters, after a search, a sort, new rows and a changed filter."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from test_rank_fast import each_period

from thidua_desktop.gui.registry.common import ListPanel
from thidua_desktop.gui.tablemodel import Column
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services.results import grid as rg

# --- the grid ---------------------------------------------------------------------------


def _unit_results_the_long_way(session, campaign, period, people) -> dict[int, ev.UnitResults]:
    """Every unit's items, each judged afresh from the ORM's result rows (no shared judgement)."""
    results = ev.period_results(session, period)  # ORM objects
    tol, book = ev.tolerances(session), ev.register(session, campaign)
    out = {}
    for unit in people.ordered_units():
        items = people.items(unit.id)
        if not items:
            continue
        block = people.block_of.get(unit.id)
        made = []
        for item in items:
            found = ev.item_result(item, results.get(unit.id, item.kind, item.id), tol)
            made.append(book.judge(found, unit.id) if book is not None else found)
        ur = ev.UnitResults(unit.id, unit.name, unit.kind, block.id if block else None,
                            block.name if block else "", made)
        ev.set_report(ur, results)
        out[unit.id] = ur
    return out


def _shown(grid: rg.Grid) -> tuple:
    return grid.rows, grid.columns, grid.cells, grid.units


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_the_grid_built_fast_shows_what_the_long_way_shows(demo_copy, monkeypatch, seed):
    for s, campaign, period, people in each_period(demo_copy, seed):
        fast = ev.unit_results(s, campaign, period, people=people)
        assert fast == _unit_results_the_long_way(s, campaign, period, people)
        assert sum(ur.has_reported for ur in fast.values()) > 5
        built = {view: _shown(rg.build_grid(s, campaign, period, view)) for view, _ in rg.views(s, campaign)}
        with monkeypatch.context() as m:  # the grid as it was built: ORM rows, each item judged afresh
            plain_results, plain_item = ev.period_results, ev.item_result
            m.setattr(ev, "period_results", lambda session, p, plain=False: plain_results(session, p))
            m.setattr(ev, "item_result", lambda item, row, tol, judged=None: plain_item(item, row, tol))
            for view, shown in built.items():
                assert shown == _shown(rg.build_grid(s, campaign, period, view)), view


# --- the lists' filters -----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    group: str
    active: bool


ROWS = [Row(i, f"Người {chr(0x41 + i % 26)}{i}", ["Đông", "Tây", "Nam"][i % 3], i % 4 != 0) for i in range(60)]


def _panel(qtbot) -> ListPanel:
    panel = ListPanel([Column("Tên", lambda r: r.name), Column("Nhóm", lambda r: r.group, searchable=False)], "người", "Tìm…")
    qtbot.addWidget(panel)
    panel.add_filter("state", "Trạng thái")
    panel.add_filter("group", "Nhóm")
    panel.set_filter_choices("state", [("Đang làm", lambda r: r.active), ("Tất cả", None)])
    panel.set_filter_choices("group", [("Mọi nhóm", None), ("Đông", lambda r: r.group == "Đông"),
                                       ("Tây", lambda r: r.group == "Tây")])
    return panel


def _as_asked(panel: ListPanel, rows, words: list[str], group: str | None, active_only: bool) -> list:
    """The rows in the model's order that a row-by-row filter lets through."""
    return [r for r in panel.model.rows() if r in rows and (not active_only or r.active)
            and (group is None or r.group == group) and all(w in r.name.lower() for w in words)]


def _proxy_rows(panel: ListPanel) -> list:
    return [panel.proxy.row_at(panel.proxy.index(r, 0)) for r in range(panel.proxy.rowCount())]


def test_filters_answered_at_once_show_the_rows_asked_one_by_one(qtbot):
    panel = _panel(qtbot)
    panel.set_rows(ROWS)
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, ROWS, [], None, True)
    panel.filters["group"].setCurrentIndex(1)
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, ROWS, [], "Đông", True)
    panel.search.setText("a")
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, ROWS, ["a"], "Đông", True)
    panel.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the source reorders its rows
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, ROWS, ["a"], "Đông", True)
    fewer = ROWS[::2] + [Row(100, "Người A mới", "Đông", True)]
    panel.set_rows(fewer)  # new rows: every answer is asked again
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, fewer, ["a"], "Đông", True)
    panel.search.setText("")
    panel.filters["state"].setCurrentIndex(1)
    panel.filters["group"].setCurrentIndex(2)
    assert _proxy_rows(panel) == panel.shown_rows() == _as_asked(panel, fewer, [], "Tây", False)
    assert panel.count.text() == f"Hiển thị {len(_proxy_rows(panel))} / {len(fewer)} người"
