"""Writing results: one cell, a pasted block, a unit's form — always one transaction.

Every function here works inside the caller's transaction (``db.transaction``
names who acts and why; the audit trail records each row change). A result
that already holds values keeps its earlier values in ``ResultHistory`` when
it is changed or cleared. Entering a unit's value marks the unit as having
reported for the period (``UnitReport``) unless it already had.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ...domain.results import SOURCES, ResultValues
from ...domain.text import clean, clean_multiline, fold, format_date, unique_key
from ...errors import ConcurrentChange, UserError
from ...storage import concurrency
from ...storage.models import Campaign, Period, Result, ResultHistory, Unit, UnitReport
from . import evaluation as ev
from ..xlsx.bulkwrite import insert_rows

VALUE_FIELDS = ("value", "numerator", "denominator", "current_amount", "previous_amount", "flag")


@dataclass(frozen=True)
class CellKey:
    """Which result: a unit's (or the ward's, ``unit_id`` None) measure or criterion."""

    unit_id: int | None
    kind: str  # evaluation.MEASURE or evaluation.CRITERION
    item_id: int

    @property
    def measure_id(self) -> int | None:
        return self.item_id if self.kind == ev.MEASURE else None

    @property
    def criterion_id(self) -> int | None:
        return self.item_id if self.kind == ev.CRITERION else None


KEEP = object()  # leave a note or evidence as it is


@dataclass
class CellChange:
    key: CellKey
    values: ResultValues | None | object = KEEP  # None clears the result's figures
    note: str | object = KEEP
    evidence: str | object = KEEP
    # The result's version the clerk's screen showed (0: no result yet; None: not known, as
    # for files read back): a save over another clerk's newer one is refused, not written.
    version: int | None = None


@dataclass
class ChangeSummary:
    new: int = 0
    updated: int = 0
    cleared: int = 0
    unchanged: int = 0
    history: int = 0
    units_reported: set[int] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return self.new + self.updated + self.cleared

    def text(self) -> str:
        parts = []
        if self.new:
            parts.append(f"{self.new} kết quả mới")
        if self.updated:
            parts.append(f"{self.updated} kết quả sửa")
        if self.cleared:
            parts.append(f"{self.cleared} kết quả xóa")
        if self.unchanged:
            parts.append(f"{self.unchanged} không đổi")
        return ", ".join(parts) or "không có thay đổi"


def snapshot(r: Result) -> dict:
    return {
        **{f: getattr(r, f) for f in VALUE_FIELDS},
        "note": r.note, "evidence": r.evidence, "source": r.source, "source_file": r.source_file,
        "reported_on": r.reported_on.isoformat() if r.reported_on else None,
        "updated_by": r.updated_by,
        "updated_at": r.updated_at.isoformat(sep=" ") if r.updated_at else None,
    }


def existing_rows(session: Session, period_id: int) -> dict[CellKey, Result]:
    """Every result of a period by its key (one query for a whole batch of changes)."""
    return _keyed(session.scalars(select(Result).where(Result.period_id == period_id)))


def rows_for(session: Session, period_id: int, keys: set[CellKey]) -> dict[CellKey, Result]:
    """The period's current rows for just ``keys`` (a typed cell, a pasted block):
    one query over the units concerned, not every result of the period."""
    unit_ids = [k.unit_id for k in keys if k.unit_id is not None]
    whose = Result.unit_id.in_(set(unit_ids))
    if any(k.unit_id is None for k in keys):
        whose = or_(whose, Result.unit_id.is_(None))
    rows = _keyed(session.scalars(select(Result).where(Result.period_id == period_id, whose)))
    return {k: r for k, r in rows.items() if k in keys}


def _keyed(results) -> dict[CellKey, Result]:
    rows = {}
    for r in results:
        if r.measure_id is not None:
            rows[CellKey(r.unit_id, ev.MEASURE, r.measure_id)] = r
        elif r.criterion_id is not None:
            rows[CellKey(r.unit_id, ev.CRITERION, r.criterion_id)] = r
    return rows


def apply_changes(session: Session, period: Period, changes: list[CellChange], source: str,
                  actor: str = "", source_file: str = "", reported_on: dt.date | None = None,
                  reason: str = "", existing: dict[CellKey, Result] | None = None) -> ChangeSummary:
    """Write ``changes`` for ``period``; the caller's transaction makes them one.

    ``existing`` may give the period's current rows (``{}`` when it has none);
    otherwise they are loaded in one query."""
    if existing is None:
        session.flush()
        existing = existing_rows(session, period.id)
    with ev.collector_paused():  # thousands of rows to write hold no cycles: no collection needed
        with session.no_autoflush:  # one flush at the end, not one per row
            summary = _apply(session, period, changes, source, actor, source_file, reported_on, reason,
                             existing)
        if summary.units_reported and source != "form":
            ensure_reported(session, period, summary.units_reported, reported_on or dt.date.today(), source,
                            source_file)
    return summary


def _check_version(session: Session, row: Result | None, shown: int) -> None:
    """Another clerk saved this cell since the screen showed it (several clerks on one server)."""
    if row is None:
        if shown:  # the result the screen showed has been cleared meanwhile
            raise ConcurrentChange("Kết quả này vừa được người khác xóa trong khi bạn đang sửa; việc vừa làm chưa "
                                   "được lưu. Hãy xem lại rồi nhập nếu cần.")
        return
    if shown == 0:  # the screen showed an empty cell, someone has filled it since
        raise concurrency.conflict(session.get_bind(), [("result", row.id)])
    concurrency.expect(row, shown)


def _apply(session: Session, period: Period, changes: list[CellChange], source: str, actor: str,
           source_file: str, reported_on: dt.date | None, reason: str,
           existing: dict[CellKey, Result]) -> ChangeSummary:
    summary = ChangeSummary()
    today = dt.date.today()
    actor = actor or session.info.get("actor", "")
    reason = reason or session.info.get("reason", "")
    # Rows new to the period (one per cell: callers send each cell once) are
    # written in bulk after the loop: a table of thousands of cells as ORM
    # objects costs several times the reading of the file.
    fresh: list[dict] = []
    for change in changes:
        key = change.key
        row = existing.get(key)
        if change.version is not None:
            _check_version(session, row, change.version)
        old_values = ev.values_of(row) if row is not None else None
        new_values = old_values if change.values is KEEP else change.values
        note = (row.note if row is not None else "") if change.note is KEEP else clean_multiline(change.note)
        evidence = (row.evidence if row is not None else "") if change.evidence is KEEP else clean(change.evidence)
        empty = new_values is None or new_values.empty
        if row is None:
            if empty and not note and not evidence:
                summary.unchanged += 1
                continue
            fresh.append(_new_row(period.id, key, new_values, note, evidence, source, source_file,
                                  reported_on or today, actor))
            summary.new += 1
        else:
            same_values = (old_values or ResultValues()) == (new_values or ResultValues())
            if same_values and note == row.note and evidence == row.evidence:
                summary.unchanged += 1
                continue
            had_values = old_values is not None and not old_values.empty
            if had_values or row.note or row.evidence:
                session.add(ResultHistory(
                    result_id=row.id, period_id=row.period_id, unit_id=row.unit_id,
                    measure_id=row.measure_id, criterion_id=row.criterion_id, snapshot=snapshot(row),
                    replaced_by=actor, reason=reason or SOURCES.get(source, source)))
                summary.history += 1
            if empty and not note and not evidence:
                session.delete(row)
                del existing[key]
                summary.cleared += 1
                continue
            _write(row, new_values, note, evidence,
                   source if not same_values else row.source,
                   source_file if not same_values else row.source_file,
                   (reported_on or today) if not same_values else row.reported_on, actor)
            if empty and had_values:
                summary.cleared += 1
            else:
                summary.updated += 1
        if key.unit_id is not None and not empty:
            summary.units_reported.add(key.unit_id)
    insert_rows(session, Result.__table__, fresh)
    return summary


def _new_row(period_id: int, key: CellKey, values: ResultValues | None, note: str, evidence: str, source: str,
             source_file: str, reported_on: dt.date, actor: str) -> dict:
    """The columns of a new result, as :func:`_write` sets them on a row."""
    values = values or ResultValues()
    row = {"period_id": period_id, "unit_id": key.unit_id, "measure_id": key.measure_id,
           "criterion_id": key.criterion_id}
    row.update((f, getattr(values, f)) for f in VALUE_FIELDS)
    row.update(note=note, evidence=evidence, source=source, source_file=source_file, reported_on=reported_on,
               updated_by=actor)
    return row


def _write(row: Result, values: ResultValues | None, note: str, evidence: str, source: str,
           source_file: str, reported_on: dt.date | None, actor: str) -> None:
    values = values or ResultValues()
    for f in VALUE_FIELDS:
        new = getattr(values, f)
        if getattr(row, f) != new:
            setattr(row, f, new)
    row.note = note
    row.evidence = evidence
    row.source = source
    row.source_file = source_file
    row.reported_on = reported_on
    row.updated_by = actor


def ensure_reported(session: Session, period: Period, unit_ids: set[int], reported_on: dt.date,
                    source: str, source_file: str = "") -> None:
    """Record that the units have reported for the period (a report already
    recorded is kept); one query for the reports already there, whatever the
    number of units. The new reports are written in bulk, audited as the ORM
    would, after the pending changes are flushed (the audit trail keeps the
    order it had when the reports went in with the next flush)."""
    session.flush()
    recorded = set(session.scalars(select(UnitReport.unit_id).where(UnitReport.period_id == period.id)))
    insert_rows(session, UnitReport.__table__, [
        {"period_id": period.id, "unit_id": unit_id, "reported_on": reported_on, "source": source,
         "source_file": source_file, "note": ""} for unit_id in sorted(unit_ids - recorded)])


def set_report(session: Session, period: Period, unit_id: int, reported_on: dt.date | None,
               source: str = "manual", source_file: str = "", note: str | None = None) -> None:
    """Set (or with ``reported_on`` None, remove) a unit's report for the period."""
    report = session.scalar(select(UnitReport).where(UnitReport.period_id == period.id,
                                                     UnitReport.unit_id == unit_id))
    if reported_on is None:
        if report is not None:
            session.delete(report)
        return
    if report is None:
        report = UnitReport(period_id=period.id, unit_id=unit_id)
        session.add(report)
    report.reported_on = reported_on
    report.source = source
    report.source_file = source_file
    if note is not None:
        report.note = clean_multiline(note)


