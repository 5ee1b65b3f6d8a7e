"""The page "Các bước trong năm": it lists the year's steps, "Mở…" goes to the page and
tab that does each, and it follows a change made elsewhere (issue 16, item 12)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.pages import PAGES
from thidua_desktop.services import plan, steps, ward
from thidua_desktop.services.safety.backup_status import backup_age


@pytest.fixture
def window(demo_window):
    return demo_window


def test_it_comes_right_after_the_overview():
    assert [e.page_id for e in PAGES][:2] == ["overview", "steps"]
    assert PAGES[1].title == "Các bước trong năm"


def test_the_page_titles_the_steps_name_are_the_windows():
    titles = {e.page_id: e.title for e in PAGES}
    assert {page: titles[page] for page in steps.PAGE_TITLES} == steps.PAGE_TITLES


def test_the_page_lists_the_steps(qtbot, window):
    page = window.show_page("steps")
    db = window.ctx.db
    with db.read() as s:
        expected = steps.year_steps(s, backup_age(db))
    assert [r.step for r in page.rows] == expected.steps
    assert page.heading.text() == "Các bước trong năm 2026 — Phường Bạch Đằng"
    assert page.summary.text().endswith("Việc tiếp theo: Nạp kế hoạch thi đua, ghi số và ngày.")
    results = next(r for r in page.rows if r.step.key == "results")
    assert results.fact.text().startswith("37/40 đơn vị đã báo cáo kết quả cả năm 2026; còn 3: ")
    assert "Hạn:" in results.deadline.text()
    assert results.open_button.toolTip() == "Làm ở: Chỉ tiêu và kết quả › Nhập kết quả"
    assert page.rows[-1].open_button.text() == "Kết thúc năm…"
    # readable on a narrow screen (the offscreen one is 800 pixels wide): the texts wrap, nothing is cut
    scroll = page.rows[0].parentWidget().parentWidget().parentWidget()
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    qtbot.waitUntil(lambda: all(r.width() <= scroll.viewport().width() for r in page.rows))


@pytest.mark.parametrize("key, page_id, tab", [
    ("registrations", "units", "Đăng ký thi đua"),
    ("evaluation", "targets", "Đánh giá"),
    ("council", "awards", "Hội đồng, bỏ phiếu"),
    ("backup", "audit", "Sao lưu và phục hồi"),
    ("ranking", "scoring", ""),
])
def test_open_goes_to_the_page_and_tab(qtbot, window, key, page_id, tab):
    page = window.show_page("steps")
    row = next(r for r in page.rows if r.step.key == key)
    qtbot.mouseClick(row.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page_id() == page_id
    shown = window.pages[page_id]
    if tab:
        assert shown.tabs.tabText(shown.tabs.currentIndex()) == tab


def test_it_follows_a_change(window):
    page = window.show_page("steps")
    assert page.rows[0].step.state is steps.State.NOT_STARTED
    done = ops.change(page, window.ctx, "Ghi số kế hoạch", lambda s: ward.update_plan_header(
        s, plan.current_campaign(s).id, {"number": "12/KH-UBND", "issued_on": dt.date(2026, 2, 20)}),
        refresh="plan")
    assert done is not ops.FAILED
    first = page.rows[0]
    assert first.step.state is steps.State.DONE
    assert first.fact.text() == "Kế hoạch số 12/KH-UBND ngày 20/02/2026: 14 chỉ tiêu."
    assert page.summary.text().startswith("Đã xong ")
