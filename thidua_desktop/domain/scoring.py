"""Chấm điểm và xếp hạng: a block's scorecard turned into points, bands and ranks.

Pure rules, no Qt and no SQL. A scorecard (bảng chấm điểm) is a list of
criteria, each with maximum points, a scoring rule and a role:

- ``score``: earns points towards the total (the criteria's maxima add up to
  the scale, 100 or 1.000; if they do not, the sum is converted to the scale
  and the explanation says so);
- ``bonus``: điểm thưởng, added on top, capped together with the bonus part of
  other rules and the positive adjustments by the scorecard's bonus cap;
- ``penalty``: điểm trừ, taken off when triggered;
- ``disqualify``: tiêu chí liệt, which takes the unit out of the ranking.

Every number a unit gets comes with a line saying which value, which rule and
how many points, so the clerk can read any total back to its sources.

Ranking is competition ranking (1-2-2-4): units equal on the total and on every
key of the tie-break chain share a rank. The chain is a setting and is printed
under the ranking. A ranking is provisional while any unit of the block has
not reported.
"""
from __future__ import annotations

import datetime as dt
import enum
import functools
import math
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Callable, Iterable, Mapping, Sequence

from .evaluation import round_half_up
from .text import collation_key, format_date, format_number, format_percent


# --- rules and roles ---------------------------------------------------------

# Criterion.kind: where a block criterion's value comes from
CRITERION_KINDS = {"measure": "Theo chỉ tiêu của Kế hoạch", "yesno": "Có / Không", "number": "Số liệu riêng"}


class Role(str, enum.Enum):
    SCORE = "score"
    BONUS = "bonus"
    PENALTY = "penalty"
    DISQUALIFY = "disqualify"

    @property
    def label(self) -> str:
        return {"score": "Chấm điểm", "bonus": "Điểm thưởng", "penalty": "Điểm trừ",
                "disqualify": "Tiêu chí liệt"}[self.value]


class Rule(str, enum.Enum):
    FULL = "full"
    PROPORTIONAL = "proportional"
    EXCEED_BONUS = "exceed_bonus"
    BLOCK_RELATIVE = "block_relative"
    YESNO = "yesno"
    PER_UNIT = "per_unit"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS = {
    Rule.FULL: "Đạt thì đủ điểm",
    Rule.PROPORTIONAL: "Theo tỷ lệ hoàn thành",
    Rule.EXCEED_BONUS: "Đạt đủ điểm, vượt được cộng (có mức trần)",
    Rule.BLOCK_RELATIVE: "Công thức khối (đơn vị dẫn đầu được tối đa)",
    Rule.YESNO: "Có / Không",
    Rule.PER_UNIT: "Chấm thẳng theo số lượng (có mức trần)",
}

# Which rules make sense for which role (the editor offers only these).
RULES_FOR_ROLE: dict[Role, tuple[Rule, ...]] = {
    Role.SCORE: (Rule.PROPORTIONAL, Rule.FULL, Rule.EXCEED_BONUS, Rule.BLOCK_RELATIVE, Rule.YESNO,
                 Rule.PER_UNIT),
    Role.BONUS: (Rule.YESNO, Rule.PER_UNIT, Rule.FULL),
    Role.PENALTY: (Rule.YESNO, Rule.PER_UNIT, Rule.FULL),
    Role.DISQUALIFY: (Rule.YESNO, Rule.FULL, Rule.PER_UNIT),
}


@dataclass(frozen=True)
class ParamSpec:
    key: str
    label: str
    default: Any
    kind: str = "float"  # float / bool


# Parameters of each rule, with defaults (stored in Criterion.params).
RULE_PARAMS: dict[Rule, tuple[ParamSpec, ...]] = {
    Rule.FULL: (),
    Rule.PROPORTIONAL: (ParamSpec("floor", "Dưới tỷ lệ này (% kế hoạch) được 0 điểm", 0.0),),
    Rule.EXCEED_BONUS: (ParamSpec("per_percent", "Điểm cộng cho mỗi 1% vượt", 0.5),
                        ParamSpec("cap", "Điểm cộng tối đa", 2.0)),
    Rule.BLOCK_RELATIVE: (),
    Rule.YESNO: (ParamSpec("expected", "Trả lời “Có” là kết quả tốt (bỏ chọn nếu “Không” mới tốt)",
                           True, "bool"),),
    Rule.PER_UNIT: (ParamSpec("each", "Điểm cho mỗi đơn vị đếm", 1.0),
                    ParamSpec("limit", "Tiêu chí liệt: số lượng cho phép", 0.0)),
}


