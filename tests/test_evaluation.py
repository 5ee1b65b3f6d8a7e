"""Evaluation and roll-up rules (domain/evaluation.py) and cell entry rules (domain/results.py)."""
from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from thidua_desktop.domain.evaluation import (
    Contribution,
    RollupMethod,
    Status,
    Tolerances,
    evaluate,
    evaluate_flag,
    growth_rate,
    mismatch,
    round_half_up,
    rollup,
    worst,
)
from thidua_desktop.domain.results import (
    Pair,
    ResultValues,
    Shape,
    detail_text,
    display_text,
    edit_text,
    parse_entry,
    spec_for_criterion,
    spec_for_measure,
)
from thidua_desktop.domain.text import TextError

plans = st.floats(min_value=0.5, max_value=1000, allow_nan=False).map(lambda v: round(v, 2))
actuals = st.floats(min_value=0, max_value=2000, allow_nan=False)


# --- the seeded plan's targets, by hand -------------------------------------


def test_at_least_target_exceeded_met_and_missed():
    above = evaluate("ge", "rate", 96, 96.4, unit="%")
    assert above.status is Status.EXCEEDED
    assert above.rule == "Thực hiện 96,4% > kế hoạch 96% (100,42% kế hoạch) → Vượt"
    assert evaluate("ge", "rate", 96, 96).status is Status.MET
    below = evaluate("ge", "rate", 96, 95.1, unit="%")
    assert below.status is Status.NOT_MET and "→ Không đạt" in below.rule
    assert below.percent_of_plan == pytest.approx(95.1 / 96 * 100)


def test_rate_that_rounds_to_the_plan_is_met():
    # 23.999/24.999 = 95,9998…% is printed 96% and is the plan, not below it.
    assert evaluate("ge", "rate", 96, 23999 / 24999 * 100).status is Status.MET


def test_above_target_needs_more_than_the_plan_and_a_margin_to_be_exceeded():
    assert evaluate("gt", "rate", 97, 97).status is Status.NOT_MET  # "trên 97%": 97% is not above
    met = evaluate("gt", "rate", 97, 97.5, unit="%")
    assert met.status is Status.MET and "vượt khi từ 97,97%" in met.rule
    assert evaluate("gt", "rate", 97, 97.97).status is Status.EXCEEDED
    never = Tolerances(strict_exceed_margin=0)
    assert evaluate("gt", "rate", 97, 99.9, tolerances=never).status is Status.MET


def test_exceed_margin_setting_widens_met():
    wide = Tolerances(exceed_margin=1)
    assert evaluate("ge", "rate", 96, 96.9, tolerances=wide).status is Status.MET
    assert evaluate("ge", "rate", 96, 97.0, tolerances=wide).status is Status.EXCEEDED


def test_growth_target_reads_as_growth():
    ev = evaluate("ge", "growth", 12.5, 13.1, unit="%")
    assert ev.status is Status.EXCEEDED
    assert ev.rule.startswith("Tăng 13,1% > kế hoạch tăng 12,5%")
    assert growth_rate(113.1, 100) == pytest.approx(13.1)
    assert growth_rate(100, 0) is None and growth_rate(None, 100) is None


def test_decrease_compares_with_last_year():
    ev = evaluate("decrease", "count", None, 412, baseline=455, unit="hộ")
    assert ev.status is Status.MET
    assert ev.rule == "Năm nay 412 hộ, năm trước 455 hộ: giảm 43 hộ (9,45%) → Đạt"
    assert evaluate("decrease", "count", None, 455, baseline=455).status is Status.NOT_MET
    assert evaluate("decrease", "count", None, 470, baseline=455).status is Status.NOT_MET
    missing = evaluate("decrease", "count", None, 412)
    assert missing.status is Status.NO_DATA and "năm trước" in missing.rule
    # a level to come down to: "giảm xuống còn 400 hộ"
    assert evaluate("decrease", "count", 400, 412, baseline=455).status is Status.NOT_MET
    assert evaluate("decrease", "count", 400, 400, baseline=455).status is Status.MET
    assert evaluate("decrease", "count", 400, 380, baseline=455).status is Status.EXCEEDED


def test_reach_a_count():
    assert evaluate("reach", "count", 1, 0).status is Status.NOT_MET
    assert evaluate("reach", "count", 1, 1).status is Status.MET
    assert evaluate("reach", "count", 2, 3, unit="tổ dân phố").rule.endswith("→ Vượt")


def test_lower_is_better_targets():
    assert evaluate("le", "rate", 2, 2).status is Status.MET
    assert evaluate("le", "rate", 2, 1.5).status is Status.EXCEEDED
    assert evaluate("le", "rate", 2, 2.1).status is Status.NOT_MET
    assert evaluate("lt", "rate", 2, 2).status is Status.NOT_MET
    assert evaluate("lt", "rate", 2, 1.99).status is Status.MET
    assert evaluate("lt", "rate", 2, 1.9).status is Status.EXCEEDED


