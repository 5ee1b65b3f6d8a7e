"""The what-if panel (issue 16 item 14) on the demo ward: a criterion's points change
moves the table, closing discards, applying with a reason changes the scoring page."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox

from awards_helpers import wait_ranked
from thidua_desktop.gui.awards import whatif as whatif_gui
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app


def _dump(path) -> list[str]:
    with sqlite3.connect(path) as con:
        return list(con.iterdump())


@pytest.fixture
def opened(demo_copy):
    app = open_app(demo_copy, actor="kiểm thử")
    yield app
    app.close()


@pytest.fixture
def page(qtbot, opened):
    win = MainWindow(GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("scoring")
    wait_ranked(qtbot, page)
    page.block.setCurrentIndex(page.block.findData(_block_id(page, "Khối tổ dân phố")))
    return page


def _block_id(page, name):
    return next(b.card.block_id for b in page.rankings.blocks if b.card.block_name == name)


def _row(dialog, name):
    """The unit's cells by column header."""
    m = dialog.model
    r = next(r for r in range(m.rowCount()) if m.row_at(r).unit == name)
    return {m.headerData(c, Qt.Orientation.Horizontal): m.index(r, c) for c in range(m.columnCount())}


def _compared(qtbot, dialog):
    """Wait for the comparison (debounced, then in a worker) of what the editors say now."""
    qtbot.waitUntil(lambda: not dialog.timer.isActive() and dialog.comparing is None
                    and dialog.compared == dialog.changes(), timeout=10_000)


def _open(qtbot, page):
    page.whatif_button.click()
    dialog = page.what_if
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.summary.text().startswith("<b>Đang tải…</b>")  # read in a worker
    assert not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert dialog.block.currentText() == "Khối tổ dân phố"
    return dialog


def test_points_change_shows_the_move_and_closing_discards(qtbot, page, demo_copy):
    before = _dump(demo_copy)
    dialog = _open(qtbot, page)
    assert dialog.summary.text().startswith("<b>Không đơn vị nào đổi hạng; danh sách Giấy khen không đổi.")
    assert not dialog.apply_button.isEnabled()
    dialog.findChild(QDoubleSpinBox, "points_T1").setValue(0)
    assert dialog.timer.isActive()  # debounced: compared when the clerk pauses
    _compared(qtbot, dialog)
    tdp7 = _row(dialog, "Tổ dân phố số 7")
    assert (tdp7["Hạng cũ"].data(), tdp7["Hạng mới"].data(), tdp7["±"].data()) == ("1", "13", "▼12")
    assert tdp7["±"].data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"  # a fall in red
    assert tdp7["Điểm mới"].data() == "99,85"
    assert "tiêu chí T1: 3 → 0 điểm" in dialog.summary.text() and dialog.apply_button.isEnabled()
    dialog.only_changed.setChecked(True)
    assert dialog.model.rowCount() < 39
    dialog.close_button.click()
    assert not dialog.isVisible() and not dialog.applied
    assert _dump(demo_copy) == before


def test_quota_and_mode_move_the_list_and_reset_restores(qtbot, page):
    dialog = _open(qtbot, page)
    dialog.modes["collective_standing"].setCurrentIndex(
        dialog.modes["collective_standing"].findData("block"))
    dialog.recompute()
    _compared(qtbot, dialog)
    htx = _row(dialog, "Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng")
    assert htx["Giấy khen"].data() == "▼ ra" and "dưới mức “Tốt”" in htx["Ghi chú"].data()
    assert "1 ra: Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng" in dialog.summary.text()
    dialog.quota.setValue(dialog.basis.held + 2)
    dialog.recompute()
    _compared(qtbot, dialog)
    assert "còn 2 chỗ cho tập thể" in dialog.rule_note.text()
    dialog.reset_button.click()
    _compared(qtbot, dialog)
    assert dialog.changes().empty and dialog.quota.text() == "Không giới hạn"
    assert "Không đơn vị nào đổi hạng" in dialog.summary.text()
    dialog.reject()


