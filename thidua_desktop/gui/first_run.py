"""The first start on a database without units: the ward's own plan (number
and date, which the papers cite), then try the demo ward, or start empty.

Called once after the main window is shown (``gui/app.py``). The demo is
built in the background with progress, in one transaction, and every page
reloads when it is done."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QCheckBox, QDateEdit, QDialog, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from ..domain import ward as ward_rules
from ..services import ward as ward_service
from ..services.demo import build_demo
from ..services.registry import units as unit_service
from . import operations as ops
from .operations import Operation
from .uiloader import child, load_form

DEMO, EMPTY = "demo", "empty"


def needs_first_run(ctx) -> bool:
    """No unit yet (a failed read was shown; the clerk is not asked then)."""
    has_units = ops.query(None, ctx, unit_service.has_units)
    return has_units is False


class FirstRunDialog:
    def __init__(self, parent: QWidget | None, ward_name: str, year: int | None = None):
        self.dialog: QDialog = load_form("first_run", parent)
        self.choice = EMPTY
        year = year or dt.date.today().year
        child(self.dialog, QGroupBox, "planBox").setTitle(f"Kế hoạch thi đua năm {year} của phường")
        self.plan_number = child(self.dialog, QLineEdit, "planNumber")
        self.plan_date_set = child(self.dialog, QCheckBox, "planDateSet")
        self.plan_date = child(self.dialog, QDateEdit, "planDate")
        self.plan_note = child(self.dialog, QLabel, "planNote")
        self._note = self.plan_note.text()
        self.plan_date.setDate(QDate(year, 1, 1))
        self.plan_date_set.toggled.connect(self.plan_date.setEnabled)
        self.plan_number.textChanged.connect(self._validate)
        child(self.dialog, QLabel, "explanation").setText(
            f"Chào mừng đến với chương trình Thi đua – Khen thưởng của <b>{ward_name}</b>. "
            "Kế hoạch thi đua và các chỉ tiêu của năm đã được nạp sẵn; chưa có đơn vị, cá nhân nào. "
            "Bạn muốn bắt đầu thế nào?")
        self.demo_button = child(self.dialog, QPushButton, "demoButton")
        self.empty_button = child(self.dialog, QPushButton, "emptyButton")
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(EMPTY))

    def _validate(self, *args) -> None:
        """A number not in the decree's form keeps both choices off until corrected."""
        problem = ward_rules.check_plan_number(self.plan_number.text())
        self.plan_note.setText(problem or self._note)
        self.plan_note.setStyleSheet("color: #b3261e;" if problem else "color: #5f6368;")
        self.demo_button.setEnabled(problem is None)
        self.empty_button.setEnabled(problem is None)

    def plan_values(self) -> dict:
        """What the clerk gave of the ward's plan (nothing when left blank)."""
        values: dict = {}
        if self.plan_number.text().strip():
            values["number"] = self.plan_number.text()
        if self.plan_date_set.isChecked():
            q = self.plan_date.date()
            values["issued_on"] = dt.date(q.year(), q.month(), q.day())
        return values

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.dialog.accept()

    def exec(self) -> str:
        self.dialog.exec()
        return self.choice


def make_demo(window, on_done=None) -> Operation:
    """Build the demo ward in the background; the pages reload afterwards."""

    def done(notes):
        window.statusBar().showMessage("Đã tạo dữ liệu mẫu: " + "; ".join(notes), 15000)
        if on_done is not None:
            on_done(notes)

    return ops.change_in_background(window, window.ctx, "Tạo dữ liệu mẫu", "Tạo dữ liệu mẫu để dùng thử", build_demo,
                                    on_done=done, refresh="*", cancellable=True)


def save_plan(window, campaign_id: int, values: dict) -> bool:
    """Record the ward's plan number and date given on the first start."""
    return ops.change(window, window.ctx, "Ghi số, ngày Kế hoạch thi đua của phường",
                      lambda s: ward_service.update_plan_header(s, campaign_id, values), refresh="settings",
                      title="Không ghi được số, ngày Kế hoạch") is not ops.FAILED


def offer_first_run(window, ask=None) -> None:
    """When the database has no units, ask for the ward's plan and how to start
    (after the window is up).

    ``ask(window) -> "demo" | "empty"`` replaces the dialog (tests)."""

    def run() -> None:
        if not needs_first_run(window.ctx):
            return
        heading = ops.query(window, window.ctx, ward_service.plan_heading)
        if heading is ops.FAILED:
            return
        values: dict = {}
        if ask is not None:
            choice = ask(window)
        else:
            dialog = FirstRunDialog(window, heading.ward_name, heading.year)
            choice, values = dialog.exec(), dialog.plan_values()
        if values:
            save_plan(window, heading.campaign_id, values)

        if choice == DEMO:
            window.first_run_operation = make_demo(window)

    QTimer.singleShot(0, run)
