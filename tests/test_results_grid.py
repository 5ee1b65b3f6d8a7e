"""The results entry grid, with the real window, keyboard and clipboard (pytest-qt)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from results_helpers import make_ward, measure_id, period
from sqlalchemy import func, select

from thidua_desktop.domain.evaluation import Status
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.results.grid import COLOURS, MISSING, NOT_ALLOCATED, parse_clipboard
from thidua_desktop.services import plan
from thidua_desktop.services.results import grid as rg
from thidua_desktop.storage.models import AuditEntry, Result, ResultHistory


@pytest.fixture
def page(qtbot, app):
    make_ward(app.db)
    window = MainWindow(GuiContext(app, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    return page


def block_view(page, name):
    entry = page.entry
    entry.select(view_key=entry.view_combo.itemData(entry.view_combo.findText(name)))
    return entry


def index_of(entry, unit, code):
    model = entry.model
    r = next(i for i, row in enumerate(model.grid.rows) if row.label == unit)
    c = next(i for i, col in enumerate(model.grid.columns) if col.code == code) + 1
    return model.index(r, c)


def value_in_db(app, unit_name, code):
    with app.db.read() as s:
        from thidua_desktop.storage.models import Unit

        unit = s.scalar(select(Unit).where(Unit.name == unit_name))
        return s.scalar(select(Result).where(Result.unit_id == unit.id, Result.measure_id == measure_id(s, code)))


def test_typing_a_decimal_comma_saves_and_moves_down(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    view = entry.view
    start = index_of(entry, "Tổ dân phố số 1", "8")
    view.setCurrentIndex(start)
    view.setFocus()
    qtbot.keyClick(view, "9")  # typing on a cell opens its editor with that key, like a spreadsheet
    editor = QApplication.focusWidget()
    assert editor is not view and editor.text() == "9"
    qtbot.keyClicks(editor, "6,5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: value_in_db(app, "Tổ dân phố số 1", "8") is not None)
    saved = value_in_db(app, "Tổ dân phố số 1", "8")
    assert saved.value == 96.5 and saved.updated_by == "văn thư" and saved.source == "manual"
    assert view.currentIndex().row() == start.row() + 1  # Enter went down, like a spreadsheet
    assert start.data() == "96,5%"
    assert "Đã lưu: 1 kết quả mới" in entry.message.text()
    with app.db.read() as s:
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.entity == "result",
                                                                AuditEntry.actor == "văn thư")) == 1


def test_typing_over_a_value_keeps_the_old_one_in_history(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    cell = index_of(entry, "Tổ dân phố số 2", "8")
    assert entry.model.setData(cell, "1.900/2.000")
    assert entry.model.setData(cell, "1.950/2.000")
    with app.db.read() as s:
        assert [h.snapshot["numerator"] for h in s.scalars(select(ResultHistory))] == [1900]
    entry.view.setCurrentIndex(cell)
    assert entry.history.count() == 1 and "95%" in entry.history.item(0).text()


def test_invalid_cell_is_refused_with_a_message_and_nothing_saved(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    cell = index_of(entry, "Tổ dân phố số 1", "8")
    assert not entry.model.setData(cell, "120")
    assert "Tổ dân phố số 1 — 8: tỷ lệ phải từ 0 đến 100" in entry.message.text()
    assert "Chưa lưu" in entry.message.text()
    assert not entry.model.setData(cell, "1.200/1.000")
    assert "lớn hơn mẫu số" in entry.message.text()
    assert value_in_db(app, "Tổ dân phố số 1", "8") is None
    assert cell.data() == ""


def test_paste_of_a_three_by_two_block_from_excel_is_one_transaction(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    view = entry.view
    view.setCurrentIndex(index_of(entry, "Tổ dân phố số 1", "6a"))
    view.setFocus()
    QApplication.clipboard().setText("97,5\t96,1\r\n98\t965/1000\r\n99,2\t95\r\n")
    with app.db.read() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "Đã lưu: 6 kết quả mới" in entry.message.text()
    assert value_in_db(app, "Tổ dân phố số 2", "8").numerator == 965
    assert value_in_db(app, "Tổ dân phố số 3", "6a").value == 99.2
    with app.db.read() as s:
        after = s.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
    # one transaction: every row written by the paste carries the paste's reason
    assert {a.reason for a in after} == {"Dán 6 ô từ Excel"}


def test_paste_with_one_bad_cell_writes_nothing(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    anchor = index_of(entry, "Tổ dân phố số 1", "6a")
    assert not entry.model.paste(anchor, "97,5\t96,1\n98\tabc\n", [anchor])
    message = entry.message.text()
    assert "Không dán: 1 ô không hợp lệ" in message and "Tổ dân phố số 2 — 8: “abc” không phải là số" in message
    with app.db.read() as s:
        assert s.scalar(select(func.count(Result.id))) == 0


def test_paste_into_cells_not_allocated_or_off_the_grid_is_refused(qtbot, page, app):
    entry = page.entry
    entry.select(view_key=rg.WARD_VIEW)
    model = entry.model
    school = next(i for i, r in enumerate(model.grid.rows) if r.label == "Trường Tiểu học Bạch Đằng")
    bhyt = next(i for i, c in enumerate(model.grid.columns) if c.code == "8") + 1
    assert not model.paste(model.index(school, bhyt), "96", [])
    assert "không giao cho đơn vị này" in entry.message.text()
    rollup = model.index(1, bhyt)
    assert not model.paste(rollup, "96", [])
    assert "dòng cộng dồn do chương trình tính" in entry.message.text()
    last = model.index(model.rowCount() - 1, model.columnCount() - 1)
    assert not model.paste(last, "1\t2\n3\t4", [])
    assert "vượt ra ngoài bảng" in entry.message.text()


def test_one_value_pasted_over_a_selection_fills_it(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    cells = [index_of(entry, f"Tổ dân phố số {i}", "TC01") for i in (1, 2, 3)]
    assert entry.model.paste(cells[0], "Có\n", cells)
    assert [c.data() for c in cells] == ["Có", "Có", "Có"]


def test_delete_empties_cells_and_copy_gives_tab_separated_text(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    a, b = index_of(entry, "Tổ dân phố số 1", "6a"), index_of(entry, "Tổ dân phố số 1", "8")
    entry.model.paste(a, "97,5\t2.345/2.400", [a])
    assert entry.model.copy_text([a, b]) == "97,5\t2.345/2.400"
    assert parse_clipboard("a\t\"b\nc\"\r\n") == [["a", "b\nc"]]
    view = entry.view
    view.setCurrentIndex(a)
    view.selectionModel().select(b, view.selectionModel().SelectionFlag.Select)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "2 kết quả xóa" in entry.message.text()
    with app.db.read() as s:
        assert s.scalar(select(func.count(Result.id))) == 0  # missing again: no row, never a zero
        assert s.scalar(select(func.count(ResultHistory.id))) == 2


def test_colours_follow_the_evaluation(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    model = entry.model
    exceeded, met, missed = (index_of(entry, f"Tổ dân phố số {i}", "8") for i in (1, 2, 3))
    model.setData(exceeded, "97")
    model.setData(met, "96")
    model.setData(missed, "95,2")

    def colour(index):
        return index.data(Qt.ItemDataRole.BackgroundRole).color()

    assert colour(exceeded) == QColor(COLOURS[Status.EXCEEDED])
    assert colour(met) == QColor(COLOURS[Status.MET])
    assert colour(missed) == QColor(COLOURS[Status.NOT_MET])
    assert colour(index_of(entry, "Tổ dân phố số 1", "6a")) == QColor(COLOURS[MISSING])
    assert "Không đạt: Thực hiện 95,2% < kế hoạch 96%" in missed.data(Qt.ItemDataRole.ToolTipRole)
    entry.select(view_key=rg.WARD_VIEW)
    model = entry.model
    school = next(i for i, r in enumerate(model.grid.rows) if r.label == "Trường Tiểu học Bạch Đằng")
    bhyt = next(i for i, c in enumerate(model.grid.columns) if c.code == "8") + 1
    assert model.index(school, bhyt).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(COLOURS[NOT_ALLOCATED])
    assert not (model.index(school, bhyt).flags() & Qt.ItemFlag.ItemIsEditable)


def test_ward_row_and_rollup_row_with_mismatch(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    for i, figure in zip((1, 2, 3), ("400/500", "2.950/3.000", "1.960/2.000")):
        entry.model.setData(index_of(entry, f"Tổ dân phố số {i}", "8"), figure)
    entry.select(view_key=rg.WARD_VIEW)
    model = entry.model
    bhyt = next(i for i, c in enumerate(model.grid.columns) if c.code == "8") + 1
    assert model.index(1, bhyt).data() == "96,55%"
    assert model.setData(model.index(0, bhyt), "96,2")
    assert model.index(1, bhyt).data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#b3261e")
    assert "KHÔNG KHỚP" in model.index(1, bhyt).data(Qt.ItemDataRole.ToolTipRole)
    assert model.grid.rows[0].kind == rg.WARD


def test_note_and_reported_date_from_the_side_panel(qtbot, page, app):
    entry = block_view(page, "Khối tổ dân phố")
    cell = index_of(entry, "Tổ dân phố số 3", "8")
    entry.view.setCurrentIndex(cell)
    entry.note.setPlainText("Theo danh sách BHXH tháng 11")
    entry.evidence.setText("Công văn 45/BHXH")
    entry.save_note_button.click()
    assert cell.data(Qt.ItemDataRole.UserRole + 10)  # the corner mark
    from PySide6.QtCore import QDate

    entry.report_date.setDate(QDate(2026, 11, 3))
    entry.mark_button.click()
    with app.db.read() as s:
        from thidua_desktop.services.results import evaluation as ev

        units = ev.unit_results(s, plan.current_campaign(s), period(s))
        tdp3 = next(u for u in units.values() if u.name == "Tổ dân phố số 3")
        assert tdp3.reported_on.isoformat() == "2026-11-03"
        assert tdp3.by_measure()[measure_id(s, "8")].evidence == "Công văn 45/BHXH"
    assert entry.model.index(cell.row(), 0).data() == "03/11"


def test_reader_cannot_edit(qtbot, app):
    make_ward(app.db)
    window = MainWindow(GuiContext(app, actor="khách"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("targets")
    page.entry.model.read_only = True
    entry = block_view(page, "Khối tổ dân phố")
    cell = index_of(entry, "Tổ dân phố số 1", "8")
    assert not (cell.flags() & Qt.ItemFlag.ItemIsEditable)
    assert not entry.model.setData(cell, "96")


def test_allocation_tab_ticks_a_unit_and_sets_its_plan(qtbot, page, app):
    tab = page.allocations
    page.tabs.setCurrentWidget(tab)
    tab.measure_combo.setCurrentIndex(tab.measure_combo.findData(_measure(app, "7")))
    model = tab.model
    row = next(i for i, r in enumerate(model.rows) if r.unit_name == "Trường Mầm non Hoa Sen")
    assert model.rows[row].allocated  # schools carry target (7) by default
    assert model.setData(model.index(row, 4), "1")
    assert model.index(row, 4).data() == "1"
    police = next(i for i, r in enumerate(model.rows) if r.unit_name == "Ban Chỉ huy quân sự phường")
    assert model.setData(model.index(police, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(row, 4), "1,5")  # a count is whole
    assert "số nguyên" in tab.message.text()
    tab.filter.setText("mam non")
    assert tab.proxy.rowCount() == 1
    from thidua_desktop.storage.models import Allocation

    with app.db.read() as s:
        assert s.scalar(select(func.count(Allocation.id)).where(Allocation.measure_id == _measure(app, "7"))) == 3


def test_targets_and_criteria_tabs_list_the_plan_and_the_blocks(qtbot, page, app):
    page.tabs.setCurrentWidget(page.targets)
    assert page.proxy.rowCount() == 16
    page.tabs.setCurrentWidget(page.criteria)
    tab = page.criteria
    tab.block_combo.setCurrentIndex(tab.block_combo.findText("Khối trường học"))
    assert [tab.model.row_at(i).code for i in range(tab.model.rowCount())] == ["7", "TC01", "TC02", "TC21", "TC22"]
    tab.view.selectRow(4)
    tab.move(-1)
    assert [tab.model.row_at(i).code for i in range(tab.model.rowCount())][-2:] == ["TC22", "TC21"]
    page.tabs.setCurrentWidget(page.evaluation)
    assert page.evaluation.measures_model.rowCount() == 16
    assert "0 vượt" in page.evaluation.summary.text()


def _measure(app, code):
    with app.db.read() as s:
        return measure_id(s, code)


def test_periods_are_added_edited_and_deleted_from_the_entry_page(qtbot, page, app, monkeypatch):
    import datetime as dt

    from thidua_desktop.gui.results.dialogs import PeriodDialog
    from thidua_desktop.storage.models import Period

    entry = page.entry
    seen = {}

    def fill(values):
        def run(dialog):  # the real dialog, filled in as a clerk would
            seen["code"] = (dialog.code.text(), dialog.code.isEnabled())
            seen["name"] = dialog.name.text()
            for field, text in values.items():
                getattr(dialog, field).setText(text)
            return not dialog.validate() and dialog.ok.isEnabled()
        return run

    monkeypatch.setattr(PeriodDialog, "exec", fill({"code": "6t", "name": "6 tháng đầu năm 2026",
                                                    "start": "01/01/2026", "end": "30/06/2026"}))
    entry.add_period()
    assert entry.period_combo.currentText() == "6 tháng đầu năm 2026"

    monkeypatch.setattr(PeriodDialog, "exec", fill({"name": "Sơ kết 6 tháng năm 2026", "deadline": "05/07/2026"}))
    entry.edit_period()
    assert seen["code"] == ("6t", False) and seen["name"] == "6 tháng đầu năm 2026"
    assert entry.period_combo.currentText() == "Sơ kết 6 tháng năm 2026"
    with app.db.read() as s:
        assert period(s, "6t").deadline == dt.date(2026, 7, 5)

    # A value typed in the interim period: deleting asks, says what is held, and a "no" keeps everything.
    entry.select(view_key=entry.view_combo.itemData(entry.view_combo.findText("Khối tổ dân phố")))
    cell = index_of(entry, "Tổ dân phố số 1", "8")
    assert entry.model.setData(cell, "95,5")
    questions = []
    entry.delete_period(confirm=lambda q: questions.append(q) or False)
    assert "đã có 1 kết quả" in questions[0]
    with app.db.read() as s:
        assert period(s, "6t") is not None and s.scalar(select(func.count(Result.id))) == 1
    from thidua_desktop.services.safety import backup

    before = len(backup.list_backups(app.db))
    entry.delete_period(confirm=lambda q: True)
    assert len(backup.list_backups(app.db)) == before + 1  # a copy was taken before the data went
    with app.db.read() as s:
        assert [p.is_main for p in plan.current_campaign(s).periods] == [True]
        assert s.scalar(select(func.count(Result.id))) == 0
    assert entry.period_combo.count() == 1 and "Đã xóa kỳ" in entry.message.text()

    # The year itself cannot go: the menu entry is off, and a call is refused with a message.
    assert not entry.delete_period_action.isEnabled()
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    entry.delete_period(confirm=lambda q: pytest.fail("no question for the year"))
    assert "kỳ cả năm" in warned[0]
    with app.db.read() as s:
        assert s.scalar(select(func.count(Period.id))) == 1
