"""The unit card window (issue 16, item 13): a double-click on a unit in the units list, the
results grid's row headers, the evaluation tab and the scoring ranking opens that unit's
card — one window per unit — which prints through the print preview and saves a PDF
that never replaces a file unasked (pytest-qt, real window, demo ward)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget

from awards_helpers import wait_ranked
from thidua_desktop.gui import unit_card
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app


@pytest.fixture
def window(qtbot, demo_copy):
    opened = open_app(demo_copy, actor="kiểm thử")
    win = MainWindow(GuiContext(opened, actor="văn thư"))
    qtbot.addWidget(win)
    win.show()
    yield win
    for card in list(unit_card._open.values()):
        card.close()
    opened.close()


def cards() -> dict[str, unit_card.UnitCardWindow]:
    return {w.card.name: w for w in unit_card._open.values()}


def double_click(qtbot, widget, pos) -> None:
    """A press, then the double-click (an item view acts on a double-click on the item pressed)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def double_click_item(qtbot, view, index) -> None:
    view.scrollTo(index)
    double_click(qtbot, view.viewport(), view.visualRect(index).center())


def test_units_list_opens_one_card_per_unit(qtbot, window):
    tab = window.show_page("units").units
    row = next(r for r in range(tab.proxy.rowCount())
               if tab.proxy.row_at(tab.proxy.index(r, 0)).name == "Trạm Y tế phường")
    double_click_item(qtbot, tab.view, tab.proxy.index(row, 0))
    card = cards()["Trạm Y tế phường"]
    assert card.isVisible() and not card.isModal() and card.windowTitle() == "Thẻ đơn vị — Trạm Y tế phường"
    assert [card.tabs.tabText(i) for i in range(card.tabs.count())] == [
        "Thông tin chung", "Kết quả, đánh giá", "Điểm, xếp hạng", "Đề nghị, khen thưởng", "Lịch sử thay đổi"]
    assert "Phạm Thùy Huyền" in card.pages[0].toPlainText() and "hạng 1/8" in card.heading.text()
    area = card.screen().availableGeometry()
    assert card.width() <= area.width() and card.height() <= area.height()
    double_click_item(qtbot, tab.view, tab.proxy.index(row, 0))  # again: the same window, brought forward
    assert len(unit_card._open) == 1 and cards()["Trạm Y tế phường"] is card


def test_the_cards_edit_button_opens_the_units_form(qtbot, window):
    card = unit_card.open_unit_card(window, window.ctx, _unit_id(window, "Trạm Y tế phường"))
    page = window.show_page("units")
    seen = []

    def fill(form):
        seen.append(form.name.text())
        form.phone.setText("0225 3000 111")
        return form

    page.open_dialog = fill
    card.edit()
    assert seen == ["Trạm Y tế phường"] and window.current_page_id() == "units"
    if card.stale:  # not the active window while the form was: reloads when next activated
        card.load()
    assert "0225 3000 111" in card.pages[0].toPlainText()


def _unit_id(window, name: str) -> int:
    tab = window.show_page("units").units
    tab.refresh()
    return next(r.id for r in tab.model.rows() if r.name == name)