def history(session: Session, period_id: int, key: CellKey) -> list[ResultHistory]:
    """Earlier values of one result, newest first."""
    query = select(ResultHistory).where(ResultHistory.period_id == period_id)
    query = query.where(ResultHistory.unit_id.is_(None) if key.unit_id is None
                        else ResultHistory.unit_id == key.unit_id)
    if key.kind == ev.MEASURE:
        query = query.where(ResultHistory.measure_id == key.item_id)
    else:
        query = query.where(ResultHistory.criterion_id == key.item_id)
    return list(session.scalars(query.order_by(ResultHistory.replaced_at.desc(), ResultHistory.id.desc())))


# --- finding units, items and periods by what a clerk types ------------------

WARD_WORDS = {"toan phuong", "phuong", "ca phuong", "toan dia ban", "dia ban phuong", "ward", "tp"}


def is_ward(text: object) -> bool:
    return _ward_key(fold(text))


def _ward_key(key: str) -> bool:
    return key in WARD_WORDS or key.startswith("toan phuong") or key.startswith("phuong ")


def find_unit(units: list[Unit], text: str) -> Unit:
    """The unit named ``text`` (ignoring case, spacing, accents if unambiguous)."""
    return UnitFinder(units).find(text)


class UnitFinder:
    """:func:`find_unit` over the same units many times: the keys of every
    unit are computed once, so a table of thousands of rows looks each name up
    in a dictionary instead of scanning every unit."""

    def __init__(self, units: list[Unit]):
        self._exact: dict[str, Unit] = {}
        self._loose: dict[str, list[Unit]] = {}
        self._folded: list[tuple[str, Unit]] = []
        keys = []
        for u in units:  # the first unit in order wins, as the scan did
            key, folded = unique_key(u.name), fold(u.name)
            self._exact.setdefault(u.name_key, u)
            self._exact.setdefault(key, u)
            self._loose.setdefault(folded, []).append(u)
            self._folded.append((folded, u))
            keys.append((u.name, key, folded))
        # A name typed exactly as stored (most rows of a table): its keys are known,
        # so are the answers of is_ward and find.
        self._named: dict[str, Unit | None] = {}
        for name, key, folded in keys:
            self._named.setdefault(name, None if _ward_key(folded) else self._exact[key])

    def unit_or_ward(self, text: str) -> Unit | None:
        """:meth:`find`, or None when ``text`` names the ward itself (:func:`is_ward`)."""
        if text in self._named:
            return self._named[text]
        return None if is_ward(text) else self.find(text)

    def find(self, text: str) -> Unit:
        found = self._exact.get(unique_key(text))
        if found is not None:
            return found
        folded = fold(text)
        loose = self._loose.get(folded, [])
        if len(loose) == 1:
            return loose[0]
        partial = [u for name, u in self._folded if folded and folded in name]
        if len(partial) == 1:
            return partial[0]
        if len(partial) > 1:
            names = ", ".join(f"“{u.name}”" for u in partial[:5])
            raise UserError(f"“{clean(text)}” trùng với nhiều đơn vị: {names}. Hãy ghi đủ tên.")
        raise UserError(f"Không có đơn vị “{clean(text)}”.")