def rule_params(rule: Rule, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """``params`` completed with the rule's defaults."""
    out = {p.key: p.default for p in RULE_PARAMS[rule]}
    for key, value in (params or {}).items():
        if key in out and value is not None:
            out[key] = value
    return out


# --- what a unit achieved on a criterion ------------------------------------


class Standing(str, enum.Enum):
    EXCEEDED = "exceeded"
    REACHED = "reached"
    MISSED = "missed"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"exceeded": "vượt", "reached": "đạt", "missed": "không đạt",
                "missing": "chưa có số liệu"}[self.value]

    @property
    def met(self) -> bool:
        return self in (Standing.EXCEEDED, Standing.REACHED)


@dataclass(frozen=True)
class Outcome:
    """A unit's result on one criterion, already compared with its plan.

    ``ratio`` is the completion as a fraction of the plan (1.0 = exactly the
    plan), already inverted for targets where lower is better."""

    standing: Standing
    value: float | None = None
    planned: float | None = None
    flag: bool | None = None
    ratio: float | None = None
    text: str = ""  # the value as the clerk reads it: "97,2% (KH ≥ 96%)"

    @staticmethod
    def missing() -> "Outcome":
        return Outcome(Standing.MISSING, text="chưa có số liệu")


_LOWER_IS_BETTER = {"le", "lt", "decrease"}


def compare(value: float | None, planned: float | None, comparison: str,
            unit: str = "") -> Outcome:
    """A plain comparison of a value with its plan, used where no evaluation of
    the results area applies (a criterion with a number of its own).

    ``ge``/``reach``: at least the plan, above it is vượt; ``gt``: above the
    plan; ``eq``: equal; ``le``/``lt``/``decrease`` (plan = last year's value):
    lower is better and the completion ratio is inverted."""
    if value is None:
        return Outcome.missing()
    suffix = "%" if unit == "%" else f" {unit}" if unit else ""
    shown = f"{format_number(value)}{suffix}"
    if planned is None:
        return Outcome(Standing.REACHED if value else Standing.MISSED, value, None, None, None, shown)
    plan_text = f"{format_number(planned)}{suffix}"
    if comparison in _LOWER_IS_BETTER:
        if comparison == "lt" or comparison == "decrease":
            met, exceeded = value < planned, False
        else:
            met, exceeded = value <= planned, value < planned
        ratio = (planned / value) if value > 0 else (2.0 if met else 0.0)
    elif comparison == "eq":
        met, exceeded = math.isclose(value, planned, rel_tol=1e-9, abs_tol=1e-9), False
        ratio = 1.0 if met else (min(value, planned) / max(value, planned) if max(value, planned) > 0 else 0.0)
    elif comparison == "gt":
        met, exceeded = value > planned, False
        ratio = value / planned if planned else (1.0 if value > 0 else 0.0)
    else:  # ge, reach
        met, exceeded = value >= planned, value > planned
        ratio = value / planned if planned else 1.0
    standing = Standing.EXCEEDED if met and exceeded else Standing.REACHED if met else Standing.MISSED
    symbol = {"ge": "≥", "gt": ">", "eq": "=", "le": "≤", "lt": "<", "reach": "≥",
              "decrease": "< năm trước"}.get(comparison, "")
    return Outcome(standing, value, planned, None, ratio,
                   f"{shown} (KH {symbol} {plan_text}) → {standing.label}")


def yes_no(flag: bool | None) -> Outcome:
    if flag is None:
        return Outcome.missing()
    return Outcome(Standing.REACHED if flag else Standing.MISSED, flag=flag, text="Có" if flag else "Không")


# --- the scorecard -----------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Xếp loại from a minimum total (points on the scorecard's scale)."""

    name: str
    minimum: float


@dataclass(frozen=True)
class CriterionSpec:
    key: str  # stable id of the criterion (its database id as text)
    code: str
    label: str
    max_points: float
    rule: Rule
    role: Role = Role.SCORE
    params: Mapping[str, Any] = field(default_factory=dict)
    group: str = ""
    unit: str = ""

    @functools.cached_property
    def settings(self) -> dict[str, Any]:  # made once: read for each unit the card scores
        return rule_params(self.rule, self.params)


@dataclass(frozen=True)
class TieBreak:
    key: str
    label: str  # printed under the ranking
    sort_value: Callable[["UnitScore"], Any]  # smaller is better
    show: Callable[["UnitScore"], str]


