"""The plain long table of results: one row per unit and target.

Columns (found anywhere in the first rows, whatever their case, accents or
order): ``Đơn vị`` (a unit's name, or "Toàn phường" for the ward's own
figure), ``Chỉ tiêu`` (a code such as ``8``, ``6a``, ``TC01`` or the text),
``Giá trị`` (``96,5``, ``965/1000``, ``Có``…); optional ``Kỳ`` (period code
or name; the chosen period otherwise), ``Ghi chú``, ``Minh chứng``.

Each row is checked like a grid cell; the file goes in whole or not at all.
An empty ``Giá trị`` changes nothing (it never deletes a value).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ...domain.results import EntrySpec, ResultValues, detail_text, parse_entry
from ...domain.text import TextError, clean, clean_multiline
from ...errors import UserError
from ...storage.models import Campaign, Period
from . import evaluation as ev
from . import entry as rs
from .readback import FileRead
from ..xlsx.files import HeaderSpec, cell_text, find_table
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome

SPECS = (
    HeaderSpec("unit", ("Đơn vị", "Tên đơn vị", "Đơn vị báo cáo", "Cơ quan, đơn vị"), required=True),
    HeaderSpec("item", ("Chỉ tiêu", "Mã chỉ tiêu", "Chỉ tiêu, tiêu chí", "Tiêu chí", "Mã"), required=True),
    HeaderSpec("value", ("Giá trị", "Kết quả", "Thực hiện", "Số liệu", "Kết quả thực hiện"), required=True),
    HeaderSpec("period", ("Kỳ", "Kỳ báo cáo")),
    HeaderSpec("note", ("Ghi chú",)),
    HeaderSpec("evidence", ("Minh chứng",)),
)


def read_table(session, campaign: Campaign, people: ev.Participants, cache, path: Path,
               period: Period):
    with ev.collector_paused():  # a row's objects hold no cycles: thousands of rows, no collection needed
        return _read(campaign, people, cache, path, period)


def _read(campaign: Campaign, people: ev.Participants, cache, path: Path, period: Period):
    table = find_table(path, SPECS)
    preview = ImportPreview(path, "results")
    read = FileRead(path, "table", preview, period_id=period.id, period_name=period.name,
                    modified=path.stat().st_mtime)
    units = rs.UnitFinder(list(people.units.values()))
    ward = rs.ward_items(campaign)
    # text → (unit id, name, items) or why not; by the text as typed: "Hà" and "Hạ" are two units
    unit_cache: dict[str, tuple | UserError] = {}
    seen: dict[tuple, int] = {}
    # A table of thousands of rows repeats the same unit names, codes and figures.
    text_of, read_value = _memo(cell_text), _memo(_value_and_text)
    cells_of = _cells(table.columns, ("unit", "item", "value", "period", "note", "evidence"))
    for number, values in table.rows:
        unit_raw, item_raw, raw_value, period_raw, note_raw, evidence_raw = cells_of(values)
        unit_text, item_text = text_of(unit_raw), text_of(item_raw)
        name = f"{unit_text} / {item_text}"
        try:
            row_period = _period(campaign, cell_text(period_raw), period)
            if not unit_text:
                raise UserError("chưa ghi đơn vị")
            if not item_text:
                raise UserError("chưa ghi chỉ tiêu")
            found = unit_cache.get(unit_text)
            if found is None:
                found = unit_cache[unit_text] = _unit(units, unit_text, people, ward)
            if isinstance(found, UserError):
                raise found
            unit_id, unit_name, items = found
            try:
                item = rs.find_item(items, item_text)
            except UserError as exc:
                if unit_id is not None:
                    raise UserError(f"{exc.message.rstrip('.')} trong danh sách của {unit_name}") from None
                raise
            name = f"{unit_name} / {item.code} – {item.label}"
            key = (unit_id, item.key, row_period.id)
            if key in seen:
                raise UserError(f"trùng với dòng {seen[key]}")
            seen[key] = number
            values_in, values_text = read_value(raw_value, item.spec)
        except (UserError, TextError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            preview.rows.append(RowOutcome(number, Outcome.ERROR, name, message))
            continue
        note = clean_multiline(note_raw) if note_raw not in (None, "") else None
        evidence = clean(evidence_raw) if evidence_raw not in (None, "") else None
        existing = cache.period(row_period.id).get(unit_id, item.kind, item.id)
        old = ev.values_of(existing) if ev.has_values(existing) else None
        if values_in is None and note is None and evidence is None:
            preview.rows.append(RowOutcome(number, Outcome.UNCHANGED, name, "để trống"))
            continue
        new_text = values_text if values_in is not None else "ghi chú, minh chứng"
        if existing is None:
            outcome, message = Outcome.NEW, new_text
        elif (values_in is None or values_in == old) and (note is None or note == existing.note) \
                and (evidence is None or evidence == existing.evidence):
            outcome, message = Outcome.UNCHANGED, new_text
        else:
            before = f" (trước: {detail_text(old, item.spec)})" if old is not None and values_in is not None else ""
            outcome, message = Outcome.UPDATE, new_text + before
        preview.rows.append(RowOutcome(number, outcome, name, message))
        if outcome is not Outcome.UNCHANGED:
            read.changes.setdefault(row_period.id, []).append(rs.CellChange(
                rs.CellKey(unit_id, item.kind, item.id),
                values_in if values_in is not None else rs.KEEP,
                note if note is not None else rs.KEEP,
                evidence if evidence is not None else rs.KEEP))
    if not table.rows:
        read.error = "bảng không có dòng dữ liệu nào"
    return read


def _memo(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function(value, *rest)`` remembered for the values that repeat
    (text, numbers, a result's figures), computed afresh for any other value and
    whenever it raises. The type is part of the key (``1``, ``1.0`` and ``True``
    are equal in a dictionary but not in a cell), and a number's digits (``-0.0``
    equals ``0.0`` but is not the same figure). The other arguments (a cell's
    spec) count by identity, cheaper to hash than their fields; the memo keeps
    them alive so that no other object can take their id."""
    known: dict[tuple, Any] = {}

    def call(value: Any, *rest: Any) -> Any:
        kind = type(value)
        if kind not in _REMEMBERED:
            return function(value, *rest)
        key = (kind, repr(value) if kind is float else value, *map(id, rest))
        found = known.get(key)
        if found is None:
            found = known[key] = (function(value, *rest), rest)
        return found[0]

    return call


