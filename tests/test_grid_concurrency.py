"""Two clerks typing into the same results cell (issue 18, item 5): the later save is refused
with who changed it and when, and the grid then shows the other clerk's value."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from results_helpers import make_ward, period

from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.results.grid import ResultGridModel
from thidua_desktop.services.results import grid as rg

from test_grid_incremental import count_cell


@pytest.fixture
def two_clerks(qtbot, app, monkeypatch):
    make_ward(app.db)
    with app.db.read() as s:
        period_id = period(s).id
    shown = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: shown.append(exc.message))
    grids = []
    for clerk in ("văn thư A", "văn thư B"):
        model = ResultGridModel(GuiContext(app, actor=clerk))
        model.load(period_id, rg.WARD_VIEW)
        grids.append(model)
    return grids, shown


def _cell(model, index):
    return model.data(model.index(index.row(), index.column()), Qt.ItemDataRole.DisplayRole)


@pytest.mark.parametrize("first", ["", "5"], ids=["o-trong", "o-da-co-so"])
def test_the_later_typing_is_refused_and_shows_the_other_clerk_s_value(two_clerks, first):
    (a, b), shown = two_clerks
    index = count_cell(a)
    if first:  # both screens show the same stored figure first
        assert a.setData(index, first, Qt.ItemDataRole.EditRole)
        b.load(b.period_id, b.view_key)
    assert b.setData(b.index(index.row(), index.column()), "9", Qt.ItemDataRole.EditRole)
    assert shown == []
    assert not a.setData(index, "7", Qt.ItemDataRole.EditRole)  # A's screen still showed the old cell
    assert len(shown) == 1 and "văn thư B" in shown[0] and "chưa được lưu để không ghi đè" in shown[0]
    assert _cell(a, index) == "9"  # the refused cell shows what is stored now
    assert a.setData(index, "7", Qt.ItemDataRole.EditRole)  # typed again over what A now sees: saved
    assert _cell(a, index) == "7"
