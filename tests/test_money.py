"""Prize money: multiples of the base salary in force, rounded up to 10.000 đ."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua_desktop.domain import money
from thidua_desktop.domain.settings import REGISTRY

HISTORY = money.parse_history([
    {"from": "2024-07-01", "amount": 2_340_000, "basis": "NĐ 73/2024/NĐ-CP"},
    {"from": "2026-07-01", "amount": 2_530_000, "basis": "giả định"},
])


def test_titles_at_the_2024_base_salary_are_rounded_up():
    base = 2_340_000
    assert money.prize(0.3, base, 10_000).amount == 710_000  # 702.000 → 710.000
    assert money.prize(1.0, base, 10_000).amount == 2_340_000
    assert money.prize(0.8, base, 10_000).amount == 1_880_000  # 1.872.000
    assert money.prize(1.5, base, 10_000).amount == 3_510_000
    assert money.prize(0.6, base, 10_000).amount == 1_410_000  # 1.404.000
    assert money.prize(None, base, 10_000).amount == 0


def test_household_gets_one_and_a_half_times_the_individual_amount_rounded_once():
    household = money.household_prize(0.3, 1.5, 2_340_000, 10_000)
    # 1,5 × 0,3 × 2.340.000 = 1.053.000 → 1.060.000 (not 1,5 × 710.000 → 1.070.000)
    assert household.amount == 1_060_000
    assert household.explanation == "hộ gia đình: 1,5 × 0,3 × 2.340.000 = 1.053.000 đ → làm tròn lên 1.060.000 đ"


def test_the_base_salary_in_force_on_the_decision_date_applies():
    assert money.base_salary_on(HISTORY, dt.date(2026, 6, 30)).amount == 2_340_000
    assert money.base_salary_on(HISTORY, dt.date(2026, 7, 1)).amount == 2_530_000
    with pytest.raises(money.MoneyError, match="01/07/2024"):
        money.base_salary_on(HISTORY, dt.date(2024, 1, 1))


@pytest.mark.parametrize("value, problem", [
    ([], "ít nhất một"),
    ([{"from": "không phải ngày", "amount": 1}], "ngày áp dụng"),
    ([{"from": "2024-07-01", "amount": -5}], "nguyên dương"),
    ([{"from": "2024-07-01", "amount": 1.5}], "nguyên dương"),
    ([{"from": "2024-07-01", "amount": 1}, {"from": "01/07/2024", "amount": 2}], "cùng áp dụng"),
])
def test_bad_history_is_named(value, problem):
    assert problem in money.history_problem(value)
    with pytest.raises(Exception, match=problem):
        REGISTRY["money.base_salary_history"].check and money.parse_history(value)


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from([1, 1000, 10_000, 100_000]))
def test_round_up_is_the_least_multiple_not_below(amount, step):
    rounded = money.round_up(amount, step)
    assert rounded % step == 0
    assert rounded >= amount
    assert rounded - amount < step


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("20"), places=2),
       st.integers(min_value=1_000_000, max_value=5_000_000))
def test_prize_is_never_below_the_exact_multiple_and_within_one_step(multiple, base):
    result = money.prize(float(multiple), base, 10_000)
    exact = multiple * base
    assert result.amount >= exact
    assert result.amount - exact < 10_000
    assert result.amount % 10_000 == 0


@pytest.mark.parametrize("amount, words", [
    (710_000, "Bảy trăm mười nghìn đồng"),
    (1_070_000, "Một triệu không trăm bảy mươi nghìn đồng"),
    (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
    (105, "Một trăm linh năm đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (24_000, "Hai mươi tư nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (18_720_000, "Mười tám triệu bảy trăm hai mươi nghìn đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (2_005_000_000, "Hai tỷ không trăm linh năm triệu đồng"),
])
def test_amounts_in_words(amount, words):
    assert money.amount_in_words(amount) == words
