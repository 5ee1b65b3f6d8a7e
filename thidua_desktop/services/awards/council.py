"""The council's sessions: members and attendance, ballots, votes, the final lists.

A session records the members (each present, absent with a written opinion, or
absent), prints blank ballots listing the nominees that may go before the
council, and takes the number of agreeing votes per nominee (typed, or read
from an xlsx). ``final_lists`` applies each title's threshold and orders the
passed nominees (``domain.council``), cut at the title's quota.

Votes of a session that a frozen decision rests on cannot change until the
decision is reopened with a reason.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...domain import award_order
from ...domain import council as co
from ...domain import eligibility as el
from ...domain.council import MEMBER_ATTENDANCE as ATTENDANCE
from ...domain.text import clean, clean_multiline, fold, format_date, format_number
from ...errors import ConcurrentChange, UserError
from ...storage import concurrency
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import AwardTitle, Campaign, CouncilMember, CouncilSession, Decision, Nomination, Vote
from ...domain.roles import Action
from ..safety import accounts
from . import catalogue as awards, nominations
from .. import plan, settings
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from ..progress import Progress, no_progress


# --- sessions ------------------------------------------------------------------------


@dataclass
class MemberInput:
    full_name: str
    role: str = "Ủy viên"
    attendance: str = "present"


@dataclass
class SessionInput:
    number: str = ""
    held_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    place: str = ""
    chair_name: str = ""
    secretary_name: str = ""
    conclusion: str = ""
    note: str = ""
    members: list[MemberInput] = field(default_factory=list)


def sessions(session: Session, campaign: Campaign) -> list[CouncilSession]:
    return list(session.scalars(select(CouncilSession).where(CouncilSession.campaign_id == campaign.id)
                                .options(selectinload(CouncilSession.members), selectinload(CouncilSession.votes))
                                .order_by(CouncilSession.held_at, CouncilSession.id)))


def get_session(session: Session, session_id: int) -> CouncilSession:
    s = session.get(CouncilSession, session_id)
    if s is None:
        raise UserError("Phiên họp Hội đồng không còn.")
    return s


def latest_session(session: Session, campaign: Campaign) -> CouncilSession | None:
    found = sessions(session, campaign)
    return found[-1] if found else None


def frozen_by(session: Session, council_session: CouncilSession) -> Decision | None:
    """A frozen decision resting on this session's votes, if any."""
    direct = session.scalar(select(Decision).where(Decision.session_id == council_session.id,
                                                   Decision.frozen.is_(True)).limit(1))
    if direct is not None:
        return direct
    return session.scalar(
        select(Decision).join(Nomination, Nomination.decision_id == Decision.id)
        .join(Vote, Vote.nomination_id == Nomination.id)
        .where(Vote.session_id == council_session.id, Decision.frozen.is_(True)).limit(1))


def _guard(session: Session, council_session: CouncilSession) -> None:
    decision = frozen_by(session, council_session)
    if decision is not None:
        raise UserError(f"Kết quả phiên họp này là căn cứ của Quyết định số {decision.number} ngày "
                        f"{format_date(decision.signed_on)} đã khóa; muốn sửa, hãy mở khóa quyết định (ghi lý do).")


