"""The colour of a state line under a list or grid, one table for every page: saved
(green), worth a look (amber), refused or failed (red), plain. An import that refused
anything says so in red, never in the green of a clean save."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

TONES = {"done": "#1e6b33", "warning": "#a15c00", "error": "#b3261e", "note": ""}


def show(label: QLabel, text: str, tone: str = "done") -> None:
    label.setStyleSheet(f"color: {TONES[tone]};" if TONES[tone] else "")
    label.setText(text)


def import_tone(refused: int) -> str:
    """``done`` for an import that took everything, ``error`` when anything was refused."""
    return "error" if refused else "done"
