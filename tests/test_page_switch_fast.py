"""The window does not freeze on a page switch (issue 15, goal 7): the steps page fills
its rows again in place after a change (the same texts as rows built afresh), its
backup age is read in the worker, and a page's tabs are built when first chosen."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.pages.steps import StepRow
from thidua_desktop.services import plan, steps, ward


@pytest.fixture
def window(demo_window):
    return demo_window


def _texts(row: StepRow) -> tuple:
    return (row.disc.text(), row.disc.styleSheet(), row.disc.toolTip(), row.title.text(), row.fact.text(),
            row.deadline.text() if not row.deadline.isHidden() else None, row.open_button.text(),
            row.open_button.toolTip())


def test_the_steps_rows_are_filled_again_in_place_after_a_change(window):
    page = window.show_page("steps")
    rows = list(page.rows)
    assert rows[0].step.state is steps.State.NOT_STARTED
    done = ops.change(page, window.ctx, "Ghi số kế hoạch", lambda s: ward.update_plan_header(
        s, plan.current_campaign(s).id, {"number": "12/KH-UBND", "issued_on": dt.date(2026, 2, 20)}),
        refresh="plan")
    assert done is not ops.FAILED
    assert page.rows == rows and all(a is b for a, b in zip(page.rows, rows))  # the same widgets
    assert rows[0].step.state is steps.State.DONE
    found = steps.year_steps_of(window.ctx.db)
    fresh = [StepRow(number, step, found.today) for number, step in enumerate(found.steps, 1)]
    assert [_texts(r) for r in page.rows] == [_texts(r) for r in fresh]
    assert [r.step for r in page.rows] == found.steps


def test_the_steps_page_reads_the_backup_age_in_the_worker(window, monkeypatch):
    from thidua_desktop.services.safety import backup_status

    page = window.show_page("steps")
    seen = []
    real = backup_status.backup_age
    monkeypatch.setattr(steps, "backup_age", lambda db: seen.append(threading.current_thread()) or real(db))
    window.ctx.changed("*")
    assert len(seen) == 1 and seen[0] is not threading.main_thread()
    assert page.rows[-2].step.key == "backup"


def _table(model) -> list[list]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_awards_page_builds_a_tab_when_it_is_first_chosen(qtbot, window):
    from thidua_desktop.gui.awards.catalogue_tab import CatalogueTab
    from thidua_desktop.gui.awards.council_tab import CouncilTab
    from thidua_desktop.gui.awards.nominations_tab import NominationsTab

    page = window.show_page("awards")
    tabs = page.tabs
    assert isinstance(tabs.widget(0), NominationsTab)  # the tab in sight
    assert not window.findChildren(CouncilTab) and not window.findChildren(CatalogueTab)
    labels = [tabs.tabText(i) for i in range(tabs.count())]
    assert labels == ["Đề nghị khen thưởng", "Hội đồng, bỏ phiếu", "Danh sách cuối, quyết định", "Danh mục, quy tắc"]
    tabs.setCurrentIndex(3)
    catalogue = tabs.widget(3)
    assert isinstance(catalogue, CatalogueTab) and page.catalogue is catalogue and tabs.currentIndex() == 3
    assert [tabs.tabText(i) for i in range(tabs.count())] == labels
    assert not window.findChildren(CouncilTab)  # still only what was chosen
    fresh = CatalogueTab(window.ctx)  # built at once, as every tab was before
    qtbot.addWidget(fresh)
    fresh.refresh()
    assert _table(catalogue.titles) == _table(fresh.titles) and catalogue.titles.rowCount() > 0
    assert _table(catalogue.rules) == _table(fresh.rules)
    council = page.council  # asked for by name (tests, the steps page): built, loaded when shown
    assert isinstance(council, CouncilTab) and tabs.widget(1) is council and tabs.currentIndex() == 3
    tabs.setCurrentWidget(council)
    assert council in page.all_tabs() and council not in page.stale_tabs


def test_a_list_sorted_in_the_worker_shows_the_order_the_window_would_give(qtbot):
    import random

    from PySide6.QtCore import Qt

    from thidua_desktop.domain.registry import name_sort_key
    from thidua_desktop.gui.tablemodel import Column, RowTableModel

    names = ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Bình", "Đỗ Minh", "Nguyễn Văn An", "Ông Ích Khiêm", "Lê Anh"]
    rows = [(name, n) for n, name in enumerate(names * 30)]
    model = RowTableModel([Column("Họ và tên", lambda r: r[0], sort_key=name_sort_key), Column("Số", lambda r: r[1])])
    for column, order in [(0, Qt.SortOrder.AscendingOrder), (0, Qt.SortOrder.DescendingOrder),
                          (1, Qt.SortOrder.DescendingOrder)]:
        model.sort(column, order)
        shuffled = random.Random(column).sample(rows, len(rows))
        model.set_rows(shuffled)
        expected = model.rows()
        presorted = list(shuffled)
        model.presort(presorted)
        assert presorted == expected  # equal names keep their order: the same list either way
        model.set_rows(presorted)
        assert model.rows() == expected
    late = random.Random(9).sample(rows, len(rows))
    model.presort(late)  # sorted in the worker by the number; meanwhile the clerk sorts by name
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_rows(late)
    assert [r[0] for r in model.rows()] == sorted((r[0] for r in rows), key=name_sort_key)