_REMEMBERED = {str, int, float}


def _value_and_text(raw: Any, spec: EntrySpec) -> tuple[ResultValues | None, str]:
    """The figures a cell gives and their long text."""
    values = parse_entry(clean(raw) if isinstance(raw, str) else raw, spec)
    return values, (detail_text(values, spec) if values is not None else "")


def _cells(columns: dict[str, int], fields: tuple[str, ...]) -> Callable[[tuple], list]:
    """``values → [cell(values, columns, field) for field in fields]`` in one call per row."""
    places = [columns.get(f) for f in fields]

    def cells(values: tuple) -> list:
        n = len(values)
        return [values[i] if i is not None and i < n else None for i in places]

    return cells


def _unit(units: rs.UnitFinder, text: str, people: ev.Participants, ward: list[ev.Item]):
    """(unit id, name, items) of the unit ``text`` names, (None, "Toàn phường", the
    ward's items) for the ward itself, or why neither."""
    try:
        found = units.unit_or_ward(text)
    except UserError as exc:
        return exc
    if found is None:
        return None, "Toàn phường", ward
    items = people.items(found.id)
    if not items:
        return UserError(f"{found.name} chưa được giao chỉ tiêu, tiêu chí nào")
    return found.id, found.name, items


def _period(campaign: Campaign, text: str, default: Period) -> Period:
    if not text:
        return default
    return ev.period_for(None, campaign, text)
