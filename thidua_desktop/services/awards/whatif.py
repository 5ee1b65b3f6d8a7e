"""Thử thay đổi quy tắc: the ranking and the Giấy khen list under changed rules, side by side.

The clerk changes a criterion's points, a tie-break chain, the Giấy khen quota or
the mode of an eligibility rule in a sandbox: :func:`load_basis` reads the year
once, :func:`compare` scores it twice in memory (as it is, and with the changes)
and nothing is written. :func:`apply_what_if` writes the same changes through the
usual writers (scorecard, settings, catalogue) with the clerk's reason.

The Giấy khen list (tập thể, dự kiến) is read from the ranking: the units of the
ward ranking in its order, without those a rule of their year's standing blocks
(a rule about the paperwork of a nomination is checked on the nomination), cut
at the places the quota leaves once the individual and household Giấy khen
nominations of the year are counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import eligibility as el
from ...domain import scoring as sc
from ...domain.roles import Action
from ...domain.text import clean_multiline, format_number
from ...errors import UserError
from ...storage.models import Nomination, Unit
from .. import plan, settings
from ..safety import accounts
from . import catalogue, scorecards, scoring

GK = "GK"
# The rules that read a unit's year (its block, report, band, score): the list follows them.
STANDING_RULES = ("subject", "collective_disqualified", "collective_standing", "collective_score")


@dataclass(frozen=True)
class RuleChanges:
    """Rules to try; what is left empty stays as it is."""

    points: Mapping[tuple[int, str], float] = field(default_factory=dict)  # (block id, criterion code) → points
    tiebreak: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # block id → tie-break chain
    ward_tiebreak: tuple[str, ...] | None = None
    quota: int | None = None  # places of Giấy khen in the year
    no_quota: bool = False  # no limit
    modes: Mapping[str, str] = field(default_factory=dict)  # eligibility rule key → mode

    @property
    def empty(self) -> bool:
        return not (self.points or self.tiebreak or self.ward_tiebreak is not None or self.quota is not None
                    or self.no_quota or self.modes)


@dataclass(frozen=True)
class TitleFacts:
    code: str
    name: str
    subject: str
    kind: str
    quota: int | None


@dataclass
class WhatIfBasis:
    """The year as the sandbox reads it, once (then every comparison is in memory)."""

    year: int
    ranking: scoring.RankingBasis
    title: TitleFacts
    rules: dict[str, el.RuleConfig]
    unit_kinds: dict[int, str]
    held: int  # active Giấy khen nominations of individuals and households: places taken

    def card(self, block_id: int) -> scoring.BlockCard:
        for card, _ in self.ranking.blocks:
            if card.block_id == block_id:
                return card
        raise UserError(f"Không có khối thi đua số {block_id}.")


def list_rules(basis: WhatIfBasis) -> list[el.RuleConfig]:
    """The rules the Giấy khen list follows: those of :data:`STANDING_RULES` that name
    the title (whatever their mode: "off" may be switched on in the sandbox)."""
    return [cfg for key, cfg in basis.rules.items() if key in STANDING_RULES
            and (el.ALL_TITLES in cfg.titles or basis.title.code in cfg.titles)]


def load_basis(session: Session) -> WhatIfBasis:
    campaign = plan.current_campaign(session)
    title = catalogue.find_title(session, GK)
    if title is None:
        raise UserError("Danh mục khen thưởng không có “Giấy khen” (mã GK): không lập được danh sách Giấy khen.")
    held = session.scalar(select(func.count(Nomination.id)).where(
        Nomination.campaign_id == campaign.id, Nomination.title_id == title.id, Nomination.subject != "unit",
        Nomination.status != "withdrawn")) or 0
    return WhatIfBasis(campaign.year, scoring.ranking_basis(session, campaign),
                       TitleFacts(title.code, title.name, title.subject, title.kind, title.quota),
                       el.configs(settings.get_all(session)),
                       {uid: kind for uid, kind in session.execute(select(Unit.id, Unit.kind))}, int(held))


# --- checking the changes ---------------------------------------------------------------


def problems(basis: WhatIfBasis, changes: RuleChanges) -> list[str]:
    """What is wrong with ``changes`` (in Vietnamese; empty when they can be tried)."""
    out = []
    blocks = {card.block_id: card for card, _ in basis.ranking.blocks}
    for (block_id, code), points in changes.points.items():
        card = blocks.get(block_id)
        if card is None:
            out.append(f"Không có khối thi đua số {block_id}.")
        elif code not in {c.code for c in card.card.criteria}:
            out.append(f"{card.block_name} không có tiêu chí mã “{code}”.")
        elif isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
            shown = format_number(points) if isinstance(points, (int, float)) else points
            out.append(f"{card.block_name}, tiêu chí {code}: điểm phải là số không âm (đã ghi “{shown}”).")
    for block_id, chain in changes.tiebreak.items():
        problem = sc.tiebreak_problem(list(chain))
        name = blocks[block_id].block_name if block_id in blocks else f"khối số {block_id}"
        if block_id not in blocks:
            out.append(f"Không có {name}.")
        elif problem:
            out.append(f"Tiêu chí phụ của {name}: {problem}")
    if changes.ward_tiebreak is not None:
        problem = sc.tiebreak_problem(list(changes.ward_tiebreak))
        if problem:
            out.append(f"Tiêu chí phụ xếp hạng toàn phường: {problem}")
    if changes.quota is not None and (isinstance(changes.quota, bool) or not isinstance(changes.quota, int)
                                      or changes.quota < 0):
        out.append(f"Số lượng tối đa Giấy khen phải là số nguyên không âm (đã ghi “{changes.quota}”).")
    modes = {m.value for m in el.Mode}
    for key, mode in changes.modes.items():
        if key not in basis.rules:
            out.append(f"Không có quy định “{key}”. Có: {', '.join(basis.rules)}.")
        elif mode not in modes:
            out.append(f"Quy định “{basis.rules[key].rule.label}”: chế độ “{mode}” không có. "
                       f"Có: {', '.join(sorted(modes))}.")
    return out


def _refuse(basis: WhatIfBasis, changes: RuleChanges) -> None:
    found = problems(basis, changes)
    if found:
        raise UserError("Không thử được quy tắc mới:\n" + "\n".join(found))


def describe(basis: WhatIfBasis, changes: RuleChanges) -> list[str]:
    """Each change in words, as the reason prompt and the CLI show them."""
    out = []
    for (block_id, code), points in changes.points.items():
        card = basis.card(block_id)
        spec = next(c for c in card.card.criteria if c.code == code)
        out.append(f"{card.block_name}, tiêu chí {code}: {format_number(spec.max_points)} → "
                   f"{format_number(points)} điểm")
    for block_id, chain in changes.tiebreak.items():
        card = basis.card(block_id)
        out.append(f"{card.block_name}, tiêu chí phụ: {_chain(card.card.tiebreak)} → {_chain(chain)}")
    if changes.ward_tiebreak is not None:
        ward = basis.ranking.ward_tiebreak
        out.append(f"Toàn phường, tiêu chí phụ: {_chain(ward)} → {_chain(changes.ward_tiebreak)}")
    if changes.quota is not None or changes.no_quota:
        out.append(f"Số lượng tối đa Giấy khen: {_quota(basis.title.quota)} → {_quota(quota_of(basis, changes))}")
    for key, mode in changes.modes.items():
        cfg = basis.rules[key]
        out.append(f"“{cfg.rule.label}”: {cfg.mode.label} → {el.Mode(mode).label}")
    return out


def _chain(keys) -> str:
    return ", ".join(sc.TIEBREAKS[k].label for k in keys if k in sc.TIEBREAKS) or "không có"


def _quota(quota: int | None) -> str:
    return "không giới hạn" if quota is None else str(quota)


def quota_of(basis: WhatIfBasis, changes: RuleChanges) -> int | None:
    if changes.no_quota:
        return None
    return changes.quota if changes.quota is not None else basis.title.quota


# --- the two sides -----------------------------------------------------------------------


def changed_ranking(basis: WhatIfBasis, changes: RuleChanges) -> scoring.RankingBasis:
    """Modified copies of the cards (the basis itself is left as read)."""
    blocks = []
    for card, inputs in basis.ranking.blocks:
        points = {code: float(v) for (bid, code), v in changes.points.items() if bid == card.block_id}
        criteria = tuple(replace(c, max_points=points[c.code]) if c.code in points else c
                         for c in card.card.criteria)
        tiebreak = tuple(changes.tiebreak.get(card.block_id, card.card.tiebreak))
        new = replace(card.card, criteria=criteria, tiebreak=tiebreak)
        blocks.append((replace(card, card=new, default_points=card.default_points and not points), inputs))
    ward = list(changes.ward_tiebreak) if changes.ward_tiebreak is not None else basis.ranking.ward_tiebreak
    return replace(basis.ranking, blocks=blocks, ward_tiebreak=ward)


@dataclass(frozen=True)
class Side:
    """A unit on one side: its ranks, score and place in the Giấy khen list."""

    block_rank: int | None
    ward_rank: int | None
    total: float | None
    percent: float | None
    in_list: bool
    note: str  # why not in the list, or what a warning says


def _disqualified(s: sc.UnitScore) -> str:
    return "; ".join(f"{line.code} {line.label}".strip() for line in s.lines
                     if line.kind == "disqualify" and "BỊ LIỆT" in line.rule)


def _side(basis: WhatIfBasis, ranking: scoring.RankingBasis, rules: Mapping[str, el.RuleConfig],
          quota: int | None) -> tuple[dict[int, Side], str]:
    """Each unit's standing on one side, and how the list's places were counted."""
    ranked = scoring.rank_basis(ranking)
    block_rank = {uid: s.rank for uid, s in ranked.unit_scores().items()}
    used = {k: rules[k] for k in STANDING_RULES if k in rules}
    t = basis.title
    candidates, notes = [], {}
    for s in ranked.ward.entries:
        if s.unassigned:
            continue
        if not s.reported:
            notes[s.unit_id] = "chưa báo cáo kết quả"
            continue
        facts = el.NomineeFacts(
            "unit", s.name, t.code, t.name, t.subject, t.kind, unit_kind=basis.unit_kinds.get(s.unit_id, ""),
            unit_disqualified=_disqualified(s) if s.disqualified else "", unit_score_percent=s.percent,
            unit_block=s.block, unit_reported=True, unit_band=s.band, unit_bands=s.bands, year=basis.year)
        findings = el.check(facts, used)
        blocking = [f.message for f in findings if f.severity == el.Mode.BLOCK.value]
        if blocking:
            notes[s.unit_id] = "; ".join(blocking)
            continue
        candidates.append(s)
        notes[s.unit_id] = "; ".join(f"cần ghi lý do: {f.message}" for f in findings
                                     if f.severity == el.Mode.WARN.value)
    places = None if quota is None else max(0, quota - basis.held)
    chosen = {s.unit_id for s in candidates[:places]} if places is not None else {s.unit_id for s in candidates}
    for s in candidates:
        if s.unit_id not in chosen:
            notes[s.unit_id] = f"ngoài số lượng ({places} chỗ cho tập thể)"
    out = {s.unit_id: Side(block_rank.get(s.unit_id), s.rank, s.total if s.reported else None,
                               s.percent if s.reported else None, s.unit_id in chosen, notes.get(s.unit_id, ""))
           for s in ranked.ward.entries if not s.unassigned}
    if quota is None:
        rule = f"{t.name}: không giới hạn số lượng"
    else:
        rule = (f"{t.name}: tối đa {quota}, {basis.held} đề nghị cá nhân, hộ gia đình: "
                f"còn {places} chỗ cho tập thể")
    return out, rule


def move_text(old: int | None, new: int | None) -> str:
    """▲2 (up two places), ▼1, = or — (not ranked on a side)."""
    if old is None and new is None:
        return "—"
    if old is None:
        return "mới xếp hạng"
    if new is None:
        return "ra khỏi xếp hạng"
    if old == new:
        return "="
    return f"▲{old - new}" if new < old else f"▼{new - old}"


@dataclass(frozen=True)
class WhatIfRow:
    unit_id: int
    unit: str
    block: str
    old: Side
    new: Side

    @property
    def move(self) -> str:
        return move_text(self.old.ward_rank, self.new.ward_rank)

    @property
    def block_move(self) -> str:
        return move_text(self.old.block_rank, self.new.block_rank)

    @property
    def moved(self) -> bool:
        return (self.old.ward_rank, self.old.block_rank) != (self.new.ward_rank, self.new.block_rank)

    @property
    def list_change(self) -> str:
        """"vào", "ra", or "" when the unit stays in or out of the list."""
        if self.old.in_list == self.new.in_list:
            return ""
        return "vào" if self.new.in_list else "ra"

    def as_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "unit": self.unit, "block": self.block, "move": self.move,
                "block_move": self.block_move, "list_change": self.list_change,
                "old": self.old.__dict__, "new": self.new.__dict__}


@dataclass
class WhatIf:
    rows: list[WhatIfRow]  # in the new ward order
    changes: list[str]  # each change in words
    old_rule: str  # how the list's places were counted, before and after
    new_rule: str

    @property
    def entering(self) -> list[str]:
        return [r.unit for r in self.rows if r.list_change == "vào"]

    @property
    def leaving(self) -> list[str]:
        return [r.unit for r in self.rows if r.list_change == "ra"]

    @property
    def summary(self) -> str:
        moved = sum(1 for r in self.rows if r.moved)
        parts = [f"{moved} đơn vị đổi hạng" if moved else "Không đơn vị nào đổi hạng"]
        if self.entering:
            parts.append(f"{len(self.entering)} vào danh sách Giấy khen: {_names(self.entering)}")
        if self.leaving:
            parts.append(f"{len(self.leaving)} ra: {_names(self.leaving)}")
        if not (self.entering or self.leaving):
            parts.append("danh sách Giấy khen không đổi")
        return "; ".join(parts) + "."

    def as_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "changes": self.changes, "entering": self.entering,
                "leaving": self.leaving, "old_rule": self.old_rule, "new_rule": self.new_rule,
                "units": [r.as_json() for r in self.rows]}


def _names(names: list[str], shown: int = 5) -> str:
    """The first names, and how many more (the table lists them all)."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" và {more} đơn vị khác" if more > 0 else "")


