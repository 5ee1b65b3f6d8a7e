"""The results pages write through the one GUI path (``gui/operations``, issue 14):
on the demo ward, a target added, a period renamed and a report date recorded
through the page each land in the audit trail with the reason the page gives;
a change that fails leaves the database exactly as it was and shows one
message; and no module of the results GUI holds the database itself."""
from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.results.dialogs import MeasureDialog, PeriodDialog
from thidua_desktop.gui.results.grid import REPORT_COLUMN
from thidua_desktop.services import plan
from thidua_desktop.services.results import grid as rg
from thidua_desktop.storage.models import AuditEntry, Measure, Period, Target, UnitReport

GUI = Path(__file__).resolve().parent.parent / "thidua_desktop" / "gui"
RESULTS_GUI = sorted((GUI / "results").glob("*.py")) + [GUI / "pages" / "targets.py"]


@pytest.fixture
def page(qtbot, demo_ward):
    window = MainWindow(GuiContext(demo_ward, actor="văn thư"))
    qtbot.addWidget(window)
    window.show()
    return window.show_page("targets")


@pytest.fixture
def boxes(monkeypatch):
    """Every message box the page opens, instead of showing it."""
    shown = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text, *a, kind=kind: shown.append((kind, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return shown


def filled(values: dict, text_edits=()):
    """A dialog's ``exec`` that fills the real dialog as a clerk would and presses OK."""
    def run(dialog):
        for field, text in values.items():
            widget = getattr(dialog, field)
            widget.setPlainText(text) if field in text_edits else widget.setText(text)
        return True
    return run


def audit(app, entity: str, entity_id: int) -> list[AuditEntry]:
    with app.db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)))


def test_results_gui_never_holds_the_database():
    """No module of the results pages imports ``storage`` or ``sqlalchemy`` or opens ``ctx.db`` itself."""
    offenders = []
    for path in RESULTS_GUI:
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: import {n}" for n in names
                          if n.split(".")[0] == "sqlalchemy" or "storage" in n.split(".")]
            if isinstance(node, ast.Attribute) and node.attr == "db" and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "ctx":
                offenders.append(f"{path.name}:{node.lineno}: ctx.db")
    assert offenders == []


def test_a_target_added_on_the_page_is_audited_with_its_reason(qtbot, page, demo_ward, boxes, monkeypatch):
    tab = page.targets
    page.tabs.setCurrentWidget(tab)
    before = tab.model.rowCount()
    monkeypatch.setattr(MeasureDialog, "exec", filled(
        {"target_code": "99", "target_text": "Xây dựng 2 điểm sinh hoạt văn hóa cộng đồng", "label": "Tỷ lệ điểm sinh hoạt đạt chuẩn",
         "planned": "90"}, text_edits=("target_text",)))
    tab.add_target()
    assert boxes == []
    assert tab.model.rowCount() == before + 1
    with demo_ward.db.read() as s:
        target = s.scalar(select(Target).where(Target.code == "99"))
        assert target is not None and target.text == "Xây dựng 2 điểm sinh hoạt văn hóa cộng đồng"
        target_id = target.id
    entries = audit(demo_ward, "target", target_id)
    assert [(e.action, e.reason, e.actor) for e in entries] == [("insert", "Thêm chỉ tiêu (99)", "văn thư")]


def test_a_period_renamed_on_the_page_is_audited_with_its_reason(qtbot, page, demo_ward, boxes, monkeypatch):
    entry = page.entry
    page.tabs.setCurrentWidget(entry)
    monkeypatch.setattr(PeriodDialog, "exec", filled({"code": "qt3", "name": "Quý III năm 2026",
                                                      "start": "01/07/2026", "end": "30/09/2026"}))
    entry.add_period()
    with demo_ward.db.read() as s:
        period_id = s.scalar(select(Period.id).where(Period.code == "qt3"))
    entry.select(period_id=period_id)
    monkeypatch.setattr(PeriodDialog, "exec", filled({"name": "Sơ kết quý III năm 2026", "deadline": "05/10/2026"}))
    entry.edit_period()
    assert boxes == []
    assert entry.period_combo.currentText() == "Sơ kết quý III năm 2026"
    updates = [e for e in audit(demo_ward, "period", period_id) if e.action == "update"]
    assert len(updates) == 1 and updates[0].reason == "Sửa kỳ báo cáo Quý III năm 2026"
    assert updates[0].changes["name"] == ["Quý III năm 2026", "Sơ kết quý III năm 2026"]


