"""Công khai before the decision (Luật Thi đua, khen thưởng 2022, Điều 84
khoản 5): the nominees a council session passed are posted publicly, and
comments are taken until a given day. The posting date and that day are kept
on the session (the law leaves the form and the period to the locality, so
the clerk enters both); a decision resting on the session that is signed
before the comment period ended is pointed out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain import docformat as fmt
from ...domain.roles import Action
from ...errors import UserError
from ...storage.models import Campaign
from ..safety import accounts
from . import council, decisions

LAW = "Luật Thi đua, khen thưởng năm 2022, Điều 84 khoản 5"
# where to record the dates, said in the warnings; the window names its own button
COMMAND_HINT = "Ghi bằng lệnh: thidua disclosure set --session {session} --posted NGÀY --until NGÀY."


@dataclass(frozen=True)
class Posting:
    session_id: int
    label: str  # "phiên họp ngày 08/12/2026 (biên bản số 01/BB-HĐTĐKT)"
    held_on: dt.date | None
    posted_on: dt.date | None
    comments_until: dt.date | None

    @property
    def recorded(self) -> bool:
        return self.posted_on is not None and self.comments_until is not None

    def period_text(self) -> str:
        """``từ ngày 09/12/2026 đến hết ngày 15/12/2026``; blanks to fill in by hand when not recorded."""
        def day(d: dt.date | None) -> str:
            return fmt.short_date(d) if d else "…/…/…"
        return f"từ ngày {day(self.posted_on)} đến hết ngày {day(self.comments_until)}"


def _label(s) -> str:
    """``phiên họp ngày 08/12/2026 (biên bản số 01/BB-HĐTĐKT)``."""
    day = f" ngày {fmt.short_date(s.held_at.date())}" if s.held_at else ""
    return f"phiên họp{day}" + (f" (biên bản số {s.number})" if s.number else "")


def posting(session, session_id: int) -> Posting:
    s = council.get_session(session, session_id)
    return Posting(s.id, _label(s), s.held_at.date() if s.held_at else None, s.posted_on, s.comments_until)


def set_posting(session, session_id: int, posted_on: dt.date | None, comments_until: dt.date | None) -> Posting:
    """Record (or, with both None, clear) when the session's result was posted
    and the last day for comments."""
    accounts.require(session, Action.EDIT_DATA)
    s = council.get_session(session, session_id)
    if (posted_on is None) != (comments_until is None):
        raise UserError("Ghi cả ngày niêm yết công khai và ngày hết hạn nhận ý kiến (hoặc bỏ trống cả hai). "
                        "Chưa có gì được ghi.")
    if posted_on is not None:
        if comments_until < posted_on:
            raise UserError(f"Ngày hết hạn nhận ý kiến ({fmt.short_date(comments_until)}) trước ngày niêm yết "
                            f"({fmt.short_date(posted_on)}). Chưa có gì được ghi.")
        if s.held_at is not None and posted_on < s.held_at.date():
            raise UserError(f"Ngày niêm yết ({fmt.short_date(posted_on)}) trước ngày họp Hội đồng "
                            f"({fmt.short_date(s.held_at.date())}): chỉ công khai được kết quả đã có. "
                            "Chưa có gì được ghi.")
    s.posted_on, s.comments_until = posted_on, comments_until
    session.flush()
    return posting(session, s.id)


def decision_warnings(session, decision_id: int, how: str = COMMAND_HINT) -> list[str]:
    """What to tell about the disclosure of a recorded decision's nominees: a
    decision signed on or before the last day for comments, or resting on a
    session whose posting is not recorded."""
    d = decisions.get(session, decision_id)
    if d.session_id is None:
        return []
    p = posting(session, d.session_id)
    what = f"{decisions.kind_label(session, d)} số {d.number}"
    if not p.recorded:
        return [f"Chưa ghi ngày niêm yết công khai kết quả {p.label} ({LAW}) mà {what} dựa vào. "
                + how.format(session=p.session_id)]
    if d.signed_on <= p.comments_until:
        return [f"{what} ký ngày {fmt.short_date(d.signed_on)}, khi chưa hết thời gian công khai lấy ý kiến "
                f"({p.period_text()}, {p.label}; {LAW}). Kiểm tra lại ngày ký hoặc thời gian công khai."]
    return []


def session_warnings(session, session_id: int, how: str = COMMAND_HINT) -> list[str]:
    """:func:`decision_warnings` of every decision resting on this session."""
    campaign = session.get(Campaign, council.get_session(session, session_id).campaign_id)
    out = []
    for d in decisions.decisions(session, campaign):
        if d.session_id == session_id:
            out += decision_warnings(session, d.id, how)
    return out
