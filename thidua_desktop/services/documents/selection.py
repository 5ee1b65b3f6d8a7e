"""Which session, decision and nominations a document is about: the clerk's
choice, else the latest; who passed comes from the council's final lists
(eligible, voted through, within the quota), as the Awards page shows them."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...errors import UserError
from ...storage.models import AwardTitle, Campaign
from ..awards import catalogue as awards, council
from ..awards.nominations import NominationRow
from .common import Options
from .records import DecisionInfo, Meeting, decisions, meetings

DRAFT = 0  # ``Options.decision_id``: a draft from the council's result, not a recorded decision


def chosen_meeting(session: Session, campaign: Campaign, options: Options) -> Meeting | None:
    """The session named in the options, else the latest one (None if there is none)."""
    found = meetings(session, campaign)
    if options.session_id is not None:
        for m in found:
            if m.id == options.session_id:
                return m
        raise UserError("Không tìm thấy phiên họp Hội đồng đã chọn.")
    return found[-1] if found else None


def chosen_decision(session: Session, campaign: Campaign, options: Options, *, city: bool = False,
                    latest: bool = True) -> DecisionInfo | None:
    """The decision named in the options; with none named, the latest one of
    the ward (``city=False``) or forwarded to the city (``city=True``), of the
    chosen title if any. ``DRAFT`` asks for none."""
    if options.decision_id == DRAFT:
        return None
    found = decisions(session, campaign)
    if options.decision_id is not None:
        for d in found:
            if d.id == options.decision_id:
                return d
        raise UserError("Không tìm thấy quyết định khen thưởng đã chọn.")
    if not latest:
        return None
    found = [d for d in found if d.city == city]
    if options.title_code:
        title = awards.title_by_code(session, options.title_code)
        found = [d for d in found if title.id in d.title_ids]
    return found[-1] if found else None


def titles_for(session: Session, level: str | None, code: str = "") -> list[AwardTitle]:
    """The titles of a level (ward / city), or the one named by its code."""
    if code:
        return [awards.title_by_code(session, code)]
    return [t for t in awards.titles(session) if level is None or t.level == level]


@dataclass
class Passed:
    rows: list[NominationRow]
    notes: list[str] = field(default_factory=list)


def passed(session: Session, campaign: Campaign, title_ids: list[int]) -> Passed:
    """Who the council passed for these titles, and what kept others out."""
    lists = council.final_lists(session, campaign, title_ids)
    chosen = [e.row for fl in lists for e in fl.chosen]
    notes = [fl.summary() for fl in lists if fl.not_passed or fl.not_voted or fl.ineligible
             or len(fl.chosen) < len(fl.entries)]
    return Passed(chosen, notes)