def find_item(items: list[ev.Item], text: object) -> ev.Item:
    """An item by measure or criterion code (``8``, ``(8)``, ``6a``, ``TC01``) or by its text."""
    raw, code = _typed_code(text)
    for item in items:
        if _fold(item.code) == code:
            return item
    single = [i for i in items if i.kind == ev.MEASURE and _fold(i.target_code) == code]
    if len(single) == 1:
        return single[0]
    if len(single) > 1:
        codes = ", ".join(i.code for i in single)
        raise UserError(f"Chỉ tiêu ({raw.strip('()')}) có nhiều tiêu chí đo ({codes}); hãy ghi mã tiêu chí đo.")
    folded = _fold(raw)
    exact = [i for i in items if _fold(i.label) == folded]
    if len(exact) == 1:
        return exact[0]
    partial = [i for i in items if len(folded) >= 6 and folded in _fold(i.label)]
    if len(partial) == 1:
        return partial[0]
    raise UserError(f"Không có chỉ tiêu hoặc tiêu chí “{raw}”.")


# A table of thousands of rows folds the same few item codes, labels and typed codes over and over.
_fold = lru_cache(maxsize=4096)(fold)


@lru_cache(maxsize=4096, typed=True)  # typed: 8 and 8.0 are written differently
def _typed_code(text: object) -> tuple[str, str]:
    """(the text as typed, cleaned; the code it gives)."""
    raw = clean(text)
    return raw, _fold(raw).strip("() ").replace(" ", "")


