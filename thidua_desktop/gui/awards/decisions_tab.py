"""Danh sách cuối cùng và quyết định: the council's final lists, recording decisions,
freezing and reopening them with a reason, and the awardee list."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import money
from ...domain.roles import Action
from ...domain.text import format_date, format_money, format_percent
from ...services.awards import lists as award_lists, council, decisions, disclosure, nominations
from ..access import restrict
from ..dialogs import ask_reason
from ..empty import hint_when_empty
from .. import operations as ops
from ..tablemodel import ALIGN_CENTER, ALIGN_RIGHT, Column, RowTableModel, fit_columns, tidy_table
from .council_tab import RECORD_HINT
from .dialogs import DecisionDialog
from .printing import ListActions


@dataclass
class FinalRow:
    title: str
    rank: int | None
    entry: council.FinalEntry | None
    row: nominations.NominationRow
    state: str  # chosen / over / not_passed / not_voted / ineligible


STATE_LABELS = {"chosen": "Được chọn", "over": "Ngoài số lượng tối đa", "not_passed": "Không đạt phiếu",
                "not_voted": "Chưa biểu quyết", "ineligible": "Không đủ điều kiện / còn cảnh báo"}
STATE_COLOURS = {"chosen": "#1e6b33", "over": "#8a5300", "not_passed": "#b3261e", "not_voted": "#5f6368",
                 "ineligible": "#b3261e"}


class DecisionsTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Danh sách cuối cùng theo từng danh hiệu</b> — xếp theo tỷ lệ phiếu, điểm thi đua, "
                                "ưu tiên nữ và tập thể nhiều nữ khi bằng nhau; cắt theo số lượng tối đa."))
        self.final_model = RowTableModel([
            Column("Danh hiệu, hình thức", lambda f: f.title),
            Column("Thứ tự", lambda f: f.rank, align=ALIGN_CENTER),
            Column("Họ tên / Tập thể", lambda f: f.row.name),
            Column("Chức vụ, đơn vị / Địa chỉ", lambda f: f.row.where or f.row.group),
            Column("Tỷ lệ phiếu", lambda f: format_percent(f.row.vote.share) if f.row.vote and f.row.vote.share
                   is not None else ("không cần" if f.row.vote is None and f.state == "chosen" else ""),
                   align=ALIGN_RIGHT),
            Column("Điểm", lambda f: f.row.score, align=ALIGN_RIGHT),
            Column("Kết quả", lambda f: STATE_LABELS[f.state], foreground=lambda f: STATE_COLOURS[f.state]),
            Column("Ghi chú", lambda f: (f.entry.note if f.entry else "") or (
                f"{f.row.decision_number} (số {f.row.seq})" if f.row.decision_number else "")),
        ])
        self.final_view = QTableView()
        self.final_view.setObjectName("finalView")
        self.final_view.setModel(self.final_model)
        tidy_table(self.final_view)
        hint_when_empty(self.final_view, "Chưa có danh sách cuối: danh sách được lập khi Hội đồng đã bỏ phiếu "
                                         "các đề nghị ở thẻ “Hội đồng, bỏ phiếu”.")
        self.decision_model = RowTableModel([
            Column("Số, ký hiệu", lambda d: d.number),
            Column("Ngày ký", lambda d: d.signed_on),
            Column("Loại", lambda d: d.kind),
            Column("Danh hiệu, hình thức", lambda d: d.titles),
            Column("Số người, tập thể", lambda d: d.count, align=ALIGN_RIGHT),
            Column("Tiền thưởng (đồng)", lambda d: d.prize, display=lambda v: format_money(v) if v else "",
                   align=ALIGN_RIGHT),
            Column("Trạng thái", lambda d: "Đã khóa" if d.frozen else "Đang mở (chưa khóa)",
                   foreground=lambda d: "#1e6b33" if d.frozen else "#b3261e"),
        ])
        self.decision_view = QTableView()
        self.decision_view.setObjectName("decisionsView")
        self.decision_view.setModel(self.decision_model)
        tidy_table(self.decision_view)
        hint_when_empty(self.decision_view, "Chưa có quyết định khen thưởng nào. Khi Hội đồng đã bỏ phiếu, "
                                            "bấm “Ghi quyết định…”.")
        self.detail = QTextBrowser()
        self.detail.setObjectName("decisionDetail")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.record_button = QPushButton("Ghi quyết định…")
        self.record_button.setObjectName("recordDecisionButton")
        self.reopen_button = QPushButton("Mở khóa (ghi lý do)…")
        self.refreeze_button = QPushButton("Ghi lại và khóa…")
        self.cancel_button = QPushButton("Hủy quyết định…")
        for b in (self.record_button, self.reopen_button, self.refreeze_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.lists = ListActions(self, ctx, "awardees")
        for b in self.lists.buttons:
            buttons.addWidget(b)
        lower_layout.addWidget(QLabel("<b>Quyết định khen thưởng, tờ trình đề nghị thành phố</b>"))
        lower_layout.addLayout(buttons)
        self.warnings = QLabel()
        self.warnings.setObjectName("decisionWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b3261e;")
        self.warnings.hide()
        lower_layout.addWidget(self.warnings)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.decision_view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lower_layout.addWidget(split, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.final_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.decision_view.selectionModel().currentRowChanged.connect(self._selected)
        self.record_button.clicked.connect(self.record)
        self.reopen_button.clicked.connect(self.reopen)
        self.refreeze_button.clicked.connect(self.refreeze)
        self.cancel_button.clicked.connect(self.cancel)
        self.lists_ready: list[council.FinalList] = []
        self.focus_id: int | None = None  # the decision just recorded: selected on the next load

    def refresh(self) -> None:
        current = self.current()
        wanted, self.focus_id = self.focus_id or (current.id if current else None), None
        found = ops.query(self, self.ctx, decisions.overview)
        if found is ops.FAILED:
            return
        lists, made = found.lists, found.decisions
        self.lists_ready = lists
        final = []
        for fl in lists:
            for e in fl.entries:
                final.append(FinalRow(fl.title.name, e.rank, e, e.row, "chosen" if e.within_quota else "over"))
            for r in fl.not_passed:
                final.append(FinalRow(fl.title.name, None, None, r, "not_passed"))
            for r in fl.not_voted:
                final.append(FinalRow(fl.title.name, None, None, r, "not_voted"))
            for r in fl.ineligible:
                final.append(FinalRow(fl.title.name, None, None, r, "ineligible"))
        self.final_model.set_rows(final)
        fit_columns(self.final_view, 220)
        self.decision_model.set_rows(made)
        fit_columns(self.decision_view)
        if wanted is not None:
            for i, d in enumerate(made):
                if d.id == wanted:
                    self.decision_view.selectRow(i)
        elif made:
            self.decision_view.selectRow(len(made) - 1)
        self._selected()

    def current(self) -> decisions.DecisionRow | None:
        index = self.decision_view.currentIndex()
        return self.decision_model.row_at(index.row()) if index.isValid() else None

    def _selected(self, *args) -> None:
        d = self.current()
        self.reopen_button.setEnabled(d is not None and d.frozen)
        self.refreeze_button.setEnabled(d is not None and not d.frozen)
        self.cancel_button.setEnabled(d is not None and not d.frozen)
        for b in self.lists.buttons:
            b.setEnabled(d is not None)
        restrict(self.ctx, Action.EDIT_DATA, self.record_button, self.reopen_button, self.refreeze_button,
                 self.cancel_button)
        warnings = self._warnings(d)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        if d is None:
            self.detail.setHtml("<p>Chưa có quyết định nào. Khi Hội đồng đã biểu quyết, bấm “Ghi quyết định…”.</p>")
            return
        e = html.escape
        parts = [f"<h3 style='margin:0'>{e(d.kind)} số {e(d.number)}</h3>",
                 f"<p>Ngày ký {format_date(d.signed_on)}; {e(d.titles)}; {d.count} người, tập thể.</p>"]
        if d.base_salary:
            parts.append(f"<p>Lương cơ sở áp dụng: {format_money(d.base_salary)} đồng. Tổng tiền thưởng: "
                         f"<b>{format_money(d.prize)} đồng</b> ({e(money.amount_in_words(d.prize))}).</p>")
        parts.append("<p><b style='color:#1e6b33'>Danh sách đã khóa</b>: đề nghị, phiếu và quy tắc của các danh hiệu này "
                     "không sửa được cho đến khi mở khóa.</p>" if d.frozen else
                     "<p><b style='color:#b3261e'>Đang mở</b>: sửa xong hãy “Ghi lại và khóa”.</p>")
        if d.log:
            items = "".join(f"<li>{e(str(x.get('at', '')))} — {e(str(x.get('by', '')))}: {e(str(x.get('action', '')))}"
                            f" — {e(str(x.get('reason', '')))}</li>" for x in d.log)
            parts.append(f"<p><b>Nhật ký mở khóa:</b></p><ul>{items}</ul>")
        self.detail.setHtml("".join(parts))

    def _warnings(self, d: decisions.DecisionRow | None) -> list[str]:
        """The disclosure before the decision (Luật TĐKT 2022, Điều 84 khoản 5): signed too early, or not recorded."""
        if d is None:
            return []
        found = ops.query(self, self.ctx, lambda s: disclosure.decision_warnings(s, d.id, RECORD_HINT))
        return [] if found is ops.FAILED else found

    # --- actions ----------------------------------------------------------------------
    def _dialog(self, decision_id: int | None = None) -> DecisionDialog | None:
        form = ops.query(self, self.ctx, lambda s: decisions.form(s, decision_id))
        if form is ops.FAILED:
            return None
        if not form.titles:
            QMessageBox.information(self, "Chưa có danh sách",
                                    "Chưa có người, tập thể nào đủ điều kiện và đạt phiếu mà chưa có quyết định.")
            return None
        return DecisionDialog(self, form.titles, form.sessions, form.signer, dt.date.today(), form.data, form.chosen)

    def _record_in_background(self, title: str, reason: str, op) -> None:
        """Numbering and paying a thousand awardees takes a while: in the worker, under a progress dialog."""
        self.operation = ops.change_in_background(self, self.ctx, title, reason, op, cancellable=False,
                                                  on_done=self._recorded)

    def _recorded(self, decision_id: int) -> None:
        """Shown selected, with its disclosure warnings in sight."""
        self.focus_id = decision_id
        self.changed.emit()

    def record(self) -> None:
        dialog = self._dialog()
        if dialog is None or not dialog.exec():
            return
        data, actor = dialog.data(), self.ctx.actor
        self._record_in_background("Ghi quyết định", f"Ghi nhận quyết định {data.number}",
                                   lambda s, progress: decisions.record_current(s, data, actor, progress).id)

    def reopen(self) -> None:
        d = self.current()
        if d is None:
            return
        reason = ask_reason(self, f"Mở khóa {d.number}",
                            f"Mở khóa {d.kind.lower()} số {d.number} để sửa danh sách. Lý do được lưu trong nhật ký:")
        if reason is None:
            return
        actor = self.ctx.actor
        if ops.change(self, self.ctx, reason, lambda s: decisions.reopen(s, d.id, reason, actor).id,
                      title="Không mở khóa được") is not ops.FAILED:
            self.changed.emit()

    def refreeze(self) -> None:
        d = self.current()
        if d is None:
            return
        dialog = self._dialog(d.id)
        if dialog is None or not dialog.exec():
            return
        data, actor = dialog.data(), self.ctx.actor
        self._record_in_background("Ghi lại quyết định", f"Ghi lại quyết định {d.number}",
                                   lambda s, progress: decisions.refreeze(s, d.id, data, actor, progress).id)

    def cancel(self) -> None:
        d = self.current()
        if d is None:
            return
        reason = ask_reason(self, f"Hủy {d.number}", f"Hủy {d.kind.lower()} số {d.number}; các đề nghị trở lại "
                                                     "chờ quyết định. Lý do:")
        if reason is None:
            return
        if ops.change(self, self.ctx, reason, lambda s: decisions.cancel(s, d.id, reason),
                      title="Không hủy được") is not ops.FAILED:
            self.changed.emit()

    def listing(self, session):
        """The awardees' list of the chosen decision (``ListActions`` runs it in a read)."""
        d = self.current()
        if d is None:
            raise LookupError("Chọn một quyết định")
        return award_lists.awardee_list(session, d.id)
