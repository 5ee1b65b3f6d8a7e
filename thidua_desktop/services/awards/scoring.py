"""Scoring and ranking the year's units, block by block and across the ward.

Reads each block's scorecard (``Scorecard`` row plus the scoring fields of its
``Criterion`` rows), the evaluated results of the period from
``services.results.evaluation`` (the results area's verdicts: vượt / đạt / không đạt),
who reported and who was late from ``services.results.reporting``, and the điểm
thưởng / điểm trừ adjustments; the arithmetic is in ``domain.scoring``.

Default scorecard (used until the clerk saves one, and written by the demo):
scale 100; every "score" criterion gets an equal share of the 100 points
(rounded to 0,5 point, the remainder on the first criterion); targets and
numbers of their own are scored "Theo tỷ lệ hoàn thành" (points × share of the
plan reached, at most 100%), yes/no criteria "Có / Không"; bands and tie-break
chain from the settings ``scoring.default_bands`` (Xuất sắc ≥ 90, Tốt ≥ 70,
Khá ≥ 50) and ``scoring.default_tiebreak`` (more targets exceeded, fewer
deductions, earlier report); no bonus cap; a late report loses
``scoring.late_deduction`` points (2 on 100).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import scoring as sc
from ...domain.council import female_priority
from ...domain.evaluation import Status
from ...domain.results import ResultValues
from ...domain.text import clean, clean_multiline, format_number, unique_key
from ...errors import UserError
from ...storage.models import (
    BlockMembership,
    Campaign,
    Criterion,
    EmulationBlock,
    Period,
    Result,
    ScoreAdjustment,
    Scorecard,
    Unit,
)
from ...domain.roles import Action
from ..safety import accounts
from ..results import reporting
from .. import plan, settings
from ..results import evaluation as ev

_STANDING = {Status.EXCEEDED: sc.Standing.EXCEEDED, Status.MET: sc.Standing.REACHED,
             Status.NOT_MET: sc.Standing.MISSED, Status.NO_DATA: sc.Standing.MISSING}
_LOWER_IS_BETTER = {"le", "lt", "decrease"}


# --- scorecards ----------------------------------------------------------------


@dataclass(frozen=True)
class CardCriterion:
    """A criterion of a block's scorecard, as plain data (its scoring fields are in ``card``)."""

    id: int
    code: str
    label: str
    kind: str  # measure / yesno / number
    group: str = ""
    from_targets: bool = False  # a target of the plan: edited in the results area

    @classmethod
    def of(cls, c: Criterion) -> "CardCriterion":
        return cls(c.id, c.code, c.label, c.kind, c.group or "", c.measure_id is not None)


@dataclass
class BlockCard:
    """A block's scorecard as scoring uses it, and whether it is the default."""

    block_id: int
    block_name: str
    card: sc.Scorecard
    criteria: list[CardCriterion]
    saved: bool  # a Scorecard row exists
    default_points: bool  # criteria had no points: the equal default is in use
    note: str = ""

    @property
    def notes(self) -> list[str]:
        out = []
        if not self.saved:
            out.append("Khối chưa lưu bảng điểm riêng: đang dùng bảng điểm mặc định.")
        if self.default_points:
            out.append(f"Các tiêu chí chưa có điểm: chia đều {format_number(self.card.scale)} điểm "
                       f"cho {len(self.card.score_criteria)} tiêu chí chấm điểm.")
        return out + self.card.problems()


def default_rule(c: Criterion) -> sc.Rule:
    if c.kind == "yesno":
        return sc.Rule.YESNO
    if c.kind == "number" and c.planned_value is None:
        return sc.Rule.PER_UNIT
    return sc.Rule.PROPORTIONAL


def equal_points(n: int, scale: int) -> list[float]:
    """``scale`` split into ``n`` shares rounded to 0,5, the remainder on the first."""
    if n <= 0:
        return []
    share = math.floor(scale / n * 2) / 2
    points = [share] * n
    points[0] = round(scale - share * (n - 1), 2)
    return points


def _role(c: Criterion) -> sc.Role:
    try:
        return sc.Role(c.role)
    except ValueError:
        return sc.Role.SCORE


def _rule(c: Criterion, role: sc.Role) -> sc.Rule:
    try:
        rule = sc.Rule(c.rule)
    except ValueError:
        rule = default_rule(c)
    if rule not in sc.RULES_FOR_ROLE[role]:
        rule = sc.RULES_FOR_ROLE[role][0]
    return rule