def save_session(session: Session, campaign: Campaign, data: SessionInput,
                 session_id: int | None = None) -> CouncilSession:
    accounts.require(session, Action.EDIT_DATA)
    problems = []
    members = [MemberInput(clean(m.full_name), clean(m.role), m.attendance) for m in data.members
               if clean(m.full_name)]
    if not members:
        problems.append("Hội đồng phải có ít nhất một thành viên.")
    names = [fold(m.full_name) for m in members]
    dupes = sorted({m.full_name for m, k in zip(members, names) if names.count(k) > 1})
    if dupes:
        problems.append("Thành viên trùng tên: " + ", ".join(dupes) + ".")
    for m in members:
        if m.attendance not in ATTENDANCE:
            problems.append(f"{m.full_name}: tình trạng dự họp “{m.attendance}” không hợp lệ.")
    if data.held_at and data.ended_at and data.ended_at < data.held_at:
        problems.append("Giờ kết thúc phải sau giờ bắt đầu.")
    if problems:
        raise UserError("\n".join(problems))
    if session_id is None:
        s = CouncilSession(campaign_id=campaign.id)
        session.add(s)
    else:
        s = get_session(session, session_id)
        _guard(session, s)
    s.number, s.place = clean(data.number), clean(data.place)
    s.held_at, s.ended_at = data.held_at, data.ended_at
    s.chair_name, s.secretary_name = clean(data.chair_name), clean(data.secretary_name)
    s.conclusion, s.note = clean_multiline(data.conclusion), clean_multiline(data.note)
    s.members_total = len(members)
    existing = list(s.members)
    for i, m in enumerate(members):
        if i < len(existing):
            row = existing[i]
            row.position, row.full_name, row.role, row.attendance = i, m.full_name, m.role, m.attendance
        else:
            s.members.append(CouncilMember(position=i, full_name=m.full_name, role=m.role,
                                           attendance=m.attendance))
    for row in existing[len(members):]:
        s.members.remove(row)
    session.flush()
    att = nominations.attendance_of(s)
    for v in s.votes:
        problem = co.vote_problem(v.agree, att, v.ballots)
        if problem:
            n = session.get(Nomination, v.nomination_id)
            raise UserError(f"Không lưu được thành phần dự họp: kết quả đã nhập cho "
                            f"{nominations.subject_name(n)} không còn hợp lệ. {problem}")
    return s


def delete_session(session: Session, session_id: int) -> None:
    accounts.require(session, Action.EDIT_DATA)
    s = get_session(session, session_id)
    _guard(session, s)
    decision = session.scalar(select(Decision).where(Decision.session_id == s.id).limit(1))
    if decision is not None:
        decision.session_id = None
    session.delete(s)
    session.flush()


def attendance_problems(session: Session, s: CouncilSession) -> list[str]:
    att = nominations.attendance_of(s)
    out = att.problems()
    problem = co.participation_problem(att, float(settings.get(session, "council.min_participation")))
    if problem:
        out.append(problem)
    return out



# --- sessions as plain data (the page and ``thidua council sessions|members``) --------------


@dataclass(frozen=True)
class SessionSummary:
    id: int
    label: str
    place: str
    chair_name: str
    members: int
    present: int
    written: int
    absent: int
    votes: int
    problems: list[str]


def _summary(session: Session, s: CouncilSession) -> SessionSummary:
    att = nominations.attendance_of(s)
    return SessionSummary(s.id, nominations.session_label(s), s.place, s.chair_name, att.total, att.present,
                          att.written, att.absent, len(s.votes), attendance_problems(session, s))


def session_summaries(session: Session) -> list[SessionSummary]:
    """The sessions of the current year, oldest first."""
    return [_summary(session, s) for s in sessions(session, plan.current_campaign(session))]


def session_input(session: Session, session_id: int) -> SessionInput:
    """A session as the form edits it (the dialog, ``thidua council sessions edit``)."""
    s = get_session(session, session_id)
    return SessionInput(s.number, s.held_at, s.ended_at, s.place, s.chair_name, s.secretary_name, s.conclusion,
                        s.note, [MemberInput(m.full_name, m.role, m.attendance) for m in s.members])


def record_session(session: Session, data: SessionInput, session_id: int | None = None) -> int:
    """Add (or replace) a session of the current year; its id."""
    return save_session(session, plan.current_campaign(session), data, session_id).id


def _member_index(data: SessionInput, full_name: str) -> int:
    key = fold(clean(full_name))
    for i, m in enumerate(data.members):
        if fold(clean(m.full_name)) == key:
            return i
    raise UserError(f"Phiên họp không có thành viên “{clean(full_name)}”.")


def add_member(session: Session, session_id: int, member: MemberInput) -> int:
    """One more member (checked like the whole form); the members' count."""
    data = session_input(session, session_id)
    data.members.append(member)
    record_session(session, data, session_id)
    return len(data.members)


def remove_member(session: Session, session_id: int, full_name: str) -> int:
    data = session_input(session, session_id)
    del data.members[_member_index(data, full_name)]
    record_session(session, data, session_id)
    return len(data.members)


def set_attendance(session: Session, session_id: int, full_name: str, attendance: str) -> None:
    data = session_input(session, session_id)
    data.members[_member_index(data, full_name)].attendance = attendance
    record_session(session, data, session_id)


