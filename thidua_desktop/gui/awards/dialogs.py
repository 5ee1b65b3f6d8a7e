"""Dialogs of the awards page, each built from its ``forms/*.ui``."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...domain import eligibility as el
from ...domain.achievement_parts import MAX_CHARS, PARTS, PARTS_OF
from ...domain import money
from ...domain.text import TextError, clean, clean_multiline, fold, format_date, format_money, format_number
from ...domain.units import DISCIPLINES, RATINGS
from ...domain.ward import check_document_number
from ...services.awards import catalogue as awards, council, decisions, disclosure, nominations
from ..combos import refill
from ..completer import searchable
from ..dialogs import FormDialog, optional_number
from ..uiloader import child


def _combo_id(combo: QComboBox) -> int | None:
    """The chosen item's id, also when the clerk typed its exact name."""
    index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        return combo.itemData(index)
    return None


# --- nominations -------------------------------------------------------------------------


@dataclass
class Choices:
    units: list[tuple[int, str]]
    people: list[tuple[int, str, int | None]]  # (id, "Name — position, unit", unit_id)
    titles: list[tuple[str, str, str]]  # (code, name, subject)
    standings: dict[int, nominations.PersonStanding]


class NominationDialog(FormDialog):
    def __init__(self, parent: QWidget | None, choices: Choices, row: nominations.NominationRow | None = None,
                 proposing_unit_id: int | None = None):
        super().__init__("nomination_edit", parent)
        d = self.dialog
        self.choices = choices
        self.subject = child(d, QComboBox, "subjectCombo")
        for code, label in awards.SUBJECTS.items():
            self.subject.addItem(label, code)
        self.title = child(d, QComboBox, "titleCombo")
        self.unit = child(d, QComboBox, "unitCombo")
        self.person = child(d, QComboBox, "personCombo")
        self.proposing = child(d, QComboBox, "proposingCombo")
        self.proposing.addItem("", None)
        for uid, name in choices.units:
            self.unit.addItem(name, uid)
            self.proposing.addItem(name, uid)
        for pid, label, _uid in choices.people:
            self.person.addItem(label, pid)
        for combo in (self.unit, self.person, self.proposing):
            searchable(combo)
        self.household = child(d, QLineEdit, "householdEdit")
        self.address = child(d, QLineEdit, "addressEdit")
        self.summary = child(d, QPlainTextEdit, "summaryEdit")
        self.achievement = child(d, QLineEdit, "achievementEdit")
        self.note = child(d, QLineEdit, "noteEdit")
        self.standing_box = child(d, QWidget, "standingGroup")
        self.rating = child(d, QComboBox, "ratingCombo")
        self.rating.addItem("(chưa có)", "")
        for code, label in RATINGS.items():
            self.rating.addItem(f"{code} — {label}", code)
        self.discipline = child(d, QComboBox, "disciplineCombo")
        self.discipline.addItem("Không", "")
        for code, label in DISCIPLINES.items():
            self.discipline.addItem(label, code)
        self.review = child(d, QCheckBox, "reviewCheck")
        self.initiative = child(d, QLineEdit, "initiativeEdit")
        self.labels = {n: child(d, QLabel, n) for n in ("unitLabel", "personLabel", "householdLabel", "addressLabel")}
        if row is not None:
            self.subject.setCurrentIndex(self.subject.findData(row.subject))
            self._fill_titles()
            self.title.setCurrentIndex(max(0, self.title.findData(row.title_code)))
            if row.unit_id:
                self.unit.setCurrentIndex(max(0, self.unit.findData(row.unit_id)))
            if row.person_id:
                self.person.setCurrentIndex(max(0, self.person.findData(row.person_id)))
            if row.subject == "household":
                self.household.setText(row.name)
                self.address.setText(row.where)
            index = self.proposing.findText(row.proposing_unit, Qt.MatchFlag.MatchFixedString)
            self.proposing.setCurrentIndex(max(0, index))
            self.summary.setPlainText(row.summary)
            self.achievement.setText(row.achievement_key)
            self.note.setText(row.note)
            self.subject.setEnabled(False)
        else:
            self._fill_titles()
            for combo in (self.unit, self.person):  # nothing chosen for the clerk: an easy wrong save
                combo.setCurrentIndex(-1)
            if proposing_unit_id is not None:
                self.proposing.setCurrentIndex(max(0, self.proposing.findData(proposing_unit_id)))
        self._subject_changed()
        self._person_changed()
        for combo in (self.unit, self.person, self.proposing):
            combo.lineEdit().setCursorPosition(0)  # the name, not the end of a long label
        self.subject.currentIndexChanged.connect(self._subject_changed)
        self.person.currentIndexChanged.connect(self._person_changed)
        for w in (self.unit, self.person, self.proposing, self.title):
            w.currentTextChanged.connect(self.validate)
        for w in (self.household, self.address):
            w.textChanged.connect(self.validate)
        self.summary.textChanged.connect(self.validate)

    def _fill_titles(self) -> None:
        subject = self.subject.currentData()
        refill(self.title, [(f"{name} ({code})", code) for code, name, title_subject in self.choices.titles
                            if title_subject in ("any", subject)])

    def _subject_changed(self) -> None:
        subject = self.subject.currentData()
        self._fill_titles()
        shown = {"unit": ("unitLabel",), "person": ("personLabel",), "household": ("householdLabel", "addressLabel")}
        for name, label in self.labels.items():
            visible = name in shown[subject]
            label.setVisible(visible)
        self.unit.setVisible(subject == "unit")
        self.person.setVisible(subject == "person")
        self.household.setVisible(subject == "household")
        self.address.setVisible(subject == "household")
        self.standing_box.setVisible(subject == "person")
        self.validate()

    def _person_changed(self) -> None:
        pid = _combo_id(self.person)
        standing = self.choices.standings.get(pid) if pid else None
        standing = standing or nominations.PersonStanding()
        self.rating.setCurrentIndex(max(0, self.rating.findData(standing.rating)))
        self.discipline.setCurrentIndex(max(0, self.discipline.findData(standing.discipline)))
        self.review.setChecked(standing.under_review)
        self.initiative.setText(standing.initiative)

    def data(self) -> nominations.NominationInput:
        subject = self.subject.currentData()
        return nominations.NominationInput(
            subject, self.title.currentData() or "", unit_id=_combo_id(self.unit) if subject == "unit" else None,
            person_id=_combo_id(self.person) if subject == "person" else None,
            household_name=self.household.text(), household_address=self.address.text(),
            proposing_unit_id=_combo_id(self.proposing), summary=self.summary.toPlainText(),
            achievement_key=self.achievement.text(), rating=self.rating.currentData() if subject == "person" else "",
            note=self.note.text())

    def standing(self) -> nominations.PersonStanding:
        return nominations.PersonStanding(self.rating.currentData(), self.discipline.currentData(),
                                          self.review.isChecked(), clean(self.initiative.text()))

    def check(self) -> list[str]:
        problems = []
        subject = self.subject.currentData()
        if not self.title.currentData():
            problems.append("Chọn danh hiệu, hình thức.")
        if subject == "unit" and _combo_id(self.unit) is None:
            problems.append("Chọn tập thể trong danh sách đơn vị.")
        if subject == "person" and _combo_id(self.person) is None:
            problems.append("Chọn cá nhân trong danh sách (thêm người mới ở phần Đơn vị, khối, cá nhân).")
        if subject == "household" and not clean(self.household.text()):
            problems.append("Ghi tên hộ gia đình.")
        if clean(self.proposing.currentText()) and _combo_id(self.proposing) is None:
            problems.append("Đơn vị đề nghị phải có trong danh sách đơn vị.")
        return problems


