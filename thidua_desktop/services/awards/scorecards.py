"""Block scorecards and điểm thưởng / điểm trừ as plain rows.

What the scoring page edits and ``thidua scorecards`` lists and changes: one
function per action, shared by both; the arithmetic stays in ``.scoring`` and
``domain.scoring``. Every function resolves the current year itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ...domain import scoring as sc
from ...domain.roles import Action
from ...domain.text import TextError, clean, format_number, parse_number
from ...errors import UserError
from ...storage.models import ScoreAdjustment, Unit
from .. import plan
from ..results import entry as results_entry
from ..results import evaluation as ev
from ..safety import accounts
from . import scoring

# --- điểm thưởng / điểm trừ -------------------------------------------------------------


@dataclass(frozen=True)
class AdjustmentRow:
    id: int
    unit_id: int
    unit: str
    points: float
    reason: str

    @property
    def label(self) -> str:
        return f"{format_number(self.points)} điểm — {self.reason}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "unit_id": self.unit_id, "unit": self.unit, "points": self.points,
                "reason": self.reason}


def _row(session: Session, a: ScoreAdjustment) -> AdjustmentRow:
    unit = session.get(Unit, a.unit_id)
    return AdjustmentRow(a.id, a.unit_id, unit.name if unit is not None else "", a.points, a.reason)


def adjustment_rows(session: Session, unit_id: int | None = None) -> list[AdjustmentRow]:
    """The year's adjustments (of one unit when ``unit_id`` is given), oldest first."""
    return [_row(session, a) for a in scoring.adjustments(session, plan.current_campaign(session), unit_id)]


def adjust(session: Session, unit_id: int, points: float, reason: str) -> AdjustmentRow:
    """Give a unit ``points`` (positive: điểm thưởng, negative: điểm trừ) with the reason printed in its score."""
    return _row(session, scoring.add_adjustment(session, plan.current_campaign(session), unit_id, points, reason))


def unadjust(session: Session, adjustment_id: int) -> AdjustmentRow:
    """Take back an adjustment; says so when there is none with that number."""
    accounts.require(session, Action.EDIT_DATA)
    row = session.get(ScoreAdjustment, adjustment_id)
    if row is None:
        raise UserError(f"Không có điểm thưởng, điểm trừ số {adjustment_id} "
                        "(xem số ở “thidua scorecards adjustments”).")
    gone = _row(session, row)
    scoring.delete_adjustment(session, adjustment_id)
    return gone


def unit_id(session: Session, name: str) -> int:
    """A participating unit of the current year by its name (accents and case aside)."""
    people = ev.participants(session, plan.current_campaign(session))
    return results_entry.find_unit(list(people.units.values()), name).id


# --- scorecards ---------------------------------------------------------------------------


def block_cards(session: Session, block: str | None = None) -> list[scoring.BlockCard]:
    """The scorecard of every block of the current year (or of the block named)."""
    campaign = plan.current_campaign(session)
    found = [scoring.find_block(session, campaign, block)] if block else scoring.blocks(session, campaign)
    return [scoring.block_card(session, b) for b in found]


def block_id(session: Session, name: str) -> int:
    return scoring.find_block(session, plan.current_campaign(session), name).id


def scorecard_json(card: scoring.BlockCard) -> dict[str, Any]:
    c = card.card
    return {
        "block_id": card.block_id, "block": card.block_name, "saved": card.saved,
        "default_points": card.default_points, "scale": c.scale, "bonus_cap": c.bonus_cap,
        "bands": [{"name": b.name, "min": b.minimum} for b in c.bands], "tiebreak": list(c.tiebreak),
        "note": card.note, "notes": card.notes,
        "criteria": [{"id": row.id, "code": spec.code, "label": spec.label, "role": spec.role.value,
                      "rule": spec.rule.value, "max_points": spec.max_points, "params": spec.settings,
                      "from_targets": row.from_targets}
                     for row, spec in zip(card.criteria, c.criteria)],
    }


@dataclass
class ScorecardChange:
    """What to change in a block's scorecard; what is left None or empty stays as it is.

    A new scale multiplies every point figure first, as the editor does."""

    scale: int | None = None
    bonus_cap: float | None = None
    no_bonus_cap: bool = False
    bands: list[dict] | None = None
    tiebreak: list[str] | None = None
    points: dict[str, float] = field(default_factory=dict)  # criterion code → maximum points
    rules: dict[str, str] = field(default_factory=dict)  # criterion code → scoring rule
    params: dict[str, dict[str, str]] = field(default_factory=dict)  # code → {parameter: value as text}
    add: list[tuple[str, str, str, float]] = field(default_factory=list)  # (role, code, label, points)
    remove: list[str] = field(default_factory=list)  # codes of bonus / penalty / disqualifying criteria
    note: str | None = None