def test_results_grid_row_header_opens_the_units_card(qtbot, window):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    rows = entry.model.grid.rows
    r = next(i for i, row in enumerate(rows) if row.label == "Tổ dân phố số 10")
    header = entry.view.verticalHeader()
    entry.view.scrollTo(entry.model.index(r, 1))
    double_click(qtbot, header.viewport(), QPoint(8, header.sectionViewportPosition(r) + header.sectionSize(r) // 2))
    assert list(cards()) == ["Tổ dân phố số 10"]
    ward = next(i for i, row in enumerate(rows) if row.unit_id is None)
    assert unit_card.open_unit_card(entry, window.ctx, rows[ward].unit_id) is None  # the ward's row: no card


def test_evaluation_tab_opens_the_units_card(qtbot, window):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.evaluation)
    tab = page.evaluation
    r = next(i for i in range(tab.units_model.rowCount()) if tab.units_model.row_at(i).name == "Hội Nông dân phường")
    double_click_item(qtbot, tab.units, tab.units_model.index(r, 0))
    assert list(cards()) == ["Hội Nông dân phường"]


def test_scoring_ranking_opens_the_units_card_with_the_same_explanation(qtbot, window):
    page = window.show_page("scoring")
    wait_ranked(qtbot, page)
    page.block.setCurrentIndex(page.block.findData(next(b.card.block_id for b in page.rankings.blocks
                                                        if b.card.block_name == "Khối tổ dân phố")))
    r = next(i for i in range(page.proxy.rowCount())
             if page.proxy.row_at(page.proxy.index(i, 0)).name == "Tổ dân phố số 10")
    double_click_item(qtbot, page.view, page.proxy.index(r, 1))
    card = cards()["Tổ dân phố số 10"]
    score = page.proxy.row_at(page.proxy.index(r, 0))
    assert card.card.score.rank == score.rank and card.card.score.score.total == score.total
    shown = card.pages[2].toPlainText()
    assert "hạng 3/14 của Khối tổ dân phố" in shown and "Tổng: 99,88 điểm tiêu chí" in shown


def test_print_preview_builds_portrait_pages(qtbot, window, monkeypatch):
    card = unit_card.open_unit_card(window, window.ctx, _unit_id(window, "Tổ dân phố số 10"))
    shown = []

    def exec_(dialog):
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        shown.append((dialog.windowTitle(), preview.pageCount(), preview.orientation()))
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    card.print_button.click()
    title, pages, orientation = shown[0]
    assert title == "Xem trước khi in — Thẻ đơn vị — Tổ dân phố số 10"
    assert pages >= 3 and orientation == QPageLayout.Orientation.Portrait


def test_pdf_is_written_and_an_existing_file_is_kept_unless_the_clerk_agrees(qtbot, window, tmp_path):
    card = unit_card.open_unit_card(window, window.ctx, _unit_id(window, "Trạm Y tế phường"))
    told, answers = [], []
    card.tell = lambda title, text: told.append(text)
    card.confirm = lambda title, text: answers.pop(0)
    target = tmp_path / "thẻ đơn vị.pdf"
    assert card.save_pdf(target) == target and target.read_bytes().startswith(b"%PDF")
    assert "trang A4" in told[-1]
    target.write_bytes(b"the clerk's own file")
    answers.append(False)
    assert card.save_pdf(target) is None and target.read_bytes() == b"the clerk's own file"
    answers.append(True)
    assert card.save_pdf(target) == target and target.read_bytes().startswith(b"%PDF")


def test_the_card_follows_changes_and_goes_when_its_unit_is_deleted(qtbot, window, monkeypatch):
    from thidua_desktop.domain.registry import UnitFields
    from thidua_desktop.gui import operations
    from thidua_desktop.services import plan
    from thidua_desktop.services.registry import units as unit_service

    db = window.ctx.db
    with db.transaction(actor="văn thư", reason="Đơn vị mới") as s:
        unit_id = unit_service.save_unit_fields(s, plan.current_campaign(s).id, UnitFields(name="Hợp tác xã Mới"))
    card = unit_card.open_unit_card(window, window.ctx, unit_id)
    assert "Chưa đăng ký thi đua năm 2026" in card.pages[0].toPlainText()
    with db.transaction(actor="văn thư", reason="Đổi thủ trưởng") as s:
        fields = unit_service.unit_fields(s, unit_id)
        fields.head_name = "Ngô Văn Tâm"
        unit_service.save_unit_fields(s, plan.current_campaign(s).id, fields, None, unit_id)
    window.ctx.changed("units")  # not the active window: reloaded when it is next activated
    assert card.stale and "Ngô Văn Tâm" not in card.pages[0].toPlainText()
    monkeypatch.setattr(card, "isActiveWindow", lambda: True)
    window.ctx.changed("units")
    assert not card.stale and "Ngô Văn Tâm" in card.pages[0].toPlainText()
    shown = []
    monkeypatch.setattr(operations, "show_error", lambda parent, exc, title: shown.append(str(exc)))
    with db.transaction(actor="văn thư", reason="Nhập nhầm") as s:
        unit_service.delete_units(s, [unit_id])
    window.ctx.changed("units")
    qtbot.waitUntil(lambda: unit_card._open == {}, timeout=5000)  # closed, then deleted
    assert len(shown) == 1 and "Không tìm thấy đơn vị" in shown[0]