class AchievementDialog(FormDialog):
    """The parts of a nominee's báo cáo thành tích written by hand (the rest
    the report takes from the data); an emptied part is dropped."""

    def __init__(self, parent: QWidget | None, row: nominations.NominationRow, texts: dict[str, str]):
        super().__init__("achievement_text", parent)
        d = self.dialog
        child(d, QLabel, "introLabel").setText(
            f"<b>{html.escape(row.name)}</b> — {html.escape(row.title_name)}<br>Các phần dưới đây in vào báo cáo "
            "thành tích đúng như viết ở đây; họ tên, chức vụ, kết quả, điểm và khen thưởng trước đây lấy từ dữ liệu.")
        layout = child(d, QWidget, "partsBox").layout()
        self.texts = texts
        self.edits: dict[str, QPlainTextEdit] = {}
        for part in PARTS_OF.get(row.subject, ()):
            layout.addWidget(QLabel(f"{PARTS[part]}:"))
            edit = QPlainTextEdit(texts.get(part, ""))
            edit.setObjectName(f"{part}Edit")
            edit.setMinimumHeight(140)
            edit.textChanged.connect(self.validate)
            layout.addWidget(edit)
            self.edits[part] = edit

    def changes(self) -> dict[str, str]:
        """The parts written differently from what is kept (part → new text, empty to drop)."""
        typed = {part: clean_multiline(edit.toPlainText()) for part, edit in self.edits.items()}
        return {part: text for part, text in typed.items() if text != self.texts.get(part, "")}

    def check(self) -> list[str]:
        return [f"Phần “{PARTS[part]}” dài {len(edit.toPlainText())} ký tự, quá {MAX_CHARS} ký tự."
                for part, edit in self.edits.items() if len(edit.toPlainText()) > MAX_CHARS]

    def hint_texts(self) -> list[str]:
        empty = [PARTS[part] for part, edit in self.edits.items() if not clean_multiline(edit.toPlainText())]
        return [f"Còn trống: {'; '.join(empty)}."] if empty else []


