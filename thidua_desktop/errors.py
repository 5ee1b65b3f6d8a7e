"""The one error type that reaches a user.

Anything raised as :class:`UserError` carries a complete Vietnamese message for
a clerk; the GUI shows it in a dialog and the command line prints it on one
line. Every other exception is a bug: it is logged with its traceback and the
user sees a short apology instead.
"""
from __future__ import annotations


class UserError(Exception):
    """An error with a Vietnamese message meant for the person using the app."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else "Đã có lỗi."


class ConcurrentChange(UserError):
    """Someone else saved the same record since it was read: this save is refused
    (several clerks on one server database); the screen should show the new value."""


_OS_ERRORS = {
    "ENOENT": "không có thư mục hoặc tệp này",
    "EACCES": "không có quyền ghi, đọc (tệp có đang mở trong Excel, Word không?)",
    "EPERM": "không có quyền ghi, đọc (tệp có đang mở trong Excel, Word không?)",
    "ENOSPC": "ổ đĩa đã đầy",
    "EROFS": "ổ đĩa chỉ cho đọc (USB bị khóa ghi?)",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "EEXIST": "đã có tệp hoặc thư mục trùng tên",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EIO": "lỗi đọc ghi ổ đĩa (USB bị rút ra?)",
    "EBUSY": "tệp đang được chương trình khác dùng",
}


def os_error_text(exc: BaseException) -> str:
    """Why a file operation failed, in Vietnamese for the common causes (the
    system's own text otherwise, which on a Vietnamese Windows is Vietnamese)."""
    import errno

    if isinstance(exc, OSError):
        name = errno.errorcode.get(exc.errno or -1, "")
        if name in _OS_ERRORS:
            return _OS_ERRORS[name]
        if getattr(exc, "winerror", None) == 32:  # ERROR_SHARING_VIOLATION: open in Excel
            return _OS_ERRORS["EBUSY"]
        if exc.strerror:
            return exc.strerror
    text = str(exc)
    return text.splitlines()[0] if text else exc.__class__.__name__
