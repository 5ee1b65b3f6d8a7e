"""Units and people in Excel: blank templates, exports, and imports with a preview.

An import reads the file once into :class:`Line` values (cleaned, each cell
checked), then *classifies* every line against the database — new, update,
unchanged, or error with the reason — without writing. Applying classifies
again inside one transaction (the database may have changed since the preview)
and writes everything or nothing.

The templates and exports share one layout (title rows, a header row, one row
per record, an instructions sheet, dropdown lists), so an exported file can be
edited and imported back.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from ...domain.registry import (
    BLOCK_ROLES,
    NameIndex,
    UnitFields,
    check_birth,
    check_person_name,
    check_phone,
    gender_hint,
    guess_kind,
    is_leader_position,
    kind_choices,
    kind_code,
    loose_key,
    name_key,
    normalise_person_name,
    parse_birth,
    parse_count,
    parse_gender,
    parse_role,
    parse_year,
    parse_yes_no,
)
from ...domain.roles import Action
from ...domain.text import (
    TextError,
    clean,
    clean_multiline,
    collation_key,
    fold,
    format_date,
    name_problem,
    person_sort_key,
)
from ...domain.units import GENDERS, UNIT_KINDS
from ...errors import UserError
from ...storage import atomic
from ...storage.database import Database
from ...storage.models import AuditEntry, BlockMembership, EmulationBlock, Person, Unit
from ..safety import accounts
from ..xlsx import printable as excel_print
from . import blocks as block_service
from . import people as people_service
from .. import plan
from . import registrations as registration_service
from . import units as unit_service
from ..xlsx.bulkwrite import CHUNK, insert_rows, update_rows
from ..xlsx.files import HeaderSpec, cell_text, find_table, make_inert, phone_text
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from ..progress import Progress, no_progress

# --- columns -------------------------------------------------------------------

UNIT_SPECS = [
    HeaderSpec("name", ("Tên đơn vị", "Đơn vị", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Tên cơ quan",
                        "Tên tập thể", "Tên đơn vị, tập thể"), required=True),
    HeaderSpec("kind", ("Loại hình", "Loại", "Loại đơn vị", "Loại hình đơn vị")),
    HeaderSpec("block", ("Khối thi đua", "Khối", "Thuộc khối", "Cụm, khối thi đua", "Khối, cụm thi đua")),
    HeaderSpec("role", ("Vai trò trong khối", "Vai trò", "Trưởng, phó khối")),
    HeaderSpec("head_name", ("Thủ trưởng", "Thủ trưởng đơn vị", "Người đứng đầu", "Họ tên thủ trưởng",
                             "Trưởng đơn vị", "Lãnh đạo đơn vị")),
    HeaderSpec("phone", ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ")),
    HeaderSpec("address", ("Địa chỉ", "Trụ sở", "Địa chỉ trụ sở")),
    HeaderSpec("email", ("Thư điện tử", "Email", "E-mail", "Hộp thư điện tử")),
    HeaderSpec("staff_count", ("Số cán bộ, người lao động", "Tổng số cán bộ", "Số cán bộ", "Số lao động",
                               "Tổng số người", "Tổng số", "Số người", "Quân số")),
    HeaderSpec("female_staff_count", ("Trong đó nữ", "Số nữ", "Nữ", "Số lao động nữ", "Số cán bộ nữ")),
    HeaderSpec("active", ("Đang hoạt động", "Hoạt động", "Còn hoạt động")),
    HeaderSpec("note", ("Ghi chú",)),
]

PEOPLE_SPECS = [
    HeaderSpec("full_name", ("Họ và tên", "Họ tên", "Họ và tên cá nhân", "Tên cá nhân", "Họ, tên"), required=True),
    HeaderSpec("gender", ("Giới tính", "Nam/Nữ", "Nam, nữ", "Phái")),
    HeaderSpec("birth", ("Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày")),
    HeaderSpec("birth_year", ("Năm sinh",)),
    HeaderSpec("male_mark", ("Nam",)),
    HeaderSpec("female_mark", ("Nữ",)),
    HeaderSpec("position", ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Chức vụ (Đảng, chính quyền, đoàn thể)")),
    HeaderSpec("unit", ("Đơn vị", "Đơn vị công tác", "Tên đơn vị", "Cơ quan, đơn vị", "Nơi công tác",
                        "Cơ quan công tác"), required=True),
    HeaderSpec("leader", ("Lãnh đạo", "Giữ chức vụ lãnh đạo", "Là lãnh đạo", "Lãnh đạo, quản lý",
                          "Cán bộ lãnh đạo")),
    HeaderSpec("phone", ("Điện thoại", "Số điện thoại", "SĐT", "ĐT")),
    HeaderSpec("address", ("Địa chỉ", "Nơi ở", "Địa chỉ thường trú", "Trú quán", "Nơi ở hiện nay")),
    HeaderSpec("active", ("Đang công tác", "Còn công tác", "Đang làm việc")),
    HeaderSpec("note", ("Ghi chú",)),
]

_YES, _NO = "Có", "Không"
_TICKS = {"x", "v", "✓", "✔", "1", "co"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
_TOTAL_ROWS = ("tong cong", "cong", "tong so", "tong")


def _label(specs: Sequence[HeaderSpec], field_name: str) -> str:
    return next(s.label for s in specs if s.field == field_name)


# --- reading -------------------------------------------------------------------


@dataclass
class Line:
    """One data row of a file: what its cells say, cleaned, and what is wrong with them."""

    row: int
    values: dict[str, Any]  # field → cleaned value, only for cells that are not blank
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, not wrong


@dataclass
class RegistryPreview(ImportPreview):
    """A preview that can be applied: it keeps the lines it was made from."""

    parsed: list[Line] = field(default_factory=list, repr=False)
    columns: tuple[str, ...] = ()  # the fields the file has a column for
    sheet: str = ""
    campaign_year: int = 0
    fingerprint: tuple = ()  # the state of the database the outcomes were worked out on


def _read(path: Path, specs: Sequence[HeaderSpec], parse: Callable[[int, dict[str, Any], dict], Line],
          progress: Progress, name_field: str):
    path = Path(path)
    progress(0, 0, f"Đang đọc tệp {path.name}…")
    # A cell merged down over several rows (the unit over its people, the block
    # over its units) counts for each of them; a name never does: each row names
    # its own person or unit, and a name merged over two rows stays an error.
    table = find_table(path, specs, sub_headers=True, fill_down=True, not_filled=(name_field,))
    columns = table.columns
    lines = []
    memo: dict = {}  # cell value → converted value or problem (lists repeat the same units, positions…)
    total = len(table.rows)
    for i, (number, values) in enumerate(table.rows):
        raw = {name: values[index] for name, index in columns.items() if index < len(values)}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue  # only an STT number, or cells outside the known columns
        lines.append(parse(number, raw, memo))
        if i % 2000 == 0:
            progress(i, total, f"Đang đọc dòng {number}…")
    if not lines:
        raise UserError(f"Tệp “{path.name}”, trang “{table.sheet_name}”: có dòng tiêu đề (dòng "
                        f"{table.header_text}) nhưng không có dòng dữ liệu nào.")
    return table, lines


def _is_total_row(name: str) -> bool:
    """``Tổng cộng`` lines under a list are sums, not units."""
    key = fold(name).rstrip(" :")
    return key in _TOTAL_ROWS or key.startswith("tong cong")


def _text(value: Any) -> str:
    return cell_text(value)


def _taker(raw: dict[str, Any], values: dict[str, Any], errors: list[str], memo: dict):
    """``take(field, convert)``: store the converted cell (or its problem) unless the cell is blank."""

    def take(name: str, convert: Callable[[Any], Any], into: str | None = None) -> None:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        key = (name, type(value), value)
        hit = memo.get(key)
        if hit is None:
            try:
                hit = (convert(value), None)
            except TextError as exc:
                hit = (None, str(exc))
            memo[key] = hit
        if hit[1] is None:
            values[into or name] = hit[0]
        else:
            errors.append(hit[1])

    return take


def _parse_unit(number: int, raw: dict[str, Any], memo: dict) -> Line:
    values: dict[str, Any] = {}
    errors: list[str] = []
    take = _taker(raw, values, errors, memo)

    name = _text(raw.get("name"))
    if not name:
        errors.append("thiếu tên đơn vị")
    elif problem := name_problem(name, "Tên đơn vị"):
        errors.append(problem)
    values["name"] = name

    def kind(value: Any) -> str:
        code = kind_code(value)
        if code is None:
            raise TextError(f"loại hình “{clean(value)}” không có trong danh mục (chọn một trong {kind_choices()})")
        return code

    take("kind", kind)
    take("block", _block_name)
    if not values.get("block"):  # only invisible characters: blank, so the unit keeps its block
        values.pop("block", None)
    take("role", parse_role)
    take("head_name", normalise_person_name)
    take("phone", phone_text)
    take("address", _text)
    take("email", _text)
    take("staff_count", lambda v: parse_count(v, _label(UNIT_SPECS, "staff_count")))
    take("female_staff_count", lambda v: parse_count(v, _label(UNIT_SPECS, "female_staff_count")))
    take("active", lambda v: parse_yes_no(v, _label(UNIT_SPECS, "active")))
    take("note", lambda v: clean_multiline(v) if isinstance(v, str) else _text(v))
    return Line(number, values, errors)


def _parse_person(number: int, raw: dict[str, Any], memo: dict) -> Line:
    values: dict[str, Any] = {}
    errors: list[str] = []
    take = _taker(raw, values, errors, memo)
    take("full_name", _person_name)
    if not values.get("full_name"):
        values["full_name"] = ""
        errors.append("thiếu họ và tên")
    take("unit", _text)
    if not values.get("unit"):
        values["unit"] = ""
        errors.append("thiếu đơn vị")
    take("gender", parse_gender)
    take("birth", parse_birth)
    take("birth_year", parse_year)
    if not (_blank(raw.get("male_mark")) and _blank(raw.get("female_mark"))):
        _gender_columns(raw, values, errors)
    take("position", _text)
    take("leader", lambda v: parse_yes_no(v, _label(PEOPLE_SPECS, "leader")))
    take("phone", _phone)
    take("address", _text)
    take("active", lambda v: parse_yes_no(v, _label(PEOPLE_SPECS, "active")))
    take("note", lambda v: clean_multiline(v) if isinstance(v, str) else _text(v))
    if "birth" in values:
        birth_date, year = values.pop("birth")
        values["birth_date"] = birth_date
        if "birth_year" in values and year is not None and values["birth_year"] != year:
            errors.append(f"“Ngày sinh” và “Năm sinh” khác nhau ({year} và {values['birth_year']})")
        values["birth_year"] = year if year is not None else values.get("birth_year")
    if "birth_date" in values or "birth_year" in values:
        today = memo.get("today") or memo.setdefault("today", dt.date.today())
        problem = check_birth(values.get("birth_date"), values.get("birth_year"), today)
        if problem:
            errors.append(problem.rstrip("."))
    notes = []
    if values.get("full_name") and values.get("gender"):
        hint = gender_hint(values["full_name"], values["gender"])
        if hint:
            notes.append("lưu ý: " + hint[0].lower() + hint[1:].rstrip("."))
    return Line(number, values, errors, notes)


_GENDER_COLUMNS = (("male_mark", "nam", "Nam"), ("female_mark", "nu", "Nữ"))


def _gender_columns(raw: dict[str, Any], values: dict[str, Any], errors: list[str]) -> None:
    """Lists with separate ``Nam`` and ``Nữ`` columns — often the two halves
    of a merged ``Ngày, tháng, năm sinh`` (or ``Năm sinh``) header: the column
    filled gives the gender, and what is written there — the birth date or
    year, or only a mark (``x``) — the birth. A ``Giới tính`` or ``Ngày sinh``
    column beside them must say the same."""
    filled = [(field_name, code, column) for field_name, code, column in _GENDER_COLUMNS
              if not _blank(raw.get(field_name))]
    if len(filled) == 2:
        errors.append(f"ghi ở cả cột “Nam” ({_text(raw['male_mark'])}) và cột “Nữ” "
                      f"({_text(raw['female_mark'])}); mỗi người chỉ ghi ở một cột: cột “Nam” nếu là nam, "
                      "cột “Nữ” nếu là nữ")
        return
    field_name, code, column = filled[0]
    value = raw[field_name]
    tick = value is True or fold(value) in _TICKS
    stated = values.get("gender")
    if stated is not None and stated != code:
        written = f"đánh dấu ở cột “{column}”" if tick else f"ngày sinh ghi ở cột “{column}”"
        errors.append(f"cột “Giới tính” ghi “{GENDERS[stated]}” nhưng {written}; sửa cho khớp")
    values["gender"] = code
    if tick:
        return
    try:
        birth = parse_birth(value)
    except TextError as exc:
        errors.append(f"cột “{column}”: {exc}")
        return
    if "birth" not in values:
        values["birth"] = birth
        return
    other = values["birth"]  # from a "Ngày sinh" column too: the two must agree
    if other[1] != birth[1] or (other[0] and birth[0] and other[0] != birth[0]):
        errors.append(f"ngày sinh ở cột “{column}” ({_text(value)}) khác cột “Ngày sinh” "
                      f"({format_date(other[0]) if other[0] else other[1]})")
    elif birth[0] and not other[0]:
        values["birth"] = birth


def _block_name(value: Any) -> str:
    name = _text(value)
    problem = name_problem(name, "Tên khối")
    if problem:
        raise TextError(problem)
    return name


def _person_name(value: Any) -> str:
    name = normalise_person_name(_text(value), cleaned=True)
    problem = check_person_name(name, cleaned=True)
    if problem:
        raise TextError(problem.rstrip("."))
    return name


def _phone(value: Any) -> str:
    phone = phone_text(value)
    problem = check_phone(phone, cleaned=True)
    if problem:
        raise TextError(problem.rstrip("."))
    return phone


# --- units: classification ---------------------------------------------------


_UNIT_FIELD_NAMES = {
    "kind": "loại hình", "head_name": "thủ trưởng", "phone": "điện thoại", "address": "địa chỉ",
    "email": "thư điện tử", "staff_count": "số cán bộ", "female_staff_count": "số nữ",
    "active": "hoạt động", "note": "ghi chú",
}
_UNIT_COLUMNS = tuple(_UNIT_FIELD_NAMES)


@dataclass
class _UnitState:
    """What the database holds, as the classification needs it."""

    units: NameIndex
    current: dict[int, UnitFields]
    blocks: NameIndex
    block_names: dict[int, str]
    membership: dict[int, tuple[int, str]]  # unit → (block, role)


def _unit_state(session: Session, campaign_id: int) -> _UnitState:
    u = Unit
    current = {}
    for (unit_id, name, kind, head_name, phone, address, email, staff, female, active, note) in session.execute(
            select(u.id, u.name, u.kind, u.head_name, u.phone, u.address, u.email, u.staff_count,
                   u.female_staff_count, u.active, u.note)):
        current[unit_id] = UnitFields(name, kind or "", head_name or "", phone or "", address or "", email or "",
                                      staff, female, bool(active), note or "")
    block_names = dict(session.execute(select(EmulationBlock.id, EmulationBlock.name)
                                       .where(EmulationBlock.campaign_id == campaign_id)
                                       .order_by(EmulationBlock.position, EmulationBlock.id)).all())
    membership = {unit_id: (block_id, role)
                  for unit_id, (block_id, _, role) in unit_service.memberships(session, campaign_id).items()}
    return _UnitState(unit_service.name_index(session), current, NameIndex(block_names.items()), block_names,
                      membership)


def _classify_units(session: Session, campaign_id: int, lines: list[Line]) -> list[RowOutcome]:
    state = _unit_state(session, campaign_id)
    outcomes = []
    seen: dict[str, int] = {}
    roles_taken: dict[tuple[str, str], int] = {}  # (block key, role) → row
    new_blocks: dict[str, str] = {}
    announced: set[str] = set()
    for line in lines:
        values = line.values
        name = values.get("name", "")
        errors = list(line.errors)
        if name and _is_total_row(name):
            continue
        key = loose_key(name)
        if name and key in seen:
            errors.append(f"trùng tên với dòng {seen[key]}")
        elif name:
            seen[key] = line.row
        match = state.units.find(name) if name else None
        if name and match is None and len(state.units.similar(name)) > 1:
            names = ", ".join(f"“{m.name}”" for m in state.units.similar(name))
            errors.append(f"khớp nhiều đơn vị khác nhau chỉ ở dấu: {names}; ghi đúng dấu")
        # block and role
        block_id, block_name, role = None, None, None
        old_block, old_role = state.membership.get(match.id, (None, "")) if match else (None, "")
        if "block" in values:
            found = state.blocks.find(values["block"])
            if found is not None:
                block_id, block_name = found.id, found.name
            else:
                block_name = new_blocks.setdefault(loose_key(values["block"]), values["block"])
        elif old_block is not None:
            block_id, block_name = old_block, state.block_names[old_block]
        if "role" in values:
            role = values["role"]
            if block_name is None:
                errors.append("có vai trò trong khối nhưng chưa ghi khối thi đua")
            elif role in ("leader", "deputy"):
                slot = (loose_key(block_name), role)
                if slot in roles_taken:
                    errors.append(f"{BLOCK_ROLES[role].lower()} của “{block_name}” đã ghi ở dòng {roles_taken[slot]}")
                else:
                    roles_taken[slot] = line.row
        old = state.current.get(match.id) if match else None
        merged = UnitFields(**{**(old.__dict__ if old else {"name": name}),
                               **{k: values[k] for k in _UNIT_COLUMNS if k in values}})
        merged.name = old.name if old else name
        kind_note = ""
        if old is None and not merged.kind:
            guessed = guess_kind(name)
            if guessed:
                merged.kind = guessed
                kind_note = f"loại hình theo tên: {UNIT_KINDS[guessed]}"
        fields = merged.cleaned()
        if name:
            errors.extend(p.rstrip(".") for p in fields.problems() if "Tên đơn vị" not in p)
        payload = {"fields": fields, "unit_id": match.id if match else None,
                   "block_id": block_id, "block_name": block_name, "block_given": "block" in values,
                   "role": role}
        if errors:
            outcomes.append(RowOutcome(line.row, Outcome.ERROR, name or "(không có tên)", "; ".join(errors)))
            continue
        notes = []
        if block_id is None and block_name is not None and loose_key(block_name) not in announced:
            announced.add(loose_key(block_name))
            notes.append(f"tạo khối mới “{block_name}”")
        if match is not None and not match.exact:
            notes.append(f"khớp với “{match.name}” (bỏ qua dấu, chữ hoa)")
        if old is None:
            if block_name:
                notes.insert(0, f"vào “{block_name}”" + (f" ({BLOCK_ROLES[role].lower()})"
                                                         if role in ("leader", "deputy") else ""))
            if kind_note:
                notes.append(kind_note)
            outcomes.append(RowOutcome(line.row, Outcome.NEW, name, "; ".join(notes), payload))
            continue
        was = old.cleaned()
        changed = [label for f, label in _UNIT_FIELD_NAMES.items() if getattr(fields, f) != getattr(was, f)]
        if "block" in values and (block_id is None or block_id != old_block):
            changed.append(f"khối: {state.block_names.get(old_block, 'chưa có')} → {block_name}")
        if role is not None and (block_id == old_block and role != old_role):
            changed.append(f"vai trò: {BLOCK_ROLES.get(role, '').lower()}")
        elif role in ("leader", "deputy") and block_id != old_block:
            changed.append(f"vai trò: {BLOCK_ROLES[role].lower()}")
        if changed:
            outcomes.append(RowOutcome(line.row, Outcome.UPDATE, match.name,
                                       "đổi " + ", ".join(changed) + ("; " + "; ".join(notes) if notes else ""),
                                       payload))
        else:
            outcomes.append(RowOutcome(line.row, Outcome.UNCHANGED, match.name, "; ".join(notes), payload))
    return outcomes


def preview_units_import(db: Database, path: Path, progress: Progress = no_progress) -> RegistryPreview:
    """Read a units file and say what importing it would do; writes nothing."""
    path = Path(path)
    table, lines = _read(path, UNIT_SPECS, _parse_unit, progress, "name")
    with db.read() as session:
        fingerprint = _fingerprint(session)
        campaign = plan.current_campaign(session)
        outcomes = _classify_units(session, campaign.id, lines)
        year = campaign.year
    return RegistryPreview(path, "units", outcomes, parsed=lines, columns=tuple(table.columns),
                           sheet=table.sheet_name, campaign_year=year, fingerprint=fingerprint)


def apply_units_import(db: Database, preview: RegistryPreview, progress: Progress = no_progress) -> str:
    """Write a previewed units file: all rows in one transaction, or nothing.

    New and changed units, new blocks, places in blocks and the blocks'
    leading and deputy units go in with bulk statements, each row with the
    audit entry the session would have written for it (see :mod:`.bulkwrite`)."""
    def classify(session: Session) -> list[RowOutcome]:
        return _classify_units(session, plan.current_campaign(session).id, preview.parsed)

    with _applying(db, preview, "Nhập danh sách đơn vị", classify) as (session, fresh):
        new_blocks = _write_units(session, plan.current_campaign(session).id, fresh.rows, progress)
    return _done_message(fresh, "đơn vị", new_blocks)


def _write_units(session: Session, campaign_id: int, outcomes: list[RowOutcome], progress: Progress) -> int:
    """Write classified unit rows: the units, the blocks named for the first
    time (checked as saving a block checks it), the units' places in blocks
    and the blocks' leading and deputy units. Returns how many blocks were created."""
    written = [o for o in outcomes if o.outcome in (Outcome.NEW, Outcome.UPDATE)]

    # The units: their fields were cleaned and checked (names against the
    # database and one another) when the rows were classified, in this
    # transaction or on the same data.
    table = Unit.__table__
    stored = {row["id"]: row for row in session.execute(select(table)).mappings()}
    new_rows: list[dict[str, Any]] = []
    changes: list[tuple[int, str, dict[str, tuple[Any, Any]]]] = []
    for outcome in written:
        unit_id, fields = outcome.payload["unit_id"], outcome.payload["fields"]
        columns = unit_service.unit_columns(fields)
        if unit_id is None:
            new_rows.append(columns)
        else:
            changes.append((unit_id, fields.name, _diff(stored[unit_id], columns)))
    new_ids = iter(_write_rows(session, table, new_rows, changes, "đơn vị", progress))
    unit_ids = [o.payload["unit_id"] if o.payload["unit_id"] is not None else next(new_ids) for o in written]

    # The year's blocks as they stand (by id) and those named for the first
    # time (by name without accents, in the order the file names them).
    progress(0, 0, "Đang xếp đơn vị vào khối thi đua…")
    blocks_t = EmulationBlock.__table__
    blocks_before = {row["id"]: row for row in session.execute(
        select(blocks_t.c.id, blocks_t.c.name, blocks_t.c.position, blocks_t.c.leader_unit_id,
               blocks_t.c.deputy_unit_id).where(blocks_t.c.campaign_id == campaign_id)).mappings()}
    blocks: dict[int | str, dict[str, Any]] = {block_id: dict(row) for block_id, row in blocks_before.items()}
    block_index = NameIndex((block_id, row["name"]) for block_id, row in blocks_before.items())
    position = max((row["position"] or 0 for row in blocks_before.values()), default=0)
    for outcome in outcomes:
        name = outcome.payload["block_name"]
        if outcome.payload["block_id"] is None and name and loose_key(name) not in blocks:
            try:
                block_service.check_block(block_index, block_service.BlockFields(name=name))
            except UserError as exc:
                raise UserError(f"Dòng {outcome.row} ({outcome.name}): {exc}") from None
            position += 1
            name = clean(name)
            blocks[loose_key(name)] = {"campaign_id": campaign_id, "position": position, "name": name,
                                       "name_key": name_key(name), "leader_unit_id": None,
                                       "deputy_unit_id": None, "note": ""}
            block_index.add(-position, name)  # named before it has its id

    def block_of(payload: dict[str, Any]) -> int | str | None:
        if payload["block_id"] is not None or not payload["block_name"]:
            return payload["block_id"]
        return loose_key(payload["block_name"])

    # Places in blocks: a unit named with a block, and every new unit, goes
    # there; leaving a block leaves its leading or deputy role there. Then the roles.
    places = {unit_id: (place_id, block_id) for place_id, unit_id, block_id in session.execute(
        select(BlockMembership.id, BlockMembership.unit_id, BlockMembership.block_id)
        .where(BlockMembership.campaign_id == campaign_id))}
    joins: list[tuple[int, int | str]] = []
    moves: list[tuple[int, int, int | str]] = []
    roles: list[tuple[int | str, int, str]] = []
    for outcome, unit_id in zip(written, unit_ids):
        payload = outcome.payload
        block = block_of(payload)
        if block is None:  # no block named and none before: the unit stays out of blocks
            continue
        if payload["block_given"] or payload["unit_id"] is None:
            place = places.get(unit_id)
            if place is None:
                joins.append((unit_id, block))
            elif place[1] != block:
                if place[1] in blocks:
                    _set_role(blocks[place[1]], unit_id, None)
                moves.append((place[0], place[1], block))
        if payload["role"] is not None:
            roles.append((block, unit_id, payload["role"]))
    for block, unit_id, role in roles:
        _set_role(blocks[block], unit_id, role)

    # New blocks go in with their leading and deputy units; the others change theirs.
    created = [key for key in blocks if isinstance(key, str)]
    block_ids: dict[int | str, int] = {block_id: block_id for block_id in blocks_before}
    block_ids.update(zip(created, insert_rows(session, blocks_t, [blocks[key] for key in created])))
    update_rows(session, blocks_t, [(block_id, row["name"], _diff(row, blocks[block_id]))
                                    for block_id, row in blocks_before.items()])
    memberships = BlockMembership.__table__
    insert_rows(session, memberships, [{"campaign_id": campaign_id, "block_id": block_ids[block], "unit_id": unit_id}
                                       for unit_id, block in joins])
    update_rows(session, memberships, [(place_id, "", {"block_id": (old, block_ids[block])})
                                       for place_id, old, block in moves])
    progress(1, 1, "Xong")
    return len(created)