@dataclass
class VoteLine:
    nomination: nominations.NominationRow
    title_name: str
    threshold: co.Threshold
    needed: int | None
    agree: int | None  # as stored
    locked: bool  # in a frozen decision
    version: int = 0  # the stored vote's (0: none yet), what a save from this screen expects


@dataclass
class VoteEntry:
    """What the vote entry of a session shows."""

    session_id: int
    attendance: co.Attendance
    chair_name: str
    problems: list[str]
    lines: list[VoteLine]


def vote_entry(session: Session, session_id: int) -> VoteEntry:
    """The nominees a session votes on (those already voted, and those that may go before it)."""
    campaign = plan.current_campaign(session)
    s = get_session(session, session_id)
    att = nominations.attendance_of(s)
    titles = {t.id: t for t in awards.titles(session)}
    votes = {v.nomination_id: v.agree for v in s.votes}
    versions = {v.nomination_id: v.version for v in s.votes}
    lines = []
    for r in nominations.rows(session, campaign, include_withdrawn=False):
        title = titles[r.title_id]
        if title.pass_threshold is None:
            continue
        if r.id not in votes and not (r.verdict.may_proceed and r.status == "proposed"):
            continue
        threshold = awards.threshold(title)
        lines.append(VoteLine(r, title.name, threshold, co.votes_needed(att, threshold), votes.get(r.id),
                              r.decision_frozen, versions.get(r.id, 0)))
    return VoteEntry(s.id, att, s.chair_name, attendance_problems(session, s), lines)


def current_ballot(session: Session, session_id: int | None = None, ballot_only: bool = False,
                   copies: int | None = None) -> Ballot:
    """:func:`ballot` of the current year."""
    return ballot(session, plan.current_campaign(session), session_id, ballot_only, copies)


# --- ballots and votes ---------------------------------------------------------------


@dataclass(frozen=True)
class TitleFacts:
    """A title as the ballots and the final lists carry it: plain data, not the stored row."""

    id: int
    code: str
    name: str
    kind: str
    subject: str
    level: str
    position: int
    needs_ballot: bool
    pass_threshold: float | None
    threshold_base: str
    threshold_op: str
    quota: int | None

    @classmethod
    def of(cls, t: AwardTitle) -> "TitleFacts":
        return cls(t.id, t.code, t.name, t.kind, t.subject, t.level, t.position, bool(t.needs_ballot),
                   t.pass_threshold, t.threshold_base, t.threshold_op, t.quota)


@dataclass
class BallotGroup:
    title: TitleFacts
    rows: list[nominations.NominationRow]
    needed: int | None  # the least agreeing votes that pass

    @property
    def threshold_text(self) -> str:
        return awards.threshold_text(self.title)


def ballot_groups(session: Session, campaign: Campaign, council_session: CouncilSession | None = None,
                  ballot_only: bool = False) -> list[BallotGroup]:
    """The nominees that may go before the council (active, eligible or
    accepted), by title, for ballots and vote entry."""
    rows = [r for r in nominations.rows(session, campaign, include_withdrawn=False)
            if r.verdict.may_proceed and r.status == "proposed"]
    att = nominations.attendance_of(council_session) if council_session is not None else None
    out = []
    for title in awards.titles(session):
        if title.pass_threshold is None or (ballot_only and not title.needs_ballot):
            continue
        chosen = [r for r in rows if r.title_id == title.id]
        if not chosen:
            continue
        chosen = award_order.ordered(chosen)  # as the minutes and the printed lists order them
        needed = co.votes_needed(att, awards.threshold(title)) if att is not None else None
        out.append(BallotGroup(TitleFacts.of(title), chosen, needed))
    return out


@dataclass
class Ballot:
    """What the blank ballots of a session list (``printing.ballots`` draws them)."""

    council_name: str  # "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
    ward_name: str  # "PHƯỜNG BẠCH ĐẰNG"
    session_label: str
    year: int
    groups: list[BallotGroup]
    copies: int


