"""Hội đồng: the session (members, attendance), blank ballots, and the vote entry."""
from __future__ import annotations

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
from ...services.awards import catalogue as awards, council, nominations
from ...services import plan
from ..access import restrict
from ..errors import show_error
from ..files import open_path, save_path
from ..import_preview import ImportPreviewDialog
from ..operations import run_operation
from ..tablemodel import fit_columns, tidy_table
from .dialogs import SessionDialog
from .printing import print_preview

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
        self.delete_button = QPushButton("Xóa phiên họp")
        for b in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("sessionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
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
        self.delete_button.clicked.connect(self.delete_session)
        self.print_button.clicked.connect(self.print_ballots)
        self.pdf_button.clicked.connect(self.save_ballots)
        self.sheet_button.clicked.connect(self.vote_sheet)
        self.import_button.clicked.connect(self.import_votes)
        self.save_button.clicked.connect(self.save_votes)
        self.revert_button.clicked.connect(self._load_votes)
        self.model.dataChanged.connect(self._dirty)

    # --- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.session.currentData()
        with self.ctx.db.read() as session:
            found = council.sessions(session, plan.current_campaign(session))
            items = [(s.id, nominations.session_label(s)) for s in found]
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
        for b in (self.edit_button, self.delete_button, self.print_button, self.pdf_button, self.sheet_button,
                  self.import_button, self.save_button, self.revert_button):
            b.setEnabled(has)
        if not has:
            self.summary.setText("Chưa có phiên họp Hội đồng nào. Bấm “Thêm phiên họp…” để ghi thành phần dự họp.")
            self.model.set_rows([], co.Attendance(0, 0, 0))
            self._restrict()
            return
        with self.ctx.db.read() as session:
            campaign = plan.current_campaign(session)
            s = council.get_session(session, sid)
            att = nominations.attendance_of(s)
            problems = council.attendance_problems(session, s)
            titles = {t.id: t for t in awards.titles(session)}
            votes = {v.nomination_id: v.agree for v in s.votes}
            rows = []
            for r in nominations.rows(session, campaign, include_withdrawn=False):
                title = titles[r.title_id]
                if title.pass_threshold is None:
                    continue
                if r.id not in votes and not (r.verdict.may_proceed and r.status == "proposed"):
                    continue
                threshold = awards.threshold(title)
                rows.append(VoteRow(r, title.name, threshold, co.votes_needed(att, threshold), votes.get(r.id),
                                    locked=r.decision_frozen))
            chair = s.chair_name
        self.model.set_rows(rows, att)
        e = html.escape
        text = f"<b>{e(att.text())}</b>" + (f"; chủ trì: {e(chair)}" if chair else "")
        text += f". {len(rows)} đề nghị cần biểu quyết, đã nhập {sum(1 for r in rows if r.agree is not None)}."
        if problems:
            text += "<br><span style='color:#b3261e'>" + "<br>".join(e(p) for p in problems) + "</span>"
        self.summary.setText(text)
        fit_columns(self.view, 220)  # the vote columns stay in sight on a 1366-pixel screen
        self._restrict()

    def _restrict(self) -> None:
        restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button)
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
        with self.ctx.db.read() as session:
            s = council.get_session(session, sid)
            dialog = SessionDialog(self, s)
        if dialog.exec():
            self._save_session(dialog, sid)

    def _save_session(self, dialog: SessionDialog, sid: int | None) -> None:
        try:
            with self.ctx.db.transaction(reason="Phiên họp Hội đồng Thi đua - Khen thưởng") as session:
                s = council.save_session(session, plan.current_campaign(session), dialog.data(), sid)
                new = s.id
        except Exception as exc:
            show_error(self, exc, "Không lưu được phiên họp")
            return
        self.changed.emit()
        self.refresh()
        self.session.setCurrentIndex(max(0, self.session.findData(new)))

    def delete_session(self) -> None:
        sid = self.session_id()
        if sid is None:
            return
        if QMessageBox.question(self, "Xóa phiên họp", f"Xóa {self.session.currentText()} cùng mọi phiếu đã nhập?") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.db.transaction(reason="Xóa phiên họp Hội đồng") as session:
                council.delete_session(session, sid)
        except Exception as exc:
            show_error(self, exc, "Không xóa được phiên họp")
            return
        self.changed.emit()

    # --- votes ---------------------------------------------------------------------------
    def save_votes(self) -> None:
        changes = self.model.changes()
        if not changes:
            return
        try:
            with self.ctx.db.transaction(reason=f"Nhập phiếu {self.session.currentText()}") as session:
                council.set_votes(session, self.session_id(), changes)
        except Exception as exc:
            show_error(self, exc, "Chưa lưu được phiếu")
            return
        self.changed.emit()

    def _ballot(self, secret: bool = False):
        with self.ctx.db.read() as session:
            return council.ballot(session, plan.current_campaign(session), self.session_id(), secret)

    def print_ballots(self) -> None:
        try:
            ballot = self._ballot()
        except Exception as exc:
            show_error(self, exc, "Không lập được phiếu bầu")
            return
        print_preview(self, "Phiếu bầu", lambda printer: ballots.print_to(printer, ballot), landscape=False)

    def save_ballots(self) -> None:
        path = save_path(self, "Lưu phiếu bầu ra PDF", "phieu-bau.pdf", "Tệp PDF (*.pdf)")
        if path is None:
            return
        try:
            ballot = self._ballot()
            pages = ballots.save_pdf(ballot, path)
        except Exception as exc:
            show_error(self, exc, "Không lưu được phiếu bầu")
            return
        QMessageBox.information(self, "Đã lưu phiếu bầu", f"{ballot.copies} phiếu, {pages} trang:\n{path}")

    def vote_sheet(self) -> None:
        path = save_path(self, "Bảng ghi số phiếu", "bang-ghi-phieu.xlsx", "Tệp Excel (*.xlsx)")
        if path is None:
            return
        try:
            council.write_vote_sheet(self.ctx.db, path, self.session_id())
        except Exception as exc:
            show_error(self, exc, "Không tạo được bảng ghi phiếu")
            return
        QMessageBox.information(self, "Đã tạo bảng ghi phiếu", f"Ghi số phiếu vào cột E rồi nhập lại:\n{path}")

    def import_votes(self) -> None:
        path = open_path(self, "Chọn tệp kết quả phiếu", "Tệp Excel (*.xlsx)")
        if path is None:
            return
        sid = self.session_id()
        run_operation(self, f"Đọc {path.name}", lambda progress: council.preview_votes(self.ctx.db, path, sid, progress),
                      on_done=self._preview_done)

    def _preview_done(self, preview) -> None:
        if ImportPreviewDialog(self, preview, column="Người, tập thể — danh hiệu").exec():
            run_operation(self, f"Nhập {preview.path.name}",
                          lambda progress: council.apply_votes(self.ctx.db, preview, progress),
                          on_done=lambda text: (self.changed.emit(), QMessageBox.information(self, "Đã nhập", text)),
                          cancellable=False)
