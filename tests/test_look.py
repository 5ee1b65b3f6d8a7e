"""The look (issue 16, item 11): one shipped icon set and no Qt stock icon, the same
icon for the same verb on every page, a stylesheet loaded once, empty lists that say
what to do next, and room for a toolbar button's menu arrow (item 1)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableView, QTabWidget, QToolButton

from thidua_desktop.gui import icons, style
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.empty import NO_MATCH
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import PAGES
from thidua_desktop.paths import resource
from thidua_desktop.services.app import open_app

GUI = Path(__file__).resolve().parents[1] / "thidua_desktop" / "gui"


def _gui_sources() -> list[Path]:
    return sorted(GUI.rglob("*.py"))


def test_no_qt_stock_icon_remains_in_the_gui():
    found = []
    for path in _gui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
            if name == "standardIcon" or name == "StandardPixmap" or re.fullmatch(r"SP_\w+", name):
                found.append(f"{path.relative_to(GUI)}:{node.lineno} {name}")
    assert found == []


def _icon_names_used() -> set[str]:
    """Every literal ``icon("…")`` / ``icons.icon("…")`` in the GUI, the pages' icons and the verbs'."""
    names = {entry.icon for entry in PAGES} | set(icons.VERBS.values()) | {"search"}
    for path in _gui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == "icon" and isinstance(node.args[0].value, str):
                    names.add(node.args[0].value)
    return names


def test_every_icon_used_is_a_shipped_svg_that_draws(qapp):
    used = _icon_names_used()
    assert used <= set(icons.FILES), used - set(icons.FILES)
    for name in sorted(set(icons.FILES)):
        path = resource("icons", f"{icons.FILES[name]}.svg")
        assert path.is_file(), path
        for size in (16, 22, 32):
            pixmap = icons.icon(name).pixmap(size, size)
            assert not pixmap.isNull(), (name, size)
            assert pixmap.toImage().pixelColor(size // 2, size // 2).isValid()
    assert icons.icon("save") is icons.icon("save")  # cached: one QIcon per picture
    assert resource("icons", "LICENSE-tabler.txt").is_file()
    shipped = {p.stem for p in resource("icons").glob("*.svg")} - {"thidua"}
    assert shipped == set(icons.FILES.values())  # only what is used is shipped


@pytest.mark.parametrize("text, name", [
    ("Thêm đơn vị…", "add"), ("Sửa…", "edit"), ("Xóa", "delete"), ("Xóa phiên họp", "delete"),
    ("Lưu phiếu (1 thay đổi)", "save"), ("Lưu PDF…", "save"), ("Lưu phiếu bầu PDF…", "save"), ("&Lưu", "save"),
    ("Nhập từ Excel…", "import"), ("Xuất Excel…", "export"), ("In…", "print"), ("In mã…", "print"),
    ("Xem trước, in danh sách…", "preview"), ("Sao lưu ngay", "backup"), ("Phục hồi bản đã chọn…", "restore"),
    ("Hoàn tác", "undo"), ("Làm lại", "redo"), ("Kỳ báo cáo", "period"),
    ("Mở khóa (ghi lý do)…", "unlock"), ("Rút đề nghị…", None), ("Inbox", None), ("", None),
])
def test_a_button_text_names_its_verb_icon(text, name):
    assert icons.name_for(text) == name


@pytest.fixture
def empty_window(qtbot, app):
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    return win


@pytest.fixture
def demo_window(qtbot, demo_copy):
    opened = open_app(demo_copy, actor="kiểm thử")
    win = MainWindow(GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    yield win
    win.close()
    opened.close()


def _visit_every_tab(window) -> None:
    for page_id in window.page_ids():
        page = window.show_page(page_id)
        for tabs in page.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()


def test_the_same_verb_has_the_same_icon_on_every_page(demo_window):
    _visit_every_tab(demo_window)
    dressed = 0
    for page in demo_window.pages.values():
        for button in page.findChildren(QPushButton) + page.findChildren(QToolButton):
            name = icons.name_for(button.text())
            if name:
                assert button.icon().cacheKey() == icons.icon(name).cacheKey(), button.text()
                dressed += 1
    assert dressed >= 40
    for row, entry in enumerate(PAGES):
        assert demo_window.nav.item(row).icon().cacheKey() == icons.icon(entry.icon).cacheKey()


def _hint(view) -> str:
    hint = view.viewport().findChild(QLabel, "emptyHint")
    assert hint is not None, view.objectName()
    return hint.text() if not hint.isHidden() else ""


def _said(qtbot, view) -> str:
    """The hint once the view's page has loaded (some pages load in the background)."""
    qtbot.waitUntil(lambda: bool(_hint(view)), timeout=15_000)
    return _hint(view)


