"""Forms designed in Qt Designer (``forms/*.ui``), loaded at run time.

The ``.ui`` files are the source of every form; nothing generated from them is
edited by hand. A loaded form is a plain widget; ``child`` finds a named
widget in it and fails loudly if the form and the code disagree.
"""
from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from ..paths import forms_dir
from . import icons

W = TypeVar("W", bound=QObject)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    path = forms_dir() / f"{name}.ui"
    handle = QFile(str(path))
    if not handle.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"Không mở được biểu mẫu giao diện {path}")
    try:
        widget = QUiLoader().load(handle, parent)
    finally:
        handle.close()
    if widget is None:
        raise RuntimeError(f"Biểu mẫu giao diện {path} bị hỏng")
    icons.dress(widget)  # the form's buttons get the pictures of their verbs
    return widget


def child(form: QWidget, kind: type[W], name: str) -> W:
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"biểu mẫu {form.objectName()} không có {kind.__name__} “{name}”")
    return found
