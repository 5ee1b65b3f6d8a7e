"""Writing a ward's year to a ``.thidua`` exchange file.

Every figure comes from the services the ward's own screens and papers use
(targets evaluated, rankings, nominations, decisions, the year-end report's
counts), so the city receives what the ward printed. The members' fields are
written here explicitly: the format is a contract with other databases and
must not change when a screen's output does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ... import __version__
from ...domain.evaluation import Status
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import Campaign
from ..awards import decisions as decision_service, nominations, scoring
from ..documents.content import counts_by_title
from ..results import evaluation as ev, reporting
from .. import plan
from . import city, package


@dataclass(frozen=True)
class Exported:
    path: Path
    bytes: int
    ward: str
    year: int
    members: dict[str, int]  # member → bytes of JSON


def _ward(session: Session) -> dict[str, Any]:
    w = plan.ward(session)
    return {"name": w.name, "full_name": w.full_name, "authority": w.authority, "parent_city": w.parent_city,
            "place_name": w.place_name, "address": w.address, "phone": w.phone, "email": w.email,
            "signer_name": w.signer_name, "signer_title": w.signer_title}


def _plan(campaign: Campaign) -> dict[str, Any]:
    return {
        "year": campaign.year, "title": campaign.title, "number": campaign.number, "issued_on": campaign.issued_on,
        "city_theme": campaign.city_theme, "ward_theme": campaign.ward_theme, "period_text": campaign.period_text,
        "periods": [{"code": p.code, "name": p.name, "start": p.start, "end": p.end, "deadline": p.deadline,
                     "is_main": p.is_main} for p in campaign.periods],
        "targets": [{"code": t.code, "text": t.text, "measures": [
            {"code": m.code, "label": m.label, "unit": m.unit, "kind": m.kind, "comparison": m.comparison,
             "planned": m.planned_value, "baseline": m.baseline_value, "rollup": m.rollup}
            for m in t.measures]} for t in campaign.targets],
    }


def _results(session: Session, campaign: Campaign) -> tuple[dict[str, Any], list[ev.TargetResult]]:
    period = ev.main_period(campaign)
    targets = ev.ward_target_results(session, campaign, period)
    status = reporting.reporting_status(session, campaign, period)
    data = {
        "period": {"code": period.code, "name": period.name},
        "targets": [{"code": t.code, "text": t.text, "status": t.status.value, "measures": [
            {"code": m.code, "label": m.label, "unit": m.unit, "planned": m.planned, "planned_text": m.planned_text,
             "actual": m.actual, "percent_of_plan": m.evaluation.percent_of_plan, "status": m.status.value,
             "status_label": m.status.label, "rule": m.evaluation.rule, "source": m.source,
             "units_expected": m.expected_units, "units_reported": m.reported_units}
            for m in t.measures]} for t in targets],
        "reporting": {"deadline": status.deadline, "expected": status.expected, "reported": len(status.reported),
                      "not_reported": [u.name for u in status.not_reported], "late": [u.name for u in status.late]},
    }
    return data, targets


def _rankings(session: Session, campaign: Campaign) -> dict[str, Any]:
    result = scoring.rankings(session, campaign)
    return {"period": result.period.name, "blocks": [scoring.ranking_json(b.ranking) for b in result.blocks],
            "ward": scoring.ranking_json(result.ward), "unassigned": result.unassigned}


def _nomination(r: nominations.NominationRow) -> dict[str, Any]:
    return {"subject": r.subject, "name": r.name, "where": r.where, "unit": r.group, "gender": r.gender,
            "birth_year": r.birth_year, "title": r.title_name, "title_code": r.title_code, "level": r.title_level,
            "rating": r.rating, "summary": r.summary, "status": r.status, "eligibility": r.verdict.value,
            "vote": None if r.vote is None else {"agree": r.vote.agree, "share": r.vote.share,
                                                 "passed": r.vote.passed},
            "decision": r.decision_number or None, "decision_seq": r.seq, "prize": r.prize}


def _decisions(session: Session, campaign: Campaign, rows: list[nominations.NominationRow]) -> list[dict[str, Any]]:
    out = []
    for d in decision_service.decisions(session, campaign):
        mine = sorted((r for r in rows if r.decision_id == d.id), key=lambda r: r.seq or 0)
        out.append({"number": d.number, "signed_on": d.signed_on, "kind": decision_service.kind_label(session, d),
                    "titles": decision_service.titles_text(session, d), "signer_name": d.signer_name,
                    "signer_title": d.signer_title, "base_salary": d.base_salary, "frozen": d.frozen,
                    "total_prize": sum(r.prize or 0 for r in mine),
                    "awardees": [{"seq": r.seq, "subject": r.subject, "name": r.name, "where": r.where,
                                  "title": r.title_name, "prize": r.prize} for r in mine]})
    return out


def _counts(rows: list[nominations.NominationRow]) -> dict[str, int]:
    out = {s: len({r.recipient for r in rows if r.subject == s}) for s in ("unit", "person", "household")}
    out["prize"] = sum(r.prize or 0 for r in rows)
    return out


def _report(targets: list[ev.TargetResult], rows: list[nominations.NominationRow]) -> dict[str, Any]:
    """The year-end report's figures: targets by outcome, awards by title (as its part III counts them)."""
    measures = ev.measure_results(targets)
    awarded = [r for r in rows if r.status == "awarded"]
    forwarded = [r for r in rows if r.status == "forwarded"]
    by_title = {level: [{"title": name, **c} for name, c in counts_by_title(chosen).items()]
                for level, chosen in (("ward", awarded), ("city", forwarded))}
    figures = {"targets": len(targets), "measures": len(measures)}
    figures.update({key: sum(1 for m in measures if m.status is status) for key, status in
                    (("exceeded", Status.EXCEEDED), ("met", Status.MET), ("not_met", Status.NOT_MET),
                     ("no_data", Status.NO_DATA))})
    return {"targets": figures, "awarded": _counts(awarded), "forwarded": _counts(forwarded),
            "awards_by_title": by_title,
            "nominations": {"total": sum(1 for r in rows if r.active),
                            "undecided": sum(1 for r in rows if r.status == "proposed")}}


