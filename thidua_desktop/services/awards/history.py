"""Award history (lịch sử khen thưởng): every award a person, collective or
household received, year after year, for the conditions that span years.

Two sources, listed together:

- the ward's own recorded decisions: every awardee of a recorded Quyết định
  khen thưởng (``Nomination.decision_id`` set, status ``awarded``), read from
  the nominations each time rather than copied, so reopening, re-recording or
  cancelling a decision can never leave a stale copy behind;
- :class:`~thidua_desktop.storage.models.AwardHistory` rows: earlier years'
  awards imported from the office's Excel lists (and the city's decisions),
  which the app never recorded itself.

A proposal forwarded to the city (status ``forwarded``) is not an award: the
city's decision, once it comes, is imported as history with level ``city``.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...domain.text import TextError, clean, clean_multiline, fold, matches, name_problem, title_case_name, unique_key
from ...errors import UserError
from ...storage.database import Database
from ...storage.models import AwardHistory, AwardTitle, Campaign, Decision, Nomination, Person, Unit
from ..registry import lineage
from ..xlsx import files as excel
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from . import catalogue, nominations

LEVELS = {"ward": "Cấp phường", "city": "Cấp thành phố", "higher": "Cấp trên (Trung ương)"}
_LEVEL_ORDER = {"higher": 0, "city": 1, "ward": 2}  # a year's awards listed from the highest
# Folded words that say who decided, in the office's lists and in a title's name.
_LEVEL_WORDS = (
    ("higher", ("trung uong", "nha nuoc", "chinh phu", "thu tuong", "chu tich nuoc", "huan chuong",
                "toan quoc", "bo truong", "cap tren")),
    ("city", ("thanh pho", "tinh", "cap tp", "tp", "ubnd tp")),
    ("ward", ("phuong", "xa", "co so", "cap phuong")),
)
FIRST_YEAR = 1945  # the law's first emulation titles; an earlier year is a typing mistake

COLUMNS = [
    excel.HeaderSpec("name", ("Họ và tên / Tên tập thể", "Họ và tên, tên tập thể", "Họ và tên", "Họ tên",
                              "Tên tập thể", "Tên tập thể, cá nhân", "Tập thể, cá nhân", "Tên",
                              "Tên tập thể / cá nhân / hộ gia đình", "Tên hộ gia đình"), required=True),
    excel.HeaderSpec("title", ("Danh hiệu, hình thức", "Danh hiệu, hình thức khen thưởng", "Danh hiệu/Hình thức",
                               "Danh hiệu / Hình thức", "Hình thức khen thưởng", "Danh hiệu thi đua", "Danh hiệu",
                               "Hình thức", "Danh hiệu được tặng", "Hình thức được khen"), required=True),
    excel.HeaderSpec("year", ("Năm", "Năm khen thưởng", "Năm được khen", "Năm đạt", "Năm được tặng")),
    excel.HeaderSpec("subject", ("Đối tượng", "Loại đối tượng", "Tập thể/Cá nhân/Hộ gia đình")),
    excel.HeaderSpec("unit", ("Đơn vị", "Đơn vị công tác", "Chức vụ, đơn vị công tác", "Tên đơn vị",
                              "Đơn vị / Địa chỉ", "Địa chỉ")),
    excel.HeaderSpec("decision", ("Số quyết định", "Quyết định số", "Số QĐ", "Số, ký hiệu quyết định",
                                  "Số ký hiệu", "Quyết định")),
    excel.HeaderSpec("date", ("Ngày quyết định", "Ngày ký", "Ngày QĐ", "Ngày ký quyết định", "Ngày, tháng, năm")),
    excel.HeaderSpec("level", ("Cấp khen thưởng", "Cấp khen", "Cấp", "Cấp quyết định", "Cấp ra quyết định")),
    excel.HeaderSpec("note", ("Ghi chú",)),
]
_SECTIONS = (("tap the", "unit"), ("ca nhan", "person"), ("ho gia dinh", "household"))


@dataclass
class HistoryRow:
    """One award of one person, collective or household, as lists show it."""

    subject: str
    name: str
    unit: str  # a person's unit, a household's address
    title: str
    year: int
    decision_number: str
    decision_date: dt.date | None
    level: str
    source: str  # "decision" (recorded by the ward in this app) or the imported file's name
    person_id: int | None = None
    unit_id: int | None = None

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    @property
    def key(self) -> tuple:
        return (self.subject, unique_key(self.name), unique_key(self.unit) if self.subject != "unit" else "",
                unique_key(self.title), self.year)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["decision_date"] = self.decision_date.isoformat() if self.decision_date else None
        data["level_label"] = self.level_label
        return data


# --- reading ---------------------------------------------------------------------------------


def decided_rows(session: Session) -> list[HistoryRow]:
    """The awardees of every decision recorded in the app, every year."""
    query = (select(Nomination, Decision, Campaign.year)
             .join(Decision, Nomination.decision_id == Decision.id)
             .join(Campaign, Decision.campaign_id == Campaign.id)
             .where(Nomination.status == "awarded")
             .options(selectinload(Nomination.title), selectinload(Nomination.unit),
                      selectinload(Nomination.person).selectinload(Person.unit)))
    out = []
    for n, d, year in session.execute(query).all():
        where, unit_id = "", n.unit_id
        if n.subject == "person" and n.person is not None and n.person.unit is not None:
            where, unit_id = n.person.unit.name, n.person.unit_id
        elif n.subject == "household":
            where = n.household_address
        out.append(HistoryRow(n.subject, nominations.subject_name(n), where, n.title.name, year, d.number,
                              d.signed_on, n.title.level if n.title.level in LEVELS else "ward", "decision",
                              n.person_id, unit_id))
    return out


def _stored(r: AwardHistory) -> HistoryRow:
    return HistoryRow(r.subject, r.name, r.unit_name, r.title, r.year, r.decision_number, r.decision_date,
                      r.level, r.source_file or "nhập tay", r.person_id, r.unit_id)


def history(session: Session, person: str | None = None, unit: str | None = None, year: int | None = None,
            person_id: int | None = None, unit_id: int | None = None) -> list[HistoryRow]:
    """Every award, newest year first; ``person``: people whose name contains
    the text (accents and case ignored), ``unit``: collectives whose name does;
    ``person_id``, ``unit_id``: one person's or collective's (their card)."""
    decided = decided_rows(session)
    seen = {r.key for r in decided}
    rows = decided + [r for r in map(_stored, session.scalars(select(AwardHistory))) if r.key not in seen]
    if person:
        rows = [r for r in rows if r.subject == "person" and matches(person, r.name)]
    if unit:
        rows = [r for r in rows if r.subject == "unit" and matches(unit, r.name)]
    if year is not None:
        rows = [r for r in rows if r.year == year]
    if person_id is not None:
        rows = [r for r in rows if r.subject == "person" and r.person_id == person_id]
    if unit_id is not None:  # with its predecessors (merged, split, renamed units)
        line = lineage.ancestry(session, unit_id)
        ids = line.ids | {unit_id}
        rows = [r for r in rows if r.subject == "unit" and (r.unit_id in ids or (
            r.unit_id is None and unique_key(r.name) in line.name_keys))]
    rows.sort(key=lambda r: (-r.year, _LEVEL_ORDER.get(r.level, 9), fold(r.title), fold(r.name)))
    return rows


# --- parsing the office's lists ----------------------------------------------------------------


def parse_level(value: Any) -> str | None:
    """``Thành phố``, ``cấp phường``, ``TW`` … → ``city``, ``ward``, ``higher``; None when empty."""
    key = fold(value).strip(" .")
    if not key:
        return None
    if key in ("tw", "trung uong"):
        return "higher"
    for level, words in _LEVEL_WORDS:
        if key == fold(LEVELS[level]) or any(key == w or key.startswith(w + " ") or f" {w}" in f" {key}"
                                             for w in words):
            return level
    raise UserError(f"cấp khen thưởng “{clean(value)}” không hiểu được (ghi Phường, Thành phố hoặc Trung ương)")


def level_of_title(title: str, known: AwardTitle | None) -> str | None:
    """The level a title's name tells (“Bằng khen của Chủ tịch UBND thành phố”: city)."""
    if known is not None and known.level in LEVELS:
        return known.level
    key = f" {fold(title)} "
    for level, words in _LEVEL_WORDS:
        if any(f" {w} " in key for w in words):
            return level
    return None


