"""The scorecard editor (bảng chấm điểm của khối) and the adjustment dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ...domain import scoring as sc
from ...domain.text import TextError, clean, format_number, parse_number
from ...services.awards import scoring
from ..uiloader import child
from ..combos import refill
from ..dialogs import FormDialog, optional_number

ROLE_LABELS = {r.value: r.label for r in sc.Role}
SCALES = (100, 1000)
_COLS = ("Mã", "Tiêu chí", "Vai trò", "Cách chấm", "Điểm tối đa")


class ScorecardDialog(FormDialog):
    """Edits one block's scorecard; ``edits()`` and the header fields give what to save."""

    def __init__(self, parent: QWidget | None, card: scoring.BlockCard, criteria_kinds: dict[int, str]):
        super().__init__("scorecard_edit", parent)
        d = self.dialog
        self.card = card
        self.kinds = criteria_kinds  # criterion id → kind (measure / yesno / number)
        intro = child(d, QLabel, "blockLabel")
        intro.setWordWrap(False)  # two set lines: a wrapped label was drawn over the row below
        intro.setText(f"<b>{card.block_name}</b> — điểm tối đa và cách chấm từng tiêu chí, trên thang điểm của khối."
                      "<br>Thêm tiêu chí chấm điểm ở phần Chỉ tiêu và kết quả › Tiêu chí của khối.")
        self.scale = child(d, QComboBox, "scaleCombo")
        for s in SCALES:
            self.scale.addItem(f"{format_number(s)} điểm", s)
        self.scale.setCurrentIndex(SCALES.index(card.card.scale) if card.card.scale in SCALES else 0)
        self._scale_value = card.card.scale
        self.bonus_cap = child(d, QLineEdit, "bonusCapEdit")
        if card.card.bonus_cap is not None:
            self.bonus_cap.setText(format_number(card.card.bonus_cap))
        self.sum_label = child(d, QLabel, "sumLabel")
        self.table = child(d, QTableWidget, "criteriaTable")
        self.table.setColumnCount(len(_COLS))
        self.table.setHorizontalHeaderLabels(list(_COLS))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 60), (2, 130), (3, 300), (4, 95)):
            self.table.setColumnWidth(column, width)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.params_box = child(d, QWidget, "paramsGroup")
        self.params_layout = self.params_box.layout()
        self.params: list[dict] = []
        self.ids: list[int | None] = []
        self.new_kinds: list[str] = []
        for c, spec in zip(card.criteria, card.card.criteria):
            self._add_row(c.id, c.code, c.label, spec.role.value, spec.rule.value, spec.max_points,
                          dict(spec.settings), existing_kind=c.kind)
        self.bands = child(d, QTableWidget, "bandsTable")
        self.bands.setColumnCount(2)
        self.bands.setHorizontalHeaderLabels(["Xếp loại", "Điểm từ"])
        self.bands.verticalHeader().setVisible(False)
        self.bands.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for band in card.card.bands:
            self._add_band(band.name, band.minimum)
        self.tiebreak = child(d, QListWidget, "tiebreakList")
        chosen = list(card.card.tiebreak)
        for key in chosen + [k for k in sc.TIEBREAKS if k not in chosen]:
            item = QListWidgetItem(sc.TIEBREAKS[key].label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.tiebreak.addItem(item)
        self.note = child(d, QLineEdit, "noteEdit")
        self.note.setText(card.note)
        child(d, QPushButton, "addBonusButton").clicked.connect(lambda: self._new(sc.Role.BONUS))
        child(d, QPushButton, "addPenaltyButton").clicked.connect(lambda: self._new(sc.Role.PENALTY))
        child(d, QPushButton, "addDisqualifyButton").clicked.connect(lambda: self._new(sc.Role.DISQUALIFY))
        child(d, QPushButton, "removeButton").clicked.connect(self._remove)
        child(d, QPushButton, "defaultButton").clicked.connect(self._default_points)
        child(d, QPushButton, "addBandButton").clicked.connect(lambda: self._add_band("", 0))
        child(d, QPushButton, "removeBandButton").clicked.connect(
            lambda: self.bands.removeRow(self.bands.currentRow()) if self.bands.currentRow() >= 0 else None)
        child(d, QPushButton, "upButton").clicked.connect(lambda: self._move(-1))
        child(d, QPushButton, "downButton").clicked.connect(lambda: self._move(1))
        self.scale.currentIndexChanged.connect(self._scale_changed)
        self.bonus_cap.textChanged.connect(self.validate)
        self.table.itemChanged.connect(self.validate)
        self.table.currentCellChanged.connect(lambda *a: self._show_params())
        self.bands.itemChanged.connect(self.validate)
        if self.table.rowCount():
            self.table.selectRow(0)
        self._show_params()

    # --- rows ------------------------------------------------------------------
    def _add_row(self, cid, code, label, role, rule, points, params, existing_kind="yesno") -> None:
        self.table.blockSignals(True)  # the row is checked once complete
        try:
            self._insert_row(cid, code, label, role, rule, points, params, existing_kind)
        finally:
            self.table.blockSignals(False)

    def _insert_row(self, cid, code, label, role, rule, points, params, existing_kind) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.ids.append(cid)
        self.params.append(params)
        self.new_kinds.append(existing_kind)
        editable = cid is None or (role != sc.Role.SCORE.value and existing_kind != "measure")
        for col, text in ((0, code), (1, label)):
            item = QTableWidgetItem(text)
            if not editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, col, item)
        role_combo = QComboBox()
        allowed_roles = [sc.Role.SCORE] if role == sc.Role.SCORE.value and cid is not None else list(sc.Role)
        if cid is None:
            allowed_roles = [r for r in sc.Role if r is not sc.Role.SCORE]
        for r in allowed_roles:
            role_combo.addItem(r.label, r.value)
        role_combo.setCurrentIndex(max(0, role_combo.findData(role)))
        rule_combo = QComboBox()
        self.table.setCellWidget(row, 2, role_combo)
        self.table.setCellWidget(row, 3, rule_combo)
        self._fill_rules(rule_combo, sc.Role(role), rule)
        points_item = QTableWidgetItem(format_number(points))
        points_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 4, points_item)
        role_combo.currentIndexChanged.connect(lambda _i, c=role_combo, r=rule_combo: self._role_changed(c, r))
        rule_combo.currentIndexChanged.connect(lambda _i: (self._show_params(), self.validate()))

    @staticmethod
    def _fill_rules(combo: QComboBox, role: sc.Role, current: str) -> None:
        refill(combo, [(rule.label, rule.value) for rule in sc.RULES_FOR_ROLE[role]], prefer=current)

    def _role_changed(self, role_combo: QComboBox, rule_combo: QComboBox) -> None:
        self._fill_rules(rule_combo, sc.Role(role_combo.currentData()), rule_combo.currentData())
        self._show_params()
        self.validate()

    def _new(self, role: sc.Role) -> None:
        prefix = {sc.Role.BONUS: "T", sc.Role.PENALTY: "TR", sc.Role.DISQUALIFY: "L"}[role]
        codes = {self._text(r, 0) for r in range(self.table.rowCount())}
        n = 1
        while f"{prefix}{n}" in codes:
            n += 1
        label = {sc.Role.BONUS: "Điểm thưởng: ", sc.Role.PENALTY: "Điểm trừ: ",
                 sc.Role.DISQUALIFY: "Tiêu chí liệt: "}[role]
        self._add_row(None, f"{prefix}{n}", label, role.value, sc.Rule.YESNO.value,
                      0 if role is sc.Role.DISQUALIFY else 1, {})
        self.table.selectRow(self.table.rowCount() - 1)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 1))
        self.validate()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        role = self.table.cellWidget(row, 2).currentData()
        if self.ids[row] is not None and (role == sc.Role.SCORE.value or self.new_kinds[row] == "measure"):
            QMessageBox.information(self.dialog, "Không xóa ở đây",
                                    "Tiêu chí chấm điểm thuộc danh mục tiêu chí của khối; xóa ở phần Chỉ tiêu và kết quả "
                                    "› Tiêu chí của khối. Ở đây có thể đặt điểm tối đa bằng 0.")
            return
        self.table.removeRow(row)
        del self.ids[row], self.params[row], self.new_kinds[row]
        self._show_params()
        self.validate()

    def _default_points(self) -> None:
        rows = [r for r in range(self.table.rowCount()) if self.table.cellWidget(r, 2).currentData() == "score"]
        for r, points in zip(rows, scoring.equal_points(len(rows), self.scale.currentData())):
            self.table.item(r, 4).setText(format_number(points))

    def _scale_changed(self) -> None:
        new = self.scale.currentData()
        old = self._scale_value
        self._scale_value = new
        if old and new != old:
            factor = new / old
            for r in range(self.table.rowCount()):
                value = optional_number(self.table.item(r, 4).text())
                if value is not None:
                    self.table.item(r, 4).setText(format_number(value * factor))
            for r in range(self.bands.rowCount()):
                value = optional_number(self.bands.item(r, 1).text())
                if value is not None:
                    self.bands.item(r, 1).setText(format_number(value * factor))
            cap = optional_number(self.bonus_cap.text())
            if cap is not None:
                self.bonus_cap.setText(format_number(cap * factor))
        self.validate()

    def _add_band(self, name: str, minimum: float) -> None:
        row = self.bands.rowCount()
        self.bands.insertRow(row)
        self.bands.setItem(row, 0, QTableWidgetItem(name))
        item = QTableWidgetItem(format_number(minimum))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bands.setItem(row, 1, item)

    def _move(self, step: int) -> None:
        row = self.tiebreak.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.tiebreak.count():
            return
        item = self.tiebreak.takeItem(row)
        self.tiebreak.insertItem(target, item)
        self.tiebreak.setCurrentRow(target)

    # --- the selected criterion's parameters ---------------------------------------
    def _show_params(self) -> None:
        while self.params_layout.count():
            item = self.params_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        row = self.table.currentRow()
        if row < 0:
            self.params_box.setEnabled(False)
            return
        rule = sc.Rule(self.table.cellWidget(row, 3).currentData())
        specs = sc.RULE_PARAMS[rule]
        role = self.table.cellWidget(row, 2).currentData()
        specs = tuple(p for p in specs if not (p.key == "limit" and role != sc.Role.DISQUALIFY.value)
                      and not (p.key == "each" and role == sc.Role.DISQUALIFY.value))
        self.params_box.setEnabled(bool(specs))
        if not specs:
            self.params_layout.addRow(QLabel(f"“{rule.label}” không có tham số."))
            return
        values = sc.rule_params(rule, self.params[row])
        for p in specs:
            if p.kind == "bool":
                box = QCheckBox(p.label)
                box.setChecked(bool(values[p.key]))
                box.toggled.connect(lambda on, r=row, k=p.key: self._set_param(r, k, on))
                self.params_layout.addRow(box)
            else:
                edit = QLineEdit(format_number(values[p.key]))
                edit.textChanged.connect(lambda text, r=row, k=p.key: self._set_param(r, k, text))
                self.params_layout.addRow(p.label + ":", edit)

    def _set_param(self, row: int, key: str, value) -> None:
        if isinstance(value, str):
            number = optional_number(value)
            self.params[row][key] = number if number is not None else value
        else:
            self.params[row][key] = value
        self.validate()

    # --- reading back ---------------------------------------------------------------
    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return clean(item.text()) if item is not None else ""

    def edits(self) -> list[scoring.CriterionEdit]:
        out = []
        for r in range(self.table.rowCount()):
            points = optional_number(self._text(r, 4))
            params = {k: v for k, v in self.params[r].items() if not isinstance(v, str)}
            out.append(scoring.CriterionEdit(self.ids[r], self._text(r, 0), self._text(r, 1),
                                             points if points is not None else -1,
                                             self.table.cellWidget(r, 3).currentData(),
                                             self.table.cellWidget(r, 2).currentData(), params,
                                             kind=self.new_kinds[r] if self.ids[r] is not None else "yesno"))
        return out

    def band_values(self) -> list[dict]:
        out = []
        for r in range(self.bands.rowCount()):
            name = clean(self.bands.item(r, 0).text()) if self.bands.item(r, 0) else ""
            minimum = optional_number(self.bands.item(r, 1).text()) if self.bands.item(r, 1) else None
            out.append({"name": name, "min": minimum if minimum is not None else -1})
        return out

    def tiebreak_values(self) -> list[str]:
        return [self.tiebreak.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.tiebreak.count())
                if self.tiebreak.item(i).checkState() == Qt.CheckState.Checked]

    @property
    def scale_value(self) -> int:
        return int(self.scale.currentData())

    @property
    def bonus_cap_value(self) -> float | None:
        return optional_number(self.bonus_cap.text())

    def check(self) -> list[str]:
        problems = []
        total = 0.0
        for r, e in enumerate(self.edits()):
            if e.max_points < 0:
                problems.append(f"Tiêu chí {e.code or r + 1}: điểm tối đa phải là số không âm.")
            if not e.code or not e.label:
                problems.append(f"Dòng {r + 1}: cần mã và nội dung tiêu chí.")
            if any(isinstance(v, str) for v in self.params[r].values()):
                problems.append(f"Tiêu chí {e.code}: tham số phải là số.")
            if e.role == "score" and e.max_points > 0:
                total += e.max_points
        codes = [e.code for e in self.edits()]
        if len(set(codes)) != len(codes):
            problems.append("Có hai tiêu chí trùng mã.")
        problem = sc.bands_problem(self.band_values())
        if problem:
            problems.append(f"Xếp loại: {problem}")
        if clean(self.bonus_cap.text()) and self.bonus_cap_value is None:
            problems.append("Điểm thưởng tối đa phải là số (để trống nếu không giới hạn).")
        scale = self.scale_value
        colour = "#1e6b33" if abs(total - scale) < 1e-6 else "#b3261e"
        self.sum_label.setStyleSheet(f"color: {colour};")
        self.sum_label.setText(f"Tổng điểm chuẩn: {format_number(total)}/{format_number(scale)}"
                               + ("" if abs(total - scale) < 1e-6 else " (sẽ quy đổi về thang điểm)"))
        return problems


class AdjustmentDialog(FormDialog):
    """Adds a điểm thưởng (positive) or điểm trừ (negative) with its reason."""

    def __init__(self, parent: QWidget | None, units: list[tuple[int, str]], unit_id: int | None = None):
        super().__init__("adjustment_edit", parent)
        self.unit = child(self.dialog, QComboBox, "unitCombo")
        for uid, name in units:
            self.unit.addItem(name, uid)
        if unit_id is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        self.points = child(self.dialog, QLineEdit, "pointsEdit")
        self.reason = child(self.dialog, QPlainTextEdit, "reasonEdit")
        self.points.textChanged.connect(self.validate)
        self.reason.textChanged.connect(self.validate)

    @property
    def value(self) -> float | None:
        try:
            return parse_number(self.points.text()) if clean(self.points.text()) else None
        except TextError:
            return None

    def check(self) -> list[str]:
        problems = []
        if self.unit.currentData() is None:
            problems.append("Chưa chọn đơn vị.")
        if not self.value:
            problems.append("Ghi số điểm khác 0: dương là điểm thưởng, âm là điểm trừ.")
        if len(clean(self.reason.toPlainText())) < 5:
            problems.append("Ghi lý do (sẽ in trong phần giải thích điểm).")
        return problems