def block_criteria(session: Session, block_id: int) -> list[Criterion]:
    return list(session.scalars(select(Criterion).where(Criterion.block_id == block_id)
                                .order_by(Criterion.position, Criterion.id)))


def default_header(session: Session, scale: int = 100) -> dict[str, Any]:
    factor = scale / 100
    return {
        "scale": scale,
        "bands": [{"name": b["name"], "min": b["min"] * factor} for b in settings.get(session, "scoring.default_bands")],
        "tiebreak": list(settings.get(session, "scoring.default_tiebreak")),
        "bonus_cap": None,
    }


def block_card(session: Session, block: EmulationBlock, criteria: list[Criterion] | None = None) -> BlockCard:
    """The scorecard of ``block``: its saved header or the default, its criteria
    with their points (an equal default when none has points yet)."""
    criteria = block_criteria(session, block.id) if criteria is None else criteria
    row = session.scalar(select(Scorecard).where(Scorecard.block_id == block.id))
    header = ({"scale": row.scale, "bands": row.bands, "tiebreak": row.tiebreak, "bonus_cap": row.bonus_cap}
              if row is not None else default_header(session))
    scale = int(header["scale"] or 100)
    roles = [_role(c) for c in criteria]
    scored = [c for c, r in zip(criteria, roles) if r is sc.Role.SCORE]
    default_points = bool(scored) and all(not c.max_points for c in scored)
    shares = iter(equal_points(len(scored), scale)) if default_points else None
    specs = []
    for c, role in zip(criteria, roles):
        if default_points and role is sc.Role.SCORE:
            points, rule = next(shares), default_rule(c)
        else:
            points, rule = float(c.max_points or 0), _rule(c, role)
        specs.append(sc.CriterionSpec(str(c.id), c.code, c.label, points, rule, role, dict(c.params or {}),
                                      c.group, c.unit))
    bands = sc.parse_bands(header["bands"] or default_header(session, scale)["bands"])
    late = float(settings.get(session, "scoring.late_deduction")) * scale / 100
    card = sc.Scorecard(scale, tuple(specs), tuple(bands), tuple(header["tiebreak"] or ()),
                        header["bonus_cap"], late, str(settings.get(session, "scoring.below_bands")))
    return BlockCard(block.id, block.name, card, [CardCriterion.of(c) for c in criteria], row is not None,
                     default_points,
                     row.note if row is not None else "")


def blocks(session: Session, campaign: Campaign) -> list[EmulationBlock]:
    return list(session.scalars(select(EmulationBlock).where(EmulationBlock.campaign_id == campaign.id)
                                .order_by(EmulationBlock.position, EmulationBlock.name)))


def find_block(session: Session, campaign: Campaign, text: str) -> EmulationBlock:
    key = unique_key(text)
    from ...domain.text import fold

    loose = fold(text)
    found = [b for b in blocks(session, campaign) if unique_key(b.name) == key or fold(b.name) == loose
             or str(b.id) == str(text).strip()]
    if len(found) != 1:
        names = ", ".join(f"“{b.name}”" for b in blocks(session, campaign)) or "chưa có khối nào"
        raise UserError(f"Không có khối thi đua “{text}”. Các khối: {names}.")
    return found[0]


@dataclass
class CriterionEdit:
    """One row of the scorecard editor."""

    id: int | None  # None: a new bonus / penalty / disqualifying criterion
    code: str
    label: str
    max_points: float
    rule: str
    role: str
    params: dict[str, Any] = field(default_factory=dict)
    group: str = ""
    kind: str = "yesno"  # for new criteria: yesno / number
    unit: str = ""


