"""Các bước trong năm: the year's path from units to the report sent to the city,
each step with its state and one fact read from the data (issue 16, item 12).

Only what the data shows is claimed: a step the program cannot see (the report
leaving for the city) says so instead of guessing."""
from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.allocation import DEFAULT_ALLOCATION
from ..domain.awards import SUBJECTS
from ..domain.deadlines import deadline_status
from ..domain.evaluation import Status, registration_deadline
from ..domain.text import format_date, format_money
from ..storage.models import (
    Allocation, AwardTitle, BlockMembership, Campaign, Decision, EmulationBlock, IssuedDocument, Measure, Nomination, Person,
    PersonYear, Registration, Target, Unit, Vote,
)
from . import plan, settings, years
from .awards import council, decisions, scoring
from .results import evaluation as ev
from .results import reporting
from .safety.backup_status import BackupAge, backup_age


class State(str, enum.Enum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    LATE = "late"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {State.DONE: "Đã xong", State.IN_PROGRESS: "Đang làm", State.NOT_STARTED: "Chưa làm",
                State.LATE: "Trễ hạn", State.NOT_APPLICABLE: "Không áp dụng"}


# The window's page titles (gui/pages/__init__.py's PAGES; a test keeps them equal) and menu commands.
PAGE_TITLES = {"units": "Đơn vị, khối, cá nhân", "targets": "Chỉ tiêu và kết quả", "scoring": "Chấm điểm, xếp hạng",
               "awards": "Khen thưởng", "documents": "Văn bản", "audit": "Nhật ký, sao lưu", "settings": "Cài đặt"}
COMMAND_TITLES = {"close_year": "Tệp › Kết thúc năm…"}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: State
    fact: str
    page_id: str  # the page that does it ("" when a menu command does: ``command``)
    tab: str = ""  # the tab of that page, by its label
    deadline: dt.date | None = None
    deadline_text: str = ""  # "05/12/2026 — còn 1 ngày"
    command: str = ""  # a Tệp menu command instead of a page ("close_year")
    day_on_time: bool = False  # the deadline's named day still counts as on time

    @property
    def where(self) -> str:
        """Where the clerk does it, in the window's words."""
        if self.command:
            return COMMAND_TITLES[self.command]
        return " › ".join(w for w in (PAGE_TITLES[self.page_id], self.tab) if w)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "state": self.state.value, "state_label": self.state.label,
                "fact": self.fact, "deadline": self.deadline.isoformat() if self.deadline else None,
                "deadline_text": self.deadline_text, "page": self.page_id, "tab": self.tab, "command": self.command,
                "where": self.where}


@dataclass(frozen=True)
class YearSteps:
    year: int
    ward_name: str
    today: dt.date
    steps: list[Step]

    @property
    def next_step(self) -> Step | None:
        """The first step not done (a late one counts as not done)."""
        return next((s for s in self.steps if s.state in (State.IN_PROGRESS, State.NOT_STARTED, State.LATE)), None)

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "ward": self.ward_name, "today": self.today.isoformat(),
                "next": self.next_step.key if self.next_step else None,
                "steps": [s.as_json() for s in self.steps]}


def year_steps(session: Session, backup: BackupAge, today: dt.date | None = None) -> YearSteps:
    """The steps of the current year as they stand on ``today``; ``backup`` is
    :func:`services.safety.backup_status.backup_age` of the database."""
    today = today or dt.date.today()
    campaign = plan.current_campaign(session)
    units = _active_units(session)
    period = ev.main_period(campaign)
    picture = reporting.period_picture(session, campaign, period)
    status = replace(picture.status, today=today)  # lateness judged on ``today``
    steps = [
        _plan_step(campaign),
        _units_step(session, campaign, units),
        _people_step(session, campaign, units),
        _registration_step(session, campaign, units, today),
        _allocation_step(session, campaign, units),
        _results_step(status, period.name),
        _evaluation_step(picture.measures, status),
        _ranking_step(session, campaign, period),
        _nominations_step(session, campaign),
        _council_step(session, campaign, today),
        _decision_step(session, campaign),
        _papers_step(session, campaign),
        _report_step(session, campaign, today),
        _backup_step(backup),
        _close_step(session, campaign),
    ]
    return YearSteps(campaign.year, plan.ward(session).full_name, today, steps)


# --- helpers ---------------------------------------------------------------------------


def _names(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" và {len(names) - limit} đơn vị khác" if len(names) > limit else "")