def _date_value(d: dt.date | None) -> int:
    return d.toordinal() if d else 10**9


TIEBREAKS: dict[str, TieBreak] = {t.key: t for t in (
    TieBreak("exceeded", "Nhiều chỉ tiêu vượt kế hoạch hơn",
             lambda s: -s.exceeded_count, lambda s: f"{s.exceeded_count} chỉ tiêu vượt"),
    TieBreak("reached", "Nhiều chỉ tiêu đạt kế hoạch trở lên hơn",
             lambda s: -s.reached_count, lambda s: f"{s.reached_count} chỉ tiêu đạt trở lên"),
    TieBreak("deductions", "Ít điểm trừ hơn",
             lambda s: round(s.deductions, 6), lambda s: f"trừ {format_number(s.deductions)} điểm"),
    TieBreak("base", "Điểm các tiêu chí (chưa cộng, trừ) cao hơn",
             lambda s: -round(s.base, 6), lambda s: f"{format_number(s.base)} điểm tiêu chí"),
    TieBreak("reported_on", "Báo cáo sớm hơn",
             lambda s: _date_value(s.reported_on),
             lambda s: f"báo cáo ngày {format_date(s.reported_on)}" if s.reported_on else "chưa rõ ngày báo cáo"),
    TieBreak("female_collective", "Tập thể có tỷ lệ nữ từ mức ưu tiên trở lên (NĐ 152/2025, Điều 4)",
             lambda s: 0 if s.female_priority else 1,
             lambda s: "tập thể nữ ≥ mức ưu tiên" if s.female_priority else "không thuộc diện ưu tiên nữ"),
)}

DEFAULT_TIEBREAK = ("exceeded", "deductions", "reported_on")


def tiebreak_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "phải là danh sách tên tiêu chí phụ."
    unknown = [v for v in value if v not in TIEBREAKS]
    if unknown:
        return "không có tiêu chí phụ " + ", ".join(f"“{v}”" for v in unknown) + "."
    if len(set(value)) != len(value):
        return "một tiêu chí phụ được chọn hai lần."
    return None


def bands_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return "cần ít nhất một mức xếp loại."
    names = set()
    for item in value:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            return "mỗi mức xếp loại cần tên."
        minimum = item.get("min")
        if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or minimum < 0:
            return f"mức “{item.get('name')}” cần điểm tối thiểu không âm."
        if item["name"] in names:
            return f"mức “{item['name']}” trùng tên."
        names.add(item["name"])
    return None


def parse_bands(value: Sequence[Mapping[str, Any]], factor: float = 1.0) -> list[Band]:
    """Bands from their JSON, highest first; ``factor`` rescales the minima."""
    bands = [Band(str(b["name"]), float(b["min"]) * factor) for b in value]
    return sorted(bands, key=lambda b: -b.minimum)


@dataclass(frozen=True)
class Scorecard:
    scale: int
    criteria: tuple[CriterionSpec, ...]
    bands: tuple[Band, ...]
    tiebreak: tuple[str, ...] = DEFAULT_TIEBREAK
    bonus_cap: float | None = None
    late_deduction: float = 0.0  # points taken off a late report (on this scale)
    below_bands: str = "Không xếp loại"
    disqualified_label: str = "Không xếp loại (vi phạm tiêu chí liệt)"

    @property
    def score_criteria(self) -> list[CriterionSpec]:
        return [c for c in self.criteria if c.role is Role.SCORE]

    @property
    def max_sum(self) -> float:
        return sum(c.max_points for c in self.score_criteria)

    def problems(self) -> list[str]:
        """What a clerk should fix in this scorecard (it can still be used)."""
        out = []
        if self.scale not in (100, 1000):
            out.append(f"Thang điểm phải là 100 hoặc 1.000 (đang là {self.scale}).")
        total = self.max_sum
        if not self.score_criteria:
            out.append("Bảng điểm chưa có tiêu chí chấm điểm nào.")
        elif not math.isclose(total, self.scale, abs_tol=1e-6):
            out.append(f"Tổng điểm chuẩn các tiêu chí là {format_number(total)}, khác thang điểm "
                       f"{format_number(self.scale)}; điểm sẽ được quy đổi về thang {format_number(self.scale)}.")
        for c in self.criteria:
            if c.max_points < 0:
                out.append(f"Tiêu chí {c.code}: điểm tối đa không được âm.")
            if c.rule not in RULES_FOR_ROLE[c.role]:
                out.append(f"Tiêu chí {c.code}: cách chấm “{c.rule.label}” không dùng cho “{c.role.label}”.")
        for key in self.tiebreak:
            if key not in TIEBREAKS:
                out.append(f"Tiêu chí phụ xếp hạng “{key}” không có.")
        return out


