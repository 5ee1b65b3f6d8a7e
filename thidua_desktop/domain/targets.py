"""Targets (chỉ tiêu) and their measures: how a planned value is compared.

A target of the plan has one or more measures; target (6) has two (families and
residential groups), target (12) too (on-time procedures and online filings).
"""
from __future__ import annotations

import enum

from .text import format_number


class Comparison(str, enum.Enum):
    """How the actual value of a measure is compared with its planned value."""

    GE = "ge"  # ≥: "đạt 96%", "tối thiểu", "trở lên"
    GT = "gt"  # >: "trên 97%"
    EQ = "eq"  # =
    LE = "le"  # ≤: "không quá"
    LT = "lt"  # <: "dưới"
    DECREASE = "decrease"  # lower than the baseline (last year's value)
    REACH = "reach"  # reach a count: "xây dựng 01 trường"

    @property
    def label(self) -> str:
        return _COMPARISON_LABELS[self]

    @property
    def symbol(self) -> str:
        return _COMPARISON_SYMBOLS[self]

    @property
    def needs_planned_value(self) -> bool:
        return self is not Comparison.DECREASE


_COMPARISON_LABELS = {
    Comparison.GE: "Từ … trở lên (≥)",
    Comparison.GT: "Trên (>)",
    Comparison.EQ: "Bằng (=)",
    Comparison.LE: "Không quá (≤)",
    Comparison.LT: "Dưới (<)",
    Comparison.DECREASE: "Giảm so với năm trước",
    Comparison.REACH: "Đạt số lượng",
}
_COMPARISON_SYMBOLS = {
    Comparison.GE: "≥",
    Comparison.GT: ">",
    Comparison.EQ: "=",
    Comparison.LE: "≤",
    Comparison.LT: "<",
    Comparison.DECREASE: "↓",
    Comparison.REACH: "≥",
}


class MeasureKind(str, enum.Enum):
    """What kind of number a measure is, which decides how unit values roll up."""

    RATE = "rate"  # a percentage: rolls up by numerator / denominator
    GROWTH = "growth"  # growth in % over last year: from a rate or two amounts
    AMOUNT = "amount"  # a quantity such as money per hectare
    COUNT = "count"  # a count: rolls up as a sum

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    MeasureKind.RATE: "Tỷ lệ (%)",
    MeasureKind.GROWTH: "Tốc độ tăng so với năm trước (%)",
    MeasureKind.AMOUNT: "Giá trị",
    MeasureKind.COUNT: "Số lượng",
}


def planned_text(comparison: Comparison, planned: float | None, unit: str,
                 kind: MeasureKind | None = None) -> str:
    """How the plan states a measure, for tables and documents.

    ``planned_text(GE, 96, "%")`` → ``≥ 96%``; growth reads ``Tăng ≥ 12,5%``;
    a decrease reads ``Giảm so với năm trước``; a count to reach reads ``01 trường``.
    """
    if comparison is Comparison.DECREASE:
        return "Giảm so với năm trước"
    if planned is None:
        return ""
    if comparison is Comparison.REACH:
        number = f"{int(planned):02d}" if float(planned).is_integer() and planned < 10 else format_number(planned)
        return f"{number} {unit}".strip()
    value = format_number(planned) + ("%" if unit == "%" else f" {unit}" if unit else "")
    prefix = "Tăng " if kind is MeasureKind.GROWTH else ""
    return f"{prefix}{comparison.symbol} {value}"
