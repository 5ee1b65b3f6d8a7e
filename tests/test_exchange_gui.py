"""Both sides of the exchange in the window (issue 18, item 4): a ward writes its year to a
.thidua file from the File menu; a city database receives the wards' files, lists them and
writes the consolidated table."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from thidua_desktop.cli import main as cli
from thidua_desktop.gui import exchange as exchange_gui
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app
from thidua_desktop.services.exchange import package


def _action(window, name):
    return next(a for a in window.menuBar().actions()[0].menu().actions() if a.objectName() == f"{name}Action")


def _window(qtbot, path):
    opened = open_app(path, actor="văn thư")
    window = MainWindow(GuiContext(opened, actor="văn thư"))
    qtbot.addWidget(window)
    return window, opened


def _wait(qtbot, told):
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)


def test_a_ward_sends_its_year_and_the_city_receives_it(qtbot, tmp_path, monkeypatch):
    ward_db, city_db = tmp_path / "phuong.db", tmp_path / "thanh-pho.db"
    assert cli(["--db", str(ward_db), "init", "--demo"]) == 0
    assert cli(["--db", str(city_db), "init", "--city", "Thành phố Hải Phòng"]) == 0
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("2026", True))
    out = tmp_path / "bach-dang-2026.thidua"
    monkeypatch.setattr(exchange_gui, "save_path", lambda *a, **k: out)

    window, opened = _window(qtbot, ward_db)
    try:
        _action(window, "export_year").trigger()
        _wait(qtbot, told)
    finally:
        opened.close()
    assert told[0].startswith(f"Đã ghi {out}") and "năm 2026 của Phường Bạch Đằng" in told[0]
    assert package.read(out).year == 2026

    told.clear()
    window, opened = _window(qtbot, city_db)
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(out)], ""))
        dialogs = []
        monkeypatch.setattr(exchange_gui.ReceivedDialog, "exec", lambda self: dialogs.append(self) or 0)
        _action(window, "show_received").trigger()
        dialog = dialogs[0]
        assert "chưa nhận tệp nào" in dialog.heading.text() and not dialog.report_button.isEnabled()
        dialog.receive()
        _wait(qtbot, told)
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "Phường Bạch Đằng"
        report = tmp_path / "tong-hop.xlsx"
        monkeypatch.setattr(exchange_gui, "save_path", lambda *a, **k: report)
        told.clear()
        dialog.write_report()
        _wait(qtbot, told)
        assert report.exists() and "bảng tổng hợp năm 2026 của 1 phường" in told[0]
    finally:
        opened.close()


def test_a_ward_database_says_the_city_side_is_the_city_s(qtbot, tmp_path, monkeypatch):
    ward_db = tmp_path / "phuong.db"
    assert cli(["--db", str(ward_db), "init"]) == 0
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    window, opened = _window(qtbot, ward_db)
    try:
        _action(window, "show_received").trigger()
    finally:
        opened.close()
    assert "Thành phố dùng một cơ sở dữ liệu riêng" in told[0]
