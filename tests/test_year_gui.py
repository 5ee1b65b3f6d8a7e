"""Tệp › Kết thúc năm…, Mở lại năm…, Mở năm mới… in the window (issue 18, item 1)."""
from __future__ import annotations


import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from thidua_desktop.gui import years as year_gui
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.paths import resource
from thidua_desktop.services import years
from thidua_desktop.services.app import open_app



@pytest.fixture
def window(qtbot, demo_copy):
    opened = open_app(demo_copy, actor="văn thư")
    win = MainWindow(GuiContext(opened, actor="văn thư"))
    qtbot.addWidget(win)
    yield win
    opened.close()


def _action(window, name):
    return next(a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == f"{name}Action")


def _years(window):
    with window.ctx.db.read() as s:
        return {r.year: r for r in years.list_years(s)}


def test_closing_an_unfinished_year_asks_the_reason_backs_up_and_shows_it_closed(qtbot, window, monkeypatch):
    seen = {}

    def answer(dialog):
        seen["gaps"] = dialog.findChild(object, "gapsLabel").text()
        seen["ok_before"] = dialog.ok.isEnabled()
        dialog.reason.setText("Hết năm, ba đơn vị không gửi báo cáo")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(year_gui.CloseYearDialog, "exec", answer)
    backups = window.ctx.db.path.parent / "backups"
    before = set(backups.glob("*")) if backups.exists() else set()
    _action(window, "close_year").trigger()
    assert "chưa báo cáo kết quả Cả năm 2026" in seen["gaps"] and seen["ok_before"] is False
    assert _years(window)[2026].closed
    assert set(backups.glob("*")) - before  # a backup was made first
    status = window.findChild(year_gui.YearStatus)
    assert status.isVisibleTo(window) and status.text() == "Năm 2026 đã kết thúc — chỉ xem, in"


def test_reopening_needs_a_reason_and_opening_a_year_carries_the_blocks(qtbot, window, monkeypatch, tmp_path):
    with window.ctx.db.transaction() as s:
        years.close_year(s, 2026, despite="kiểm thử")
    window.ctx.changed("*")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("2026", True))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    _action(window, "reopen_year").trigger()
    assert warnings and "phải ghi lý do" in warnings[0] and _years(window)[2026].closed
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Bổ sung kết quả", True))
    _action(window, "reopen_year").trigger()
    assert not _years(window)[2026].closed
    assert not window.findChild(year_gui.YearStatus).isVisibleTo(window)

    plan = tmp_path / "ke-hoach-2027.toml"
    plan.write_text(resource("plans", "2026-phuong-bach-dang.toml").read_text(encoding="utf-8")
                    .replace("2026", "2027").replace("2025", "2026"), encoding="utf-8")
    told = []
    monkeypatch.setattr(year_gui, "open_path", lambda *a, **k: plan)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    _action(window, "open_year").trigger()
    assert "Chuyển sang năm mới 5 khối thi đua của năm trước" in asked[0] and "• Khối trường học" in asked[0]
    assert told and told[0].startswith("Đã mở năm 2027: chuyển sang 5 khối thi đua")
    assert _years(window)[2027].current
