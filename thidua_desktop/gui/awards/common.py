"""What the scoring and awards screens share: form dialogs, the reason prompt,
printing through the print preview, and saving files with progress."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from ...domain.text import clean_multiline
from ..operations import run_operation
from ..uiloader import child, load_form


class FormDialog:
    """A dialog from ``forms/NAME.ui`` with ``problemLabel`` and ``buttonBox``:
    OK stays disabled while :meth:`check` finds problems, which are listed."""

    def __init__(self, name: str, parent: QWidget | None):
        self.dialog: QDialog = load_form(name, parent)
        self.problems = child(self.dialog, QLabel, "problemLabel")
        self.buttons = child(self.dialog, QDialogButtonBox, "buttonBox")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText("Hủy")
        self.ok.setText("Lưu")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.dialog.reject)

    def check(self) -> list[str]:  # pragma: no cover - overridden
        return []

    def validate(self, *args) -> list[str]:
        problems = self.check()
        self.problems.setText("\n".join(problems))
        self.ok.setEnabled(not problems)
        return problems

    def _accept(self) -> None:
        if not self.validate():
            self.dialog.accept()

    def exec(self) -> bool:
        self.validate()
        return self.dialog.exec() == QDialog.DialogCode.Accepted


class ReasonDialog(FormDialog):
    """Asks for the reason of an action the trail must explain (reopen, withdraw…)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, minimum: int = 5, text: str = ""):
        super().__init__("reason_prompt", parent)
        self.ok.setText("Đồng ý")
        self.minimum = minimum
        self.dialog.setWindowTitle(title)
        child(self.dialog, QLabel, "promptLabel").setText(prompt)
        self.edit = child(self.dialog, QPlainTextEdit, "reasonEdit")
        self.edit.setPlainText(text)
        self.edit.textChanged.connect(self.validate)

    @property
    def reason(self) -> str:
        return clean_multiline(self.edit.toPlainText())

    def check(self) -> list[str]:
        if len(self.reason) < self.minimum:
            return ["Hãy ghi rõ lý do."]
        return []


def ask_reason(parent: QWidget | None, title: str, prompt: str, minimum: int = 5, text: str = "") -> str | None:
    dialog = ReasonDialog(parent, title, prompt, minimum, text)
    return dialog.reason if dialog.exec() else None


def documents_dir() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or os.path.expanduser("~")


def save_path(parent: QWidget | None, title: str, name: str, filters: str) -> Path | None:
    """A file name chosen by the clerk (None when cancelled)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(documents_dir()) / name), filters)
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix("." + filters.split("*.")[1].split(")")[0].split(" ")[0])
    return path


def open_path(parent: QWidget | None, title: str, filters: str) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, documents_dir(), filters)
    return Path(chosen) if chosen else None


def print_preview(parent: QWidget | None, title: str, draw: Callable, landscape: bool = True) -> None:
    """Qt's print preview; printing from it goes to the chosen printer."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Xem trước khi in — {title}")
    dialog.paintRequested.connect(draw)
    dialog.resize(1100, 800)
    dialog.exec()


def save_in_background(parent: QWidget | None, title: str, write: Callable[[], str], done=None) -> None:
    """Write a file off the GUI thread with a progress dialog; ``write`` returns the message."""

    def work(progress):
        progress(0, 0, title + "…")
        return write()

    run_operation(parent, title, work, on_done=done, cancellable=False)


def tidy_table(view: QTableView, stretch: int | None = None) -> None:
    """Rows selected whole, not edited in place, the last column filling the width."""
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)


def fit_columns(view: QTableView, maximum: int = 340) -> None:
    """Columns as wide as their contents, none wider than ``maximum`` pixels."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount() if view.model() else 0):
        if view.columnWidth(column) > maximum:
            view.setColumnWidth(column, maximum)