def ballot(session: Session, campaign: Campaign, session_id: int | None = None, ballot_only: bool = False,
           copies: int | None = None) -> Ballot:
    """The ballot of a session: one copy per member by default."""
    s = get_session(session, session_id) if session_id else latest_session(session, campaign)
    if s is None:
        raise UserError("Chưa có phiên họp Hội đồng nào; hãy tạo phiên họp trước khi in phiếu bầu.")
    ward = plan.ward(session)
    groups = ballot_groups(session, campaign, s, ballot_only)
    voters = nominations.attendance_of(s)
    return Ballot("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", ward.full_name.upper(), nominations.session_label(s),
                  campaign.year, groups, copies if copies is not None else max(1, voters.total))


def _check_version(session: Session, row: Vote | None, shown: int) -> None:
    if row is None:
        if shown:  # the count the screen showed was removed meanwhile
            raise ConcurrentChange("Phiếu của đề nghị này vừa được người khác xóa trong khi bạn đang nhập; chưa lưu "
                                   "phiếu nào. Hãy xem lại rồi nhập nếu cần.")
        return
    if shown == 0:  # the screen showed no count, another clerk has entered one since
        raise concurrency.conflict(session.get_bind(), [("vote", row.id)])
    concurrency.expect(row, shown)  # ``existing`` keeps the row until it is changed


def set_votes(session: Session, session_id: int, votes: dict[int, int | None],
              ballots: dict[int, int | None] | None = None, versions: dict[int, int] | None = None) -> int:
    """Store agreeing votes per nomination (None removes a count); returns how many changed.
    ``versions``: each vote's version as the clerk's screen showed it (0: none), so a count
    over another clerk's newer one is refused (several clerks on one server)."""
    accounts.require(session, Action.ENTER_VOTES)
    s = get_session(session, session_id)
    # Votes of nominations inside a frozen decision are refused one by one below;
    # other nominees of the same session may still be voted on.
    att = nominations.attendance_of(s)
    problems = att.problems()
    if problems:
        raise UserError("Chưa nhập được phiếu: " + " ".join(problems))
    existing = {v.nomination_id: v for v in s.votes}
    changed = 0
    errors = []
    loaded = {n.id: n for n in session.scalars(select(Nomination).where(Nomination.id.in_(list(votes))))}
    frozen = {d.id: d for d in session.scalars(select(Decision).where(Decision.frozen.is_(True)))}
    for nomination_id, agree in votes.items():
        n = loaded.get(nomination_id)
        if n is None or n.campaign_id != s.campaign_id:
            errors.append(f"Đề nghị số {nomination_id} không thuộc năm của phiên họp.")
            continue
        valid = (ballots or {}).get(nomination_id)
        if agree is not None:
            problem = co.vote_problem(agree, att, valid)
            if problem:
                errors.append(f"{nominations.subject_name(n)}: {problem}")
                continue
            if n.decision_id in frozen:
                d = frozen[n.decision_id]
                errors.append(f"{nominations.subject_name(n)}: thuộc Quyết định số {d.number} ngày "
                              f"{format_date(d.signed_on)} đã khóa; muốn sửa phiếu, hãy mở khóa quyết định "
                              "(ghi lý do).")
                continue
        row = existing.get(nomination_id)
        if versions is not None and nomination_id in versions:
            _check_version(session, row, versions[nomination_id])
        if agree is None:
            if row is not None:
                s.votes.remove(row)
                changed += 1
            continue
        if row is None:
            s.votes.append(Vote(nomination_id=nomination_id, agree=agree, ballots=valid))
            changed += 1
        elif row.agree != agree or row.ballots != valid:
            row.agree, row.ballots = agree, valid
            changed += 1
    if errors:
        raise UserError("Chưa lưu phiếu nào:\n" + "\n".join(errors))
    session.flush()
    # A vote that fails can unsettle other nominations (CSTĐCS needs an accepted
    # LĐTT): recheck — unless a council member, who writes only votes, entered
    # them; the next officer's action and every decision recheck anyway.
    if changed and accounts.allowed(session, Action.EDIT_DATA):
        nominations.recheck(session, session.get(Campaign, s.campaign_id))
    return changed


# --- the final lists ---------------------------------------------------------------------


@dataclass
class FinalEntry:
    row: nominations.NominationRow
    rank: int | None
    within_quota: bool
    note: str = ""


