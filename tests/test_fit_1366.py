"""The clerk's desk at 1366×768 (issue 16): what the screenshots showed cut off reads whole —
the results grid's "Xem:" choice and its side panel's history, the documents page's report
period, the close-year dialog —, the settings form names the ward's fields with the words
of ``domain/ward.py``, and the steps page and the unit card load in the background
(pytest-qt, the real window on the demo ward)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QStyle, QStyleOptionComboBox

from thidua_desktop.domain.ward import WARD_FIELDS
from thidua_desktop.gui import style, unit_card
from thidua_desktop.gui.pages.base import LOADING_TEXT, Loader
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.app import open_app

WIDTH, HEIGHT = 1366, 768
ORIGINAL_START = Loader.start  # before conftest's fixture makes every load wait where it starts


@pytest.fixture
def window(qtbot, qapp, demo_copy):
    style.install(qapp)  # as gui/app.py starts the window: the stylesheet's paddings count
    opened = open_app(demo_copy, actor="kiểm thử")
    win = MainWindow(GuiContext(opened, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    win.setWindowState(Qt.WindowState.WindowNoState)  # the test screen is smaller: maximised at first
    win.resize(WIDTH, HEIGHT)
    assert (win.width(), win.height()) == (WIDTH, HEIGHT)
    yield win
    win.close()
    opened.close()
    qapp.setStyleSheet("")


def whole(combo: QComboBox) -> bool:
    """The combo's current choice shows whole (not elided)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def test_the_ward_form_names_its_fields_as_the_checks_and_the_audit_trail_do(window):
    page = window.show_page("settings")
    for field, (label, _) in WARD_FIELDS.items():
        shown = page.form.findChild(QLabel, f"{field}_label")
        assert shown.text() == f"{label}:" and shown.buddy() is page.edits[field]


def test_the_close_year_dialog_is_wide_enough_to_read(window):
    from thidua_desktop.gui.years import CloseYearDialog
    from thidua_desktop.services import years

    with window.ctx.db.read() as s:
        gaps = years.gaps(s, 2026)
    dialog = CloseYearDialog(window, 2026, gaps)
    dialog.show()
    area = dialog.screen().availableGeometry()
    assert 480 <= dialog.width() <= area.width() and dialog.height() <= area.height()  # was 279 pixels wide
    for label in dialog.findChildren(QLabel):  # every line whole, none squeezed
        assert label.height() >= label.heightForWidth(label.width()) if label.wordWrap() else True
    placeholder = dialog.reason.placeholderText()
    assert dialog.reason.fontMetrics().horizontalAdvance(placeholder) < dialog.reason.width()
    dialog.close()


def test_the_documents_pages_choices_read_whole(window):
    page = window.show_page("documents")
    page.kind_list.setCurrentRow(0)  # the year's report: its period is chosen
    assert page.period_combo.currentText() == "Cả năm (báo cáo tổng kết)" and whole(page.period_combo)
    for kind in range(page.kind_list.count()):
        page.kind_list.setCurrentRow(kind)
        for combo in page.findChildren(QComboBox):
            # left long: "Mọi đề nghị (kể cả không đủ điều kiện, không đạt phiếu)", whole in its list
            if combo.isVisible() and combo is not page.stage_combo:
                assert whole(combo), (kind, combo.currentText())


def test_the_results_grids_view_choice_and_cell_panel_read_whole(window, qtbot):
    page = window.show_page("targets")
    page.tabs.setCurrentWidget(page.entry)
    entry = page.entry
    assert entry.view_combo.currentText() == "Chỉ tiêu của Kế hoạch"
    # once the period's choice has taken its width too
    qtbot.waitUntil(lambda: entry.period_combo.width() >= entry.period_combo.sizeHint().width())
    assert whole(entry.period_combo) and whole(entry.view_combo)
    for view in range(entry.view_combo.count()):  # the blocks' names too ("Khối Mặt trận Tổ quốc và các đoàn thể")
        entry.view_combo.setCurrentIndex(view)
        qtbot.waitUntil(lambda: entry.period_combo.width() >= entry.period_combo.sizeHint().width())
        assert whole(entry.view_combo), entry.view_combo.currentText()
    entry.view_combo.setCurrentIndex(0)
    entry.view.setCurrentIndex(entry.model.index(0, 1))  # the ward's first target
    # the panel needs no scrolling: its note, report and history are one tab each
    viewport = entry.panel_area.viewport()
    qtbot.waitUntil(lambda: entry.panel.height() <= viewport.height())
    tabs = entry.cell_tabs  # every tab's name in sight, none behind the tab bar's arrows
    assert tabs.tabBar().sizeHint().width() <= tabs.width()
    entry.cell_tabs.setCurrentWidget(entry.history.parentWidget())
    assert entry.cell_tabs.tabText(entry.cell_tabs.currentIndex()).startswith("Lịch sử")
    bottom = entry.history.mapTo(viewport, entry.history.rect().bottomLeft()).y()
    assert entry.history.isVisible() and bottom < viewport.height()
    assert entry.history.height() >= 5 * entry.history.fontMetrics().lineSpacing()