# --- the council's session ------------------------------------------------------------------


class SessionDialog(FormDialog):
    def __init__(self, parent: QWidget | None, s=None, defaults: list[tuple[str, str]] | None = None):
        super().__init__("council_session", parent)
        d = self.dialog
        self.number = child(d, QLineEdit, "numberEdit")
        self.held = child(d, QDateTimeEdit, "heldEdit")
        self.ended = child(d, QDateTimeEdit, "endedEdit")
        self.place = child(d, QLineEdit, "placeEdit")
        self.chair = child(d, QLineEdit, "chairEdit")
        self.secretary = child(d, QLineEdit, "secretaryEdit")
        self.conclusion = child(d, QPlainTextEdit, "conclusionEdit")
        self.table = child(d, QTableWidget, "membersTable")
        self.count = child(d, QLabel, "countLabel")
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["Họ và tên", "Chức vụ trong Hội đồng", "Dự họp"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(2, 230)
        self.table.verticalHeader().setVisible(False)
        now = dt.datetime.now().replace(second=0, microsecond=0)
        if s is not None:
            self.number.setText(s.number)
            self.place.setText(s.place)
            self.chair.setText(s.chair_name)
            self.secretary.setText(s.secretary_name)
            self.conclusion.setPlainText(s.conclusion)
            self._set_time(self.held, s.held_at or now)
            self._set_time(self.ended, s.ended_at or s.held_at or now)
            for m in s.members:
                self._add(m.full_name, m.role, m.attendance)
        else:
            self._set_time(self.held, now.replace(hour=8, minute=0))
            self._set_time(self.ended, now.replace(hour=10, minute=0))
            for name, role in defaults or []:
                self._add(name, role, "present")
        child(d, QPushButton, "addMemberButton").clicked.connect(lambda: (self._add("", "Ủy viên", "present"),
                                                                           self.validate()))
        child(d, QPushButton, "removeMemberButton").clicked.connect(self._remove)
        self.table.itemChanged.connect(self.validate)

    @staticmethod
    def _set_time(edit: QDateTimeEdit, value: dt.datetime) -> None:
        edit.setDateTime(QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)))

    @staticmethod
    def _time(edit: QDateTimeEdit) -> dt.datetime:
        q = edit.dateTime()
        return dt.datetime(q.date().year(), q.date().month(), q.date().day(), q.time().hour(), q.time().minute())

    def _add(self, name: str, role: str, attendance: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(role))
        combo = QComboBox()
        for code, label in council.ATTENDANCE.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(0, combo.findData(attendance)))
        combo.currentIndexChanged.connect(self.validate)
        self.table.setCellWidget(row, 2, combo)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.validate()

    def members(self) -> list[council.MemberInput]:
        out = []
        for r in range(self.table.rowCount()):
            name = clean(self.table.item(r, 0).text()) if self.table.item(r, 0) else ""
            role = clean(self.table.item(r, 1).text()) if self.table.item(r, 1) else ""
            out.append(council.MemberInput(name, role, self.table.cellWidget(r, 2).currentData()))
        return out

    def data(self) -> council.SessionInput:
        return council.SessionInput(clean(self.number.text()), self._time(self.held), self._time(self.ended),
                                    self.place.text(), self.chair.text(), self.secretary.text(),
                                    self.conclusion.toPlainText(), "", [m for m in self.members() if m.full_name])

    def check(self) -> list[str]:
        members = self.members()
        present = sum(1 for m in members if m.attendance == "present")
        written = sum(1 for m in members if m.attendance == "written")
        self.count.setText(f"{len(members)} thành viên: {present} có mặt, {written} gửi ý kiến bằng văn bản, "
                           f"{len(members) - present - written} vắng")
        problems = []
        if not any(m.full_name for m in members):
            problems.append("Hội đồng phải có ít nhất một thành viên.")
        if any(not m.full_name for m in members):
            problems.append("Có dòng thành viên chưa ghi họ tên.")
        names = [fold(m.full_name) for m in members if m.full_name]
        if len(set(names)) != len(names):
            problems.append("Có thành viên trùng tên.")
        if self._time(self.ended) < self._time(self.held):
            problems.append("Giờ kết thúc phải sau giờ bắt đầu.")
        return problems


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class DisclosureDialog(FormDialog):
    """When the session's result was posted and the last day for comments
    (Luật Thi đua, khen thưởng 2022, Điều 84 khoản 5); unticked clears both."""

    def __init__(self, parent: QWidget | None, posting: disclosure.Posting, today: dt.date):
        super().__init__("council_disclosure", parent)
        d = self.dialog
        self.held_on = posting.held_on
        child(d, QLabel, "introLabel").setText(
            f"Danh sách được Hội đồng thông qua tại {posting.label} phải được công khai trước khi quyết định "
            f"khen thưởng ({disclosure.LAW}). Ghi ngày niêm yết và ngày cuối cùng nhận ý kiến: quyết định ký "
            "trước khi hết thời gian này sẽ được cảnh báo.")
        self.posted_check = child(d, QCheckBox, "postedCheck")
        self.posted = child(d, QDateEdit, "postedEdit")
        self.until = child(d, QDateEdit, "untilEdit")
        start = posting.posted_on or posting.held_on or today
        self.posted.setDate(_qdate(start))
        self.until.setDate(_qdate(posting.comments_until or start))
        self.posted_check.setChecked(True)  # opened to record the dates; unticking clears them
        self.posted_check.toggled.connect(self._enable)
        self.posted.dateChanged.connect(self.validate)
        self.until.dateChanged.connect(self.validate)
        self._enable()

    def _enable(self, *args) -> None:
        for w in (self.posted, self.until):
            w.setEnabled(self.posted_check.isChecked())
        self.validate()

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        return (_day(self.posted), _day(self.until)) if self.posted_check.isChecked() else (None, None)

    def check(self) -> list[str]:
        posted, until = self.dates()
        if posted is None:
            return []
        problems = []
        if until < posted:
            problems.append("Ngày hết hạn nhận ý kiến phải từ ngày niêm yết trở đi.")
        if self.held_on and posted < self.held_on:
            problems.append(f"Ngày niêm yết trước ngày họp Hội đồng ({format_date(self.held_on)}).")
        return problems

    def hint_texts(self) -> list[str]:
        posted, until = self.dates()
        if posted is None:
            return ["Bỏ đánh dấu: xóa ngày công khai đã ghi (văn bản để trống chỗ đó để ghi tay)."]
        if until < posted:
            return []
        return [f"Thời gian công khai, nhận ý kiến: {(until - posted).days + 1} ngày."]