@dataclass
class FinalList:
    title: TitleFacts
    entries: list[FinalEntry]  # passed and eligible, in the final order
    not_passed: list[nominations.NominationRow]
    not_voted: list[nominations.NominationRow]
    ineligible: list[nominations.NominationRow]
    quota: int | None = None  # the places: the title's quota, or the CSTĐCS cap when lower
    quota_words: str = ""  # how the quota reads beside a nominee left out

    @property
    def chosen(self) -> list[FinalEntry]:
        return [e for e in self.entries if e.within_quota]

    def summary(self) -> str:
        text = f"{self.title.name}: {len(self.chosen)} được chọn"
        extra = len(self.entries) - len(self.chosen)
        if extra:
            text += f", {extra} " + (self.quota_words or f"ngoài số lượng tối đa {self.quota}")
        if self.not_passed:
            text += f", {len(self.not_passed)} không đạt phiếu"
        if self.not_voted:
            text += f", {len(self.not_voted)} chưa biểu quyết"
        if self.ineligible:
            text += f", {len(self.ineligible)} không đủ điều kiện hoặc còn cảnh báo"
        return text


def _final_list(title: TitleFacts, mine: list[nominations.NominationRow], quota: int | None,
                quota_words: str = "") -> FinalList:
    eligible = [r for r in mine if r.verdict.may_proceed]
    ineligible = [r for r in mine if not r.verdict.may_proceed]
    needs_vote = title.pass_threshold is not None
    not_voted = [r for r in eligible if needs_vote and r.vote is None]
    not_passed = [r for r in eligible if needs_vote and r.vote is not None and not r.vote.passed]
    candidates = [co.Candidate(r.id, r.name, title.position, title.code,
                               True if not needs_vote else r.vote.passed if r.vote else None,
                               r.vote.share if r.vote else None, r.score, r.female_priority)
                  for r in eligible]
    ordered = co.final_order(candidates, quota, quota_words)
    by_id = {r.id: r for r in eligible}
    entries = [FinalEntry(by_id[c.key], c.rank, c.within_quota, c.note) for c in ordered]
    return FinalList(title, entries, not_passed, not_voted, ineligible, quota, quota_words)


def _cap(session: Session, title: AwardTitle, titles: list[AwardTitle],
         rows: list[nominations.NominationRow]) -> tuple[int | None, str]:
    """The title's places: its quota, lowered by the optional CSTĐCS cap (a
    share of the LĐTT nominees the council passed) when that rule is on."""
    rules = el.configs(settings.get_all(session))
    cfg = rules["cstdcs_cap"]
    if not cfg.applies(title.code):
        return title.quota, ""
    needs = rules["cstdcs_basis"].param("needs") or "LDTT"
    ldtt = next((t for t in titles if t.code == needs), None)
    passed = 0
    if ldtt is not None:
        passed = len(_final_list(TitleFacts.of(ldtt), [r for r in rows if r.title_id == ldtt.id and r.active], ldtt.quota).chosen)
    percent = float(cfg.param("percent"))
    cap = el.cstdcs_cap(passed, percent)
    if title.quota is not None and title.quota <= cap:
        return title.quota, ""
    return cap, (f"ngoài mức tối đa {format_number(percent)}% của {passed} “{ldtt.name if ldtt else needs}” "
                 f"được Hội đồng thông qua ({cap} người)")


def final_lists(session: Session, campaign: Campaign, title_ids: list[int] | None = None,
                rows: list[nominations.NominationRow] | None = None) -> list[FinalList]:
    rows = rows if rows is not None else nominations.rows(session, campaign, include_withdrawn=False)
    titles = awards.titles(session)
    out = []
    for title in titles:
        if title_ids is not None and title.id not in title_ids:
            continue
        mine = [r for r in rows if r.title_id == title.id and r.active]
        if not mine:
            continue
        out.append(_final_list(TitleFacts.of(title), mine, *_cap(session, title, titles, rows)))
    return out


# --- votes from a spreadsheet ----------------------------------------------------------------