def ward_items(campaign: Campaign) -> list[ev.Item]:
    """The plan's measures as items of the ward's own figures."""
    from ...domain.targets import Comparison

    out = []
    for target in campaign.targets:
        for m in target.measures:
            out.append(ev.Item(ev.MEASURE, m.id, m.code, m.label, m.unit, ev.measure_spec(m), m.kind,
                               Comparison(m.comparison), m.planned_value, measure_id=m.id,
                               target_code=target.code))
    return out


# --- periods -----------------------------------------------------------------


def add_period(session: Session, campaign: Campaign, code: str, name: str, start: dt.date | None,
               end: dt.date | None, deadline: dt.date | None) -> Period:
    """Add an interim period (6 tháng, đợt cao điểm…) to the plan."""
    code, name = clean(code), clean(name)
    problems = []
    if not code:
        problems.append("Chưa ghi mã kỳ.")
    if not name:
        problems.append("Chưa ghi tên kỳ.")
    if any(fold(p.code) == fold(code) for p in campaign.periods if code):
        problems.append(f"Đã có kỳ mã “{code}”.")
    if any(fold(p.name) == fold(name) for p in campaign.periods if name):
        problems.append(f"Đã có kỳ “{name}”.")
    if start and end and start > end:
        problems.append(f"Ngày bắt đầu {format_date(start)} sau ngày kết thúc {format_date(end)}.")
    if problems:
        raise UserError("\n".join(problems))
    period = Period(campaign_id=campaign.id, code=code, name=name, start=start, end=end, deadline=deadline,
                    position=max((p.position for p in campaign.periods), default=-1) + 1, is_main=False)
    session.add(period)
    campaign.periods.append(period)
    session.flush()
    return period