def save_scorecard(session: Session, block_id: int, scale: int, bands: list[dict], tiebreak: list[str],
                   bonus_cap: float | None, criteria: list[CriterionEdit], note: str = "") -> None:
    """Store the header and every criterion's scoring fields; add new
    bonus/penalty/disqualifying criteria; remove those the clerk deleted (only
    when no result was entered for them)."""
    accounts.require(session, Action.EDIT_DATA)
    block = session.get(EmulationBlock, block_id)
    if block is None:
        raise UserError("Khối thi đua không còn.")
    problems = []
    if scale not in (100, 1000):
        problems.append("Thang điểm phải là 100 hoặc 1.000.")
    problem = sc.bands_problem(bands)
    if problem:
        problems.append(f"Xếp loại: {problem}")
    problem = sc.tiebreak_problem(tiebreak)
    if problem:
        problems.append(f"Tiêu chí phụ: {problem}")
    if bonus_cap is not None and bonus_cap < 0:
        problems.append("Mức trần điểm thưởng không được âm.")
    codes = set()
    for edit in criteria:
        code = clean(edit.code)
        if not code:
            problems.append(f"Tiêu chí “{edit.label}” chưa có mã.")
        elif code in codes:
            problems.append(f"Mã tiêu chí “{code}” trùng.")
        codes.add(code)
        if not clean(edit.label):
            problems.append(f"Tiêu chí {code} chưa có nội dung.")
        if edit.max_points < 0:
            problems.append(f"Tiêu chí {code}: điểm không được âm.")
        try:
            role, rule = sc.Role(edit.role), sc.Rule(edit.rule)
        except ValueError:
            problems.append(f"Tiêu chí {code}: vai trò hoặc cách chấm không hợp lệ.")
            continue
        if rule not in sc.RULES_FOR_ROLE[role]:
            problems.append(f"Tiêu chí {code}: cách chấm “{rule.label}” không dùng cho “{role.label}”.")
        if edit.id is None and role is sc.Role.SCORE:
            problems.append(f"Tiêu chí {code}: tiêu chí chấm điểm mới thêm ở danh mục tiêu chí của khối "
                            "(phần Chỉ tiêu và kết quả); ở đây chỉ thêm điểm thưởng, điểm trừ, tiêu chí liệt.")
    if problems:
        raise UserError("Không lưu được bảng điểm:\n" + "\n".join(problems))
    existing = {c.id: c for c in block_criteria(session, block_id)}
    kept = {e.id for e in criteria if e.id is not None}
    for cid, c in existing.items():
        if cid in kept:
            continue
        used = session.scalar(select(func.count(Result.id)).where(Result.criterion_id == cid))
        if used:
            raise UserError(f"Không xóa được tiêu chí {c.code}: đã có {used} kết quả nhập cho tiêu chí này.")
        if c.role == sc.Role.SCORE.value or c.measure_id is not None:
            raise UserError(f"Tiêu chí {c.code} thuộc danh mục tiêu chí của khối; xóa ở phần Chỉ tiêu và kết quả.")
        # Through the ORM, so each detached adjustment is in the audit trail.
        for adjustment in session.scalars(select(ScoreAdjustment).where(ScoreAdjustment.criterion_id == cid)):
            adjustment.criterion_id = None
        session.delete(c)
    session.flush()
    next_position = max((c.position for c in existing.values()), default=0) + 1
    for edit in criteria:
        params = sc.rule_params(sc.Rule(edit.rule), edit.params)
        if edit.id is None:
            c = Criterion(block_id=block_id, position=next_position, code=clean(edit.code),
                          label=clean(edit.label), group=clean(edit.group),
                          kind=edit.kind if edit.kind in ("yesno", "number") else "yesno",
                          unit=clean(edit.unit), comparison="ge")
            next_position += 1
            session.add(c)
        else:
            c = existing.get(edit.id)
            if c is None:
                raise UserError(f"Tiêu chí {edit.code} không còn trong khối.")
            if c.measure_id is None and c.role != sc.Role.SCORE.value:
                c.code, c.label = clean(edit.code), clean(edit.label)
        c.max_points = float(edit.max_points)
        c.rule = edit.rule
        c.role = edit.role
        c.params = params
    row = session.scalar(select(Scorecard).where(Scorecard.block_id == block_id))
    if row is None:
        row = Scorecard(block_id=block_id)
        session.add(row)
    row.scale, row.bands, row.tiebreak, row.bonus_cap = scale, bands, list(tiebreak), bonus_cap
    row.note = clean_multiline(note)
    session.flush()


def save_default_scorecard(session: Session, block: EmulationBlock) -> BlockCard:
    """Write the default scorecard for a block (the demo, and the editor's
    "Tạo bảng điểm mặc định")."""
    current = block_card(session, block)
    edits = [CriterionEdit(c.id, c.code, c.label, spec.max_points, spec.rule.value, spec.role.value,
                           dict(spec.params), c.group)
             for c, spec in zip(current.criteria, current.card.criteria)]
    header = default_header(session, current.card.scale)
    save_scorecard(session, block.id, header["scale"], header["bands"], header["tiebreak"],
                   header["bonus_cap"], edits)
    return block_card(session, block)


