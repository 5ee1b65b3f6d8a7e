"""The overview's reporting progress, late list and charts, on the demo ward."""
from __future__ import annotations

import datetime as dt

import pytest

from thidua_desktop.domain.evaluation import Status
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.services.results import reporting
from thidua_desktop.services.demo import build_demo


@pytest.fixture
def demo(app):
    with app.db.transaction(actor="kiểm thử") as session:
        build_demo(session)
    return app


@pytest.fixture
def overview(qtbot, demo):
    window = MainWindow(GuiContext(demo, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    return window.show_page("overview")


def test_the_demo_ward_has_a_plausible_year(demo):
    with demo.db.read() as s:
        campaign = plan.current_campaign(s)
        year = ev.main_period(campaign)
        status = reporting.reporting_status(s, campaign, year, today=dt.date(2026, 11, 26))
        assert status.expected == 40 and len(status.reported) == 37
        assert {u.name for u in status.not_reported} == {"Tổ dân phố số 12", "Hội Nông dân phường",
                                                         "Công ty TNHH Cơ khí Đông Hải"}
        measures = ev.measure_results(ev.ward_target_results(s, campaign, year))
        statuses = {m.code: m.status for m in measures}
        assert Status.NO_DATA not in statuses.values()  # the ward's offices gave every official figure
        assert {c for c, st in statuses.items() if st is Status.NOT_MET} == {"3", "9", "10", "12a"}
        assert next(m for m in measures if m.code == "12a").mismatch
        six = ev.period_for(s, campaign, "6t")
        half = reporting.reporting_status(s, campaign, six, today=dt.date(2026, 11, 26))
        assert half.late and any(u.reported for u in half.late) and half.not_reported


def test_overview_shows_reporting_progress_and_each_target(overview):
    assert overview.targets_model.rowCount() == 16
    assert overview.figures["reported"].value.text() == "37/40"
    text = overview.reporting_text.text()
    # "Chưa báo cáo" before the deadline, "Quá hạn, chưa báo cáo" after it: the test runs on any day
    assert "chưa báo cáo" in text.lower() and "Tổ dân phố số 12" in text and "05/12/2026" in text
    assert len(overview.bars.bars) == 16
    by_code = {b.code: b for b in overview.bars.bars}
    assert by_code["3"].status is Status.NOT_MET and by_code["3"].percent == pytest.approx(93.6)
    assert by_code["5"].percent is None and "giảm" in by_code["5"].note
    assert "4 không đạt" in overview.status_counts.text()
    assert [s.count for s in overview.donut.slices] == [37, 0, 3]
    overview.grab()  # paints the charts without error


def test_overview_for_the_six_months_lists_late_units(overview):
    overview.period_combo.setCurrentIndex(overview.period_combo.findText("6 tháng đầu năm 2026"))
    text = overview.reporting_text.text()
    assert "Báo cáo trễ hạn:" in text and "ngày)" in text
    assert "Quá hạn, chưa báo cáo" in text
    late, = [s for s in overview.donut.slices if s.label == "Trễ hạn"]
    assert late.count > 0


def test_forms_out_filled_and_read_back_in_one_action_complete_the_year(qtbot, demo, tmp_path):
    """The issue's "done": the missing units' forms go out, come back filled, are read in one action
    from the window, and the overview shows every unit reported and every target evaluated."""
    import openpyxl

    from thidua_desktop.services.results import forms as rf

    window = MainWindow(GuiContext(demo, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("targets")
    entry = page.entry
    with demo.db.read() as s:
        campaign = plan.current_campaign(s)
        status = reporting.reporting_status(s, campaign, ev.main_period(campaign))
        missing = [u.unit_id for u in status.not_reported]
        written = rf.write_forms(s, campaign, ev.main_period(campaign), tmp_path / "phiếu", missing)
    for path in written.files:  # the units fill their forms in
        wb = openpyxl.load_workbook(path)
        ws = wb[rf.MAIN_SHEET]
        ws[rf.DATE_CELL] = dt.date(2026, 11, 26)
        for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1):
            code = row[rf.COL_CODE - 1].value
            if not code:
                continue
            plan_text = str(row[rf.COL_PLAN - 1].value or "")
            if plan_text == "Có":
                row[rf.COL_VALUE - 1].value = "Có"
            elif code == "5":
                row[rf.COL_VALUE - 1].value, row[rf.COL_SECOND - 1].value = 6, 8
            elif "%" in plan_text:
                row[rf.COL_FIRST - 1].value, row[rf.COL_SECOND - 1].value = 970, 1000
            else:
                row[rf.COL_VALUE - 1].value = 0
        wb.save(path)
    seen = []
    entry.read_back([written.folder], confirm=lambda readback: seen.append(readback) or True)
    qtbot.waitUntil(lambda: "Đã nhập 3 tệp" in entry.message.text(), timeout=20_000)
    assert len(seen[0].accepted) == 3
    overview = window.show_page("overview")
    assert overview.figures["reported"].value.text() == "40/40"
    assert "Tất cả đơn vị đã báo cáo" in overview.reporting_text.text()
    assert all(b.status is not Status.NO_DATA for b in overview.bars.bars)