def _set_role(block: dict[str, Any], unit_id: int, role: str | None) -> None:
    """A unit's role in ``block`` (its leader and deputy ids): ``leader``,
    ``deputy``, or neither (``member``, or None when it leaves the block)."""
    for column, wanted in (("leader_unit_id", "leader"), ("deputy_unit_id", "deputy")):
        if role == wanted:
            block[column] = unit_id
        elif block[column] == unit_id:
            block[column] = None


def _diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{column: (old, new)}`` for the columns of ``new`` whose value changes."""
    return {key: (old[key], value) for key, value in new.items() if old[key] != value}


@contextlib.contextmanager
def _applying(db: Database, preview: RegistryPreview, what: str,
              classify: Callable[[Session], list[RowOutcome]]) -> Iterator[tuple[Session, RegistryPreview]]:
    """The frame every registry import writes in: the role may import, the
    preview has no errors, a backup first, then one transaction in which the
    rows are classified again (unless nothing changed since the preview) and
    must still have no errors. Yields the session and the fresh outcomes."""
    accounts.require(db, Action.IMPORT)
    preview.require_ok()
    db.checkpoint(f"Trước khi nhập tệp {preview.path.name}")
    with db.transaction(reason=f"{what} từ tệp {preview.path.name}") as session:
        if preview.fingerprint and preview.fingerprint == _fingerprint(session):
            outcomes = preview.rows  # nothing changed since the preview: its outcomes stand
        else:
            outcomes = classify(session)
        fresh = RegistryPreview(preview.path, preview.kind, outcomes)
        fresh.require_ok()
        yield session, fresh


def _write_rows(session: Session, table: Table, new_rows: list[dict[str, Any]],
                changes: list[tuple[int, str, dict[str, tuple[Any, Any]]]], what: str,
                progress: Progress) -> list[int]:
    """Insert ``new_rows`` chunk by chunk (with progress) and apply ``changes``,
    each row audited (see :mod:`.bulkwrite`); returns the new ids in order."""
    total = len(new_rows)
    ids: list[int] = []
    progress(0, total, f"Đang ghi {total} {what} mới…")
    for start in range(0, total, CHUNK):
        ids.extend(insert_rows(session, table, new_rows[start:start + CHUNK]))
        done = min(start + CHUNK, total)
        progress(done, total, f"Đã ghi {done}/{total} {what}…")
    if changes:
        progress(0, 0, f"Đang cập nhật {len(changes)} {what}…")
        update_rows(session, table, changes)
    return ids


def _done_message(preview: ImportPreview, what: str, new_blocks: int = 0) -> str:
    parts = [f"thêm {preview.count(Outcome.NEW)} {what}"]
    if preview.count(Outcome.UPDATE):
        parts.append(f"cập nhật {preview.count(Outcome.UPDATE)}")
    if preview.count(Outcome.UNCHANGED):
        parts.append(f"{preview.count(Outcome.UNCHANGED)} không đổi")
    if new_blocks:
        parts.append(f"tạo {new_blocks} khối thi đua mới")
    return f"Đã nhập tệp “{preview.path.name}”: " + ", ".join(parts) + "."


# --- people: classification --------------------------------------------------

_PERSON_FIELDS = ("gender", "birth_date", "birth_year", "position", "is_leader", "phone", "address", "active", "note")
_PERSON_FIELD_NAMES = {
    "gender": "giới tính", "birth_date": "ngày sinh", "birth_year": "năm sinh", "position": "chức vụ",
    "is_leader": "lãnh đạo", "phone": "điện thoại", "address": "địa chỉ", "active": "đang công tác",
    "note": "ghi chú",
}
_PERSON_COLUMNS = ("id", "full_name", "name_key", "unit_id") + _PERSON_FIELDS


def _same_birth(a_date, a_year, b_date, b_year) -> bool:
    if a_date and b_date:
        return a_date == b_date
    if a_year and b_year:
        return a_year == b_year
    return True


def _classify_people(session: Session, lines: list[Line], leader_column: bool,
                     progress: Progress = no_progress) -> list[RowOutcome]:
    """Each line against the database (its cells were checked when read)."""
    today = dt.date.today()
    units = unit_service.name_index(session)
    unit_names = dict(session.execute(select(Unit.id, Unit.name)).all())
    table = Person.__table__
    existing: dict[tuple[int | None, str], list[dict[str, Any]]] = {}
    for row in session.execute(select(*[table.c[c] for c in _PERSON_COLUMNS])).mappings():
        existing.setdefault((row["unit_id"], row["name_key"]), []).append(dict(row))
    resolved: dict[str, tuple[int | None, str]] = {}  # unit text → (id, error)

    def resolve(text: str) -> tuple[int | None, str]:
        hit = resolved.get(text)
        if hit is None:
            found = units.find(text)
            if found is not None:
                hit = (found.id, "")
            elif len(units.similar(text)) > 1:
                hit = (None, f"đơn vị “{text}” khớp nhiều đơn vị chỉ khác dấu: "
                             + ", ".join(f"“{m.name}”" for m in units.similar(text)))
            else:
                suggestion = units.suggest(text)
                hit = (None, f"chưa có đơn vị “{text}” trong danh sách đơn vị"
                             + (f" (có phải “{suggestion}”?)" if suggestion else
                                "; hãy nhập danh sách đơn vị trước"))
            resolved[text] = hit
        return hit

    in_file: dict[tuple[int, str], list[tuple[int, Any, Any]]] = {}
    outcomes: list[RowOutcome] = []
    total = len(lines)
    for i, line in enumerate(lines):
        if i % 2000 == 0:
            progress(i, total, f"Đang đối chiếu dòng {line.row}…")
        values = line.values
        name = values.get("full_name", "")
        errors = list(line.errors)
        unit_id = None
        if values.get("unit"):
            unit_id, problem = resolve(values["unit"])
            if problem:
                errors.append(problem)
        key = name_key(name) if name else ""
        candidates: list[dict[str, Any]] = []
        birth_date, birth_year = values.get("birth_date"), values.get("birth_year")
        if unit_id is not None and key:
            group = in_file.setdefault((unit_id, key), [])
            for other_row, other_date, other_year in group:
                if _same_birth(birth_date, birth_year, other_date, other_year):
                    errors.append(f"trùng với dòng {other_row} (cùng họ tên, cùng đơn vị"
                                  + ("" if birth_date or birth_year else "; ghi ngày sinh nếu là hai người") + ")")
                    break
            else:
                group.append((line.row, birth_date, birth_year))
            candidates = [c for c in existing.get((unit_id, key), [])
                          if _same_birth(birth_date, birth_year, c["birth_date"], c["birth_year"])]
            if len(candidates) > 1:
                errors.append(f"đơn vị có {len(candidates)} người cùng tên “{name}”; ghi ngày sinh để phân biệt")
        old = candidates[0] if len(candidates) == 1 else None
        new: dict[str, Any] = dict(old) if old else {
            "full_name": name, "name_key": key, "unit_id": unit_id, "gender": "", "birth_date": None,
            "birth_year": None, "position": "", "is_leader": False, "phone": "", "address": "",
            "active": True, "note": ""}
        for f in ("gender", "birth_date", "birth_year", "position", "phone", "address", "active", "note"):
            if f in values and values[f] is not None:
                new[f] = values[f]
        notes = list(line.notes)
        if "leader" in values:
            new["is_leader"] = values["leader"]
        elif old is None and not leader_column and new["position"]:
            new["is_leader"] = is_leader_position(new["position"])
            if new["is_leader"]:
                notes.append("lãnh đạo (theo chức vụ)")
        if old is not None and ("birth_date" in values or "birth_year" in values):
            problem = check_birth(new["birth_date"], new["birth_year"], today)  # the file's and the stored
            if problem:
                errors.append(problem.rstrip("."))
        if errors:
            outcomes.append(RowOutcome(line.row, Outcome.ERROR, name or "(không có tên)", "; ".join(errors)))
            continue
        shown = f"{name} — {unit_names.get(unit_id, '')}"
        if old is None:
            outcomes.append(RowOutcome(line.row, Outcome.NEW, shown, "; ".join(notes), {"row": new}))
            continue
        changes = {f: (old[f], new[f]) for f in _PERSON_FIELDS if old[f] != new[f]}
        if changes:
            text = "đổi " + ", ".join(_PERSON_FIELD_NAMES[f] for f in changes)
            outcomes.append(RowOutcome(line.row, Outcome.UPDATE, shown, "; ".join([text, *notes]),
                                       {"id": old["id"], "label": old["full_name"], "changes": changes}))
        else:
            outcomes.append(RowOutcome(line.row, Outcome.UNCHANGED, shown, "; ".join(notes)))
    return outcomes


def preview_people_import(db: Database, path: Path, progress: Progress = no_progress) -> RegistryPreview:
    """Read a people file and say what importing it would do; writes nothing."""
    path = Path(path)
    table, lines = _read(path, PEOPLE_SPECS, _parse_person, progress, "full_name")
    with db.read() as session:
        fingerprint = _fingerprint(session)
        outcomes = _classify_people(session, lines, "leader" in table.columns, progress)
        year = plan.current_campaign(session).year
    return RegistryPreview(path, "people", outcomes, parsed=lines, columns=tuple(table.columns),
                           sheet=table.sheet_name, campaign_year=year, fingerprint=fingerprint)


def _fingerprint(session: Session) -> tuple:
    """Changes to units, blocks or people since a preview show here: every
    write through the app adds audit rows, and inserts and deletions move the
    counts."""
    parts = [select(func.max(AuditEntry.id)).scalar_subquery()]
    for model in (Person, Unit, EmulationBlock, BlockMembership):
        parts += [select(func.count(model.id)).scalar_subquery(), select(func.max(model.id)).scalar_subquery()]
    return tuple(session.execute(select(*parts)).one())


def apply_people_import(db: Database, preview: RegistryPreview, progress: Progress = no_progress) -> str:
    """Write a previewed people file: all rows in one transaction, or nothing.

    New people go in with multi-row inserts and changed ones with executemany
    updates; each row still gets its audit entry (see :mod:`.bulkwrite`)."""
    def classify(session: Session) -> list[RowOutcome]:
        return _classify_people(session, preview.parsed, "leader" in preview.columns)

    with _applying(db, preview, "Nhập danh sách cá nhân", classify) as (session, fresh):
        _write_rows(session, Person.__table__,
                    [o.payload["row"] for o in fresh.rows if o.outcome is Outcome.NEW],
                    [(o.payload["id"], o.payload["label"], o.payload["changes"])
                     for o in fresh.rows if o.outcome is Outcome.UPDATE], "cá nhân", progress)
    return _done_message(fresh, "cá nhân")


# --- writing -----------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    header: str
    width: float
    kind: str = "text"  # text, phone, date, int
    choices: str | None = None  # name of a list on the "Danh mục" sheet
    strict: bool = True  # False: values outside the list are allowed (with a warning)
    required: bool = False


_UNIT_COLS = [
    _Col("STT", 6, "int"),
    _Col("Tên đơn vị", 42, required=True),
    _Col("Loại hình", 22, choices="kind"),
    _Col("Khối thi đua", 36, choices="block", strict=False),
    _Col("Vai trò trong khối", 16, choices="role"),
    _Col("Thủ trưởng", 24),
    _Col("Điện thoại", 15, "phone"),
    _Col("Địa chỉ", 34),
    _Col("Thư điện tử", 26),
    _Col("Số cán bộ, người lao động", 13, "int"),
    _Col("Trong đó nữ", 10, "int"),
    _Col("Đang hoạt động", 11, choices="yesno"),
    _Col("Ghi chú", 30),
]

_PEOPLE_COLS = [
    _Col("STT", 6, "int"),
    _Col("Họ và tên", 26, required=True),
    _Col("Giới tính", 9, choices="gender"),
    _Col("Ngày sinh", 12, "date"),
    _Col("Năm sinh", 9, "int"),
    _Col("Chức vụ", 28),
    _Col("Đơn vị", 40, choices="unit", strict=False, required=True),
    _Col("Lãnh đạo", 10, choices="yesno"),
    _Col("Điện thoại", 15, "phone"),
    _Col("Địa chỉ", 30),
    _Col("Đang công tác", 11, choices="yesno"),
    _Col("Ghi chú", 26),
]

LIST_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
HEADER_ROW = 4
TEMPLATE_ROWS = 1000


def _lists(session: Session, campaign_id: int) -> dict[str, list[str]]:
    blocks = [b.name for b in block_service.list_blocks(session, campaign_id)]
    unit_names = sorted(session.scalars(select(Unit.name).where(Unit.active.is_(True))), key=collation_key)
    return {
        "kind": list(UNIT_KINDS.values()),
        "block": blocks,
        "role": list(BLOCK_ROLES.values()),
        "gender": list(GENDERS.values()),
        "yesno": [_YES, _NO],
        "unit": unit_names,
    }


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "title": Font(name="Times New Roman", size=14, bold=True),
        "subtitle": Font(name="Times New Roman", size=11, italic=True),
        "header": Font(name="Times New Roman", size=11, bold=True),
        "required": Font(name="Times New Roman", size=11, bold=True, color="B3261E"),
        "body": Font(name="Times New Roman", size=11),
        "fill": PatternFill("solid", fgColor="DCE6F1"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
    }


def _write_list_sheet(wb, lists: dict[str, list[str]]) -> dict[str, str]:
    """The hidden sheet the dropdowns read from; returns list name → range formula."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(LIST_SHEET)
    refs = {}
    titles = {"kind": "Loại hình", "block": "Khối thi đua", "role": "Vai trò trong khối", "gender": "Giới tính",
              "yesno": "Có/Không", "unit": "Đơn vị"}
    for col, (name, items) in enumerate(lists.items(), start=1):
        ws.cell(row=1, column=col, value=titles[name])
        for row, item in enumerate(items, start=2):
            make_inert(ws.cell(row=row, column=col, value=item))
        letter = get_column_letter(col)
        if items:
            refs[name] = f"'{LIST_SHEET}'!${letter}$2:${letter}${len(items) + 1}"
        ws.column_dimensions[letter].width = 36
    ws.sheet_state = "hidden"
    return refs


