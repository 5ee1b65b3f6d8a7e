"""Closing a year and opening the next (Kết thúc năm, issue 18 item 1).

Closing checks that the year is complete (every unit reported its whole-year
results, every nomination decided, every decision recorded, every issued
paper numbered), then marks it closed; the caller takes a backup first
(``db.checkpoint``). From then on nothing that belongs to that year can be
written — results, allocations, blocks and their scorecards, nominations,
the council, decisions, papers — by any path (the ORM's flush, and the bulk
writes through the guard this module registers with them), until the year is
reopened with a reason kept in its log, like a decision. Units, people and the award
catalogue are not a year's: they go on into the next one.

Opening the next year installs its plan file (the clerk's, since each year's
plan is issued anew) and carries the year's emulation blocks forward with
their members, scorecards and criteria, a criterion that followed a target
following the same target code in the new plan. Past years before the app
(2024, 2025) are created closed, holding only their awards.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..domain.text import clean, clean_multiline
from ..errors import UserError
from ..storage.models import (
    BlockMembership, Campaign, CouncilSession, Criterion, Decision, EmulationBlock, IssuedDocument,
    Measure, Nomination, Period, Scorecard, Target,
)
from . import plan
from .xlsx import bulkwrite

# How a row of each year-bound table finds its year: a column and the table it points to.
_PARENTS: dict[str, tuple[type, str]] = {
    "period_id": (Period, "campaign_id"),
    "target_id": (Target, "campaign_id"),
    "measure_id": (Measure, "target_id"),
    "block_id": (EmulationBlock, "campaign_id"),
    "session_id": (CouncilSession, "campaign_id"),
}
_LINKS = ("campaign_id", *_PARENTS)
# What may still change on a closed year's own row: its closing state.
_CLOSING_FIELDS = {"closed_at", "closed_by", "close_log", "updated_at", "updated_by"}


@dataclass(frozen=True)
class YearRow:
    year: int
    title: str
    closed: bool
    closed_at: dt.datetime | None
    closed_by: str
    current: bool
    log: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "title": self.title, "closed": self.closed,
                "closed_at": self.closed_at.isoformat(timespec="seconds") if self.closed_at else None,
                "closed_by": self.closed_by, "current": self.current, "log": list(self.log)}


class YearClosed(UserError):
    """A write into a closed year."""


# --- the guard -------------------------------------------------------------------

def _closed(session: Session) -> dict[int, int]:
    """Closed years as {campaign id: year}."""
    with session.no_autoflush:
        return dict(session.execute(select(Campaign.id, Campaign.year).where(Campaign.closed_at.is_not(None))).all())


def _campaign_of(session: Session, values: dict[str, Any]) -> int | None:
    if values.get("campaign_id") is not None:
        return values["campaign_id"]
    for key, (model, up) in _PARENTS.items():
        if values.get(key) is None:
            continue
        with session.no_autoflush:
            parent = session.get(model, values[key])
        if parent is None:
            return None
        return _campaign_of(session, {up: getattr(parent, up)})
    return None


def _refuse(year: int) -> None:
    raise YearClosed(f"Năm {year} đã kết thúc (đã khóa sổ): dữ liệu của năm đó chỉ còn để xem và in. "
                     f"Muốn sửa, hãy mở lại năm với lý do (thidua year reopen {year} --reason \"…\"); "
                     "chưa có gì được ghi.")


def refuse_closed(session: Session, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Refuse rows written to a closed year (for writes that bypass the ORM's flush)."""
    rows = list(rows)
    if not rows or not any(key in rows[0] for key in _LINKS):
        return
    closed = _closed(session)
    if not closed:
        return
    for row in rows:
        campaign = _campaign_of(session, row)
        if campaign in closed:
            _refuse(closed[campaign])


def refuse_closed_ids(session: Session, table, ids: Iterable[int]) -> None:
    """:func:`refuse_closed` for updates of existing rows known by id."""
    links = [table.c[key] for key in _LINKS if key in table.c]
    ids = list(ids)
    if not links or not ids or not _closed(session):
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = session.execute(select(*links).where(table.c.id.in_(chunk)).distinct()).mappings().all()
        refuse_closed(session, table.name, [dict(r) for r in rows])


bulkwrite.INSERT_GUARDS.append(refuse_closed)
bulkwrite.UPDATE_GUARDS.append(refuse_closed_ids)


def _object_links(obj: Any) -> list[dict[str, Any]]:
    """The year links of an object, as it is now and as it was stored."""
    state = inspect(obj)
    now, before = {}, {}
    for key in _LINKS:
        if key in state.mapper.columns:
            history = state.attrs[key].history
            now[key] = getattr(obj, key)
            before[key] = history.deleted[0] if history.deleted else now[key]
    return [now, before] if now else []