def test_equal_target_is_never_exceeded():
    assert evaluate("eq", "count", 5, 5).status is Status.MET
    assert evaluate("eq", "count", 5, 6).status is Status.NOT_MET
    assert evaluate("eq", "amount", 100, 101, tolerances=Tolerances(equal_tolerance=1)).status is Status.MET


def test_missing_actual_or_plan_is_not_enough_data():
    assert evaluate("ge", "rate", 96, None).status is Status.NO_DATA
    assert evaluate("ge", "rate", 96, None).rule == "Chưa có số liệu thực hiện"
    no_plan = evaluate("ge", "count", None, 3)
    assert no_plan.status is Status.NO_DATA and no_plan.actual == 3


def test_yes_no():
    assert evaluate_flag(True).status is Status.MET
    assert evaluate_flag(False).status is Status.NOT_MET
    assert evaluate_flag(None).status is Status.NO_DATA


def test_worst_of_a_target_with_two_measures():
    assert worst([Status.EXCEEDED, Status.MET]) is Status.MET
    assert worst([Status.EXCEEDED, Status.NO_DATA]) is Status.NO_DATA
    assert worst([Status.NOT_MET, Status.NO_DATA]) is Status.NOT_MET
    assert worst([]) is Status.NO_DATA


# --- properties --------------------------------------------------------------


@given(plans, actuals, actuals, st.sampled_from(["ge", "gt", "reach"]))
def test_more_is_never_worse_when_higher_is_better(plan, a, b, comparison):
    low, high = sorted((a, b))
    assert evaluate(comparison, "rate", plan, low).status.rank <= evaluate(comparison, "rate", plan, high).status.rank


@given(plans, actuals, st.sampled_from([("ge", "le"), ("gt", "lt")]))
def test_lower_is_better_mirrors_higher_is_better(plan, actual, pair):
    up, down = pair
    assert evaluate(down, "amount", -plan, -actual).status is evaluate(up, "amount", plan, actual).status


@given(plans, actuals)
def test_at_least_splits_exactly_at_the_plan(plan, actual):
    ev = evaluate("ge", "amount", plan, actual)
    rounded = round_half_up(actual, 2)
    assert ev.status.achieved == (rounded >= plan)
    assert ev.percent_of_plan == pytest.approx(rounded / plan * 100)
    assert ev.rule.endswith("→ " + ev.status.label)


@given(plans, actuals)
def test_above_is_never_met_at_or_below_the_plan(plan, actual):
    ev = evaluate("gt", "amount", plan, actual)
    if round_half_up(actual, 2) <= plan:
        assert ev.status is Status.NOT_MET


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 5000)), min_size=1, max_size=30))
def test_ratio_rollup_is_sum_over_sum_and_between_the_units(pairs):
    pairs = [(min(n, d), d) for n, d in pairs]
    result = rollup("ratio", [Contribution(numerator=n, denominator=d) for n, d in pairs])
    total_n, total_d = sum(n for n, _ in pairs), sum(d for _, d in pairs)
    assert result.value == pytest.approx(total_n / total_d * 100)
    rates = [n / d * 100 for n, d in pairs]
    assert min(rates) - 1e-9 <= result.value <= max(rates) + 1e-9
    assert result.used == len(pairs)


@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 5000)), min_size=1, max_size=20),
       st.randoms(use_true_random=False), st.integers(1, 50))
def test_ratio_rollup_ignores_order_and_common_scale(pairs, rng, k):
    pairs = [(min(n, d), d) for n, d in pairs]
    first = rollup("ratio", [Contribution(numerator=n, denominator=d) for n, d in pairs]).value
    shuffled = list(pairs)
    rng.shuffle(shuffled)
    again = rollup("ratio", [Contribution(numerator=n * k, denominator=d * k) for n, d in shuffled]).value
    assert again == pytest.approx(first)


def test_ratio_rollup_is_not_the_average_of_rates():
    # a group of 100 people at 50% and one of 900 at 100%: the ward is at 95%, not 75%.
    result = rollup("ratio", [Contribution(numerator=50, denominator=100),
                              Contribution(numerator=900, denominator=900)])
    assert result.value == pytest.approx(95.0)


def test_rates_without_numerator_cannot_roll_up():
    result = rollup("ratio", [Contribution(numerator=90, denominator=100), Contribution(value=80, label="Tổ 3")])
    assert result.value == pytest.approx(90)
    assert result.unusable == ("Tổ 3: chỉ có tỷ lệ, thiếu tử số và mẫu số",)


@given(st.lists(st.one_of(st.none(), st.integers(0, 10_000)), max_size=40))
def test_sum_rollup_is_the_sum_of_reported_values(values):
    result = rollup("sum", [Contribution(value=v) for v in values])
    reported = [v for v in values if v is not None]
    if reported:
        assert result.value == sum(reported) and result.used == len(reported)
    else:
        assert result.value is None


