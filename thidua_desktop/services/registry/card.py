"""Thẻ đơn vị: what the ward knows of one unit, on one page (issue 16, item 13).

Its head and contacts, block, registration, every result with its evaluation,
its score and rank with the explanation the scoring page gives, nominations and
awards (past years too, predecessors included) and the audit trail of its
records. Nothing is worked out here: each part comes from the service that owns
it (``registry.units``, ``results.evaluation``, ``awards.scoring``,
``awards.nominations``, ``awards.history``, ``safety.audit_log``), so the card
never disagrees with the page it summarises.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ...domain import scoring as sc
from ...domain.evaluation import Status, percent_of_plan_text
from ...domain.registry import BLOCK_ROLES, REGISTRATION_TITLES
from ...domain.results import detail_text
from ...domain.text import fold, format_date, format_number
from ...errors import UserError
from .. import plan
from ..awards import history, nominations, scoring
from ..results import evaluation as ev
from ..safety import audit_log
from . import lineage, registrations
from . import units as unit_service

HISTORY_LIMIT = 200  # the newest entries of the trail; the card says how many more there are
# The records that belong to a unit, by the field naming it.
_OWN_RECORDS = ("registration", "block_membership", "unit_lineage", "allocation", "result", "unit_report",
                "score_adjustment", "nomination")


@dataclass(frozen=True)
class CardResult:
    """One item a unit reports in one period, evaluated."""

    code: str
    label: str
    planned: str
    actual: str
    percent: str
    status: str  # Vượt / Đạt / Không đạt / Chưa đủ dữ liệu
    status_code: str
    rule: str  # the sentence that says why


@dataclass(frozen=True)
class CardPeriod:
    name: str
    is_main: bool
    reported_on: dt.date | None
    results: list[CardResult]

    @property
    def counts_text(self) -> str:
        counts = {s: sum(1 for r in self.results if r.status_code == s.value) for s in Status}
        parts = [f"{n} {s.label.lower()}" for s, n in counts.items() if n]
        return ", ".join(parts) if parts else "không có mục nào phải báo cáo"


@dataclass(frozen=True)
class CardScore:
    """The unit's score in its block for the year, and the lines that explain it."""

    block: str
    period: str
    rank: int | None
    units_in_block: int
    total: str
    band: str
    status: str
    ranking_status: str
    explanation: list[str]
    score: sc.UnitScore

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return self.status or "chưa xếp hạng"
        return f"hạng {self.rank}/{self.units_in_block} của {self.block}"


@dataclass(frozen=True)
class CardNomination:
    subject: str
    name: str
    title: str
    status: str
    eligibility: str
    council: str
    decision: str


@dataclass(frozen=True)
class CardEvent:
    """One entry of the audit trail about the unit or one of its records, in words."""

    at: dt.datetime
    actor: str
    what: str
    summary: str
    reason: str


@dataclass(frozen=True)
class UnitCard:
    unit_id: int
    year: int
    authority: tuple[str, str]  # ("ỦY BAN NHÂN DÂN", "PHƯỜNG …") as the lists print it
    ward_name: str
    name: str
    kind: str
    active: bool
    head_name: str
    phone: str
    email: str
    address: str
    staff_count: int | None
    female_staff_count: int | None
    people: int
    note: str
    block_id: int | None
    block: str
    block_role: str
    registered: bool
    registered_on: dt.date | None
    registration_titles: tuple[str, ...]
    registration_note: str
    predecessors: list[str]
    periods: list[CardPeriod]
    score: CardScore | None
    score_note: str  # why there is no score, when there is none
    nominations: list[CardNomination]
    awards: list[history.HistoryRow]
    history: list[CardEvent]
    history_total: int
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def staff_text(self) -> str:
        if self.staff_count is None:
            return ""
        women = f" ({format_number(self.female_staff_count)} nữ)" if self.female_staff_count is not None else ""
        return f"{format_number(self.staff_count)}{women}"

    @property
    def file_stem(self) -> str:
        """``the-don-vi-to-dan-pho-so-10-2026``: a file name without accents or signs."""
        return "-".join(["the-don-vi", *re.findall(r"[a-z0-9]+", fold(self.name)), str(self.year)])

    @property
    def registration_text(self) -> str:
        if not self.registered:
            return f"Chưa đăng ký thi đua năm {self.year}."
        when = f"ngày {format_date(self.registered_on)}" if self.registered_on else "(chưa ghi ngày)"
        titles = "; ".join(self.registration_titles) or "chưa ghi danh hiệu"
        return f"Đăng ký {when}: {titles}."

    def as_json(self) -> dict[str, Any]:
        s = self.score
        return {
            "unit_id": self.unit_id, "year": self.year, "name": self.name, "kind": self.kind, "active": self.active,
            "head_name": self.head_name, "phone": self.phone, "email": self.email, "address": self.address,
            "staff_count": self.staff_count, "female_staff_count": self.female_staff_count, "people": self.people,
            "note": self.note, "block": self.block or None, "block_role": self.block_role or None,
            "registration": {"registered": self.registered,
                             "registered_on": self.registered_on.isoformat() if self.registered_on else None,
                             "titles": list(self.registration_titles), "note": self.registration_note},
            "predecessors": self.predecessors,
            "periods": [{"period": p.name, "main": p.is_main,
                         "reported_on": p.reported_on.isoformat() if p.reported_on else None,
                         "results": [r.__dict__ for r in p.results]} for p in self.periods],
            "score": None if s is None else {**scoring.score_json(s.score), "explanation": s.explanation,
                                             "units_in_block": s.units_in_block, "period": s.period,
                                             "ranking_status": s.ranking_status},
            "score_note": self.score_note,
            "nominations": [n.__dict__ for n in self.nominations],
            "awards": [a.as_json() for a in self.awards],
            "history": [{**e.__dict__, "at": e.at.isoformat()} for e in self.history],
            "history_total": self.history_total,
        }