def test_the_steps_page_shows_loading_then_its_steps(window, qtbot, monkeypatch):
    monkeypatch.setattr(Loader, "start", ORIGINAL_START)  # the loading itself is tested: no waiting
    page = window.show_page("steps")
    loader = page.loader  # the window's thread is back in its event loop while the steps are read
    assert loader.busy and page.rows == []
    assert loader.note.isVisible() and loader.note.text() == LOADING_TEXT
    qtbot.waitUntil(lambda: not loader.busy, timeout=30000)
    assert not loader.note.isVisible() and len(page.rows) == 15
    assert page.heading.text() == "Các bước trong năm 2026 — Phường Bạch Đằng"


def test_the_unit_card_shows_loading_then_the_unit(window, qtbot, monkeypatch):
    units = window.show_page("units").units  # the list read, waited for
    monkeypatch.setattr(Loader, "start", ORIGINAL_START)
    unit_id = next(r.id for r in units.model.rows() if r.name == "Trạm Y tế phường")
    card = unit_card.open_unit_card(window, window.ctx, unit_id)
    try:
        assert card.isVisible() and card.card is None and card.loader.busy
        assert card.loader.note.isVisible() and card.loader.note.text() == LOADING_TEXT
        qtbot.waitUntil(lambda: not card.loader.busy, timeout=30000)
        assert card.card.name == "Trạm Y tế phường" and "Phạm Thùy Huyền" in card.pages[0].toPlainText()
        assert card.windowTitle() == "Thẻ đơn vị — Trạm Y tế phường" and not card.loader.note.isVisible()
    finally:
        card.close()


def test_period_choices_filled_after_showing_read_whole(window):
    overview = window.show_page("overview")
    assert overview.period_combo.currentText() == "Cả năm 2026" and whole(overview.period_combo)
    targets = window.show_page("targets")
    targets.tabs.setCurrentWidget(targets.evaluation)
    combo = targets.evaluation.period_combo
    assert combo.currentText() == "Cả năm 2026" and whole(combo)  # both read "Cả năm 2"


def test_a_backups_data_version_reads_as_a_number(db_path):
    from thidua_desktop.services.app import open_app as open_ward
    from thidua_desktop.services.safety import backup, backup_info
    from thidua_desktop.storage.migrate import SCHEMA_HEAD

    opened = open_ward(db_path, actor="kiểm thử")
    try:
        copy = backup.create_backup(opened.db)
        lines = backup_info.inspect_backup(copy).lines()
    finally:
        opened.close()
    assert f"Phiên bản dữ liệu: số {int(SCHEMA_HEAD[:4])}" in lines  # not "0008_unit_lineage"


def test_the_what_if_tie_break_rules_wrap_instead_of_running_off(window, qtbot):
    from awards_helpers import wait_ranked

    page = window.show_page("scoring")
    wait_ranked(qtbot, page)
    dialog = page.try_rules()
    qtbot.waitUntil(lambda: dialog.basis is not None and dialog.loading is None, timeout=30_000)
    try:
        rules = dialog.tiebreak
        qtbot.waitUntil(lambda: rules.count() > 0)
        width = rules.viewport().width()
        for row in range(rules.count()):  # "… (NĐ 152/2…" ran past the list's right edge
            assert rules.visualItemRect(rules.item(row)).right() <= width
        assert not rules.horizontalScrollBar().isVisible()
    finally:
        dialog.close()


def test_the_recovery_code_dialog_reads_in_a_few_lines(window):
    from thidua_desktop.gui.recovery_code import RecoveryCodeDialog

    dialog = RecoveryCodeDialog(window, "CK9PA-M2RU2-L8PJK-N8GSU", "quantri", "Phường Bạch Đằng")
    dialog.show()
    try:
        intro = dialog.findChildren(QLabel)[0]
        assert dialog.width() >= 420 and dialog.width() <= dialog.screen().availableGeometry().width()
        assert intro.height() >= intro.heightForWidth(intro.width())
        assert intro.height() <= 4 * intro.fontMetrics().lineSpacing() + 8  # was eight narrow lines
    finally:
        dialog.close()