def _due(deadline: dt.date | None, today: dt.date, day_on_time: bool = False) -> str:
    return deadline_status(deadline, today, day_on_time)[1] if deadline else ""


def _progress(done: int, passed: bool) -> State:
    """The state of a step begun ``done`` times and not finished."""
    if passed:
        return State.LATE
    return State.IN_PROGRESS if done else State.NOT_STARTED


def _active_units(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Unit.id, Unit.name).where(Unit.active.is_(True)).order_by(Unit.id)).all())


# --- the steps, in the year's order ------------------------------------------------------


def _plan_step(c: Campaign) -> Step:
    targets = len(c.targets)
    if c.number and c.issued_on:
        state, fact = State.DONE, f"Kế hoạch số {c.number} ngày {format_date(c.issued_on)}: {targets} chỉ tiêu."
    else:
        missing = " và ".join(w for w, v in (("số", c.number), ("ngày ban hành", c.issued_on)) if not v)
        state = State.IN_PROGRESS if (c.number or c.issued_on) else State.NOT_STARTED
        fact = f"Đã nạp kế hoạch năm {c.year} ({targets} chỉ tiêu); chưa ghi {missing} của kế hoạch phường."
    return Step("plan", "Nạp kế hoạch thi đua, ghi số và ngày", state, fact, "settings")


def _units_step(session: Session, c: Campaign, units: dict[int, str]) -> Step:
    title = "Nhập đơn vị và khối thi đua"
    if not units:
        return Step("units", title, State.NOT_STARTED, "Chưa có đơn vị nào.", "units", "Đơn vị")
    blocks = session.scalar(select(func.count(EmulationBlock.id)).where(EmulationBlock.campaign_id == c.id)) or 0
    placed = set(session.scalars(select(BlockMembership.unit_id).where(BlockMembership.campaign_id == c.id)))
    outside = [name for uid, name in units.items() if uid not in placed]
    fact = f"{len(units)} đơn vị, {blocks} khối thi đua"
    if not blocks:
        return Step("units", title, State.IN_PROGRESS, fact + "; chưa chia khối.", "units", "Khối thi đua")
    if outside:
        return Step("units", title, State.IN_PROGRESS, fact + f"; {len(outside)} đơn vị chưa thuộc khối nào: "
                    f"{_names(outside)}.", "units", "Khối thi đua")
    return Step("units", title, State.DONE, fact + "; mọi đơn vị đã thuộc một khối.", "units", "Đơn vị")


def _people_step(session: Session, c: Campaign, units: dict[int, str]) -> Step:
    people = session.scalar(select(func.count(Person.id)).where(Person.active.is_(True))) or 0
    if not people:
        return Step("people", "Nhập cá nhân", State.NOT_STARTED, "Chưa có cá nhân nào.", "units", "Cá nhân")
    with_people = session.scalar(select(func.count(func.distinct(Person.unit_id))).where(
        Person.active.is_(True), Person.unit_id.in_(units))) or 0
    rated = session.scalar(select(func.count(PersonYear.id)).where(
        PersonYear.campaign_id == c.id, PersonYear.rating != "")) or 0
    fact = (f"{people} cá nhân của {with_people}/{len(units)} đơn vị; "
            f"{rated} người có xếp loại năm {c.year}.")
    return Step("people", "Nhập cá nhân", State.DONE, fact, "units", "Cá nhân")


def _registration_step(session: Session, c: Campaign, units: dict[int, str], today: dt.date) -> Step:
    title = "Đăng ký thi đua"
    deadline = registration_deadline(settings.get(session, "registration.deadline"), c.year)
    dates = dict(session.execute(select(Registration.unit_id, Registration.registered_on)
                                 .where(Registration.campaign_id == c.id)).all())
    step = Step("registrations", title, State.NOT_STARTED, "", "units", "Đăng ký thi đua", deadline,
                _due(deadline, today, day_on_time=True),  # registration: the named day is on time
                day_on_time=True)
    if not units:
        return replace(step, fact="Chưa có đơn vị nào để đăng ký.")
    done = [uid for uid in units if uid in dates]
    missing = [name for uid, name in units.items() if uid not in dates]
    fact = f"{len(done)}/{len(units)} đơn vị đã đăng ký thi đua"
    after = sum(1 for uid in done if deadline and dates[uid] and dates[uid] > deadline)
    if after:
        fact += f" ({after} đăng ký sau hạn)"
    if not missing:
        return replace(step, state=State.DONE, fact=fact + ".")
    passed = deadline is not None and today > deadline
    return replace(step, state=_progress(len(done), passed), fact=fact + f"; còn {len(missing)}: {_names(missing)}.")