def members(session: Session, year: int | None = None) -> tuple[dict[str, str], int, dict[str, Any]]:
    """(the manifest's ward, the year, every member's data) of the ward's year."""
    if city.is_city(session):
        raise UserError("Cơ sở dữ liệu này của thành phố (tổng hợp các phường); chỉ cơ sở dữ liệu của phường "
                        "mới xuất tệp trao đổi.")
    campaign = plan.current_campaign(session, year)
    ward = _ward(session)
    rows = nominations.rows(session, campaign)
    results, targets = _results(session, campaign)
    data = {"ward.json": ward, "plan.json": _plan(campaign), "results.json": results,
            "rankings.json": _rankings(session, campaign),
            "nominations.json": [_nomination(r) for r in rows if r.active],
            "decisions.json": _decisions(session, campaign, rows), "report.json": _report(targets, rows)}
    head = {"name": ward["name"], "full_name": ward["full_name"], "parent_city": ward["parent_city"]}
    return head, campaign.year, data


def export(db: Database, year: int | None, path: Path) -> Exported:
    """Write the ward's year to ``path`` (whole or not at all)."""
    path = Path(path)
    if path.suffix.lower() != package.SUFFIX:
        raise UserError(f"Tệp trao đổi phải có đuôi {package.SUFFIX} (đã ghi “{path.name}”).")
    with db.read() as session:
        ward, year, data = members(session, year)
    content = package.pack(ward, year, __version__, data)
    atomic.write_bytes(path, content)
    return Exported(path, len(content), ward["full_name"], year, {k: len(package.to_json(v)) for k, v in data.items()})
