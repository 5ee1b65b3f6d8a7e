"""Hội đồng Thi đua - Khen thưởng: attendance, vote thresholds, the final order.

- Written opinions of absent members count as votes (they are recorded in the
  minutes), so the voters are the present members plus the written opinions.
- A title's pass threshold is a percentage of the TOTAL membership or of the
  voters, compared "at least" (≥ 80% for "Chiến sĩ thi đua cơ sở") or "above"
  (a majority is > 50%): both are settings of the title.
- The final list of a title orders passed nominees by vote share, then score,
  then the law's tie-break (NĐ 152/2025 Điều 4: prefer a woman, or a collective
  with at least 70% women, when candidates are otherwise equal), and is cut at
  the title's quota when one is set.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .text import collation_key, format_number, format_percent

BASE_LABELS = {"total": "tổng số thành viên Hội đồng", "present": "số thành viên biểu quyết (có mặt và gửi ý kiến)"}
OP_LABELS = {"ge": "từ", "gt": "trên"}
# CouncilMember.attendance
MEMBER_ATTENDANCE = {"present": "Có mặt", "written": "Vắng, có ý kiến bằng văn bản", "absent": "Vắng"}


@dataclass(frozen=True)
class Attendance:
    total: int  # members of the council
    present: int
    written: int  # absent with a written opinion

    @property
    def absent(self) -> int:
        return max(0, self.total - self.present - self.written)

    @property
    def voters(self) -> int:
        return self.present + self.written

    def problems(self) -> list[str]:
        out = []
        if self.total <= 0:
            out.append("Hội đồng chưa có thành viên.")
        if self.present < 0 or self.written < 0:
            out.append("Số thành viên không được âm.")
        if self.present + self.written > self.total:
            out.append(f"Số có mặt ({self.present}) cộng ý kiến bằng văn bản ({self.written}) "
                       f"nhiều hơn tổng số thành viên ({self.total}).")
        return out

    def text(self) -> str:
        return (f"{self.total} thành viên: {self.present} có mặt, {self.written} gửi ý kiến bằng văn bản, "
                f"{self.absent} vắng")


@dataclass(frozen=True)
class Threshold:
    percent: float | None  # None: no vote needed
    base: str = "total"  # total / present
    op: str = "ge"  # ge / gt

    def text(self) -> str:
        if self.percent is None:
            return "không cần biểu quyết"
        return f"{OP_LABELS.get(self.op, self.op)} {format_percent(self.percent)} {BASE_LABELS.get(self.base, self.base)}"


@dataclass(frozen=True)
class VoteResult:
    agree: int | None
    denominator: int
    share: float | None  # percent
    passed: bool | None  # None: not voted yet
    text: str


def share_text(share: float | None) -> str:
    """A vote's share of agreeing votes, as every paper and screen prints it
    (``77,78%``); empty when there was no vote."""
    return format_percent(share) if share is not None else ""


def vote_problem(agree: int, attendance: Attendance, ballots: int | None = None) -> str | None:
    """Why a count of agreeing votes cannot be right, or None."""
    if agree < 0:
        return "Số phiếu đồng ý không được âm."
    if agree > attendance.voters:
        return (f"Số phiếu đồng ý ({agree}) nhiều hơn số thành viên biểu quyết "
                f"({attendance.present} có mặt + {attendance.written} ý kiến bằng văn bản = {attendance.voters}).")
    if ballots is not None:
        if ballots > attendance.voters:
            return f"Số phiếu hợp lệ ({ballots}) nhiều hơn số thành viên biểu quyết ({attendance.voters})."
        if agree > ballots:
            return f"Số phiếu đồng ý ({agree}) nhiều hơn số phiếu hợp lệ ({ballots})."
    return None


def tally(agree: int | None, attendance: Attendance, threshold: Threshold) -> VoteResult:
    """Whether ``agree`` votes pass ``threshold``; the text shows the arithmetic."""
    if threshold.percent is None:
        return VoteResult(agree, 0, None, True, "Không cần biểu quyết")
    denominator = attendance.total if threshold.base == "total" else attendance.voters
    if agree is None:
        return VoteResult(None, denominator, None, None, "Chưa có kết quả biểu quyết")
    if denominator <= 0:
        return VoteResult(agree, 0, None, False, "Không có thành viên biểu quyết")
    share = agree * 100 / denominator
    # Compare in integers where possible: agree/den ≥ p% ⇔ 100·agree ≥ p·den.
    lhs, rhs = agree * 100, threshold.percent * denominator
    passed = lhs > rhs + 1e-9 if threshold.op == "gt" else lhs >= rhs - 1e-9
    verdict = "đạt" if passed else "không đạt"
    text = (f"{agree}/{denominator} = {share_text(share)} ({verdict}; cần {threshold.text()})")
    return VoteResult(agree, denominator, share, passed, text)


def votes_needed(attendance: Attendance, threshold: Threshold) -> int | None:
    """The least number of agreeing votes that passes (for the ballot sheet)."""
    if threshold.percent is None:
        return None
    denominator = attendance.total if threshold.base == "total" else attendance.voters
    exact = threshold.percent * denominator / 100
    if threshold.op == "gt":
        return math.floor(exact + 1e-9) + 1
    return math.ceil(exact - 1e-9)


@dataclass
class Candidate:
    """A nominee of one title as the final ordering sees it."""

    key: int  # the nomination id
    name: str
    title_position: int
    title_code: str
    passed: bool | None
    share: float | None
    score: float | None = None  # the unit's score in % of its scale, when it has one
    female_priority: bool = False
    eligible: bool = True
    rank: int | None = None
    note: str = ""
    within_quota: bool = True


def female_priority(subject: str, gender: str = "", female: int | None = None, staff: int | None = None,
                    min_share: float = 70) -> bool:
    """NĐ 152/2025 Điều 4: a woman, or a collective with at least ``min_share``% women."""
    if subject == "person":
        return gender == "nu"
    if subject == "unit" and female is not None and staff:
        return female * 100 >= min_share * staff
    return False


def _order_key(c: Candidate) -> tuple:
    return (-(c.share if c.share is not None else -1.0),
            -(c.score if c.score is not None else -1.0),
            0 if c.female_priority else 1)


def final_order(candidates: Sequence[Candidate], quota: int | None = None,
                quota_words: str = "") -> list[Candidate]:
    """Passed, eligible candidates of ONE title in their final order, ranked
    (equal share, score and priority share a rank, listed by name), and
    marked ``within_quota`` up to ``quota`` places (ties at the cut stay in
    only if the whole tie fits; otherwise they are all left for the council)."""
    chosen = [c for c in candidates if c.eligible and c.passed]
    chosen.sort(key=lambda c: (_order_key(c), collation_key(c.name)))
    for i, c in enumerate(chosen):
        tied = i > 0 and _order_key(chosen[i - 1]) == _order_key(c)
        c.rank = chosen[i - 1].rank if tied else i + 1
        c.note = ""
        if i > 0 and not tied and chosen[i - 1].share == c.share:
            above = chosen[i - 1]
            if above.score != c.score:
                c.note = "bằng tỷ lệ phiếu, xếp sau vì điểm thấp hơn"
            else:
                c.note = "bằng phiếu và điểm; ưu tiên nữ / tập thể nhiều nữ xếp trước"
    for c in chosen:
        c.within_quota = True
    if quota is not None and len(chosen) > quota:
        for c in chosen:
            # a tie across the cut is not decided by the alphabet
            c.within_quota = c.rank is not None and c.rank + sum(
                1 for o in chosen if o.rank == c.rank) - 1 <= quota
            if not c.within_quota:
                c.note = (c.note + "; " if c.note else "") + (quota_words or f"ngoài số lượng tối đa {quota}")
    return chosen


def participation_problem(attendance: Attendance, minimum_percent: float) -> str | None:
    """The session's participation (present + written) against the setting."""
    if minimum_percent <= 0 or attendance.total <= 0:
        return None
    share = attendance.voters * 100 / attendance.total
    if share + 1e-9 < minimum_percent:
        return (f"Chỉ {attendance.voters}/{attendance.total} thành viên ({format_percent(share)}) có mặt hoặc gửi ý kiến, "
                f"dưới mức {format_number(minimum_percent)}% theo quy chế.")
    return None