# --- a unit's score ----------------------------------------------------------

# Rules that compare with a plan: a target without the unit's own plan cannot
# be scored by them (PER_UNIT counts, YESNO reads a flag).
PLAN_RULES = frozenset({Rule.FULL, Rule.PROPORTIONAL, Rule.EXCEED_BONUS, Rule.BLOCK_RELATIVE})


@dataclass(frozen=True)
class UnitInput:
    unit_id: int
    name: str
    reported: bool
    outcomes: Mapping[str, Outcome]  # by CriterionSpec.key
    adjustments: Sequence[tuple[float, str]] = ()  # (points, reason): + thưởng, − trừ
    reported_on: dt.date | None = None
    deadline: dt.date | None = None  # the date the plan names
    late_days: int = 0  # days late, as the results area counts them ("trước ngày …")
    female_priority: bool = False
    block: str = ""
    not_applicable: frozenset[str] = frozenset()  # criteria the unit does not carry (not allocated)
    unplanned: frozenset[str] = frozenset()  # allocated targets without a planned value for the unit


@dataclass(frozen=True)
class Line:
    """One line of a unit's explanation."""

    code: str
    label: str
    value: str
    rule: str
    points: float | None  # signed: what this line adds to the total
    kind: str  # score / bonus / penalty / disqualify / adjust / note


@dataclass
class UnitScore:
    unit_id: int
    name: str
    reported: bool
    block: str = ""
    base: float = 0.0  # criteria points, on the scale
    bonus: float = 0.0  # after the cap
    bonus_raw: float = 0.0
    deductions: float = 0.0  # positive number taken off
    total: float = 0.0
    percent: float = 0.0  # total as % of the scale (compares blocks of different scales)
    scale: int = 100
    band: str = ""
    disqualified: bool = False
    exceeded_count: int = 0
    reached_count: int = 0
    reported_on: dt.date | None = None
    female_priority: bool = False
    line_list: list[Line] | None = field(default=None, repr=False, compare=False)
    rank: int | None = None
    tie_note: str = ""
    unassigned: bool = False  # in no block: listed, never scored nor ranked
    bands: tuple[str, ...] = ()  # the block's band names, best first (eligibility reads them)
    # Ranking a ward of thousands needs only the numbers: the explanation is
    # built on its first read (``lines``), by scoring the unit again with it.
    build_lines: Callable[[], list[Line]] | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> list[Line]:
        """The unit's explanation, one line per criterion, adjustment and note."""
        if self.line_list is None:
            self.line_list = self.build_lines() if self.build_lines is not None else []
        return self.line_list

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def status(self) -> str:
        if self.unassigned:
            return UNASSIGNED
        if not self.reported:
            return "Chưa báo cáo"
        if self.disqualified:
            return "Vi phạm tiêu chí liệt"
        return ""


UNASSIGNED = "Chưa thuộc khối nào"

# A target not met never earns its full points, even when the figure equals the
# plan of a strict comparison ("trên 97%" with 97%): at most 99 % of them.
MISSED_CAP = 0.99


SCORE_DECIMALS = 2


def round_score(x: float) -> float:
    """The one rounding of points (half up, 2 places): every total, percentage
    and line is rounded here, so a unit reads the same in every paper."""
    return round_half_up(x + 0.0, SCORE_DECIMALS)


_round = round_score


def total_text(total: float, scale: int, bonus: float = 0.0) -> str:
    """``102,85/100 điểm, gồm 3 điểm thưởng ngoài thang``: a total above the
    scale always says why. Điểm thưởng are added on top of the scale (capped by
    the scorecard's bonus cap), not cut at the scale: cutting would tie the unit
    with a bonus and the one without, which the bonus exists to separate."""
    text = f"{format_number(total)}/{format_number(scale)} điểm"
    if total > scale + 1e-9 and bonus > 0:
        text += f", gồm {format_number(bonus)} điểm thưởng ngoài thang"
    return text