def test_a_report_date_recorded_on_the_page_is_audited_with_its_reason(qtbot, page, demo_ward, boxes):
    entry = page.entry
    page.tabs.setCurrentWidget(entry)
    entry.select(period_id=entry.period_combo.itemData(0), view_key=rg.WARD_VIEW)
    model = entry.model
    r = next(i for i, row in enumerate(model.grid.rows) if row.kind == rg.UNIT and row.reported_on is None)
    row = model.grid.rows[r]
    entry.view.setCurrentIndex(model.index(r, REPORT_COLUMN))
    day = dt.date.today() - dt.timedelta(days=3)
    entry.report_date.setDate(QDate(day.year, day.month, day.day))
    entry.set_reported(True)
    assert boxes == []
    with demo_ward.db.read() as s:
        report = s.scalar(select(UnitReport).where(UnitReport.unit_id == row.unit_id,
                                                   UnitReport.period_id == model.period_id))
        assert report.reported_on == day and report.source == "manual"
        report_id = report.id
    assert [e.reason for e in audit(demo_ward, "unit_report", report_id)] == [f"Ghi nhận báo cáo của {row.label}"]
    assert model.grid.rows[r].reported_on == day  # the grid shows it at once


def _snapshot(app) -> tuple:
    with app.db.read() as s:
        return (s.scalar(select(func.count(AuditEntry.id))),
                [(t.code, t.text) for t in plan.current_campaign(s).targets],
                [(m.code, m.label, m.kind, m.planned_value) for m in s.scalars(select(Measure).order_by(Measure.id))])


def test_a_failing_change_leaves_the_database_as_it_was_and_shows_one_message(qtbot, page, demo_ward, boxes,
                                                                              monkeypatch):
    """The measure dialog's OK writes the target's text, then the measure: when the measure is
    refused, the text written just before goes too (one transaction), and the clerk sees one warning."""
    tab = page.targets
    page.tabs.setCurrentWidget(tab)
    tab.view.setCurrentIndex(tab.proxy.index(0, 0))
    row = tab.proxy.row_at(tab.view.currentIndex())
    before = _snapshot(demo_ward)

    def bad_measure(dialog):
        dialog.target_text.setPlainText("Nội dung mới sẽ không được lưu")
        monkeypatch.setattr(dialog, "values", lambda: {"label": "", "kind": "không có loại này"})
        return True

    monkeypatch.setattr(MeasureDialog, "exec", bad_measure)
    tab.edit_selected()
    assert len(boxes) == 1 and boxes[0][0] == "warning"
    assert _snapshot(demo_ward) == before
    assert tab.proxy.row_at(tab.view.currentIndex()).target_text == row.target_text


def test_a_refused_period_name_shows_one_message_and_writes_nothing(qtbot, page, demo_ward, boxes, monkeypatch):
    entry = page.entry
    page.tabs.setCurrentWidget(entry)
    with demo_ward.db.read() as s:
        main = next(p for p in plan.current_campaign(s).periods if p.is_main)
        main_name = main.name
    monkeypatch.setattr(PeriodDialog, "exec", filled({"code": "qt4", "name": "Quý IV năm 2026"}))
    entry.add_period()
    with demo_ward.db.read() as s:
        period_id = s.scalar(select(Period.id).where(Period.code == "qt4"))
    entry.select(period_id=period_id)
    count = _snapshot(demo_ward)
    # The dialog would refuse the name; the service refuses it again (another window may have taken it).
    monkeypatch.setattr(PeriodDialog, "check", lambda dialog: [])
    monkeypatch.setattr(PeriodDialog, "exec", filled({"name": main_name}))
    entry.edit_period()
    assert boxes == [("warning", f"Đã có kỳ “{main_name}”.")]
    assert _snapshot(demo_ward) == count
    with demo_ward.db.read() as s:
        assert s.get(Period, period_id).name == "Quý IV năm 2026"


def test_a_cell_typed_into_a_period_removed_elsewhere_is_refused_plainly(qtbot, page, demo_ward, boxes,
                                                                          monkeypatch):
    """Another window deleted the period the grid shows: the typed value is refused with one
    plain message (not "lỗi không mong muốn"), and nothing is written."""
    from thidua_desktop.services.results import periods

    entry = page.entry
    page.tabs.setCurrentWidget(entry)
    monkeypatch.setattr(PeriodDialog, "exec", filled({"code": "dcd", "name": "Đợt cao điểm tháng 5"}))
    entry.add_period()
    period_id = entry.model.period_id
    entry.select(view_key=rg.WARD_VIEW)
    model = entry.model
    c = next(c for c in range(len(model.grid.columns)) if model.grid.cell(0, c).editable)
    periods.remove(demo_ward.db, period_id)  # the other window
    before = _snapshot(demo_ward)
    assert not model.setData(model.index(0, c + 1), "5")
    assert boxes == [("warning", "Không tìm thấy kỳ báo cáo (có thể vừa bị xóa).")]
    assert _snapshot(demo_ward) == before