def _write_table(ws, title: str, subtitle: str, cols: list[_Col], rows: list[list[Any]],
                 refs: dict[str, str], progress: Progress = no_progress) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    last_col = get_column_letter(len(cols))
    ws.cell(row=1, column=1, value=title).font = st["title"]
    ws.merge_cells(f"A1:{last_col}1")
    ws.cell(row=1, column=1).alignment = st["center"]
    ws.cell(row=2, column=1, value=subtitle).font = st["subtitle"]
    ws.merge_cells(f"A2:{last_col}2")
    ws.cell(row=2, column=1).alignment = st["center"]
    ws.row_dimensions[HEADER_ROW].height = 32
    for c, col in enumerate(cols, start=1):
        header = ws.cell(row=HEADER_ROW, column=c, value=col.header)
        header.font = st["required"] if col.required else st["header"]
        header.fill = st["fill"]
        header.border = st["border"]
        header.alignment = st["center"]
        ws.column_dimensions[get_column_letter(c)].width = col.width
    total = len(rows)
    body, border = st["body"], st["border"]
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, (col, value) in enumerate(zip(cols, values), start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = body
            cell.border = border
            if col.kind == "phone":
                cell.number_format = "@"
            elif col.kind == "date":
                cell.number_format = "dd/mm/yyyy"
            make_inert(cell)
        if total > 2000 and (r - HEADER_ROW) % 2000 == 0:
            progress(r - HEADER_ROW, total, f"Đang ghi dòng {r - HEADER_ROW}/{total}…")
    last_row = HEADER_ROW + max(TEMPLATE_ROWS, total + 500)
    for c, col in enumerate(cols, start=1):
        letter = get_column_letter(c)
        if col.kind == "phone":  # new cells typed in the column stay text too
            ws.column_dimensions[letter].number_format = "@"
        if col.choices and col.choices in refs:
            dv = DataValidation(type="list", formula1=f"={refs[col.choices]}", allow_blank=True)
            dv.showErrorMessage = True
            dv.errorStyle = "stop" if col.strict else "warning"
            dv.errorTitle = col.header
            dv.error = ("Hãy chọn một giá trị trong danh sách." if col.strict else
                        "Giá trị này chưa có trong danh sách. Vẫn ghi?")
            dv.promptTitle = col.header
            dv.prompt = "Chọn trong danh sách"
            dv.showInputMessage = False
            ws.add_data_validation(dv)
            dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{HEADER_ROW + max(total, 1)}"
    excel_print.setup_page(ws, (HEADER_ROW, HEADER_ROW), landscape=True)


def _write_help(wb, title: str, paragraphs: list[tuple[str, str]]) -> None:
    st = _styles()
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws.cell(row=1, column=1, value=title).font = st["title"]
    for r, (head, text) in enumerate(paragraphs, start=3):
        a = ws.cell(row=r, column=1, value=head)
        a.font = st["header"]
        a.alignment = st["wrap"]
        b = ws.cell(row=r, column=2, value=text)
        b.font = st["body"]
        b.alignment = st["wrap"]
        make_inert(b)
        ws.row_dimensions[r].height = max(18, 16 * (1 + len(text) // 95 + text.count("\n")))
    excel_print.setup_page(ws, landscape=True)


def _common_help(what: str, cli: str) -> list[tuple[str, str]]:
    return [
        ("Nhập vào chương trình",
         f"Trong chương trình: trang “Đơn vị, khối, cá nhân” › thẻ “{what}” › nút “Nhập từ Excel…”. "
         f"Hoặc từ dòng lệnh: {cli} TỆP.xlsx (thêm --dry-run để chỉ xem trước). Trước khi ghi, chương trình "
         "liệt kê từng dòng sẽ được thêm mới, cập nhật, giữ nguyên hay bị lỗi (kèm số dòng và lý do). "
         "Chỉ khi không còn dòng lỗi thì cả tệp mới được nhập; nếu có lỗi thì không dòng nào được ghi."),
        ("Dòng tiêu đề",
         "Dòng tiêu đề có thể nằm ở bất kỳ dòng nào trong 10 dòng đầu; thứ tự cột, chữ hoa, chữ thường, "
         "có dấu hay không dấu đều được. Cột tô đỏ là bắt buộc. Cột “STT” và các cột lạ được bỏ qua; "
         "dòng trống được bỏ qua. Tiêu đề hai dòng cũng được: một ô gộp ngang ở dòng trên, tên các cột con ở "
         "dòng dưới (ví dụ “Số cán bộ” gộp trên “Tổng số” và “Trong đó nữ”), các ô khác gộp dọc hai dòng. "
         "Ô gộp dọc qua nhiều dòng dữ liệu (“Đơn vị” gộp trên các cá nhân của đơn vị, “Khối thi đua” gộp trên "
         "các đơn vị của khối) được tính cho từng dòng mà ô đó phủ; riêng tên đơn vị, họ và tên thì dòng nào "
         "cũng phải tự ghi."),
        ("Ô để trống",
         "Khi cập nhật một bản ghi đã có, ô để trống nghĩa là giữ nguyên giá trị đang lưu trong chương trình "
         "(không xóa). Muốn xóa một giá trị, hãy sửa trực tiếp trong chương trình."),
        ("Tên trùng",
         "Tên được so sánh không phân biệt chữ hoa, khoảng trắng thừa và cách bỏ dấu thanh cũ/mới "
         "(“Hoà” và “Hòa” là một). Hai dòng cùng tên trong một tệp là lỗi."),
        ("Cột có danh sách chọn",
         "Các cột có mũi tên chọn lấy giá trị từ trang ẩn “Danh mục”. Có thể gõ tay, không cần dấu."),
        ("Số điện thoại", "Giữ nguyên số 0 ở đầu (cột đã định dạng văn bản). "
                          "Nếu Excel làm mất số 0, chương trình tự thêm lại cho số 9–10 chữ số."),
    ]


def _save(wb, path: Path) -> None:
    """Save atomically (:func:`..storage.atomic.save_workbook`) after checking the name and folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tên tệp “{path.name}” phải có đuôi .xlsx.")
    if not path.parent.exists():
        raise UserError(f"Không có thư mục “{path.parent}”.")
    atomic.save_workbook(wb, path)


def _new_workbook():
    from openpyxl import Workbook

    wb = Workbook()
    return wb, wb.active


def _unit_order(rows: list[unit_service.UnitRow], blocks: list[block_service.BlockRow]):
    position = {b.id: i for i, b in enumerate(blocks)}
    return sorted(rows, key=lambda u: (u.block_id is None, position.get(u.block_id, 0), collation_key(u.name)))


def _unit_values(i: int, u: unit_service.UnitRow) -> list[Any]:
    role = BLOCK_ROLES.get(u.block_role, "") if u.block_id is not None else ""
    return [i, u.name, UNIT_KINDS.get(u.kind, ""), u.block_name, role, u.head_name, u.phone, u.address,
            u.email, u.staff_count, u.female_staff_count, _YES if u.active else _NO, u.note]


def _units_help(year: int) -> list[tuple[str, str]]:
    return [
        ("Mục đích", f"Danh sách các cơ quan, đơn vị, doanh nghiệp, tổ dân phố, trường học, Mặt trận và đoàn thể "
                     f"tham gia phong trào thi đua năm {year}, kèm khối thi đua của từng đơn vị."),
        ("Tên đơn vị (bắt buộc)", "Ghi đầy đủ, đúng tên gọi, ví dụ “Tổ dân phố số 1”, “Trường Tiểu học Bạch Đằng”."),
        ("Loại hình", "Chọn một trong: " + "; ".join(UNIT_KINDS.values()) + ". Để trống thì chương trình đoán "
                      "theo tên (ví dụ tên bắt đầu bằng “Tổ dân phố” là tổ dân phố)."),
        ("Khối thi đua", f"Khối thi đua năm {year} của đơn vị. Khối chưa có sẽ được tạo mới khi nhập."),
        ("Vai trò trong khối", "“Trưởng khối”, “Phó khối” hoặc “Thành viên” (để trống là thành viên). "
                               "Mỗi khối có một trưởng khối và một phó khối."),
        ("Số cán bộ, người lao động", "Tổng số cán bộ, công chức, viên chức, người lao động (số nguyên); "
                                      "“Trong đó nữ” không được lớn hơn tổng số."),
        ("Đang hoạt động", "“Có” hoặc “Không”. Đơn vị đã giải thể, sáp nhập ghi “Không” (giữ lại lịch sử)."),
        *_common_help("Đơn vị", "thidua units import"),
    ]


def _people_help(year: int) -> list[tuple[str, str]]:
    return [
        ("Mục đích", f"Danh sách cá nhân (cán bộ, công chức, viên chức, người lao động, hội viên, người dân) "
                     f"có thể được xét khen thưởng năm {year}."),
        ("Họ và tên (bắt buộc)", "Ghi đầy đủ, không viết tắt. Tên viết IN HOA hoặc chữ thường được sửa thành "
                                 "“Nguyễn Văn An”."),
        ("Đơn vị (bắt buộc)", "Tên đơn vị công tác, phải có trong danh sách đơn vị (không cần đúng dấu, chữ hoa). "
                              "Hãy nhập danh sách đơn vị trước danh sách cá nhân."),
        ("Giới tính", "“Nam” hoặc “Nữ”."),
        ("Tiêu đề hai dòng Nam/Nữ",
         "Cũng nhập được danh sách theo mẫu thường dùng có tiêu đề hai dòng: ô “Ngày, tháng, năm sinh” (hoặc "
         "“Năm sinh”) gộp trên hai cột con “Nam” và “Nữ”, các cột khác gộp dọc hai dòng. Ngày sinh (hoặc năm "
         "sinh) của nam ghi ở cột “Nam”, của nữ ghi ở cột “Nữ”; chương trình lấy giới tính theo cột được ghi. "
         "Mỗi người chỉ ghi ở một trong hai cột; nếu có thêm cột “Giới tính” thì phải khớp."),
        ("Ngày sinh, Năm sinh", "Ngày sinh dạng ngày/tháng/năm (05/12/1980) hoặc ô ngày của Excel; nếu chỉ biết năm "
                                "thì ghi vào “Năm sinh” (hoặc ghi năm vào “Ngày sinh”)."),
        ("Lãnh đạo", "“Có” nếu người này giữ chức vụ lãnh đạo, quản lý (Chủ tịch, Phó Chủ tịch, Trưởng, Phó phòng, "
                     "Hiệu trưởng…). Kế hoạch thi đua chú trọng khen thưởng người trực tiếp lao động, công tác, nên "
                     "tỷ lệ lãnh đạo trong danh sách khen thưởng được báo cáo. Không có cột này thì chương trình "
                     "suy ra từ chức vụ."),
        ("Trùng tên", "Hai người cùng họ tên trong cùng một đơn vị được phân biệt bằng ngày (năm) sinh."),
        ("Chuyển đơn vị", "Người chuyển sang đơn vị khác: sửa “Đơn vị” trong chương trình. Nhập tệp ghi đơn vị mới "
                          "sẽ thêm một người mới ở đơn vị đó (người cũ vẫn ở đơn vị cũ)."),
        ("Đang công tác", "“Có” hoặc “Không” (đã nghỉ hưu, chuyển công tác)."),
        *_common_help("Cá nhân", "thidua people import"),
    ]


def _ward_line(session: Session, text: str) -> str:
    ward = plan.ward(session)
    return f"{ward.full_name} — {text}"


def write_units_template(db: Database, path: Path) -> Path:
    """A blank units list with instructions and dropdowns."""
    with db.read() as session:
        campaign = plan.current_campaign(session)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, "mẫu nhập danh sách đơn vị (xem trang “Hướng dẫn”)")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Đơn vị"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM {year}", subtitle, _UNIT_COLS, [], refs)
    _write_help(wb, "HƯỚNG DẪN ĐIỀN DANH SÁCH ĐƠN VỊ", _units_help(year))
    wb.move_sheet(HELP_SHEET, offset=-1)
    wb.active = wb.sheetnames.index("Đơn vị")
    _save(wb, path)
    return Path(path)


def write_people_template(db: Database, path: Path) -> Path:
    with db.read() as session:
        campaign = plan.current_campaign(session)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, "mẫu nhập danh sách cá nhân (xem trang “Hướng dẫn”)")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Cá nhân"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH CÁ NHÂN NĂM {year}", subtitle, _PEOPLE_COLS, [], refs)
    _write_help(wb, "HƯỚNG DẪN ĐIỀN DANH SÁCH CÁ NHÂN", _people_help(year))
    wb.move_sheet(HELP_SHEET, offset=-1)
    wb.active = wb.sheetnames.index("Cá nhân")
    _save(wb, path)
    return Path(path)


def export_units(db: Database, path: Path, progress: Progress = no_progress) -> int:
    """Every unit with its block, the blocks, and the registrations; returns the unit count."""
    from openpyxl.styles import Font

    progress(0, 0, "Đang đọc danh sách đơn vị…")
    with db.read() as session:
        campaign = plan.current_campaign(session)
        units = unit_service.list_units(session, campaign.id)
        block_rows = block_service.list_blocks(session, campaign.id)
        regs = registration_service.list_registrations(session, campaign.id)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, f"xuất ngày {format_date(dt.date.today())}")
        year = campaign.year
    wb, ws = _new_workbook()
    ws.title = "Đơn vị"
    refs = _write_list_sheet(wb, lists)
    ordered = _unit_order(units, block_rows)
    _write_table(ws, f"DANH SÁCH ĐƠN VỊ THAM GIA PHONG TRÀO THI ĐUA NĂM {year}", subtitle, _UNIT_COLS,
                 [_unit_values(i, u) for i, u in enumerate(ordered, start=1)], refs, progress)
    blocks_ws = wb.create_sheet("Khối thi đua")
    _write_table(blocks_ws, f"CÁC KHỐI THI ĐUA NĂM {year}", subtitle, [
        _Col("STT", 6, "int"), _Col("Khối thi đua", 34), _Col("Trưởng khối", 34), _Col("Phó khối", 34),
        _Col("Số đơn vị", 10, "int"), _Col("Các đơn vị thành viên", 90)],
        [[i, b.name, b.leader_name, b.deputy_name, b.member_count, b.member_names]
         for i, b in enumerate(block_rows, start=1)], {})
    regs_ws = wb.create_sheet("Đăng ký thi đua")
    order = {u.id: i for i, u in enumerate(ordered)}
    _write_table(regs_ws, f"ĐĂNG KÝ THI ĐUA NĂM {year}", subtitle, [
        _Col("STT", 6, "int"), _Col("Đơn vị", 42), _Col("Khối thi đua", 30), _Col("Ngày đăng ký", 12, "date"),
        _Col("Danh hiệu, hình thức đăng ký", 60), _Col("Ghi chú", 30)],
        [[i, r.unit_name, r.block_name, r.registered_on, r.titles_text if r.registered else "Chưa đăng ký", r.note]
         for i, r in enumerate(sorted(regs, key=lambda r: order.get(r.unit_id, 0)), start=1)], {})
    for sheet in (blocks_ws, regs_ws):
        sheet.cell(row=HEADER_ROW - 1, column=1,
                   value="Trang này để xem và in; khi nhập lại, chương trình chỉ đọc trang “Đơn vị”.").font = \
            Font(name="Times New Roman", size=10, italic=True)
    _write_help(wb, "HƯỚNG DẪN", _units_help(year))
    wb.active = 0
    progress(1, 1, "Đang lưu tệp…")
    _save(wb, path)
    return len(units)


def _people_values(i: int, p: people_service.PersonRow) -> list[Any]:
    return [i, p.full_name, GENDERS.get(p.gender, ""), p.birth_date, p.birth_year, p.position, p.unit_name,
            _YES if p.is_leader else _NO, p.phone, p.address, _YES if p.active else _NO, p.note]


def export_people(db: Database, path: Path, progress: Progress = no_progress) -> int:
    """Everyone, unit by unit (leaders first, then by given name); returns the count."""
    progress(0, 0, "Đang đọc danh sách cá nhân…")
    with db.read() as session:
        campaign = plan.current_campaign(session)
        rows = people_service.list_people(session, campaign.id)
        units = unit_service.list_units(session, campaign.id)
        block_rows = block_service.list_blocks(session, campaign.id)
        lists = _lists(session, campaign.id)
        subtitle = _ward_line(session, f"xuất ngày {format_date(dt.date.today())}")
        year = campaign.year
    order = {u.id: i for i, u in enumerate(_unit_order(units, block_rows))}
    rows.sort(key=lambda p: (order.get(p.unit_id, len(order)), not p.is_leader, person_sort_key(p.full_name)))
    wb, ws = _new_workbook()
    ws.title = "Cá nhân"
    refs = _write_list_sheet(wb, lists)
    _write_table(ws, f"DANH SÁCH CÁ NHÂN NĂM {year}", subtitle, _PEOPLE_COLS,
                 [_people_values(i, p) for i, p in enumerate(rows, start=1)], refs, progress)
    _write_help(wb, "HƯỚNG DẪN", _people_help(year))
    wb.active = 0
    progress(1, 1, "Đang lưu tệp…")
    _save(wb, path)
    return len(rows)


