"""Round 2 of the awards tabs (issues 16 and 17): the vote screen's save button
tells the truth after saving, the council session's disclosure dates, the
decision's disclosure warning in the tab, the achievement report's written
parts, and the nomination form's unit field."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_helpers import full_year, make_ward
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import plan
from thidua_desktop.services.awards import nominations


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A message box left open would hang the test: fail with its text instead."""
    def fail(parent, title, text, *args, **kwargs):
        raise AssertionError(f"{title}: {text}")

    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


@pytest.fixture
def window(qtbot, app):
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def year(app):
    return full_year(app.db)


def test_the_save_button_forgets_the_count_once_saved(window, app, year):
    with app.db.transaction() as s:
        nid = nominations.create(s, plan.current_campaign(s), nominations.NominationInput(
            "person", "CSTDCS", person_id=year["Trần Văn Nam"], summary="Sáng kiến số hóa hồ sơ")).id
    page = window.show_page("awards")
    page.tabs.setCurrentIndex(1)
    tab = page.council
    model = tab.model
    row = next(i for i, r in enumerate(model.rows) if r.nomination.id == nid)
    assert model.setData(model.index(row, 4), "8")
    assert tab.save_button.text() == "Lưu phiếu (1 thay đổi)"
    tab.save_votes()
    assert model.changes() == {}
    assert tab.save_button.text() == "Lưu phiếu"
