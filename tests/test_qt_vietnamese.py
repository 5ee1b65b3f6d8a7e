"""Qt's own words are Vietnamese (issue 16, item 3): standard buttons, the print
preview's toolbar, the text boxes' context menu; the shipped .qm is built from the .ts."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from thidua_desktop.gui import i18n
from thidua_desktop.paths import resource

ENGLISH = {"&Yes", "&No", "Yes", "No", "OK", "Cancel", "Print", "Page setup", "Page Setup", "Zoom in",
           "Zoom out", "Next page", "Previous page", "First page", "Last page", "Fit width", "Fit page",
           "Landscape", "Portrait", "&Undo", "&Redo", "Cu&t", "&Copy", "&Paste", "Delete", "Select All",
           "Export to PDF", "Show single page", "Show facing pages", "Show overview of all pages"}


@pytest.fixture
def vietnamese(qapp):
    translator = i18n.install(qapp)
    assert translator is not None, "resources/i18n/qt_vi.qm did not load"
    yield
    qapp.removeTranslator(translator)


def _lrelease() -> str | None:
    import PySide6

    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name) or (Path(PySide6.__file__).parent / name)
        if found and Path(found).exists():
            return str(found)
    return None


def test_the_shipped_qm_is_built_from_the_ts(tmp_path):
    tool = _lrelease()
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    built = tmp_path / "qt_vi.qm"
    subprocess.run([tool, str(resource("i18n", "qt_vi.ts")), "-qm", str(built)], check=True,
                   capture_output=True)
    assert built.read_bytes() == resource(*i18n.QM_FILE).read_bytes(), \
        "resources/i18n/qt_vi.qm is older than qt_vi.ts: run pyside6-lrelease resources/i18n/qt_vi.ts"


def test_a_question_answers_co_khong_and_a_form_dong_y_huy(qtbot, vietnamese):
    box = QMessageBox(QMessageBox.Icon.Question, "Xóa", "Xóa đơn vị?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Có"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Không"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"


def test_print_preview_toolbar_speaks_vietnamese(qtbot, vietnamese):
    dialog = QPrintPreviewDialog()
    qtbot.addWidget(dialog)
    words = {a.text() for a in dialog.findChildren(QAction) if a.text()}
    words |= {a.toolTip() for a in dialog.findChildren(QAction) if a.toolTip()}
    assert {"In", "Thiết lập trang", "Phóng to", "Trang sau"} <= words
    assert not words & ENGLISH, words & ENGLISH
    assert dialog.windowTitle() == "Xem trước khi in"


def test_text_box_context_menu_speaks_vietnamese(qtbot, vietnamese):
    edit = QLineEdit("Trường Tiểu học Bạch Đằng")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    words = {a.text().split("\t")[0] for a in menu.actions() if a.text()}
    assert {"&Hoàn tác", "&Sao chép", "&Dán", "Chọn tất cả"} <= words
    assert not words & ENGLISH, words & ENGLISH


def test_the_window_installs_it_once(qapp):
    first = i18n.install(qapp)
    try:
        assert i18n.install(qapp) is first
        assert QApplication.translate("QPlatformTheme", "&Yes") == "&Có"
    finally:
        qapp.removeTranslator(first)