def _allocation_step(session: Session, c: Campaign, units: dict[int, str]) -> Step:
    """Units carry the targets the default allocation gives their kind; a unit of a kind
    that carries none (an association scored on its block's criteria only) is not a gap."""
    step = Step("allocations", "Giao chỉ tiêu cho đơn vị", State.NOT_STARTED, "", "targets", "Giao cho đơn vị")
    codes = {m.code for t in c.targets for m in t.measures}
    if not codes or not units:
        return replace(step, fact="Kế hoạch chưa có chỉ tiêu nào để giao." if not codes
                       else "Chưa có đơn vị nào để giao chỉ tiêu.")
    given = Counter(session.scalars(select(Allocation.unit_id).join(Measure).join(Target)
                                    .where(Target.campaign_id == c.id)))
    kinds = dict(session.execute(select(Unit.id, Unit.kind).where(Unit.id.in_(units))).all())
    due = {uid for uid, name in units.items()
           if any(r.measure_code in codes and r.applies_to(kinds[uid], name) for r in DEFAULT_ALLOCATION)}
    carrying = [uid for uid in units if given[uid]]
    missing = [name for uid, name in units.items() if uid in due and not given[uid]]
    fact = f"{len(carrying)} đơn vị đã được giao chỉ tiêu ({sum(given.values())} lượt giao)"
    free = len(units) - len(due | set(carrying))
    if free:
        fact += f"; {free} đơn vị không mang chỉ tiêu nào theo cách giao mặc định (chấm theo tiêu chí của khối)"
    if not missing:
        return replace(step, state=State.DONE, fact=fact + ".")
    return replace(step, state=_progress(len(carrying), False),
                   fact=fact + f"; còn {len(missing)} đơn vị chưa được giao: {_names(missing)}.")


def _results_step(status: reporting.ReportingStatus, period_name: str) -> Step:
    step = Step("results", "Các đơn vị báo cáo kết quả", State.NOT_STARTED, "", "targets", "Nhập kết quả",
                status.deadline, _due(status.deadline, status.today, status.deadline_day_on_time),
                day_on_time=status.deadline_day_on_time)
    if not status.expected:
        return replace(step, fact="Chưa có đơn vị nào phải báo cáo kết quả.")
    reported, missing = status.reported, status.not_reported
    fact = f"{len(reported)}/{status.expected} đơn vị đã báo cáo kết quả {period_name.lower()}"
    late = [u for u in reported if u.late]
    if late:
        fact += f" ({len(late)} báo cáo trễ)"
    if not missing:
        return replace(step, state=State.DONE, fact=fact + ".")
    return replace(step, state=_progress(len(reported), status.deadline_passed),
                   fact=fact + f"; còn {len(missing)}: {_names([u.name for u in missing])}.")


EVALUATION_WORDS = {Status.EXCEEDED: "vượt", Status.MET: "đạt", Status.NOT_MET: "không đạt",
                    Status.NO_DATA: "chưa đủ dữ liệu"}


def _evaluation_step(measures: list[ev.MeasureResult], status: reporting.ReportingStatus) -> Step:
    step = Step("evaluation", "Đánh giá kết quả thực hiện chỉ tiêu", State.NOT_STARTED, "", "targets", "Đánh giá")
    if not measures or not status.reported:
        return replace(step, fact="Chưa có kết quả nào để đánh giá.")
    counts = Counter(m.status for m in measures)
    words = ", ".join(f"{counts[st]} {label}" for st, label in EVALUATION_WORDS.items() if counts[st])
    fact = f"{len(measures)} mục chỉ tiêu toàn phường: {words}"
    incomplete = status.incomplete
    if incomplete:
        fact += f"; {len(incomplete)} đơn vị báo cáo còn thiếu mục"
    done = not counts[Status.NO_DATA] and not incomplete and not status.not_reported
    return replace(step, state=State.DONE if done else State.IN_PROGRESS, fact=fact + ".")


