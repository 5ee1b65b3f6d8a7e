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