@event.listens_for(Session, "before_flush")
def _guard_flush(session: Session, _context, _instances) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    if not changed:
        return
    bound = [obj for obj in changed if isinstance(obj, Campaign) or _object_links(obj)]
    if not bound:
        return
    closed = _closed(session)
    if not closed:
        return
    for obj in bound:
        if isinstance(obj, Campaign):
            if obj.id in closed and (obj in session.deleted or _changed_fields(obj) - _CLOSING_FIELDS):
                _refuse(closed[obj.id])
            continue
        for values in _object_links(obj):
            campaign = _campaign_of(session, values)
            if campaign in closed:
                _refuse(closed[campaign])


def _changed_fields(obj: Any) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


# --- reading ---------------------------------------------------------------------

def _row(campaign: Campaign, current_id: int | None) -> YearRow:
    return YearRow(campaign.year, campaign.title, campaign.closed_at is not None, campaign.closed_at,
                   campaign.closed_by, campaign.id == current_id, tuple(campaign.close_log or ()))


def list_years(session: Session) -> list[YearRow]:
    campaigns = session.scalars(select(Campaign).order_by(Campaign.year)).all()
    current = campaigns[-1].id if campaigns else None
    return [_row(c, current) for c in campaigns]


def _campaign(session: Session, year: int) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.year == year))
    if campaign is None:
        raise UserError(f"Chưa có năm {year} trong cơ sở dữ liệu.")
    return campaign


def _year_period(campaign: Campaign) -> Period | None:
    """The period that spans the whole year (the plan's "Cả năm")."""
    spans = [p for p in campaign.periods if p.start and p.end]
    if not spans:
        return None
    return max(spans, key=lambda p: ((p.end - p.start).days, -p.position))


def gaps(session: Session, year: int) -> list[str]:
    """What keeps ``year`` from being complete, in the clerk's words (empty: complete)."""
    from .results.reporting import reporting_status

    campaign = plan.current_campaign(session, year)
    found: list[str] = []
    period = _year_period(campaign)
    if period is not None:
        missing = reporting_status(session, campaign, period).not_reported
        if missing:
            names = ", ".join(u.name for u in missing[:5]) + (f" và {len(missing) - 5} đơn vị khác" if len(missing) > 5 else "")
            found.append(f"{len(missing)} đơn vị chưa báo cáo kết quả {period.name}: {names}.")
    pending = session.scalars(select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.status == "proposed",
        Nomination.decision_id.is_(None))).all()
    if pending:
        found.append(f"{len(pending)} đề nghị khen thưởng chưa có quyết định (chưa được khen, chưa rút).")
    for decision in session.scalars(select(Decision).where(Decision.campaign_id == campaign.id,
                                                           Decision.frozen.is_(False))):
        found.append(f"Quyết định số {decision.number} đang được mở lại để sửa, chưa ghi nhận lại.")
    unnumbered = session.scalars(select(IssuedDocument).where(
        IssuedDocument.campaign_id == campaign.id, IssuedDocument.number == "")).all()
    if unnumbered:
        found.append(f"{len(unnumbered)} văn bản đã lập chưa có số.")
    return found


# --- closing and reopening -------------------------------------------------------

def _log(campaign: Campaign, actor: str, action: str, reason: str) -> None:
    entry = {"at": dt.datetime.now().isoformat(timespec="seconds"), "by": actor, "action": action,
             "reason": reason}
    campaign.close_log = [*(campaign.close_log or []), entry]


def close_year(session: Session, year: int, actor: str = "", despite: str = "") -> YearRow:
    """Close ``year``. Refused while :func:`gaps` finds something, unless ``despite``
    gives the reason to close it anyway (kept in the year's log)."""
    campaign = _campaign(session, year)
    if campaign.closed_at is not None:
        raise UserError(f"Năm {year} đã kết thúc từ {campaign.closed_at:%d/%m/%Y %H:%M}.")
    found = gaps(session, year)
    despite = clean_multiline(despite)
    if found and not despite:
        raise UserError(f"Năm {year} chưa xong, chưa kết thúc được:\n- " + "\n- ".join(found)
                        + "\nHãy làm nốt, hoặc ghi lý do vẫn kết thúc (--despite \"…\").")
    campaign.closed_at = dt.datetime.now().replace(microsecond=0)
    campaign.closed_by = actor
    _log(campaign, actor, "close", despite if found else "")
    session.flush()
    return _row(campaign, _current_id(session))


def reopen_year(session: Session, year: int, reason: str, actor: str = "") -> YearRow:
    campaign = _campaign(session, year)
    if campaign.closed_at is None:
        raise UserError(f"Năm {year} chưa kết thúc, không cần mở lại.")
    reason = clean_multiline(reason)
    if not reason:
        raise UserError("Mở lại một năm đã kết thúc phải ghi lý do.")
    _log(campaign, actor, "reopen", reason)
    campaign.closed_at = None
    campaign.closed_by = ""
    session.flush()
    return _row(campaign, _current_id(session))