def update_period(session: Session, period: Period, name: str, start: dt.date | None, end: dt.date | None,
                  deadline: dt.date | None) -> None:
    name = clean(name)
    if not name:
        raise UserError("Chưa ghi tên kỳ.")
    others = session.scalars(select(Period).where(Period.campaign_id == period.campaign_id,
                                                  Period.id != period.id))
    clash = next((p for p in others if fold(p.name) == fold(name)), None)
    if clash is not None:
        raise UserError(f"Đã có kỳ “{clash.name}”.")
    if start and end and start > end:
        raise UserError(f"Ngày bắt đầu {format_date(start)} sau ngày kết thúc {format_date(end)}.")
    period.name, period.start, period.end, period.deadline = name, start, end, deadline
    if period.is_main and deadline is not None:
        campaign = session.get(Campaign, period.campaign_id)
        if campaign is not None and campaign.units_deadline != deadline:
            campaign.units_deadline = deadline
            campaign.units_deadline_text = f"trước ngày {format_date(deadline)}"


@dataclass(frozen=True)
class PeriodUsage:
    """What hangs on a period: results entered, units that reported."""

    results: int
    units_with_results: int
    ward_results: int
    reports: int

    @property
    def empty(self) -> bool:
        return not (self.results or self.reports)

    def text(self) -> str:
        parts = []
        if self.results:
            whose = []
            if self.units_with_results:
                whose.append(f"{self.units_with_results} đơn vị")
            if self.ward_results:
                whose.append("số toàn phường")
            parts.append(f"{self.results} kết quả ({' và '.join(whose)})")
        if self.reports:
            parts.append(f"{self.reports} lần ghi nhận đơn vị đã báo cáo")
        return " và ".join(parts) or "chưa có số liệu nào"


def period_usage(session: Session, period: Period) -> PeriodUsage:
    in_period = Result.period_id == period.id
    results = session.scalar(select(func.count(Result.id)).where(in_period)) or 0
    units = session.scalar(select(func.count(func.distinct(Result.unit_id))).where(in_period)) or 0
    ward = session.scalar(select(func.count(Result.id)).where(in_period, Result.unit_id.is_(None))) or 0
    reports = session.scalar(select(func.count(UnitReport.id)).where(UnitReport.period_id == period.id)) or 0
    return PeriodUsage(results, units, ward, reports)


def delete_period(session: Session, period: Period, with_results: bool = False) -> PeriodUsage:
    """Remove an interim period. One holding results goes only when the clerk
    has seen what it holds and agreed (``with_results``); the results are
    deleted one by one through the ORM, so each stays in the audit trail
    with its old value (and the caller takes a backup first)."""
    if period.is_main:
        raise UserError(f"Không xóa được kỳ “{period.name}”: đây là kỳ cả năm của kế hoạch.")
    usage = period_usage(session, period)
    if not usage.empty and not with_results:
        raise UserError(f"Kỳ “{period.name}” đã có {usage.text()}. Xóa kỳ sẽ xóa cả các số liệu này; "
                        "hãy xác nhận nếu thật sự muốn xóa.")
    for result in session.scalars(select(Result).where(Result.period_id == period.id)):
        session.delete(result)
    for report in session.scalars(select(UnitReport).where(UnitReport.period_id == period.id)):
        session.delete(report)
    session.flush()
    campaign = session.get(Campaign, period.campaign_id)
    if campaign is not None and period in campaign.periods:
        campaign.periods.remove(period)
    session.delete(period)
    session.flush()
    return usage


# --- the grid's use cases, by plain ids ----------------------------------------


def save_cells(session: Session, period_id: int, changes: list[CellChange], source: str) -> ChangeSummary:
    """A typed cell, a pasted block, cleared cells or a note: one batch, reading only
    the rows of the units concerned (the grid stays fast at thousands of units)."""
    period = session.get(Period, period_id)
    if period is None:
        raise UserError("Không tìm thấy kỳ báo cáo (có thể vừa bị xóa).")
    keys = {c.key for c in changes}
    return apply_changes(session, period, changes, source, existing=rows_for(session, period_id, keys))


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier value of a result, as it was when it was replaced."""

    replaced_at: dt.datetime
    replaced_by: str
    reason: str
    values: ResultValues
    source: str
    source_file: str
    note: str


def history_entries(session: Session, period_id: int, key: CellKey) -> list[HistoryEntry]:
    """:func:`history` as plain data, newest first."""
    return [HistoryEntry(h.replaced_at, h.replaced_by or "", h.reason or "",
                         ResultValues(**{k: h.snapshot.get(k) for k in VALUE_FIELDS}),
                         h.snapshot.get("source") or "", h.snapshot.get("source_file") or "",
                         h.snapshot.get("note") or "")
            for h in history(session, period_id, key)]