def test_apply_with_reason_changes_the_scoring_page(qtbot, page, monkeypatch, demo_copy):
    dialog = _open(qtbot, page)
    dialog.findChild(QDoubleSpinBox, "points_T1").setValue(0)
    asked = []
    monkeypatch.setattr(whatif_gui, "ask_reason", lambda parent, title, prompt: asked.append(prompt) or None)
    dialog.apply_button.click()  # the clerk cancels the reason: nothing written, the sandbox stays
    assert dialog.isVisible() and "Khối tổ dân phố, tiêu chí T1: 3 → 0 điểm" in asked[0]
    monkeypatch.setattr(whatif_gui, "ask_reason", lambda *a: "Bỏ điểm thưởng mô hình hay theo HD của phường")
    dialog.apply_button.click()
    assert dialog.applied and not dialog.isVisible()
    qtbot.waitUntil(lambda: page.loading is None and page.rankings is not None and any(
        s.name == "Tổ dân phố số 7" and s.rank == 3 for s in page.rankings.unit_scores().values()), timeout=30_000)
    names = [page.proxy.row_at(page.proxy.index(r, 0)).name for r in range(3)]
    assert names[0] == "Tổ dân phố số 1" and names[2] == "Tổ dân phố số 7"
    with sqlite3.connect(demo_copy) as con:
        written = con.execute("SELECT entity, reason FROM audit_entry ORDER BY id DESC LIMIT 2").fetchall()
    assert ("criterion", "Bỏ điểm thưởng mô hình hay theo HD của phường") in written


def test_awards_page_opens_the_panel(qtbot, opened):
    win = MainWindow(GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("awards")
    assert page.tabs.cornerWidget() is page.whatif_button
    shown = []
    real = whatif_gui.WhatIfDialog.open
    monkey = pytest.MonkeyPatch()
    monkey.setattr(whatif_gui.WhatIfDialog, "open", lambda self: shown.append(self) or real(self))
    try:
        page.whatif_button.click()
    finally:
        monkey.undo()
    assert shown and shown[0].isVisible()
    qtbot.waitUntil(lambda: shown[0].result is not None, timeout=10_000)
    assert shown[0].block.currentIndex() == 0
    shown[0].reject()


def test_tiebreak_list_up_and_down_edits_the_ward_chain(qtbot, page):
    dialog = _open(qtbot, page)
    dialog.block.setCurrentIndex(dialog.block.findData(whatif_gui.WARD))
    assert dialog.criteria.isHidden()
    keys = [dialog.tiebreak.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.tiebreak.count())]
    female = keys.index("female_collective")
    dialog.tiebreak.item(female).setCheckState(Qt.CheckState.Checked)
    dialog.tiebreak.setCurrentRow(female)
    for _ in range(female):
        dialog.up_button.click()
    assert dialog.changes().ward_tiebreak == ("female_collective", "exceeded", "deductions", "reported_on")
    dialog.recompute()
    _compared(qtbot, dialog)
    assert "Toàn phường, tiêu chí phụ:" in dialog.summary.text()
    dialog.down_button.click()  # back below the first key
    assert dialog.changes().ward_tiebreak == ("exceeded", "female_collective", "deductions", "reported_on")
    dialog.block.setCurrentIndex(0)  # another block, then back: the sandbox keeps the edit
    dialog.block.setCurrentIndex(dialog.block.findData(whatif_gui.WARD))
    assert dialog.tiebreak.item(1).data(Qt.ItemDataRole.UserRole) == "female_collective"
    dialog.reject()



def test_the_move_column_has_room_for_a_two_digit_fall(qtbot, opened):
    """Sized while nothing had moved, the ± column showed "…" for Tổ dân phố số 7's ▼12."""
    dialog = whatif_gui.open_what_if(None, GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    needed = dialog.view.fontMetrics().horizontalAdvance("▼12")
    assert dialog.view.columnWidth(whatif_gui.MOVE_COLUMN) > needed + 8
    dialog.reject()