def _current_id(session: Session) -> int | None:
    return session.scalar(select(Campaign.id).order_by(Campaign.year.desc()).limit(1))


# --- opening the next year -------------------------------------------------------

@dataclass(frozen=True)
class Opened:
    year: YearRow
    blocks: int
    memberships: int
    criteria: int
    criteria_unlinked: tuple[str, ...]  # followed a target the new plan does not have

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year.as_json(), "blocks": self.blocks, "memberships": self.memberships,
                "criteria": self.criteria, "criteria_unlinked": list(self.criteria_unlinked)}


def open_year(session: Session, plan_file: Path, actor: str = "", carry_blocks: bool = True) -> Opened:
    """Install next year's plan and carry the latest year's blocks forward."""
    spec = plan.load_plan_file(plan_file)
    previous = session.scalar(select(Campaign).order_by(Campaign.year.desc()).limit(1))
    if previous is not None and spec.year <= previous.year:
        raise UserError(f"Tệp “{plan_file.name}” là kế hoạch năm {spec.year}; năm mới phải sau năm "
                        f"{previous.year} (năm trước khi dùng chương trình: thidua year past …).")
    campaign = plan.install_plan(session, spec, source_file=str(plan_file))
    session.flush()
    counts = (0, 0, 0, ())
    if carry_blocks and previous is not None:
        counts = _carry_blocks(session, previous, campaign)
    return Opened(_row(campaign, campaign.id), *counts)


def latest_blocks(session: Session) -> list[str]:
    """The names of the latest year's blocks, which opening the next year can carry forward."""
    latest = _current_id(session)
    return list(session.scalars(select(EmulationBlock.name).where(EmulationBlock.campaign_id == latest)
                                .order_by(EmulationBlock.position))) if latest else []


def _carry_blocks(session: Session, old: Campaign, new: Campaign) -> tuple[int, int, int, tuple[str, ...]]:
    measures = {(m.target.code, m.code): m.id for t in new.targets for m in t.measures}
    blocks = session.scalars(select(EmulationBlock).where(EmulationBlock.campaign_id == old.id)
                             .order_by(EmulationBlock.position)).all()
    memberships = criteria = 0
    unlinked: list[str] = []
    for block in blocks:
        copy = EmulationBlock(campaign_id=new.id, position=block.position, name=block.name,
                              name_key=block.name_key, leader_unit_id=block.leader_unit_id,
                              deputy_unit_id=block.deputy_unit_id, note=block.note)
        session.add(copy)
        session.flush()
        for member in session.scalars(select(BlockMembership).where(BlockMembership.block_id == block.id)):
            session.add(BlockMembership(campaign_id=new.id, block_id=copy.id, unit_id=member.unit_id))
            memberships += 1
        card = session.scalar(select(Scorecard).where(Scorecard.block_id == block.id))
        if card is not None:
            session.add(Scorecard(block_id=copy.id, scale=card.scale, bands=card.bands, tiebreak=card.tiebreak,
                                  bonus_cap=card.bonus_cap, note=card.note))
        for c in session.scalars(select(Criterion).where(Criterion.block_id == block.id).order_by(Criterion.position)):
            measure_id = None
            if c.measure is not None:
                measure_id = measures.get((c.measure.target.code, c.measure.code))
                if measure_id is None:
                    unlinked.append(f"{block.name}: {c.code} {c.label}")
            session.add(Criterion(
                block_id=copy.id, position=c.position, code=c.code, label=c.label, group=c.group,
                kind=c.kind if measure_id is not None or c.kind != "measure" else "yesno",
                measure_id=measure_id, unit=c.unit, comparison=c.comparison, planned_value=c.planned_value,
                max_points=c.max_points, rule=c.rule, params=c.params, role=c.role, note=c.note))
            criteria += 1
    session.flush()
    return len(blocks), memberships, criteria, tuple(unlinked)


def add_past_year(session: Session, year: int, actor: str = "") -> YearRow:
    """A year before the app (2024, 2025): created closed, to hold only its awards."""
    if session.scalar(select(Campaign.id).where(Campaign.year == year)) is not None:
        raise UserError(f"Đã có năm {year} trong cơ sở dữ liệu.")
    first = session.scalar(select(Campaign.year).order_by(Campaign.year).limit(1))
    if first is not None and year >= first:
        raise UserError(f"Năm trước khi dùng chương trình phải trước năm {first}.")
    campaign = Campaign(year=year, title=clean(f"Năm {year} (trước khi dùng chương trình: chỉ lưu khen thưởng)"),
                        closed_at=dt.datetime.now().replace(microsecond=0), closed_by=actor)
    _log(campaign, actor, "past", "")
    session.add(campaign)
    session.flush()
    return _row(campaign, _current_id(session))
