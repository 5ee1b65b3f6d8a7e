"""The results grid on a clerk's 1366×768 screen (issue 16, items 1 and 4): target names in the
headers, a side panel that folds away, a toolbar that fits or folds into its menu."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolButton
from results_helpers import make_ward

from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow

# A maximised window's inside on a 1366×768 screen (taskbar and title bar taken off).
OFFICE = (1366, 705)


@pytest.fixture
def entry(qtbot, app):
    make_ward(app.db)
    window = MainWindow(GuiContext(app, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is smaller than an office one
    window.resize(*OFFICE)
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    QApplication.processEvents()
    return page.entry


def _column(entry, code):
    return next(i for i, col in enumerate(entry.model.grid.columns) if col.code == code) + 1


def test_headers_name_the_target_and_the_tooltip_has_it_whole(entry):
    model = entry.model
    for c in range(1, model.columnCount()):
        col = model.grid.columns[c - 1]
        text = model.headerData(c, Qt.Orientation.Horizontal)
        first_word = col.label.split()[0]
        assert first_word in text.splitlines()[0] or first_word in text.splitlines()[1]
        assert col.label in model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert len(text.splitlines()) <= 3 + 2  # at most three lines of name, two of plan
        assert all(len(line) <= 15 for line in text.splitlines())


def test_toolbar_buttons_show_whole_at_1366_and_fold_into_the_menu_when_narrower(entry, qtbot):
    for button in (entry.add_period_button, entry.forms_button, entry.import_button):
        assert button.isVisible() and button.width() >= button.sizeHint().width()
        assert entry.toolbar.rect().contains(button.geometry())
    assert entry.import_button.text() == "Đọc phiếu, bảng gửi về"
    entry.window().resize(900, 705)
    qtbot.waitUntil(lambda: not entry.import_button.isVisible())
    extension = entry.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is not None and extension.isVisible()  # "»": the folded buttons are one click away


def test_the_side_panel_folds_away_and_comes_back(entry, qtbot):
    width = entry.view.width()
    assert entry.panel_open() and entry.panel_action.isChecked()
    entry.panel_action.trigger()  # the toolbar's "Chi tiết ô"
    qtbot.waitUntil(lambda: entry.view.width() > width + 250)
    assert not entry.panel_open()
    entry.panel_action.trigger()
    qtbot.waitUntil(lambda: entry.panel_open())
    assert entry.panel_action.isChecked()
    # the note box keeps room for a few lines even on a low screen (the panel scrolls instead)
    assert entry.note.height() >= 3 * entry.note.fontMetrics().lineSpacing()
    entry.splitter.setSizes([sum(entry.splitter.sizes()), 0])  # the handle dragged to the right
    entry.splitter.splitterMoved.emit(sum(entry.splitter.sizes()), 1)
    assert not entry.panel_action.isChecked()


# --- typed text is never lost (item 4) ---------------------------------------------------------

def _block(entry, name="Khối tổ dân phố"):
    entry.select(view_key=entry.view_combo.itemData(entry.view_combo.findText(name)))


def _index(entry, unit, code):
    model = entry.model
    r = next(i for i, row in enumerate(model.grid.rows) if row.label == unit)
    return model.index(r, _column(entry, code))


def _select(view, index):
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _type(qtbot, view, index, text):
    """Select the cell and type over it, as a clerk does; returns the open editor."""
    _select(view, index)
    view.setFocus()
    qtbot.keyClick(view, text[0])
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    return editor


def _stored(app, unit, code):
    from sqlalchemy import select

    from results_helpers import measure_id
    from thidua_desktop.storage.models import Result, Unit

    with app.db.read() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.name == unit))
        row = s.scalar(select(Result).where(Result.unit_id == unit_id, Result.measure_id == measure_id(s, code)))
        return None if row is None else row.value


def test_text_a_number_cell_cannot_take_stays_in_its_open_editor_with_the_reason_beside_it(entry, qtbot, app):
    _block(entry)
    view, cell = entry.view, _index(entry, "Tổ dân phố số 1", "6a")
    editor = _type(qtbot, view, cell, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    problem = view.findChild(QLabel, "cellProblem")
    qtbot.waitUntil(problem.isVisible)
    assert "“abc” không phải là số" in problem.text() and "Chưa lưu" in problem.text()
    assert view.state() == view.State.EditingState and editor.isVisible() and editor.text() == "abc"
    # beside the cell, not only in the line under the grid (which says it too)
    assert abs(problem.y() - editor.geometry().bottom()) < 6 or abs(problem.geometry().bottom() - editor.y()) < 6
    assert "không phải là số" in entry.message.text()
    # clicking another cell does not throw the text away: the grid comes back to it
    view.setCurrentIndex(_index(entry, "Tổ dân phố số 2", "6a"))
    qtbot.waitUntil(lambda: view.currentIndex() == cell)
    assert editor.isVisible() and editor.text() == "abc" and _stored(app, "Tổ dân phố số 1", "6a") is None
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "97,5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(app, "Tổ dân phố số 1", "6a") == 97.5)
    qtbot.waitUntil(lambda: not problem.isVisible())
    assert view.state() != view.State.EditingState


def test_escape_is_the_one_way_to_give_the_typed_text_up(entry, qtbot, app):
    _block(entry)
    view, cell = entry.view, _index(entry, "Tổ dân phố số 1", "6a")
    editor = _type(qtbot, view, cell, "9x")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    problem = view.findChild(QLabel, "cellProblem")
    qtbot.waitUntil(problem.isVisible)
    assert editor.isVisible() and editor.text() == "9x"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert not problem.isVisible() and _stored(app, "Tổ dân phố số 1", "6a") is None


# --- undo and redo through the audited path ----------------------------------------------------

def _reasons(app, after_id=0):
    from sqlalchemy import select

    from thidua_desktop.storage.models import AuditEntry

    with app.db.read() as s:
        return [a.reason for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "result",
                                                                     AuditEntry.id > after_id))]


def test_ctrl_z_and_ctrl_y_put_typed_values_back_as_audited_saves(entry, qtbot, app, monkeypatch):
    from thidua_desktop.gui import operations as ops
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: pytest.fail(exc.message))
    _block(entry)
    view, cell = entry.view, _index(entry, "Tổ dân phố số 1", "6a")
    assert not entry.undo_action.isEnabled()
    for typed in ("96", "98,5"):
        editor = _type(qtbot, view, cell, typed)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert _stored(app, "Tổ dân phố số 1", "6a") == 98.5
    assert "Tổ dân phố số 1 — 6a" in entry.undo_action.toolTip()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(app, "Tổ dân phố số 1", "6a") == 96 and cell.data() == "96%"
    assert _reasons(app)[-1] == "Hoàn tác: Nhập kết quả: Tổ dân phố số 1 — 6a"
    assert "Đã hoàn tác" in entry.message.text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(app, "Tổ dân phố số 1", "6a") is None and cell.data() == ""  # as before the first typing
    assert not entry.undo_action.isEnabled() and entry.redo_action.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _stored(app, "Tổ dân phố số 1", "6a") == 96
    assert _reasons(app)[-1] == "Làm lại: Nhập kết quả: Tổ dân phố số 1 — 6a"
    entry.redo_action.trigger()  # the toolbar's "Làm lại"
    assert _stored(app, "Tổ dân phố số 1", "6a") == 98.5


def test_undo_of_a_paste_takes_the_whole_block_back_in_one_transaction(entry, qtbot, app):
    _block(entry)
    view = entry.view
    _select(view, _index(entry, "Tổ dân phố số 1", "6a"))
    view.setFocus()
    QApplication.clipboard().setText("97,5\t96,1\r\n98\t965/1000\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert _stored(app, "Tổ dân phố số 2", "6a") == 98, entry.message.text()
    before = len(_reasons(app))
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(app, "Tổ dân phố số 1", "6a") is None and _stored(app, "Tổ dân phố số 2", "6a") is None
    assert set(_reasons(app)[before:]) == {"Hoàn tác: Dán 4 ô từ Excel"}


def test_undo_over_another_clerk_s_newer_value_is_refused_by_the_version_check(app, qtbot, monkeypatch):
    from results_helpers import period

    from thidua_desktop.gui import operations as ops
    from thidua_desktop.gui.results.grid import ResultGridModel
    from thidua_desktop.services.results import grid as rg
    from test_grid_incremental import count_cell

    make_ward(app.db)
    shown = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: shown.append(exc.message))
    with app.db.read() as s:
        period_id = period(s).id
    a, b = (ResultGridModel(GuiContext(app, actor=clerk)) for clerk in ("văn thư A", "văn thư B"))
    a.load(period_id, rg.WARD_VIEW)
    index = count_cell(a)
    assert a.setData(index, "5", Qt.ItemDataRole.EditRole)
    b.load(period_id, rg.WARD_VIEW)
    assert b.setData(b.index(index.row(), index.column()), "9", Qt.ItemDataRole.EditRole)
    a.undo_stack.undo()  # A's undo would wipe B's 9: refused, with who changed it
    assert len(shown) == 1 and "văn thư B" in shown[0]
    assert a.data(index) == "9"  # A's grid now shows what is stored
    assert a.undo_stack.count() == 0 and not a.undo_stack.canRedo()  # that edit cannot be undone any more
    b.undo_stack.undo()  # B's own undo still works: back to A's 5
    assert shown == [shown[0]] and b.data(b.index(index.row(), index.column())) == "5"


def test_a_typing_refused_over_another_clerk_s_value_stays_in_the_editor(entry, qtbot, app, monkeypatch):
    from thidua_desktop.gui import operations as ops
    from thidua_desktop.gui.results.grid import ResultGridModel

    shown = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: shown.append(exc.message))
    _block(entry)
    view, cell = entry.view, _index(entry, "Tổ dân phố số 1", "6a")
    other = ResultGridModel(GuiContext(app, actor="văn thư B"))
    other.load(entry.model.period_id, entry.model.view_key)
    assert other.setData(other.index(cell.row(), cell.column()), "90", Qt.ItemDataRole.EditRole)
    editor = _type(qtbot, view, cell, "97")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "văn thư B" in shown[0] and editor.isVisible() and editor.text() == "97"
    assert cell.data() == "90%"  # underneath, the stored value; the typed one waits in the editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # typed over what the screen now shows: saved
    qtbot.waitUntil(lambda: _stored(app, "Tổ dân phố số 1", "6a") == 97)
