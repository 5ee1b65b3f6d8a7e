"""What a result cell holds, how a clerk types it, and what is allowed in it.

Pure rules shared by the entry grid, the units' Excel forms, the long-table
import and the command line, so that ``96,5``, ``965/1.000`` and ``có`` mean
the same thing everywhere and the same values are refused everywhere.

A cell has a :class:`Shape` decided by its measure or criterion:

- ``RATE`` a percentage from 0 to 100, typed as ``96,5`` (or ``96,5%``) or as
  numerator/denominator ``965/1.000`` (then the rate is computed, and the
  ward's figure can be rolled up correctly);
- ``GROWTH`` growth in % over last year, typed as ``13,1`` or as this year's
  and last year's amounts ``52.300/46.200``;
- ``COUNT`` a whole number, not negative; for a target that must decrease,
  ``412/455`` is this year's and last year's count;
- ``AMOUNT`` a quantity, not negative (``105,5`` triệu đồng/ha);
- ``NUMBER`` a criterion's own number (a percentage when its unit is ``%``);
- ``YESNO`` có / không.

An empty cell is a missing result, never a zero.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from .evaluation import growth_rate
from .targets import Comparison, MeasureKind
from .text import Percent, TextError, clean, fold, format_number, format_percent, parse_number

# A rate typed beside its numerator and denominator may differ from theirs by
# rounding (the clerk typed 96,5 for 965,4/1000) but not by more than this.
RATE_AGREEMENT = 0.05

# Result.source / UnitReport.source: where a result came from
SOURCES = {"manual": "Nhập tay", "paste": "Dán từ Excel", "form": "Phiếu đơn vị", "import": "Bảng nhập",
           "cli": "Dòng lệnh", "demo": "Dữ liệu mẫu"}


class Shape(str, enum.Enum):
    RATE = "rate"
    GROWTH = "growth"
    COUNT = "count"
    AMOUNT = "amount"
    NUMBER = "number"
    YESNO = "yesno"


class Pair(str, enum.Enum):
    """What ``a/b`` means in a cell."""

    NONE = ""
    RATIO = "ratio"  # numerator / denominator
    AMOUNTS = "amounts"  # this year's / last year's amount (growth)
    BASELINE = "baseline"  # this year's / last year's count (decrease)


@dataclass(frozen=True)
class EntrySpec:
    shape: Shape
    unit: str = ""  # ĐVT shown beside the value
    pair: Pair = Pair.NONE
    first_label: str = ""  # numerator / this year's amount
    second_label: str = ""  # denominator / last year's amount

    @property
    def percent(self) -> bool:
        return self.shape in (Shape.RATE, Shape.GROWTH) or (self.shape is Shape.NUMBER and self.unit == "%")

    @property
    def integer(self) -> bool:
        return self.shape is Shape.COUNT

    def hint(self) -> str:
        """How to type this cell, for tooltips and the forms' instructions."""
        if self.shape is Shape.YESNO:
            return "Ghi “Có” hoặc “Không”."
        if self.shape is Shape.RATE:
            return (f"Ghi tỷ lệ % (0 – 100), hoặc tử số/mẫu số: {self.first_label or 'tử số'} / "
                    f"{self.second_label or 'mẫu số'}.")
        if self.shape is Shape.GROWTH:
            return (f"Ghi tốc độ tăng % so với năm trước, hoặc số năm nay/số năm trước"
                    f"{f' ({self.first_label})' if self.first_label else ''}.")
        if self.pair is Pair.BASELINE:
            return "Ghi số năm nay (số nguyên, không âm), có thể kèm số năm trước: năm nay/năm trước."
        if self.shape is Shape.COUNT:
            return "Ghi số nguyên, không âm."
        if self.percent:
            return "Ghi tỷ lệ % (0 – 100)."
        return "Ghi số, không âm."