def _year(value: Any, decided: dt.date | None) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        if decided is None:
            raise UserError("thiếu năm khen thưởng (cột “Năm”) và ngày quyết định")
        return decided.year
    if hasattr(value, "year"):
        return value.year
    text = excel.cell_text(value)
    digits = text[-4:]
    if not digits.isdigit():
        raise UserError(f"năm “{text}” không đúng (ghi 4 chữ số, ví dụ 2025)")
    year = int(digits)
    if not FIRST_YEAR <= year <= dt.date.today().year + 1:
        raise UserError(f"năm {year} không hợp lý (từ {FIRST_YEAR} đến {dt.date.today().year + 1})")
    return year


def _section(values) -> str | None:
    """“I. TẬP THỂ”, “II. Cá nhân”, alone on its row (in the STT or the name
    column, often merged across): a row naming a section, not an award."""
    filled = [v for v in values if excel.cell_text(v)]
    if len(filled) != 1:
        return None
    key = fold(filled[0]).strip(" :.")
    head, _, rest = key.partition(".")
    key = rest.strip(" :.") if rest and len(head) <= 4 else key
    return next((subject for word, subject in _SECTIONS if key == word), None)


class _Registry:
    """Units and people of the registry, and what the database already holds."""

    def __init__(self, session: Session):
        self.units = {}
        for u in session.scalars(select(Unit)):
            self.units.setdefault(fold(u.name), []).append(u)
        self.people: dict[tuple[int | None, str], list[Person]] = {}
        for p in session.scalars(select(Person)):
            self.people.setdefault((p.unit_id, fold(p.full_name)), []).append(p)
        self.stored = {_stored(r).key: r for r in session.scalars(select(AwardHistory))}
        self.decided = {r.key: r for r in decided_rows(session)}

    def unit(self, name: str) -> Unit | None:
        found = self.units.get(fold(name), [])
        return found[0] if len(found) == 1 else None

    def person(self, name: str, unit: Unit | None) -> Person | None:
        found = self.people.get((unit.id if unit else None, fold(name)), []) if unit else []
        return found[0] if len(found) == 1 else None


