"""``fit_columns`` measures a list's column widths from the rows' texts (issue 15,
goal 7: Qt's own measure held a large ward's scoring table 70–80 ms). The widths
must be the ones Qt's delegate gives, with and without the app's stylesheet."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from thidua_desktop.gui import style
from thidua_desktop.gui.tablemodel import ALIGN_RIGHT, Column, RowTableModel, SearchProxy, fit_columns, tidy_table


@dataclass
class Row:
    name: str
    score: float
    note: str | None
    count: int


ROWS = [
    Row("Tổ dân phố số 1", 95.5, "Hoàn thành xuất sắc nhiệm vụ", 12),
    Row("Trường Mầm non Bạch Đằng", 88.25, None, 7),
    Row("Công ty TNHH Thương mại – Dịch vụ WWW", 100.0, "", 1200),
    Row("Ủy ban Mặt trận Tổ quốc Việt Nam phường", 0.0, "Dòng một\nDòng hai dài hơn hẳn dòng một", 0),
    Row("iii", 7.0, "ỹ", 3),
]
COLUMNS = [
    Column("Tên đơn vị", lambda r: r.name),
    Column("Điểm", lambda r: r.score, align=ALIGN_RIGHT),
    Column("Ghi chú", lambda r: r.note),
    Column("Số", lambda r: r.count, display=lambda v: f"{v} người"),
    Column("Một tiêu đề cột rất dài", lambda r: None),
]


def _widths(view: QTableView) -> list[int]:
    return [view.columnWidth(c) for c in range(view.model().columnCount())]


@pytest.mark.parametrize("styled", [False, True])
@pytest.mark.parametrize("proxied", [False, True])
def test_widths_are_those_qt_measures(qtbot, styled, proxied):
    app = QApplication.instance()
    old_sheet = app.styleSheet()
    if styled:
        style.install(app)
    try:
        found = []
        for measure in ("ours", "qt"):
            model = RowTableModel(COLUMNS, ROWS)
            view = QTableView()
            qtbot.addWidget(view)
            if proxied:
                proxy = SearchProxy(view)
                proxy.setSourceModel(model)
                view.setModel(proxy)
            else:
                view.setModel(model)
            tidy_table(view)
            view.resize(1366, 400)
            view.show()
            if measure == "ours":
                fit_columns(view, maximum=10_000)
            else:
                view.horizontalHeader().setResizeContentsPrecision(0)  # every row
                view.resizeColumnsToContents()
            found.append(_widths(view)[:-1])  # the last column stretches to the view's edge either way
        assert found[0] == found[1]
    finally:
        app.setStyleSheet(old_sheet)


def test_a_long_list_is_measured_on_a_sample_and_the_rows_in_sight(qtbot):
    rows = [Row(f"Đơn vị {i}", float(i), None, i) for i in range(5000)]
    rows[4321] = Row("Đơn vị có một cái tên dài hơn mọi đơn vị khác", 1.0, None, 1)  # not in the sample
    model = RowTableModel(COLUMNS, rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    tidy_table(view)
    view.resize(1366, 400)
    view.show()
    fit_columns(view)
    short = view.columnWidth(0)
    view.scrollTo(model.index(4321, 0))  # now in sight: measured
    fit_columns(view)
    assert view.columnWidth(0) > short
    assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance(rows[4321].name)


def test_no_column_wider_than_the_maximum(qtbot):
    model = RowTableModel(COLUMNS, ROWS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    fit_columns(view, maximum=120)
    assert max(_widths(view)) <= 120


def test_the_results_grid_widths_are_those_qt_measures(qtbot, demo_copy):
    """Every view of the demo's results grid (units, the ward row in bold, the blocks'
    roll-up rows): the widths measured from the grid's texts are Qt's own, clamped as before."""
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow
    from thidua_desktop.services.app import open_app

    opened = open_app(demo_copy, actor="kiểm thử")
    try:
        window = MainWindow(GuiContext(opened, actor="kiểm thử"))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        page = window.show_page("targets")
        page.tabs.setCurrentWidget(page.entry)
        entry = page.entry
        assert entry.model.rowCount() > 20
        checked = 0
        for i in range(entry.view_combo.count()):
            entry.select(view_key=entry.view_combo.itemData(i))
            header = entry.view.horizontalHeader()
            ours = [header.sectionSize(c) for c in range(entry.model.columnCount())]
            header.setResizeContentsPrecision(0)  # Qt measures every row
            entry.view.resizeColumnsToContents()
            qt = [header.sectionSize(c) for c in range(entry.model.columnCount())]
            qt = qt[:1] + [max(78, min(w, 104)) for w in qt[1:]]
            assert ours == qt, entry.view_combo.itemText(i)
            checked += 1
        assert checked >= 2
    finally:
        opened.close()
