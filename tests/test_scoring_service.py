"""Scoring the ward's blocks from stored results: default scorecard, saved
scorecards, adjustments, provisional rankings and explanations."""
from __future__ import annotations

import pytest

from awards_helpers import block_id, make_ward
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan, scoring
from thidua_desktop.services.scoring import CriterionEdit


@pytest.fixture
def ward(db):
    return make_ward(db)


def _ranking(db, name="Khối tổ dân phố"):
    with db.read() as s:
        r = scoring.rankings(s, plan.current_campaign(s))
        return next(b for b in r.blocks if b.card.block_name == name), r


def test_default_scorecard_splits_100_points_and_ranks_with_reasons(db, ward):
    block, _ = _ranking(db)
    assert not block.card.saved and block.card.default_points
    assert [c.max_points for c in block.card.card.criteria] == [34, 33, 33]
    ranking = block.ranking
    assert ranking.provisional and "Tổ dân phố số 4" in ranking.status_text
    names = [(s.name, s.rank, s.total) for s in ranking.entries]
    assert names[0] == ("Tổ dân phố số 1", 1, 100) and names[1] == ("Tổ dân phố số 2", 2, 100)
    assert names[2][0] == "Tổ dân phố số 3" and names[2][2] == pytest.approx(64.65)
    assert names[3] == ("Tổ dân phố số 4", None, 0)
    # tie broken by the chain and said so
    assert "Nhiều chỉ tiêu vượt kế hoạch hơn" in ranking.entries[1].tie_note
    lines = scoring.explanation(ranking.entries[2])
    assert any("Thực hiện 95% < kế hoạch 96%" in l and "33,65 điểm" in l for l in lines)
    assert any("trễ 4 ngày" in l and "-2 điểm" in l for l in lines)
    assert lines[-1].startswith("Tổng: 66,65 điểm tiêu chí")


def test_saved_scorecard_with_bonus_penalty_and_disqualifying_criteria(db, ward):
    with db.transaction() as s:
        bid = block_id(s, "Khối tổ dân phố")
        card = scoring.block_card(s, s.get(scoring.EmulationBlock, bid))
        edits = [CriterionEdit(c.id, c.code, c.label, p, r, "score") for c, p, r in zip(
            card.criteria, (50, 30, 20), ("full", "proportional", "yesno"))]
        edits.append(CriterionEdit(None, "L1", "Có cán bộ bị kỷ luật từ cảnh cáo trở lên", 0, "yesno", "disqualify"))
        scoring.save_scorecard(s, bid, 100, [{"name": "Xuất sắc", "min": 95}, {"name": "Tốt", "min": 60}],
                               ["base", "reported_on"], 5, edits, "Theo hướng dẫn của phường")
        campaign = plan.current_campaign(s)
        scoring.add_adjustment(s, campaign, ward["Tổ dân phố số 3"], 4, "Giải nhất hội thi văn nghệ")
        scoring.add_adjustment(s, campaign, ward["Tổ dân phố số 3"], 3, "Hoàn thành sớm thu quỹ")
        with pytest.raises(UserError, match="lý do"):
            scoring.add_adjustment(s, campaign, ward["Tổ dân phố số 3"], 1, " ")
    block, _ = _ranking(db)
    assert block.card.saved and not block.card.default_points
    tdp3 = next(e for e in block.ranking.entries if e.name == "Tổ dân phố số 3")
    # 0 (BHYT missed) + 30 + 0 (incident) + bonus 7 capped at 5 - 2 late
    assert (tdp3.base, tdp3.bonus, tdp3.deductions, tdp3.total) == (30, 5, 2, 33)
    assert tdp3.band == "Không xếp loại"
    assert [e.band for e in block.ranking.entries[:2]] == ["Xuất sắc", "Xuất sắc"]
    assert "1. Điểm các tiêu chí (chưa cộng, trừ) cao hơn" in block.ranking.chain_text


def test_scorecard_problems_are_refused(db, ward):
    with db.transaction() as s:
        bid = block_id(s, "Khối trường học")
        card = scoring.block_card(s, s.get(scoring.EmulationBlock, bid))
        edit = CriterionEdit(card.criteria[0].id, "1", "x", 100, "per_unit", "penalty")
        with pytest.raises(UserError, match="Thang điểm phải là 100 hoặc 1.000"):
            scoring.save_scorecard(s, bid, 50, [{"name": "A", "min": 1}], [], None, [edit])
        with pytest.raises(UserError, match="tiêu chí chấm điểm mới thêm ở danh mục"):
            scoring.save_scorecard(s, bid, 100, [{"name": "A", "min": 1}], [], None,
                                   [CriterionEdit(None, "9", "Mới", 10, "full", "score")])


def test_ward_ranking_and_json(db, ward):
    _, all_rankings = _ranking(db)
    ward_ranking = all_rankings.ward
    assert ward_ranking.scale is None and ward_ranking.provisional
    data = scoring.ranking_json(ward_ranking, with_lines=True)
    assert data["units"][0]["rank"] == 1 and data["units"][0]["explanation"]
    assert data["provisional"] is True and data["not_reported"] == ["Tổ dân phố số 4"]


def test_rescale_multiplies_every_point_figure():
    bands, edits, cap = scoring.rescale([{"name": "Tốt", "min": 70}], [CriterionEdit(1, "1", "x", 12.5, "full", "score")],
                                        5, 100, 1000)
    assert bands == [{"name": "Tốt", "min": 700}] and edits[0].max_points == 125 and cap == 50
