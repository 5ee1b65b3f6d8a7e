"""The council: attendance, thresholds on total membership, final order, quota."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import council as co
from thidua_desktop.domain.council import Attendance, Candidate, Threshold

CSTDCS = Threshold(80, "total", "ge")
MAJORITY = Threshold(50, "total", "gt")


def test_cstdcs_needs_80_percent_of_all_members_written_opinions_count():
    att = Attendance(total=9, present=6, written=2)
    assert att.voters == 8 and att.absent == 1
    assert co.tally(8, att, CSTDCS).passed  # 8/9 = 88,9%
    result = co.tally(7, att, CSTDCS)  # 7/9 = 77,8% < 80% even though 7/8 voters = 87,5%
    assert not result.passed and "7/9 = 77,78%" in result.text and "tổng số thành viên" in result.text
    assert co.votes_needed(att, CSTDCS) == 8


def test_majority_is_strictly_more_than_half():
    att = Attendance(10, 10, 0)
    assert not co.tally(5, att, MAJORITY).passed
    assert co.tally(6, att, MAJORITY).passed
    assert co.votes_needed(att, MAJORITY) == 6
    assert co.votes_needed(Attendance(9, 9, 0), MAJORITY) == 5


def test_threshold_on_members_present():
    att = Attendance(10, 6, 0)
    assert co.tally(4, att, Threshold(50, "present", "gt")).passed  # 4/6
    assert not co.tally(4, att, Threshold(50, "total", "gt")).passed  # 4/10


def test_not_voted_and_no_ballot():
    att = Attendance(9, 9, 0)
    assert co.tally(None, att, CSTDCS).passed is None
    assert co.tally(None, att, Threshold(None)).passed is True


def test_vote_counts_are_checked_against_attendance():
    att = Attendance(9, 6, 1)
    assert co.vote_problem(7, att) is None
    assert "nhiều hơn số thành viên biểu quyết" in co.vote_problem(8, att)
    assert "âm" in co.vote_problem(-1, att)
    assert "phiếu hợp lệ" in co.vote_problem(6, att, ballots=5)
    assert Attendance(5, 4, 2).problems()


def test_final_order_share_then_score_then_women():
    cands = [
        Candidate(1, "Trần Văn An", 0, "GK", True, 100.0, score=90),
        Candidate(2, "Lê Thị Bình", 0, "GK", True, 100.0, score=90, female_priority=True),
        Candidate(3, "Phạm Văn Cường", 0, "GK", True, 100.0, score=95),
        Candidate(4, "Hoàng Văn Dũng", 0, "GK", True, 88.9),
        Candidate(5, "Không Đạt", 0, "GK", False, 40.0),
        Candidate(6, "Không Đủ Điều Kiện", 0, "GK", True, 100.0, eligible=False),
    ]
    order = co.final_order(cands)
    assert [c.key for c in order] == [3, 2, 1, 4]
    assert [c.rank for c in order] == [1, 2, 3, 4]
    assert "ưu tiên nữ" in order[2].note


def test_quota_cut_keeps_whole_ties_out():
    cands = [Candidate(i, n, 0, "GK", True, s) for i, (n, s) in enumerate(
        [("An", 100), ("Bình", 90), ("Chi", 90), ("Dung", 80)])]
    order = co.final_order(cands, quota=2)
    assert [(c.name, c.within_quota) for c in order] == [("An", True), ("Bình", False), ("Chi", False),
                                                         ("Dung", False)]
    order = co.final_order(cands, quota=3)
    assert [c.within_quota for c in order] == [True, True, True, False]
    assert "ngoài số lượng tối đa 3" in order[3].note


def test_female_priority():
    assert co.female_priority("person", "nu")
    assert not co.female_priority("person", "nam")
    assert co.female_priority("unit", female=7, staff=10)
    assert not co.female_priority("unit", female=6, staff=10)
    assert not co.female_priority("unit", female=None, staff=10)


def test_participation():
    assert co.participation_problem(Attendance(9, 5, 0), 66.66)
    assert co.participation_problem(Attendance(9, 6, 0), 66.66) is None


@given(st.integers(1, 60), st.data())
def test_votes_needed_is_the_least_passing_count(total, data):
    present = data.draw(st.integers(0, total))
    att = Attendance(total, present, 0)
    for threshold in (CSTDCS, MAJORITY, Threshold(50, "present", "gt"), Threshold(66.67, "total", "ge")):
        need = co.votes_needed(att, threshold)
        for agree in range(0, present + 1):
            assert co.tally(agree, att, threshold).passed == (agree >= need) or (
                co.tally(agree, att, threshold).denominator == 0)
