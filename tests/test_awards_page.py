"""The awards page: nominations with findings, accepting warnings, votes, decisions, lists."""
from __future__ import annotations


import openpyxl
import pytest
from PySide6.QtCore import Qt

from awards_helpers import full_year, make_ward
from thidua_desktop.gui.awards import decisions_tab, dialogs, nominations_tab
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.import_preview import ImportPreviewDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.awards import decisions, nominations
from thidua_desktop.services import plan


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    """A message box left open would hang the test: fail with its text instead."""
    from PySide6.QtWidgets import QMessageBox

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
def ward(app):
    return make_ward(app.db)


def rows_of(tab):
    return [tab.proxy.row_at(tab.proxy.index(r, 0)) for r in range(tab.proxy.rowCount())]


def test_nominations_with_findings_filters_and_acceptance(window, app, ward, monkeypatch):
    with app.db.transaction() as s:
        c = plan.current_campaign(s)
        for name in ("Nguyễn Thị Hoa", "Phạm Văn Long", "Ngô Văn Hải"):
            nominations.create(s, c, nominations.NominationInput("person", "LDTT", person_id=ward[name],
                                                                 summary="Hoàn thành tốt"))
    page = window.show_page("awards")
    tab = page.nominations
    assert tab.proxy.rowCount() == 3 and "3 đề nghị (3 cá nhân)" in tab.count.text()
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("blocked"))
    [long] = rows_of(tab)
    tab.view.selectRow(0)
    assert long.name == "Phạm Văn Long"
    detail = tab.detail.toPlainText()
    assert "Không đủ điều kiện" in detail and "hoàn thành tốt nhiệm vụ trở lên" in detail  # the rule quoted
    assert not tab.accept_button.isEnabled()
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("warn"))
    tab.view.selectRow(0)
    assert tab.accept_button.isEnabled()
    monkeypatch.setattr(nominations_tab, "ask_reason", lambda *a, **k: "Bảo vệ hợp đồng, không thuộc diện xếp loại")
    tab.accept_warnings()
    page.activate()
    tab.state_filter.setCurrentIndex(0)
    hai = next(r for r in rows_of(tab) if r.name == "Ngô Văn Hải")
    assert hai.verdict.value == "overridden" and hai.override_reason.startswith("Bảo vệ")


def test_adding_a_nomination_through_the_dialog(window, app, ward, monkeypatch):
    class Filled(dialogs.NominationDialog):
        def exec(self):
            self.subject.setCurrentIndex(self.subject.findData("household"))
            self.title.setCurrentIndex(self.title.findData("GK"))
            self.household.setText("Hộ ông Trần Văn Bảy")
            self.address.setText("Số 21 ngõ 3 Bạch Đằng")
            self.proposing.setCurrentIndex(self.proposing.findText("Tổ dân phố số 1"))
            self.summary.setPlainText("Hiến 20 m² đất làm đường")
            return not self.validate()

    monkeypatch.setattr(nominations_tab, "NominationDialog", Filled)
    page = window.show_page("awards")
    page.nominations.add()
    page.activate()
    [row] = rows_of(page.nominations)
    assert (row.subject, row.name, row.proposing_unit, row.verdict.value) == (
        "household", "Hộ ông Trần Văn Bảy", "Tổ dân phố số 1", "ok")


def test_import_from_the_page(window, app, ward, tmp_path, monkeypatch, qtbot):
    path = tmp_path / "ds.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Họ và tên", "Đơn vị", "Danh hiệu", "Tóm tắt thành tích"])
    wb.active.append(["Trần Văn Nam", "Trường THCS Bạch Đằng", "LĐTT", "Giỏi"])
    wb.save(path)
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: self.ok.isEnabled())
    page = window.show_page("awards")
    from thidua_desktop.services.awards import nomination_import

    page.nominations._preview_done(nomination_import.preview_import(app.db, path))
    qtbot.waitUntil(lambda: page.nominations.proxy.rowCount() == 1 or (page.activate() or False), timeout=10000)
    assert rows_of(page.nominations)[0].name == "Trần Văn Nam"


@pytest.fixture
def year(app):
    return full_year(app.db)


def test_vote_entry_in_the_council_tab(window, app, year, monkeypatch):
    with app.db.transaction() as s:
        c = plan.current_campaign(s)
        n = nominations.create(s, c, nominations.NominationInput("person", "CSTDCS", person_id=year["Trần Văn Nam"],
                                                                  summary="Sáng kiến số hóa hồ sơ"))
        nid = n.id
    page = window.show_page("awards")
    page.tabs.setCurrentIndex(1)
    tab = page.council
    assert "9 thành viên: 7 có mặt, 1 gửi ý kiến bằng văn bản, 1 vắng" in tab.summary.text()
    model = tab.model
    row = next(i for i, r in enumerate(model.rows) if r.nomination.id == nid)
    assert model.data(model.index(row, 3)) == "8"  # 80% of 9 members
    locked = next(i for i, r in enumerate(model.rows) if r.locked)
    assert not (model.flags(model.index(locked, 4)) & Qt.ItemFlag.ItemIsEditable)
    assert model.setData(model.index(row, 4), "7")
    assert "không đạt" in model.data(model.index(row, 5))
    assert "1 thay đổi" in tab.save_button.text()
    tab.save_votes()
    with app.db.read() as s:
        r = next(x for x in nominations.rows(s, plan.current_campaign(s)) if x.id == nid)
    assert r.vote.agree == 7 and r.passed is False


def test_decision_reopen_and_lists(window, app, year, monkeypatch, tmp_path, qtbot):
    page = window.show_page("awards")
    page.tabs.setCurrentIndex(2)
    tab = page.decisions
    assert tab.decision_model.rowCount() == 1
    detail = tab.detail.toPlainText()
    assert "Danh sách đã khóa" in detail and "Lương cơ sở áp dụng: 2.340.000 đồng" in detail
    assert "Tổng tiền thưởng" in detail and "đồng)" in detail
    tab.lists.save_pdf(tmp_path / "khen thưởng.pdf")
    with qtbot.waitSignal(tab.lists.operation.finished, timeout=30000) as done:
        pass
    assert done.args == [True]
    tab.lists.save_xlsx(tmp_path / "khen thưởng.xlsx")
    with qtbot.waitSignal(tab.lists.operation.finished, timeout=30000):
        pass
    assert (tmp_path / "khen thưởng.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "khen thưởng.xlsx").stat().st_size > 4000
    monkeypatch.setattr(decisions_tab, "ask_reason", lambda *a, **k: "Sai năm sinh của một người, cần sửa")
    tab.reopen()
    page.activate()
    assert "Đang mở" in tab.detail.toPlainText() and "Sai năm sinh" in tab.detail.toPlainText()
    assert tab.refreeze_button.isEnabled() and not tab.reopen_button.isEnabled()
    with app.db.read() as s:
        d = decisions.get(s, year["decision"])
        assert not d.frozen and d.reopen_log[0]["reason"] == "Sai năm sinh của một người, cần sửa"


def test_print_preview_renders_through_qt(window, app, year, monkeypatch):
    """The preview dialog's paint request draws the list on a QPrinter."""
    from PySide6.QtPrintSupport import QPrinter

    drawn = {}

    def fake_preview(parent, title, draw, landscape=True):
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(app.db.path.parent / "preview.pdf"))
        draw(printer)
        drawn["title"] = title

    monkeypatch.setattr("thidua_desktop.gui.awards.printing.print_preview", fake_preview)
    page = window.show_page("awards")
    page.nominations.lists.preview()
    assert drawn["title"] == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert (app.db.path.parent / "preview.pdf").stat().st_size > 1000
