"""Add and edit dialogs for units, blocks, people, registrations and block
assignment, built from ``forms/*.ui``; each checks what is typed as it is typed."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.registry import (
    REGISTRATION_TITLES,
    NameIndex,
    PersonFields,
    UnitFields,
    check_block_name,
    gender_hint,
    guess_kind,
    is_leader_position,
    parse_birth,
    registration_problems,
    titles_for_kind,
)
from ...domain.text import TextError, clean, collation_key, fold, format_date
from ...domain.units import DISCIPLINES, GENDERS, RATINGS, UNIT_KINDS
from ...services.registry.standing import YearStanding
from ...services.registry.views import BlockMemberChoice
from ..uiloader import child
from ..dialogs import FormDialog
from ..combos import select_data
from ..completer import searchable

NO_BLOCK = "(chưa xếp khối)"


def _count(spin: QSpinBox) -> int | None:
    return None if spin.value() < 0 else spin.value()


def show_history(form: FormDialog, rows: list, name: str = "") -> None:
    """The awards of every year (lịch sử khen thưởng) under a unit or person being edited,
    read-only: the app's decisions, the imported lists and the city's decisions typed in,
    a unit's predecessors included (their old name said)."""
    box = QGroupBox(f"Lịch sử khen thưởng ({len(rows)})" if rows else "Lịch sử khen thưởng")
    box.setObjectName("historyBox")
    inside = QVBoxLayout(box)
    if rows:
        listing = QListWidget()
        listing.setObjectName("historyList")
        for r in rows:
            line = f"{r.year}: {r.title} — {r.level_label}"
            if r.decision_number:
                line += f", Quyết định số {r.decision_number}"
            if r.decision_date:
                line += f" ngày {format_date(r.decision_date)}"
            if name and r.subject == "unit" and fold(r.name) != fold(name):
                line += f" (khi là {r.name})"
            listing.addItem(line)
        listing.setMaximumHeight(110)
        inside.addWidget(listing)
    else:
        empty = QLabel("Chưa có khen thưởng nào được ghi: các quyết định ghi trong chương trình, danh sách các năm "
                       "trước nhập từ Excel (thidua history import) và quyết định của thành phố đều hiện ở đây.")
        empty.setWordWrap(True)
        inside.addWidget(empty)
    main = form.dialog.layout()
    at = main.indexOf(form.buttons)
    main.insertWidget(at if at >= 0 else main.count(), box)


