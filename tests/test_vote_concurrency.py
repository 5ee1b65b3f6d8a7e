"""Two clerks entering the same nominee's votes (issue 18, item 5): the later save from the
council tab is refused with who entered what and when; nothing of it is written."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from awards_helpers import full_year
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import plan
from thidua_desktop.services.awards import council, nominations


def test_a_count_entered_meanwhile_by_another_clerk_is_not_overwritten(qtbot, app, monkeypatch):
    year = full_year(app.db)
    with app.db.transaction() as s:
        nid = nominations.create(s, plan.current_campaign(s), nominations.NominationInput(
            "person", "CSTDCS", person_id=year["Trần Văn Nam"], summary="Sáng kiến số hóa hồ sơ")).id
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    window = MainWindow(GuiContext(app, actor="văn thư A"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("awards")
    page.tabs.setCurrentIndex(1)
    tab = page.council
    model = tab.model
    row = next(i for i, r in enumerate(model.rows) if r.nomination.id == nid)
    assert model.rows[row].agree is None  # A's screen: no count yet
    sid = tab.session_id()
    with app.db.transaction(actor="văn thư B", reason="Nhập phiếu") as s:  # B enters it first
        council.set_votes(s, sid, {nid: 6})
    assert model.setData(model.index(row, 4), "8")
    tab.save_votes()
    assert len(told) == 1 and "văn thư B" in told[0] and "chưa được lưu để không ghi đè" in told[0]
    with app.db.read() as s:
        assert council.vote_entry(s, sid).lines[[line.nomination.id for line in
                                                 council.vote_entry(s, sid).lines].index(nid)].agree == 6