def rescale(bands: list[dict], criteria: list[CriterionEdit], bonus_cap: float | None,
            old: int, new: int) -> tuple[list[dict], list[CriterionEdit], float | None]:
    """Change a scorecard's scale, multiplying every point figure."""
    f = new / old
    return ([{**b, "min": round(b["min"] * f, 2)} for b in bands],
            [CriterionEdit(**{**e.__dict__, "max_points": round(e.max_points * f, 2)}) for e in criteria],
            None if bonus_cap is None else round(bonus_cap * f, 2))


# --- adjustments (điểm thưởng / điểm trừ) -----------------------------------------


def adjustments(session: Session, campaign: Campaign, unit_id: int | None = None) -> list[ScoreAdjustment]:
    query = select(ScoreAdjustment).where(ScoreAdjustment.campaign_id == campaign.id)
    if unit_id is not None:
        query = query.where(ScoreAdjustment.unit_id == unit_id)
    return list(session.scalars(query.order_by(ScoreAdjustment.id)))


def add_adjustment(session: Session, campaign: Campaign, unit_id: int, points: float, reason: str) -> ScoreAdjustment:
    accounts.require(session, Action.EDIT_DATA)
    reason = clean_multiline(reason)
    if not reason:
        raise UserError("Điểm thưởng, điểm trừ phải ghi lý do.")
    if not points:
        raise UserError("Số điểm phải khác 0 (dương là điểm thưởng, âm là điểm trừ).")
    if session.get(Unit, unit_id) is None:
        raise UserError("Đơn vị không còn.")
    row = ScoreAdjustment(campaign_id=campaign.id, unit_id=unit_id, points=float(points), reason=reason)
    session.add(row)
    session.flush()
    return row


def delete_adjustment(session: Session, adjustment_id: int) -> None:
    accounts.require(session, Action.EDIT_DATA)
    row = session.get(ScoreAdjustment, adjustment_id)
    if row is not None:
        session.delete(row)


# --- rankings --------------------------------------------------------------------


def outcome_of(item: ev.ItemResult) -> sc.Outcome:
    """The results area's verdict on one item, as scoring reads it."""
    e = item.evaluation
    standing = _STANDING[e.status]
    if item.unplanned and e.actual is not None:
        # no plan to compare with: only a count rule (chấm thẳng) reads it
        return sc.Outcome(sc.Standing.REACHED, e.actual, None, None, None, e.rule)
    if standing is sc.Standing.MISSING:
        return sc.Outcome.missing()
    ratio = None
    comparison = item.item.comparison.value
    if comparison == "decrease" and e.planned is None:
        # only "lower than last year": no decrease is no completion at all
        if standing.met and e.baseline is not None and e.actual:
            ratio = e.baseline / e.actual
        else:
            ratio = 2.0 if standing.met else 0.0
    elif comparison in _LOWER_IS_BETTER:
        reference = e.planned if e.planned is not None else e.baseline
        if reference is not None and e.actual is not None:
            ratio = reference / e.actual if e.actual > 0 else (2.0 if standing.met else 0.0)
    elif e.percent_of_plan is not None:
        ratio = e.percent_of_plan / 100
    # a verdict taken from the register is not overruled by the flag entered
    flag = item.values.flag if item.values is not None and not item.from_register else None
    return sc.Outcome(standing, e.actual, e.planned, flag, ratio, e.rule)


@dataclass
class BlockRanking:
    card: BlockCard
    ranking: sc.Ranking


@dataclass(frozen=True)
class PeriodRow:
    id: int
    code: str
    name: str
    is_main: bool

    @classmethod
    def of(cls, p: Period) -> "PeriodRow":
        return cls(p.id, p.code, p.name, bool(p.is_main))


@dataclass
class Rankings:
    period: PeriodRow
    blocks: list[BlockRanking]
    ward: sc.Ranking

    @property
    def unassigned(self) -> list[str]:
        """Units in no block: listed as "chưa thuộc khối nào", never silently dropped."""
        return self.ward.unassigned

    def unit_scores(self) -> dict[int, sc.UnitScore]:
        """Each unit's score within its block (rank in the block)."""
        return {s.unit_id: s for b in self.blocks for s in b.ranking.entries}

    def block_of(self, unit_id: int) -> BlockRanking | None:
        for b in self.blocks:
            if any(s.unit_id == unit_id for s in b.ranking.entries):
                return b
        return None


