"""The council tab's session actions through ``gui/operations`` (issue 14): the form opens on
the stored session as plain data, a change is one audited transaction, a refused one is shown
once and changes nothing."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_helpers import full_year
from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.awards import dialogs
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.awards import council, decisions


@pytest.fixture
def tab(qtbot, app, year):
    win = MainWindow(GuiContext(app, actor="văn thư"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("awards")
    page.tabs.setCurrentIndex(1)
    return page.council


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A message box left open would hang the test: fail with its text instead."""
    def fail(parent, title, text, *args, **kwargs):
        raise AssertionError(f"{title}: {text}")

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


@pytest.fixture
def year(app):
    return full_year(app.db)


def _input(app, sid):
    with app.db.read() as s:
        return council.session_input(s, sid)


def test_editing_a_session_opens_the_stored_one_and_saves_it(tab, app, year, monkeypatch):
    shown = []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: shown.append((title, str(exc))))

    def edit(dialog):
        assert dialog.number.text() == "01/BB-HĐTĐKT" and dialog.table.rowCount() == 9
        dialog.place.setText("Phòng họp tầng 2")
        return True

    monkeypatch.setattr(dialogs.SessionDialog, "exec", edit)
    # the session rests under a frozen decision: the change is refused, shown once, nothing written
    tab.edit_session()
    assert len(shown) == 1 and "Quyết định số 125/QĐ-UBND" in shown[0][1]
    assert _input(app, year["session"]).place == "Hội trường"
    with app.db.transaction() as s:
        decisions.reopen(s, year["decision"], "Sửa địa điểm họp")
    tab.edit_session()
    assert len(shown) == 1
    assert _input(app, year["session"]).place == "Phòng họp tầng 2"


def test_adding_and_deleting_a_session(tab, app, year, monkeypatch):
    def fill(dialog):
        dialog.number.setText("02/BB-HĐTĐKT")
        for row, name in enumerate(("Nguyễn Văn An", "Trần Thị Bình")):
            dialog.table.item(row, 0).setText(name)
        return True

    monkeypatch.setattr(dialogs.SessionDialog, "exec", fill)
    tab.add_session()
    sid = tab.session_id()
    assert sid != year["session"] and "02/BB-HĐTĐKT" in tab.session.currentText()
    assert _input(app, sid).number == "02/BB-HĐTĐKT"
    tab.delete_session()
    tab.refresh()
    with app.db.read() as s:
        assert [x.id for x in council.session_summaries(s)] == [year["session"]]
