"""The Documents page: choose, preview, save, write the narrative, place the
certificate's lines, use an edited template — through the real widgets."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QMessageBox

from docx_helpers import Docx, W, make_awards, soffice
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services import documents, plan, settings
from thidua_desktop.services.documents import certificates, yearend

OP_TIMEOUT = 120_000


@pytest.fixture
def page(qtbot, app, monkeypatch):
    make_awards(app.db)
    messages = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: messages.append(a[2]))
    ctx = GuiContext(app, actor="kiểm thử")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("documents")
    page.messages = messages
    return page


def choose(page, kind: str) -> None:
    for row in range(page.kind_list.count()):
        if page.kind_list.item(row).data(256) == kind:
            page.kind_list.setCurrentRow(row)
            return
    raise AssertionError(kind)


def wait(qtbot, operation):
    with qtbot.waitSignal(operation.finished, timeout=OP_TIMEOUT) as blocker:
        pass
    return blocker


def test_the_date_fits_the_document_until_the_clerk_picks_one(page):
    choose(page, "minutes")
    assert page.options().date == dt.date(2026, 12, 8)  # the council's meeting
    page.date_edit.setDate(QDate(2026, 12, 9))
    choose(page, "year-end")
    assert page.options().date == dt.date(2026, 12, 9)  # the clerk's own date stays


def test_every_document_is_offered_with_its_own_options(page):
    labels = [page.kind_list.item(i).text() for i in range(page.kind_list.count())]
    assert labels == [k.label for k in documents.KINDS.values()]
    choose(page, "minutes")
    assert page.options_layout.isRowVisible(5)  # the council session
    assert not page.options_layout.isRowVisible(6)  # no decision to choose
    choose(page, "decision")
    assert page.options_layout.isRowVisible(6)
    assert page.decision_combo.itemText(page.decision_combo.count() - 1) == "Dự thảo từ kết quả họp Hội đồng"
    choose(page, "nominations")
    assert not page.options_layout.isRowVisible(1)  # lists carry no number
    page.stage_combo.setCurrentIndex(page.stage_combo.findData("awardees"))
    assert page.options_layout.isRowVisible(6)


def test_text_preview_without_an_office_suite_shows_the_document_and_its_warnings(page, qtbot):
    page.converter = None
    choose(page, "year-end")
    wait(qtbot, page.preview())
    assert page.preview_stack.currentWidget() is page.text_preview
    text = page.text_preview.toPlainText()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    assert "Cần xem trước khi gửi" in page.warnings_label.text()
    assert "Ưu điểm" in page.warnings_label.toolTip()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (CI installs it)")
def test_preview_shows_the_pages_laid_out_by_libreoffice(page, qtbot):
    assert page.converter is not None
    choose(page, "decision")
    wait(qtbot, page.preview())
    assert page.preview_stack.currentWidget() is page.preview_scroll
    first = page.findChild(QLabel, "previewPage1")
    assert first is not None and first.pixmap().width() > 500
    assert page.findChild(QLabel, "previewPage3") is not None  # decision, signature page, annex
    # Another document chosen: the decision's pages are not left under its name.
    choose(page, "minutes")
    assert page.findChild(QLabel, "previewPage1") is None or not page.findChild(QLabel, "previewPage1").isVisible()
    hint = page.findChild(QLabel, "previewHint")
    assert hint is not None and "Xem trước" in hint.text()


def test_save_docx_writes_the_file_and_the_register(page, qtbot, tmp_path, app):
    choose(page, "year-end")
    page.number_edit.setText("7")
    target = tmp_path / "bao cao nam.docx"
    wait(qtbot, page.save(target))
    assert "Số: 07/BC-UBND" in Docx(target.read_bytes()).all_text()
    assert page.open_button.isEnabled()
    with app.db.read() as s:
        issued = documents.issued(s)
    assert [(i.kind, i.number, i.path) for i in issued] == [("year-end", "07/BC-UBND", str(target))]
    page.tabs.setCurrentIndex(3)
    page.activate()
    assert page.register_model.rowCount() == 1
    choose(page, "year-end")
    assert "gợi ý: 8" in page.number_edit.placeholderText()


def test_narrative_is_edited_saved_and_printed(page, qtbot, app):
    page.tabs.setCurrentIndex(1)
    row = [s.key for s in yearend.NARRATIVE].index("uu_diem")
    page.section_list.setCurrentRow(row)
    page.section_edit.setPlainText("Phong trào được hưởng ứng rộng rãi.\n- 34/40 đơn vị đăng ký thi đua.")
    assert page.section_list.item(row).text().endswith("*")
    assert page.save_narrative_button.isEnabled()
    page.save_narrative()
    with app.db.read() as s:
        campaign = plan.current_campaign(s)
        assert yearend.get_narrative(campaign)["uu_diem"].startswith("Phong trào được hưởng ứng")
        text = Docx(documents.generate(s, "year-end").data).all_text()
    assert "- 34/40 đơn vị đăng ký thi đua." in text
    assert not page.save_narrative_button.isEnabled()


def test_certificate_positions_are_saved_and_used(page, app):
    page.tabs.setCurrentIndex(2)
    row = [b.key for b in certificates.layout_rules.DEFAULT_BOXES].index("ho_ten")
    page.layout_table.cellWidget(row, 2).setValue(31.5)  # x
    page.layout_table.cellWidget(row, 3).setValue(99.0)  # y
    page.offset_x.setValue(-1.5)
    page.save_layout()
    with app.db.read() as s:
        layout = certificates.layout(s)
        data = documents.generate(s, "certificates").data
    box = layout.box("ho_ten")
    assert (box.x, box.y, layout.offset_x) == (31.5, 99.0, -1.5)
    doc = Docx(data)
    name = next(p for p in doc.xpath("//w:txbxContent/w:p") if Docx.text(p) == "Tổ dân phố số 1")
    anchor = next(a for a in name.iterancestors() if a.tag.endswith("}anchor"))
    x = int(anchor.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionH")[0].text)
    y = int(anchor.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}positionV")[0].text)
    assert (x, y) == (round((31.5 - 1.5) * 36000), round(99.0 * 36000))


def test_edited_template_is_checked_and_used_from_the_page(page, qtbot, tmp_path, app):
    choose(page, "minutes")
    exported = tmp_path / "mau bien ban.docx"
    page.export_template(exported)
    assert exported.exists()
    assert page.use_template(exported)
    assert "riêng “mau bien ban.docx”" in page.template_label.text()
    assert page.reset_template_button.isEnabled()
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a docx")
    assert not page.use_template(broken)
    assert page.messages and "không phải là tệp Word" in page.messages[-1]
    page.reset_template()
    assert page.template_label.text() == "Mẫu: mặc định"


def test_calibration_page_is_saved(page, tmp_path):
    page.tabs.setCurrentIndex(2)
    target = tmp_path / "trang thu.docx"
    page.save_test_page(target)
    doc = Docx(target.read_bytes())
    assert "TRANG THỬ CĂN VỊ TRÍ IN GIẤY KHEN" in "".join(t.text or "" for t in doc.document.iter(f"{{{W}}}t"))


def test_deputy_signer_needs_a_name_in_settings(page, app):
    item = page.signer_combo.model().item(1)
    assert not item.isEnabled()
    assert settings  # the ward's deputy is set on the Settings page


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (CI installs it)")
def test_printing_lays_each_page_on_the_whole_sheet(app, tmp_path, qtbot):
    from PySide6.QtPrintSupport import QPrinter

    from thidua_desktop.gui.pages.documents import print_pages
    from thidua_desktop.services.documents import convert

    with app.db.read() as session:
        docx = tmp_path / "thu.docx"
        docx.write_bytes(certificates.calibration(session))
    pdf = convert.docx_to_pdf(docx, tmp_path / "thu.pdf")
    pages = convert.render_pdf(pdf, dpi=100)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "in ra.pdf"
    printer.setOutputFileName(str(printed))
    print_pages(printer, pages)
    [page] = convert.render_pdf(printed, dpi=10)
    assert (round(page.width_pt), round(page.height_pt)) == (842, 595)  # A4 landscape, as the certificate
