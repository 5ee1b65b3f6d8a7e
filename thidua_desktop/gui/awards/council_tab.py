"""Hội đồng: the session (members, attendance), blank ballots, and the vote entry."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import council as co
from ...domain.roles import Action
from ...domain.text import clean
from ...printing import ballots
from ...services.awards import council, disclosure, nominations
from ..access import restrict
from ..empty import hint_when_empty
from ..files import open_path, save_path
from ..import_preview import ImportPreviewDialog
from .. import operations as ops
from ..tablemodel import fit_columns, tidy_table
from .dialogs import DisclosureDialog, SessionDialog
from .printing import print_preview

# the disclosure warnings name the window's button, not the command line
RECORD_HINT = "Ghi ngày ở thẻ “Hội đồng, bỏ phiếu”, nút “Ngày công khai…”."
DEFAULT_MEMBERS = [("", "Chủ tịch Hội đồng"), ("", "Phó Chủ tịch Hội đồng"), ("", "Ủy viên thường trực"),
                   ("", "Ủy viên"), ("", "Ủy viên")]


@dataclass
class VoteRow:
    nomination: nominations.NominationRow
    title_name: str
    threshold: co.Threshold
    needed: int | None
    agree: int | None  # as stored
    edited: int | None = None
    is_edited: bool = False
    locked: bool = False  # in a frozen decision
    version: int = 0  # the stored vote's, what the save expects

    @property
    def value(self) -> int | None:
        return self.edited if self.is_edited else self.agree


class VotesModel(QAbstractTableModel):
    """Nominees of a session with an editable count of agreeing votes."""

    HEADERS = ("Danh hiệu, hình thức", "Họ tên / Tập thể", "Chức vụ, đơn vị / Địa chỉ", "Cần tối thiểu",
               "Số phiếu đồng ý", "Kết quả")
    EDIT_COLUMN = 4

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[VoteRow] = []
        self.attendance = co.Attendance(0, 0, 0)
        self.editable = True

    def set_rows(self, rows: list[VoteRow], attendance: co.Attendance) -> None:
        self.beginResetModel()
        self.rows, self.attendance = rows, attendance
        self.endResetModel()

    def changes(self) -> dict[int, int | None]:
        return {r.nomination.id: r.edited for r in self.rows if r.is_edited and r.edited != r.agree}

    def versions(self) -> dict[int, int]:
        """The stored version of each changed row, as shown (0: no count yet)."""
        return {r.nomination.id: r.version for r in self.rows if r.is_edited and r.edited != r.agree}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def result(self, r: VoteRow) -> co.VoteResult:
        return co.tally(r.value, self.attendance, r.threshold)

    def flags(self, index):
        base = super().flags(index)
        r = self.rows[index.row()]
        if index.column() == self.EDIT_COLUMN and self.editable and not r.locked:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return r.title_name
            if col == 1:
                return r.nomination.name
            if col == 2:
                return r.nomination.where or r.nomination.group
            if col == 3:
                return "" if r.needed is None else str(r.needed)
            if col == 4:
                return "" if r.value is None else str(r.value)
            if col == 5:
                problem = co.vote_problem(r.value, self.attendance) if r.value is not None else None
                return problem or self.result(r).text
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            if r.value is not None and co.vote_problem(r.value, self.attendance):
                return QBrush(QColor("#b3261e"))
            passed = self.result(r).passed
            return None if passed is None else QBrush(QColor("#1e6b33" if passed else "#b3261e"))
        if role == Qt.ItemDataRole.BackgroundRole and col == 4:
            if r.is_edited and r.edited != r.agree:
                return QBrush(QColor("#fff4ce"))
            if r.locked:
                return QBrush(QColor("#eeeeee"))
        if role == Qt.ItemDataRole.ToolTipRole and r.locked:
            return f"Thuộc {r.nomination.decision_number} (đã khóa)"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.EDIT_COLUMN:
            return False
        text = clean(value)
        if text and not text.isdigit():
            return False
        r = self.rows[index.row()]
        r.edited, r.is_edited = (int(text) if text else None), True
        self.dataChanged.emit(self.index(index.row(), 4), self.index(index.row(), 5))
        return True


class CouncilTab(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Phiên họp:"))
        self.session = QComboBox()
        self.session.setObjectName("sessionCombo")
        self.session.setMinimumWidth(320)
        top.addWidget(self.session)
        self.add_button = QPushButton("Thêm phiên họp…")
        self.edit_button = QPushButton("Thành phần, điểm danh…")
        self.disclosure_button = QPushButton("Ngày công khai…")
        self.disclosure_button.setObjectName("disclosureButton")
        self.delete_button = QPushButton("Xóa phiên họp")
        for b in (self.add_button, self.edit_button, self.disclosure_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("sessionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.disclosure = QLabel()
        self.disclosure.setObjectName("disclosureLabel")
        self.disclosure.setWordWrap(True)
        layout.addWidget(self.disclosure)
        tools = QHBoxLayout()
        self.print_button = QPushButton("Xem trước, in phiếu bầu…")
        self.pdf_button = QPushButton("Lưu phiếu bầu PDF…")
        self.sheet_button = QPushButton("Bảng ghi phiếu Excel…")
        self.import_button = QPushButton("Nhập phiếu từ Excel…")
        for b in (self.print_button, self.pdf_button, self.sheet_button, self.import_button):
            tools.addWidget(b)
        tools.addStretch(1)
        layout.addLayout(tools)
        self.model = VotesModel(self)
        self.view = QTableView()
        self.view.setObjectName("votesView")
        self.view.setModel(self.model)
        tidy_table(self.view)
        hint_when_empty(self.view, lambda: "Phiên họp này chưa có đề nghị nào để bỏ phiếu." if self.session.count()
                        else "Chưa có phiên họp Hội đồng nào. Bấm “Thêm phiên họp…” khi đã có đề nghị khen thưởng.")
        self.view.setEditTriggers(QTableView.EditTrigger.AllEditTriggers)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.hint = QLabel("Gõ số phiếu đồng ý vào cột “Số phiếu đồng ý” rồi bấm “Lưu phiếu”. "
                           "Ý kiến bằng văn bản của thành viên vắng mặt được tính như phiếu.")
        self.hint.setWordWrap(True)
        bottom.addWidget(self.hint, 1)
        self.revert_button = QPushButton("Bỏ thay đổi")
        self.save_button = QPushButton("Lưu phiếu")
        self.save_button.setObjectName("saveVotesButton")
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.session.currentIndexChanged.connect(self._load_votes)
        self.add_button.clicked.connect(self.add_session)
        self.edit_button.clicked.connect(self.edit_session)
        self.disclosure_button.clicked.connect(self.edit_disclosure)
        self.delete_button.clicked.connect(self.delete_session)
        self.print_button.clicked.connect(self.print_ballots)
        self.pdf_button.clicked.connect(self.save_ballots)
        self.sheet_button.clicked.connect(self.vote_sheet)
        self.import_button.clicked.connect(self.import_votes)
        self.save_button.clicked.connect(self.save_votes)
        self.revert_button.clicked.connect(self._load_votes)
        self.model.dataChanged.connect(self._dirty)
        self.model.modelReset.connect(self._dirty)  # reloaded after a save: nothing left to save

    # --- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.session.currentData()
        found = ops.query(self, self.ctx, council.session_summaries)
        items = [] if found is ops.FAILED else [(x.id, x.label) for x in found]
        self.session.blockSignals(True)
        self.session.clear()
        for sid, label in items:
            self.session.addItem(label, sid)
        index = self.session.findData(chosen) if chosen is not None else self.session.count() - 1
        self.session.setCurrentIndex(max(0, index) if items else -1)
        self.session.blockSignals(False)
        self._load_votes()

    def session_id(self) -> int | None:
        return self.session.currentData()

    def _load_votes(self) -> None:
        sid = self.session_id()
        has = sid is not None
        for b in (self.edit_button, self.disclosure_button, self.delete_button, self.print_button, self.pdf_button, self.sheet_button,
                  self.import_button, self.save_button, self.revert_button):
            b.setEnabled(has)
        found = ops.query(self, self.ctx, lambda s: (
            council.vote_entry(s, sid), disclosure.posting(s, sid),
            disclosure.session_warnings(s, sid, RECORD_HINT))) if has else None
        if found is None or found is ops.FAILED:
            self.summary.setText("Chưa có phiên họp Hội đồng nào. Bấm “Thêm phiên họp…” để ghi thành phần dự họp.")
            self.disclosure.clear()
            self.model.set_rows([], co.Attendance(0, 0, 0))
            self._restrict()
            return
        entry, posting, warnings = found
        self._show_disclosure(posting, warnings)
        att = entry.attendance
        rows = [VoteRow(x.nomination, x.title_name, x.threshold, x.needed, x.agree, locked=x.locked,
                        version=x.version) for x in entry.lines]
        self.model.set_rows(rows, att)
        e = html.escape
        text = f"<b>{e(att.text())}</b>" + (f"; chủ trì: {e(entry.chair_name)}" if entry.chair_name else "")
        text += f". {len(rows)} đề nghị cần biểu quyết, đã nhập {sum(1 for r in rows if r.agree is not None)}."
        if entry.problems:
            text += "<br><span style='color:#b3261e'>" + "<br>".join(e(p) for p in entry.problems) + "</span>"
        self.summary.setText(text)
        fit_columns(self.view, 220)  # the vote columns stay in sight on a 1366-pixel screen
        self._restrict()

    def _show_disclosure(self, posting: disclosure.Posting, warnings: list[str]) -> None:
        e = html.escape
        if posting.recorded:
            text = f"<b>Công khai kết quả</b> ({e(disclosure.LAW)}): niêm yết {e(posting.period_text())}."
        else:
            text = ("<span style='color:#8a5300'><b>Chưa ghi ngày công khai kết quả</b> phiên họp "
                    f"({e(disclosure.LAW)}): bấm “Ngày công khai…” khi đã niêm yết.</span>")
        if warnings:
            text += "<br><span style='color:#b3261e'>" + "<br>".join(e(w) for w in warnings) + "</span>"
        self.disclosure.setText(text)

    def _restrict(self) -> None:
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.disclosure_button,
                 self.delete_button)
        voting = restrict(self.ctx, Action.ENTER_VOTES, self.save_button, self.import_button, self.revert_button)
        self.model.editable = voting

    def _dirty(self, *args) -> None:
        n = len(self.model.changes())
        self.save_button.setText(f"Lưu phiếu ({n} thay đổi)" if n else "Lưu phiếu")

    # --- sessions ------------------------------------------------------------------------
    def add_session(self) -> None:
        dialog = SessionDialog(self, None, DEFAULT_MEMBERS)
        if dialog.exec():
            self._save_session(dialog, None)

    def edit_session(self) -> None:
        sid = self.session_id()
        if sid is None:
            return
        data = ops.query(self, self.ctx, lambda s: council.session_input(s, sid))
        if data is ops.FAILED:
            return
        dialog = SessionDialog(self, data)
        if dialog.exec():
            self._save_session(dialog, sid)

    def _save_session(self, dialog: SessionDialog, sid: int | None) -> None:
        data = dialog.data()
        new = ops.change(self, self.ctx, "Phiên họp Hội đồng Thi đua - Khen thưởng",
                         lambda s: council.record_session(s, data, sid), title="Không lưu được phiên họp")
        if new is ops.FAILED:
            return
        self.changed.emit()
        self.refresh()
        self.session.setCurrentIndex(max(0, self.session.findData(new)))

    def edit_disclosure(self) -> None:
        sid = self.session_id()
        if sid is None:
            return
        posting = ops.query(self, self.ctx, lambda s: disclosure.posting(s, sid))
        if posting is ops.FAILED:
            return
        dialog = DisclosureDialog(self, posting, dt.date.today())
        if not dialog.exec():
            return
        posted, until = dialog.dates()
        if ops.change(self, self.ctx, f"Ngày công khai kết quả {posting.label}",
                      lambda s: disclosure.set_posting(s, sid, posted, until),
                      title="Không ghi được ngày công khai") is not ops.FAILED:
            self.changed.emit()

    def delete_session(self) -> None:
        sid = self.session_id()
        if sid is None:
            return
        if QMessageBox.question(self, "Xóa phiên họp", f"Xóa {self.session.currentText()} cùng mọi phiếu đã nhập?") \
                != QMessageBox.StandardButton.Yes:
            return
        if ops.change(self, self.ctx, "Xóa phiên họp Hội đồng", lambda s: council.delete_session(s, sid),
                      title="Không xóa được phiên họp") is not ops.FAILED:
            self.changed.emit()

    # --- votes ---------------------------------------------------------------------------
    def save_votes(self) -> None:
        changes, versions, sid = self.model.changes(), self.model.versions(), self.session_id()
        if not changes:
            return
        saved = ops.change(self, self.ctx, f"Nhập phiếu {self.session.currentText()}",
                           lambda s: council.set_votes(s, sid, changes, versions=versions),
                           title="Chưa lưu được phiếu")
        if saved is not ops.FAILED:
            self.changed.emit()

    def print_ballots(self) -> None:
        sid = self.session_id()
        self.operation = ops.query_in_background(self, self.ctx, "Lập phiếu bầu", lambda s, progress: council.current_ballot(s, sid),
                                self._preview_ballot)

    def _preview_ballot(self, ballot) -> None:
        print_preview(self, "Phiếu bầu", lambda printer: ballots.print_to(printer, ballot), landscape=False)

    def save_ballots(self) -> None:
        path = save_path(self, "Lưu phiếu bầu ra PDF", "phieu-bau.pdf", "Tệp PDF (*.pdf)")
        if path is None:
            return
        sid = self.session_id()

        def work(s, progress):  # the drawing too runs in the worker: a thousand nominees take a while
            ballot = council.current_ballot(s, sid)
            return ballot.copies, ballots.save_pdf(ballot, path)

        def done(result) -> None:
            copies, pages = result
            QMessageBox.information(self, "Đã lưu phiếu bầu", f"{copies} phiếu, {pages} trang:\n{path}")

        self.operation = ops.query_in_background(self, self.ctx, "Lưu phiếu bầu", work, done)

    def vote_sheet(self) -> None:
        path = save_path(self, "Bảng ghi số phiếu", "bang-ghi-phieu.xlsx", "Tệp Excel (*.xlsx)")
        if path is None:
            return
        sid = self.session_id()
        self.operation = ops.query_in_background(
            self, self.ctx, "Tạo bảng ghi phiếu", lambda s, progress: council.save_vote_sheet(s, path, sid, progress),
            lambda _: QMessageBox.information(self, "Đã tạo bảng ghi phiếu",
                                              f"Ghi số phiếu vào cột E rồi nhập lại:\n{path}"))

    def import_votes(self) -> None:
        path = open_path(self, "Chọn tệp kết quả phiếu", "Tệp Excel (*.xlsx)")
        if path is None:
            return
        sid = self.session_id()
        self.operation = ops.query_in_background(
            self, self.ctx, f"Đọc {path.name}", lambda s, progress: council.read_votes(s, path, sid, progress),
            self._preview_done)

    def _preview_done(self, preview) -> None:
        if ImportPreviewDialog(self, preview, column="Người, tập thể — danh hiệu").exec():
            # an import is two steps (a backup copy first, then one transaction)
            ops.database_in_background(
                self, self.ctx, f"Nhập {preview.path.name}",
                lambda db, progress: council.apply_votes(db, preview, progress),
                on_done=lambda text: (self.changed.emit(), QMessageBox.information(self, "Đã nhập", text)),
                cancellable=False)