def spec_for_measure(kind: MeasureKind | str, comparison: Comparison | str, unit: str = "",
                     numerator_label: str = "", denominator_label: str = "",
                     amount_unit: str = "") -> EntrySpec:
    kind, comparison = MeasureKind(kind), Comparison(comparison)
    if kind is MeasureKind.RATE:
        return EntrySpec(Shape.RATE, unit or "%", Pair.RATIO, numerator_label, denominator_label)
    if kind is MeasureKind.GROWTH:
        first = f"Số năm nay ({amount_unit})" if amount_unit else "Số năm nay"
        second = f"Số năm trước ({amount_unit})" if amount_unit else "Số năm trước"
        return EntrySpec(Shape.GROWTH, unit or "%", Pair.AMOUNTS, first, second)
    if comparison is Comparison.DECREASE:
        shape = Shape.COUNT if kind is MeasureKind.COUNT else Shape.AMOUNT
        return EntrySpec(shape, unit, Pair.BASELINE, "Số năm nay", "Số năm trước")
    if kind is MeasureKind.COUNT:
        return EntrySpec(Shape.COUNT, unit)
    return EntrySpec(Shape.AMOUNT, unit)


def spec_for_criterion(kind: str, unit: str = "") -> EntrySpec:
    """A criterion of its own (not following a measure): yes/no or a number."""
    if kind == "yesno":
        return EntrySpec(Shape.YESNO)
    return EntrySpec(Shape.NUMBER, unit)


