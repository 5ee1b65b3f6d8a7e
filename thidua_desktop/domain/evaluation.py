"""Evaluating results against the plan, and rolling units' results up to the ward.

Pure rules, no Qt and no SQL: the GUI, the command line, scoring (issue 5) and
documents (issue 6) all read the same verdict from here.

Statuses
--------
Every measure or criterion gets one of :class:`Status`: ``VƯỢT``, ``ĐẠT``,
``KHÔNG ĐẠT`` or ``CHƯA ĐỦ DỮ LIỆU`` — with the actual value, the percent of
plan (actual ÷ plan × 100) and the rule that produced it, written in Vietnamese
("Thực hiện 96,4% > kế hoạch 96% → Vượt").

How "vượt" differs from "đạt" (the reference's §5: vượt when TH > KH, đạt
when TH = KH or within a tolerance, không đạt when TH < KH, reversed for
targets where lower is better). Actual values are first rounded to
``Tolerances.decimals`` places, as the report prints them (95,999…% is 96%).

``ge`` (≥, "đạt 96%", "… trở lên") and ``reach`` (đạt số lượng, "xây dựng 01 trường")
    below plan → không đạt; equal to plan, or above it by no more than
    ``exceed_margin`` % of plan → đạt; further above → vượt. The default margin
    is 0: anything above plan is vượt, exactly the plan is đạt.
``gt`` ("trên 97%")
    the plan itself is not enough: at or below plan → không đạt. Meeting it is
    đạt; it becomes vượt only from plan + ``strict_exceed_margin`` % of plan
    (default 1 %: "trên 97%" is vượt from 97,97%). A margin of 0 means a "trên"
    target is never vượt, only đạt.
``le`` ("không quá") and ``lt`` ("dưới")
    mirror images of ``ge`` and ``gt``: lower is better.
``eq`` (=)
    within ``equal_tolerance`` % of plan → đạt, otherwise không đạt; never vượt.
``decrease`` ("giảm hộ cận nghèo")
    compared with the baseline (last year's value): not lower → không đạt;
    lower → đạt. When the plan also names a level to come down to ("giảm xuống
    còn 300 hộ"), that level is an upper bound ruled as ``le``.

Growth measures compare a growth rate (% over last year) with the planned rate
under the measure's comparison; the rate is given directly or computed from
this year's and last year's amounts (:func:`growth_rate`).

Roll-ups
--------
Units' results combine into the ward's figure by the measure's method:
``ratio`` Σ numerators ÷ Σ denominators (never an average of percentages),
``sum`` a sum, ``growth`` Σ this year's ÷ Σ last year's amounts, ``none`` no
roll-up (the ward's figure is entered directly). The ward's official figure,
when entered, is the one evaluated; the roll-up is shown beside it and
:func:`mismatch` flags a difference.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from .targets import Comparison, MeasureKind
from .text import format_date, format_number

__all__ = [
    "Status",
    "Tolerances",
    "Evaluation",
    "evaluate",
    "evaluate_flag",
    "growth_rate",
    "Contribution",
    "Rollup",
    "RollupMethod",
    "rollup",
    "mismatch",
    "value_text",
    "round_half_up",
    "percent_of_plan_text",
    "worst",
]


class Status(str, enum.Enum):
    EXCEEDED = "vuot"
    MET = "dat"
    NOT_MET = "khong_dat"
    NO_DATA = "chua_du"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def rank(self) -> int:
        """Order for comparing outcomes: không đạt < đạt < vượt (no data is -1)."""
        return _STATUS_RANKS[self]

    @property
    def achieved(self) -> bool:
        return self in (Status.MET, Status.EXCEEDED)


_STATUS_LABELS = {
    Status.EXCEEDED: "Vượt",
    Status.MET: "Đạt",
    Status.NOT_MET: "Không đạt",
    Status.NO_DATA: "Chưa đủ dữ liệu",
}
_STATUS_RANKS = {Status.NO_DATA: -1, Status.NOT_MET: 0, Status.MET: 1, Status.EXCEEDED: 2}


@dataclass(frozen=True)
class Tolerances:
    """The configurable parts of the rules (settings ``evaluation.*``)."""

    decimals: int = 2  # actual values are rounded to this many places before comparing
    exceed_margin: float = 0.0  # % of plan above which ≥ / ≤ / reach targets are vượt
    strict_exceed_margin: float = 1.0  # % of plan from which > / < targets are vượt (0: never)
    equal_tolerance: float = 0.0  # % of plan within which an = target is đạt
    mismatch_tolerance: float = 0.0  # difference (in the measure's unit) tolerated between
    # the official ward figure and the roll-up of units' results


DEFAULT_TOLERANCES = Tolerances()


@dataclass(frozen=True)
class Evaluation:
    status: Status
    actual: float | None
    planned: float | None
    baseline: float | None
    percent_of_plan: float | None
    rule: str  # the Vietnamese sentence that says why

    @property
    def label(self) -> str:
        return self.status.label


def round_half_up(value: float, decimals: int) -> float:
    """Round as people do (2,345 → 2,35), not to even."""
    return _rounded(repr(float(value)), decimals)


@functools.lru_cache(maxsize=65536)
def _rounded(text: str, decimals: int) -> float:
    # by the number's text (-0.0 is not 0.0 here): a large ward's scores repeat the same few figures
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(text).quantize(quantum, rounding=ROUND_HALF_UP))


def value_text(value: float | None, unit: str = "", decimals: int = 2) -> str:
    """``96.4, "%"`` → ``96,4%``; ``412, "hộ"`` → ``412 hộ``."""
    if value is None:
        return ""
    number = format_number(value, max_decimals=decimals)
    if not unit:
        return number
    return number + unit if unit == "%" else f"{number} {unit}"


def percent_of_plan_text(percent: float | None, decimals: int = 2) -> str:
    """``100.0421`` → ``100,04%``: at least ``decimals`` places, more while the
    text would read 100% for a figure that is not the plan (95,04 against 95 is
    Vượt and must not print as "100%")."""
    if percent is None:
        return ""
    places = decimals
    while places < 6 and not math.isclose(percent, 100.0, abs_tol=1e-9) \
            and round_half_up(percent, places) == 100.0:
        places += 1
    return format_number(percent, max_decimals=places) + "%"


def growth_rate(current: float | None, previous: float | None) -> float | None:
    """Growth in % of this year's amount over last year's; None if it cannot be computed."""
    if current is None or previous is None or previous <= 0:
        return None
    return (current / previous - 1.0) * 100.0


def _percent(actual: float | None, planned: float | None) -> float | None:
    if actual is None or planned is None or planned == 0:
        return None
    return actual / planned * 100.0


def evaluate(comparison: Comparison | str, kind: MeasureKind | str, planned: float | None,
             actual: float | None, baseline: float | None = None, unit: str = "",
             tolerances: Tolerances = DEFAULT_TOLERANCES) -> Evaluation:
    """The verdict on ``actual`` against ``planned`` (and ``baseline`` for decreases).

    ``kind`` only changes the wording (a growth target reads "tăng …").
    """
    comparison = Comparison(comparison)
    kind = MeasureKind(kind)
    d = tolerances.decimals
    show = lambda v: value_text(v, unit, d)  # noqa: E731
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return Evaluation(Status.NO_DATA, None, planned, baseline, None, "Chưa có số liệu thực hiện")
    a = round_half_up(actual, d)
    if comparison is Comparison.DECREASE:
        return _evaluate_decrease(a, planned, baseline, unit, tolerances)
    if planned is None:
        return Evaluation(Status.NO_DATA, a, None, baseline, None,
                          f"Thực hiện {show(a)}; chưa có giá trị kế hoạch để so sánh")
    p = planned
    percent = _percent(a, p)
    growth = kind is MeasureKind.GROWTH
    actual_words = f"Tăng {show(a)}" if growth else f"Thực hiện {show(a)}"
    plan_words = f"kế hoạch tăng {show(p)}" if growth else f"kế hoạch {show(p)}"
    percent_words = f" ({percent_of_plan_text(percent)} kế hoạch)" if percent is not None else ""

    if comparison is Comparison.EQ:
        allowed = abs(p) * tolerances.equal_tolerance / 100.0
        if abs(a - p) <= allowed + 1e-9:
            if a == p:
                return Evaluation(Status.MET, a, p, baseline, percent, f"{actual_words} = {plan_words} → Đạt")
            return Evaluation(Status.MET, a, p, baseline, percent,
                              f"{actual_words}, lệch {show(abs(a - p))} so với {plan_words} "
                              f"(cho phép {format_number(tolerances.equal_tolerance)}%) → Đạt")
        return Evaluation(Status.NOT_MET, a, p, baseline, percent,
                          f"{actual_words} ≠ {plan_words}{percent_words} → Không đạt")

    higher_is_better = comparison in (Comparison.GE, Comparison.GT, Comparison.REACH)
    strict = comparison in (Comparison.GT, Comparison.LT)
    # Work on "better" = larger: mirror the lower-is-better comparisons.
    sign = 1.0 if higher_is_better else -1.0
    sa, sp = sign * a, sign * p
    better, worse = (">", "<") if higher_is_better else ("<", ">")
    better_eq = "≥" if higher_is_better else "≤"
    if strict:
        bound_words = f"kế hoạch {'trên' if higher_is_better else 'dưới'} {show(p)}"
        if growth:
            bound_words = f"kế hoạch tăng {'trên' if higher_is_better else 'dưới'} {show(p)}"
        if sa <= sp:
            relation = "=" if a == p else worse
            return Evaluation(Status.NOT_MET, a, p, baseline, percent,
                              f"{actual_words} {relation} {show(p)}, chưa đạt {bound_words}{percent_words} → Không đạt")
        margin = tolerances.strict_exceed_margin
        if margin > 0:
            threshold = round_half_up(p + sign * abs(p) * margin / 100.0, d)
            if sign * a >= sign * threshold:
                return Evaluation(Status.EXCEEDED, a, p, baseline, percent,
                                  f"{actual_words} {better_eq} {show(threshold)}, mức vượt của "
                                  f"{bound_words}{percent_words} → Vượt")
            return Evaluation(Status.MET, a, p, baseline, percent,
                              f"{actual_words} {better} {show(p)} ({bound_words}; vượt khi "
                              f"{'từ' if higher_is_better else 'không quá'} {show(threshold)}) → Đạt")
        return Evaluation(Status.MET, a, p, baseline, percent,
                          f"{actual_words} {better} {show(p)} ({bound_words}) → Đạt")

    if sa < sp:
        return Evaluation(Status.NOT_MET, a, p, baseline, percent,
                          f"{actual_words} {worse} {plan_words}{percent_words} → Không đạt")
    if a == p:
        return Evaluation(Status.MET, a, p, baseline, percent, f"{actual_words} = {plan_words} → Đạt")
    margin = tolerances.exceed_margin
    allowed = abs(p) * margin / 100.0
    if sa - sp <= allowed + 1e-9:
        return Evaluation(Status.MET, a, p, baseline, percent,
                          f"{actual_words} {better} {plan_words}, chưa vượt quá "
                          f"{format_number(margin)}% kế hoạch{percent_words} → Đạt")
    return Evaluation(Status.EXCEEDED, a, p, baseline, percent,
                      f"{actual_words} {better} {plan_words}{percent_words} → Vượt")


def _evaluate_decrease(a: float, planned: float | None, baseline: float | None, unit: str,
                       tolerances: Tolerances) -> Evaluation:
    d = tolerances.decimals
    show = lambda v: value_text(v, unit, d)  # noqa: E731
    if baseline is None:
        return Evaluation(Status.NO_DATA, a, planned, None, _percent(a, planned),
                          f"Năm nay {show(a)}; chưa có số năm trước để so sánh")
    b = round_half_up(baseline, d)
    change = a - b
    change_words = (f"giảm {show(-change)}" if change < 0 else
                    f"tăng {show(change)}" if change > 0 else "không đổi")
    if b and change:
        change_words += f" ({format_number(abs(change) / b * 100, max_decimals=2)}%)"
    head = f"Năm nay {show(a)}, năm trước {show(b)}: {change_words}"
    if a >= b:
        return Evaluation(Status.NOT_MET, a, planned, b, _percent(a, planned),
                          f"{head}, không giảm → Không đạt")
    if planned is None:
        return Evaluation(Status.MET, a, None, b, None, f"{head} → Đạt")
    inner = evaluate(Comparison.LE, MeasureKind.COUNT, planned, a, unit=unit, tolerances=tolerances)
    if inner.status is Status.NOT_MET:
        return Evaluation(Status.NOT_MET, a, planned, b, inner.percent_of_plan,
                          f"{head}, nhưng chưa xuống tới mức kế hoạch {show(planned)} → Không đạt")
    return Evaluation(inner.status, a, planned, b, inner.percent_of_plan,
                      f"{head}; {inner.rule[0].lower()}{inner.rule[1:]}")


def evaluate_flag(flag: bool | None) -> Evaluation:
    """A yes/no criterion: có → đạt, không → không đạt."""
    if flag is None:
        return Evaluation(Status.NO_DATA, None, 1.0, None, None, "Chưa có số liệu thực hiện")
    if flag:
        return Evaluation(Status.MET, 1.0, 1.0, None, 100.0, "Có → Đạt")
    return Evaluation(Status.NOT_MET, 0.0, 1.0, None, 0.0, "Không → Không đạt")


# --- registration (criterion TC01 "Đăng ký thi đua") -------------------------

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


def registration_deadline(text: str, year: int) -> dt.date | None:
    """``"31/03"`` → 31/03/``year``; empty → no deadline. Raises ValueError."""
    if not str(text or "").strip():
        return None
    match = _DAY_MONTH.match(str(text))
    if not match:
        raise ValueError(text)
    return dt.date(year, int(match.group(2)), int(match.group(1)))


def registration_deadline_problem(text: str) -> str | None:
    try:
        registration_deadline(text, 2024)  # a leap year: 29/02 is accepted
    except ValueError:
        return "ghi ngày/tháng, ví dụ 31/03, hoặc để trống."
    return None


def evaluate_registration(registered: bool, registered_on: dt.date | None, deadline: dt.date | None,
                          flag: bool | None = None) -> Evaluation:
    """Criterion "Đăng ký thi đua và triển khai các phong trào": the register
    decides the first half (registered by the deadline); a "Không" entered for
    the criterion (movements not carried out) still fails it."""
    if not registered:
        return Evaluation(Status.NOT_MET, 0.0, 1.0, None, 0.0,
                          "Không có tên trong sổ đăng ký thi đua của năm → Không đạt")
    due = f" (hạn {format_date(deadline)})" if deadline else ""
    if registered_on is None:
        if deadline is not None:
            return Evaluation(Status.NO_DATA, None, 1.0, None, None,
                              f"Đã đăng ký thi đua nhưng sổ đăng ký chưa ghi ngày{due}")
        words = "Đã đăng ký thi đua"
    elif deadline is not None and registered_on > deadline:
        return Evaluation(Status.NOT_MET, 0.0, 1.0, None, 0.0,
                          f"Đăng ký thi đua ngày {format_date(registered_on)}, sau hạn {format_date(deadline)}"
                          " → Không đạt")
    else:
        words = f"Đăng ký thi đua ngày {format_date(registered_on)}{due}"
    if flag is False:
        return Evaluation(Status.NOT_MET, 0.0, 1.0, None, 0.0,
                          f"{words}; triển khai các phong trào thi đua: Không → Không đạt")
    return Evaluation(Status.MET, 1.0, 1.0, None, 100.0, f"{words} → Đạt")


# --- roll-ups ----------------------------------------------------------------


class RollupMethod(str, enum.Enum):
    RATIO = "ratio"
    SUM = "sum"
    GROWTH = "growth"
    NONE = "none"

    @property
    def label(self) -> str:
        return _ROLLUP_LABELS[self]


_ROLLUP_LABELS = {
    RollupMethod.RATIO: "Cộng tử số, cộng mẫu số rồi chia",
    RollupMethod.SUM: "Cộng các đơn vị",
    RollupMethod.GROWTH: "Cộng số năm nay, cộng số năm trước rồi tính tốc độ tăng",
    RollupMethod.NONE: "Không cộng dồn (nhập số toàn phường)",
}


@dataclass(frozen=True)
class Contribution:
    """One unit's figures for a measure, as reported."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    current: float | None = None
    previous: float | None = None
    label: str = ""  # the unit's name, for messages