def _criterion_points(spec: CriterionSpec, outcome: Outcome, leader_ratio: float | None
                      ) -> tuple[float, float, str]:
    """(points within max, extra bonus points, rule text) for a score/bonus criterion."""
    p = spec.settings
    mx = spec.max_points
    fmt = format_number
    if outcome.standing is Standing.MISSING:
        return 0.0, 0.0, "chưa có số liệu → 0 điểm"
    if spec.rule is Rule.YESNO:
        expected = bool(p["expected"])
        good = outcome.flag if outcome.flag is not None else outcome.standing.met
        ok = good == expected
        return (mx if ok else 0.0), 0.0, f"{'Có' if expected else 'Không'}: {fmt(mx)} điểm, ngược lại 0"
    if spec.rule is Rule.PER_UNIT:
        each = float(p["each"])
        value = outcome.value or 0.0
        earned = min(mx, max(0.0, value * each))
        return earned, 0.0, f"{fmt(each)} điểm × {fmt(value)}, tối đa {fmt(mx)}"
    if spec.rule is Rule.FULL:
        return (mx if outcome.standing.met else 0.0), 0.0, f"Đạt: {fmt(mx)} điểm; không đạt: 0"
    ratio = outcome.ratio if outcome.ratio is not None else (1.0 if outcome.standing.met else 0.0)
    if spec.rule is Rule.PROPORTIONAL:
        floor = float(p["floor"]) / 100
        if ratio < floor:
            return 0.0, 0.0, f"Dưới {fmt(floor * 100)}% kế hoạch: 0 điểm"
        if outcome.standing.met:
            return mx, 0.0, f"Đạt kế hoạch: {fmt(mx)} điểm"
        share = min(ratio, MISSED_CAP)
        return mx * share, 0.0, f"Chưa đạt: {fmt(mx)} × {format_percent(share * 100)} hoàn thành"
    if spec.rule is Rule.EXCEED_BONUS:
        per, cap = float(p["per_percent"]), float(p["cap"])
        if not outcome.standing.met:
            share = min(ratio, MISSED_CAP)
            return mx * share, 0.0, f"Chưa đạt: {fmt(mx)} × {format_percent(share * 100)}"
        over = max(0.0, (ratio - 1.0) * 100)
        extra = min(cap, over * per)
        text = f"Đạt: {fmt(mx)} điểm"
        if extra:
            text += f"; vượt {format_percent(over)}: cộng {fmt(per)} × {fmt(over)} = {fmt(extra)} (tối đa {fmt(cap)}, tính vào điểm thưởng)"
        return mx, extra, text
    if spec.rule is Rule.BLOCK_RELATIVE:
        half = mx / 2
        if not outcome.standing.met:
            share = min(ratio, MISSED_CAP)
            return half * share, 0.0, f"Chưa đạt: 0,5 × {fmt(mx)} × {format_percent(share * 100)}"
        lead = leader_ratio if leader_ratio is not None else ratio
        if lead <= 1.0 or ratio >= lead:
            if lead > 1.0:
                return mx, 0.0, f"Dẫn đầu khối: {fmt(mx)} điểm"
            return half, 0.0, f"Đạt (không có đơn vị vượt): 0,5 × {fmt(mx)}"
        share = (ratio - 1.0) / (lead - 1.0)
        return half + half * share, 0.0, (f"0,5 × {fmt(mx)} + 0,5 × {fmt(mx)} × vượt {format_percent((ratio - 1) * 100)}"
                                          f" / vượt của đơn vị dẫn đầu {format_percent((lead - 1) * 100)}")
    raise ValueError(spec.rule)  # pragma: no cover


def _triggered(spec: CriterionSpec, outcome: Outcome) -> tuple[bool, float, str]:
    """For penalty and disqualify criteria: (triggered, amount, rule text)."""
    p = spec.settings
    fmt = format_number
    if outcome.standing is Standing.MISSING:
        return False, 0.0, "chưa có số liệu"
    if spec.rule is Rule.YESNO:
        bad = outcome.flag if outcome.flag is not None else not outcome.standing.met
        return bool(bad), spec.max_points, "Có: " + ("liệt" if spec.role is Role.DISQUALIFY else f"trừ {fmt(spec.max_points)} điểm")
    if spec.rule is Rule.PER_UNIT:
        value = outcome.value or 0.0
        if spec.role is Role.DISQUALIFY:
            limit = float(p["limit"])
            return value > limit, 0.0, f"Liệt khi quá {fmt(limit)}"
        amount = min(spec.max_points, max(0.0, value * float(p["each"])))
        return amount > 0, amount, f"Trừ {fmt(float(p['each']))} điểm × {fmt(value)}, tối đa {fmt(spec.max_points)}"
    missed = outcome.standing is Standing.MISSED
    return missed, spec.max_points, "Không đạt: " + ("liệt" if spec.role is Role.DISQUALIFY else f"trừ {fmt(spec.max_points)} điểm")