def _subject(get: Callable[[str], Any], section: str | None, name: str, registry: _Registry) -> str:
    explicit = nominations.parse_subject(get("subject"))
    if explicit or section:
        return explicit or section  # type: ignore[return-value]
    if registry.unit(name) is not None:
        return "unit"
    return "household" if fold(name).startswith(("ho ", "gia dinh ")) else "person"


def _classify(session: Session, registry: _Registry, number: int, get: Callable[[str], Any], section: str | None,
              source: str) -> RowOutcome:
    """What one award (its raw values by field of :data:`COLUMNS`) would do: new, update, unchanged."""
    text = lambda field: excel.cell_text(get(field))  # noqa: E731
    name, title_text = text("name"), text("title")
    if not name:
        raise UserError("thiếu tên người, tập thể hoặc hộ gia đình")
    if not title_text:
        raise UserError("thiếu danh hiệu, hình thức khen thưởng")
    subject = _subject(get, section, name, registry)
    if subject == "person" and name in (name.upper(), name.lower()):
        name = title_case_name(name)
    problem = name_problem(name, "Tên")
    if problem:
        raise UserError(problem)
    known = catalogue.find_title(session, title_text)
    title = known.name if known is not None else title_text
    decided = excel.cell_date(get("date"))
    year = _year(get("year"), decided)
    if decided is not None and decided.year < year:
        raise UserError(f"ngày quyết định {decided:%d/%m/%Y} trước năm khen thưởng {year}")
    level = parse_level(get("level")) or level_of_title(title, known)
    if level is None:
        raise UserError(f"không rõ cấp khen thưởng của “{title}” (ghi cột “Cấp khen thưởng”: "
                        "Phường, Thành phố hoặc Trung ương)")
    where = text("unit")
    unit = registry.unit(name if subject == "unit" else where)
    person = registry.person(name, unit) if subject == "person" else None
    row = HistoryRow(subject, name, where if subject != "unit" else "", title, year, text("decision"), decided,
                     level, source, person.id if person else None, unit.id if unit else None)
    payload = {**row.as_json(), "decision_date": decided, "note": clean_multiline(get("note") or ""), "key": row.key}
    label = f"{name}" + (f" ({row.unit})" if row.unit else "") + f" — {title} năm {year}"
    if row.key in registry.decided:
        done = registry.decided[row.key]
        return RowOutcome(number, Outcome.UNCHANGED, label,
                          f"đã có trong Quyết định số {done.decision_number} ghi trong chương trình", payload)
    existing = registry.stored.get(row.key)
    if existing is None:
        return RowOutcome(number, Outcome.NEW, label, "", payload)
    payload["id"] = existing.id
    changed = [what for what, old, new in (("số quyết định", existing.decision_number, row.decision_number),
                                          ("ngày quyết định", existing.decision_date, decided),
                                          ("cấp khen thưởng", existing.level, level)) if new and old != new]
    if not changed:
        return RowOutcome(number, Outcome.UNCHANGED, label, "đã có trong lịch sử khen thưởng", payload)
    return RowOutcome(number, Outcome.UPDATE, label, "sửa " + ", ".join(changed), payload)


