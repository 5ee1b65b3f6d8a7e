"""Choosing a file to save or open: where the dialog starts, and the extension.

The dialogs start in the clerk's Documents folder, or — where a screen passes
``remember`` — in the folder chosen last time on that screen."""
from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from .screen import window_settings


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found or os.path.expanduser("~"))


def _start(remember: str | None) -> Path:
    if remember:
        folder = window_settings().value(remember, "")
        if folder and Path(str(folder)).is_dir():
            return Path(str(folder))
    return documents_dir()


def _remember(remember: str | None, path: Path) -> None:
    if remember:
        settings = window_settings()
        settings.setValue(remember, str(path.parent))
        settings.sync()


def _suffixes(filters: str) -> list[str]:
    """``"Tệp Word (*.docx *.dotx)"`` → ``[".docx", ".dotx"]``."""
    return [f".{s.lower()}" for s in re.findall(r"\*\.(\w+)", filters)]


def save_path(parent: QWidget | None, title: str, name: str, filters: str,
              remember: str | None = None) -> Path | None:
    """Where to save, chosen by the clerk (None when cancelled); the filter's
    extension is added when the typed name has none of its own."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(_start(remember) / name), filters)
    if not chosen:
        return None
    path = Path(chosen)
    suffixes = _suffixes(filters)
    if suffixes and path.suffix.lower() not in suffixes:
        path = path.with_name(path.name + suffixes[0])
    _remember(remember, path)
    return path


def open_path(parent: QWidget | None, title: str, filters: str, remember: str | None = None) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(_start(remember)), filters)
    if not chosen:
        return None
    path = Path(chosen)
    _remember(remember, path)
    return path