@given(st.lists(st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)), min_size=1, max_size=20))
def test_growth_rollup_from_amounts(pairs):
    result = rollup("growth", [Contribution(current=c, previous=p) for c, p in pairs])
    assert result.value == pytest.approx((sum(c for c, _ in pairs) / sum(p for _, p in pairs) - 1) * 100)


def test_sum_rollup_gives_last_years_total_only_when_every_unit_has_it():
    full = rollup("sum", [Contribution(value=10, previous=12), Contribution(value=5, previous=6)])
    assert (full.value, full.previous) == (15, 18)
    partial = rollup("sum", [Contribution(value=10, previous=12), Contribution(value=5)])
    assert partial.previous is None
    assert rollup(RollupMethod.NONE, [Contribution(value=1)]).value is None


@given(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_mismatch_is_symmetric_and_ignores_printing_noise(a, b):
    assert mismatch(a, b) == mismatch(b, a)
    assert not mismatch(a, a + 1e-7)
    assert mismatch(a, None) is False


def test_mismatch_tolerance():
    assert mismatch(96.2, 96.35)
    assert not mismatch(96.2, 96.35, Tolerances(mismatch_tolerance=0.2))


# --- typing a cell -----------------------------------------------------------

RATE = spec_for_measure("rate", "ge", "%", "Số người tham gia BHYT", "Dân số")
GROWTH = spec_for_measure("growth", "ge", "%", amount_unit="triệu đồng")
DECREASE = spec_for_measure("count", "decrease", "hộ")
COUNT = spec_for_measure("count", "reach", "trường")
YESNO = spec_for_criterion("yesno")
PERCENT_NUMBER = spec_for_criterion("number", "%")


def test_rate_typed_with_decimal_comma_or_as_a_fraction():
    assert parse_entry("96,5", RATE) == ResultValues(value=96.5)
    assert parse_entry("96,5%", RATE).value == 96.5
    values = parse_entry("2.345/2.400", RATE)
    assert (values.numerator, values.denominator) == (2345, 2400)
    assert values.value == pytest.approx(2345 / 2400 * 100)
    assert edit_text(values, RATE) == "2.345/2.400"
    assert parse_entry(edit_text(values, RATE), RATE) == values
    assert display_text(values, RATE) == "97,71%"
    assert detail_text(values, RATE) == "97,71% = 2.345 / 2.400 (Số người tham gia BHYT / Dân số)"


@pytest.mark.parametrize("text, message", [
    ("101", "từ 0 đến 100"),
    ("-1", "từ 0 đến 100"),
    ("abc", "không phải là số"),
    ("1.200/1.000", "lớn hơn mẫu số"),
    ("5/0", "mẫu số phải lớn hơn 0"),
    ("1/2/3", "một dấu"),
])
def test_rate_rules(text, message):
    with pytest.raises(TextError, match=message):
        parse_entry(text, RATE)


def test_empty_cell_is_missing_not_zero():
    assert parse_entry("", RATE) is None
    assert parse_entry("   ", COUNT) is None
    assert parse_entry("0", COUNT) == ResultValues(value=0)


def test_growth_from_amounts_or_rate():
    values = parse_entry("52.300/46.200", GROWTH)
    assert values.value == pytest.approx((52300 / 46200 - 1) * 100)
    assert (values.current_amount, values.previous_amount) == (52300, 46200)
    assert parse_entry("-3,5", GROWTH).value == -3.5
    assert GROWTH.pair is Pair.AMOUNTS


def test_counts_are_whole_and_not_negative():
    with pytest.raises(TextError, match="số nguyên"):
        parse_entry("1,5", COUNT)
    with pytest.raises(TextError, match="không được âm"):
        parse_entry("-2", COUNT)
    with pytest.raises(TextError, match="chỉ ghi một số"):
        parse_entry("1/2", COUNT)


def test_decrease_count_with_last_year():
    values = parse_entry("412/455", DECREASE)
    assert (values.value, values.previous_amount) == (412, 455)
    assert detail_text(values, DECREASE) == "412 hộ (năm trước 455)"


def test_yes_no_words():
    for word in ("Có", "co", "x", "1", "Đạt"):
        assert parse_entry(word, YESNO).flag is True
    for word in ("Không", "khong", "0"):
        assert parse_entry(word, YESNO).flag is False
    with pytest.raises(TextError, match="Có” hoặc “Không"):
        parse_entry("có lẽ", YESNO)
    assert display_text(ResultValues(flag=True), YESNO) == "Có"


def test_percent_criterion_bounds():
    assert PERCENT_NUMBER.shape is Shape.NUMBER and PERCENT_NUMBER.percent
    with pytest.raises(TextError):
        parse_entry("120", PERCENT_NUMBER)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_fraction_round_trips_through_the_edit_text(n, d):
    assume(n <= d)
    values = parse_entry(f"{n}/{d}", RATE)
    assert parse_entry(edit_text(values, RATE), RATE) == values
    assert not math.isnan(values.value)
