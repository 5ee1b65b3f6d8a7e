"""Văn bản: choose a document, preview it, save it as DOCX or PDF, open it,
print it; write the year-end report's narrative; place the certificate's
lines on the office's blanks.

Built from ``forms/documents_page.ui``. Generating, converting and rendering
run as background operations; the preview shows the pages as LibreOffice or
Word lays them out (rendered with pypdfium2), or, on a machine without either,
a faithful text preview of the DOCX.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPageLayout, QPageSize, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import certificates as layout_rules
from ...services import documents
from ...services.documents import certificates, convert, desk, pdfa, yearend
from ...services.documents.selection import DRAFT
from ...domain.roles import Action
from ...errors import UserError
from ..access import restrict
from ..combos import refill
from ..empty import hint_when_empty
from ..errors import show_error
from ..files import open_path, save_path
from .. import operations as ops
from ..tablemodel import Column, RowTableModel
from ..uiloader import child, load_form
from .base import Page, heading, load_in_background

PREVIEW_DPI = 72.0
PREVIEW_PAGES = 12  # pages shown at most (a hundred certificates are not all drawn)
PRINT_DPI = 300.0
WARNINGS_SHOWN = 4
STAGES = [("all", "Mọi đề nghị (kể cả không đủ điều kiện, không đạt phiếu)"), ("eligible", "Đề nghị đủ điều kiện"),
          ("passed", "Đã được Hội đồng thông qua"), ("awardees", "Được khen thưởng (theo quyết định)")]
LAYOUT_COLUMNS = ["Dòng", "In", "Ngang x", "Dọc y", "Rộng", "Cao", "Cỡ chữ", "Đậm", "Nghiêng", "Đỏ", "Căn lề"]
ALIGNS = [("left", "Trái"), ("center", "Giữa"), ("right", "Phải")]
FOLDER = "documents/folder"  # where documents were saved last (the window's settings)
OPTION_ROWS = {"year": 0, "number": 1, "date": 2, "deputy": 3, "level": 4, "session": 5, "decision": 6,
               "title": 7, "stage": 8, "nomination": 9, "period": 10}


class DocumentsPage(Page):
    areas = ("*",)  # documents read every area

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(title))
        self.form = load_form("documents_page")
        outer.addWidget(self.form, 1)
        f = self.form
        self.tabs = child(f, QTabWidget, "tabs")
        self.kind_list = child(f, QListWidget, "kindList")
        self.options_layout = child(child(f, QGroupBox, "optionsBox"), QFormLayout, "optionsLayout")
        self.year_combo = child(f, QComboBox, "yearCombo")
        self.number_edit = child(f, QLineEdit, "numberEdit")
        self.date_set = child(f, QCheckBox, "dateSet")
        self.date_edit = child(f, QDateEdit, "dateEdit")
        self.signer_combo = child(f, QComboBox, "signerCombo")
        self.level_combo = child(f, QComboBox, "levelCombo")
        self.session_combo = child(f, QComboBox, "sessionCombo")
        self.decision_combo = child(f, QComboBox, "decisionCombo")
        self.title_combo = child(f, QComboBox, "titleCombo")
        self.stage_combo = child(f, QComboBox, "stageCombo")
        self.nomination_combo = child(f, QComboBox, "nominationCombo")
        self.period_combo = child(f, QComboBox, "periodCombo")
        self.previewed: tuple[str, documents.Options, desk.Preview] | None = None  # what the preview shows
        self.preview_button = child(f, QPushButton, "previewButton")
        self.save_docx_button = child(f, QPushButton, "saveDocxButton")
        self.save_pdf_button = child(f, QPushButton, "savePdfButton")
        self.save_pdfa_button = child(f, QPushButton, "savePdfaButton")
        self.open_button = child(f, QPushButton, "openButton")
        self.print_button = child(f, QPushButton, "printButton")
        self.template_label = child(f, QLabel, "templateLabel")
        self.export_template_button = child(f, QPushButton, "exportTemplateButton")
        self.use_template_button = child(f, QPushButton, "useTemplateButton")
        self.reset_template_button = child(f, QPushButton, "resetTemplateButton")
        self.warnings_label = child(f, QLabel, "warningsLabel")
        self.plan_warning = child(f, QLabel, "planWarning")
        self.preview_stack = child(f, QStackedWidget, "previewStack")
        self.preview_scroll = child(f, QScrollArea, "previewScroll")
        self.text_preview = child(f, QTextBrowser, "textPreview")
        self.status_label = child(f, QLabel, "statusLabel")
        self.section_list = child(f, QListWidget, "sectionList")
        self.section_title = child(f, QLabel, "sectionTitle")
        self.section_hint = child(f, QLabel, "sectionHint")
        self.section_edit = child(f, QPlainTextEdit, "sectionEdit")
        self.narrative_status = child(f, QLabel, "narrativeStatus")
        self.save_narrative_button = child(f, QPushButton, "saveNarrativeButton")
        self.revert_narrative_button = child(f, QPushButton, "revertNarrativeButton")
        self.layout_table = child(f, QTableWidget, "layoutTable")
        self.offset_x = child(f, QDoubleSpinBox, "offsetX")
        self.offset_y = child(f, QDoubleSpinBox, "offsetY")
        self.layout_status = child(f, QLabel, "layoutStatus")
        self.register_view = child(f, QTableView, "registerView")

        holder = self.preview_scroll.widget()
        self.pages_layout = QVBoxLayout(holder)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_labels: list[QLabel] = []
        self._clear_preview()
        self._work = tempfile.TemporaryDirectory(prefix="thidua-van-ban-")
        self.converter = convert.find_converter()
        self.last_saved: Path | None = None
        self.last_rendered: documents.Rendered | None = None
        self._nominees: list[desk.Nominee] = []
        self.campaign_id: int | None = None
        self.narrative: dict[str, str] = {}
        self.narrative_saved: dict[str, str] = {}
        self._current_section: str | None = None

        for key, spec in documents.KINDS.items():
            item = QListWidgetItem(spec.label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.kind_list.addItem(item)
        self.signer_combo.addItem("Chủ tịch ký", False)
        self.signer_combo.addItem("Phó Chủ tịch ký thay (KT.)", True)
        self.level_combo.addItem("Chủ tịch UBND phường (Hội đồng trình)", "ward")
        self.level_combo.addItem("Thành phố (UBND phường đề nghị)", "city")
        for key, label in STAGES:
            self.stage_combo.addItem(label, key)
        self.date_edit.setDate(QDate.currentDate())
        self.date_chosen = False  # the clerk picked the date: it is no longer suggested
        self.date_edit.dateChanged.connect(lambda _d: setattr(self, "date_chosen", True))
        self.date_set.setChecked(True)
        self.date_set.toggled.connect(self.date_edit.setEnabled)
        self.kind_list.currentRowChanged.connect(self._kind_changed)
        self.stage_combo.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.title_combo.currentIndexChanged.connect(lambda *_: self._fill_nominees())
        self.year_combo.currentIndexChanged.connect(lambda *_: self.refresh())  # the year's sessions, decisions…
        for combo in (self.signer_combo, self.level_combo, self.session_combo, self.decision_combo,
                      self.title_combo, self.nomination_combo, self.period_combo):
            combo.currentIndexChanged.connect(self._options_changed)
        self.number_edit.textChanged.connect(self._options_changed)
        self.date_edit.dateChanged.connect(self._options_changed)
        self.date_set.toggled.connect(self._options_changed)
        self.preview_button.clicked.connect(self.preview)
        self.save_docx_button.clicked.connect(self.ask_save_docx)
        self.save_pdf_button.clicked.connect(self.ask_save_pdf)
        self.save_pdfa_button.clicked.connect(self.ask_save_pdfa)
        self.open_button.clicked.connect(self.open_saved)
        self.print_button.clicked.connect(self.ask_print)
        self.export_template_button.clicked.connect(self.ask_export_template)
        self.use_template_button.clicked.connect(self.ask_use_template)
        self.reset_template_button.clicked.connect(self.reset_template)
        self.section_list.currentRowChanged.connect(self._section_changed)
        self.section_edit.textChanged.connect(self._section_edited)
        self.save_narrative_button.clicked.connect(self.save_narrative)
        self.revert_narrative_button.clicked.connect(self._load_narrative_into_editor)
        child(f, QPushButton, "saveLayoutButton").clicked.connect(self.save_layout)
        child(f, QPushButton, "defaultLayoutButton").clicked.connect(lambda: self._fill_layout(layout_rules.DEFAULT_LAYOUT))
        child(f, QPushButton, "testPageButton").clicked.connect(self.ask_print_test_page)
        child(f, QPushButton, "saveTestPageButton").clicked.connect(self.ask_save_test_page)
        self.register_model = RowTableModel([
            Column("Tạo lúc", lambda r: r.created_at.strftime("%d/%m/%Y %H:%M") if r.created_at else ""),
            Column("Văn bản", lambda r: documents.KINDS[r.kind].label if r.kind in documents.KINDS else r.kind),
            Column("Số, ký hiệu", lambda r: r.number),
            Column("Ngày văn bản", lambda r: r.dated),
            Column("Người tạo", lambda r: r.created_by),
            Column("Tệp", lambda r: r.path),
        ])
        self.register_view.setModel(self.register_model)
        hint_when_empty(self.register_view, "Chưa có văn bản nào được tạo. Chọn loại văn bản ở thẻ đầu, "
                                            "bấm “Xem trước” rồi “Lưu DOCX…” hoặc “Lưu PDF…”.")
        self.register_view.setSortingEnabled(True)
        self.register_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.register_view.horizontalHeader().setStretchLastSection(True)
        self._setup_layout_table()
        if self.converter is None:
            self.save_pdf_button.setEnabled(False)
            self.save_pdf_button.setToolTip("Cần LibreOffice hoặc Microsoft Word để lưu PDF.")
            self.status_label.setText("Máy này chưa có LibreOffice hoặc Microsoft Word: xem trước ở dạng chữ, "
                                      "lưu DOCX rồi mở bằng Word để in.")
        for section in yearend.NARRATIVE:
            item = QListWidgetItem(section.label)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.section_list.addItem(item)
        self.open_button.setEnabled(False)
        self.kind_list.setCurrentRow(0)
        restrict(ctx, Action.DOCUMENTS, self.save_docx_button, self.save_pdf_button, self.save_pdfa_button,
                 self.print_button,
                 self.use_template_button, child(f, QPushButton, "saveLayoutButton"))

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """The desk's state (a large ward's nominees, decisions, register) read in the background."""
        chosen_year = self._year()
        load_in_background(self, self.ctx, lambda s: desk.state(s, chosen_year),
                           lambda found: self._fill(chosen_year, found))

    def _fill(self, chosen_year: int | None, found) -> None:
        years, has_deputy, narrative, plan_missing = found.years, found.has_deputy, found.narrative, found.plan_missing
        self.campaign_id = found.campaign_id
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        if chosen_year in years:
            self.year_combo.setCurrentIndex(years.index(chosen_year))
        self.year_combo.blockSignals(False)
        deputy_item = self.signer_combo.model().item(1)
        deputy_item.setEnabled(has_deputy)
        deputy_item.setToolTip("" if has_deputy else "Nhập họ tên Phó Chủ tịch ký thay ở trang Cài đặt.")
        refill(self.session_combo, [("Phiên họp gần nhất", None)] + found.sessions)
        self._decisions = found.decisions
        refill(self.title_combo, [("Mọi hình thức, danh hiệu", "")] + found.titles)
        self._nominees = found.nominees
        self._fill_nominees()
        refill(self.period_combo, [("Cả năm (báo cáo tổng kết)", "")] + list(found.interim_periods))
        self.narrative_saved = dict(narrative)
        if not any(self._dirty(k) for k in self.narrative):
            self.narrative = dict(narrative)
            self._load_narrative_into_editor()
        self._fill_layout(found.layout)
        self.register_model.set_rows(found.issued)
        self.plan_warning.setText(plan_missing)  # the papers cite the ward's plan: say so until it is recorded
        self.plan_warning.setVisible(bool(plan_missing))
        self._kind_changed()

    def _year(self) -> int | None:
        data = self.year_combo.currentData()
        return int(data) if data is not None else None

    # --- the chosen document and its options ---------------------------------------------------------
    @property
    def kind(self) -> str:
        item = self.kind_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else "year-end"

    def _kind_changed(self, *args) -> None:
        spec = documents.KINDS[self.kind]
        visible = set(spec.options)
        if self.kind == "nominations":
            visible.discard("decision")
            if self.stage_combo.currentData() == "awardees":
                visible.add("decision")
        for name, row in OPTION_ROWS.items():
            self.options_layout.setRowVisible(row, name in visible)
        decisions = getattr(self, "_decisions", [])
        if self.kind == "decision":
            items = [("Quyết định ghi nhận gần nhất", None)] + [(d.label(), d.id) for d in decisions if not d.city]
            items.append(("Dự thảo từ kết quả họp Hội đồng", DRAFT))
        elif self.kind == "certificates":
            items = [("Mọi quyết định của phường", None)] + [(d.label(), d.id) for d in decisions if not d.city]
        else:
            items = [("Quyết định gần nhất", None)] + [(d.label(), d.id) for d in decisions if not d.city]
        refill(self.decision_combo, items)
        kind, year = self.kind, self._year()
        found = ops.query(self, self.ctx, lambda s: desk.kind_state(s, kind, year))
        if found is ops.FAILED:
            return
        row, suggestion, day = found.template_name, found.suggested_number, found.suggested_date
        if not self.date_chosen:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)
        self.template_label.setText(f"Mẫu: {'riêng “' + row + '”' if row else 'mặc định'}")
        self.reset_template_button.setEnabled(row is not None)
        self.number_edit.setPlaceholderText(f"gợi ý: {suggestion}" if suggestion else "để trống: văn thư ghi tay")
        self._options_changed()

    def _options_changed(self, *args) -> None:
        if self.previewed is not None and self._current_preview() is None:
            self._clear_preview()  # another paper or other options: its pages are not left under their name

    def _fill_nominees(self) -> None:
        """The nominees of the chosen title (all when none is chosen)."""
        code = (self.title_combo.currentData() or "").casefold()
        refill(self.nomination_combo, [("Mọi người, tập thể được đề nghị (gộp một tệp)", None)]
               + [(n.label, n.id) for n in self._nominees if not code or n.title_code.casefold() == code])

    def options(self) -> documents.Options:
        spec = documents.KINDS[self.kind]
        wanted = set(spec.options)
        day = None
        if "date" in wanted and self.date_set.isChecked():
            q = self.date_edit.date()
            day = dt.date(q.year(), q.month(), q.day())
        stage = self.stage_combo.currentData() if self.kind == "nominations" else ""
        return documents.Options(
            year=self._year(), number=self.number_edit.text().strip() if "number" in wanted else "", date=day,
            deputy=bool(self.signer_combo.currentData()) if "deputy" in wanted else False,
            decision_id=self.decision_combo.currentData() if "decision" in wanted or stage == "awardees" else None,
            session_id=self.session_combo.currentData() if "session" in wanted else None,
            title_code=self.title_combo.currentData() or "" if "title" in wanted else "",
            awardees=stage == "awardees", stage="" if stage == "awardees" else (stage or ""),
            level=self.level_combo.currentData() if "level" in wanted else "",
            nomination_id=self.nomination_combo.currentData() if "nomination" in wanted else None,
            period_code=self.period_combo.currentData() or "" if "period" in wanted else "")

    # --- generating -------------------------------------------------------------------------
    def preview(self):
        kind, options, converter = self.kind, self.options(), self.converter
        work = Path(self._work.name)
        return ops.query_in_background(
            self, self.ctx, "Xem trước văn bản",
            lambda s, progress: desk.preview(s, kind, options, converter, work, PREVIEW_DPI, PREVIEW_PAGES, progress),
            lambda result: self._show_preview(result, kind, options))

    def _current_preview(self) -> documents.Rendered | None:
        """The paper on the screen, while it is the one the options now ask for:
        saving and printing then use it as it is, page for page."""
        if self.previewed is None:
            return None
        kind, options, result = self.previewed
        try:
            current = self.options()
        except UserError:  # a number being typed: not the one previewed
            return None
        return result.rendered if (kind, options) == (self.kind, current) else None

    def _on_data_changed(self, area: str) -> None:
        """A change elsewhere may change the paper: its preview goes. Saving it
        (the register, area "documents") keeps the pages just made."""
        if area != "documents":
            self._clear_preview()
        super()._on_data_changed(area)

    def _clear_preview(self) -> None:
        """Empty the preview, saying how to fill it, so that the pages of the
        document chosen before are never shown under another one's name."""
        self.previewed = None
        for label in self.page_labels:
            self.pages_layout.removeWidget(label)
            label.deleteLater()
        hint = QLabel("Chưa xem trước văn bản này. Bấm “Xem trước” để xem các trang như khi in.")
        hint.setObjectName("previewHint")
        hint.setStyleSheet("color: #555; padding: 24px;")
        self.pages_layout.addWidget(hint)
        self.page_labels = [hint]
        self.preview_stack.setCurrentWidget(self.preview_scroll)

    def _show_preview(self, result: desk.Preview, kind: str, options: documents.Options) -> None:
        rendered = result.rendered
        self.last_rendered = rendered
        self._show_warnings(rendered)
        for label in self.page_labels:
            self.pages_layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        self.previewed = (kind, options, result)
        if result.html is not None:
            self.text_preview.setHtml(result.html)
            self.preview_stack.setCurrentWidget(self.text_preview)
            return
        self._add_pages(result.pages)
        self.preview_stack.setCurrentWidget(self.preview_scroll)

    def _shown_pages(self) -> int:
        return sum(1 for label in self.page_labels if label.objectName().startswith("previewPage"))

    def _add_pages(self, images: list[convert.PageImage]) -> None:
        """Draw these pages after those shown, then say how many are left and offer them."""
        if self.page_labels and self.page_labels[-1].objectName() == "morePages":
            self.pages_layout.removeWidget(self.page_labels[-1])
            self.page_labels.pop().deleteLater()
        for page in images:
            image = QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setObjectName(f"previewPage{self._shown_pages() + 1}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        total, shown = self.previewed[2].total_pages, self._shown_pages()
        if total > shown:
            more = QPushButton(f"Còn {total - shown} trang nữa (tổng {total} trang): "
                               f"xem thêm {min(PREVIEW_PAGES, total - shown)} trang")
            more.setObjectName("morePages")
            more.clicked.connect(self.show_more_pages)
            self.pages_layout.addWidget(more)
            self.page_labels.append(more)
        self.status_label.setText(f"Xem trước {shown}/{total} trang, dàn trang bằng "
                                  f"{self.converter.name if self.converter else ''}; "
                                  "lưu và in đúng các trang này.")

    def show_more_pages(self):
        """The next pages of the paper on the screen (from the same laid-out PDF)."""
        if self.previewed is None or self.previewed[2].pdf is None:
            return None
        pdf, first = self.previewed[2].pdf, self._shown_pages()
        return ops.query_in_background(
            self, self.ctx, "Xem thêm trang",
            lambda s, progress: desk.more_pages(pdf, PREVIEW_DPI, first, PREVIEW_PAGES), self._add_pages)

    def _show_warnings(self, rendered: documents.Rendered) -> None:
        if not rendered.warnings:
            self.warnings_label.setText("")
            self.warnings_label.setToolTip("")
            return
        shown = rendered.warnings[:WARNINGS_SHOWN]
        items = "".join(f"<li>{_html(w)}</li>" for w in shown)
        more = len(rendered.warnings) - len(shown)
        if more:
            items += f"<li>… và {more} điều khác (để chuột lên đây để xem hết)</li>"
        self.warnings_label.setText(f"<b>Cần xem trước khi gửi:</b><ul style='margin:0'>{items}</ul>")
        self.warnings_label.setToolTip("\n".join(rendered.warnings))

    # --- saving, opening, printing --------------------------------------------------------------------
    def _ask_path(self, suffix: str, suggested: str) -> Path | None:
        kind = "Tệp Word (*.docx)" if suffix == ".docx" else "Tệp PDF (*.pdf)"
        return save_path(self, "Lưu văn bản", Path(suggested).with_suffix(suffix).name, kind, remember=FOLDER)

    def ask_save_docx(self):
        spec = documents.KINDS[self.kind]
        path = self._ask_path(".docx", f"{spec.file_stem}.docx")
        return self.save(path, pdf=False) if path else None

    def ask_save_pdf(self):
        spec = documents.KINDS[self.kind]
        path = self._ask_path(".pdf", f"{spec.file_stem}.pdf")
        return self.save(path, pdf=True) if path else None

    def ask_save_pdfa(self):
        if self.converter is None or self.converter.name != "LibreOffice":
            QMessageBox.information(self, "Lưu PDF/A", pdfa.missing_message(self.converter))
            return None
        spec = documents.KINDS[self.kind]
        path = self._ask_path(".pdf", f"{spec.file_stem} PDF-A.pdf")
        return self.save(path, pdfa_format=True) if path else None

    def save(self, path: Path, pdf: bool = False, pdfa_format: bool = False):
        """Write ``path`` (DOCX, PDF through the office suite, or PDF/A) — the
        paper previewed when it is still the one asked for — and record it in
        the register."""
        kind, options, converter = self.kind, self.options(), self.converter
        work = Path(self._work.name)
        actor, previewed = self.ctx.actor, self._current_preview()

        def done(rendered):
            self.last_saved = path
            self.last_rendered = rendered
            self.open_button.setEnabled(True)
            self._show_warnings(rendered)
            self.status_label.setText(f"Đã lưu {path}")

        return ops.change_in_background(
            self, self.ctx, "Lưu văn bản", "Ghi sổ văn bản đã tạo",
            lambda s, progress: desk.save(s, kind, options, path, pdf, converter, work, actor, progress,
                                          previewed, pdfa_format),
            on_done=done, refresh="documents")

    def open_saved(self) -> None:
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved)))

    def ask_print(self):
        kind, options, previewed = self.kind, self.options(), self._current_preview()
        if previewed is not None:
            return self._print(lambda session: previewed.data)
        return self._print(lambda session: documents.generate(session, kind, options).data)

    def ask_print_test_page(self):
        self.save_layout()
        return self._print(certificates.calibration)

    def _print(self, make):
        if self.converter is None:
            QMessageBox.information(self, "In văn bản", "Máy này chưa có LibreOffice hoặc Microsoft Word. Hãy lưu "
                                    "DOCX rồi mở bằng Word để in.")
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        dpi = min(float(printer.resolution()), PRINT_DPI)
        work, converter = Path(self._work.name), self.converter

        def job(session, progress):
            progress(0, 3, "Đang tạo văn bản…")
            return desk.print_ready(make(session), converter, work, dpi, progress)

        return ops.query_in_background(self, self.ctx, "In văn bản", job, lambda pages: print_pages(printer, pages))

    # --- templates ------------------------------------------------------------------------------
    def ask_export_template(self) -> None:
        spec = documents.KINDS[self.kind]
        path = self._ask_path(".docx", f"Mau {spec.file_stem}.docx")
        if path:
            self.export_template(path)

    def export_template(self, path: Path) -> None:
        kind = self.kind
        if ops.query(self, self.ctx, lambda s: desk.export_default_template(s, kind, path),
                     title="Không xuất được mẫu") is ops.FAILED:
            return
        self.status_label.setText(f"Đã xuất mẫu mặc định vào {path}. Sửa trong Word, giữ nguyên các trường "
                                  "{{…}}, rồi bấm “Dùng mẫu đã sửa…”.")

    def ask_use_template(self) -> None:
        chosen = open_path(self, "Chọn mẫu Word đã sửa", "Mẫu Word (*.docx *.dotx)", remember=FOLDER)
        if chosen:
            self.use_template(chosen)

    def use_template(self, path: Path) -> bool:
        try:
            data = path.read_bytes()
        except OSError as exc:
            show_error(self, exc, "Không dùng được mẫu")
            return False
        kind = self.kind
        warnings = ops.change(self, self.ctx, f"Dùng mẫu văn bản “{path.name}”",
                              lambda s: documents.use_template(s, kind, data, path.name), title="Không dùng được mẫu")
        if warnings is ops.FAILED:
            return False
        self._clear_preview()
        self._kind_changed()
        text = f"Đã dùng mẫu “{path.name}”."
        if warnings:
            text += " Lưu ý: " + " ".join(warnings)
        self.status_label.setText(text)
        return True

    def reset_template(self) -> None:
        kind = self.kind
        if ops.change(self, self.ctx, "Dùng lại mẫu văn bản mặc định", lambda s: documents.drop_template(s, kind),
                      title="Không dùng lại được mẫu mặc định") is ops.FAILED:
            return
        self._clear_preview()
        self._kind_changed()
        self.status_label.setText("Đã dùng lại mẫu mặc định.")

    # --- the narrative of the year-end report -----------------------------------------------------
    def _section_changed(self, row: int) -> None:
        if row < 0:
            return
        section = yearend.NARRATIVE[row]
        self._current_section = None
        self.section_title.setText(f"<b>{section.label}</b>")
        self.section_hint.setText(section.hint or "Mỗi đoạn một dòng; dòng bắt đầu bằng “-” là gạch đầu dòng.")
        self.section_edit.setPlainText(self.narrative.get(section.key, ""))
        self._current_section = section.key

    def _section_edited(self) -> None:
        if self._current_section is None:
            return
        self.narrative[self._current_section] = self.section_edit.toPlainText()
        self._mark_sections()

    def _dirty(self, key: str) -> bool:
        return self.narrative.get(key, "").strip() != self.narrative_saved.get(key, "").strip()

    def _mark_sections(self) -> None:
        for i, section in enumerate(yearend.NARRATIVE):
            item = self.section_list.item(i)
            empty = not self.narrative.get(section.key, "").strip()
            mark = " *" if self._dirty(section.key) else ""
            item.setText(section.label + mark + (" (chưa có)" if empty else ""))
        dirty = any(self._dirty(s.key) for s in yearend.NARRATIVE)
        self.save_narrative_button.setEnabled(dirty)
        self.revert_narrative_button.setEnabled(dirty)

    def _load_narrative_into_editor(self) -> None:
        self.narrative = dict(self.narrative_saved)
        row = max(self.section_list.currentRow(), 0)
        self.section_list.setCurrentRow(row)
        self._section_changed(row)
        self._mark_sections()

    def save_narrative(self) -> None:
        if self.campaign_id is None:
            return
        changed, campaign_id = {k: v for k, v in self.narrative.items() if self._dirty(k)}, self.campaign_id
        saved = ops.change(self, self.ctx, "Sửa nội dung báo cáo năm",
                           lambda s: desk.save_narrative(s, campaign_id, changed),
                           title="Không lưu được nội dung báo cáo")
        if saved is ops.FAILED:
            return
        self.narrative_saved = saved
        self.narrative = dict(saved)
        self._clear_preview()
        self._mark_sections()
        self.narrative_status.setText(f"Đã lưu lúc {dt.datetime.now():%H:%M}.")
        self.ctx.changed("documents")

    # --- certificate layout --------------------------------------------------------------------
    def _setup_layout_table(self) -> None:
        table = self.layout_table
        table.setColumnCount(len(LAYOUT_COLUMNS))
        table.setHorizontalHeaderLabels(LAYOUT_COLUMNS)
        table.setRowCount(len(layout_rules.DEFAULT_BOXES))
        table.verticalHeader().setVisible(False)
        for row, box in enumerate(layout_rules.DEFAULT_BOXES):
            name = QTableWidgetItem(box.label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, box.key)
            table.setItem(row, 0, name)
            for column in (1, 7, 8, 9):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                table.setItem(row, column, item)
            for column, (low, high) in zip(range(2, 7), [(0, 297), (0, 210), (5, 297), (3, 210), (6, 72)]):
                spin = QDoubleSpinBox()
                spin.setRange(low, high)
                spin.setDecimals(1)
                spin.setSingleStep(0.5 if column < 6 else 0.5)
                spin.setSuffix(" pt" if column == 6 else " mm")
                table.setCellWidget(row, column, spin)
            align = QComboBox()
            for key, label in ALIGNS:
                align.addItem(label, key)
            table.setCellWidget(row, 10, align)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fill_layout(self, layout: layout_rules.Layout) -> None:
        table = self.layout_table
        for row, box in enumerate(layout.boxes):
            check = Qt.CheckState.Checked
            uncheck = Qt.CheckState.Unchecked
            table.item(row, 1).setCheckState(check if box.printed else uncheck)
            for column, value in zip(range(2, 7), (box.x, box.y, box.w, box.h, box.size)):
                table.cellWidget(row, column).setValue(value)
            for column, flag in ((7, box.bold), (8, box.italic), (9, box.red)):
                table.item(row, column).setCheckState(check if flag else uncheck)
            combo = table.cellWidget(row, 10)
            combo.setCurrentIndex(max(combo.findData(box.align), 0))
        self.offset_x.setValue(layout.offset_x)
        self.offset_y.setValue(layout.offset_y)

    def layout_from_table(self) -> layout_rules.Layout:
        table = self.layout_table
        boxes = []
        for row, default in enumerate(layout_rules.DEFAULT_BOXES):
            checked = lambda c: table.item(row, c).checkState() == Qt.CheckState.Checked  # noqa: E731
            x, y, w, h, size = (table.cellWidget(row, c).value() for c in range(2, 7))
            boxes.append(layout_rules.Box(default.key, default.label, x, y, w, h, size, bold=checked(7),
                                          italic=checked(8), red=checked(9),
                                          align=table.cellWidget(row, 10).currentData(), printed=checked(1)))
        return layout_rules.Layout(tuple(boxes), self.offset_x.value(), self.offset_y.value())

    def save_layout(self) -> None:
        layout = self.layout_from_table()
        if ops.change(self, self.ctx, "Sửa vị trí in giấy khen", lambda s: certificates.save_layout(s, layout),
                      title="Không lưu được vị trí in") is ops.FAILED:
            return
        self._clear_preview()
        self.layout_status.setText(f"Đã lưu lúc {dt.datetime.now():%H:%M}.")

    def ask_save_test_page(self) -> None:
        path = self._ask_path(".docx", "Trang thu can vi tri giay khen.docx")
        if path:
            self.save_test_page(path)

    def save_test_page(self, path: Path) -> None:
        self.save_layout()
        if ops.query(self, self.ctx, lambda s: desk.save_calibration(s, path),
                     title="Không lưu được trang thử") is ops.FAILED:
            return
        self.layout_status.setText(f"Đã lưu trang thử vào {path}.")


def print_pages(printer: QPrinter, pages: list[convert.PageImage]) -> None:
    """Paint rendered pages on the whole sheet, at their true size (the paper
    corner is the page corner, as the certificate's millimetres assume)."""
    if not pages:
        return
    first = pages[0]
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width_pt > first.height_pt
                               else QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for n, page in enumerate(pages):
            if n:
                printer.newPage()
            image = QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
            painter.drawImage(printer.paperRect(QPrinter.Unit.DevicePixel), image)
    finally:
        painter.end()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["DocumentsPage", "print_pages"]
