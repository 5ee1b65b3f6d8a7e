"""Reading a units or people file into checked lines (:class:`Line`), before any classification."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Sequence

from ...domain.registry import check_birth, gender_hint, parse_birth
from ...domain.text import TextError, fold, format_date
from ...domain.units import GENDERS
from ...errors import UserError
from ..xlsx.files import HeaderSpec, cell_text, find_table
from ..xlsx.importing import ImportPreview
from ..progress import Progress
from ..xlsx.columns import Column
from .columns import PEOPLE_COLUMNS, UNIT_COLUMNS

_TICKS = {"x", "v", "✓", "✔", "1", "co"}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_TOTAL_ROWS = ("tong cong", "cong", "tong so", "tong")


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
    names, width = tuple(columns), max(columns.values()) + 1
    take = itemgetter(*columns.values()) if len(columns) > 1 else None
    for i, (number, values) in enumerate(table.rows):
        if take is not None and len(values) >= width:  # a row reaching the last known column (most)
            raw = dict(zip(names, take(values)))
        else:
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


@dataclass(frozen=True, slots=True)
class _Cell:
    """How a row's cell of one column is read: by the column's reader
    (``convert``), or by the line's parser (``own``); a required cell left
    blank is named in ``missing``."""

    field: str
    convert: Callable[[Any], Any] | None
    own: bool
    required: bool
    missing: str


_OWN = frozenset({"male_mark"})  # read by the people parser itself (:func:`_gender_columns`)


def _plan(columns: Sequence[Column]) -> tuple[_Cell, ...]:
    """The columns a row is read by, the required first; those neither
    required nor read by their own reader or the parser (``STT``; the ``Nữ``
    half of a ``Nam``/``Nữ`` pair, read with its ``Nam`` half) are left out."""
    ordered = sorted(columns, key=lambda c: not c.required)
    return tuple(_Cell(c.field, c.convert if c.read is not None else None, c.field in _OWN, c.required,
                       f"thiếu {c.header.lower()}")
                 for c in ordered if c.read is not None or c.field in _OWN or c.required)


_UNIT_READ = _plan(UNIT_COLUMNS)
_PEOPLE_READ = _plan(PEOPLE_COLUMNS)


def _read_cells(plan: Sequence[_Cell], raw: dict[str, Any], memo: dict,
                own: Callable[[dict[str, Any], list[str]], None] | None = None) -> tuple[dict, list[str]]:
    """Every cell of a row read by its column's reader (the required columns
    first), or by the parser's ``own`` reader of the fields it reads itself.
    A required cell left blank is an error; one that does not read keeps its
    text, so the preview still names the row. Conversions are remembered in
    ``memo`` (cell value → value or problem): lists repeat the same units,
    positions, addresses. This runs for every cell of every row: one loop, no
    call per cell but the conversion."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    get = raw.get
    for cell in plan:
        name = cell.field
        convert = cell.convert
        if convert is None:
            if own is not None and cell.own:
                own(values, errors)
        else:
            value = get(name)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                key = (name, type(value), value)
                hit = memo.get(key)
                if hit is None:
                    try:
                        hit = (convert(value), None)
                    except TextError as exc:
                        hit = (None, str(exc))
                    memo[key] = hit
                if hit[1] is None:
                    values[name] = hit[0]
                else:
                    errors.append(hit[1])
        if cell.required and not values.get(name):
            values[name] = text = _text(get(name))
            if not text:
                errors.append(cell.missing)
    return values, errors


def _parse_unit(number: int, raw: dict[str, Any], memo: dict) -> Line:
    values, errors = _read_cells(_UNIT_READ, raw, memo)
    if not values.get("block"):  # only invisible characters: blank, so the unit keeps its block
        values.pop("block", None)
    return Line(number, values, errors)


def _parse_person(number: int, raw: dict[str, Any], memo: dict) -> Line:
    # A two-row header's Nam and Nữ columns, read together by the parser.
    marks = partial(_gender_columns, raw) if "male_mark" in raw or "female_mark" in raw else None
    values, errors = _read_cells(_PEOPLE_READ, raw, memo, marks)
    if "birth" in values:  # (date or None, year): the date stays under "birth", the year joins "birth_year"
        birth_date, year = values["birth"]
        values["birth"] = birth_date
        if "birth_year" in values and year is not None and values["birth_year"] != year:
            errors.append(f"“Ngày sinh” và “Năm sinh” khác nhau ({year} và {values['birth_year']})")
        values["birth_year"] = year if year is not None else values.get("birth_year")
    if "birth" in values or "birth_year" in values:
        today = memo.get("today") or memo.setdefault("today", dt.date.today())
        problem = check_birth(values.get("birth"), values.get("birth_year"), today)
        if problem:
            errors.append(problem.rstrip("."))
    notes = []
    if values.get("full_name") and values.get("gender"):
        key = ("gender hint", values["full_name"], values["gender"])  # a name comes again in other units
        hint = memo[key] if key in memo else memo.setdefault(key, gender_hint(values["full_name"], values["gender"]))
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
    if not filled:
        return
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
