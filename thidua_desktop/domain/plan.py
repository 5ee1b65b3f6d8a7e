"""The year's plan (Kế hoạch phát động phong trào thi đua) as plain data.

``PlanSpec.from_mapping`` validates what a plan file says and reports every
problem in Vietnamese with the place it was found, so a clerk who edits next
year's plan file is told exactly what to fix.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import UserError
from .targets import Comparison, MeasureKind
from .text import TextError, clean, clean_multiline, parse_date


class PlanError(UserError, ValueError):
    """A plan file that cannot be used; the message lists each problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Tệp kế hoạch không hợp lệ:\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True)
class WardSpec:
    name: str
    full_name: str
    authority: str
    parent_city: str
    place_name: str
    signer_name: str
    signer_title: str
    signer_authority: str
    staff_office: str = ""
    staff_office_short: str = ""
    council_name: str = ""
    report_addressee: str = ""


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    name: str
    start: dt.date | None
    end: dt.date | None
    deadline: dt.date | None


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    label: str
    unit: str
    kind: MeasureKind
    comparison: Comparison
    planned: float | None
    numerator: str = ""
    denominator: str = ""
    amount_unit: str = ""


@dataclass(frozen=True)
class TargetSpec:
    code: str
    text: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class PlanSpec:
    ward: WardSpec
    year: int
    title: str
    number: str
    issued_on: dt.date | None
    city_theme: str
    ward_theme: str
    city_plan_reference: str
    city_plan_number: str
    city_plan_date: dt.date | None
    period_text: str
    period_start: dt.date | None
    period_end: dt.date | None
    units_deadline: dt.date | None
    units_deadline_text: str
    units_report_to: str
    ward_deadline: dt.date | None
    ward_deadline_text: str
    ward_report_to: str
    award_text: str
    general_goal: str
    tasks: tuple[str, ...]
    movements: tuple[str, ...]
    recipients: tuple[str, ...]
    periods: tuple[PeriodSpec, ...]
    targets: tuple[TargetSpec, ...] = field(default_factory=tuple)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "PlanSpec":
        reader = _Reader()
        spec = reader.plan(data)
        if reader.problems:
            raise PlanError(reader.problems)
        assert spec is not None
        return spec