class UnitDialog(FormDialog):
    """Add or change a unit. A name that is already taken — even written with
    other case, spacing, accents or tone placement — is flagged at once."""

    def __init__(self, parent: QWidget | None, names: NameIndex, blocks: list[tuple[int, str]],
                 fields: UnitFields | None = None, block_id: int | None = None, unit_id: int | None = None):
        super().__init__("unit_dialog", parent)
        self.names = names
        self.unit_id = unit_id
        self.dialog.setWindowTitle("Sửa đơn vị" if unit_id else "Thêm đơn vị")
        self.name = child(self.dialog, QLineEdit, "name")
        self.kind = child(self.dialog, QComboBox, "kind")
        self.block = child(self.dialog, QComboBox, "block")
        self.head_name = child(self.dialog, QLineEdit, "head_name")
        self.phone = child(self.dialog, QLineEdit, "phone")
        self.address = child(self.dialog, QLineEdit, "address")
        self.email = child(self.dialog, QLineEdit, "email")
        self.staff = child(self.dialog, QSpinBox, "staff_count")
        self.female = child(self.dialog, QSpinBox, "female_staff_count")
        self.active = child(self.dialog, QCheckBox, "active")
        self.note = child(self.dialog, QPlainTextEdit, "note")
        self.kind.addItem("(chưa chọn)", "")
        for code, label in UNIT_KINDS.items():
            self.kind.addItem(label, code)
        self.block.addItem(NO_BLOCK, None)
        for bid, bname in blocks:
            self.block.addItem(bname, bid)
        fields = fields or UnitFields()
        self.name.setText(fields.name)
        select_data(self.kind, fields.kind)
        select_data(self.block, block_id)
        self.head_name.setText(fields.head_name)
        self.phone.setText(fields.phone)
        self.address.setText(fields.address)
        self.email.setText(fields.email)
        self.staff.setValue(-1 if fields.staff_count is None else fields.staff_count)
        self.female.setValue(-1 if fields.female_staff_count is None else fields.female_staff_count)
        self.active.setChecked(fields.active)
        self.note.setPlainText(fields.note)
        self._kind_chosen = bool(fields.kind)  # the clerk's choice is never overwritten by a guess
        self.kind.activated.connect(self._kind_picked)
        for edit in (self.name, self.head_name, self.phone, self.address, self.email):
            edit.textChanged.connect(self.validate)
        self.name.textChanged.connect(self._guess_kind)
        for spin in (self.staff, self.female):
            spin.valueChanged.connect(self.validate)
        self.kind.currentIndexChanged.connect(self.validate)

    def _kind_picked(self, _index: int) -> None:
        self._kind_chosen = True

    def _guess_kind(self, text: str) -> None:
        if self._kind_chosen:
            return
        guessed = guess_kind(text)
        if guessed:
            select_data(self.kind, guessed)

    def fields(self) -> UnitFields:
        return UnitFields(name=self.name.text(), kind=self.kind.currentData() or "", head_name=self.head_name.text(),
                          phone=self.phone.text(), address=self.address.text(), email=self.email.text(),
                          staff_count=_count(self.staff), female_staff_count=_count(self.female),
                          active=self.active.isChecked(), note=self.note.toPlainText())

    @property
    def block_id(self) -> int | None:
        return self.block.currentData()

    def check(self) -> list[str]:
        fields = self.fields()
        problems = fields.problems()
        name = clean(fields.name)
        clash = self.names.conflict(name, self.unit_id) if name else None
        if clash is not None:
            problems.insert(0, f"Đã có đơn vị “{clash.name}”" + (" (trùng tên)." if clash.exact else
                                                                    " — chỉ khác dấu hoặc chữ hoa."))
        self.mark(self.name, not name or clash is not None)
        self.mark(self.phone, any(p.startswith("Số điện thoại") for p in problems))
        self.mark(self.email, any("thư điện tử" in p for p in problems))
        self.mark(self.female, any(p.startswith("Số nữ") for p in problems))
        return problems

    def hint_texts(self) -> list[str]:
        fields = self.fields()
        hints = []
        if not fields.kind and clean(fields.name):
            hints.append("Chưa chọn loại hình (dùng để lọc và để chọn danh hiệu phù hợp).")
        if not fields.active and self.unit_id:
            hints.append("Đơn vị ngừng hoạt động vẫn giữ lịch sử thi đua, khen thưởng.")
        return hints


