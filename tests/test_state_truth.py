"""What the window says is true the moment it changes (issue 16, item 8): the status
bar's backup age after an import made a copy, an import's refusal not in green,
and an empty ward's scoring page not calling its ranking official."""
from __future__ import annotations

import pytest

from registry_helpers import write_xlsx
from thidua_desktop.gui.backup_status import BackupStatus
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.registry.common import TONES


@pytest.fixture
def window(qtbot, app):
    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    return window


def _units_page(window):
    page = window.show_page("units")
    page.review_import = lambda preview: True
    page.tell = lambda title, text: None
    return page


def test_the_status_bar_shows_the_backup_an_import_made_at_once(qtbot, window, tmp_path):
    status = window.statusBar().findChild(BackupStatus, "backupStatus")
    assert "chưa có bản sao lưu" in status.text()
    page = _units_page(window)
    page.import_units(write_xlsx(tmp_path / "đơn vị.xlsx", [["Tên đơn vị"], ["Tổ dân phố số 15"]]))
    qtbot.waitUntil(lambda: "Đã nhập tệp" in page.units.status.text(), timeout=20_000)
    qtbot.waitUntil(lambda: "chưa có bản sao lưu" not in status.text(), timeout=3_000)
    assert "vừa xong" in status.text() and "#1e6b33" in status.text()


def test_an_import_refused_is_told_in_red_and_a_success_in_green(qtbot, window, tmp_path):
    page = _units_page(window)
    page.import_units(write_xlsx(tmp_path / "lỗi.xlsx", [["Tên đơn vị"], ["Hội A"], ["hội a"]]))
    qtbot.waitUntil(lambda: "chưa nhập gì" in page.units.status.text(), timeout=20_000)
    assert TONES["error"] in page.units.status.styleSheet() and TONES["done"] not in page.units.status.styleSheet()
    page.import_units(write_xlsx(tmp_path / "đúng.xlsx", [["Tên đơn vị"], ["Hội A"]]))
    qtbot.waitUntil(lambda: "Đã nhập tệp" in page.units.status.text(), timeout=20_000)
    assert TONES["done"] in page.units.status.styleSheet()


def test_an_empty_wards_scoring_page_does_not_call_its_ranking_official(qtbot, window):
    page = window.show_page("scoring")
    qtbot.waitUntil(lambda: page.rankings is not None, timeout=20_000)
    text = page.status.text()
    assert "chính thức" not in text and "#1e6b33" not in text
    assert "Chưa có đơn vị nào để xếp hạng" in text
