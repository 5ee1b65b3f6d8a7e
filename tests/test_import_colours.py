"""Import errors are red on every page, never green (issue 16, item 8): units and people
(the registry's line), results forms and long tables (the grid's line after reading files
back), nominations and vote sheets (the preview's summary). One colour table: gui/tones.py."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from registry_helpers import write_xlsx
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.import_preview import ImportPreviewDialog
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.tones import TONES
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.awards import council, nomination_import
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services.results import forms as rf
from thidua_desktop.services.results import reporting

RED, GREEN = TONES["error"], TONES["done"]


@pytest.fixture
def demo(demo_copy, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    app = open_app(demo_copy, actor="kiểm thử")
    yield app
    app.close()


@pytest.fixture
def window(qtbot, demo):
    win = MainWindow(GuiContext(demo, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    return win


def colour(label) -> str:
    return label.styleSheet()


@pytest.mark.parametrize("what", ["units", "people"])
def test_a_registry_file_with_errors_is_reported_in_red(window, qtbot, tmp_path, what):
    page = window.show_page("units")
    page.review_import = lambda preview: False
    if what == "units":
        bad = write_xlsx(tmp_path / "đơn vị lỗi.xlsx", [["Tên đơn vị"], ["Hội A"], ["hội a"]])
        page.import_units(bad)
        tab = page.units
    else:
        bad = write_xlsx(tmp_path / "cá nhân lỗi.xlsx", [["Họ và tên", "Đơn vị"], ["Nguyễn Văn A", "Không có đơn vị này"]])
        page.import_people(bad)
        tab = page.people
    qtbot.waitUntil(lambda: "dòng lỗi; chưa nhập gì" in tab.status.text(), timeout=20000)
    assert RED in colour(tab.status) and GREEN not in colour(tab.status)


def _forms(demo, tmp_path):
    """The forms of the units that have not reported, one filled in; a file that is no form."""
    import openpyxl

    with demo.db.read() as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        missing = [u.unit_id for u in reporting.reporting_status(s, campaign, period).not_reported]
        written = rf.write_forms(s, campaign, period, tmp_path / "phiếu", missing[:1])
    [form] = written.files
    wb = openpyxl.load_workbook(form)
    ws = wb[rf.MAIN_SHEET]
    ws[rf.DATE_CELL] = dt.date(2026, 11, 26)
    for row in ws.iter_rows(min_row=rf.HEADER_ROW + 1):  # filled in as in test_results_overview
        code, plan_text = row[rf.COL_CODE - 1].value, str(row[rf.COL_PLAN - 1].value or "")
        if not code:
            continue
        if plan_text == "Có":
            row[rf.COL_VALUE - 1].value = "Có"
        elif code == "5":
            row[rf.COL_VALUE - 1].value, row[rf.COL_SECOND - 1].value = 6, 8
        elif "%" in plan_text:
            row[rf.COL_FIRST - 1].value, row[rf.COL_SECOND - 1].value = 970, 1000
        else:
            row[rf.COL_VALUE - 1].value = 0
    wb.save(form)
    junk = write_xlsx(tmp_path / "phiếu" / "không phải phiếu.xlsx", [["Gì đó"], ["không phải phiếu"]])
    return form, junk


def test_results_read_back_with_a_refused_file_says_so_in_red(window, demo, qtbot, tmp_path):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    qtbot.waitUntil(lambda: entry.model.period_id is not None, timeout=20000)
    form, junk = _forms(demo, tmp_path)
    entry.read_back([form, junk], confirm=lambda readback: True)
    qtbot.waitUntil(lambda: "Đã nhập 1 tệp" in entry.message.text(), timeout=20000)
    assert "Từ chối 1 tệp" in entry.message.text()
    assert RED in colour(entry.message) and GREEN not in colour(entry.message)
    entry.read_back([junk], confirm=lambda readback: True)  # nothing accepted: said in red, not silence
    qtbot.waitUntil(lambda: "Chưa nhập gì; 1 tệp bị từ chối" in entry.message.text(), timeout=20000)
    assert RED in colour(entry.message)


def test_a_clean_results_read_back_stays_green(window, demo, qtbot, tmp_path):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    qtbot.waitUntil(lambda: entry.model.period_id is not None, timeout=20000)
    form, _ = _forms(demo, tmp_path)
    entry.read_back([form], confirm=lambda readback: True)
    qtbot.waitUntil(lambda: "Đã nhập 1 tệp" in entry.message.text(), timeout=20000)
    assert GREEN in colour(entry.message)


def _summary_is_red(qtbot, preview) -> None:
    dialog = ImportPreviewDialog(None, preview, column="Người, tập thể — danh hiệu")
    qtbot.addWidget(dialog.dialog)
    dialog.validate()
    summary = dialog.summary.text()
    assert not dialog.ok.isEnabled() and f"<b style='color:{RED}'>Có " in summary and "chưa nhập được gì" in summary
    errors = [r for r in dialog.shown() if r.outcome.value == "error"]
    rows = dialog.model.rows()
    outcome = next(i for i, c in enumerate(dialog.model.columns) if c.header == "Kết quả")
    assert errors and all(dialog.model.index(rows.index(r), outcome).data(Qt.ItemDataRole.ForegroundRole)
                          .color().name() == RED for r in errors)


def test_nomination_and_vote_files_with_errors_are_previewed_in_red(demo, qtbot, tmp_path):
    nominations_file = write_xlsx(tmp_path / "đề nghị.xlsx", [
        ["Họ và tên / Tên tập thể", "Danh hiệu, hình thức đề nghị", "Đơn vị"],
        ["Người Không Có", "Danh hiệu không có", "Đơn vị không có"]])
    votes_file = write_xlsx(tmp_path / "phiếu.xlsx", [
        ["Họ và tên / Tên tập thể", "Số phiếu đồng ý"], ["Người Không Có", "nhiều"]])
    with demo.db.read() as s:
        nominations_preview = nomination_import.read_import(s, nominations_file)
        votes_preview = council.read_votes(s, votes_file)
    _summary_is_red(qtbot, nominations_preview)
    _summary_is_red(qtbot, votes_preview)