def preview_import(db: Database, path: Path) -> ImportPreview:
    """Read an office list of past awards and classify every row; nothing is written."""
    path = Path(path)
    table = excel.find_table(path, COLUMNS, fill_down=True, not_filled=("name",))
    preview = ImportPreview(path, "history")
    with db.read() as session:
        registry = _Registry(session)
        seen: dict[tuple, int] = {}
        section: str | None = None
        for number, values in table.rows:
            name = excel.cell_text(excel.cell(values, table.columns, "name"))
            if _section(values):
                section = _section(values)
                continue
            if name.isdigit() or fold(name).startswith(("tong cong", "cong:", "tong so")):
                continue
            try:
                outcome = _classify(session, registry, number, functools.partial(excel.cell, values, table.columns),
                                    section, path.name)
            except (UserError, TextError) as exc:
                message = exc.message if isinstance(exc, UserError) else str(exc)
                preview.rows.append(RowOutcome(number, Outcome.ERROR, name or "(không tên)", message))
                continue
            key = outcome.payload["key"]
            if key in seen:
                preview.rows.append(RowOutcome(number, Outcome.ERROR, outcome.name,
                                               f"trùng với dòng {seen[key]} (cùng người, cùng danh hiệu, cùng năm)"))
                continue
            seen[key] = number
            preview.rows.append(outcome)
    return preview


_FIELDS = ("subject", "person_id", "unit_id", "title", "year", "decision_number", "decision_date", "level", "note")


def _columns(payload: dict[str, Any], source_file: str) -> dict[str, Any]:
    """The :class:`AwardHistory` columns of a classified award."""
    values = {f: payload[f] for f in _FIELDS}
    values.update(name=payload["name"], name_key=unique_key(payload["name"]), unit_name=payload["unit"],
                  unit_key=payload["key"][2], title_key=unique_key(payload["title"]), source_file=source_file)
    return values


def apply_import(db: Database, preview: ImportPreview) -> str:
    """Write a previewed list, all or nothing."""
    preview.require_ok()
    todo = [r for r in preview.rows if r.outcome in (Outcome.NEW, Outcome.UPDATE)]
    if not todo:
        return f"{preview.path.name}: không có gì mới; lịch sử khen thưởng giữ nguyên."
    db.checkpoint(f"Trước khi nhập lịch sử khen thưởng từ {preview.path.name}")
    with db.transaction(reason=f"Nhập lịch sử khen thưởng từ tệp {preview.path.name}") as session:
        for r in todo:
            values = _columns(r.payload, preview.path.name)
            if r.outcome is Outcome.NEW:
                session.add(AwardHistory(**values))
            else:
                stored = session.get(AwardHistory, r.payload["id"])
                for field in ("decision_number", "decision_date", "level"):
                    if values[field]:
                        setattr(stored, field, values[field])
    return (f"Đã nhập {preview.path.name} vào lịch sử khen thưởng: {preview.count(Outcome.NEW)} dòng mới, "
            f"{preview.count(Outcome.UPDATE)} dòng cập nhật.")


def add(session: Session, values: dict[str, Any]) -> HistoryRow:
    """One award typed in (the city's decision on a proposal, an old paper):
    ``values`` by the fields of :data:`COLUMNS`, checked as an imported row is."""
    outcome = _classify(session, _Registry(session), 0, values.get, None, "")
    if outcome.outcome is not Outcome.NEW:
        raise UserError(f"{outcome.name}: {outcome.message or 'đã có trong lịch sử khen thưởng'}.")
    row = AwardHistory(**_columns(outcome.payload, ""))
    session.add(row)
    session.flush()
    return _stored(row)