# --- decisions -------------------------------------------------------------------------------


class DecisionDialog(FormDialog):
    def __init__(self, parent: QWidget | None, titles: list[tuple[int, str, str, int]],
                 sessions: list[tuple[int, str]], signer: tuple[str, str], today: dt.date,
                 decision=None, decision_titles: list[int] | None = None):
        """``titles``: (id, name, level, chosen count) of titles with nominees ready."""
        super().__init__("decision_record", parent)
        d = self.dialog
        self.number = child(d, QLineEdit, "numberEdit")
        self.date = child(d, QDateEdit, "dateEdit")
        self.signer = child(d, QLineEdit, "signerEdit")
        self.signer_title = child(d, QLineEdit, "signerTitleEdit")
        self.session = child(d, QComboBox, "sessionCombo")
        self.titles = child(d, QListWidget, "titleList")
        self.note = child(d, QLineEdit, "noteEdit")
        self.preview = child(d, QLabel, "previewLabel")
        self.session.addItem("(không ghi)", None)
        for sid, label in sessions:
            self.session.addItem(label, sid)
        self.session.setCurrentIndex(self.session.count() - 1)
        chosen = set(decision_titles or [])
        for tid, name, level, count in titles:
            item = QListWidgetItem(f"{name} — {count} người, tập thể được chọn"
                                   + (" (đề nghị thành phố)" if level == "city" else ""))
            item.setData(Qt.ItemDataRole.UserRole, (tid, level, count))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if tid in chosen else Qt.CheckState.Unchecked)
            self.titles.addItem(item)
        day = decision.signed_on if decision is not None else today
        self.date.setDate(QDate(day.year, day.month, day.day))
        if decision is not None:
            self.number.setText(decision.number)
            self.signer.setText(decision.signer_name)
            self.signer_title.setText(decision.signer_title)
            self.note.setText(decision.note)
            if decision.session_id:
                self.session.setCurrentIndex(max(0, self.session.findData(decision.session_id)))
            self.dialog.setWindowTitle(f"Ghi lại quyết định số {decision.number}")
        else:
            self.signer.setText(signer[0])
            self.signer_title.setText(signer[1])
        self.number.textChanged.connect(self.validate)
        self.titles.itemChanged.connect(self.validate)

    def chosen(self) -> list[tuple[int, str, int]]:
        return [self.titles.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.titles.count())
                if self.titles.item(i).checkState() == Qt.CheckState.Checked]

    @property
    def signed_on(self) -> dt.date:
        q = self.date.date()
        return dt.date(q.year(), q.month(), q.day())

    def data(self) -> decisions.DecisionInput:
        return decisions.DecisionInput(clean(self.number.text()), self.signed_on, [t for t, _, _ in self.chosen()],
                                       self.signer.text(), self.signer_title.text(), self.session.currentData(),
                                       self.note.text())

    def check(self) -> list[str]:
        problems = []
        number = clean(self.number.text())
        if not number:
            problems.append("Ghi số, ký hiệu của văn bản.")
        elif check_document_number(number):
            problems.append(check_document_number(number))
        chosen = self.chosen()
        if not chosen:
            problems.append("Chọn ít nhất một danh hiệu, hình thức.")
        if len({level for _, level, _ in chosen}) > 1:
            problems.append("Không gộp danh hiệu phường quyết định với danh hiệu đề nghị thành phố trong một văn bản.")
        count = sum(c for _, _, c in chosen)
        self.preview.setText(f"Sẽ ghi {count} người, tập thể vào văn bản." if chosen else "")
        return problems