def _rank_order(row: WhatIfRow) -> tuple:
    s = row.new
    return (s.ward_rank is None, s.ward_rank or 0, s.total is None)


def compare(basis: WhatIfBasis, changes: RuleChanges) -> WhatIf:
    """Both sides in memory (pure: the database is not read again)."""
    _refuse(basis, changes)
    rules = {k: replace(cfg, mode=el.Mode(changes.modes[k])) if k in changes.modes else cfg
             for k, cfg in basis.rules.items()}
    old, old_rule = _side(basis, basis.ranking, basis.rules, basis.title.quota)
    new, new_rule = _side(basis, changed_ranking(basis, changes), rules, quota_of(basis, changes))
    names = {i.unit_id: (i.name, i.block) for _, inputs in basis.ranking.blocks for i in inputs}
    rows = [WhatIfRow(uid, *names[uid], old[uid], new[uid]) for uid in new if uid in names]
    rows.sort(key=_rank_order)  # stable: the ward ranking's order among equals
    return WhatIf(rows, describe(basis, changes), old_rule, new_rule)


def what_if(session: Session, changes: RuleChanges) -> WhatIf:
    """The current ranking and Giấy khen list beside the same under ``changes``; writes nothing."""
    return compare(load_basis(session), changes)


# --- applying -----------------------------------------------------------------------------