@dataclass(frozen=True)
class Rollup:
    method: RollupMethod
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    current: float | None = None
    previous: float | None = None
    used: int = 0  # contributions that entered the figure
    unusable: tuple[str, ...] = field(default_factory=tuple)  # reported but not usable (why)

    def text(self, unit: str = "", decimals: int = 2) -> str:
        """How the figure was obtained: ``Σ 23.450 / Σ 24.300 = 96,5%``."""
        if self.value is None:
            return ""
        if self.method is RollupMethod.RATIO:
            return (f"{format_number(self.numerator)} / {format_number(self.denominator)} = "
                    f"{value_text(self.value, '%', decimals)} (từ {self.used} đơn vị)")
        if self.method is RollupMethod.GROWTH:
            return (f"năm nay {format_number(self.current)}, năm trước {format_number(self.previous)}: "
                    f"tăng {value_text(self.value, '%', decimals)} (từ {self.used} đơn vị)")
        return f"tổng {value_text(self.value, unit, decimals)} (từ {self.used} đơn vị)"


def rollup(method: RollupMethod | str, contributions: Iterable[Contribution]) -> Rollup:
    """Combine units' figures into the ward's.

    A rate reported without numerator and denominator cannot enter a ratio
    roll-up (averaging percentages would weigh a group of 300 people like one
    of 3.000): it is listed in ``unusable`` instead."""
    method = RollupMethod(method)
    parts = list(contributions)
    if method is RollupMethod.NONE:
        return Rollup(method, None)
    unusable: list[str] = []
    if method is RollupMethod.RATIO:
        num = den = 0.0
        used = 0
        for c in parts:
            if c.numerator is not None and c.denominator is not None:
                num += c.numerator
                den += c.denominator
                used += 1
            elif c.value is not None:
                unusable.append(f"{c.label}: chỉ có tỷ lệ, thiếu tử số và mẫu số")
        value = num / den * 100.0 if used and den > 0 else None
        return Rollup(method, value, numerator=num if used else None, denominator=den if used else None,
                      used=used, unusable=tuple(unusable))
    if method is RollupMethod.GROWTH:
        cur = prev = 0.0
        used = 0
        for c in parts:
            if c.current is not None and c.previous is not None:
                cur += c.current
                prev += c.previous
                used += 1
            elif c.value is not None:
                unusable.append(f"{c.label}: chỉ có tốc độ tăng, thiếu số năm nay và năm trước")
        value = growth_rate(cur, prev) if used else None
        return Rollup(method, value, current=cur if used else None, previous=prev if used else None,
                      used=used, unusable=tuple(unusable))
    total = 0.0
    used = 0
    previous = 0.0
    with_previous = 0
    for c in parts:
        if c.value is not None:
            total += c.value
            used += 1
            if c.previous is not None:
                previous += c.previous
                with_previous += 1
    # The previous total is a usable baseline only when every summed unit gave one.
    return Rollup(method, total if used else None, used=used,
                  current=total if used else None,
                  previous=previous if used and with_previous == used else None)


def mismatch(official: float | None, rolled: float | None,
             tolerances: Tolerances = DEFAULT_TOLERANCES) -> bool:
    """True when the official ward figure and the roll-up differ as printed
    (both rounded) by more than the tolerance."""
    if official is None or rolled is None:
        return False
    d = tolerances.decimals
    return abs(round_half_up(official, d) - round_half_up(rolled, d)) > tolerances.mismatch_tolerance + 1e-9


def worst(statuses: Sequence[Status]) -> Status:
    """The status of a group (a target with several measures): không đạt if
    any measure is not met, otherwise no data if any is missing, otherwise the weakest."""
    if not statuses:
        return Status.NO_DATA
    if any(s is Status.NOT_MET for s in statuses):
        return Status.NOT_MET
    if any(s is Status.NO_DATA for s in statuses):
        return Status.NO_DATA
    return min(statuses, key=lambda s: s.rank)