class PersonDialog(FormDialog):
    """Add or change a person; the unit is picked by typing part of its name."""

    def __init__(self, parent: QWidget | None, units: list[tuple[int, str]],
                 duplicate: Callable[[PersonFields, int | None], str | None],
                 fields: PersonFields | None = None, person_id: int | None = None,
                 standing: YearStanding | None = None, year: int | None = None):
        super().__init__("person_dialog", parent)
        self.person_id = person_id
        self.duplicate = duplicate
        self.dialog.setWindowTitle("Sửa thông tin cá nhân" if person_id else "Thêm cá nhân")
        self.full_name = child(self.dialog, QLineEdit, "full_name")
        self.gender = child(self.dialog, QComboBox, "gender")
        self.birth = child(self.dialog, QLineEdit, "birth")
        self.position = child(self.dialog, QLineEdit, "position")
        self.unit = child(self.dialog, QComboBox, "unit")
        self.is_leader = child(self.dialog, QCheckBox, "is_leader")
        self.phone = child(self.dialog, QLineEdit, "phone")
        self.address = child(self.dialog, QLineEdit, "address")
        self.active = child(self.dialog, QCheckBox, "active")
        self.note = child(self.dialog, QPlainTextEdit, "note")
        self.gender.addItem("(chưa ghi)", "")
        for code, label in GENDERS.items():
            self.gender.addItem(label, code)
        self.unit.addItem("", None)
        for uid, uname in sorted(units, key=lambda u: collation_key(u[1])):
            self.unit.addItem(uname, uid)
        searchable(self.unit)  # words of the unit's name, with or without accents ("so 15")
        self._unit_names = {fold(name): uid for uid, name in units}
        fields = fields or PersonFields()
        self.full_name.setText(fields.full_name)
        select_data(self.gender, fields.gender)
        self.birth.setText(format_date(fields.birth_date) if fields.birth_date else
                           (str(fields.birth_year) if fields.birth_year else ""))
        self.position.setText(fields.position)
        select_data(self.unit, fields.unit_id)
        self.is_leader.setChecked(fields.is_leader)
        self.phone.setText(fields.phone)
        self.address.setText(fields.address)
        self.active.setChecked(fields.active)
        self.note.setPlainText(fields.note)
        self._build_year(standing or YearStanding(), year)
        self._leader_chosen = person_id is not None  # a new person's box follows the position until ticked
        self.is_leader.clicked.connect(self._leader_picked)
        self.position.textChanged.connect(self._guess_leader)
        for edit in (self.full_name, self.birth, self.position, self.phone, self.address):
            edit.textChanged.connect(self.validate)
        self.unit.currentIndexChanged.connect(self.validate)
        self.unit.editTextChanged.connect(self.validate)
        self.gender.currentIndexChanged.connect(self.validate)

    def _build_year(self, standing: YearStanding, year: int | None) -> None:
        """The year's rating (the legal levels) and discipline (none, or a form and its decision)."""
        self.year_box = child(self.dialog, QGroupBox, "yearBox")
        if year:
            self.year_box.setTitle(f"Xếp loại, kỷ luật năm {year}")
        self.rating = child(self.dialog, QComboBox, "rating")
        self.discipline = child(self.dialog, QComboBox, "discipline")
        self.decision = child(self.dialog, QLineEdit, "decision")
        self.under_review = child(self.dialog, QCheckBox, "under_review")
        self.rating.addItem("(chưa xếp loại)", "")
        for code, label in RATINGS.items():
            self.rating.addItem(f"{label} ({code})", code)
        self.discipline.addItem("Không bị kỷ luật", "")
        for code, label in DISCIPLINES.items():
            self.discipline.addItem(label, code)
        select_data(self.rating, standing.rating)
        select_data(self.discipline, standing.discipline)
        self.decision.setText(standing.decision)
        self.under_review.setChecked(standing.under_review)
        self.decision.setEnabled(bool(standing.discipline))
        self.discipline.currentIndexChanged.connect(self._discipline_changed)
        self.decision.textChanged.connect(self.validate)

    def _discipline_changed(self, *args) -> None:
        self.decision.setEnabled(bool(self.discipline.currentData()))
        self.validate()

    def standing(self) -> YearStanding:
        discipline = self.discipline.currentData() or ""
        return YearStanding(self.rating.currentData() or "", discipline,
                            self.decision.text() if discipline else "", self.under_review.isChecked())

    def _leader_picked(self) -> None:
        self._leader_chosen = True

    def _guess_leader(self, text: str) -> None:
        if not self._leader_chosen:
            self.is_leader.setChecked(is_leader_position(text))

    def unit_id(self) -> int | None:
        typed = fold(self.unit.currentText())
        if not typed:
            return None
        data = self.unit.currentData()
        if data is not None and fold(self.unit.itemText(self.unit.currentIndex())) == typed:
            return data
        return self._unit_names.get(typed)

    def _birth(self) -> tuple[dt.date | None, int | None, str | None]:
        try:
            birth_date, year = parse_birth(self.birth.text())
        except TextError as exc:
            return None, None, str(exc)[:1].upper() + str(exc)[1:] + "."
        return birth_date, year, None

    def fields(self) -> PersonFields:
        birth_date, year, _ = self._birth()
        return PersonFields(full_name=self.full_name.text(), gender=self.gender.currentData() or "",
                            birth_date=birth_date, birth_year=year, position=self.position.text(),
                            unit_id=self.unit_id(), is_leader=self.is_leader.isChecked(), phone=self.phone.text(),
                            address=self.address.text(), active=self.active.isChecked(),
                            note=self.note.toPlainText())

    def check(self) -> list[str]:
        fields = self.fields().cleaned()
        problems = fields.problems()
        _, _, birth_problem = self._birth()
        if birth_problem:
            problems.append(birth_problem)
        if self.unit.currentText().strip() and fields.unit_id is None:
            problems = [p for p in problems if p != "Chưa chọn đơn vị công tác."]
            problems.append(f"Chưa có đơn vị “{clean(self.unit.currentText())}”; hãy chọn trong danh sách.")
        duplicate = self.duplicate(fields, self.person_id) if fields.unit_id and fields.full_name else None
        if duplicate:
            problems.insert(0, duplicate)
        self.mark(self.full_name, any("Họ và tên" in p or "họ và tên" in p for p in problems) or bool(duplicate))
        self.mark(self.birth, any("sinh" in p.lower() for p in problems))
        self.mark(self.unit, fields.unit_id is None)
        self.mark(self.phone, any(p.startswith("Số điện thoại") for p in problems))
        year_problems = self.standing().problems()
        self.mark(self.decision, bool(year_problems))
        return problems + year_problems

    def hint_texts(self) -> list[str]:
        fields = self.fields().cleaned()
        hints = [h for h in [gender_hint(fields.full_name, fields.gender)] if h]
        if self.full_name.text().strip() and fields.full_name != clean(self.full_name.text()):
            hints.append(f"Sẽ lưu là “{fields.full_name}”.")
        standing = self.standing()
        if standing.discipline and not standing.decision.strip():
            hints.append("Nên ghi số, ngày của quyết định kỷ luật.")
        return hints