def vote_columns() -> list:
    """The columns of a vote sheet. ``excel`` (and with it openpyxl) is
    imported by the spreadsheet functions only: lists and papers read the
    council's results without it."""
    from ..xlsx import files as excel

    return [
        excel.HeaderSpec("name", ("Họ và tên / Tên tập thể", "Họ và tên", "Họ tên", "Tên tập thể", "Tên",
                                  "Người được đề nghị", "Tập thể, cá nhân", "Tên tập thể, cá nhân"), required=True),
        excel.HeaderSpec("agree", ("Số phiếu đồng ý", "Phiếu đồng ý", "Đồng ý", "Số phiếu"), required=True),
        excel.HeaderSpec("title", ("Danh hiệu, hình thức", "Danh hiệu", "Hình thức", "Danh hiệu/Hình thức đề nghị",
                                   "Mã danh hiệu")),
        excel.HeaderSpec("unit", ("Đơn vị", "Đơn vị công tác", "Chức vụ, đơn vị công tác", "Địa chỉ")),
        excel.HeaderSpec("ballots", ("Số phiếu hợp lệ", "Phiếu hợp lệ")),
    ]


@dataclass
class VotesPreview(ImportPreview):
    session_id: int = 0
    session_label: str = ""


def preview_votes(db: Database, path: Path, session_id: int | None = None,
                  progress: Progress = no_progress) -> VotesPreview:
    """Match each row of ``path`` to a nominee of the year; nothing is written."""
    with db.read() as session:
        return read_votes(session, path, session_id, progress)


def read_votes(session: Session, path: Path, session_id: int | None = None,
               progress: Progress = no_progress) -> VotesPreview:
    """:func:`preview_votes` in a session the caller holds (the page's background read)."""
    from ..xlsx import files as excel

    path = Path(path)
    table = excel.find_table(path, vote_columns())
    campaign = plan.current_campaign(session)
    s = get_session(session, session_id) if session_id else latest_session(session, campaign)
    if s is None:
        raise UserError("Chưa có phiên họp Hội đồng nào; hãy tạo phiên họp trước khi nhập phiếu.")
    att = nominations.attendance_of(s)
    rows = nominations.rows(session, campaign, include_withdrawn=False)
    existing = {v.nomination_id: v.agree for v in s.votes}
    preview = VotesPreview(path, "votes", session_id=s.id, session_label=nominations.session_label(s))
    seen: dict[int, int] = {}
    for i, (number, values) in enumerate(table.rows):
        progress(i, len(table.rows), "Đang đọc phiếu…")
        name = excel.cell_text(excel.cell(values, table.columns, "name"))
        if name.isdigit() or fold(name).startswith("tong"):
            continue
        raw_agree = excel.cell(values, table.columns, "agree")
        try:
            agree = _count(raw_agree, "Số phiếu đồng ý")
            ballots = _count(excel.cell(values, table.columns, "ballots"), "Số phiếu hợp lệ", optional=True)
            match = _match(rows, name, excel.cell_text(excel.cell(values, table.columns, "title")),
                           excel.cell_text(excel.cell(values, table.columns, "unit")), session)
        except UserError as exc:
            preview.rows.append(RowOutcome(number, Outcome.ERROR, name, exc.message))
            continue
        problem = co.vote_problem(agree, att, ballots)
        if problem:
            preview.rows.append(RowOutcome(number, Outcome.ERROR, name, problem))
            continue
        if match.id in seen:
            preview.rows.append(RowOutcome(number, Outcome.ERROR, name,
                                           f"trùng với dòng {seen[match.id]} (cùng người, cùng danh hiệu)"))
            continue
        seen[match.id] = number
        label = f"{match.name} — {match.title_name}"
        old = existing.get(match.id)
        if old == agree:
            preview.rows.append(RowOutcome(number, Outcome.UNCHANGED, label, f"{agree} phiếu",
                                           {"nomination_id": match.id, "agree": agree, "ballots": ballots}))
        else:
            kind = Outcome.NEW if old is None else Outcome.UPDATE
            message = f"{agree} phiếu đồng ý" + (f" (trước: {old})" if old is not None else "")
            preview.rows.append(RowOutcome(number, kind, label, message,
                                           {"nomination_id": match.id, "agree": agree, "ballots": ballots}))
    progress(len(table.rows), len(table.rows), "Đã đọc xong")
    return preview