# --- the catalogue and the rules ----------------------------------------------------------------


class TitleDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title=None):
        super().__init__("award_title_edit", parent)
        d = self.dialog
        self.code = child(d, QLineEdit, "codeEdit")
        self.name = child(d, QLineEdit, "nameEdit")
        self.kind = child(d, QComboBox, "kindCombo")
        self.subject = child(d, QComboBox, "subjectCombo")
        self.level = child(d, QComboBox, "levelCombo")
        self.unit_multiple = child(d, QLineEdit, "unitMultipleEdit")
        self.person_multiple = child(d, QLineEdit, "personMultipleEdit")
        self.threshold = child(d, QLineEdit, "thresholdEdit")
        self.op = child(d, QComboBox, "opCombo")
        self.base = child(d, QComboBox, "baseCombo")
        self.ballot = child(d, QCheckBox, "ballotCheck")
        self.quota = child(d, QLineEdit, "quotaEdit")
        self.active = child(d, QCheckBox, "activeCheck")
        self.note = child(d, QPlainTextEdit, "noteEdit")
        for combo, items in ((self.kind, awards.KINDS), (self.subject, awards.TITLE_SUBJECTS),
                             (self.level, awards.LEVELS),
                             (self.op, {"ge": "từ … trở lên (≥)", "gt": "trên (>) — đa số là trên 50%"}),
                             (self.base, {"total": "tổng số thành viên Hội đồng",
                                          "present": "số thành viên biểu quyết (có mặt và gửi ý kiến)"})):
            for code, label in items.items():
                combo.addItem(label, code)
        self.active.setChecked(True)
        if title is not None:
            self.code.setText(title.code)
            self.name.setText(title.name)
            for combo, value in ((self.kind, title.kind), (self.subject, title.subject), (self.level, title.level),
                                 (self.op, title.threshold_op), (self.base, title.threshold_base)):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            multiples = title.multiples or {}
            if "unit" in multiples:
                self.unit_multiple.setText(format_number(multiples["unit"]))
            if "person" in multiples:
                self.person_multiple.setText(format_number(multiples["person"]))
            if title.pass_threshold is not None:
                self.threshold.setText(format_number(title.pass_threshold))
            self.ballot.setChecked(title.needs_ballot)
            if title.quota is not None:
                self.quota.setText(str(title.quota))
            self.active.setChecked(title.active)
            self.note.setPlainText(title.note)
        for w in (self.code, self.name, self.unit_multiple, self.person_multiple, self.threshold, self.quota):
            w.textChanged.connect(self.validate)

    def values(self) -> dict:
        multiples = {}
        for key, edit in (("unit", self.unit_multiple), ("person", self.person_multiple)):
            value = optional_number(edit.text())
            if value is not None:
                multiples[key] = value
        quota = optional_number(self.quota.text())
        return {"code": clean(self.code.text()).upper(), "name": clean(self.name.text()),
                "kind": self.kind.currentData(), "subject": self.subject.currentData(),
                "level": self.level.currentData(), "multiples": multiples, "needs_ballot": self.ballot.isChecked(),
                "pass_threshold": optional_number(self.threshold.text()), "threshold_base": self.base.currentData(),
                "threshold_op": self.op.currentData(),
                "quota": int(quota) if quota is not None and float(quota).is_integer() else quota,
                "note": clean_multiline(self.note.toPlainText())}

    def check(self) -> list[str]:
        problems = awards.title_problems(self.values())
        for edit, what in ((self.unit_multiple, "Hệ số tập thể"), (self.person_multiple, "Hệ số cá nhân"),
                           (self.threshold, "Ngưỡng biểu quyết"), (self.quota, "Số lượng tối đa")):
            if clean(edit.text()) and optional_number(edit.text()) is None:
                problems.append(f"{what} phải là số.")
        return [p[:1].upper() + p[1:] for p in problems]


