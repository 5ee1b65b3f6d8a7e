"""Scorecards: rules, bonus and deductions, disqualification, bands, ranking."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import scoring as sc
from thidua_desktop.domain.scoring import (
    Band, CriterionSpec, Role, Rule, Scorecard, Standing, UnitInput, UnitScore,
)

BANDS = (Band("Xuất sắc", 90), Band("Tốt", 70), Band("Khá", 50))


def crit(key, points, rule=Rule.PROPORTIONAL, role=Role.SCORE, **params):
    return CriterionSpec(key, key.upper(), f"Tiêu chí {key}", points, rule, role, params)


def card(*criteria, **kw):
    return Scorecard(kw.pop("scale", 100), tuple(criteria), kw.pop("bands", BANDS), **kw)


def unit(uid, name, reported=True, **outcomes):
    return UnitInput(uid, name, reported, outcomes)


def test_compare_follows_the_comparison():
    assert sc.compare(97.2, 96, "ge", "%").standing is Standing.EXCEEDED
    assert sc.compare(96, 96, "ge").standing is Standing.REACHED
    assert sc.compare(95, 96, "ge").standing is Standing.MISSED
    assert sc.compare(97, 97, "gt").standing is Standing.MISSED
    assert sc.compare(1, 2, "le").standing is Standing.EXCEEDED
    lower = sc.compare(4, 5, "decrease")
    assert lower.standing.met and lower.ratio == 1.25  # inverted: lower is better
    assert sc.compare(None, 5, "ge").standing is Standing.MISSING
    assert sc.compare(97.2, 96, "ge", "%").text == "97,2% (KH ≥ 96%) → vượt"


def test_each_rule_gives_its_points():
    c = card(crit("a", 40, Rule.FULL), crit("b", 30, Rule.PROPORTIONAL), crit("c", 20, Rule.YESNO),
             crit("d", 10, Rule.PER_UNIT, each=2.5))
    s = sc.score_unit(c, unit(1, "A", a=sc.compare(96, 96, "ge"), b=sc.compare(48, 60, "ge"),
                              c=sc.yes_no(True), d=sc.compare(3, None, "ge")))
    points = {l.code: l.points for l in s.lines}
    assert points == {"A": 40, "B": 24, "C": 20, "D": 7.5}
    assert s.total == 91.5 and s.band == "Xuất sắc"


def test_missing_value_scores_zero_and_says_so():
    s = sc.score_unit(card(crit("a", 100)), unit(1, "A"))
    assert s.total == 0 and s.lines[0].points == 0
    assert "chưa có số liệu" in s.lines[0].value + s.lines[0].rule
    assert s.band == "Không xếp loại"


def test_exceeding_earns_bonus_up_to_the_cap():
    c = card(crit("a", 100, Rule.EXCEED_BONUS, per_percent=1, cap=3), bonus_cap=5)
    s = sc.score_unit(c, unit(1, "A", a=sc.compare(110, 100, "ge")))
    assert s.base == 100 and s.bonus == 3 and s.total == 103
    assert any("vượt" in l.rule for l in s.lines)


def test_bonus_cap_limits_bonus_criteria_and_adjustments_together():
    c = card(crit("a", 100, Rule.FULL), crit("t", 4, Rule.YESNO, Role.BONUS), bonus_cap=5)
    u = UnitInput(1, "A", True, {"a": sc.compare(1, 1, "ge"), "t": sc.yes_no(True)},
                  adjustments=[(3, "Giải nhất hội thi"), (-1.5, "Nộp báo cáo sai mẫu")])
    s = sc.score_unit(c, u)
    assert s.bonus_raw == 7 and s.bonus == 5 and s.deductions == 1.5
    assert s.total == 103.5
    assert any("Mức trần" in l.label for l in s.lines)
    assert any(l.value == "Nộp báo cáo sai mẫu" and l.points == -1.5 for l in s.lines)


def test_penalties_and_late_report_are_deducted():
    c = card(crit("a", 100, Rule.FULL), crit("p", 5, Rule.YESNO, Role.PENALTY), late_deduction=2)
    u = UnitInput(1, "A", True, {"a": sc.compare(1, 1, "ge"), "p": sc.yes_no(True)},
                  reported_on=dt.date(2026, 12, 8), deadline=dt.date(2026, 12, 5), late_days=4)
    s = sc.score_unit(c, u)
    assert s.deductions == 7 and s.total == 93
    assert any("hạn trước ngày 05/12/2026 (trễ 4 ngày)" in l.value for l in s.lines)


def test_disqualifying_criterion_takes_the_unit_out_of_the_ranking():
    c = card(crit("a", 100, Rule.FULL), crit("x", 0, Rule.YESNO, Role.DISQUALIFY))
    good = unit(1, "Tốt", a=sc.compare(1, 1, "ge"), x=sc.yes_no(False))
    bad = unit(2, "Liệt", a=sc.compare(1, 1, "ge"), x=sc.yes_no(True))
    ranking = sc.score_block("Khối", c, [bad, good])
    assert [(s.name, s.rank) for s in ranking.entries] == [("Tốt", 1), ("Liệt", None)]
    assert ranking.entries[1].band.startswith("Không xếp loại")
    assert ranking.entries[1].status == "Vi phạm tiêu chí liệt"


def test_maxima_not_adding_up_to_the_scale_are_converted_and_explained():
    c = card(crit("a", 40, Rule.FULL), crit("b", 40, Rule.FULL))
    s = sc.score_unit(c, unit(1, "A", a=sc.compare(1, 1, "ge"), b=sc.compare(0, 1, "ge")))
    assert s.total == 50  # 40 of 80 → 50 of 100
    assert any(l.label == "Quy đổi về thang điểm" for l in s.lines)
    assert "quy đổi" in " ".join(c.problems())


def test_thousand_point_scale_and_bands():
    c = card(crit("a", 1000), scale=1000, bands=tuple(Band(b.name, b.minimum * 10) for b in BANDS))
    s = sc.score_unit(c, unit(1, "A", a=sc.compare(75, 100, "ge")))
    assert s.total == 750 and s.percent == 75 and s.band == "Tốt"


def test_block_formula_gives_the_leader_full_points():
    c = card(crit("a", 100, Rule.BLOCK_RELATIVE))
    units = [unit(1, "Dẫn đầu", a=sc.compare(120, 100, "ge")), unit(2, "Vượt ít", a=sc.compare(110, 100, "ge")),
             unit(3, "Đạt", a=sc.compare(100, 100, "ge")), unit(4, "Chưa đạt", a=sc.compare(80, 100, "ge"))]
    totals = {s.name: s.total for s in sc.score_block("K", c, units).entries}
    assert totals == {"Dẫn đầu": 100, "Vượt ít": 75, "Đạt": 50, "Chưa đạt": 40}


def test_ties_are_shown_1_2_2_4_until_broken():
    c = card(crit("a", 100, Rule.PROPORTIONAL), tiebreak=())
    units = [unit(1, "An", a=sc.compare(90, 100, "ge")), unit(2, "Bình", a=sc.compare(80, 100, "ge")),
             unit(3, "Cường", a=sc.compare(80, 100, "ge")), unit(4, "Dũng", a=sc.compare(70, 100, "ge"))]
    ranking = sc.score_block("K", c, units)
    assert [s.rank for s in ranking.entries] == [1, 2, 2, 4]
    assert ranking.entries[1].tie_note == "đồng hạng với Cường"


def test_tiebreak_chain_breaks_ties_and_says_why():
    c = card(crit("a", 50, Rule.FULL), crit("b", 50, Rule.PROPORTIONAL), tiebreak=("exceeded",))
    # Both 100 points; Bình exceeded two targets, An one.
    an = unit(1, "An", a=sc.compare(100, 100, "ge"), b=sc.compare(101, 100, "ge"))
    binh = unit(2, "Bình", a=sc.compare(101, 100, "ge"), b=sc.compare(101, 100, "ge"))
    ranking = sc.score_block("K", c, [an, binh])
    assert [(s.name, s.rank) for s in ranking.entries] == [("Bình", 1), ("An", 2)]
    assert "Nhiều chỉ tiêu vượt" in ranking.entries[1].tie_note
    assert "1 chỉ tiêu vượt so với 2 chỉ tiêu vượt" in ranking.entries[1].tie_note
    assert "1. Nhiều chỉ tiêu vượt kế hoạch hơn" in ranking.chain_text


def test_ranking_is_provisional_until_every_unit_reported():
    c = card(crit("a", 100))
    ranking = sc.score_block("K", c, [unit(1, "An", a=sc.compare(1, 1, "ge")), unit(2, "Bình", reported=False)])
    assert ranking.provisional and "TẠM THỜI" in ranking.status_text and "Bình" in ranking.status_text
    assert ranking.entries[-1].rank is None and ranking.entries[-1].status == "Chưa báo cáo"
    done = sc.score_block("K", c, [unit(1, "An", a=sc.compare(1, 1, "ge"))])
    assert not done.provisional and "chính thức" in done.status_text


def test_ward_ranking_compares_blocks_by_percent_of_their_scale():
    k1 = sc.score_block("K1", card(crit("a", 100)), [unit(1, "An", a=sc.compare(80, 100, "ge"))])
    k2 = sc.score_block("K2", card(crit("a", 1000), scale=1000), [unit(2, "Bình", a=sc.compare(90, 100, "ge"))])
    ward = sc.ward_ranking([k1, k2], ["exceeded"])
    assert [(s.name, s.rank, s.percent) for s in ward.entries] == [("Bình", 1, 90), ("An", 2, 80)]
    assert k1.entries[0].rank == 1  # the block's own ranking is untouched


def test_scorecard_problems_are_listed():
    c = Scorecard(50, (crit("a", -1, Rule.PROPORTIONAL, Role.PENALTY),), BANDS, tiebreak=("nope",))
    problems = " ".join(c.problems())
    assert "100 hoặc 1.000" in problems and "không được âm" in problems
    assert "không dùng cho" in problems and "“nope”" in problems


def test_setting_checks():
    assert sc.tiebreak_problem(["exceeded", "base"]) is None
    assert "không có" in sc.tiebreak_problem(["xyz"])
    assert "hai lần" in sc.tiebreak_problem(["base", "base"])
    assert sc.bands_problem([{"name": "Tốt", "min": 70}]) is None
    assert "trùng" in sc.bands_problem([{"name": "Tốt", "min": 70}, {"name": "Tốt", "min": 60}])


# --- ranking invariants ---------------------------------------------------------

scores_strategy = st.lists(
    st.tuples(st.integers(0, 20), st.integers(0, 3), st.booleans(), st.booleans()),
    min_size=0, max_size=25)


def _scores(data):
    return [UnitScore(i, f"Đơn vị {i:02d}", reported=rep, total=float(total), percent=float(total),
                      exceeded_count=exc, disqualified=dq)
            for i, (total, exc, rep, dq) in enumerate(data)]


@given(scores_strategy)
def test_competition_rank_invariants(data):
    ordered = sc.rank_scores(_scores(data), ["exceeded"])
    ranked = [s for s in ordered if s.rank is not None]
    assert all(s.reported and not s.disqualified for s in ranked)
    assert len(ordered) == len(data)
    # ranks start at 1, never decrease, and each rank is 1 + the number strictly better
    for s in ranked:
        better = sum(1 for o in ranked if (o.total, o.exceeded_count) > (s.total, s.exceeded_count))
        assert s.rank == better + 1
    assert [s.rank for s in ranked] == sorted(s.rank for s in ranked)
    if ranked:
        assert ranked[0].rank == 1
    # unranked come after every ranked unit
    first_unranked = next((i for i, s in enumerate(ordered) if s.rank is None), len(ordered))
    assert all(s.rank is None for s in ordered[first_unranked:])


@given(scores_strategy, st.randoms())
def test_ranking_does_not_depend_on_input_order(data, rnd):
    a = {s.unit_id: s.rank for s in sc.rank_scores(_scores(data), ["exceeded"])}
    shuffled = _scores(data)
    rnd.shuffle(shuffled)
    b = {s.unit_id: s.rank for s in sc.rank_scores(shuffled, ["exceeded"])}
    assert a == b


@given(st.lists(st.floats(0, 150, allow_nan=False), min_size=1, max_size=6), st.floats(0, 10), st.floats(0, 10))
def test_total_is_base_plus_capped_bonus_minus_deductions(values, bonus, penalty):
    criteria = [crit(f"c{i}", 100 / len(values)) for i in range(len(values))]
    c = card(*criteria, bonus_cap=5)
    u = UnitInput(1, "A", True, {f"c{i}": sc.compare(v, 100, "ge") for i, v in enumerate(values)},
                  adjustments=[(bonus, "thưởng"), (-penalty, "trừ")])
    s = sc.score_unit(c, u)
    assert 0 <= s.base <= 100 + 1e-6
    assert s.bonus == min(round(bonus, 2), 5) or abs(s.bonus - min(bonus, 5)) < 0.01
    expected = max(0.0, s.base + s.bonus - s.deductions)
    assert abs(s.total - expected) < 0.02
    explained = sum(l.points for l in s.lines if l.points is not None and l.kind == "score")
    assert abs(explained - s.base) < 0.05


def test_criteria_a_unit_does_not_carry_are_left_out_of_its_maximum():
    c = card(crit("a", 50, Rule.FULL), crit("b", 50, Rule.FULL))
    u = UnitInput(1, "A", True, {"a": sc.compare(1, 1, "ge")}, not_applicable=frozenset({"b"}))
    s = sc.score_unit(c, u)
    assert s.total == 100  # 50 of the 50 it carries
    assert any(l.value == "không áp dụng" for l in s.lines)


def test_a_target_not_met_never_earns_full_points():
    c = card(crit("a", 100, Rule.PROPORTIONAL))
    s = sc.score_unit(c, unit(1, "A", a=sc.compare(97, 97, "gt")))  # "trên 97%" with exactly 97%
    assert s.total == 99 and "Chưa đạt" in s.lines[0].rule
    met = sc.score_unit(c, unit(1, "A", a=sc.compare(97.5, 97, "gt")))
    assert met.total == 100 and "Đạt kế hoạch" in met.lines[0].rule
