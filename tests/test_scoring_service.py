"""Scoring the ward's blocks from stored results: default scorecard, saved
scorecards, adjustments, provisional rankings and explanations."""
from __future__ import annotations

import pytest

from awards_helpers import block_id, make_ward
from thidua_desktop.errors import UserError
from thidua_desktop.services import plan
from thidua_desktop.services.awards import scoring
from thidua_desktop.services.awards.scoring import CriterionEdit


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


def test_rankings_export_to_xlsx_with_status_chain_and_explanations(db, ward, tmp_path):
    import openpyxl

    from thidua_desktop.services.awards import ranking_export

    with db.transaction() as s:  # a block name too long for a sheet title, with characters Excel refuses there
        block = next(b for b in scoring.blocks(s, plan.current_campaign(s)) if b.name == "Khối tổ dân phố")
        block.name = "Khối tổ dân phố: các tổ dân phố [khu vực trung tâm]"
    with db.read() as s:
        campaign = plan.current_campaign(s)
        result = scoring.rankings(s, campaign)
    path = ranking_export.write_rankings_xlsx(result, tmp_path / "xep hạng.xlsx", "Phường Bạch Đằng", 2026)
    wb = openpyxl.load_workbook(path)
    titles = wb.sheetnames
    assert titles[0] == "Toàn phường" and titles[-1] == "Cách tính điểm"
    assert len(titles) == len(result.blocks) + 2
    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    tdp = wb["Khối TDP - các TDP"]  # shortened meaningfully (excel_print.sheet_title)
    assert "XẾP HẠNG TẠM THỜI" in tdp["A3"].value  # a unit has not reported
    header = [c.value for c in tdp[5]]
    assert header[:4] == ["Hạng", "Đơn vị", "Tổng điểm", "Thang điểm"]
    rows = [[c.value for c in r] for r in tdp.iter_rows(min_row=6, max_row=9)]
    ranking = next(b.ranking for b in result.blocks if b.card.block_id == block.id)
    assert [r[1] for r in rows] == [e.name for e in ranking.entries]
    assert rows[0][0] == ranking.entries[0].rank and rows[0][2] == ranking.entries[0].total
    missing = next(r for r in rows if r[1] == "Tổ dân phố số 4")
    assert missing[2] is None and missing[-1] == "Chưa báo cáo"  # never a zero for a unit that has not reported
    chain = [c.value for c in tdp["A"] if isinstance(c.value, str) and c.value.startswith("Cách xếp hạng")]
    assert chain and "Nhiều chỉ tiêu vượt kế hoạch hơn" in chain[0]
    ward_sheet = [[c.value for c in r] for r in wb["Toàn phường"].iter_rows(min_row=6)]
    assert {r[1] for r in ward_sheet if r[0] is not None or r[1]} >= {e.name for e in result.ward.entries}
    explained = [c.value for c in wb["Cách tính điểm"]["B"] if c.value]
    assert any(v.startswith("Tổng: 66,65 điểm tiêu chí") for v in explained)


def test_sheet_titles_are_valid_and_unique():
    from thidua_desktop.services.xlsx.printable import sheet_title

    taken: set[str] = set()
    long = "Khối các cơ quan, đơn vị sự nghiệp và doanh nghiệp trên địa bàn"
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert first == "Khối các CQ, ĐV sự nghiệp…" and second == "Khối các CQ, ĐV sự nghiệp… (2)"
    assert sheet_title("Khối A/B: [1]", taken) == "Khối A-B - (1)"
    assert sheet_title("toàn phường", {"toàn phường"}) == "toàn phường (2)"


def test_rank_out_writes_the_workbook_from_the_command_line(db, ward, tmp_path, capsys):
    from thidua_desktop.cli import main

    db_path = db.path
    out = tmp_path / "xep-hang.xlsx"
    assert main(["--db", str(db_path), "rank", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert out.exists() and "Đã ghi" in printed and "khối còn xếp hạng tạm thời" in printed
    assert main(["--db", str(db_path), "rank", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "đuôi .xlsx" in capsys.readouterr().err
    assert main(["--db", str(db_path), "rank", "--out", str(tmp_path / "khong-co" / "x.xlsx")]) == 1
    assert "không có thư mục hoặc tệp này" in capsys.readouterr().err
