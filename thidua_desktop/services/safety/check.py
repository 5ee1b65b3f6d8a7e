"""Kiểm tra dữ liệu: is the database whole, and does it obey the app's own rules?

Like calibre's ``check_library``: find and report, never repair silently. Three
layers, each a list of :class:`Finding`:

1. the file: SQLite ``integrity_check`` and ``foreign_key_check``, and the
   schema version;
2. the records: names and their keys, emulation blocks, results, nominations,
   votes, decisions, settings and accounts (each rule below says what it
   protects);
3. nothing here writes: the GUI and ``thidua check`` call :func:`run_checks`
   and show the report.

An error means the data is wrong and something that reads it may give a wrong
answer; a warning is something a clerk should look at.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ...domain import settings as declared
from ...domain.roles import Role
from ...domain.text import unique_key
from ...errors import UserError
from ...storage import audit_chain, schema
from ...storage.database import Database
from ...storage.migrate import current_revision, head_revision, is_known_revision
from ...storage.models import (
    Account,
    BlockMembership,
    CouncilSession,
    Criterion,
    Decision,
    EmulationBlock,
    Measure,
    Nomination,
    Period,
    Person,
    Result,
    Setting,
    Target,
    Unit,
    Vote,
)
from ..progress import Progress, no_progress
from .audit_log import describe_broken_entry

ERROR, WARNING = "error", "warning"
MAX_PER_RULE = 200  # findings listed per rule (the count is always complete)


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    entity: str = ""
    entity_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "entity": self.entity, "entity_id": self.entity_id}


@dataclass
class CheckReport:
    database: str
    findings: list[Finding] = field(default_factory=list)
    rules_run: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # findings per rule, including those not listed

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.findings:
            return f"Dữ liệu tốt: đã kiểm tra {len(self.rules_run)} quy tắc, không thấy lỗi nào."
        n_err = sum(n for (rule, sev), n in self.counts.items() if sev == ERROR)
        n_warn = sum(n for (rule, sev), n in self.counts.items() if sev == WARNING)
        parts = []
        if n_err:
            parts.append(f"{n_err} lỗi")
        if n_warn:
            parts.append(f"{n_warn} điều cần xem lại")
        return f"Đã kiểm tra {len(self.rules_run)} quy tắc: " + ", ".join(parts) + "."

    def lines(self) -> list[str]:
        out = [self.summary()]
        for f in self.findings:
            tag = "LỖI" if f.severity == ERROR else "Xem lại"
            out.append(f"[{tag}] {f.message}")
        listed = Counter((f.rule, f.severity) for f in self.findings)
        for key, total in self.counts.items():
            if total > listed[key]:
                out.append(f"… và {total - listed[key]} trường hợp khác cùng loại ({key[0]}).")
        return out

    def as_json(self) -> dict[str, Any]:
        return {"database": self.database, "ok": self.ok, "summary": self.summary(),
                "rules": self.rules_run, "findings": [f.as_json() for f in self.findings],
                "counts": {f"{rule}:{sev}": n for (rule, sev), n in self.counts.items()}}


class _Collector:
    def __init__(self, report: CheckReport):
        self.report = report
        self.rule = ""

    def __call__(self, message: str, entity: str = "", entity_id: int | None = None,
                 severity: str = ERROR) -> None:
        key = (self.rule, severity)
        self.report.counts[key] += 1
        if self.report.counts[key] <= MAX_PER_RULE:
            self.report.findings.append(Finding(self.rule, severity, message, entity, entity_id))


Rule = Callable[[Session, _Collector], None]
RULES: list[tuple[str, str, Rule]] = []


def rule(code: str, title: str):
    def register(fn: Rule) -> Rule:
        RULES.append((code, title, fn))
        return fn
    return register


# --- the file ----------------------------------------------------------------------


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


@rule("sqlite.integrity", "Tệp cơ sở dữ liệu nguyên vẹn")
def _integrity(session: Session, found: _Collector) -> None:
    if not _is_sqlite(session):
        return
    rows = [r[0] for r in session.execute(text("PRAGMA integrity_check(100)"))]
    if rows != ["ok"]:
        for line in rows:
            found(f"Tệp cơ sở dữ liệu bị hỏng: {line}. Hãy phục hồi từ bản sao lưu gần nhất.")


@rule("sqlite.foreign_keys", "Mọi liên kết giữa các bảng trỏ tới bản ghi có thật")
def _foreign_keys(session: Session, found: _Collector) -> None:
    if not _is_sqlite(session):
        return
    from .audit_log import entity_label

    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        found(f"{entity_label(table)} số {rowid} trỏ tới {entity_label(parent).lower()} không còn tồn tại.",
              table, rowid)


# --- names -------------------------------------------------------------------------


def _check_keys(found: _Collector, rows: Iterable[tuple[int, str, str]], entity: str, what: str) -> None:
    for row_id, name, key in rows:
        if key != unique_key(name):
            found(f"{what} “{name}” (số {row_id}): khóa so trùng tên không khớp với tên "
                  f"(“{key}”); tìm kiếm và chống trùng tên sẽ sai.", entity, row_id)


@rule("names.key", "Khóa chống trùng tên khớp với tên (đơn vị, khối, cá nhân)")
def _name_keys(session: Session, found: _Collector) -> None:
    _check_keys(found, session.execute(select(Unit.id, Unit.name, Unit.name_key)), "unit", "Đơn vị")
    _check_keys(found, session.execute(select(EmulationBlock.id, EmulationBlock.name, EmulationBlock.name_key)),
                "emulation_block", "Khối thi đua")
    _check_keys(found, session.execute(select(Person.id, Person.full_name, Person.name_key)), "person", "Cá nhân")


@rule("names.blank", "Không có đơn vị, khối, cá nhân không tên")
def _blank_names(session: Session, found: _Collector) -> None:
    for model, column, entity, what in ((Unit, Unit.name, "unit", "Đơn vị"),
                                        (EmulationBlock, EmulationBlock.name, "emulation_block", "Khối thi đua"),
                                        (Person, Person.full_name, "person", "Cá nhân")):
        for (row_id,) in session.execute(select(model.id).where(column.is_(None) | (func.trim(column) == ""))):
            found(f"{what} số {row_id} không có tên.", entity, row_id)


# --- blocks ------------------------------------------------------------------------


@rule("blocks.one_per_year", "Mỗi đơn vị thuộc nhiều nhất một khối trong một năm")
def _one_block(session: Session, found: _Collector) -> None:
    blocks = {b.id: b for b in session.scalars(select(EmulationBlock))}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    seen: dict[tuple[int, int], list[int]] = defaultdict(list)
    for m in session.scalars(select(BlockMembership)):
        block = blocks.get(m.block_id)
        if block is not None and block.campaign_id != m.campaign_id:
            found(f"Đơn vị “{units.get(m.unit_id, m.unit_id)}” được xếp vào khối “{block.name}” "
                  "của một năm khác với năm ghi trên bản ghi.", "block_membership", m.id)
        seen[(m.campaign_id, m.unit_id)].append(m.block_id)
    for (campaign_id, unit_id), block_ids in seen.items():
        if len(block_ids) > 1:
            names = ", ".join(f"“{blocks[b].name}”" for b in block_ids if b in blocks)
            found(f"Đơn vị “{units.get(unit_id, unit_id)}” thuộc nhiều khối trong cùng một năm: {names}.",
                  "unit", unit_id)


@rule("blocks.leaders", "Trưởng khối và phó khối là thành viên của khối")
def _leaders(session: Session, found: _Collector) -> None:
    members = defaultdict(set)
    for block_id, unit_id in session.execute(select(BlockMembership.block_id, BlockMembership.unit_id)):
        members[block_id].add(unit_id)
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    for block in session.scalars(select(EmulationBlock)):
        for unit_id, role in ((block.leader_unit_id, "trưởng khối"), (block.deputy_unit_id, "phó khối")):
            if unit_id is not None and unit_id not in members[block.id]:
                found(f"Khối “{block.name}”: đơn vị {role} “{units.get(unit_id, unit_id)}” không thuộc khối.",
                      "emulation_block", block.id, WARNING)


# --- results -----------------------------------------------------------------------


@rule("results.reference", "Kết quả gắn đúng một tiêu chí đo hoặc tiêu chí của khối, cùng năm với kỳ báo cáo")
def _result_refs(session: Session, found: _Collector) -> None:
    period_campaign = dict(session.execute(select(Period.id, Period.campaign_id)).all())
    measure_campaign = dict(session.execute(
        select(Measure.id, Target.campaign_id).join(Target, Measure.target_id == Target.id)).all())
    criterion_campaign = dict(session.execute(
        select(Criterion.id, EmulationBlock.campaign_id).join(EmulationBlock, Criterion.block_id == EmulationBlock.id)).all())
    for r in session.execute(select(Result.id, Result.period_id, Result.measure_id, Result.criterion_id)):
        if (r.measure_id is None) == (r.criterion_id is None):
            found(f"Kết quả số {r.id} phải gắn với đúng một chỉ tiêu hoặc một tiêu chí.", "result", r.id)
            continue
        year_of_period = period_campaign.get(r.period_id)
        if r.measure_id is not None:
            owner = measure_campaign.get(r.measure_id)
        else:
            owner = criterion_campaign.get(r.criterion_id)
        if owner is not None and year_of_period is not None and owner != year_of_period:
            found(f"Kết quả số {r.id} thuộc kỳ báo cáo của một kế hoạch khác với chỉ tiêu của nó.",
                  "result", r.id)


@rule("results.values", "Tử số không lớn hơn mẫu số; số liệu không âm; tỷ lệ trong 0–100%")
def _result_values(session: Session, found: _Collector) -> None:
    measures = {m.id: m for m in session.scalars(select(Measure))}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    rows = session.execute(select(Result.id, Result.unit_id, Result.measure_id, Result.value, Result.numerator,
                                  Result.denominator, Result.current_amount, Result.previous_amount))
    for r in rows:
        m = measures.get(r.measure_id)
        where = (f"chỉ tiêu ({m.code})" if m else "tiêu chí") + (
            f", đơn vị “{units.get(r.unit_id, r.unit_id)}”" if r.unit_id else ", toàn phường")
        for name, value in (("Tử số", r.numerator), ("Mẫu số", r.denominator)):
            if value is not None and value < 0:
                found(f"Kết quả {where}: {name.lower()} âm ({value:g}).", "result", r.id)
        if r.numerator is not None and r.denominator is not None:
            if r.denominator == 0:
                found(f"Kết quả {where}: mẫu số bằng 0.", "result", r.id)
            elif r.numerator > r.denominator:
                found(f"Kết quả {where}: tử số ({r.numerator:g}) lớn hơn mẫu số ({r.denominator:g}).",
                      "result", r.id)
        if m is not None and m.kind == "rate" and r.value is not None and not 0 <= r.value <= 100:
            found(f"Kết quả {where}: tỷ lệ {r.value:g}% nằm ngoài 0–100%.", "result", r.id, WARNING)
        if m is not None and m.kind == "count" and r.value is not None and r.value < 0:
            found(f"Kết quả {where}: số lượng âm ({r.value:g}).", "result", r.id)


# --- awards ------------------------------------------------------------------------


@rule("nominations.subject", "Đề nghị khen thưởng trỏ tới đúng đối tượng (tập thể, cá nhân, hộ gia đình)")
def _nomination_subjects(session: Session, found: _Collector) -> None:
    for n in session.execute(select(Nomination.id, Nomination.subject, Nomination.unit_id,
                                    Nomination.person_id, Nomination.household_name)):
        if n.subject == "unit" and n.unit_id is None:
            found(f"Đề nghị khen thưởng số {n.id} cho tập thể nhưng không ghi đơn vị.", "nomination", n.id)
        elif n.subject == "person" and n.person_id is None:
            found(f"Đề nghị khen thưởng số {n.id} cho cá nhân nhưng không ghi người được đề nghị.",
                  "nomination", n.id)
        elif n.subject == "household" and not (n.household_name or "").strip():
            found(f"Đề nghị khen thưởng số {n.id} cho hộ gia đình nhưng không ghi tên hộ.", "nomination", n.id)
        elif n.subject not in ("unit", "person", "household"):
            found(f"Đề nghị khen thưởng số {n.id} có loại đối tượng lạ “{n.subject}”.", "nomination", n.id)


@rule("decisions.numbering", "Người, tập thể trong mỗi quyết định được đánh số 1, 2, … liên tục")
def _decision_numbers(session: Session, found: _Collector) -> None:
    seqs: dict[int, list[int | None]] = defaultdict(list)
    campaigns = dict(session.execute(select(Decision.id, Decision.campaign_id)).all())
    numbers = dict(session.execute(select(Decision.id, Decision.number)).all())
    for n in session.execute(select(Nomination.id, Nomination.decision_id, Nomination.decision_seq,
                                    Nomination.campaign_id).where(Nomination.decision_id.is_not(None))):
        seqs[n.decision_id].append(n.decision_seq)
        if campaigns.get(n.decision_id) not in (None, n.campaign_id):
            found(f"Đề nghị khen thưởng số {n.id} nằm trong quyết định “{numbers.get(n.decision_id)}” "
                  "của một năm khác.", "nomination", n.id)
    for decision_id, values in seqs.items():
        given = sorted(v for v in values if v is not None)
        if len(given) != len(values) or given != list(range(1, len(values) + 1)):
            missing = len(values) - len(given)
            detail = f"{missing} người/tập thể chưa có số; " if missing else ""
            found(f"Quyết định “{numbers.get(decision_id, decision_id)}”: số thứ tự người được khen "
                  f"không liên tục từ 1 đến {len(values)} ({detail}hiện có: "
                  f"{', '.join(str(v) for v in given[:20]) or 'không có'}).", "decision", decision_id)


@rule("votes.counts", "Số phiếu đồng ý không vượt số phiếu hợp lệ và số thành viên Hội đồng")
def _votes(session: Session, found: _Collector) -> None:
    sessions = {s.id: s for s in session.scalars(select(CouncilSession))}
    nomination_campaign = dict(session.execute(select(Nomination.id, Nomination.campaign_id)).all())
    for v in session.scalars(select(Vote)):
        meeting = sessions.get(v.session_id)
        label = f"Phiếu bầu cho đề nghị số {v.nomination_id}" + (
            f" (phiên họp {meeting.number})" if meeting and meeting.number else "")
        if v.agree is None or v.agree < 0:
            found(f"{label}: số phiếu đồng ý không hợp lệ ({v.agree}).", "vote", v.id)
            continue
        if v.ballots is not None and v.agree > v.ballots:
            found(f"{label}: {v.agree} phiếu đồng ý nhiều hơn {v.ballots} phiếu hợp lệ.", "vote", v.id)
        if meeting is not None and meeting.members_total and v.agree > meeting.members_total:
            found(f"{label}: {v.agree} phiếu đồng ý nhiều hơn {meeting.members_total} thành viên Hội đồng.",
                  "vote", v.id)
        if meeting is not None and nomination_campaign.get(v.nomination_id) not in (None, meeting.campaign_id):
            found(f"{label}: đề nghị thuộc năm khác với phiên họp.", "vote", v.id)


# --- settings and accounts ---------------------------------------------------------


@rule("settings.valid", "Mọi thiết lập đã lưu đều hợp lệ")
def _settings(session: Session, found: _Collector) -> None:
    for s in session.scalars(select(Setting)):
        if s.key not in declared.REGISTRY:
            found(f"Thiết lập lạ “{s.key}” (có thể từ phiên bản khác); chương trình bỏ qua nó.",
                  "setting", None, WARNING)
            continue
        try:
            declared.validate(s.key, s.value)
        except UserError as exc:
            found(f"Thiết lập “{declared.REGISTRY[s.key].label}” có giá trị không hợp lệ "
                  f"({json.dumps(s.value, ensure_ascii=False)}): {exc.message}", "setting", None)


@rule("accounts.valid", "Tài khoản có vai trò hợp lệ, mật khẩu được băm, còn ít nhất một quản trị")
def _accounts(session: Session, found: _Collector) -> None:
    accounts = list(session.scalars(select(Account)))
    roles = {r.value for r in Role}
    for a in accounts:
        if a.role not in roles:
            found(f"Tài khoản “{a.username}” có vai trò lạ “{a.role}”; tài khoản này không đăng nhập được.",
                  "account", a.id)
        if not (a.password_hash or "").startswith("scrypt$"):
            found(f"Tài khoản “{a.username}” không có mật khẩu được băm đúng cách.", "account", a.id)
    if accounts and not any(a.role == Role.ADMIN.value and a.active for a in accounts):
        found("Không còn tài khoản quản trị nào đang dùng: không ai quản lý được tài khoản và cài đặt. "
              "Dùng lệnh “thidua accounts add … --role admin” trên máy này để tạo lại.", "account", None)


@rule("schema.objects", "Cấu trúc dữ liệu đúng như chương trình tạo (bảng, cột, chỉ mục; không có trigger, view lạ)")
def _schema_objects(session: Session, found: _Collector) -> None:
    if not _is_sqlite(session):
        return
    rows = session.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) != 1 or not is_known_revision(rows[0][0]):
        return  # the version rule says what is wrong
    expected = schema.expected_schema(rows[0][0])
    found_schema = schema.read_schema(lambda sql: session.execute(text(sql)).all())
    for difference in schema.differences(found_schema, expected):
        found(f"Cấu trúc dữ liệu: {difference}. Có thể tệp đã bị sửa ngoài chương trình; hãy phục hồi từ "
              "bản sao lưu gần nhất còn đúng.", "alembic_version")


@rule("audit.chain", "Nhật ký thay đổi nguyên vẹn (chuỗi mã kiểm tra không bị sửa, xóa, chèn ngoài chương trình)")
def _audit_chain(session: Session, found: _Collector) -> None:
    verdict = audit_chain.verify(session.connection())
    if verdict.broken is not None:
        found(f"Nhật ký thay đổi {describe_broken_entry(verdict.broken)}. Không sửa được tự động; "
              "hãy so với bản sao lưu gần nhất để biết điều gì đã bị đổi.", "audit_entry", verdict.broken.id)


def _trail_against_backups(db: Database, found: _Collector) -> None:
    """The chain's head each copy in the backup folder recorded must still be in the trail:
    this catches what the chain alone cannot (the newest entries removed, or the whole
    chain recomputed after an edit)."""
    from .backup import copies_the_trail_lost

    for copy in copies_the_trail_lost(db):
        found(f"Nhật ký thay đổi không còn chứa những mục mà bản sao lưu lúc {copy.made_at:%H:%M ngày %d/%m/%Y} "
              f"(“{copy.path.name}”) đã có: các mục đó đã bị xóa hoặc viết lại ngoài chương trình, hoặc tệp "
              "dữ liệu đã bị chép đè bằng một bản cũ. Hãy so với bản sao lưu đó.", "audit_entry")


def _schema(db: Database, found: _Collector) -> None:
    revision = current_revision(db)
    if revision != head_revision():
        found(f"Phiên bản dữ liệu là {revision}, chương trình cần {head_revision()}.", "alembic_version")


# --- running -----------------------------------------------------------------------


def run_checks(db: Database, progress: Progress = no_progress) -> CheckReport:
    """Run every rule; nothing is written."""
    report = CheckReport(db.display_name)
    found = _Collector(report)
    total = len(RULES) + 1
    found.rule = "schema.version"
    report.rules_run.append(found.rule)
    progress(0, total, "Đang kiểm tra phiên bản dữ liệu…")
    _unreadable(found, lambda: _schema(db, found))
    for i, (code, title, fn) in enumerate(RULES, start=1):
        progress(i, total, f"Đang kiểm tra: {title}…")
        found.rule = code
        report.rules_run.append(code)
        with db.read() as session:
            _unreadable(found, lambda: fn(session, found))
    found.rule = "audit.backups"
    report.rules_run.append(found.rule)
    _unreadable(found, lambda: _trail_against_backups(db, found))
    progress(total, total, "Xong")
    return report


def _unreadable(found: _Collector, run: Callable[[], None]) -> None:
    """A damaged file can make SQLite refuse to read a table at all: that is a finding too."""
    try:
        run()
    except DBAPIError as exc:
        reason = str(exc.orig or exc).splitlines()[0]
        found(f"Không đọc được dữ liệu để kiểm tra ({reason}): tệp cơ sở dữ liệu bị hỏng. "
              "Hãy phục hồi từ bản sao lưu gần nhất.")


def rule_titles() -> list[tuple[str, str]]:
    return [("schema.version", "Phiên bản dữ liệu đúng với chương trình"),
            *((code, title) for code, title, _ in RULES),
            ("audit.backups", "Nhật ký thay đổi còn chứa mọi mục mà các bản sao lưu đã ghi nhận")]
