"""Đề nghị khen thưởng: the list with its eligibility findings, editing, import, printing."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import eligibility as el
from ...domain.roles import Action
from ...domain.text import collation_key, format_money, person_sort_key
from ...services.awards import (
    achievements, lists as award_lists, catalogue as awards, nomination_import, nominations,
)
from ..access import restrict
from ..combos import refill
from ..dialogs import ask_reason
from ..empty import NO_MATCH, hint_when_empty
from ..files import open_path, save_path
from ..flow import FlowLayout
from ..import_preview import ImportPreviewDialog
from ..pages.base import load_in_background
from .. import operations as ops
from ..tablemodel import ALIGN_RIGHT, Column, RowTableModel, SearchProxy, fit_columns, tidy_table
from .dialogs import AchievementDialog, Choices, NominationDialog
from .printing import ListActions

VERDICT_COLOURS = {el.Verdict.OK: "#1e6b33", el.Verdict.OVERRIDDEN: "#1f4e8c", el.Verdict.WARN: "#8a5300",
                   el.Verdict.BLOCKED: "#b3261e"}
SEVERITY = {"block": ("Không đủ điều kiện", "#b3261e"), "warn": ("Cảnh báo", "#8a5300"),
            "info": ("Lưu ý", "#1f4e8c")}
ALL = "*"


def _state(r: nominations.NominationRow) -> str:
    if r.status == "withdrawn":
        return "Đã rút"
    return r.verdict.label


def _state_colour(r: nominations.NominationRow) -> str | None:
    return "#5f6368" if r.status == "withdrawn" else VERDICT_COLOURS[r.verdict]


def detail_html(r: nominations.NominationRow) -> str:
    e = html.escape
    place = r.where or r.group
    line = [r.subject_label, place if place != r.proposing_unit else "",
            f"đơn vị đề nghị: {r.proposing_unit}" if r.proposing_unit else ""]
    parts = [f"<h3 style='margin:0'>{e(r.name)} — {e(r.title_name)}</h3>",
             f"<p>{e('; '.join(x for x in line if x))}</p>"]  # no empty "; ;" where a field is blank
    if r.summary:
        parts.append(f"<p><b>Tóm tắt thành tích:</b> {e(r.summary)}</p>")
    if r.subject == "unit":  # what the collective rules read: the unit's score and rank in its block
        parts.append("<p><b>Điểm thi đua của đơn vị:</b> " + (
            f"{e(r.score_text)}, tính theo điểm tối đa của khối" if r.score is not None
            else "chưa có (đơn vị chưa báo cáo hoặc chưa thuộc khối thi đua nào)") + "</p>")
    colour = _state_colour(r)
    parts.append(f"<p><b>Điều kiện:</b> <span style='color:{colour}'><b>{e(_state(r))}</b></span></p>")
    if r.findings:
        items = []
        for f in r.findings:
            label, c = SEVERITY.get(f.severity, (f.severity, "#000"))
            accepted = " — <i>đã chấp nhận</i>" if f.overridden else ""
            items.append(f"<li><b style='color:{c}'>{label}</b>{accepted}: {e(f.message)}<br>"
                         f"<span style='color:#3c4043'>Quy định: “{e(f.quote)}” <i>({e(f.source)})</i></span></li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append("<p>Không có phát hiện nào: đủ mọi điều kiện đang áp dụng.</p>")
    if r.override_reason:
        parts.append(f"<p><b>Lý do chấp nhận cảnh báo:</b> {e(r.override_reason)}</p>")
    if r.vote is not None:
        parts.append(f"<p><b>Hội đồng ({e(r.vote.session_label)}):</b> {e(r.vote.text)}</p>")
    if r.decision_number:
        prize = f"; tiền thưởng {format_money(r.prize)} đồng" if r.prize else ""
        parts.append(f"<p><b>{'Quyết định' if r.title_level == 'ward' else 'Tờ trình'} số "
                     f"{e(r.decision_number)}</b>, số thứ tự (số sổ vàng) {r.seq}{prize}.</p>")
    if r.note:
        parts.append(f"<p><b>Ghi chú:</b> {e(r.note)}</p>")
    return "".join(parts)


class NominationsTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm người, tập thể, đơn vị (gõ không dấu cũng được)…")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 2)
        self.title_filter = QComboBox()
        self.subject_filter = QComboBox()
        self.state_filter = QComboBox()
        self.subject_filter.addItem("Mọi đối tượng", ALL)
        for code, label in awards.SUBJECTS.items():
            self.subject_filter.addItem(label, code)
        self.state_filter.addItem("Mọi tình trạng", ALL)
        for v in el.Verdict:
            self.state_filter.addItem(v.label, v.value)
        self.state_filter.addItem("Đã rút", "withdrawn")
        self.state_filter.addItem("Đã có quyết định", "decided")
        for w in (self.title_filter, self.subject_filter, self.state_filter):
            filters.addWidget(w, 1)
        layout.addLayout(filters)
        toolbar = QWidget()
        buttons = FlowLayout(toolbar)  # wraps onto a second line on a narrow screen
        self.add_button = QPushButton("Thêm đề nghị…")
        self.edit_button = QPushButton("Sửa…")
        self.delete_button = QPushButton("Xóa")
        self.withdraw_button = QPushButton("Rút đề nghị…")
        self.restore_button = QPushButton("Khôi phục")
        self.accept_button = QPushButton("Chấp nhận cảnh báo…")
        self.accept_button.setObjectName("acceptWarningsButton")
        self.recheck_button = QPushButton("Kiểm tra lại điều kiện")
        self.report_button = QPushButton("Báo cáo thành tích…")
        self.report_button.setObjectName("achievementButton")
        self.report_button.setToolTip("Viết các phần của báo cáo thành tích (đặc điểm, nhiệm vụ, thành tích đạt được)")
        self.import_button = QPushButton("Nhập từ Excel…")
        self.template_button = QPushButton("Tệp mẫu…")
        for b in (self.add_button, self.edit_button, self.delete_button, self.withdraw_button, self.restore_button,
                  self.accept_button, self.report_button, self.recheck_button, self.import_button,
                  self.template_button):
            buttons.addWidget(b)
        layout.addWidget(toolbar)
        self.model = RowTableModel([
            Column("Danh hiệu, hình thức", lambda r: r.title_name, sort_key=lambda v: collation_key(v)),
            Column("Đối tượng", lambda r: r.subject_label),
            Column("Họ tên / Tập thể", lambda r: r.name, tooltip=lambda r: r.name,
                   sort_key=lambda v: person_sort_key(v)),
            Column("Chức vụ, đơn vị / Địa chỉ", lambda r: r.where or r.group, tooltip=lambda r: r.where or r.group),
            Column("Xếp loại", lambda r: r.rating),
            Column("Điểm (hạng)", lambda r: r.score_text, align=ALIGN_RIGHT),
            Column("Điều kiện", _state, foreground=_state_colour,
                   tooltip=lambda r: r.findings_text or "Đủ mọi điều kiện đang áp dụng"),
            Column("Hội đồng", lambda r: r.council_label if r.active else "", tooltip=lambda r: r.vote_text,
                   foreground=lambda r: None if r.passed is None else ("#1e6b33" if r.passed else "#b3261e")),
            Column("Quyết định", lambda r: f"{r.decision_number} (số {r.seq})" if r.decision_number else ""),
            Column("Tiền thưởng", lambda r: r.prize or None, display=lambda v: format_money(v) if v else "",
                   align=ALIGN_RIGHT),
        ])
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("nominationsView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(False)
        tidy_table(self.view)
        hint_when_empty(self.view, lambda: NO_MATCH if self.model.rowCount() else (
            "Chưa có đề nghị khen thưởng nào. Bấm “Thêm đề nghị…” hoặc “Nhập từ Excel…”."))
        self.detail = QTextBrowser()
        self.detail.setObjectName("nominationDetail")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.count = QLabel()
        bottom.addWidget(self.count, 1)
        self.lists = ListActions(self, ctx, "nominations")
        for b in self.lists.buttons:
            bottom.addWidget(b)
        layout.addLayout(bottom)
        self.search.textChanged.connect(self._filter)
        for combo in (self.title_filter, self.subject_filter, self.state_filter):
            combo.currentIndexChanged.connect(self._filter)
        self.view.selectionModel().currentRowChanged.connect(self._selected)
        self.view.doubleClicked.connect(lambda *_: self.edit())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.restore_button.clicked.connect(self.restore)
        self.accept_button.clicked.connect(self.accept_warnings)
        self.recheck_button.clicked.connect(self.recheck)
        self.report_button.clicked.connect(self.write_report)
        self.import_button.clicked.connect(self.import_file)
        self.template_button.clicked.connect(self.template)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)

    # --- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        """The year's nominations, read in the background (thousands at a large ward)."""
        current = self.current()
        load_in_background(self, self.ctx, nominations.listing, lambda found: self._fill(current, found))

    def _fill(self, current, found) -> None:
        refill(self.title_filter, [("Mọi danh hiệu, hình thức", ALL)] + [(name, tid) for tid, name in found.titles])
        self.model.set_rows(found.rows)
        self._filter()
        if current is not None:
            self.select(current.id)
        elif self.proxy.rowCount():
            self.view.selectRow(0)
        self._selected()
        fit_columns(self.view, 220)

    def _filter(self, *args) -> None:
        self.proxy.set_query(self.search.text())
        title = self.title_filter.currentData()
        subject = self.subject_filter.currentData()
        state = self.state_filter.currentData()
        self.proxy.set_filter("title", None if title in (ALL, None) else (lambda r, t=title: r.title_id == t))
        self.proxy.set_filter("subject", None if subject == ALL else (lambda r, s=subject: r.subject == s))
        if state == ALL:
            self.proxy.set_filter("state", None)
        elif state == "withdrawn":
            self.proxy.set_filter("state", lambda r: r.status == "withdrawn")
        elif state == "decided":
            self.proxy.set_filter("state", lambda r: bool(r.decision_number))
        else:
            self.proxy.set_filter("state", lambda r, s=state: r.active and r.verdict.value == s)
        self._count()

    def _count(self, *args) -> None:
        rows = self.model.rows()
        self.count.setText(f"Hiển thị {self.proxy.rowCount()}/{len(rows)} — " + nominations.counts_text(rows))

    def current(self) -> nominations.NominationRow | None:
        index = self.view.currentIndex()
        return self.proxy.row_at(index) if index.isValid() else None

    def select(self, nomination_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(self.proxy.index(row, 0)).id == nomination_id:
                self.view.selectRow(row)
                return

    def _selected(self, *args) -> None:
        r = self.current()
        self.detail.setHtml(detail_html(r) if r else "<p>Chọn một đề nghị để xem điều kiện và quy định.</p>")
        frozen = bool(r and r.decision_frozen)
        for b in (self.edit_button, self.delete_button, self.withdraw_button):
            b.setEnabled(r is not None and not frozen and r.active)
        self.restore_button.setEnabled(r is not None and r.status == "withdrawn")
        self.accept_button.setEnabled(r is not None and not frozen and r.verdict is el.Verdict.WARN)
        self.report_button.setEnabled(r is not None and r.active)
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button,
                 self.withdraw_button, self.restore_button, self.accept_button, self.recheck_button,
                 self.report_button)
        restrict(self.ctx, Action.IMPORT, self.import_button)

    # --- editing ------------------------------------------------------------------------
    def _choices(self) -> Choices | None:
        found = ops.query(self, self.ctx, nominations.form_choices)
        return None if found is ops.FAILED else Choices(found.units, found.people, found.titles, found.standings)

    def _save(self, dialog: NominationDialog, nomination_id: int | None, version: int | None = None) -> None:
        data, standing = dialog.data(), dialog.standing()
        new_id = ops.change(self, self.ctx, "Đề nghị khen thưởng",
                            lambda s: nominations.save(s, data, standing, nomination_id, version),
                            title="Không lưu được đề nghị")
        if new_id is ops.FAILED:
            self.changed.emit()  # refused over another clerk's save: show what is stored now
            return
        self.changed.emit()
        self.select(new_id)

    def add(self) -> None:
        choices = self._choices()
        if choices is None:
            return
        dialog = NominationDialog(self, choices)
        if dialog.exec():
            self._save(dialog, None)

    def edit(self) -> None:
        r = self.current()
        if r is None or not self.edit_button.isEnabled():
            return
        choices = self._choices()
        if choices is None:
            return
        dialog = NominationDialog(self, choices, r)
        if dialog.exec():
            self._save(dialog, r.id, r.version)

    def _act(self, title: str, fn, reason: str = "") -> bool:
        if ops.change(self, self.ctx, reason or title, fn, title=f"Không {title.lower()} được") is ops.FAILED:
            return False
        self.changed.emit()
        return True

    def delete(self) -> None:
        r = self.current()
        if r is None:
            return
        if QMessageBox.question(self, "Xóa đề nghị", f"Xóa đề nghị “{r.title_name}” của {r.name}?") \
                != QMessageBox.StandardButton.Yes:
            return
        self._act("Xóa đề nghị", lambda s: nominations.delete(s, r.id))

    def withdraw(self) -> None:
        r = self.current()
        if r is None:
            return
        reason = ask_reason(self, "Rút đề nghị", f"Vì sao rút đề nghị “{r.title_name}” của {r.name}?")
        if reason is not None:
            self._act("Rút đề nghị", lambda s: nominations.withdraw(s, r.id, reason), reason)

    def restore(self) -> None:
        r = self.current()
        if r is not None:
            self._act("Khôi phục đề nghị", lambda s: nominations.restore(s, r.id))

    def accept_warnings(self) -> None:
        r = self.current()
        if r is None:
            return
        warnings = "\n".join(f"• {f.message}" for f in r.findings if f.severity == "warn")
        reason = ask_reason(self, "Chấp nhận cảnh báo",
                            f"{r.name} — {r.title_name}\n{warnings}\n\nGhi lý do chấp nhận (được lưu cùng đề nghị):",
                            text=r.override_reason)
        if reason is not None:
            self._act("Chấp nhận cảnh báo", lambda s: nominations.accept_warnings(s, r.id, reason), reason)

    def write_report(self) -> None:
        r = self.current()
        if r is None:
            return
        kept = ops.query(self, self.ctx, lambda s: achievements.texts(s, r.id))
        if kept is ops.FAILED:
            return
        dialog = AchievementDialog(self, r, kept)
        if not dialog.exec() or not dialog.changes():
            return
        parts = dialog.changes()
        self._act("Lưu báo cáo thành tích", lambda s: achievements.save_texts(s, r.id, parts),
                  f"Báo cáo thành tích của {r.name} ({r.title_name})")

    def recheck(self) -> None:
        def work(session, progress):
            progress(0, 0, "Đang kiểm tra điều kiện của mọi đề nghị…")
            return nominations.recheck_year(session).text()

        self.operation = ops.change_in_background(
            self, self.ctx, "Kiểm tra lại điều kiện", "Kiểm tra lại điều kiện khen thưởng", work,
            on_done=lambda text: (self.changed.emit(), QMessageBox.information(self, "Đã kiểm tra", text)))

    # --- files ---------------------------------------------------------------------------
    def import_file(self) -> None:
        path = open_path(self, "Chọn danh sách đề nghị khen thưởng của đơn vị", "Tệp Excel (*.xlsx)")
        if path is None:
            return
        self.operation = ops.query_in_background(
            self, self.ctx, f"Đọc {path.name}", lambda s, progress: nomination_import.read_import(s, path, progress),
            self._preview_done)

    def _preview_done(self, preview) -> None:
        dialog = ImportPreviewDialog(self, preview, column="Người, tập thể — danh hiệu")
        if not dialog.exec():
            return
        # an import is two steps (a backup copy first, then one transaction)
        ops.database_in_background(
            self, self.ctx, f"Nhập {preview.path.name}",
            lambda db, progress: nomination_import.apply_import(db, preview, progress),
            on_done=lambda text: (self.changed.emit(), QMessageBox.information(self, "Đã nhập", text)),
            cancellable=False)

    def template(self) -> None:
        path = save_path(self, "Lưu tệp mẫu danh sách đề nghị", "mau-danh-sach-de-nghi-khen-thuong.xlsx",
                         "Tệp Excel (*.xlsx)")
        if path is None:
            return
        if ops.query(self, self.ctx, lambda s: nomination_import.save_template(s, path),
                     title="Không tạo được tệp mẫu") is ops.FAILED:
            return
        QMessageBox.information(self, "Đã tạo tệp mẫu", f"Đã lưu tệp mẫu: {path}")

    def listing(self, session):
        """The proposals' list under the title filter (``ListActions`` runs it in a read)."""
        title = self.title_filter.currentData()
        return award_lists.proposals_of_year(session, None if title in (ALL, None) else [title])
