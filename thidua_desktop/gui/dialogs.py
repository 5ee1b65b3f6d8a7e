"""What every form dialog shares: checking as the clerk types, and asking for a reason.

A :class:`FormDialog` is built from ``forms/NAME.ui`` with a ``problemLabel``,
a ``buttonBox`` and, where the form has one, a ``hintLabel``. Every change
re-runs :meth:`FormDialog.check`; OK stays disabled while there are problems,
which are listed under the form. Hints (worth a look, not wrong) are shown
too but do not block.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QWidget

from ..domain.text import TextError, clean, clean_multiline, parse_date, parse_number
from .uiloader import child, load_form

INVALID = "border: 1px solid #b3261e;"
V = TypeVar("V")


def _optional(parse: Callable[[str], V], text: str, what: str, problems: list[str] | None) -> V | None:
    text = clean(text)
    if not text:
        return None
    try:
        return parse(text)
    except TextError as exc:
        if problems is not None:
            problems.append(f"{what}: {exc}.")
        return None


def optional_number(text: str, what: str = "", problems: list[str] | None = None) -> float | None:
    """The number typed in a field; None when empty or not a number (and then,
    given ``problems``, why — headed by ``what``)."""
    return _optional(parse_number, text, what, problems)


def optional_date(text: str, what: str = "", problems: list[str] | None = None) -> dt.date | None:
    """The date typed in a field, like :func:`optional_number`."""
    return _optional(parse_date, text, what, problems)


def fit_on_screen(dialog: QWidget) -> None:
    """As large as its contents ask (no label or column cut), within the screen."""
    screen = dialog.screen().availableGeometry().size() * 0.95
    dialog.resize(dialog.size().expandedTo(dialog.sizeHint()).boundedTo(screen))


class FormDialog:
    def __init__(self, name: str, parent: QWidget | None, ok_text: str = "Lưu"):
        self.dialog: QDialog = load_form(name, parent)
        self.problems = child(self.dialog, QLabel, "problemLabel")
        self.hints = self.dialog.findChild(QLabel, "hintLabel")
        self.buttons = child(self.dialog, QDialogButtonBox, "buttonBox")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText("Hủy")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.dialog.reject)

    def check(self) -> list[str]:
        """What is wrong (OK stays disabled while anything is)."""
        return []

    def hint_texts(self) -> list[str]:
        """What is worth a look but not wrong."""
        return []

    def complete(self) -> bool:
        """False while something needed is still empty (nothing to list as a problem yet)."""
        return True

    @staticmethod
    def mark(widget: QWidget, bad: bool) -> None:
        widget.setStyleSheet(INVALID if bad else "")

    def validate(self, *args) -> list[str]:
        problems = self.check()
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        if self.hints is not None:
            hints = self.hint_texts()
            self.hints.setText("\n".join(hints))
            self.hints.setVisible(bool(hints))
        self.ok.setEnabled(not problems and self.complete())
        return problems

    def _accept(self) -> None:
        if not self.validate() and self.ok.isEnabled():
            self.dialog.accept()

    def exec(self) -> bool:
        self.validate()
        fit_on_screen(self.dialog)
        return self.dialog.exec() == QDialog.DialogCode.Accepted


class ReasonDialog(FormDialog):
    """Asks for the reason of an action the trail must explain (reopen, withdraw…)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, minimum: int = 5, text: str = ""):
        super().__init__("reason_prompt", parent, ok_text="Đồng ý")
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