def _count(value, label: str, optional: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise UserError(f"thiếu “{label}”")
    if isinstance(value, bool):
        raise UserError(f"“{label}” phải là số")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    text = clean(value)
    if text.isdigit():
        return int(text)
    raise UserError(f"“{label}” = “{text}” không phải số nguyên")


def _match(rows: list[nominations.NominationRow], name: str, title_text: str, unit_text: str,
           session: Session) -> nominations.NominationRow:
    if not name:
        raise UserError("thiếu tên người hoặc tập thể được đề nghị")
    key = fold(name)
    found = [r for r in rows if fold(r.name) == key]
    if title_text:
        title = awards.find_title(session, title_text)
        if title is None:
            raise UserError(f"không có danh hiệu, hình thức “{title_text}”")
        found = [r for r in found if r.title_id == title.id]
    if len(found) > 1 and unit_text:
        unit_key = fold(unit_text)
        narrowed = [r for r in found if unit_key and (unit_key in fold(r.where) or unit_key in fold(r.group))]
        found = narrowed or found
    if not found:
        raise UserError(f"không có đề nghị khen thưởng nào cho “{name}”"
                        + (f" với danh hiệu “{title_text}”" if title_text else ""))
    if len(found) > 1:
        what = "; ".join(f"{r.title_name} ({r.where or r.group})" for r in found)
        raise UserError(f"“{name}” có nhiều đề nghị ({what}); ghi thêm cột Danh hiệu hoặc Đơn vị để phân biệt")
    return found[0]


def apply_votes(db: Database, preview: VotesPreview, progress: Progress = no_progress) -> str:
    """Write the previewed counts, all or nothing."""
    preview.require_ok()
    db.checkpoint(f"Trước khi nhập phiếu bầu từ {preview.path.name}")
    with db.transaction(reason=f"Nhập phiếu bầu từ tệp {preview.path.name}") as session:
        return write_votes(session, preview, progress)


def write_votes(session: Session, preview: VotesPreview, progress: Progress = no_progress) -> str:
    """:func:`apply_votes` in a transaction the caller holds (no checkpoint)."""
    preview.require_ok()
    changes = {r.payload["nomination_id"]: r.payload["agree"] for r in preview.rows
               if r.outcome in (Outcome.NEW, Outcome.UPDATE)}
    ballots = {r.payload["nomination_id"]: r.payload["ballots"] for r in preview.rows if r.payload}
    progress(0, 1, "Đang ghi phiếu…")
    changed = set_votes(session, preview.session_id, changes, ballots) if changes else 0
    progress(1, 1, "Xong")
    return f"Đã ghi phiếu của {changed} đề nghị vào {preview.session_label} (từ {preview.path.name})."


def write_vote_sheet(db: Database, path: Path, session_id: int | None = None) -> Path:
    """An xlsx the secretary fills with the counts, then ``thidua council votes``."""
    with db.read() as session:
        return save_vote_sheet(session, path, session_id)


def save_vote_sheet(session: Session, path: Path, session_id: int | None = None,
                    progress: Progress = no_progress) -> Path:
    """:func:`write_vote_sheet` in a session the caller holds (the page's background work)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..xlsx import files as excel, printable as excel_print

    campaign = plan.current_campaign(session)
    s = get_session(session, session_id) if session_id else latest_session(session, campaign)
    groups = ballot_groups(session, campaign, s)
    existing = {v.nomination_id: v.agree for v in s.votes} if s is not None else {}
    label = nominations.session_label(s) if s is not None else "chưa có phiên họp"
    total = sum(len(g.rows) for g in groups)
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả phiếu"
    ws.append([f"KẾT QUẢ BIỂU QUYẾT — {label}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Ghi số phiếu đồng ý vào cột E rồi nhập bằng “thidua council votes TỆP” hoặc nút “Nhập phiếu từ Excel”."])
    headers = ["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Số phiếu đồng ý",
               "Số phiếu hợp lệ", "Cần tối thiểu"]
    ws.append(headers)
    for c in ws[3]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    i = 0
    for g in groups:
        for r in g.rows:
            i += 1
            progress(i, total, "Đang ghi bảng phiếu…")
            excel.write_row(ws, [i, r.name, r.where or r.group, g.title.name, existing.get(r.id), None, g.needed])
    for col, width in zip("ABCDEFG", (6, 32, 40, 30, 16, 16, 14)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    excel_print.setup_page(ws, (3, 3))
    return atomic.save_workbook(wb, Path(path))