class RuleDialog(FormDialog):
    def __init__(self, parent: QWidget | None, config: el.RuleConfig):
        super().__init__("eligibility_rule_edit", parent)
        d = self.dialog
        self.rule = config.rule
        child(d, QLabel, "ruleLabel").setText(f"<b>{config.rule.label}</b>")
        child(d, QLabel, "sourceLabel").setText(f"Nguồn: {config.rule.source}")
        self.mode = child(d, QComboBox, "modeCombo")
        for mode in el.Mode:
            self.mode.addItem(mode.label, mode.value)
        self.titles = child(d, QLineEdit, "titlesEdit")
        self.text = child(d, QPlainTextEdit, "textEdit")
        self.params_layout = child(d, QWidget, "paramsGroup").layout()
        child(d, QWidget, "paramsGroup").setVisible(bool(config.rule.param_defs))
        self.param_widgets: dict[str, QWidget] = {}
        for p in config.rule.param_defs:
            value = config.param(p.key)
            if p.kind == "rating":
                w = QComboBox()
                for code, label in RATINGS.items():
                    w.addItem(f"{code} — {label}", code)
                w.setCurrentIndex(max(0, w.findData(value)))
            elif p.kind == "discipline":
                w = QComboBox()
                for code, label in DISCIPLINES.items():
                    w.addItem(label, code)
                w.setCurrentIndex(max(0, w.findData(value)))
            elif p.kind == "kinds":
                w = QLineEdit("; ".join(f"{k}: {', '.join(v)}" for k, v in (value or {}).items()))
                w.setToolTip("Mã danh hiệu: loại đơn vị, … ; ví dụ TDPVH: to_dan_pho")
            else:
                w = QLineEdit(format_number(value) if isinstance(value, (int, float)) else str(value or ""))
            self.param_widgets[p.key] = w
            self.params_layout.addRow(p.label + ":", w)
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self.validate)
        self._load(config.mode.value, list(config.titles), config.text)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setText("Về mặc định")
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self._load(self.rule.mode.value, list(self.rule.titles), self.rule.text))
        self.titles.textChanged.connect(self.validate)
        self.text.textChanged.connect(self.validate)

    def _load(self, mode: str, titles: list[str], text: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self.titles.setText(", ".join(titles))
        self.text.setPlainText(text)

    def value(self) -> dict:
        out = {"mode": self.mode.currentData(),
               "titles": [clean(t).upper() if clean(t) != "*" else "*" for t in self.titles.text().split(",")
                          if clean(t)],
               "text": clean_multiline(self.text.toPlainText())}
        for p in self.rule.param_defs:
            w = self.param_widgets[p.key]
            if isinstance(w, QComboBox):
                out[p.key] = w.currentData()
            elif p.kind == "kinds":
                kinds = {}
                for part in w.text().split(";"):
                    code, _, rest = part.partition(":")
                    if clean(code):
                        kinds[clean(code).upper()] = [clean(x) for x in rest.split(",") if clean(x)]
                out[p.key] = kinds
            elif p.kind in ("percent", "number"):
                number = optional_number(w.text())
                out[p.key] = number if number is not None else w.text()
            else:
                out[p.key] = clean(w.text())
        return out

    def check(self) -> list[str]:
        problem = el.setting_problem(self.rule)(self.value())
        return [problem[:1].upper() + problem[1:]] if problem else []


class MoneyRulesDialog(FormDialog):
    def __init__(self, parent: QWidget | None, values: dict):
        super().__init__("award_money_rules", parent)
        d = self.dialog
        self.table = child(d, QTableWidget, "salaryTable")
        self.table.setColumnCount(3)
        self.table.setHorizontalHeaderLabels(["Áp dụng từ ngày", "Lương cơ sở (đồng)", "Căn cứ"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        for step in values["money.base_salary_history"]:
            self._add(step.get("from", ""), step.get("amount", 0), step.get("basis", ""))
        self.round = child(d, QLineEdit, "roundEdit")
        self.household = child(d, QLineEdit, "householdEdit")
        self.highest = child(d, QCheckBox, "highestCheck")
        self.female = child(d, QLineEdit, "femaleEdit")
        self.participation = child(d, QLineEdit, "participationEdit")
        self.round.setText(format_money(values["money.round_to"]))
        self.household.setText(format_number(values["money.household_factor"]))
        self.highest.setChecked(bool(values["money.highest_title_only"]))
        self.female.setText(format_number(values["council.female_share"]))
        self.participation.setText(format_number(values["council.min_participation"]))
        child(d, QPushButton, "addSalaryButton").clicked.connect(lambda: (self._add("", 0, ""), self.validate()))
        child(d, QPushButton, "removeSalaryButton").clicked.connect(self._remove)
        self.table.itemChanged.connect(self.validate)
        for w in (self.round, self.household, self.female, self.participation):
            w.textChanged.connect(self.validate)

    def _add(self, start: str, amount: int, basis: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        shown = format_date(dt.date.fromisoformat(start)) if start else ""
        for col, text in enumerate((shown, format_money(amount) if amount else "", basis)):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def _remove(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())
            self.validate()

    def history(self) -> list[dict]:
        from ...domain.text import parse_date

        out = []
        for r in range(self.table.rowCount()):
            cells = [clean(self.table.item(r, c).text()) if self.table.item(r, c) else "" for c in range(3)]
            try:
                start = parse_date(cells[0]).isoformat()
            except TextError:
                start = cells[0]
            amount = optional_number(cells[1])
            out.append({"from": start, "amount": int(amount) if amount is not None and amount.is_integer()
                        else amount, "basis": cells[2]})
        return out

    def values(self) -> dict:
        round_to = optional_number(self.round.text())
        return {
            "money.base_salary_history": self.history(),
            "money.round_to": int(round_to) if round_to is not None else None,
            "money.household_factor": optional_number(self.household.text()),
            "money.highest_title_only": self.highest.isChecked(),
            "council.female_share": optional_number(self.female.text()),
            "council.min_participation": optional_number(self.participation.text()),
        }

    def check(self) -> list[str]:
        problems = []
        problem = money.history_problem(self.history())
        if problem:
            problems.append(problem)
        for key, value in self.values().items():
            if value is None:
                problems.append("Các ô số phải ghi số.")
                break
        return problems