class BlockDialog(FormDialog):
    """Add or change a block: its name, member units, leading unit and deputy."""

    def __init__(self, parent: QWidget | None, names: NameIndex, units: list[BlockMemberChoice],
                 block_id: int | None = None, name: str = "", member_ids: set[int] | None = None,
                 leader_id: int | None = None, deputy_id: int | None = None, note: str = ""):
        super().__init__("block_dialog", parent)
        self.names = names
        self.block_id = block_id
        self.original_name = name
        self.dialog.setWindowTitle("Sửa khối thi đua" if block_id else "Thêm khối thi đua")
        self.name = child(self.dialog, QLineEdit, "name")
        self.members = child(self.dialog, QListWidget, "members")
        self.member_filter = child(self.dialog, QLineEdit, "memberFilter")
        self.leader = child(self.dialog, QComboBox, "leader")
        self.deputy = child(self.dialog, QComboBox, "deputy")
        self.note = child(self.dialog, QLineEdit, "note")
        self.name.setText(name)
        self.note.setText(note)
        member_ids = member_ids or set()
        self._units = {u.unit_id: u for u in units}
        for u in sorted(units, key=lambda u: (u.unit_id not in member_ids, collation_key(u.name))):
            where = "" if not u.block_name or u.unit_id in member_ids else f"  — đang ở “{u.block_name}”"
            item = QListWidgetItem(u.name + where)
            item.setData(Qt.ItemDataRole.UserRole, u.unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u.unit_id in member_ids else Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self._fill_roles(leader_id, deputy_id)
        self.name.textChanged.connect(self.validate)
        self.members.itemChanged.connect(self._members_changed)
        self.member_filter.textChanged.connect(self._filter_members)
        self.leader.currentIndexChanged.connect(self.validate)
        self.deputy.currentIndexChanged.connect(self.validate)

    def member_ids(self) -> list[int]:
        return [self.members.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.members.count())
                if self.members.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, unit_ids: set[int]) -> None:
        for i in range(self.members.count()):
            item = self.members.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in unit_ids
                               else Qt.CheckState.Unchecked)

    def _fill_roles(self, leader_id: int | None, deputy_id: int | None) -> None:
        members = sorted(self.member_ids(), key=lambda i: collation_key(self._units[i].name))
        for combo, chosen in ((self.leader, leader_id), (self.deputy, deputy_id)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(chưa chọn)", None)
            for unit_id in members:
                combo.addItem(self._units[unit_id].name, unit_id)
            select_data(combo, chosen if chosen in members else None)
            combo.blockSignals(False)

    def _members_changed(self, _item=None) -> None:
        self._fill_roles(self.leader.currentData(), self.deputy.currentData())
        self.validate()

    def _filter_members(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.members.count()):
            item = self.members.item(i)
            haystack = fold(item.text())
            item.setHidden(bool(words) and not all(w in haystack for w in words))

    def check(self) -> list[str]:
        problems = [p for p in [check_block_name(self.name.text())] if p]
        name = clean(self.name.text())
        clash = self.names.conflict(name, self.block_id) if name else None
        if clash is not None:
            problems.insert(0, f"Năm nay đã có “{clash.name}”.")
        leader, deputy = self.leader.currentData(), self.deputy.currentData()
        if leader is not None and leader == deputy:
            problems.append("Trưởng khối và phó khối phải là hai đơn vị khác nhau.")
        self.mark(self.name, bool(problems) and (not name or clash is not None))
        return problems

    def hint_texts(self) -> list[str]:
        members = self.member_ids()
        moving = [self._units[i].name for i in members if self._units[i].block_name
                  and self._units[i].block_name != self.original_name]
        hints = [f"{len(members)} đơn vị thành viên."]
        if moving:
            hints.append(f"Sẽ chuyển {len(moving)} đơn vị từ khối khác sang: " + "; ".join(moving[:5])
                         + ("…" if len(moving) > 5 else "") + ".")
        if members and self.leader.currentData() is None:
            hints.append("Chưa chọn trưởng khối.")
        return hints


class RegistrationDialog(FormDialog):
    """Register one or many units at once: the date and the titles aimed for."""

    def __init__(self, parent: QWidget | None, units: list[tuple[str, str]], year: int,
                 registered_on: dt.date | None = None, titles: list[str] | None = None, note: str = ""):
        super().__init__("registration_dialog", parent)
        self.units = units  # (name, kind)
        self.dialog.setWindowTitle("Đăng ký thi đua")
        names = [n for n, _ in units]
        shown = ", ".join(f"<b>{n}</b>" for n in names[:6]) + (f" và {len(names) - 6} đơn vị khác" if len(names) > 6
                                                               else "")
        child(self.dialog, QLabel, "unitsLabel").setText(
            f"Đăng ký thi đua năm {year} của {len(names)} đơn vị: {shown}" if len(names) > 1
            else f"Đăng ký thi đua năm {year} của {shown}")
        self.has_date = child(self.dialog, QCheckBox, "has_date")
        self.date = child(self.dialog, QDateEdit, "registered_on")
        self.note = child(self.dialog, QLineEdit, "note")
        day = registered_on or dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.has_date.setChecked(True)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.note.setText(note)
        kinds = {k for _, k in units}
        allowed = set(REGISTRATION_TITLES)
        for kind in kinds:
            allowed &= set(titles_for_kind(kind))
        self.boxes: dict[str, QCheckBox] = {}
        for code, label in REGISTRATION_TITLES.items():
            box = child(self.dialog, QCheckBox, f"title_{code}")
            box.setText(label)
            box.setChecked(code in (titles or []))
            if code not in allowed and code not in (titles or []):
                box.setEnabled(False)
                box.setToolTip("Không dành cho loại hình của đơn vị đã chọn.")
            box.toggled.connect(self.validate)
            self.boxes[code] = box
        self.date.dateChanged.connect(self.validate)

    def titles(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def registered_on(self) -> dt.date | None:
        if not self.has_date.isChecked():
            return None
        q = self.date.date()
        return dt.date(q.year(), q.month(), q.day())

    def check(self) -> list[str]:
        titles = self.titles()
        problems: list[str] = []
        several = len(self.units) > 1
        for name, kind in self.units:
            for problem in registration_problems(kind, titles, name if several else ""):
                if problem not in problems:
                    problems.append(problem[:1].upper() + problem[1:])
        if not titles:
            problems = ["Chọn ít nhất một danh hiệu, hình thức đăng ký."]
        return problems[:8] + ([f"… và {len(problems) - 8} vấn đề khác."] if len(problems) > 8 else [])


class AssignBlockDialog(FormDialog):
    """Put the selected units in one block (or take them out of any block)."""

    def __init__(self, parent: QWidget | None, unit_names: list[str], blocks: list[tuple[int, str]],
                 leaders: list[str]):
        super().__init__("assign_block", parent, ok_text="Xếp vào khối")
        shown = ", ".join(unit_names[:8]) + (f" và {len(unit_names) - 8} đơn vị khác" if len(unit_names) > 8 else "")
        child(self.dialog, QLabel, "unitsLabel").setText(f"Xếp <b>{len(unit_names)}</b> đơn vị đã chọn ({shown}) vào:")
        self.block = child(self.dialog, QComboBox, "block")
        for bid, name in blocks:
            self.block.addItem(name, bid)
        self.block.addItem("(bỏ khỏi khối, chưa xếp khối)", None)
        self.leaders = leaders
        self.block.currentIndexChanged.connect(self.validate)

    @property
    def block_id(self) -> int | None:
        return self.block.currentData()

    def hint_texts(self) -> list[str]:
        if self.leaders:
            return ["Đang là trưởng/phó khối, sẽ thôi vai trò đó ở khối cũ: " + "; ".join(self.leaders) + "."]
        return []