@dataclass(frozen=True)
class ResultValues:
    """The figures of one result, as stored (see ``storage.models.Result``)."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    current_amount: float | None = None
    previous_amount: float | None = None
    flag: bool | None = None

    @property
    def empty(self) -> bool:
        # spelt out: read for each of a large ward's tens of thousands of results
        return (self.value is None and self.numerator is None and self.denominator is None
                and self.current_amount is None and self.previous_amount is None and self.flag is None)

    def as_dict(self) -> dict:
        return {f: getattr(self, f) for f in
                ("value", "numerator", "denominator", "current_amount", "previous_amount", "flag")}


_YES = {"co", "x", "1", "dat", "yes", "true", "v", "✓", "✔", "co dat"}
_NO = {"khong", "0", "khong dat", "no", "false", "k", "chua", "chua dat"}


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise TextError(f"“{clean(value)}” không phải là “Có” hoặc “Không”")


def _number(value: object, what: str = "") -> float:
    try:
        return parse_number(value)
    except TextError as exc:  # the reason (not a number, too large) and which figure
        raise TextError(f"{exc}{f' ({what})' if what else ''}") from None


def percent_cell_problem(value: Percent, what: str = "") -> str:
    """Why a cell shown as a percentage cannot give the figure ``what``: only
    rates (and growth) are percentages; a count shown as "700%" is a mistake,
    whichever of 7 and 700 was meant."""
    return (f"{what + ': ' if what else ''}ô ghi dạng phần trăm ({format_percent(value)}) nhưng số này không "
            "tính bằng %; hãy bỏ định dạng % của ô rồi ghi lại số")


def parse_entry(text: object, spec: EntrySpec) -> ResultValues | None:
    """Read what a clerk typed into a cell; None for an empty cell (delete the result).
    A cell shown as a percentage (:class:`~.text.Percent`) reads as the
    percentage it shows, for a rate only.

    Raises :class:`TextError` with a Vietnamese message for anything not allowed."""
    if text is None or (isinstance(text, str) and not clean(text)):
        return None
    if isinstance(text, Percent) and (spec.shape is Shape.YESNO or not spec.percent):
        raise TextError(percent_cell_problem(text))
    if spec.shape is Shape.YESNO:
        return normalize(ResultValues(flag=parse_flag(text)), spec)
    if isinstance(text, str) and "/" in text and spec.pair is not Pair.NONE:
        first_text, _, second_text = text.partition("/")
        if "/" in second_text:
            raise TextError(f"“{clean(text)}”: chỉ ghi một dấu “/” (số thứ nhất/số thứ hai)")
        first = _number(first_text, spec.first_label or "số thứ nhất")
        second = _number(second_text, spec.second_label or "số thứ hai")
        return from_parts(spec, first=first, second=second)
    if isinstance(text, str) and "/" in text:
        raise TextError(f"“{clean(text)}”: ô này chỉ ghi một số")
    return from_parts(spec, value=_number(text))


def from_parts(spec: EntrySpec, value: float | None = None, first: float | None = None,
               second: float | None = None, flag: bool | None = None) -> ResultValues | None:
    """Build and check a result from a value and/or the pair of figures of a cell
    (numerator and denominator, this year's and last year's amounts…)."""
    if spec.shape is Shape.YESNO:
        return None if flag is None else normalize(ResultValues(flag=flag), spec)
    if value is None and first is None and second is None:
        return None
    if spec.pair is Pair.RATIO:
        values = ResultValues(value=value, numerator=first, denominator=second)
    elif spec.pair is Pair.AMOUNTS:
        values = ResultValues(value=value, current_amount=first, previous_amount=second)
    elif spec.pair is Pair.BASELINE:
        if value is not None and first is not None and abs(value - first) > 1e-9:
            raise TextError(f"số thực hiện {format_number(value)} khác số năm nay {format_number(first)}")
        values = ResultValues(value=value if value is not None else first, previous_amount=second)
    else:
        if first is not None or second is not None:
            raise TextError("ô này chỉ ghi một số")
        values = ResultValues(value=value)
    return normalize(values, spec)


def normalize(values: ResultValues, spec: EntrySpec) -> ResultValues:
    """Check ``values`` against the rules of the cell and compute what follows
    from them (the rate from its numerator and denominator…).

    Raises :class:`TextError` naming the first problem."""
    problems = check(values, spec)
    if problems:
        raise TextError("; ".join(problems))
    if spec.pair is Pair.RATIO and values.numerator is not None and values.denominator is not None:
        return replace(values, value=values.numerator / values.denominator * 100.0)
    if spec.pair is Pair.AMOUNTS and values.current_amount is not None and values.previous_amount is not None:
        return replace(values, value=growth_rate(values.current_amount, values.previous_amount))
    return values


def check(values: ResultValues, spec: EntrySpec) -> list[str]:
    """Every rule the values break, in Vietnamese (empty when they are fine)."""
    problems: list[str] = []
    n = format_number
    if spec.shape is Shape.YESNO:
        if values.flag is None:
            problems.append("chưa ghi “Có” hoặc “Không”")
        return problems
    v = values.value
    if spec.pair is Pair.RATIO:
        num, den = values.numerator, values.denominator
        if (num is None) != (den is None):
            problems.append("cần ghi cả tử số và mẫu số" if v is None else
                            f"thiếu {'mẫu số' if den is None else 'tử số'}")
        elif num is not None and den is not None:
            if den <= 0:
                problems.append(f"mẫu số phải lớn hơn 0 (đang là {n(den)})")
            if num < 0:
                problems.append(f"tử số không được âm (đang là {n(num)})")
            if den > 0 and num > den:
                problems.append(f"tử số {n(num)} lớn hơn mẫu số {n(den)}")
            if den > 0 and 0 <= num <= den and v is not None and abs(v - num / den * 100) > RATE_AGREEMENT:
                problems.append(f"tỷ lệ {n(v)}% không khớp với {n(num)}/{n(den)} = {n(num / den * 100)}%")
    if spec.pair is Pair.AMOUNTS:
        cur, prev = values.current_amount, values.previous_amount
        if (cur is None) != (prev is None):
            problems.append(f"thiếu {'số năm trước' if prev is None else 'số năm nay'}")
        elif cur is not None and prev is not None:
            if prev <= 0:
                problems.append(f"số năm trước phải lớn hơn 0 (đang là {n(prev)})")
            if cur < 0:
                problems.append(f"số năm nay không được âm (đang là {n(cur)})")
            computed = growth_rate(cur, prev)
            if computed is not None and v is not None and abs(v - computed) > RATE_AGREEMENT:
                problems.append(f"tốc độ tăng {n(v)}% không khớp với số năm nay/năm trước "
                                f"({n(computed)}%)")
    if v is not None:
        if spec.percent and spec.shape is not Shape.GROWTH and not 0 <= v <= 100:
            problems.append(f"tỷ lệ phải từ 0 đến 100 (đang là {n(v)})")
        if spec.shape is Shape.GROWTH and v < -100:
            problems.append(f"tốc độ tăng không thể nhỏ hơn -100% (đang là {n(v)})")
        if spec.shape in (Shape.COUNT, Shape.AMOUNT, Shape.NUMBER) and v < 0:
            problems.append(f"số không được âm (đang là {n(v)})")
        if spec.integer and v >= 0 and not float(v).is_integer():
            problems.append(f"phải là số nguyên (đang là {n(v)})")
    if spec.pair is Pair.BASELINE and values.previous_amount is not None:
        prev = values.previous_amount
        if prev < 0:
            problems.append(f"số năm trước không được âm (đang là {n(prev)})")
        elif spec.integer and not float(prev).is_integer():
            problems.append(f"số năm trước phải là số nguyên (đang là {n(prev)})")
        if v is None:
            problems.append("thiếu số năm nay")
    if values.flag is not None:
        problems.append("ô này ghi số, không ghi “Có/Không”")
    return problems


def actual(values: ResultValues | None, spec: EntrySpec) -> float | bool | None:
    """The figure evaluated against the plan (the flag for a yes/no criterion)."""
    if values is None:
        return None
    return values.flag if spec.shape is Shape.YESNO else values.value


def _num(value: float | None) -> str:
    return format_number(value, max_decimals=4)


def edit_text(values: ResultValues | None, spec: EntrySpec) -> str:
    """The text a clerk edits; typing it back gives the same values."""
    if values is None or values.empty:
        return ""
    if spec.shape is Shape.YESNO:
        return "" if values.flag is None else ("Có" if values.flag else "Không")
    if spec.pair is Pair.RATIO and values.numerator is not None:
        return f"{_num(values.numerator)}/{_num(values.denominator)}"
    if spec.pair is Pair.AMOUNTS and values.current_amount is not None:
        return f"{_num(values.current_amount)}/{_num(values.previous_amount)}"
    if spec.pair is Pair.BASELINE and values.previous_amount is not None:
        return f"{_num(values.value)}/{_num(values.previous_amount)}"
    return _num(values.value)


def display_text(values: ResultValues | None, spec: EntrySpec, decimals: int = 2) -> str:
    """The short text of a grid cell: ``96,5%``, ``412``, ``Có``."""
    if values is None or values.empty:
        return ""
    if spec.shape is Shape.YESNO:
        return "" if values.flag is None else ("Có" if values.flag else "Không")
    if values.value is None:
        return ""
    text = format_number(values.value, max_decimals=decimals)
    return text + "%" if spec.percent else text


def detail_text(values: ResultValues | None, spec: EntrySpec, decimals: int = 2) -> str:
    """The long text: ``96,5% = 965 / 1.000 (Số người tham gia BHYT / Dân số)``."""
    short = display_text(values, spec, decimals)
    if values is None or not short:
        return short
    if spec.pair is Pair.RATIO and values.numerator is not None:
        labels = f" ({spec.first_label} / {spec.second_label})" if spec.first_label else ""
        return f"{short} = {_num(values.numerator)} / {_num(values.denominator)}{labels}"
    if spec.pair is Pair.AMOUNTS and values.current_amount is not None:
        return (f"tăng {short}: năm nay {_num(values.current_amount)}, "
                f"năm trước {_num(values.previous_amount)}")
    if spec.pair is Pair.BASELINE and values.previous_amount is not None:
        return f"{short} {spec.unit} (năm trước {_num(values.previous_amount)})".replace("  ", " ")
    if spec.unit and not spec.percent:
        return f"{short} {spec.unit}"
    return short