@dataclass
class RankingBasis:
    """What scoring reads from the database for one period: each block's card with
    its units' inputs, the units in no block and the ward's tie-break chain. Scoring
    it again with changed cards (the what-if panel) needs no database."""

    period: PeriodRow
    blocks: list[tuple[BlockCard, list[sc.UnitInput]]]
    outside: list[tuple[int, str]]
    ward_tiebreak: list[str]


@dataclass
class UnitVerdicts:
    """What ranking reads of a unit that carries anything (a unit of :func:`ev.unit_results`)."""

    reported: bool  # as ``UnitResults.has_reported``
    reported_on: dt.date | None  # as ``UnitStatus.reported_on``
    late_days: int  # days late when it reported late, else 0
    outcomes: dict[str, sc.Outcome]  # by criterion id (as text): ``outcome_of`` its ``by_criterion()``
    unplanned: frozenset[str]  # its block's criteria it carries without a planned value


def unit_verdicts(session: Session, campaign: Campaign, period: Period,
                  people: ev.Participants) -> dict[int, UnitVerdicts]:
    """Each unit's verdicts as :func:`ev.unit_results` and :func:`reporting.reporting_status` give
    them, read from the figures: a large ward's units share their items and often their figures,
    so each (item, figures) pair is judged once and no result object is made per unit."""
    figures = ev.period_figures(session, period)
    rows = figures.rows
    tol = ev.tolerances(session)
    book = ev.register(session, campaign)
    lateness = reporting.lateness_rule(session, campaign, period)
    # by the item's id (the items stay in ``people``: no id is reused): what each item's rows need
    shape: dict[int, tuple[str, int, str | None, bool, bool]] = {}
    known: dict[tuple[int, tuple | None], tuple[ev.ItemResult, sc.Outcome]] = {}
    out = {}
    for unit_id in people.units:
        items = people.items(unit_id)
        if not items:
            continue
        outcomes: dict[str, sc.Outcome] = {}
        unplanned = []
        dates = []
        for item in items:
            found = shape.get(id(item))
            if found is None:
                key = None if item.criterion_id is None else str(item.criterion_id)
                found = shape[id(item)] = (item.kind, item.id, key, ev.unplanned(item),
                                           book is not None and book.reads(item))
            kind, item_id, key, not_planned, from_register = found
            values, reported_on = rows.get((unit_id, kind, item_id), (None, None))
            if values is not None:
                dates.append(reported_on)
            if key is None:
                continue
            hit = known.get((id(item), values))
            if hit is None:
                result = ev.evaluated(item, None if values is None else ResultValues(*values), tol)
                hit = known[(id(item), values)] = (result, outcome_of(result))
            outcomes[key] = outcome_of(book.judge(hit[0], unit_id)) if from_register else hit[1]
            if not_planned:
                unplanned.append(key)
        reported_on = figures.reports.get(unit_id)
        reported = reported_on is not None or bool(dates)
        if reported and reported_on is None:
            reported_on = min(filter(None, dates), default=None)
        late, days = lateness(reported, reported_on)
        out[unit_id] = UnitVerdicts(reported, reported_on, days if late and reported else 0, outcomes,
                                    frozenset(unplanned))
    return out


@ev.collector_paused()
def ranking_basis(session: Session, campaign: Campaign, period: Period | None = None,
                  block_ids: list[int] | None = None) -> RankingBasis:
    """Read every block (or those named) for ``period`` (the year by default)."""
    period = period or ev.main_period(campaign)
    people = ev.participants(session, campaign)
    verdicts = unit_verdicts(session, campaign, period, people)
    deadline = period.deadline or (campaign.units_deadline if period.is_main else None)
    female_share = float(settings.get(session, "council.female_share"))
    adjust: dict[int, list[tuple[float, str]]] = {}
    for a in adjustments(session, campaign):
        adjust.setdefault(a.unit_id, []).append((a.points, a.reason))
    members: dict[int, list[int]] = {}
    # plain rows: only the two ids are read, and a large ward has thousands of memberships
    for ms in session.execute(select(BlockMembership.unit_id, BlockMembership.block_id)
                              .where(BlockMembership.campaign_id == campaign.id)):
        if ms.unit_id in people.units:
            members.setdefault(ms.block_id, []).append(ms.unit_id)
    out = []
    nothing = UnitVerdicts(False, None, 0, {}, frozenset())  # a unit that carries nothing
    for block in blocks(session, campaign):
        if block_ids is not None and block.id not in block_ids:
            continue
        card = block_card(session, block, people.criteria.get(block.id, []))
        targets = [c for c in card.criteria if c.kind == "measure"]
        inputs = []
        for uid in members.get(block.id, []):
            unit = people.units[uid]
            v = verdicts.get(uid, nothing)
            # a target of the block's list that was not allocated to this unit does not count for it
            not_applicable = frozenset(str(c.id) for c in targets if str(c.id) not in v.outcomes)
            inputs.append(sc.UnitInput(
                uid, unit.name, v.reported, v.outcomes, adjust.get(uid, ()), v.reported_on, deadline,
                v.late_days,
                female_priority("unit", female=unit.female_staff_count, staff=unit.staff_count,
                                min_share=female_share),
                block.name, not_applicable, v.unplanned))
        out.append((card, inputs))
    outside = [(uid, u.name) for uid, u in people.units.items() if uid not in people.block_of] \
        if block_ids is None else []
    return RankingBasis(PeriodRow.of(period), out, outside, list(settings.get(session, "scoring.ward_tiebreak")))


