"""Units and people imports: classify every line against the database, preview, apply."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from ...domain.registry import (
    BLOCK_ROLES,
    NameIndex,
    UnitFields,
    check_birth,
    guess_kind,
    is_leader_position,
    loose_key,
    name_key,
)
from ...domain.roles import Action
from ...domain.text import clean
from ...domain.units import UNIT_KINDS
from ...errors import UserError
from ...storage.database import Database
from ...storage.models import AuditEntry, BlockMembership, EmulationBlock, Person, Unit
from ..safety import accounts
from . import blocks as block_service
from .. import plan
from . import units as unit_service
from ..xlsx.bulkwrite import CHUNK, insert_rows, update_rows
from ..xlsx.importing import ImportPreview, Outcome, RowOutcome
from ..progress import Progress, no_progress
from ..xlsx.columns import changed_labels, specs, updated
from .columns import PEOPLE_COLUMNS, UNIT_COLUMNS
from .excel_read import Line, RegistryPreview, _is_total_row, _parse_person, _parse_unit, _read


# --- units: classification ---------------------------------------------------

_UNIT_UPDATED = updated(UNIT_COLUMNS)
_UNIT_FIELDS = {f.name for f in dataclasses.fields(UnitFields)}  # checked as the unit editor checks them


def _unit_fields(row: Mapping[str, Any]) -> UnitFields:
    return UnitFields(**{key: value for key, value in row.items() if key in _UNIT_FIELDS})


@dataclass
class _UnitState:
    """What the database holds, as the classification needs it."""

    units: NameIndex
    current: dict[int, dict[str, Any]]  # unit → name and the values an import may change
    blocks: NameIndex
    block_names: dict[int, str]
    membership: dict[int, tuple[int, str]]  # unit → (block, role)


def _unit_state(session: Session, campaign_id: int) -> _UnitState:
    table = Unit.__table__
    current = {}
    for row in session.execute(select(table.c.id, table.c.name, *[table.c[c.attr] for c in _UNIT_UPDATED])):
        current[row[0]] = {"name": row[1], **{c.attr: c.stored(value) for c, value in zip(_UNIT_UPDATED, row[2:])}}
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
        merged = {**(old or {}), **{c.attr: values[c.field] for c in _UNIT_UPDATED if c.field in values}}
        merged["name"] = old["name"] if old else name
        kind_note = ""
        if old is None and not merged.get("kind"):
            guessed = guess_kind(name)
            if guessed:
                merged["kind"] = guessed
                kind_note = f"loại hình theo tên: {UNIT_KINDS[guessed]}"
        fields = _unit_fields(merged).cleaned()
        row = {**merged, **dataclasses.asdict(fields)}
        if name:
            errors.extend(p.rstrip(".") for p in fields.problems() if "Tên đơn vị" not in p)
        payload = {"fields": fields, "extra": {k: v for k, v in row.items() if k not in _UNIT_FIELDS},
                   "unit_id": match.id if match else None,
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
        changed = changed_labels(_UNIT_UPDATED, {**old, **dataclasses.asdict(_unit_fields(old).cleaned())}, row)
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
    table, lines = _read(path, specs(UNIT_COLUMNS), _parse_unit, progress, "name")
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
        columns = {**unit_service.unit_columns(fields), **outcome.payload["extra"]}
        if unit_id is None:
            new_rows.append(columns)
        else:
            changes.append((unit_id, fields.name, _diff(stored[unit_id], columns)))
    new_ids = iter(_write_rows(session, table, new_rows, changes, "đơn vị", progress))
    unit_ids = [o.payload["unit_id"] if o.payload["unit_id"] is not None else next(new_ids) for o in written]
    new_units = [u for o, u in zip(written, unit_ids) if o.payload["unit_id"] is None]
    from ..results import targets as target_service  # units only: a people import does without it

    target_service.allocate_new_units(session, campaign_id, new_units)  # their rows in the results grid

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

_PERSON_UPDATED = updated(PEOPLE_COLUMNS)
_PERSON_READ = ("id", "full_name", "name_key", "unit_id") + tuple(c.attr for c in _PERSON_UPDATED)


def _model_default(column) -> Any:
    """What the model stores in ``column`` when nothing is given (None without a default)."""
    return column.default.arg if column.default is not None else None


_PERSON_FIELD_ATTRS = tuple((c.field, c.attr) for c in _PERSON_UPDATED)  # read line's field → stored column
# A new person's values where the file leaves a cell blank.
_PERSON_DEFAULTS = {c.attr: _model_default(Person.__table__.c[c.attr]) for c in _PERSON_UPDATED}


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
    for row in session.execute(select(*[table.c[c] for c in _PERSON_READ])).mappings():
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
    keys: dict[str, str] = {}  # name → name_key (a name comes again in other units)
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
        key = (keys.get(name) or keys.setdefault(name, name_key(name))) if name else ""
        candidates: list[dict[str, Any]] = []
        birth_date, birth_year = values.get("birth"), values.get("birth_year")
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
            "full_name": name, "name_key": key, "unit_id": unit_id, **_PERSON_DEFAULTS}
        for field_name, attr in _PERSON_FIELD_ATTRS:
            value = values.get(field_name)
            if value is not None:
                new[attr] = value
        notes = list(line.notes)
        if "leader" not in values and old is None and not leader_column and new["position"]:
            new["is_leader"] = is_leader_position(new["position"])
            if new["is_leader"]:
                notes.append("lãnh đạo (theo chức vụ)")
        if old is not None and ("birth" in values or "birth_year" in values):
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
        changes = {c.attr: (old[c.attr], new[c.attr]) for c in _PERSON_UPDATED if old[c.attr] != new[c.attr]}
        if changes:
            text = "đổi " + ", ".join(changed_labels(_PERSON_UPDATED, old, new))
            outcomes.append(RowOutcome(line.row, Outcome.UPDATE, shown, "; ".join([text, *notes]),
                                       {"id": old["id"], "label": old["full_name"], "changes": changes}))
        else:
            outcomes.append(RowOutcome(line.row, Outcome.UNCHANGED, shown, "; ".join(notes)))
    return outcomes


def preview_people_import(db: Database, path: Path, progress: Progress = no_progress) -> RegistryPreview:
    """Read a people file and say what importing it would do; writes nothing."""
    path = Path(path)
    table, lines = _read(path, specs(PEOPLE_COLUMNS), _parse_person, progress, "full_name")
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