def test_the_grid_says_what_is_missing():
    from thidua_desktop.gui.results.entry import empty_grid_text
    from thidua_desktop.services.results import grid as rg

    column = rg.GridColumn.__new__(rg.GridColumn)  # only its presence counts here
    ward = rg.GridRow(rg.WARD, None, "Toàn phường")
    unit = rg.GridRow(rg.UNIT, 7, "Tổ dân phố số 1")
    assert empty_grid_text(None) == ""
    assert empty_grid_text(rg.Grid(1, rg.WARD_VIEW, [ward, unit], [])).startswith("Bảng này chưa có chỉ tiêu nào.")
    assert empty_grid_text(rg.Grid(1, rg.WARD_VIEW, [ward], [column])).startswith(
        "Chưa có đơn vị nào được giao chỉ tiêu.")
    assert empty_grid_text(rg.Grid(1, rg.WARD_VIEW, [ward, unit], [column])) == ""


def test_empty_lists_say_what_to_do_next(qtbot, empty_window):
    units = empty_window.show_page("units")
    tabs = units.findChild(QTabWidget)
    texts = []
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        texts.append(_said(qtbot, tabs.widget(i).view))
    assert texts[0] == "Chưa có đơn vị nào. Bấm “Thêm đơn vị…” hoặc “Nhập từ Excel…” để bắt đầu."
    assert all(text.startswith("Chưa có") for text in texts), texts
    grid = empty_window.show_page("targets").entry.view
    assert _said(qtbot, grid).startswith("Chưa có đơn vị nào được giao chỉ tiêu.")
    assert _said(qtbot, empty_window.show_page("scoring").view).startswith("Chưa có đơn vị nào để chấm điểm.")
    awards = empty_window.show_page("awards")
    awards.tabs.setCurrentIndex(0)
    view = lambda name: awards.findChild(QTableView, name)  # noqa: E731 - a tab is built when first chosen
    assert _said(qtbot, view("nominationsView")).startswith("Chưa có đề nghị khen thưởng nào.")
    awards.tabs.setCurrentIndex(1)
    assert _said(qtbot, view("votesView")).startswith("Chưa có phiên họp Hội đồng nào.")
    awards.tabs.setCurrentIndex(2)
    assert _said(qtbot, view("decisionsView")).startswith("Chưa có quyết định khen thưởng nào.")
    assert _said(qtbot, view("finalView")).startswith("Chưa có danh sách cuối")
    audit = empty_window.show_page("audit")
    audit.tabs.setCurrentIndex(1)
    backups = audit.findChild(QTableView, "backupsView")
    assert _said(qtbot, backups).startswith("Chưa có bản sao lưu nào.")
    hint = backups.viewport().findChild(QLabel, "emptyHint")
    assert backups.viewport().rect().contains(hint.geometry()) and hint.width() > 200  # laid over the list


def test_a_full_list_has_no_hint_and_a_search_without_match_says_so(qtbot, demo_window):
    units = demo_window.show_page("units")
    tab = units.findChild(QTabWidget).widget(0)
    assert tab.model.rowCount() == 40 and _hint(tab.view) == ""
    tab.search.setText("không có đơn vị nào tên thế này")
    assert _hint(tab.view) == NO_MATCH
    tab.search.clear()
    assert _hint(tab.view) == ""
    assert _hint(demo_window.show_page("targets").entry.view) == ""
    scoring = demo_window.show_page("scoring")
    assert _hint(scoring.view) == ""  # loading in the background: not called empty meanwhile
    qtbot.waitUntil(lambda: scoring.proxy.rowCount() > 0, timeout=15_000)
    assert _hint(scoring.view) == ""


def test_the_stylesheet_is_loaded_once_at_start(qapp):
    sheet = style.stylesheet()
    assert "QListWidget#navigation::item:selected" in sheet and "QLabel#emptyHint" in sheet
    style.install(qapp)
    try:
        assert qapp.styleSheet() == sheet
    finally:
        qapp.setStyleSheet("")


def test_a_toolbar_menu_button_keeps_room_for_its_arrow(qapp, empty_window):
    """Under Fusion the arrow of "Kỳ báo cáo" was drawn over its last letter (issue 16, item 1)."""
    style.install(qapp)
    try:
        button = empty_window.show_page("targets").entry.add_period_button
        QApplication.processEvents()
        text_width = button.fontMetrics().horizontalAdvance(button.text())
        # Qt draws the arrow in the bottom-right corner, from 8 px before the right edge
        # (QCommonStyle: right + 5 - PM_MenuButtonIndicator(12)); text centred in the
        # button clears it when the button is 16 px wider than the text.
        assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
        assert button.sizeHint().width() >= text_width + 16
    finally:
        qapp.setStyleSheet("")
