"""The nominations tab shows a unit's eligibility as its score and classification make it
(issue 16, item 7): the score and rank the collective rules read, and the reason when the
unit is rated below the band "hoàn thành tốt nhiệm vụ" asks for (issue 13's collective_standing)."""
from __future__ import annotations

import pytest

from awards_helpers import make_ward
from thidua_desktop.domain import eligibility as el
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import plan
from thidua_desktop.services.awards import nominations as nm


@pytest.fixture
def tab(qtbot, app):
    ids = make_ward(app.db)
    with app.db.transaction(actor="kiểm thử") as s:
        c = plan.current_campaign(s)
        for name in ("Tổ dân phố số 1", "Tổ dân phố số 3", "Tổ dân phố số 4"):
            nm.create(s, c, nm.NominationInput("unit", "GK", unit_id=ids[name], summary="Thành tích của năm"),
                      recheck_all=False)
        nm.recheck(s, c)
    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    return window.show_page("awards").nominations


def detail_of(tab, name: str):
    for r in range(tab.proxy.rowCount()):
        row = tab.proxy.row_at(tab.proxy.index(r, 0))
        if row.name == name:
            tab.view.selectRow(r)
            return row, tab.detail.toPlainText()
    raise AssertionError(name)


def test_a_unit_rated_below_the_band_is_shown_with_its_score_and_the_reason(tab):
    row, detail = detail_of(tab, "Tổ dân phố số 3")
    assert row.verdict is el.Verdict.WARN
    assert "Điểm thi đua của đơn vị:" in detail and f"{row.score_text}, tính theo điểm tối đa của khối" in detail
    assert "xếp loại “Khá”, dưới mức “Tốt”" in detail and "hoàn thành tốt nhiệm vụ" in detail
    best, detail = detail_of(tab, "Tổ dân phố số 1")
    assert best.verdict is el.Verdict.OK and "100% (hạng 1)" in detail and "đủ mọi điều kiện" in detail
    silent, detail = detail_of(tab, "Tổ dân phố số 4")
    assert silent.verdict is el.Verdict.WARN
    assert "Điểm thi đua của đơn vị: chưa có" in detail and "chưa báo cáo kết quả thi đua của năm" in detail
