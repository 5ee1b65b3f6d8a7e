"""Dialogs of the targets and results screens, built from ``forms/*.ui``.

Each dialog checks its fields as they are typed, keeps OK disabled while
something is wrong and lists the problems under the form; the services check
again when saving.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from ...domain.evaluation import RollupMethod
from ...domain.targets import Comparison, MeasureKind
from ...domain.text import clean, format_date, format_number
from ...services.results import targets as target_service
from ...services.xlsx.importing import Outcome
from ..dialogs import FormDialog, optional_date, optional_number
from ..import_preview import OUTCOME_COLOURS
from ..tablemodel import Column, RowTableModel
from ..uiloader import child, load_form


# --- periods -------------------------------------------------------------------


@dataclass
class PeriodValues:
    code: str
    name: str
    start: dt.date | None
    end: dt.date | None
    deadline: dt.date | None


class PeriodDialog(FormDialog):
    """Add an interim period, or (with ``current``) edit one: its code stays,
    since the Excel forms already sent out carry it."""

    def __init__(self, parent: QWidget | None, taken_codes: set[str], taken_names: set[str],
                 current: PeriodValues | None = None, is_main: bool = False):
        super().__init__("period_edit", parent, ok_text="Thêm kỳ" if current is None else "Lưu")
        f = self.dialog
        self.code = child(f, QLineEdit, "codeEdit")
        self.name = child(f, QLineEdit, "nameEdit")
        self.start = child(f, QLineEdit, "startEdit")
        self.end = child(f, QLineEdit, "endEdit")
        self.deadline = child(f, QLineEdit, "deadlineEdit")
        self.taken_codes = {c.casefold() for c in taken_codes}
        self.taken_names = {n.casefold() for n in taken_names}
        if current is not None:
            f.setWindowTitle(f"Sửa kỳ báo cáo “{current.name}”")
            intro = ("Mã kỳ giữ nguyên vì các phiếu Excel đã gửi đơn vị ghi mã này."
                     + (" Hạn báo cáo của kỳ cả năm cũng là hạn các đơn vị báo cáo của kế hoạch." if is_main else ""))
            child(f, QLabel, "introLabel").setText(intro)
            self.code.setText(current.code)
            self.code.setReadOnly(True)
            self.code.setEnabled(False)
            self.taken_codes.discard(current.code.casefold())
            self.taken_names.discard(current.name.casefold())
            self.name.setText(current.name)
            self.start.setText(format_date(current.start))
            self.end.setText(format_date(current.end))
            self.deadline.setText(format_date(current.deadline))
        for edit in (self.code, self.name, self.start, self.end, self.deadline):
            edit.textChanged.connect(self.validate)

    def check(self) -> list[str]:
        problems = []
        if not clean(self.code.text()):
            problems.append("Chưa ghi mã kỳ.")
        elif clean(self.code.text()).casefold() in self.taken_codes:
            problems.append("Mã kỳ đã có.")
        if not clean(self.name.text()):
            problems.append("Chưa ghi tên kỳ.")
        elif clean(self.name.text()).casefold() in self.taken_names:
            problems.append("Tên kỳ đã có.")
        start = optional_date(self.start.text(), "Từ ngày", problems)
        end = optional_date(self.end.text(), "Đến ngày", problems)
        optional_date(self.deadline.text(), "Hạn báo cáo", problems)
        if start and end and start > end:
            problems.append("Ngày bắt đầu sau ngày kết thúc.")
        return problems

    def values(self) -> PeriodValues:
        return PeriodValues(clean(self.code.text()), clean(self.name.text()), optional_date(self.start.text()),
                            optional_date(self.end.text()), optional_date(self.deadline.text()))


# --- forms out -------------------------------------------------------------------


class FormsExportDialog(FormDialog):
    """Which units get a form, and the folder to write them to."""

    def __init__(self, parent: QWidget | None, period_name: str, units: list[tuple[int, str, bool]],
                 folder: str, preselected: set[int] | None = None):
        super().__init__("result_forms_export", parent, ok_text="Tạo phiếu")
        f = self.dialog
        child(f, QLabel, "introLabel").setText(
            f"Mỗi đơn vị được chọn nhận một tệp Excel kỳ “{period_name}”: tên đơn vị, các chỉ tiêu, tiêu chí "
            "được giao và kế hoạch đã ghi sẵn, chỉ các ô nền vàng được nhập. Gửi tệp cho đơn vị, nhận lại rồi "
            "dùng “Đọc phiếu, bảng gửi về”.")
        self.units = child(f, QListWidget, "unitList")
        self.folder = child(f, QLineEdit, "folderEdit")
        self.folder.setText(folder)
        for unit_id, name, reported in units:
            item = QListWidgetItem(name + ("  — đã báo cáo" if reported else ""))
            item.setData(Qt.ItemDataRole.UserRole, (unit_id, reported))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = unit_id in preselected if preselected else True
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.units.addItem(item)
        child(f, QPushButton, "selectAllButton").clicked.connect(lambda: self._select(lambda r: True))
        child(f, QPushButton, "selectNoneButton").clicked.connect(lambda: self._select(lambda r: False))
        child(f, QPushButton, "selectMissingButton").clicked.connect(lambda: self._select(lambda r: not r))
        child(f, QPushButton, "browseButton").clicked.connect(self._browse)
        self.units.itemChanged.connect(self.validate)
        self.folder.textChanged.connect(self.validate)

    def _select(self, rule) -> None:
        for i in range(self.units.count()):
            item = self.units.item(i)
            _, reported = item.data(Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if rule(reported) else Qt.CheckState.Unchecked)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.dialog, "Chọn thư mục lưu phiếu", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> list[int]:
        out = []
        for i in range(self.units.count()):
            item = self.units.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole)[0])
        return out

    def check(self) -> list[str]:
        problems = []
        if not self.chosen():
            problems.append("Chưa chọn đơn vị nào.")
        if not clean(self.folder.text()):
            problems.append("Chưa chọn thư mục lưu phiếu.")
        elif Path(self.folder.text()).exists() and not Path(self.folder.text()).is_dir():
            problems.append("Đường dẫn đã chọn là một tệp, không phải thư mục.")
        return problems


# --- read-back preview -----------------------------------------------------------


class ImportPreviewDialog:
    """What a read-back found, file by file and row by row, before anything is written."""

    def __init__(self, parent: QWidget | None, readback):
        self.dialog: QDialog = load_form("result_import_preview", parent)
        f = self.dialog
        self.readback = readback
        accepted, rejected = readback.accepted, readback.rejected
        new, update = readback.count(Outcome.NEW), readback.count(Outcome.UPDATE)
        summary = (f"<b>Đã đọc {len(readback.files)} tệp:</b> {len(accepted)} tệp đọc được "
                   f"({new} kết quả mới, {update} kết quả sửa), "
                   f"<span style='color:#b3261e'>{len(rejected)} tệp bị từ chối</span>."
                   "<br>Mỗi tệp vào trọn vẹn hoặc không vào gì. Tệp bị từ chối không được ghi; "
                   "sửa rồi đọc lại, hoặc xin đơn vị gửi lại.")
        child(f, QLabel, "summaryLabel").setText(summary)
        self.files_model = RowTableModel([
            Column("Tệp", lambda r: r.path.name, tooltip=lambda r: str(r.path)),
            Column("Đơn vị", lambda r: r.unit_name or ("(bảng nhập)" if r.kind == "table" else "")),
            Column("Kết quả đọc", lambda r: "Đọc được" if r.accepted else "Từ chối",
                   foreground=lambda r: "#1e6b33" if r.accepted else "#b3261e"),
            Column("Ngày lập", lambda r: r.reported_on if r.kind == "form" else None),
            Column("Mới", lambda r: r.preview.count(Outcome.NEW) or None),
            Column("Sửa", lambda r: r.preview.count(Outcome.UPDATE) or None),
            Column("Lý do từ chối", lambda r: r.reason, tooltip=lambda r: r.reason),
        ], readback.files)
        self.files = child(f, QTableView, "filesView")
        self.files.setObjectName("previewFiles")
        self.files.setModel(self.files_model)
        self.files.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.files.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.files.verticalHeader().setVisible(False)
        header = self.files.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.rows_model = RowTableModel([
            Column("Dòng", lambda r: r.row),
            Column("Kết quả", lambda r: r.outcome.label, foreground=lambda r: OUTCOME_COLOURS[r.outcome]),
            Column("Chỉ tiêu, tiêu chí", lambda r: r.name),
            Column("Nội dung", lambda r: r.message, tooltip=lambda r: r.message),
        ])
        self.rows = child(f, QTableView, "rowsView")
        self.rows.setModel(self.rows_model)
        self.rows.verticalHeader().setVisible(False)
        rh = self.rows.horizontalHeader()
        rh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rh.setStretchLastSection(True)
        self.files.selectionModel().currentRowChanged.connect(self._show_rows)
        buttons = child(f, QDialogButtonBox, "buttonBox")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(f"Nhập {len(accepted)} tệp đọc được")
        self.ok.setEnabled(bool(accepted))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy, không nhập gì")
        buttons.accepted.connect(self.dialog.accept)
        buttons.rejected.connect(self.dialog.reject)
        if readback.files:
            first = next((i for i, r in enumerate(readback.files) if not r.accepted), 0)
            self.files.selectRow(first)
            self._show_rows(self.files_model.index(first, 0))

    def _show_rows(self, current, previous=None) -> None:
        if not current.isValid():
            return
        self.rows_model.set_rows(self.files_model.row_at(current.row()).preview.rows)

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.DialogCode.Accepted


# --- a measure -------------------------------------------------------------------


class MeasureDialog(FormDialog):
    """A measure, with its target's code and text (the code only for a new target)."""

    def __init__(self, parent: QWidget | None, target_code: str, target_text: str, values: dict,
                 has_results: bool, new: bool = False, taken_codes: set[str] = frozenset()):
        super().__init__("measure_edit", parent)
        f = self.dialog
        self.new = new
        self.taken = {c.casefold() for c in taken_codes}
        self.target_code = child(f, QLineEdit, "targetCodeEdit")
        self.target_text = child(f, QPlainTextEdit, "targetTextEdit")
        self.target_code.setText(target_code)
        self.target_code.setReadOnly(not new)
        self.target_text.setPlainText(target_text)
        if new:
            self.dialog.setWindowTitle("Thêm chỉ tiêu")
            self.ok.setText("Thêm")
        self.label = child(f, QLineEdit, "labelEdit")
        self.unit = child(f, QLineEdit, "unitEdit")
        self.kind = child(f, QComboBox, "kindCombo")
        self.comparison = child(f, QComboBox, "comparisonCombo")
        self.planned = child(f, QLineEdit, "plannedEdit")
        self.baseline = child(f, QLineEdit, "baselineEdit")
        self.numerator = child(f, QLineEdit, "numeratorEdit")
        self.denominator = child(f, QLineEdit, "denominatorEdit")
        self.amount_unit = child(f, QLineEdit, "amountUnitEdit")
        self.rollup = child(f, QComboBox, "rollupCombo")
        self.note = child(f, QPlainTextEdit, "noteEdit")
        for kind in MeasureKind:
            self.kind.addItem(kind.label, kind.value)
        for comparison in Comparison:
            self.comparison.addItem(comparison.label, comparison.value)
        for method in RollupMethod:
            self.rollup.addItem(method.label, method.value)
        self.label.setText(values.get("label", ""))
        self.unit.setText(values.get("unit", ""))
        self.kind.setCurrentIndex(max(self.kind.findData(values.get("kind")), 0))
        self.comparison.setCurrentIndex(max(self.comparison.findData(values.get("comparison")), 0))
        self.planned.setText(format_number(values.get("planned_value"), max_decimals=4))
        self.baseline.setText(format_number(values.get("baseline_value"), max_decimals=4))
        self.numerator.setText(values.get("numerator_label", ""))
        self.denominator.setText(values.get("denominator_label", ""))
        self.amount_unit.setText(values.get("amount_unit", ""))
        self.rollup.setCurrentIndex(max(self.rollup.findData(values.get("rollup", "none")), 0))
        self.note.setPlainText(values.get("note", ""))
        if has_results:
            self.kind.setEnabled(False)
            self.kind.setToolTip("Tiêu chí đo đã có kết quả: không đổi loại giá trị được.")
        for edit in (self.label, self.unit, self.planned, self.baseline, self.target_code):
            edit.textChanged.connect(self.validate)
        self.target_text.textChanged.connect(self.validate)
        for combo in (self.kind, self.comparison, self.rollup):
            combo.currentIndexChanged.connect(self.validate)

    def values(self) -> dict:
        return {
            "label": self.label.text(), "unit": self.unit.text(), "kind": self.kind.currentData(),
            "comparison": self.comparison.currentData(),
            "planned_value": optional_number(self.planned.text()),
            "baseline_value": optional_number(self.baseline.text()),
            "numerator_label": self.numerator.text(), "denominator_label": self.denominator.text(),
            "amount_unit": self.amount_unit.text(), "rollup": self.rollup.currentData(),
            "note": self.note.toPlainText(),
        }

    def check(self) -> list[str]:
        problems: list[str] = []
        if self.new:
            code = clean(self.target_code.text()).strip("()")
            if not code:
                problems.append("Chưa ghi mã chỉ tiêu.")
            elif code.casefold() in self.taken:
                problems.append(f"Đã có chỉ tiêu hoặc tiêu chí đo mã “{code}”.")
        if not clean(self.target_text.toPlainText()):
            problems.append("Chưa ghi nội dung chỉ tiêu.")
        optional_number(self.planned.text(), "Giá trị kế hoạch", problems)
        optional_number(self.baseline.text(), "Số năm trước", problems)
        return problems + target_service.check_measure(self.values())