def _ranking_step(session: Session, c: Campaign, period) -> Step:
    ranked = scoring.rankings(session, c, period)
    ward = ranked.ward
    step = Step("ranking", "Chấm điểm, xếp hạng", State.NOT_STARTED, "", "scoring")
    in_blocks = sum(len(b.ranking.entries) for b in ranked.blocks)
    if not in_blocks:
        return replace(step, fact="Chưa có đơn vị nào trong khối để xếp hạng.")
    fact = f"{in_blocks} đơn vị trong {len(ranked.blocks)} khối"
    if ward.unassigned:
        fact += f"; {len(ward.unassigned)} đơn vị chưa thuộc khối nào không được xếp"
    if ward.provisional:
        return replace(step, state=State.IN_PROGRESS, fact=f"Xếp hạng tạm thời: {fact}; còn {len(ward.missing)} "
                       f"đơn vị chưa báo cáo.")
    return replace(step, state=State.DONE, fact=f"Xếp hạng chính thức: {fact}.")


def _nominations_step(session: Session, c: Campaign) -> Step:
    rows = session.execute(select(Nomination.subject, Nomination.status).where(Nomination.campaign_id == c.id)).all()
    active = Counter(subject for subject, status in rows if status != "withdrawn")
    withdrawn = len(rows) - sum(active.values())
    step = Step("nominations", "Nhập đề nghị khen thưởng", State.NOT_STARTED, "", "awards", "Đề nghị khen thưởng")
    if not rows:
        return replace(step, fact="Chưa có đề nghị khen thưởng nào.")
    parts = ", ".join(f"{active[s]} {label.lower()}" for s, label in SUBJECTS.items() if active[s])
    fact = f"{sum(active.values())} đề nghị" + (f" ({parts})" if parts else "")
    if withdrawn:
        fact += f"; {withdrawn} đã rút"
    return replace(step, state=State.DONE, fact=fact + ".")


def _council_step(session: Session, c: Campaign, today: dt.date) -> Step:
    step = Step("council", "Họp Hội đồng, kiểm phiếu", State.NOT_STARTED, "", "awards", "Hội đồng, bỏ phiếu")
    meetings = council.sessions(session, c)
    if not meetings:
        return replace(step, fact="Chưa có phiên họp Hội đồng Thi đua - Khen thưởng nào.")
    last = meetings[-1]
    when = f" ngày {format_date(last.held_at.date())}" if last.held_at else " (chưa ghi ngày họp)"
    held = last.held_at is not None and last.held_at.date() <= today
    fact = f"{len(meetings)} phiên họp; gần nhất số {last.number or '(chưa ghi số)'}{when}"
    if last.held_at and not held:
        fact += " (chưa tới ngày họp)"
    needing = set(session.scalars(select(Nomination.id).join(AwardTitle, Nomination.title_id == AwardTitle.id).where(
        Nomination.campaign_id == c.id, Nomination.status != "withdrawn", AwardTitle.needs_ballot.is_(True))))
    counted = needing & set(session.scalars(select(Vote.nomination_id).where(
        Vote.session_id.in_([m.id for m in meetings]))))
    if needing:
        fact += f"; đã kiểm phiếu {len(counted)}/{len(needing)} đề nghị cần bỏ phiếu"
    done = held and counted == needing
    return replace(step, state=State.DONE if done else State.IN_PROGRESS, fact=fact + ".")


def _decision_step(session: Session, c: Campaign) -> Step:
    step = Step("decision", "Ghi quyết định khen thưởng, tiền thưởng", State.NOT_STARTED, "", "awards",
                "Danh sách cuối, quyết định")
    found = list(session.scalars(select(Decision).where(Decision.campaign_id == c.id).order_by(Decision.id)))
    if not found:
        return replace(step, fact="Chưa ghi quyết định khen thưởng nào.")
    awarded = session.scalar(select(func.count(Nomination.id)).where(
        Nomination.campaign_id == c.id, Nomination.decision_id.is_not(None))) or 0
    prize = sum(decisions.total_prize(session, d) for d in found)
    fact = (f"{len(found)} văn bản ({', '.join(d.number for d in found)}): {awarded} đề nghị đã vào quyết định, "
            f"tiền thưởng {format_money(prize)} đồng")
    pending = session.scalar(select(func.count(Nomination.id)).where(
        Nomination.campaign_id == c.id, Nomination.status == "proposed", Nomination.decision_id.is_(None))) or 0
    reopened = [d.number for d in found if not d.frozen]
    if pending:
        fact += f"; còn {pending} đề nghị chưa có quyết định"
    if reopened:
        fact += f"; đang mở lại để sửa: {', '.join(reopened)}"
    return replace(step, state=State.IN_PROGRESS if pending or reopened else State.DONE, fact=fact + ".")


