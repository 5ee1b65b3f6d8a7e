"""Round 2 of the awards tabs (issues 16 and 17): the vote screen's save button
tells the truth after saving, the council session's disclosure dates, the
decision's disclosure warning in the tab, the achievement report's written
parts, and the nomination form's unit field."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
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


@pytest.fixture
def ward(app):
    ids = make_ward(app.db)
    from thidua_desktop.storage.models import Unit
    from thidua_desktop.domain.text import unique_key

    with app.db.transaction() as s:
        s.add(Unit(name="Tổ dân phố số 15", name_key=unique_key("Tổ dân phố số 15"), kind="to_dan_pho"))
    return ids


def _new_nomination_dialog(window):
    from thidua_desktop.gui.awards import dialogs

    tab = window.show_page("awards").nominations
    return dialogs.NominationDialog(tab, tab._choices())


def test_the_unit_field_finds_accent_free_typing_and_starts_empty(window, app, ward, qtbot):
    dialog = _new_nomination_dialog(window)
    dialog.subject.setCurrentIndex(dialog.subject.findData("unit"))
    # nothing is chosen for the clerk: saving needs a unit picked on purpose
    assert dialog.unit.currentText() == "" and dialog.person.currentText() == ""
    assert "Chọn tập thể trong danh sách đơn vị." in dialog.validate()
    completer = dialog.unit.completer()
    dialog.dialog.show()

    def offered(typed):
        dialog.unit.lineEdit().clear()
        qtbot.keyClicks(dialog.unit.lineEdit(), typed)
        popup = completer.popup()
        return [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())] \
            if popup.isVisible() else []

    assert offered("TRUONG mam non") == ["Trường Mầm non Hoa Sen"]  # the name as written, not folded
    assert offered("pho 15") == ["Tổ dân phố số 15"]  # every word anywhere, as the search boxes
    assert offered("so 15") == ["Tổ dân phố số 15"]
    popup = completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.unit.currentText() == "Tổ dân phố số 15"
    assert dialog.data().unit_id == dialog.unit.itemData(dialog.unit.findText("Tổ dân phố số 15"))


def test_the_detail_line_has_no_empty_parts(window, app, ward):
    with app.db.transaction() as s:
        c = plan.current_campaign(s)
        for data in (nominations.NominationInput("unit", "GK", unit_id=ward["Tổ dân phố số 1"],
                                                 proposing_unit_id=ward["Tổ dân phố số 1"], summary="Dẫn đầu"),
                     nominations.NominationInput("unit", "GK", unit_id=ward["Tổ dân phố số 2"], summary="Tốt")):
            nominations.create(s, c, data)
    tab = window.show_page("awards").nominations
    lines = []
    for row in range(tab.proxy.rowCount()):
        tab.view.selectRow(row)
        lines.append(tab.detail.toPlainText().splitlines()[1])
    assert sorted(lines) == ["Tập thể; đơn vị đề nghị: Tổ dân phố số 1", "Tập thể; đơn vị đề nghị: Tổ dân phố số 2"]


def _posting(app, sid):
    from thidua_desktop.services.awards import disclosure

    with app.db.read() as s:
        return disclosure.posting(s, sid)


def test_the_session_disclosure_dates_are_recorded_and_warned_in_the_tab(window, app, year, monkeypatch):
    from thidua_desktop.gui.awards import council_tab, dialogs

    page = window.show_page("awards")
    page.tabs.setCurrentIndex(1)
    tab = page.council
    shown = tab.disclosure.text()
    assert "Chưa ghi ngày công khai kết quả" in shown and "Ngày công khai…" in shown
    assert "thidua disclosure set" not in shown  # the window names its button, not a command line

    def enter(posted, until):
        def exec_(dialog):
            assert dialog.posted.date().toPython() == dt.date(2026, 12, 18)  # the day of the session at first
            dialog.posted.setDate(posted)
            dialog.until.setDate(until)
            problems = dialog.validate()
            return not problems and dialog.ok.isEnabled()
        return exec_

    monkeypatch.setattr(dialogs.DisclosureDialog, "exec", enter(dt.date(2026, 12, 21), dt.date(2026, 12, 19)))
    tab.edit_disclosure()  # the last day before the posting: refused in the form, nothing written
    assert not _posting(app, year["session"]).recorded
    monkeypatch.setattr(dialogs.DisclosureDialog, "exec", enter(dt.date(2026, 12, 19), dt.date(2026, 12, 23)))
    tab.edit_disclosure()
    assert (_posting(app, year["session"]).posted_on, _posting(app, year["session"]).comments_until) == (
        dt.date(2026, 12, 19), dt.date(2026, 12, 23))
    page.activate()
    shown = tab.disclosure.text()
    assert "từ ngày 19/12/2026 đến hết ngày 23/12/2026" in shown
    assert "ký ngày 22/12/2026, khi chưa hết thời gian công khai" in shown  # the decision signed too early

    def clear(dialog):
        dialog.posted_check.setChecked(False)
        return not dialog.validate()

    monkeypatch.setattr(dialogs.DisclosureDialog, "exec", clear)
    tab.edit_disclosure()
    page.activate()
    assert not _posting(app, year["session"]).recorded
    assert "Chưa ghi ngày công khai kết quả" in tab.disclosure.text()
    assert council_tab.RECORD_HINT in tab.disclosure.text()


def test_a_decision_signed_before_the_comments_ended_is_warned_in_the_tab(window, app, year, monkeypatch, qtbot):
    from thidua_desktop.gui.awards import decisions_tab, dialogs
    from thidua_desktop.services.awards import decisions, disclosure

    with app.db.transaction() as s:
        disclosure.set_posting(s, year["session"], dt.date(2026, 12, 19), dt.date(2026, 12, 23))
        decisions.reopen(s, year["decision"], "Sửa ngày ký cho đúng")
    page = window.show_page("awards")
    page.tabs.setCurrentIndex(2)
    tab = page.decisions

    def signed(day):
        def exec_(dialog):
            dialog.date.setDate(day)
            return not dialog.validate()
        return exec_

    def refreeze(day):
        monkeypatch.setattr(dialogs.DecisionDialog, "exec", signed(day))
        tab.refreeze()
        qtbot.waitUntil(lambda: tab.current() is not None and tab.current().frozen, timeout=30_000)

    refreeze(dt.date(2026, 12, 22))
    assert tab.warnings.isVisible()  # in the tab itself, not a message box gone with a click
    assert "ký ngày 22/12/2026, khi chưa hết thời gian công khai lấy ý kiến" in tab.warnings.text()
    assert "từ ngày 19/12/2026 đến hết ngày 23/12/2026" in tab.warnings.text()
    monkeypatch.setattr(decisions_tab, "ask_reason", lambda *a, **k: "Ký lại sau thời gian công khai")
    tab.reopen()
    page.activate()
    refreeze(dt.date(2026, 12, 24))
    assert not tab.warnings.isVisible() and tab.warnings.text() == ""


def test_the_achievement_report_parts_are_written_in_the_tab(window, app, year, monkeypatch):
    from sqlalchemy import select

    from thidua_desktop.gui.awards import dialogs
    from thidua_desktop.services.awards import achievements
    from thidua_desktop.storage.models import AuditEntry

    tab = window.show_page("awards").nominations
    row = next(i for i in range(tab.proxy.rowCount())
               if tab.proxy.row_at(tab.proxy.index(i, 0)).name == "Tổ dân phố số 1")
    tab.view.selectRow(row)
    nid = tab.current().id
    assert tab.report_button.isEnabled()
    seen = {}

    def write(dialog):
        seen["parts"] = list(dialog.edits)
        dialog.edits["dac_diem"].setPlainText("Tổ dân phố có 420 hộ,  1.650 nhân khẩu.\n\n")
        dialog.edits["thanh_tich"].setPlainText("x" * 20_001)
        assert not dialog.ok.isEnabled() and "quá 20000 ký tự" in dialog.problems.text()
        dialog.edits["thanh_tich"].setPlainText("Dẫn đầu phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”.")
        return not dialog.validate()

    monkeypatch.setattr(dialogs.AchievementDialog, "exec", write)
    tab.write_report()
    assert seen["parts"] == ["dac_diem", "thanh_tich"]  # a collective's parts, in the form's order
    with app.db.read() as s:
        assert achievements.texts(s, nid) == {
            "dac_diem": "Tổ dân phố có 420 hộ, 1.650 nhân khẩu.",
            "thanh_tich": "Dẫn đầu phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”."}
        reasons = s.scalars(select(AuditEntry.reason).where(AuditEntry.reason.like("Báo cáo thành tích%"))).all()
    assert reasons and set(reasons) == {"Báo cáo thành tích của Tổ dân phố số 1 (Giấy khen)"}

    def reopen_and_clear(dialog):
        assert dialog.edits["dac_diem"].toPlainText() == "Tổ dân phố có 420 hộ, 1.650 nhân khẩu."  # kept text
        dialog.edits["dac_diem"].setPlainText("")
        assert "Còn trống: Sơ lược đặc điểm" in dialog.hints.text()
        return not dialog.validate()

    monkeypatch.setattr(dialogs.AchievementDialog, "exec", reopen_and_clear)
    tab.write_report()
    with app.db.read() as s:
        assert list(achievements.texts(s, nid)) == ["thanh_tich"]