class _Reader:
    """Collects every problem instead of stopping at the first one."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool = True,
             multiline: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{where}: thiếu “{key}”")
            return ""
        if not isinstance(value, (str, int, float)):
            self.problems.append(f"{where}: “{key}” phải là chữ")
            return ""
        return clean_multiline(value) if multiline else clean(value)

    def date(self, data: Mapping[str, Any], key: str, where: str) -> dt.date | None:
        value = data.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except TextError as exc:
            self.problems.append(f"{where}: “{key}”: {exc}")
            return None

    def texts(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problems.append(f"{where}: “{key}” phải là một danh sách")
            return ()
        return tuple(clean(v) for v in value if clean(v))

    def plan(self, data: Mapping[str, Any]) -> PlanSpec | None:
        ward_data = data.get("ward")
        plan_data = data.get("plan")
        if not isinstance(ward_data, Mapping):
            self.problems.append("thiếu mục [ward] (thông tin phường)")
            ward_data = {}
        if not isinstance(plan_data, Mapping):
            self.problems.append("thiếu mục [plan] (thông tin kế hoạch)")
            plan_data = {}
        ward = WardSpec(
            name=self.text(ward_data, "name", "[ward]"),
            full_name=self.text(ward_data, "full_name", "[ward]"),
            authority=self.text(ward_data, "authority", "[ward]"),
            parent_city=self.text(ward_data, "parent_city", "[ward]"),
            place_name=self.text(ward_data, "place_name", "[ward]"),
            signer_name=self.text(ward_data, "signer_name", "[ward]"),
            signer_title=self.text(ward_data, "signer_title", "[ward]"),
            signer_authority=self.text(ward_data, "signer_authority", "[ward]"),
            staff_office=self.text(ward_data, "staff_office", "[ward]", required=False),
            staff_office_short=self.text(ward_data, "staff_office_short", "[ward]", required=False),
            council_name=self.text(ward_data, "council_name", "[ward]", required=False),
            report_addressee=self.text(ward_data, "report_addressee", "[ward]", required=False),
        )
        year = plan_data.get("year")
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            self.problems.append("[plan]: “year” phải là năm, ví dụ 2026")
            year = 0
        where = "[plan]"
        periods = tuple(self.period(p, i) for i, p in enumerate(plan_data.get("periods", []), 1))
        targets_data = data.get("targets", [])
        if not isinstance(targets_data, list) or not targets_data:
            self.problems.append("thiếu danh sách chỉ tiêu [[targets]]")
            targets_data = []
        targets = tuple(self.target(t, i) for i, t in enumerate(targets_data, 1))
        codes = [t.code for t in targets]
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            self.problems.append(f"mã chỉ tiêu “{code}” bị trùng")
        measure_codes = [m.code for t in targets for m in t.measures]
        for code in sorted({c for c in measure_codes if measure_codes.count(c) > 1}):
            self.problems.append(f"mã tiêu chí đo “{code}” bị trùng")
        return PlanSpec(
            ward=ward,
            year=year,
            title=self.text(plan_data, "title", where),
            number=self.text(plan_data, "number", where, required=False),
            issued_on=self.date(plan_data, "issued_on", where),
            city_theme=self.text(plan_data, "city_theme", where),
            ward_theme=self.text(plan_data, "ward_theme", where),
            city_plan_reference=self.text(plan_data, "city_plan_reference", where, required=False),
            city_plan_number=self.text(plan_data, "city_plan_number", where, required=False),
            city_plan_date=self.date(plan_data, "city_plan_date", where),
            period_text=self.text(plan_data, "period_text", where, required=False, multiline=True),
            period_start=self.date(plan_data, "period_start", where),
            period_end=self.date(plan_data, "period_end", where),
            units_deadline=self.date(plan_data, "units_deadline", where),
            units_deadline_text=self.text(plan_data, "units_deadline_text", where, required=False),
            units_report_to=self.text(plan_data, "units_report_to", where, required=False),
            ward_deadline=self.date(plan_data, "ward_deadline", where),
            ward_deadline_text=self.text(plan_data, "ward_deadline_text", where, required=False),
            ward_report_to=self.text(plan_data, "ward_report_to", where, required=False),
            award_text=self.text(plan_data, "award_text", where, required=False, multiline=True),
            general_goal=self.text(plan_data, "general_goal", where, required=False, multiline=True),
            tasks=self.texts(plan_data, "tasks", where),
            movements=self.texts(plan_data, "movements", where),
            recipients=self.texts(plan_data, "recipients", where),
            periods=periods,
            targets=targets,
        )

    def period(self, data: Any, index: int) -> PeriodSpec:
        where = f"[[plan.periods]] thứ {index}"
        if not isinstance(data, Mapping):
            self.problems.append(f"{where}: không đúng dạng")
            data = {}
        return PeriodSpec(
            code=self.text(data, "code", where),
            name=self.text(data, "name", where),
            start=self.date(data, "start", where),
            end=self.date(data, "end", where),
            deadline=self.date(data, "deadline", where),
        )

    def target(self, data: Any, index: int) -> TargetSpec:
        where = f"chỉ tiêu thứ {index}"
        if not isinstance(data, Mapping):
            self.problems.append(f"{where}: không đúng dạng")
            return TargetSpec("", "", ())
        code = self.text(data, "code", where)
        where = f"chỉ tiêu ({code})" if code else where
        measures_data = data.get("measures", [])
        if not isinstance(measures_data, list) or not measures_data:
            self.problems.append(f"{where}: cần ít nhất một tiêu chí đo [[targets.measures]]")
            measures_data = []
        measures = tuple(
            self.measure(m, code, i, single=len(measures_data) == 1)
            for i, m in enumerate(measures_data, 1)
        )
        return TargetSpec(code=code, text=self.text(data, "text", where), measures=measures)

    def measure(self, data: Any, target_code: str, index: int, single: bool) -> MeasureSpec:
        where = f"chỉ tiêu ({target_code}), tiêu chí đo thứ {index}"
        if not isinstance(data, Mapping):
            self.problems.append(f"{where}: không đúng dạng")
            data = {}
        code = self.text(data, "code", where, required=not single) or target_code
        try:
            kind = MeasureKind(data.get("kind"))
        except ValueError:
            self.problems.append(f"{where}: “kind” phải là một trong "
                                 + ", ".join(k.value for k in MeasureKind))
            kind = MeasureKind.AMOUNT
        try:
            comparison = Comparison(data.get("comparison"))
        except ValueError:
            self.problems.append(f"{where}: “comparison” phải là một trong "
                                 + ", ".join(c.value for c in Comparison))
            comparison = Comparison.GE
        planned = data.get("planned")
        if planned is not None and (isinstance(planned, bool) or not isinstance(planned, (int, float))):
            self.problems.append(f"{where}: “planned” phải là số")
            planned = None
        if planned is None and comparison.needs_planned_value:
            self.problems.append(f"{where}: thiếu giá trị kế hoạch “planned”")
        if kind is MeasureKind.RATE and planned is not None and not 0 <= planned <= 100:
            self.problems.append(f"{where}: tỷ lệ kế hoạch phải từ 0 đến 100")
        return MeasureSpec(
            code=code,
            label=self.text(data, "label", where),
            unit=self.text(data, "unit", where, required=False),
            kind=kind,
            comparison=comparison,
            planned=float(planned) if planned is not None else None,
            numerator=self.text(data, "numerator", where, required=False),
            denominator=self.text(data, "denominator", where, required=False),
            amount_unit=self.text(data, "amount_unit", where, required=False),
        )
