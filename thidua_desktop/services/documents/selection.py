"""Which nominations a document lists, chosen the same way everywhere: by
level, title, council vote and decision."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...errors import UserError
from ...storage.models import Campaign
from .common import Options
from .records import Awardee, DecisionInfo, Meeting, Tallied, decisions, load_awardees, meetings, tally


def chosen_meeting(session: Session, campaign: Campaign, options: Options) -> Meeting | None:
    """The session named in the options, else the latest one (None if there is none)."""
    found = meetings(session, campaign)
    if options.session_id is not None:
        for m in found:
            if m.id == options.session_id:
                return m
        raise UserError("Không tìm thấy phiên họp Hội đồng đã chọn.")
    return found[-1] if found else None


DRAFT = 0  # ``Options.decision_id``: a draft from the council's result, not a recorded decision


def chosen_decision(session: Session, campaign: Campaign, options: Options,
                    latest: bool = False) -> DecisionInfo | None:
    """The decision named in the options; with none named, when ``latest``, the
    latest one (of the chosen title, if any), else None. ``DRAFT`` asks for none."""
    if options.decision_id == DRAFT:
        return None
    found = decisions(session, campaign)
    if options.decision_id is None:
        if options.title_code:
            found = [d for d in found if d.title_code.casefold() == options.title_code.casefold()]
        return found[-1] if latest and found else None
    for d in found:
        if d.id == options.decision_id:
            return d
    raise UserError("Không tìm thấy quyết định khen thưởng đã chọn.")


def title_filter(rows: list[Awardee], code: str) -> list[Awardee]:
    if not code:
        return rows
    chosen = [a for a in rows if a.title_code.casefold() == code.casefold()]
    return chosen


@dataclass
class Selection:
    rows: list[Awardee]
    tallied: Tallied | None = None
    meeting: Meeting | None = None
    decision: DecisionInfo | None = None
    notes: list[str] = field(default_factory=list)


def council_passed(session: Session, campaign: Campaign, options: Options, level: str | None) -> Selection:
    """Nominations (of a level and title) that the council passed at the chosen
    session; titles that need no vote pass without one."""
    rows = load_awardees(session, campaign)
    if level:
        rows = [a for a in rows if a.title_level == level]
    rows = title_filter(rows, options.title_code)
    meeting = chosen_meeting(session, campaign, options)
    tallied = tally(session, rows, meeting)
    notes = []
    if meeting is None and tallied.undecided:
        notes.append(f"Chưa có phiên họp Hội đồng nào được ghi nhận: {len(tallied.undecided)} đề nghị cần "
                     "biểu quyết chưa được đưa vào danh sách.")
    elif tallied.undecided:
        notes.append(f"{len(tallied.undecided)} đề nghị chưa có kết quả biểu quyết tại phiên họp đã chọn "
                     "nên không có trong danh sách.")
    if tallied.failed:
        notes.append(f"{len(tallied.failed)} đề nghị không đạt số phiếu cần thiết nên không có trong danh sách.")
    return Selection(tallied.passed, tallied, meeting, None, notes)


def decided(session: Session, campaign: Campaign, decision: DecisionInfo) -> list[Awardee]:
    return [a for a in load_awardees(session, campaign) if a.decision_id == decision.id]
