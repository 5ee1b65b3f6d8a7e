"""Why a file could not be written, told in Vietnamese."""
from __future__ import annotations

import errno

from thidua_desktop.errors import os_error_text


def test_common_file_errors_are_told_in_vietnamese():
    assert os_error_text(FileNotFoundError(errno.ENOENT, "No such file or directory")) == \
        "không có thư mục hoặc tệp này"
    assert "đang mở trong Excel" in os_error_text(PermissionError(errno.EACCES, "Permission denied"))
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "ổ đĩa đã đầy"
    assert "chỉ cho đọc" in os_error_text(OSError(errno.EROFS, "Read-only file system"))


def test_other_errors_keep_the_system_text_or_the_first_line():
    assert os_error_text(OSError(errno.EDOM, "Numerical argument out of domain")) == \
        "Numerical argument out of domain"
    assert os_error_text(ValueError("dòng một\ndòng hai")) == "dòng một"
    assert os_error_text(RuntimeError()) == "RuntimeError"


def test_a_real_missing_folder(tmp_path):
    try:
        (tmp_path / "không có" / "tệp.xlsx").write_bytes(b"")
    except OSError as exc:
        assert os_error_text(exc) == "không có thư mục hoặc tệp này"
