"""The results grid on a clerk's 1366×768 screen (issue 16, items 1 and 4): target names in the
headers, a side panel that folds away, a toolbar that fits or folds into its menu."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
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
