"""The first start on a database without units: try the demo ward, or start empty.

Called once after the main window is shown (``gui/app.py``). The demo is
built in the background with progress, in one transaction, and every page
reloads when it is done."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget
from sqlalchemy import func, select

from ..services.demo import build_demo
from ..storage.models import Unit
from .operations import Operation, run_operation
from .uiloader import child, load_form

DEMO, EMPTY = "demo", "empty"


def needs_first_run(db) -> bool:
    with db.read() as session:
        return not session.scalar(select(func.count(Unit.id)))


class FirstRunDialog:
    def __init__(self, parent: QWidget | None, ward_name: str):
        self.dialog: QDialog = load_form("first_run", parent)
        self.choice = EMPTY
        child(self.dialog, QLabel, "explanation").setText(
            f"Chào mừng đến với chương trình Thi đua – Khen thưởng của <b>{ward_name}</b>. "
            "Kế hoạch thi đua và các chỉ tiêu của năm đã được nạp sẵn; chưa có đơn vị, cá nhân nào. "
            "Bạn muốn bắt đầu thế nào?")
        self.demo_button = child(self.dialog, QPushButton, "demoButton")
        self.empty_button = child(self.dialog, QPushButton, "emptyButton")
        self.demo_button.clicked.connect(lambda: self._choose(DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(EMPTY))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.dialog.accept()

    def exec(self) -> str:
        self.dialog.exec()
        return self.choice


def make_demo(window, on_done=None) -> Operation:
    """Build the demo ward in the background; the pages reload afterwards."""
    ctx = window.ctx

    def work(progress):
        with ctx.db.transaction(reason="Tạo dữ liệu mẫu để dùng thử") as session:
            return build_demo(session, progress)

    def done(notes):
        ctx.changed("*")
        window.statusBar().showMessage("Đã tạo dữ liệu mẫu: " + "; ".join(notes), 15000)
        if on_done is not None:
            on_done(notes)

    return run_operation(window, "Tạo dữ liệu mẫu", work, on_done=done, cancellable=True)


def offer_first_run(window, ask=None) -> None:
    """When the database has no units, ask how to start (after the window is up).

    ``ask(window) -> "demo" | "empty"`` replaces the dialog (tests)."""

    def run() -> None:
        if not needs_first_run(window.ctx.db):
            return
        from ..services import plan

        with window.ctx.db.read() as session:
            ward_name = plan.ward(session).full_name
        choice = ask(window) if ask is not None else FirstRunDialog(window, ward_name).exec()
        if choice == DEMO:
            window.first_run_operation = make_demo(window)

    QTimer.singleShot(0, run)
