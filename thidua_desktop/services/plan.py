"""The year's plan: loading it from a plan file and reading it back.

The 2026 plan ships as ``resources/plans/2026-phuong-bach-dang.toml``; the first
start of an empty database installs it. Next year's plan is a new file
(``thidua plan load FILE``) or is typed in the app.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..domain.plan import PlanError, PlanSpec
from ..domain.targets import Comparison, MeasureKind, planned_text
from ..errors import UserError
from ..paths import resource
from ..storage.models import Campaign, Measure, Movement, Period, Target, Ward

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_PLAN = "plans/2026-phuong-bach-dang.toml"

# How units' results combine into the ward figure, by kind of measure.
DEFAULT_ROLLUP = {
    MeasureKind.RATE: "ratio",  # Σ numerators / Σ denominators, never an average of rates
    MeasureKind.COUNT: "sum",
    MeasureKind.GROWTH: "growth",  # Σ this year's / Σ last year's amounts
    MeasureKind.AMOUNT: "none",  # entered for the ward directly
}


def default_plan_path() -> Path:
    return resource(DEFAULT_PLAN)


def load_plan_file(path: Path) -> PlanSpec:
    """Read and validate a plan file; every problem is named with the file."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp kế hoạch “{path}”.") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"Tệp kế hoạch “{path.name}” viết sai cú pháp: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Không đọc được tệp kế hoạch “{path.name}”: {exc}") from None
    try:
        return PlanSpec.from_mapping(data)
    except PlanError as exc:
        raise PlanError([f"{path.name}: {p}" for p in exc.problems]) from None


def install_plan(session: Session, spec: PlanSpec, source_file: str = "") -> Campaign:
    """Create the ward (if there is none yet) and the plan's campaign."""
    if session.scalar(select(Campaign.id).where(Campaign.year == spec.year)) is not None:
        raise UserError(f"Đã có kế hoạch năm {spec.year} trong cơ sở dữ liệu.")
    if session.scalar(select(func.count(Ward.id))) == 0:
        w = spec.ward
        session.add(Ward(
            name=w.name, full_name=w.full_name, authority=w.authority, parent_city=w.parent_city,
            place_name=w.place_name, signer_name=w.signer_name, signer_title=w.signer_title,
            signer_authority=w.signer_authority, staff_office=w.staff_office,
            staff_office_short=w.staff_office_short, council_name=w.council_name,
            report_addressee=w.report_addressee,
            doc_symbols={"BC": "BC-UBND", "TTr": "TTr-UBND", "QĐ": "QĐ-UBND",
                         "KH": "KH-UBND", "BB": "BB-HĐTĐKT"},
        ))
    campaign = Campaign(
        year=spec.year, title=spec.title, number=spec.number, issued_on=spec.issued_on,
        city_theme=spec.city_theme, ward_theme=spec.ward_theme,
        city_plan_reference=spec.city_plan_reference, city_plan_number=spec.city_plan_number,
        city_plan_date=spec.city_plan_date, period_text=spec.period_text,
        period_start=spec.period_start, period_end=spec.period_end,
        units_deadline=spec.units_deadline, units_deadline_text=spec.units_deadline_text,
        units_report_to=spec.units_report_to, ward_deadline=spec.ward_deadline,
        ward_deadline_text=spec.ward_deadline_text, ward_report_to=spec.ward_report_to,
        award_text=spec.award_text, general_goal=spec.general_goal, tasks=list(spec.tasks),
        recipients=list(spec.recipients), signer_name=spec.ward.signer_name,
        signer_title=spec.ward.signer_title, signer_authority=spec.ward.signer_authority,
        source_file=source_file,
    )
    campaign.movements = [Movement(position=i, name=name) for i, name in enumerate(spec.movements)]
    campaign.periods = [
        Period(position=i, code=p.code, name=p.name, start=p.start, end=p.end,
               deadline=p.deadline, is_main=(i == 0))
        for i, p in enumerate(spec.periods)
    ]
    campaign.targets = [
        Target(position=i, code=t.code, text=t.text, measures=[
            Measure(position=j, code=m.code, label=m.label, unit=m.unit, kind=m.kind.value,
                    comparison=m.comparison.value, planned_value=m.planned,
                    numerator_label=m.numerator, denominator_label=m.denominator,
                    amount_unit=m.amount_unit, rollup=DEFAULT_ROLLUP[m.kind])
            for j, m in enumerate(t.measures)
        ])
        for i, t in enumerate(spec.targets)
    ]
    session.add(campaign)
    session.flush()
    return campaign


def ensure_seeded(session: Session) -> Campaign | None:
    """Install the shipped plan into a database that has no plan yet."""
    if session.scalar(select(func.count(Campaign.id))):
        return None
    path = default_plan_path()
    return install_plan(session, load_plan_file(path), source_file=path.name)


def current_campaign(session: Session, year: int | None = None) -> Campaign:
    """The plan of ``year``, or the latest one."""
    query = select(Campaign).options(
        selectinload(Campaign.targets).selectinload(Target.measures),
        selectinload(Campaign.movements), selectinload(Campaign.periods))
    if year is not None:
        campaign = session.scalar(query.where(Campaign.year == year))
        if campaign is None:
            raise UserError(f"Chưa có kế hoạch thi đua năm {year}.")
        return campaign
    campaign = session.scalar(query.order_by(Campaign.year.desc()).limit(1))
    if campaign is None:
        raise UserError("Cơ sở dữ liệu chưa có kế hoạch thi đua nào.")
    return campaign


def ward(session: Session) -> Ward:
    found = session.scalar(select(Ward).order_by(Ward.id).limit(1))
    if found is None:
        raise UserError("Chưa có thông tin phường.")
    return found


@dataclass(frozen=True)
class MeasureRow:
    """A target's measure as lists and the command line show it."""

    target_code: str
    target_text: str
    code: str
    label: str
    unit: str
    kind: MeasureKind
    comparison: Comparison
    planned: float | None
    planned_text: str


def measure_rows(campaign: Campaign) -> list[MeasureRow]:
    rows = []
    for target in campaign.targets:
        for m in target.measures:
            kind, comparison = MeasureKind(m.kind), Comparison(m.comparison)
            rows.append(MeasureRow(target.code, target.text, m.code, m.label, m.unit, kind,
                                   comparison, m.planned_value,
                                   planned_text(comparison, m.planned_value, m.unit, kind)))
    return rows


def targets_as_json(campaign: Campaign) -> list[dict]:
    """Machine-readable targets: code, text, measures with unit, comparison, planned value."""
    out = []
    for target in campaign.targets:
        measures = [{
            "code": m.code, "label": m.label, "unit": m.unit, "kind": m.kind,
            "comparison": m.comparison, "planned": m.planned_value,
            "planned_text": planned_text(Comparison(m.comparison), m.planned_value, m.unit,
                                         MeasureKind(m.kind)),
        } for m in target.measures]
        entry = {"code": target.code, "text": target.text, "measures": measures}
        if len(measures) == 1:
            entry.update(unit=measures[0]["unit"], comparison=measures[0]["comparison"],
                         planned=measures[0]["planned"])
        else:
            entry.update(unit=[m["unit"] for m in measures],
                         comparison=[m["comparison"] for m in measures],
                         planned=[m["planned"] for m in measures])
        out.append(entry)
    return out
