"""The Documents page's desk (issue 17 item 5, issue 16 item 9), through the
real widgets: PDF/A for every paper, the nominee picker of the achievement
reports, and the paper previewed being the paper saved and printed."""
from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from docx_helpers import Docx, soffice
from test_documents_page import choose, page, wait  # noqa: F401 (the page fixture)
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.gui.pages import documents as documents_page
from thidua_desktop.gui.pages.documents import OPTION_ROWS
from thidua_desktop.services import plan
from thidua_desktop.services.documents import convert, yearend

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@needs_office
def test_any_paper_is_saved_as_pdfa_with_its_identity(page, qtbot, tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    choose(page, "payments")
    page.date_edit.setDate(page.date_edit.date().fromString("15/12/2026", "dd/MM/yyyy"))
    target = tmp_path / "chi tiền thưởng.pdf"
    wait(qtbot, page.save(target, pdfa_format=True))
    with pikepdf.open(target) as pdf, pdf.open_metadata() as xmp:
        assert xmp.pdfa_status == "2B"
        assert xmp["dc:title"] == "Danh sách chi tiền thưởng ngày 15/12/2026"
    assert page.messages == [] and page.open_button.isEnabled()


@pytest.mark.parametrize("converter, says", [
    (None, "máy này chưa có LibreOffice"),
    (convert.Converter("Microsoft Word", "powershell"), "máy này chỉ có Microsoft Word"),
])
def test_without_libreoffice_pdfa_is_refused_in_words_before_any_file_is_asked(page, monkeypatch, converter, says):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    asked = []
    monkeypatch.setattr(documents_page, "save_path", lambda *a, **k: asked.append(a))
    page.converter = converter
    choose(page, "decision")
    page.save_pdfa_button.click()
    assert asked == [] and len(told) == 1
    assert "Lưu PDF/A" in told[0] and "cần LibreOffice" in told[0] and says in told[0]


def test_the_achievement_reports_are_for_one_nominee_or_all(page, qtbot):
    page.converter = None
    choose(page, "achievements")
    assert page.options_layout.isRowVisible(OPTION_ROWS["nomination"])
    choose(page, "decision")
    assert not page.options_layout.isRowVisible(OPTION_ROWS["nomination"])
    choose(page, "achievements")
    combo = page.nomination_combo
    everyone = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(everyone) >= 4 and combo.currentData() is None
    page.title_combo.setCurrentIndex(page.title_combo.findData("GK"))
    of_gk = [combo.itemText(i) for i in range(1, combo.count())]
    assert of_gk and set(of_gk) < set(everyone) and all(t.endswith("Giấy khen") for t in of_gk)
    combo.setCurrentIndex(1)
    chosen = combo.currentData()
    assert page.options().nomination_id == chosen
    name = combo.currentText().split(" — ")[0]
    wait(qtbot, page.preview())
    text = page.text_preview.toPlainText()
    assert name in text and text.count("BÁO CÁO TÓM TẮT THÀNH TÍCH") == 1
    combo.setCurrentIndex(0)
    assert page.options().nomination_id is None
    wait(qtbot, page.preview())
    assert page.text_preview.toPlainText().count("BÁO CÁO TÓM TẮT THÀNH TÍCH") == len(of_gk)


def test_saving_writes_the_paper_previewed_not_a_new_one(page, qtbot, tmp_path, app):
    page.converter = None
    choose(page, "year-end")
    wait(qtbot, page.preview())
    previewed = page.previewed[2].rendered.data
    with app.db.transaction(reason="another clerk writes") as s:  # behind the page's back
        yearend.save_narrative(s, plan.current_campaign(s).id, {"uu_diem": "Viết sau khi xem trước."})
    target = tmp_path / "bao cao.docx"
    wait(qtbot, page.save(target))
    assert target.read_bytes() == previewed
    assert "Viết sau khi xem trước." not in Docx(target.read_bytes()).all_text()
    assert page.preview_stack.currentWidget() is page.text_preview and page.previewed is not None
    page.number_edit.setText("9")  # other options: another paper, its preview goes, made afresh
    assert page.previewed is None and page.preview_stack.currentWidget() is page.preview_scroll
    wait(qtbot, page.save(tmp_path / "moi.docx"))
    assert "Viết sau khi xem trước." in Docx((tmp_path / "moi.docx").read_bytes()).all_text()


@needs_office
def test_every_page_is_offered_and_the_preview_stays_after_saving(page, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(documents_page, "PREVIEW_PAGES", 1)
    choose(page, "decision")
    wait(qtbot, page.preview())
    total = page.previewed[2].total_pages
    assert total >= 3 and page._shown_pages() == 1
    more = page.findChild(QPushButton, "morePages")
    assert more is not None and f"Còn {total - 1} trang nữa (tổng {total} trang)" in more.text()
    while page._shown_pages() < total:
        wait(qtbot, page.show_more_pages())
    assert page.findChild(QLabel, f"previewPage{total}") is not None
    assert "morePages" not in [w.objectName() for w in page.page_labels]
    wait(qtbot, page.save(tmp_path / "quyet dinh.docx"))
    shown = page.findChild(QLabel, "previewPage1")
    assert shown is not None and shown.isVisible() and page._shown_pages() == total


@pytest.fixture
def demo_page(qtbot, demo_ward, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(str(a[2])))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(str(a[2])))
    window = MainWindow(GuiContext(demo_ward, actor="kiểm thử"))
    qtbot.addWidget(window)
    window.show()
    return window.show_page("documents")


class _Accepted:
    """The print dialog, answered “In”."""

    DialogCode = QPrintDialog.DialogCode

    def __init__(self, *args):
        pass

    def exec(self):
        return QPrintDialog.DialogCode.Accepted


@needs_office
def test_on_the_demo_ward_preview_pdf_and_print_have_the_same_pages(demo_page, qtbot, tmp_path, monkeypatch):
    printed = []
    monkeypatch.setattr(documents_page, "QPrintDialog", _Accepted)
    monkeypatch.setattr(documents_page, "print_pages", lambda printer, pages: printed.append(len(pages)))
    choose(demo_page, "year-end")
    wait(qtbot, demo_page.preview())
    total = demo_page.previewed[2].total_pages
    assert total >= 2
    target = tmp_path / "bao cao nam.pdf"
    wait(qtbot, demo_page.save(target, pdf=True))
    assert convert.page_count(target) == total
    wait(qtbot, demo_page.ask_print())
    assert printed == [total]
