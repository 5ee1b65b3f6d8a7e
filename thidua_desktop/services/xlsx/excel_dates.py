"""What the reader takes from openpyxl about number formats and Excel's serial
dates, without importing openpyxl: its package loads its whole workbook
machinery first (~0,07 s of every import command, a tenth of openpyxl's own
reading of a 10.000-row list). These are openpyxl 3.1's ``BUILTIN_FORMATS``,
``is_date_format``, ``is_timedelta_format`` and ``from_excel`` (MIT licence),
and ``tests/test_import_people_fast.py`` holds them equal to openpyxl's.
"""
from __future__ import annotations

# The code below taken from openpyxl carries its licence:
#
# This software is under the MIT Licence
# ======================================
#
# Copyright (c) 2010 openpyxl
#
# Permission is hereby granted, free of charge, to any person obtaining a
# copy of this software and associated documentation files (the
# "Software"), to deal in the Software without restriction, including
# without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to
# permit persons to whom the Software is furnished to do so, subject to
# the following conditions:
#
# The above copyright notice and this permission notice shall be included
# in all copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS
# OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
# MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
# IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
# CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
# TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
# SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

import datetime as dt
import re

CALENDAR_WINDOWS_1900 = dt.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = dt.datetime(1904, 1, 1)
_SECS_PER_DAY = 86400

# Excel's built-in number formats by id (a style names one by id only).
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)', 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mmss.0", 48: "##0.0E+0", 49: "@",
}

_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, colours, locales
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?")


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or a time (its first section decides)."""
    if code is None:
        return False
    return _DATE_PART.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether a number format shows an elapsed time (``[h]:mm``)."""
    if code is None:
        return False
    return _DURATION.search(code.split(";")[0]) is not None


def from_excel(value: float, epoch: dt.datetime = CALENDAR_WINDOWS_1900,
               timedelta: bool = False) -> dt.datetime | dt.time | dt.timedelta | None:
    """An Excel serial number as a date and time (a time of day below 1, a
    duration with ``timedelta``), to the millisecond, with Excel's 1900 leap
    day for the first sixty days."""
    if value is None:
        return None
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == CALENDAR_WINDOWS_1900:
        day += 1
    return epoch + dt.timedelta(days=day) + diff
