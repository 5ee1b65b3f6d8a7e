"""The app's one icon set: Tabler Icons (MIT) shipped as SVGs in ``resources/icons/``.

``icon("save")`` names an action or a page, never a file: the same action has
the same picture everywhere. ``dress(widget)`` gives the buttons and toolbar
actions under a widget their icon from the verb their Vietnamese text starts
with ("Thêm…" → add, "Xuất Excel…" → export), so a button added later gets
the same picture as its peers without a line of its own.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolButton, QWidget

from ..paths import resource

# name → Tabler file (resources/icons/<file>.svg)
FILES = {
    # pages
    "overview": "layout-dashboard",
    "units": "building-community",
    "targets": "target-arrow",
    "scoring": "podium",
    "awards": "award",
    "documents": "file-text",
    "audit": "history",
    "settings": "settings",
    "steps": "list-check",
    # actions
    "add": "plus",
    "edit": "pencil",
    "delete": "trash",
    "save": "device-floppy",
    "import": "file-import",
    "export": "file-export",
    "template": "file-description",
    "print": "printer",
    "preview": "eye",
    "backup": "database-export",
    "restore": "restore",
    "undo": "arrow-back-up",
    "redo": "arrow-forward-up",
    "refresh": "refresh",
    "search": "search",
    "folder": "folder-open",
    "lock": "lock",
    "unlock": "lock-open",
    "password": "key",
    "forms": "forms",
    "check": "checks",
    "discard": "x",
    "up": "arrow-up",
    "down": "arrow-down",
    "period": "calendar",
    "panel": "layout-sidebar-right-collapse",
    "decision": "gavel",
    "block": "category",
}

# The verb a button's text starts with → its icon; the longer verb wins ("Xem trước" before "Xem").
VERBS = {
    "Thêm": "add", "Sửa": "edit", "Xóa": "delete", "Lưu": "save",
    "Nhập": "import", "Đọc phiếu": "import", "Xuất": "export", "Tệp mẫu": "template",
    "Xem trước": "preview", "In": "print", "Sao lưu": "backup", "Phục hồi": "restore",
    "Khôi phục": "restore", "Hoàn tác": "undo", "Làm lại": "redo", "Làm mới": "refresh",
    "Tìm": "search", "Mở thư mục": "folder", "Mở khóa": "unlock", "Ghi lại và khóa": "lock",
    "Đặt lại mật khẩu": "password", "Đổi mật khẩu": "password", "Tạo phiếu": "forms",
    "Kiểm tra": "check", "Bỏ thay đổi": "discard", "Lên": "up", "Xuống": "down",
    "Kỳ báo cáo": "period", "Chi tiết ô": "panel", "Ghi quyết định": "decision",
    "Xếp vào khối": "block", "Bỏ đăng ký": "delete", "Bỏ điểm": "delete",
}
SEARCH_HINTS = ("Tìm", "Lọc")  # a search box's placeholder starts so: a magnifier at its left
_BY_LENGTH = sorted(VERBS, key=len, reverse=True)


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name`` (a KeyError names a picture the set does not have)."""
    return QIcon(str(resource("icons", f"{FILES[name]}.svg")))


def name_for(text: str) -> str | None:
    """The icon name of a button reading ``text`` ("&" mnemonics ignored), or None."""
    text = text.replace("&", "").strip()
    for verb in _BY_LENGTH:
        # a whole word: "In…" and "In mã" print, "Inh…" would not
        if text.startswith(verb) and not text[len(verb):len(verb) + 1].isalpha():
            return VERBS[verb]
    return None


def dress(root: QWidget) -> None:
    """Icons for the buttons and actions under ``root`` that have none yet, and a
    magnifier in its search boxes."""
    for item in root.findChildren(QPushButton) + root.findChildren(QToolButton) + root.findChildren(QAction):
        if item.icon().isNull() and (name := name_for(item.text())):
            item.setIcon(icon(name))
    for line in root.findChildren(QLineEdit):
        if line.placeholderText().startswith(SEARCH_HINTS) and not line.property("searchIcon"):
            line.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
            line.setProperty("searchIcon", True)
