"""Cài đặt: the ward's details, document symbols, the plan's header and the
documents' wording (the "Văn bản" settings, one editor each, made from their
declarations).

Built from ``forms/ward_settings.ui``. Every field is checked as it is typed;
"Lưu thay đổi" stays disabled while any field is wrong and the problems are
listed under the form.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain import ward as rules
from ...services import ward as ward_service
from ...domain.roles import Action
from ..access import restrict
from .. import operations as ops
from ..uiloader import child, load_form
from .base import Page, heading

_SYMBOL_WIDGETS = {"BC": "symbol_BC", "TTr": "symbol_TTr", "QĐ": "symbol_QD", "KH": "symbol_KH",
                   "BB": "symbol_BB"}
_DATE_FIELDS = ("issued_on", "units_deadline", "ward_deadline")
_INVALID = "border: 1px solid #b3261e;"
_LONG_TEXT = 80  # a default longer than this is edited in a box of several lines


class SettingsPage(Page):
    areas = ("settings", "plan")

    def __init__(self, ctx, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(title))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        self.form = load_form("ward_settings")
        scroll.setWidget(self.form)
        self.edits = {f: child(self.form, QLineEdit, f) for f in rules.WARD_FIELDS}
        for field, (label, _) in rules.WARD_FIELDS.items():  # the words the checks and the audit trail use
            label_widget = child(self.form, QLabel, f"{field}_label")
            label_widget.setText(f"{label}:")
            label_widget.setBuddy(self.edits[field])
        self.symbols = {k: child(self.form, QLineEdit, n) for k, n in _SYMBOL_WIDGETS.items()}
        self.plan_number = child(self.form, QLineEdit, "plan_number")
        self.plan_year = child(self.form, QLabel, "plan_year")
        self.dates = {f: (child(self.form, QCheckBox, f"plan_{f}_set"), child(self.form, QDateEdit, f"plan_{f}"))
                      for f in _DATE_FIELDS}
        self.problems = child(self.form, QLabel, "problemLabel")
        self.save_button = child(self.form, QPushButton, "saveButton")
        self.revert_button = child(self.form, QPushButton, "revertButton")
        self.campaign_id: int | None = None
        self.wording: dict[str, QLineEdit | QPlainTextEdit] = {}  # the documents' wording, by setting key
        self.wording_loaded: dict[str, str] = {}
        self._add_wording_group()
        for edit in [*self.edits.values(), *self.symbols.values(), self.plan_number]:
            edit.textChanged.connect(self.validate)
        for check, date_edit in self.dates.values():
            check.toggled.connect(date_edit.setEnabled)
            check.toggled.connect(self.validate)
            date_edit.dateChanged.connect(self.validate)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.refresh)
        restrict(ctx, Action.SETTINGS, self.form)  # only an administrator changes the ward's details

    def _add_wording_group(self) -> None:
        """One editor per wording setting, above the problems and the buttons."""
        found = ops.query(self, self.ctx, ward_service.document_settings)
        if found is ops.FAILED:
            return
        group = QGroupBox("Nội dung in trên văn bản (để trống: dùng nội dung mặc định)")
        group.setObjectName("wordingGroup")
        column = QVBoxLayout(group)  # each label on the whole width above its box: long labels are never cut
        for setting in found:
            if setting.lines or len(setting.default) > _LONG_TEXT:
                edit = QPlainTextEdit()
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * (5 if setting.lines else 3) + 12)
            else:
                edit = QLineEdit()
            edit.setPlaceholderText(setting.default)
            edit.setObjectName(setting.key)
            edit.setToolTip(setting.help)
            hint = setting.help or ("Mỗi dòng một mục." if setting.lines else "")
            label = QLabel(f"{setting.label}:" + (f" <span style='color:#555'>{hint}</span>" if hint else ""))
            label.setWordWrap(True)
            column.addWidget(label)
            column.addWidget(edit)
            column.addSpacing(6)
            self.wording[setting.key] = edit
        outer = self.form.layout()
        outer.insertWidget(outer.indexOf(self.problems), group)

    def _wording_text(self, key: str) -> str:
        edit = self.wording[key]
        return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()

    # --- loading ----------------------------------------------------------
    def refresh(self) -> None:
        form = ops.query(self, self.ctx, ward_service.settings_form)
        if form is ops.FAILED:
            return
        wording = ops.query(self, self.ctx, ward_service.document_settings)
        if wording is ops.FAILED:
            return
        self.wording_loaded = {s.key: s.value for s in wording}
        for key, value in self.wording_loaded.items():
            edit = self.wording.get(key)
            if edit is not None:
                edit.setPlainText(value) if isinstance(edit, QPlainTextEdit) else edit.setText(value)
        self.campaign_id = form.campaign_id
        values, symbols, year, number, dates = form.ward, form.doc_symbols, form.year, form.number, form.dates
        for field, edit in self.edits.items():
            edit.setText(values[field] or "")
        for key, edit in self.symbols.items():
            edit.setText(symbols.get(key, ""))
        self.plan_year.setText(str(year))
        self.plan_number.setText(number or "")
        for field, (check, date_edit) in self.dates.items():
            value = dates[field]
            check.setChecked(value is not None)
            date_edit.setEnabled(value is not None)
            date_edit.setDate(QDate(value.year, value.month, value.day) if value else QDate(year, 12, 31))
        self.validate()

    # --- checking -----------------------------------------------------------
    def _date(self, field: str) -> dt.date | None:
        check, date_edit = self.dates[field]
        if not check.isChecked():
            return None
        q = date_edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def validate(self, *args) -> list[str]:
        problems = []
        for field, edit in self.edits.items():
            problem = rules.check_ward_field(field, edit.text())
            edit.setStyleSheet(_INVALID if problem else "")
            if problem:
                problems.append(problem)
        for key, edit in self.symbols.items():
            problem = rules.check_doc_symbol(edit.text())
            edit.setStyleSheet(_INVALID if problem else "")
            if problem:
                problems.append(f"{rules.DOC_SYMBOLS[key]}: {problem}")
        problem = rules.check_plan_number(self.plan_number.text())
        self.plan_number.setStyleSheet(_INVALID if problem else "")
        if problem:
            problems.append(problem)
        units, ward_deadline = self._date("units_deadline"), self._date("ward_deadline")
        if units and ward_deadline and units > ward_deadline:
            problems.append("Hạn các đơn vị báo cáo phải trước hạn phường báo cáo thành phố.")
        self.problems.setStyleSheet("color: #b3261e;")
        self.problems.setText("\n".join(problems))
        self.save_button.setEnabled(not problems)
        return problems

    # --- saving -----------------------------------------------------------
    def save(self) -> None:
        if self.validate() or self.campaign_id is None:
            return
        ward_values = {f: e.text() for f, e in self.edits.items()}
        ward_values["doc_symbols"] = {k: e.text() for k, e in self.symbols.items()}
        plan_values = {"number": self.plan_number.text(), **{f: self._date(f) for f in _DATE_FIELDS}}
        wording = {k: self._wording_text(k) for k in self.wording
                   if self._wording_text(k).strip() != self.wording_loaded.get(k, "").strip()}
        campaign_id = self.campaign_id

        def save(s):
            ward_service.save_settings(s, campaign_id, ward_values, plan_values)
            return ward_service.save_document_settings(s, wording)

        reason = "Sửa thông tin phường và kế hoạch" + (" và nội dung văn bản" if wording else "")
        saved = ops.change(self, self.ctx, reason, save, refresh="settings")
        if saved is ops.FAILED:
            return  # shown to the clerk; nothing was written
        self.wording_loaded = {s.key: s.value for s in saved}
        self.problems.setStyleSheet("color: #1e6b33;")
        self.problems.setText(f"Đã lưu lúc {dt.datetime.now():%H:%M}.")