# The register's papers of the year, in the order they are made, as a sentence names them.
PAPERS = {"minutes": "biên bản họp Hội đồng", "decision": "quyết định khen thưởng", "year-end": "báo cáo năm"}


def _issued(session: Session, c: Campaign) -> dict[str, IssuedDocument]:
    """The newest registered paper of each kind for the year."""
    rows = session.scalars(select(IssuedDocument).where(IssuedDocument.campaign_id == c.id)
                           .order_by(IssuedDocument.created_at, IssuedDocument.id))
    return {row.kind: row for row in rows}


def _paper(row: IssuedDocument) -> str:
    return f"{PAPERS[row.kind]} số {row.number or '(chưa có số)'}" + (f" ngày {format_date(row.dated)}" if row.dated else "")


def _papers_step(session: Session, c: Campaign) -> Step:
    issued = _issued(session, c)
    made = [_paper(issued[k]) for k in PAPERS if k in issued]
    missing = [words for k, words in PAPERS.items() if k not in issued]
    fact = ("Đã lập: " + "; ".join(made) + ". ") if made else ""
    if missing:
        fact += "Chưa lập: " + ", ".join(missing) + ". "
    fact += "Danh sách khen thưởng không vào sổ văn bản nên chương trình không biết đã in hay chưa."
    state = State.DONE if not missing else (State.IN_PROGRESS if made else State.NOT_STARTED)
    return Step("papers", "Lập biên bản, quyết định, danh sách, báo cáo năm", state, fact, "documents")


def _report_step(session: Session, c: Campaign, today: dt.date) -> Step:
    deadline = c.ward_deadline
    # "trước ngày 15/12" read as the units' deadline is: the day itself is late unless the setting says otherwise
    day_counts = bool(settings.get(session, "results.deadline_day_on_time"))
    passed = deadline is not None and (today > deadline if day_counts else today >= deadline)
    report = _issued(session, c).get("year-end")
    step = Step("report", "Gửi báo cáo năm cho thành phố", State.NOT_STARTED, "", "documents", "", deadline,
                _due(deadline, today, day_counts), day_on_time=day_counts)
    if report is None:
        return replace(step, state=State.LATE if passed else State.NOT_STARTED,
                       fact="Chưa lập báo cáo kết quả thực hiện Kế hoạch thi đua năm.")
    return replace(step, state=State.IN_PROGRESS,
                   fact=f"Đã lập {_paper(report)}. Việc gửi đi chương trình không ghi nhận được: "
                        "hãy tự kiểm tra với văn thư.")


def _backup_step(backup: BackupAge) -> Step:
    step = Step("backup", "Sao lưu dữ liệu", State.NOT_STARTED, "", "audit", "Sao lưu và phục hồi")
    if backup.server:
        return replace(step, state=State.NOT_APPLICABLE,
                       fact="Dữ liệu nằm trên máy chủ: người quản trị máy chủ sao lưu.")
    if backup.made is None:
        return replace(step, fact="Chưa có bản sao lưu nào.")
    fact = f"Bản sao lưu gần nhất lúc {backup.made:%H:%M %d/%m/%Y} ({backup.described})"
    if backup.age is not None and backup.age > dt.timedelta(hours=backup.max_age_hours):
        return replace(step, state=State.LATE, fact=fact + f", cũ hơn {backup.max_age_hours} giờ.")
    return replace(step, state=State.DONE, fact=fact + ".")


def _close_step(session: Session, c: Campaign) -> Step:
    step = Step("close", f"Kết thúc năm {c.year}", State.NOT_STARTED, "", "", command="close_year")
    if c.closed_at is not None:
        by = f" ({c.closed_by})" if c.closed_by else ""
        return replace(step, state=State.DONE, fact=f"Đã kết thúc lúc {c.closed_at:%H:%M %d/%m/%Y}{by}.")
    gaps = years.gaps(session, c.year)
    if not gaps:
        return replace(step, fact="Chưa kết thúc. Kiểm tra khi kết thúc năm không thấy việc dang dở "
                                  "(kết quả cả năm, đề nghị, quyết định, số văn bản).")
    return replace(step, fact=f"Chưa kết thúc; còn {len(gaps)} việc: " + " ".join(gaps))


def year_steps_of(db) -> YearSteps:
    """:func:`year_steps` of the database with its backup's age (a look at the backup
    folder), both in the caller's thread: the window's page reads them in a worker."""
    backup = backup_age(db)
    with db.read() as session:
        return year_steps(session, backup)