def rank_basis(basis: RankingBasis) -> Rankings:
    """Score and rank what :func:`ranking_basis` read (pure: no database)."""
    out = []
    for card, inputs in basis.blocks:
        ranking = sc.score_block(card.block_name, card.card, inputs)
        ranking.notes = card.notes
        out.append(BlockRanking(card, ranking))
    ward = sc.ward_ranking([b.ranking for b in out], basis.ward_tiebreak, unassigned=basis.outside)
    return Rankings(basis.period, out, ward)


def rankings(session: Session, campaign: Campaign, period: Period | None = None,
             block_ids: list[int] | None = None) -> Rankings:
    """Score every block (or those named) for ``period`` (the year by default)."""
    return rank_basis(ranking_basis(session, campaign, period, block_ids))


@dataclass
class ScoringView:
    """What the scoring page shows: the year, its periods, the rankings of one period."""

    year: int
    ward_name: str
    periods: list[PeriodRow]
    rankings: Rankings


def scoring_view(session: Session, period_id: int | None = None) -> ScoringView:
    """The rankings of the period ``period_id`` of the current year (the year-long one by default)."""
    campaign = plan.current_campaign(session)
    period = next((p for p in campaign.periods if p.id == period_id), None) or ev.main_period(campaign)
    return ScoringView(campaign.year, plan.ward(session).full_name, [PeriodRow.of(p) for p in campaign.periods],
                       rankings(session, campaign, period))


# --- presenting ----------------------------------------------------------------------


def explanation(score: sc.UnitScore, card: sc.Scorecard | None = None) -> list[str]:
    """Plain lines explaining a unit's total, as the CLI prints and the page shows."""
    lines = []
    for line in score.lines:
        points = "" if line.points is None else f" → {format_number(line.points, decimals=None)} điểm"
        head = f"{line.code} {line.label}".strip()
        parts = [p for p in (line.value, line.rule) if p]
        lines.append(f"{head}: {'; '.join(parts)}{points}" if parts else f"{head}{points}")
    if score.reported:
        summary = (f"Tổng: {format_number(score.base)} điểm tiêu chí + {format_number(score.bonus)} điểm thưởng "
                   f"− {format_number(score.deductions)} điểm trừ = "
                   f"{sc.total_text(score.total, score.scale, score.bonus)}")
        lines.append(summary + (f"; xếp loại {score.band}" if score.band else ""))
    if score.tie_note:
        lines.append(f"Xếp hạng: {score.tie_note}")
    return lines


def score_json(s: sc.UnitScore, with_lines: bool = False) -> dict[str, Any]:
    data = {
        "unit_id": s.unit_id, "unit": s.name, "block": s.block, "rank": s.rank, "total": s.total,
        "scale": s.scale, "percent": s.percent, "base": s.base, "bonus": s.bonus, "deductions": s.deductions,
        "band": s.band, "reported": s.reported, "disqualified": s.disqualified,
        "exceeded": s.exceeded_count, "reached": s.reached_count, "tie_note": s.tie_note, "status": s.status,
        "unassigned": s.unassigned,
    }
    if with_lines:
        data["explanation"] = explanation(s)
    return data


def ranking_json(r: sc.Ranking, with_lines: bool = False) -> dict[str, Any]:
    return {
        "title": r.title, "scale": r.scale, "provisional": r.provisional, "status": r.status_text,
        "not_reported": r.missing, "tiebreak": r.tiebreak_labels, "rule": r.chain_text,
        "notes": r.notes, "units": [score_json(s, with_lines) for s in r.entries],
        "unassigned": r.unassigned,
    }
