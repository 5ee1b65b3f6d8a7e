"""A unit created after the year's targets were given out has its row in the results
grid at once (issue 16, item 5): the dialog and the import give it the default
allocation for its kind, for the measures the year already allocates."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from registry_helpers import add_units, write_xlsx
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import plan
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.results import grid as grid_service
from thidua_desktop.services.results import setup as setup_service
from thidua_desktop.storage.models import Allocation, Measure, Unit


def _allocated(app, unit_name: str) -> set[str]:
    with app.db.read() as s:
        return set(s.scalars(select(Measure.code).join(Allocation).join(Unit).where(Unit.name == unit_name)))


def _grid_units(app) -> set[str]:
    with app.db.read() as s:
        period = plan.current_campaign(s).periods[-1]
        return {row.label for row in grid_service.grid_of(s, period.id).rows if row.kind == grid_service.UNIT}


@pytest.fixture
def allocated(app):
    add_units(app.db, "Tổ dân phố số 1", kind="to_dan_pho")
    add_units(app.db, "Trường Tiểu học Bạch Đằng", kind="truong_hoc")
    with app.db.transaction(reason="Giao theo mặc định") as s:
        setup_service.apply_defaults(s)
    return app


def test_a_unit_added_in_the_dialog_gets_the_default_allocation_and_its_grid_row(qtbot, allocated):
    app = allocated
    window = MainWindow(GuiContext(app, actor="văn thư Lan"))
    qtbot.addWidget(window)

    def fill(dialog):
        dialog.name.setText("Tổ dân phố số 9")
        return True

    grid_page = window.show_page("targets")  # the grid, open before the unit is added
    grid_page.tabs.setCurrentWidget(grid_page.entry)
    page = window.show_page("units")
    page.tell = lambda title, text: None
    page.open_dialog = lambda dialog: dialog if fill(dialog) and dialog.ok.isEnabled() else None
    page.units.add()
    assert _allocated(app, "Tổ dân phố số 9") == _allocated(app, "Tổ dân phố số 1") != set()
    assert "Tổ dân phố số 9" in _grid_units(app)
    assert "Đã giao theo mặc định chỉ tiêu (5), (6a)" in page.units.status.text()  # the clerk is told
    window.show_page("targets")
    qtbot.waitUntil(lambda: grid_page.entry.model.grid is not None and "Tổ dân phố số 9" in
                    [row.label for row in grid_page.entry.model.grid.rows], timeout=10_000)


def test_units_imported_from_a_file_get_the_default_allocation(tmp_path, allocated):
    app = allocated
    path = write_xlsx(tmp_path / "đơn vị.xlsx", [["Tên đơn vị", "Loại hình"], ["Tổ dân phố số 7", "Tổ dân phố"],
                                                 ["Trường Mầm non Hoa Sen", "Trường học"]])
    rx.apply_units_import(app.db, rx.preview_units_import(app.db, path))
    assert _allocated(app, "Tổ dân phố số 7") == _allocated(app, "Tổ dân phố số 1")
    assert _allocated(app, "Trường Mầm non Hoa Sen") == _allocated(app, "Trường Tiểu học Bạch Đằng") == {"7"}
    assert {"Tổ dân phố số 7", "Trường Mầm non Hoa Sen"} <= _grid_units(app)


def test_a_measure_the_clerk_gave_to_no_one_stays_unallocated(allocated):
    app = allocated
    with app.db.transaction(reason="bỏ giao") as s:
        for allocation in s.scalars(select(Allocation).join(Measure).where(Measure.code == "7")):
            s.delete(allocation)
    add_units(app.db, "Trường THCS Lê Lợi", kind="truong_hoc")
    assert _allocated(app, "Trường THCS Lê Lợi") == set()