def classify(total: float, bands: Sequence[Band], below: str) -> str:
    for band in sorted(bands, key=lambda b: -b.minimum):
        if total >= band.minimum - 1e-9:
            return band.name
    return below


def score_unit(card: Scorecard, unit: UnitInput, leaders: Mapping[str, float] | None = None,
               explain: bool = True) -> UnitScore:
    """Points, band and explanation for one unit; ``leaders`` gives, per
    criterion key, the best completion ratio in the block (for the block formula).
    Without ``explain`` the explanation is left to be built when first read."""
    leaders = leaders or {}
    lines: list[Line] | None = [] if explain else None
    out = UnitScore(unit.unit_id, unit.name, unit.reported, block=unit.block, scale=card.scale,
                    reported_on=unit.reported_on, female_priority=unit.female_priority,
                    bands=tuple(b.name for b in sorted(card.bands, key=lambda b: -b.minimum)),
                    line_list=lines,
                    build_lines=None if explain else lambda: score_unit(card, unit, leaders).lines)
    if not unit.reported:
        if lines is not None:
            lines.append(Line("", "Đơn vị chưa báo cáo kết quả", "", "", None, "note"))
        out.band = ""
        return out
    base_raw = 0.0
    bonus_raw = 0.0
    deductions = 0.0
    reasons = []
    for spec in card.criteria:
        if spec.key in unit.not_applicable:
            if lines is not None:
                lines.append(Line(spec.code, spec.label, "không áp dụng",
                                  "đơn vị không được giao chỉ tiêu này: không tính vào điểm chuẩn", None, "note"))
            continue
        if spec.key in unit.unplanned and spec.role is Role.SCORE and spec.rule in PLAN_RULES:
            # docs/phan-giao-chi-tieu.md §1: a count target without the unit's own
            # plan is summed into the ward's figure, never judged per unit.
            if lines is not None:
                lines.append(Line(spec.code, spec.label,
                                  f"Chỉ tiêu ({spec.code}) không giao kế hoạch cho đơn vị",
                                  f"không tính, thang điểm quy về {format_number(card.scale)}", None, "note"))
            continue
        outcome = unit.outcomes.get(spec.key) or Outcome.missing()
        if outcome.standing is Standing.EXCEEDED:
            out.exceeded_count += 1
        if spec.role is Role.SCORE and outcome.standing.met:
            out.reached_count += 1
        if spec.role in (Role.SCORE, Role.BONUS):
            points, extra, text = _criterion_points(spec, outcome, leaders.get(spec.key))
            if spec.role is Role.SCORE:
                base_raw += points
                kind = "score"
            else:
                bonus_raw += points
                kind = "bonus"
            if lines is not None:
                lines.append(Line(spec.code, spec.label, outcome.text, f"{spec.rule.label}: {text}",
                                  _round(points), kind))
            if extra:
                bonus_raw += extra
                if lines is not None:
                    lines.append(Line(spec.code, f"Vượt kế hoạch: {spec.label}", "", "cộng vào điểm thưởng",
                                      _round(extra), "bonus"))
        elif spec.role is Role.PENALTY:
            hit, amount, text = _triggered(spec, outcome)
            taken = amount if hit else 0.0
            deductions += taken
            if lines is not None:
                lines.append(Line(spec.code, spec.label, outcome.text, f"{spec.rule.label}: {text}",
                                  -_round(taken), "penalty"))
        else:
            hit, _, text = _triggered(spec, outcome)
            if hit:
                reasons.append(f"{spec.code} {spec.label}".strip())
            if lines is not None:
                lines.append(Line(spec.code, spec.label, outcome.text,
                                  f"Tiêu chí liệt: {text}" + (" → BỊ LIỆT" if hit else " → không vi phạm"),
                                  None, "disqualify"))
    for points, reason in unit.adjustments:
        if points >= 0:
            bonus_raw += points
            if lines is not None:
                lines.append(Line("", "Điểm thưởng", reason, "do Hội đồng/cán bộ chấm ghi nhận", _round(points), "adjust"))
        else:
            deductions += -points
            if lines is not None:
                lines.append(Line("", "Điểm trừ", reason, "do Hội đồng/cán bộ chấm ghi nhận", _round(points), "adjust"))
    if card.late_deduction and unit.late_days > 0:
        deductions += card.late_deduction
        when = f"báo cáo ngày {format_date(unit.reported_on)}" if unit.reported_on else "báo cáo"
        due = f", hạn trước ngày {format_date(unit.deadline)}" if unit.deadline else ""
        if lines is not None:
            lines.append(Line("", "Báo cáo chậm", f"{when}{due} (trễ {unit.late_days} ngày)",
                              "điểm trừ báo cáo chậm hạn (cài đặt)", -_round(card.late_deduction), "penalty"))
    max_sum = sum(c.max_points for c in card.score_criteria
                  if c.key not in unit.not_applicable and c.key not in unit.unplanned)
    if max_sum > 0 and not math.isclose(max_sum, card.scale, abs_tol=1e-6):
        base = base_raw * card.scale / max_sum
        if lines is not None:
            lines.append(Line("", "Quy đổi về thang điểm",
                              f"{format_number(base_raw)} / {format_number(max_sum)} điểm chuẩn",
                              f"× {format_number(card.scale)} / {format_number(max_sum)}", None, "note"))
    else:
        base = base_raw
    bonus = bonus_raw
    if card.bonus_cap is not None and bonus_raw > card.bonus_cap:
        bonus = card.bonus_cap
        if lines is not None:
            lines.append(Line("", "Mức trần điểm thưởng", f"{format_number(bonus_raw)} điểm thưởng",
                              f"chỉ tính tối đa {format_number(card.bonus_cap)}", None, "note"))
    total = base + bonus - deductions
    if total < 0:
        if lines is not None:
            lines.append(Line("", "Tổng điểm âm", format_number(total), "tính là 0", None, "note"))
        total = 0.0
    out.base, out.bonus_raw, out.bonus, out.deductions = _round(base), _round(bonus_raw), _round(bonus), _round(deductions)
    out.total = _round(total)
    # from the rounded total, so the block's 99,84 is the ward's 99,84 %
    out.percent = _round(out.total * 100 / card.scale) if card.scale else 0.0
    if reasons:
        out.disqualified = True
        out.band = card.disqualified_label
        if lines is not None:
            lines.append(Line("", "Không xếp hạng", "; ".join(reasons), "vi phạm tiêu chí liệt", None, "note"))
    else:
        out.band = classify(out.total, card.bands, card.below_bands)
    return out


