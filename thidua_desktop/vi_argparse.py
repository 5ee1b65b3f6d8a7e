"""The command lines (``thidua`` and ``thidua-desktop``) speaking Vietnamese:
argparse's built-in messages translated, usage errors reported on one line with
exit code 2, and a console that prints Vietnamese whatever the Windows code page."""
from __future__ import annotations

import argparse
import sys

_MESSAGES = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def install() -> None:
    """Route argparse's gettext lookups through the table above."""
    argparse._ = _translate  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse API
        sys.stderr.write(f"{self.prog}: lỗi cú pháp: {message}\n"
                         f"Xem “{self.prog} --help” để biết cách dùng.\n")
        raise SystemExit(2)


SQLITE_MAX_ID = 2**63 - 1  # the largest integer SQLite stores


def whole_number(low: int, high: int):
    """An argparse ``type`` for a count, year or id: a whole number from
    ``low`` to ``high``, refused in Vietnamese (exit code 2) otherwise."""

    def parse(text: str) -> int:
        stripped = text.strip()
        if len(stripped) > 20 or not stripped.lstrip("+-").isdigit():
            raise argparse.ArgumentTypeError(f"“{text[:30]}” không phải số nguyên (ghi chữ số, ví dụ {low})")
        value = int(stripped)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"phải là số nguyên từ {_shown(low)} đến {_shown(high)} "
                                             f"(đã ghi {_shown(value)})")
        return value

    return parse


def _shown(n: int) -> str:
    """Vietnamese digit grouping (1.000.000), years left as they are written."""
    return f"{n:,}".replace(",", ".") if abs(n) >= 10_000 else str(n)


COPIES = whole_number(1, 500)
YEAR = whole_number(2000, 2100)
RECORD_ID = whole_number(1, SQLITE_MAX_ID)
LIMIT = whole_number(0, 1_000_000)


def utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - detached stream
                pass