def change_scorecard(session: Session, block_id: int, change: ScorecardChange) -> scoring.BlockCard:
    """Apply ``change`` to the block's scorecard and save it through :func:`scoring.save_scorecard`."""
    block = next((b for b in scoring.blocks(session, plan.current_campaign(session)) if b.id == block_id), None)
    if block is None:
        raise UserError("Khối thi đua không còn.")
    card = scoring.block_card(session, block)
    edits = [scoring.CriterionEdit(row.id, row.code, row.label, spec.max_points, spec.rule.value, spec.role.value,
                                   dict(spec.params), row.group, kind=row.kind)
             for row, spec in zip(card.criteria, card.card.criteria)]
    bands = [{"name": b.name, "min": b.minimum} for b in card.card.bands]
    cap = card.card.bonus_cap
    scale = card.card.scale
    if change.scale is not None and change.scale != scale:
        if change.scale not in (100, 1000):
            raise UserError(f"Thang điểm phải là 100 hoặc 1.000 (đã ghi {format_number(change.scale)}).")
        bands, edits, cap = scoring.rescale(bands, edits, cap, scale, change.scale)
        scale = change.scale
    by_code = {e.code: e for e in edits}

    def edit_of(code: str) -> scoring.CriterionEdit:
        if code not in by_code:
            raise UserError(f"{block.name} không có tiêu chí mã “{code}”. Có: {', '.join(by_code) or 'không có'}.")
        return by_code[code]

    for code in change.remove:
        edits.remove(edit_of(code))
    for role, code, label, points in change.add:  # before the changes below, which may name them
        edit = scoring.CriterionEdit(None, clean(code), clean(label), float(points),
                                     sc.RULES_FOR_ROLE.get(_role(role), (sc.Rule.YESNO,))[0].value, role)
        edits.append(edit)
        by_code[edit.code] = edit
    for code, points in change.points.items():
        edit_of(code).max_points = float(points)
    for code, rule in change.rules.items():
        edit_of(code).rule = _rule(code, rule).value
    for code, values in change.params.items():
        edit = edit_of(code)
        edit.params = {**edit.params, **_rule_params(code, edit.rule, values)}
    if change.no_bonus_cap:
        cap = None
    elif change.bonus_cap is not None:
        cap = change.bonus_cap
    scoring.save_scorecard(session, block.id, scale, change.bands if change.bands is not None else bands,
                           change.tiebreak if change.tiebreak is not None else list(card.card.tiebreak),
                           cap, edits, card.note if change.note is None else change.note)
    return scoring.block_card(session, block)


def _role(text: str) -> sc.Role:
    try:
        return sc.Role(text)
    except ValueError:
        raise UserError(f"Vai trò “{text}” không có. Có: {', '.join(r.value for r in sc.Role)}.") from None


def _rule(code: str, text: str) -> sc.Rule:
    try:
        return sc.Rule(text)
    except ValueError:
        raise UserError(f"Tiêu chí {code}: cách chấm “{text}” không có. "
                        f"Có: {', '.join(r.value for r in sc.Rule)}.") from None


def _rule_params(code: str, rule: str, values: dict[str, str]) -> dict[str, Any]:
    specs = {p.key: p for p in sc.RULE_PARAMS[_rule(code, rule)]}
    out: dict[str, Any] = {}
    for key, text in values.items():
        spec = specs.get(key)
        if spec is None:
            raise UserError(f"Tiêu chí {code}: cách chấm “{rule}” không có tham số “{key}”. "
                            f"Có: {', '.join(specs) or 'không có tham số nào'}.")
        if spec.kind == "bool":
            answer = clean(text).lower()
            if answer not in ("co", "có", "khong", "không", "yes", "no", "true", "false", "1", "0"):
                raise UserError(f"Tiêu chí {code}, tham số “{key}”: ghi có hoặc không (đã ghi “{text}”).")
            out[key] = answer in ("co", "có", "yes", "true", "1")
        else:
            try:
                out[key] = parse_number(text)
            except TextError:
                raise UserError(f"Tiêu chí {code}, tham số “{key}” phải là số (đã ghi “{text}”).") from None
    return out


def parse_bands(text: str) -> list[dict]:
    """``"Xuất sắc:90; Tốt:70; Khá:50"`` as the bands :func:`scoring.save_scorecard` takes."""
    out = []
    for part in text.split(";"):  # not ",": the decimal sign
        name, colon, minimum = part.rpartition(":")
        if not colon or not clean(name):
            raise UserError(f"Xếp loại “{clean(part)}”: ghi dạng TÊN:ĐIỂM_TỪ, ví dụ “Xuất sắc:90”.")
        try:
            out.append({"name": clean(name), "min": parse_number(minimum)})
        except TextError:
            raise UserError(f"Xếp loại “{clean(name)}”: điểm từ “{clean(minimum)}” phải là số.") from None
    return out