def unit_card(session: Session, unit_id: int, year: int | None = None) -> UnitCard:
    """The card of ``unit_id`` for ``year`` (the current year by default)."""
    campaign = plan.current_campaign(session, year)
    row = next((u for u in unit_service.list_units(session, campaign.id) if u.id == unit_id), None)
    if row is None:
        raise UserError("Không tìm thấy đơn vị (có thể vừa bị xóa).")
    reg = registrations.registration_of(session, campaign.id, unit_id)
    score, score_note = _score(session, campaign, row)
    total, events = _history(session, unit_id)
    ward = plan.ward(session)
    return UnitCard(
        unit_id, campaign.year, ("ỦY BAN NHÂN DÂN", ward.full_name.upper()), ward.full_name, row.name,
        row.kind_label, row.active, row.head_name, row.phone, row.email, row.address, row.staff_count,
        row.female_staff_count, row.people, row.note, row.block_id, row.block_name,
        BLOCK_ROLES.get(row.block_role, ""), reg is not None, reg.registered_on if reg else None,
        tuple(REGISTRATION_TITLES.get(c, c) for c in (reg.titles or ())) if reg else (),
        (reg.note or "") if reg else "", [link.text for link in lineage.rows(session, unit_id)],
        _periods(session, campaign, unit_id), score, score_note, _nominations(session, campaign, row),
        history.history(session, unit_id=unit_id), events, total)


def find_unit(session: Session, text: str, year: int | None = None) -> int:
    """A unit by its name (accents and case aside), for ``thidua units card``."""
    return unit_service.find_unit_id(session, plan.current_campaign(session, year).id, text)


# --- the parts -------------------------------------------------------------------------


def _periods(session: Session, campaign, unit_id: int) -> list[CardPeriod]:
    people = ev.participants(session, campaign)
    decimals = ev.tolerances(session).decimals
    main = ev.main_period(campaign)
    out = []
    for period in sorted(campaign.periods, key=lambda p: (p.id != main.id, p.id)):
        found = ev.unit_results(session, campaign, period, unit_ids=[unit_id], people=people).get(unit_id)
        if found is None:
            continue  # nothing to report (no block, no target given to it)
        out.append(CardPeriod(period.name, period.id == main.id, found.reported_on,
                              [_result(i, decimals) for i in found.items]))
    return out


def _result(i: ev.ItemResult, decimals: int) -> CardResult:
    e = i.evaluation
    return CardResult(i.item.code, i.item.label, i.item.planned_text, detail_text(i.values, i.item.spec, decimals),
                      percent_of_plan_text(e.percent_of_plan, decimals), e.status.label, e.status.value, e.rule)


def _score(session: Session, campaign, row: unit_service.UnitRow) -> tuple[CardScore | None, str]:
    if not row.active:
        return None, "Đơn vị đã ngừng hoạt động: không chấm điểm, không xếp hạng."
    if row.block_id is None:
        return None, (f"Đơn vị chưa thuộc khối thi đua nào năm {campaign.year}: chưa chấm điểm, chưa xếp hạng. "
                      "Xếp đơn vị vào một khối ở trang Đơn vị, khối, cá nhân.")
    period = ev.main_period(campaign)
    found = scoring.rankings(session, campaign, period, block_ids=[row.block_id]).blocks
    ranking = found[0].ranking if found else None
    unit_score = next((s for s in ranking.entries if s.unit_id == row.id), None) if ranking else None
    if unit_score is None:
        return None, "Khối của đơn vị chưa có bảng chấm điểm nào cho đơn vị này."
    return CardScore(ranking.title, period.name, unit_score.rank, len(ranking.entries),
                     sc.total_text(unit_score.total, unit_score.scale, unit_score.bonus) if unit_score.reported
                     else "", unit_score.band, unit_score.status, ranking.status_text,
                     scoring.explanation(unit_score), unit_score), ""


def _nominations(session: Session, campaign, row: unit_service.UnitRow) -> list[CardNomination]:
    """The unit's own nominations, then those of its people and the households it proposed."""
    own = [n for n in nominations.rows(session, campaign)
           if (n.subject == "unit" and n.unit_id == row.id) or (n.subject != "unit" and n.group == row.name)]
    own.sort(key=lambda n: n.subject != "unit")
    return [CardNomination(n.subject_label, n.name, n.title_name, n.status_label, n.verdict.label,
                           n.council_label, " ngày ".join(x for x in (n.decision_number, format_date(n.decision_date))
                                                          if x)) for n in own]


def _history(session: Session, unit_id: int) -> tuple[int, list[CardEvent]]:
    records = audit_log.rows_once_holding(session, _OWN_RECORDS, "unit_id", unit_id)
    records["unit"] = {unit_id}
    total, rows = audit_log.record_entries(session, records, HISTORY_LIMIT)
    return total, [CardEvent(r.at, r.actor, f"{r.action_label} {r.entity_label.lower()}"
                             + (f" “{r.label}”" if r.label and r.entity != "unit" else ""),
                             r.summary(), r.reason) for r in rows]