# --- ranking -----------------------------------------------------------------


@dataclass
class Ranking:
    """A ranked block (or the whole ward)."""

    title: str
    scale: int | None  # None for the ward ranking (compared in % of each scale)
    entries: list[UnitScore]  # ranked first, then disqualified, then not reported
    tiebreak: tuple[str, ...]
    missing: list[str]  # units that have not reported
    notes: list[str] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)  # units in no block (listed, not ranked)

    @property
    def provisional(self) -> bool:
        return bool(self.missing)

    @property
    def tiebreak_labels(self) -> list[str]:
        return [TIEBREAKS[k].label for k in self.tiebreak if k in TIEBREAKS]

    @property
    def status_text(self) -> str:
        if not self.entries:  # nothing ranked is not an official ranking
            return "Chưa có đơn vị nào để xếp hạng."
        if self.provisional:
            return (f"XẾP HẠNG TẠM THỜI: còn {len(self.missing)} đơn vị chưa báo cáo "
                    f"({', '.join(self.missing)}).")
        return "Xếp hạng chính thức: mọi đơn vị đã báo cáo."

    @property
    def chain_text(self) -> str:
        main = "tổng điểm" if self.scale else "tỷ lệ điểm so với thang điểm của khối"
        parts = [f"{i}. {label}" for i, label in enumerate(self.tiebreak_labels, start=1)]
        tail = ("; nếu vẫn bằng nhau: đồng hạng." if parts else "; bằng nhau thì đồng hạng.")
        return f"Xếp theo {main} từ cao xuống thấp; khi bằng điểm xét lần lượt: " + "; ".join(parts) + tail \
            if parts else f"Xếp theo {main} từ cao xuống thấp" + tail


