"""Two clerks editing the same nomination (issue 18, item 5): the later save from the
nominations tab is refused with who changed it and when, and the tab shows the stored value."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from awards_helpers import make_ward
from thidua_desktop.gui.awards import dialogs, nominations_tab
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.awards import nominations


def rows_of(tab):
    return [tab.proxy.row_at(tab.proxy.index(r, 0)) for r in range(tab.proxy.rowCount())]


@pytest.fixture
def tab(qtbot, app, monkeypatch):
    make_ward(app.db)
    with app.db.transaction(reason="Đề nghị thử") as s:
        nominations.save(s, nominations.NominationInput("household", "GK", household_name="Hộ ông Trần Văn Bảy",
                                                        household_address="Số 21 ngõ 3", summary="Hiến đất"))
    window = MainWindow(GuiContext(app, actor="văn thư A"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("awards")
    page.activate()
    qtbot.waitUntil(lambda: page.nominations.proxy.rowCount() > 0, timeout=10_000)
    return page.nominations


def _edit_summary(monkeypatch, text):
    class Filled(dialogs.NominationDialog):
        def exec(self):
            self.summary.setPlainText(text)
            problems = self.validate()
            assert not problems, problems
            return True

    monkeypatch.setattr(nominations_tab, "NominationDialog", Filled)


def _save_as_b(app, nomination_id, summary):
    with app.db.transaction(actor="văn thư B", reason="Sửa của văn thư B") as s:
        row = nominations.get(s, nomination_id)
        row.summary = summary


def test_the_later_edit_is_refused_and_the_tab_shows_the_other_clerk_s_text(tab, app, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    editable = [i for i, r in enumerate(rows_of(tab)) if r.active and not r.decision_frozen]
    tab.view.selectRow(editable[0])
    shown = tab.current()
    assert tab.edit_button.isEnabled()
    _save_as_b(app, shown.id, "Tóm tắt của văn thư B")  # while A's screen still shows the old row
    _edit_summary(monkeypatch, "Tóm tắt của văn thư A")
    tab.edit()
    assert len(told) == 1 and "văn thư B" in told[0] and "chưa được lưu để không ghi đè" in told[0]
    now = next(r for r in rows_of(tab) if r.id == shown.id)
    assert now.summary == "Tóm tắt của văn thư B"
    tab.view.selectRow(rows_of(tab).index(now))
    tab.edit()  # edited again over what the tab now shows: saved
    assert len(told) == 1
    assert next(r for r in rows_of(tab) if r.id == shown.id).summary == "Tóm tắt của văn thư A"
