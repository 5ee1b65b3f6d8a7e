"""Importing nominations from the lists units send in (xlsx), and the blank template.

A unit's list usually follows the printed layout — STT, Họ và tên / Tên tập
thể, Năm sinh, Chức vụ, đơn vị công tác, Danh hiệu/Hình thức đề nghị, Tóm tắt
thành tích, Ghi chú — with title rows above the header and "I. Tập thể" /
"II. Cá nhân" section rows between the data. The header is found whatever its
case, accents and column order; section rows tell the subject when there is no
"Đối tượng" column.

The preview matches every row against the database without writing: the
nominee (a unit by name; a person by name in their unit, new people are added
to the unit; a household by name and address), the title by code or name, and
says for each row whether it is new, an update, unchanged or an error with the
reason. Only a preview without errors is applied, in one transaction, after a
backup checkpoint.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.text import TextError, clean, clean_multiline, fold, name_problem, title_case_name, unique_key
from ...domain.units import GENDERS, RATINGS, code_for
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import Campaign, Nomination, Person, Unit
from . import catalogue as awards, nominations
from ..xlsx import files as excel, printable as excel_print
from .. import plan
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from ..progress import Progress, no_progress

COLUMNS = [
    excel.HeaderSpec("name", ("Họ và tên / Tên tập thể", "Họ và tên, tên tập thể", "Họ và tên", "Họ tên",
                              "Tên tập thể", "Tên tập thể, cá nhân", "Tập thể, cá nhân", "Tên",
                              "Tên tập thể / cá nhân / hộ gia đình", "Tên hộ gia đình"), required=True),
    excel.HeaderSpec("title", ("Danh hiệu, hình thức đề nghị", "Danh hiệu, hình thức", "Danh hiệu/Hình thức đề nghị",
                               "Danh hiệu / Hình thức", "Hình thức đề nghị", "Danh hiệu đề nghị", "Danh hiệu thi đua",
                               "Hình thức khen thưởng", "Danh hiệu", "Hình thức", "Mã danh hiệu"), required=True),
    excel.HeaderSpec("subject", ("Đối tượng", "Loại đối tượng", "Tập thể/Cá nhân/Hộ gia đình")),
    excel.HeaderSpec("unit", ("Đơn vị", "Đơn vị công tác", "Tên đơn vị")),
    excel.HeaderSpec("position_unit", ("Chức vụ, đơn vị công tác", "Chức vụ, đơn vị", "Chức vụ và đơn vị công tác",
                                       "Chức vụ, đơn vị công tác / Địa chỉ", "Chức vụ, đơn vị công tác (địa chỉ)")),
    excel.HeaderSpec("position", ("Chức vụ", "Chức danh")),
    excel.HeaderSpec("proposing", ("Đơn vị đề nghị", "Đơn vị trình", "Đơn vị đề xuất")),
    excel.HeaderSpec("gender", ("Giới tính", "Nam/Nữ", "Nam, nữ")),
    excel.HeaderSpec("female", ("Nữ",)),
    excel.HeaderSpec("birth", ("Năm sinh", "Ngày sinh", "Ngày, tháng, năm sinh")),
    excel.HeaderSpec("rating", ("Xếp loại", "Mức độ hoàn thành nhiệm vụ", "Mức hoàn thành nhiệm vụ",
                                "Xếp loại hoàn thành nhiệm vụ", "Kết quả đánh giá, xếp loại", "Kết quả xếp loại")),
    excel.HeaderSpec("initiative", ("Sáng kiến", "Sáng kiến, đề tài", "Sáng kiến được công nhận", "Sáng kiến/đề tài")),
    excel.HeaderSpec("summary", ("Tóm tắt thành tích", "Thành tích", "Thành tích đạt được", "Nội dung thành tích",
                                 "Tóm tắt thành tích đạt được")),
    excel.HeaderSpec("achievement", ("Mã thành tích", "Thành tích được khen (mã)")),
    excel.HeaderSpec("address", ("Địa chỉ", "Nơi ở")),
    excel.HeaderSpec("note", ("Ghi chú",)),
]

_SECTION_WORDS = {"tap the": "unit", "ca nhan": "person", "ho gia dinh": "household"}
_ROMAN = ("i", "ii", "iii", "iv", "v", "a", "b", "c")


@dataclass
class NominationsPreview(ImportPreview):
    new_people: int = 0


def _section(name: str) -> str | None:
    """"I. TẬP THỂ", "II. Cá nhân", "Hộ gia đình:" → the subject."""
    key = fold(name).strip(" :.")
    head, _, rest = key.partition(".")
    if rest and head.strip() in _ROMAN:
        key = rest.strip(" :.")
    return _SECTION_WORDS.get(key)


def _text(values, columns, field: str) -> str:
    return excel.cell_text(excel.cell(values, columns, field))


def _gender(values, columns) -> str:
    raw = excel.cell(values, columns, "gender")
    if raw is not None and clean(raw):
        code = code_for(raw, GENDERS)
        if code is None:
            raise UserError(f"giới tính “{clean(raw)}” không hiểu được (ghi Nam hoặc Nữ)")
        return code
    mark = fold(excel.cell(values, columns, "female"))
    if mark:
        return "nu" if mark in ("x", "nu", "co", "v", "1", "✓", "✔") else "nam"
    return ""


def _birth_year(values, columns) -> int | None:
    raw = excel.cell(values, columns, "birth")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if hasattr(raw, "year"):
        return raw.year
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() and 1900 <= raw <= 2100:
        return int(raw)
    text = clean(raw)
    tail = text[-4:]
    if tail.isdigit() and 1900 <= int(tail) <= 2100:
        return int(tail)
    raise UserError(f"năm sinh “{text}” không đúng (ghi 4 chữ số, ví dụ 1985)")


class _Index:
    """Units, people and existing nominations, looked up by folded names."""

    def __init__(self, session: Session, campaign: Campaign):
        self.units = list(session.scalars(select(Unit)))
        self.unit_by_key: dict[str, list[Unit]] = {}
        for u in self.units:
            self.unit_by_key.setdefault(fold(u.name), []).append(u)
        self.people: dict[tuple[int | None, str], list[Person]] = {}
        for p in session.scalars(select(Person)):
            self.people.setdefault((p.unit_id, fold(p.full_name)), []).append(p)
        self.existing: dict[tuple, Nomination] = {}
        for n in session.scalars(select(Nomination).where(Nomination.campaign_id == campaign.id)):
            if n.status != "withdrawn":
                self.existing[(nominations.subject_key(n), n.title_id)] = n

    def unit(self, text: str) -> Unit | None:
        found = self.unit_by_key.get(fold(text), [])
        return found[0] if len(found) == 1 else None

    def unit_in(self, text: str) -> tuple[Unit | None, str]:
        """A unit named inside "Giáo viên, Trường THCS Bạch Đằng": (unit, the rest)."""
        key = fold(text)
        best = None
        for u_key, units in self.unit_by_key.items():
            if u_key and u_key in key and len(units) == 1 and (best is None or len(u_key) > len(fold(best.name))):
                best = units[0]
        if best is None:
            return None, text
        # what is left once the unit's name is removed is the position
        words = clean(text).split(" ")
        n = len(best.name.split(" "))
        for i in range(len(words) - n + 1):
            if fold(" ".join(words[i:i + n])) == fold(best.name):
                rest = " ".join(words[:i] + words[i + n:])
                return best, clean(rest.strip(" ,;-–"))
        return best, ""


def preview_import(db: Database, path: Path, progress: Progress = no_progress) -> NominationsPreview:
    """Read ``path`` and classify every row; nothing is written."""
    with db.read() as session:
        return read_import(session, path, progress)


def read_import(session: Session, path: Path, progress: Progress = no_progress) -> NominationsPreview:
    """:func:`preview_import` in a session the caller holds (the page's background read)."""
    path = Path(path)
    table = excel.find_table(path, COLUMNS)
    preview = NominationsPreview(path, "nominations")
    campaign = plan.current_campaign(session)
    index = _Index(session, campaign)
    seen: dict[tuple, int] = {}
    section: str | None = None
    total = len(table.rows)
    for i, (number, values) in enumerate(table.rows):
        if i % 50 == 0:
            progress(i, total, f"Đang đọc dòng {number}…")
        name = _text(values, table.columns, "name")
        title_text = _text(values, table.columns, "title")
        if name and not title_text and _section(name):
            section = _section(name)
            continue
        if not name and not title_text:
            continue
        if name.isdigit() or fold(name).startswith(("tong cong", "cong:", "tong so")):
            continue
        try:
            outcome = _classify(session, campaign, index, number, values, table.columns, section)
        except (UserError, TextError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            preview.rows.append(RowOutcome(number, Outcome.ERROR, name or "(không tên)", message))
            continue
        key = outcome.payload.get("key")
        if key in seen:
            preview.rows.append(RowOutcome(number, Outcome.ERROR, outcome.name,
                                           f"trùng với dòng {seen[key]} (cùng người, cùng danh hiệu)"))
            continue
        seen[key] = number
        preview.rows.append(outcome)
        if outcome.payload.get("new_person"):
            preview.new_people += 1
    progress(total, total, "Đã đọc xong")
    return preview


def _classify(session: Session, campaign: Campaign, index: _Index, number: int, values, columns,
              section: str | None) -> RowOutcome:
    name = _text(values, columns, "name")
    if not name:
        raise UserError("thiếu tên người, tập thể hoặc hộ gia đình")
    title_text = _text(values, columns, "title")
    if not title_text:
        raise UserError("thiếu danh hiệu, hình thức đề nghị")
    title = awards.find_title(session, title_text) or _title_inside(session, title_text)
    if title is None:
        codes = ", ".join(t.code for t in awards.titles(session))
        raise UserError(f"không có danh hiệu, hình thức “{title_text}” (ghi tên hoặc mã: {codes})")
    subject = nominations.parse_subject(excel.cell(values, columns, "subject")) or (
        title.subject if title.subject != "any" else section)
    unit_text = _text(values, columns, "unit")
    position = _text(values, columns, "position")
    combined = _text(values, columns, "position_unit")
    if subject is None:
        if index.unit(name) is not None:
            subject = "unit"
        elif fold(name).startswith(("ho ", "gia dinh ")):
            subject = "household"
        else:
            subject = "person"
    rating_raw = excel.cell(values, columns, "rating")
    rating = nominations.parse_rating(rating_raw) if subject == "person" else ""
    summary = clean_multiline(excel.cell(values, columns, "summary") or "")
    proposing_text = _text(values, columns, "proposing")
    proposing = None
    if proposing_text:
        proposing = index.unit(proposing_text)
        if proposing is None:
            raise UserError(f"không có đơn vị đề nghị “{proposing_text}” trong danh sách đơn vị")
    payload: dict[str, Any] = {
        "subject": subject, "title_id": title.id, "title_code": title.code, "summary": summary,
        "rating": rating, "initiative": clean_multiline(excel.cell(values, columns, "initiative") or ""),
        "achievement": _text(values, columns, "achievement"), "note": clean_multiline(excel.cell(values, columns, "note") or ""),
        "proposing_unit_id": proposing.id if proposing else None,
    }
    label = f"{name} — {title.name}"
    if subject == "unit":
        unit = index.unit(name)
        if unit is None:
            raise UserError(f"không có tập thể “{name}” trong danh sách đơn vị (thêm đơn vị trước, hoặc sửa tên cho đúng)")
        payload["unit_id"] = unit.id
        key = ("unit", unit.id)
        label = f"{unit.name} — {title.name}"
    elif subject == "person":
        unit = index.unit(unit_text) if unit_text else None
        if unit_text and unit is None:
            raise UserError(f"không có đơn vị “{unit_text}” trong danh sách đơn vị")
        if unit is None and combined:
            unit, rest = index.unit_in(combined)
            position = position or rest
        if unit is None and proposing is not None:
            unit = proposing
        if unit is None and combined:
            raise UserError(f"không tìm thấy tên đơn vị nào của phường trong “{combined}”; "
                            "cá nhân cần có đơn vị công tác đúng tên trong danh sách đơn vị")
        if unit is None:
            raise UserError("cá nhân cần có đơn vị công tác (cột “Đơn vị” hoặc “Chức vụ, đơn vị công tác”)")
        full_name = title_case_name(name) if name == name.upper() or name == name.lower() else name
        birth_year = _birth_year(values, columns)
        gender = _gender(values, columns)
        candidates = index.people.get((unit.id, fold(full_name)), [])
        if len(candidates) > 1 and birth_year:
            candidates = [p for p in candidates if (p.birth_year or (p.birth_date.year if p.birth_date else None))
                          == birth_year] or candidates
        if len(candidates) > 1:
            raise UserError(f"{unit.name} có {len(candidates)} người tên “{full_name}”; ghi thêm năm sinh để phân biệt")
        if candidates:
            person = candidates[0]
            payload["person_id"] = person.id
            key = ("person", person.id)
        else:
            _check_new_name(full_name, "Họ và tên")
            payload.update(new_person=True, full_name=full_name, unit_id=unit.id, gender=gender,
                           birth_year=birth_year, position=position)
            key = ("new-person", unit.id, fold(full_name), birth_year)
        label = f"{full_name} ({unit.name}) — {title.name}"
    else:
        address = _text(values, columns, "address") or combined
        household = clean(name)
        _check_new_name(household, "Tên hộ gia đình")
        payload.update(household_name=household, household_address=address,
                       proposing_unit_id=payload["proposing_unit_id"] or (index.unit(unit_text).id
                                                                          if unit_text and index.unit(unit_text) else None))
        key = ("household", unique_key(household), unique_key(address))
        label = f"{household} — {title.name}"
    payload["key"] = (key, title.id)
    existing = index.existing.get((key, title.id)) if key[0] != "new-person" else None
    if existing is None:
        message = "thêm cá nhân mới vào đơn vị" if payload.get("new_person") else ""
        return RowOutcome(number, Outcome.NEW, label, message, payload)
    if nominations.frozen_decision(session, existing) is not None:
        raise UserError("đã thuộc quyết định khen thưởng đã khóa; không sửa được")
    payload["nomination_id"] = existing.id
    changes = []
    if summary and summary != existing.summary:
        changes.append("tóm tắt thành tích")
    if rating and rating != existing.rating:
        changes.append("xếp loại")
    if payload["note"] and payload["note"] != existing.note:
        changes.append("ghi chú")
    if payload["proposing_unit_id"] and payload["proposing_unit_id"] != existing.proposing_unit_id:
        changes.append("đơn vị đề nghị")
    if not changes:
        return RowOutcome(number, Outcome.UNCHANGED, label, "đã có đề nghị này", payload)
    return RowOutcome(number, Outcome.UPDATE, label, "sửa " + ", ".join(changes), payload)


def _title_inside(session: Session, text: str):
    """"Đề nghị tặng Giấy khen của Chủ tịch UBND phường" → Giấy khen: the longest
    title name found inside the text."""
    key = fold(text)
    found = [t for t in awards.titles(session) if fold(t.name) in key]
    found.sort(key=lambda t: -len(t.name))
    return found[0] if found else None


def _check_new_name(name: str, what: str) -> None:
    """A person or household the file adds must have a name that can be told apart."""
    problem = name_problem(name, what)
    if problem:
        raise UserError(problem)


def apply_import(db: Database, preview: NominationsPreview, progress: Progress = no_progress) -> str:
    """Write a previewed file, all or nothing."""
    preview.require_ok()
    db.checkpoint(f"Trước khi nhập đề nghị khen thưởng từ {preview.path.name}")
    todo = [r for r in preview.rows if r.outcome in (Outcome.NEW, Outcome.UPDATE)]
    with db.transaction(reason=f"Nhập đề nghị khen thưởng từ tệp {preview.path.name}") as session:
        campaign = plan.current_campaign(session)
        for i, r in enumerate(todo):
            if i % 50 == 0:
                progress(i, len(todo), f"Đang ghi {i}/{len(todo)}…")
            p = r.payload
            person_id = p.get("person_id")
            if p.get("new_person"):
                person = Person(full_name=p["full_name"], name_key=unique_key(p["full_name"]), unit_id=p["unit_id"],
                                gender=p.get("gender") or "", birth_year=p.get("birth_year"),
                                position=p.get("position") or "")
                session.add(person)
                session.flush()
                person_id = person.id
            data = nominations.NominationInput(
                p["subject"], p["title_code"], unit_id=p.get("unit_id") if p["subject"] == "unit" else None,
                person_id=person_id, household_name=p.get("household_name", ""),
                household_address=p.get("household_address", ""), proposing_unit_id=p.get("proposing_unit_id"),
                summary=p["summary"], achievement_key=p.get("achievement", ""), rating=p["rating"], note=p["note"])
            if r.outcome is Outcome.NEW:
                nominations.create(session, campaign, data, recheck_all=False)
            else:
                n = nominations.get(session, p["nomination_id"])
                nominations.guard(session, n)
                if data.summary:
                    n.summary = data.summary
                if data.rating:
                    n.rating = data.rating
                if data.note:
                    n.note = data.note
                if data.proposing_unit_id:
                    n.proposing_unit_id = data.proposing_unit_id
            if person_id and (p.get("rating") or p.get("initiative")):
                standing = nominations.person_standing(session, campaign, person_id)
                standing.rating = p.get("rating") or standing.rating
                standing.initiative = p.get("initiative") or standing.initiative
                nominations.set_person_standing(session, campaign, person_id, standing, recheck_all=False)
        progress(len(todo), len(todo), "Đang kiểm tra điều kiện…")
        summary = nominations.recheck(session, campaign)
    new = preview.count(Outcome.NEW)
    updated = preview.count(Outcome.UPDATE)
    text = f"Đã nhập {preview.path.name}: {new} đề nghị mới, {updated} đề nghị cập nhật"
    if preview.new_people:
        text += f", {preview.new_people} cá nhân mới được thêm vào đơn vị"
    return text + ". " + summary.text() + "."


# --- the blank template ------------------------------------------------------------------------


def write_template(db: Database, path: Path) -> Path:
    """An xlsx units fill in: the printed list's columns, dropdowns, instructions."""
    with db.read() as session:
        return save_template(session, path)


def save_template(session: Session, path: Path) -> Path:
    """:func:`write_template` in a session the caller holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    campaign = plan.current_campaign(session)
    titles = [t for t in awards.titles(session, active_only=True)]
    ward = plan.ward(session)
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách đề nghị"
    headers = ["STT", "Họ và tên / Tên tập thể", "Đối tượng", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị",
               "Danh hiệu, hình thức đề nghị", "Xếp loại", "Sáng kiến", "Tóm tắt thành tích", "Địa chỉ", "Ghi chú"]
    ws.append([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {campaign.year}"])
    ws.append([f"(Gửi {ward.authority})"])
    ws.append(headers)
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    for c in ws[3]:
        c.font = Font(name="Times New Roman", bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = (6, 30, 14, 10, 10, 18, 30, 28, 12, 28, 45, 30, 18)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A4"
    lists = wb.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    choices = {
        "C": ["Tập thể", "Cá nhân", "Hộ gia đình"],
        "E": ["Nam", "Nữ"],
        "H": [t.name for t in titles],
        "I": list(RATINGS),
    }
    for col_index, (col, values) in enumerate(choices.items(), start=1):
        letter = chr(ord("A") + col_index - 1)
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=col_index, value=value)
        dv = DataValidation(type="list", formula1=f"='Danh mục'!${letter}$1:${letter}${len(values)}",
                            allow_blank=True, showErrorMessage=False)
        ws.add_data_validation(dv)
        dv.add(f"{col}4:{col}1000")
    help_ws = wb.create_sheet("Hướng dẫn")
    lines = [
        "Cách điền danh sách đề nghị khen thưởng",
        "Mỗi dòng là một đề nghị: một tập thể, một cá nhân hoặc một hộ gia đình với một danh hiệu, hình thức.",
        "Họ và tên / Tên tập thể: ghi đầy đủ, không viết tắt. Tên tập thể phải đúng tên đơn vị trong danh sách của phường.",
        "Đối tượng: Tập thể, Cá nhân hoặc Hộ gia đình (có thể để trống nếu danh hiệu chỉ dành cho một đối tượng).",
        "Đơn vị: đơn vị công tác của cá nhân; với hộ gia đình là tổ dân phố đề nghị.",
        "Danh hiệu, hình thức: chọn trong danh sách (" + ", ".join(f"{t.code} = {t.name}" for t in titles) + ").",
        "Xếp loại: mức hoàn thành nhiệm vụ của cá nhân trong năm: " + "; ".join(f"{k} = {v}" for k, v in RATINGS.items()) + ".",
        "Sáng kiến: sáng kiến, đề tài được cơ sở công nhận (căn cứ xét “Chiến sĩ thi đua cơ sở”).",
        "Có thể chèn các dòng “I. Tập thể”, “II. Cá nhân”, “III. Hộ gia đình” để chia mục; các dòng tiêu đề phía trên được bỏ qua.",
        "Nhập vào chương trình: trang Khen thưởng › Nhập từ Excel, hoặc lệnh “thidua nominations import TỆP”. "
        "Chương trình xem trước từng dòng; tệp có dòng lỗi thì không nhập gì.",
    ]
    for line in lines:
        help_ws.append([line])
    help_ws["A1"].font = Font(bold=True, size=13)
    help_ws.column_dimensions["A"].width = 140
    excel_print.setup_page(ws, (3, 3), landscape=True)
    excel_print.setup_page(help_ws, landscape=True)
    return atomic.save_workbook(wb, Path(path))