def rank_scores(scores: Sequence[UnitScore], chain: Sequence[str], by_percent: bool = False) -> list[UnitScore]:
    """Competition ranking in place: returns the scores ordered, ranked units
    first (rank set), then disqualified, then those not reported (rank None).

    Units equal on the main score and on every key of ``chain`` share a rank;
    the next rank skips (1-2-2-4). ``tie_note`` says which key separated a unit
    from the one just above it when their scores were equal."""
    keys = [TIEBREAKS[k] for k in chain if k in TIEBREAKS]

    def main(s: UnitScore) -> float:
        return s.percent if by_percent else s.total

    def full_key(s: UnitScore) -> tuple:
        return (-round(main(s), 6), *[k.sort_value(s) for k in keys])

    ranked = [s for s in scores if s.reported and not s.disqualified]
    others = [s for s in scores if s.reported and s.disqualified]
    missing = [s for s in scores if not s.reported]
    known = {id(s): full_key(s) for s in ranked}  # once each; names (a slow collation) only for ties
    ranked.sort(key=lambda s: known[id(s)])
    ranked = [s for run in (list(r) for _, r in groupby(ranked, key=lambda s: known[id(s)]))
              for s in (sorted(run, key=lambda s: collation_key(s.name)) if len(run) > 1 else run)]
    for i, s in enumerate(ranked):
        tied = i > 0 and known[id(ranked[i - 1])] == known[id(s)]
        s.rank = ranked[i - 1].rank if tied else i + 1
    sharing: dict[int, list[UnitScore]] = {}  # rank → its units in order (one pass: wards have thousands)
    for s in ranked:
        sharing.setdefault(s.rank, []).append(s)
    for i, s in enumerate(ranked):
        same = [o.name for o in sharing[s.rank] if o is not s]
        if same:
            s.tie_note = "đồng hạng với " + ", ".join(same)
            continue
        s.tie_note = ""
        for other, above in ((ranked[i - 1] if i > 0 else None, True),
                             (ranked[i + 1] if i + 1 < len(ranked) else None, False)):
            if other is None or round(main(other), 6) != round(main(s), 6):
                continue
            for k in keys:
                if k.sort_value(other) != k.sort_value(s):
                    if above:
                        s.tie_note = (f"bằng điểm {other.name}, xếp sau theo “{k.label}”: "
                                      f"{k.show(s)} so với {k.show(other)}")
                    else:
                        s.tie_note = (f"bằng điểm {other.name}, xếp trên theo “{k.label}”: "
                                      f"{k.show(s)} so với {k.show(other)}")
                    break
            if s.tie_note:
                break
    for s in others + missing:
        s.rank = None
        s.tie_note = ""
    others.sort(key=lambda s: (-s.total, collation_key(s.name)))
    missing.sort(key=lambda s: collation_key(s.name))
    return ranked + others + missing


def leader_ratios(card: Scorecard, units: Iterable[UnitInput]) -> dict[str, float]:
    """Best completion ratio per criterion among units that met it (block formula)."""
    best: dict[str, float] = {}
    for unit in units:
        if not unit.reported:
            continue
        for spec in card.criteria:
            if spec.rule is not Rule.BLOCK_RELATIVE:
                continue
            o = unit.outcomes.get(spec.key)
            if o is None or not o.standing.met or o.ratio is None:
                continue
            best[spec.key] = max(best.get(spec.key, 0.0), o.ratio)
    return best


def score_block(title: str, card: Scorecard, units: Sequence[UnitInput]) -> Ranking:
    leaders = leader_ratios(card, units)
    scores = [score_unit(card, u, leaders, explain=False) for u in units]
    ordered = rank_scores(scores, card.tiebreak)
    missing = [s.name for s in ordered if not s.reported]
    notes = card.problems()
    return Ranking(title, card.scale, ordered, tuple(card.tiebreak), missing, notes)


def unassigned_note(names: Sequence[str]) -> str:
    return (f"{UNASSIGNED} (không chấm điểm, không xếp hạng cho tới khi được xếp vào một khối): "
            + ", ".join(names) + ".")


def ward_ranking(blocks: Sequence[Ranking], chain: Sequence[str], title: str = "Toàn phường",
                 unassigned: Sequence[tuple[int, str]] = ()) -> Ranking:
    """All units of all blocks, compared by their total as a percentage of their
    own block's scale (a 1.000-point block and a 100-point block compare); the
    units in no block are listed last, "chưa thuộc khối nào", never dropped."""
    scores = [s for r in blocks for s in r.entries]
    copies = [UnitScore(**{**s.__dict__, "line_list": None if s.line_list is None else list(s.line_list)})
              for s in scores]
    ordered = rank_scores(copies, chain, by_percent=True)
    missing = [f"{s.name}" for s in ordered if not s.reported]
    outside = sorted(unassigned, key=lambda u: collation_key(u[1]))
    ordered += [UnitScore(uid, name, False, unassigned=True,
                          line_list=[Line("", UNASSIGNED, "", "không chấm điểm, không xếp hạng", None, "note")])
                for uid, name in outside]
    names = [name for _, name in outside]
    return Ranking(title, None, ordered, tuple(chain), missing, [unassigned_note(names)] if names else [], names)
