"""Prize money (tiền thưởng): multiples of the base salary, rounded up.

NĐ 152/2025/NĐ-CP Điều 49: the amount is a multiple of the base salary (lương
cơ sở) in force on the day the decision is signed, rounded UP to the nearest
10.000 đồng ("làm tròn số lên hàng chục nghìn đồng"). A household receives 1,5
times what an individual receives for the same form. Every figure here comes
from settings; nothing is a constant of the law in code. Amounts are whole
đồng held as ``int``; arithmetic is done in :class:`~decimal.Decimal` so that
0,3 × 2.340.000 is exactly 702.000 and not 701.999,99….
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any, Iterable, Sequence

from ..errors import UserError
from .text import format_date, format_money, format_number


class MoneyError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class BaseSalaryStep:
    """Lương cơ sở from a date on, with the text that set it."""

    start: dt.date
    amount: int
    basis: str = ""


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        from .text import parse_date

        return parse_date(value)


def parse_history(value: Any) -> list[BaseSalaryStep]:
    """The base-salary history setting (a list of ``{"from", "amount", "basis"}``)
    as steps sorted by date; raises :class:`MoneyError` naming the bad entry."""
    if not isinstance(value, list) or not value:
        raise MoneyError("Cần ít nhất một mức lương cơ sở (từ ngày, số tiền).")
    steps = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise MoneyError(f"Mức lương cơ sở thứ {i} không đúng dạng.")
        try:
            start = _to_date(item.get("from"))
        except (UserError, ValueError, TypeError):
            raise MoneyError(f"Mức lương cơ sở thứ {i}: ngày áp dụng “{item.get('from')}” không hợp lệ.") from None
        amount = item.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0 \
                or float(amount) != int(amount):
            raise MoneyError(f"Mức lương cơ sở thứ {i}: số tiền “{amount}” phải là số đồng nguyên dương.")
        steps.append(BaseSalaryStep(start, int(amount), str(item.get("basis", "") or "")))
    steps.sort(key=lambda s: s.start)
    for a, b in zip(steps, steps[1:]):
        if a.start == b.start:
            raise MoneyError(f"Có hai mức lương cơ sở cùng áp dụng từ ngày {format_date(a.start)}.")
    return steps


def history_problem(value: Any) -> str | None:
    """For the settings registry: the problem with a history value, or None."""
    try:
        parse_history(value)
    except MoneyError as exc:
        return exc.message
    return None


def base_salary_on(history: Sequence[BaseSalaryStep], day: dt.date) -> BaseSalaryStep:
    """The step in force on ``day`` (the latest that started on or before it)."""
    in_force = [s for s in history if s.start <= day]
    if not in_force:
        first = min(history, key=lambda s: s.start) if history else None
        hint = f" (mức sớm nhất áp dụng từ {format_date(first.start)})" if first else ""
        raise MoneyError(f"Chưa có mức lương cơ sở áp dụng vào ngày {format_date(day)}{hint}; "
                         "hãy bổ sung trong phần Quy tắc khen thưởng.")
    return in_force[-1]


def round_up(amount: Decimal | int | float, step: int) -> int:
    """Round up to a multiple of ``step`` đồng (10.000 by default in settings)."""
    if step <= 0:
        raise MoneyError("Mức làm tròn phải là số dương.")
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    if value <= 0:
        return 0
    units = (value / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def _decimal(value: float | int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Prize:
    """An amount with the steps that produced it, for the clerk to read."""

    amount: int
    steps: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.steps)


def prize(multiple: float | None, base_salary: int, step: int) -> Prize:
    """``multiple`` × ``base_salary`` rounded up to ``step``."""
    if multiple is None or multiple <= 0:
        return Prize(0, ("Không kèm tiền thưởng",))
    exact = _decimal(multiple) * base_salary
    amount = round_up(exact, step)
    text = f"{format_number(multiple)} × {format_money(base_salary)} = {format_money(exact)} đ"
    if amount != exact:
        text += f" → làm tròn lên {format_money(amount)} đ"
    return Prize(amount, (text,))


def household_prize(multiple: float | None, factor: float, base_salary: int, step: int) -> Prize:
    """A household's prize: ``factor`` (1,5) × the individual ``multiple`` ×
    ``base_salary``, rounded up once (rounding the individual amount first
    would pay up to one step too much)."""
    if multiple is None or multiple <= 0:
        return Prize(0, ("Không kèm tiền thưởng",))
    exact = _decimal(factor) * _decimal(multiple) * base_salary
    amount = round_up(exact, step)
    text = (f"hộ gia đình: {format_number(factor)} × {format_number(multiple)} × {format_money(base_salary)} "
            f"= {format_money(exact)} đ")
    if amount != exact:
        text += f" → làm tròn lên {format_money(amount)} đ"
    return Prize(amount, (text,))


def total(amounts: Iterable[int | None]) -> int:
    return sum(a for a in amounts if a)


# --- amounts in words ("Bằng chữ") ------------------------------------------

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu"]
_BILLION = 1_000_000_000


def _three_digits(n: int, full: bool) -> list[str]:
    """Words for 0..999; ``full`` when a higher group precedes (so 5 reads
    "không trăm linh năm", as Vietnamese writes amounts)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]
    words: list[str] = []
    for i, group in enumerate(groups):
        if group == 0:
            continue
        words += _three_digits(group, full=full or bool(words))
        scale = _SCALES[2 - i]
        if scale:
            words.append(scale)
    return words


def number_in_words(n: int) -> str:
    """``1070000`` → ``một triệu không trăm bảy mươi nghìn``; above a billion
    the count of "tỷ" is read the same way (``2.000.000.000.000`` → ``hai nghìn tỷ``)."""
    if n < 0:
        return "âm " + number_in_words(-n)
    if n == 0:
        return "không"
    billions, rest = divmod(n, _BILLION)
    words: list[str] = []
    if billions:
        words += number_in_words(billions).split(" ") + ["tỷ"]
    words += _below_billion(rest, full=bool(billions))
    return " ".join(words)


def amount_in_words(amount: int) -> str:
    """``1070000`` → ``Một triệu không trăm bảy mươi nghìn đồng``."""
    text = number_in_words(int(amount)) + " đồng"
    return text[:1].upper() + text[1:]