def apply_what_if(session: Session, changes: RuleChanges, reason: str) -> list[str]:
    """Write ``changes`` through the scorecard, settings and catalogue writers, kept in
    the audit trail with ``reason``; returns the changes in words."""
    reason = clean_multiline(reason)
    if not reason:
        raise UserError("Áp dụng quy tắc mới phải ghi lý do (lý do được lưu trong nhật ký thay đổi).")
    if changes.empty:
        raise UserError("Chưa thay đổi quy tắc nào: không có gì để áp dụng.")
    basis = load_basis(session)
    _refuse(basis, changes)
    said = describe(basis, changes)
    session.info["reason"] = reason  # whoever opened the transaction, the trail says why
    blocks = {bid for bid, _ in changes.points} | set(changes.tiebreak)
    for block_id in sorted(blocks):
        points = {code: float(v) for (bid, code), v in changes.points.items() if bid == block_id}
        chain = changes.tiebreak.get(block_id)
        scorecards.change_scorecard(session, block_id, scorecards.ScorecardChange(
            points=points, tiebreak=list(chain) if chain is not None else None))
    if changes.ward_tiebreak is not None:
        accounts.require(session, Action.SETTINGS)
        settings.set_value(session, "scoring.ward_tiebreak", list(changes.ward_tiebreak))
    if changes.quota is not None or changes.no_quota:
        catalogue.set_quota(session, GK, quota_of(basis, changes))
    for key, mode in changes.modes.items():
        catalogue.change_rule(session, key, mode=mode)
    session.flush()
    return said