# --- a criterion of a block ----------------------------------------------------------


class CriterionDialog(FormDialog):
    def __init__(self, parent: QWidget | None, block_name: str, measures: list[tuple[int, str]],
                 values: dict | None = None, taken_codes: set[str] = frozenset()):
        super().__init__("criterion_edit", parent)
        f = self.dialog
        child(f, QLabel, "blockLabel").setText(f"<b>Khối:</b> {block_name}")
        self.kind = child(f, QComboBox, "kindCombo")
        self.measure = child(f, QComboBox, "measureCombo")
        self.code = child(f, QLineEdit, "codeEdit")
        self.label = child(f, QLineEdit, "labelEdit")
        self.group = child(f, QLineEdit, "groupEdit")
        self.unit = child(f, QLineEdit, "unitEdit")
        self.comparison = child(f, QComboBox, "comparisonCombo")
        self.planned = child(f, QLineEdit, "plannedEdit")
        self.note = child(f, QPlainTextEdit, "noteEdit")
        self.taken = {c.casefold() for c in taken_codes}
        for kind, label in target_service.CRITERION_KINDS.items():
            self.kind.addItem(label, kind)
        for measure_id, text in measures:
            self.measure.addItem(text, measure_id)
        for comparison in (Comparison.GE, Comparison.GT, Comparison.EQ, Comparison.LE, Comparison.LT):
            self.comparison.addItem(comparison.label, comparison.value)
        values = values or {"kind": "yesno"}
        self.kind.setCurrentIndex(max(self.kind.findData(values.get("kind")), 0))
        if values.get("measure_id"):
            self.measure.setCurrentIndex(max(self.measure.findData(values["measure_id"]), 0))
        self.code.setText(values.get("code", ""))
        self.label.setText(values.get("label", ""))
        self.group.setText(values.get("group", ""))
        self.unit.setText(values.get("unit", ""))
        self.comparison.setCurrentIndex(max(self.comparison.findData(values.get("comparison", "ge")), 0))
        self.planned.setText(format_number(values.get("planned_value"), max_decimals=4))
        self.note.setPlainText(values.get("note", ""))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.measure.currentIndexChanged.connect(self._measure_changed)
        for edit in (self.code, self.label, self.planned, self.unit):
            edit.textChanged.connect(self.validate)
        self._kind_changed()

    def _kind_changed(self, *args) -> None:
        kind = self.kind.currentData()
        self.measure.setEnabled(kind == "measure")
        for widget in (self.unit, self.comparison):
            widget.setEnabled(kind == "number")
        self.planned.setEnabled(kind != "yesno")
        if kind == "measure":
            self._measure_changed()
        self.validate()

    def _measure_changed(self, *args) -> None:
        if self.kind.currentData() == "measure" and self.measure.currentIndex() >= 0:
            text = self.measure.currentText()
            code = text.split(" ", 1)[0]
            if not clean(self.code.text()) or self.code.property("auto"):
                self.code.setText(code)
                self.code.setProperty("auto", True)
            if not clean(self.label.text()) or self.label.property("auto"):
                self.label.setText(text.split(" – ", 1)[-1])
                self.label.setProperty("auto", True)

    def values(self) -> dict:
        kind = self.kind.currentData()
        return {
            "kind": kind, "measure_id": self.measure.currentData() if kind == "measure" else None,
            "code": self.code.text(), "label": self.label.text(), "group": self.group.text(),
            "unit": self.unit.text() if kind == "number" else "",
            "comparison": self.comparison.currentData() if kind == "number" else "ge",
            "planned_value": optional_number(self.planned.text()) if kind != "yesno" else None,
            "note": self.note.toPlainText(),
        }

    def check(self) -> list[str]:
        problems: list[str] = []
        if not clean(self.code.text()):
            problems.append("Chưa ghi mã tiêu chí.")
        elif clean(self.code.text()).casefold() in self.taken:
            problems.append("Khối đã có tiêu chí mã này.")
        if self.kind.currentData() != "measure" and not clean(self.label.text()):
            problems.append("Chưa ghi nội dung tiêu chí.")
        if self.kind.currentData() == "measure" and self.measure.currentIndex() < 0:
            problems.append("Chưa chọn chỉ tiêu.")
        if self.planned.isEnabled():
            planned = optional_number(self.planned.text(), "Giá trị kế hoạch", problems)
            if planned is not None and clean(self.unit.text()) == "%" and not 0 <= planned <= 100:
                problems.append("Tỷ lệ kế hoạch phải từ 0 đến 100.")
        return problems
