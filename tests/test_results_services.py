"""Allocations, criteria, writing results with history, ward roll-ups and evaluation."""
from __future__ import annotations

import datetime as dt

import pytest
from results_helpers import block_id, make_ward, measure_id, period
from sqlalchemy import func, select

from thidua_desktop.domain.evaluation import Status
from thidua_desktop.domain.results import ResultValues
from thidua_desktop.errors import UserError
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.services.results import entry as rs
from thidua_desktop.services.results import targets as ts
from thidua_desktop.storage.models import (
    Allocation,
    AuditEntry,
    Criterion,
    Measure,
    Result,
    ResultHistory,
    UnitReport,
)


def write(db, changes, source="manual", actor="văn thư", **kw):
    with db.transaction(actor=actor, reason="kiểm thử") as s:
        return rs.apply_changes(s, period(s, kw.pop("period_code", None)), changes, source, **kw)


def cell(unit_id, kind, item_id, values=None, **kw):
    return rs.CellChange(rs.CellKey(unit_id, kind, item_id), values, **kw)


def test_default_allocation_follows_unit_kinds(db):
    ids = make_ward(db)
    with db.read() as s:
        pairs = {(a.measure.code, a.unit_id) for a in s.scalars(select(Allocation))}
        assert ("8", ids["Tổ dân phố số 1"]) in pairs
        assert ("7", ids["Trường Tiểu học Bạch Đằng"]) in pairs
        assert ("12a", ids["Trung tâm phục vụ hành chính công phường"]) in pairs
        assert ("12a", ids["Công an phường"]) in pairs
        assert ("12a", ids["Ban Chỉ huy quân sự phường"]) not in pairs  # settles no procedures
        assert ("9", ids["Công ty TNHH Thủy sản Hải Long"]) in pairs
        assert not any(code in ("1", "2", "3", "4", "6b") for code, _ in pairs)
        nine = s.get(Measure, measure_id(s, "9"))
        assert nine.rollup == "none"  # enterprises' workers are not the ward's working-age population
    with db.transaction() as s:
        again = ts.apply_default_allocation(s, plan.current_campaign(s))
    assert again.startswith("Đã giao 0 ")


def test_default_criteria_lists_by_block(db):
    ids = make_ward(db)
    with db.read() as s:
        campaign = plan.current_campaign(s)
        tdp = ts.criteria_of(s, block_id(s, "Khối tổ dân phố"))
        codes = [c.code for c in tdp]
        assert codes[:7] == ["5", "6a", "8", "10", "11", "13", "14"]
        assert codes[7:] == ["TC01", "TC02", "TC11", "TC12"]
        assert all(c.max_points == 0 and c.rule == "full" for c in tdp)  # scoring is issue 5's
        items = ev.unit_items(s, campaign)
        school = [i.code for i in items[ids["Trường Tiểu học Bạch Đằng"]]]
        assert school == ["7", "TC01", "TC02", "TC21", "TC22"]
        bhyt = next(i for i in items[ids["Tổ dân phố số 1"]] if i.code == "8")
        assert bhyt.planned == 96  # a rate without a unit plan takes the ward's
        seven = items[ids["Trường Tiểu học Bạch Đằng"]][0]
        assert seven.planned is None  # which school reaches the standard is the ward's choice


def test_a_value_is_written_with_who_and_when_and_marks_the_unit_reported(db):
    ids = make_ward(db)
    unit = ids["Tổ dân phố số 1"]
    with db.read() as s:
        bhyt = measure_id(s, "8")
    summary = write(db, [cell(unit, ev.MEASURE, bhyt, ResultValues(value=96.5))])
    assert summary.new == 1
    with db.read() as s:
        row = s.scalar(select(Result))
        assert row.value == 96.5 and row.updated_by == "văn thư" and row.source == "manual"
        assert row.reported_on == dt.date.today()
        report = s.scalar(select(UnitReport))
        assert report.unit_id == unit and report.reported_on == dt.date.today()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "result")).all()
        assert audit and audit[0].actor == "văn thư"


def test_a_changed_result_keeps_its_earlier_value_in_history(db):
    ids = make_ward(db)
    unit = ids["Tổ dân phố số 2"]
    with db.read() as s:
        bhyt = measure_id(s, "8")
    write(db, [cell(unit, ev.MEASURE, bhyt, ResultValues(value=95.0, numerator=950, denominator=1000))])
    unchanged = write(db, [cell(unit, ev.MEASURE, bhyt, ResultValues(value=95.0, numerator=950, denominator=1000))])
    assert unchanged.unchanged == 1 and unchanged.history == 0
    changed = write(db, [cell(unit, ev.MEASURE, bhyt, ResultValues(value=96.0, numerator=960, denominator=1000))],
                    actor="trưởng phòng")
    assert changed.updated == 1 and changed.history == 1
    cleared = write(db, [cell(unit, ev.MEASURE, bhyt, None)])
    assert cleared.cleared == 1
    with db.read() as s:
        assert s.scalar(select(func.count(Result.id))) == 0  # missing is a missing row
        history = rs.history(s, period(s).id, rs.CellKey(unit, ev.MEASURE, bhyt))
        assert [h.snapshot["numerator"] for h in history] == [960, 950]
        assert history[1].replaced_by == "trưởng phòng"


def test_note_and_evidence_alone_do_not_count_as_a_value(db):
    ids = make_ward(db)
    with db.read() as s:
        bhyt = measure_id(s, "8")
    write(db, [cell(ids["Tổ dân phố số 3"], ev.MEASURE, bhyt, rs.KEEP, note="Đơn vị xin lùi hạn",
                    evidence="Công văn số 12")])
    with db.read() as s:
        campaign = plan.current_campaign(s)
        results = ev.unit_results(s, campaign, period(s))
        item = results[ids["Tổ dân phố số 3"]].by_measure()[bhyt]
        assert item.note == "Đơn vị xin lùi hạn" and item.evidence == "Công văn số 12"
        assert not item.reported and item.status is Status.NO_DATA
        assert s.scalar(select(func.count(UnitReport.id))) == 0


def test_ward_rate_rolls_up_by_numerator_and_denominator_and_flags_a_mismatch(db):
    ids = make_ward(db)
    with db.read() as s:
        bhyt = measure_id(s, "8")
    tdp = [ids[f"Tổ dân phố số {i}"] for i in (1, 2, 3)]
    # 80%, 98,33%, 98%: the ward is at 96,55%; the mean of the rates (92,11%) would miss the plan
    figures = [(400, 500), (2950, 3000), (1960, 2000)]
    write(db, [cell(u, ev.MEASURE, bhyt, ResultValues(value=n / d * 100, numerator=n, denominator=d))
               for u, (n, d) in zip(tdp[:2], figures[:2])])
    with db.read() as s:
        campaign = plan.current_campaign(s)
        eight = ev.ward_target_results(s, campaign, period(s))[7].measures[0]
        assert eight.status is Status.NO_DATA and "mới có 2/3 đơn vị báo cáo" in eight.evaluation.rule
        assert eight.evaluation.actual == pytest.approx(3350 / 3500 * 100)
    n, d = figures[2]
    write(db, [cell(tdp[2], ev.MEASURE, bhyt, ResultValues(value=n / d * 100, numerator=n, denominator=d))])
    with db.read() as s:
        eight = ev.ward_target_results(s, plan.current_campaign(s), period(s))[7].measures[0]
        assert eight.source == "rollup" and eight.complete
        assert eight.actual == pytest.approx(5310 / 5500 * 100, abs=0.005)
        assert eight.status is Status.EXCEEDED
        assert eight.evaluation.rule.startswith("Cộng dồn 3 đơn vị: Thực hiện 96,55% > kế hoạch 96%")
    write(db, [cell(None, ev.MEASURE, bhyt, ResultValues(value=96.2))])
    with db.read() as s:
        eight = ev.ward_target_results(s, plan.current_campaign(s), period(s))[7].measures[0]
        assert eight.source == "official" and eight.actual == 96.2
        assert eight.status is Status.EXCEEDED and eight.mismatch  # 96,2% entered, 96,55% rolled up


def test_ward_only_targets_and_growth_from_amounts(db):
    make_ward(db)
    with db.read() as s:
        revenue, disbursement = measure_id(s, "1"), measure_id(s, "3")
    write(db, [cell(None, ev.MEASURE, revenue, ResultValues(current_amount=56_500, previous_amount=50_000,
                                                             value=13.0)),
               cell(None, ev.MEASURE, disbursement, ResultValues(value=92.4))])
    with db.read() as s:
        targets = ev.ward_target_results(s, plan.current_campaign(s), period(s))
        one, three = targets[0].measures[0], targets[2].measures[0]
        assert one.status is Status.EXCEEDED and one.evaluation.rule.startswith("Tăng 13% > kế hoạch tăng 12,5%")
        assert three.status is Status.NOT_MET and three.expected_units == 0
        assert targets[1].status is Status.NO_DATA


def test_decrease_uses_units_last_year_counts(db):
    ids = make_ward(db)
    with db.read() as s:
        poor = measure_id(s, "5")
    write(db, [cell(ids[f"Tổ dân phố số {i}"], ev.MEASURE, poor, ResultValues(value=v, previous_amount=p))
               for i, (v, p) in zip((1, 2, 3), ((10, 12), (7, 9), (4, 4)))])
    with db.read() as s:
        five = ev.ward_target_results(s, plan.current_campaign(s), period(s))[4].measures[0]
        assert five.baseline == 25 and five.actual == 21 and five.status is Status.MET
        units = ev.unit_results(s, plan.current_campaign(s), period(s))
        third = units[ids["Tổ dân phố số 3"]].by_measure()[poor]
        assert third.status is Status.NOT_MET  # 4 households, as many as last year


def test_target_with_two_measures_takes_the_weaker(db):
    make_ward(db)
    with db.read() as s:
        a, b = measure_id(s, "12a"), measure_id(s, "12b")
    write(db, [cell(None, ev.MEASURE, a, ResultValues(value=100)), cell(None, ev.MEASURE, b, ResultValues(value=93))])
    with db.read() as s:
        twelve = ev.ward_target_results(s, plan.current_campaign(s), period(s))[11]
        assert [m.status for m in twelve.measures] == [Status.MET, Status.NOT_MET]
        assert twelve.status is Status.NOT_MET


def test_unit_results_by_criterion_for_scorecards(db):
    ids = make_ward(db)
    unit = ids["Trường Tiểu học Bạch Đằng"]
    with db.transaction() as s:
        seven = measure_id(s, "7")
        ts.set_allocation(s, seven, unit, True, 1)
        tc21 = s.scalar(select(Criterion).where(Criterion.code == "TC21", Criterion.block_id == block_id(s, "Khối trường học")))
        tc21_id = tc21.id
    write(db, [cell(unit, ev.MEASURE, seven, ResultValues(value=1)),
               cell(unit, ev.CRITERION, tc21_id, ResultValues(value=97.5)),
               ])
    with db.read() as s:
        results = ev.unit_results(s, plan.current_campaign(s), period(s), unit_ids=[unit])[unit]
        by_criterion = results.by_criterion()
        seven_criterion = next(i for i in results.items if i.item.code == "7")
        assert by_criterion[seven_criterion.item.criterion_id].status is Status.MET
        assert by_criterion[tc21_id].status is Status.NOT_MET  # 97,5% < 98%
        assert len(results.missing) == 3  # TC01, TC02, TC22


def test_allocation_cannot_be_removed_while_the_unit_has_results(db):
    ids = make_ward(db)
    unit = ids["Tổ dân phố số 1"]
    with db.read() as s:
        bhyt = measure_id(s, "8")
    write(db, [cell(unit, ev.MEASURE, bhyt, ResultValues(value=97))])
    with pytest.raises(UserError, match="đã có kết quả"):
        with db.transaction() as s:
            ts.set_allocation(s, bhyt, unit, False)
    with pytest.raises(UserError, match="từ 0 đến 100"):
        with db.transaction() as s:
            ts.set_allocation(s, bhyt, unit, True, 120)


def test_measure_edit_is_validated(db):
    make_ward(db)
    with db.read() as s:
        bhyt = measure_id(s, "8")
    with pytest.raises(UserError) as err:
        with db.transaction() as s:
            ts.update_measure(s, bhyt, {"planned_value": 130, "rollup": "sum", "label": ""})
    message = str(err.value)
    assert "từ 0 đến 100" in message and "Chưa ghi nội dung" in message and "cộng dồn" in message
    with db.transaction() as s:
        ts.update_measure(s, bhyt, {"planned_value": 96.5, "baseline_value": 95.1})
    with db.read() as s:
        assert s.get(Measure, bhyt).planned_value == 96.5


def test_criteria_are_edited_in_order_and_validated(db):
    make_ward(db)
    with db.transaction() as s:
        block = block_id(s, "Khối doanh nghiệp")
        with pytest.raises(UserError, match="Khối đã có tiêu chí mã"):
            ts.save_criterion(s, block, {"code": "TC51", "label": "x", "kind": "yesno"})
        added = ts.save_criterion(s, block, {"code": "TC53", "label": "Tham gia phong trào “Doanh nghiệp vì cộng đồng”",
                                              "kind": "yesno"})
        ts.move_criterion(s, added.id, -1)
        codes = [c.code for c in ts.criteria_of(s, block)]
        assert codes[-2:] == ["TC53", "TC52"]


def test_interim_periods(db):
    make_ward(db)
    with db.transaction() as s:
        campaign = plan.current_campaign(s)
        rs.add_period(s, campaign, "6t", "6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                      dt.date(2026, 6, 25))
        with pytest.raises(UserError, match="Đã có kỳ"):
            rs.add_period(s, campaign, "6T", "khác", None, None, None)
    with db.read() as s:
        six = ev.period_for(s, plan.current_campaign(s), "6 thang dau nam 2026")
        assert six.code == "6t" and not six.is_main
        with pytest.raises(UserError, match="Không có kỳ báo cáo"):
            ev.period_for(s, plan.current_campaign(s), "quý 3")


def test_an_interim_period_is_edited_and_deleted_with_what_it_holds_only_when_confirmed(db):
    ids = make_ward(db)
    with db.transaction() as s:
        campaign = plan.current_campaign(s)
        rs.add_period(s, campaign, "6t", "6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30), None)
        rs.add_period(s, campaign, "cd", "Đợt cao điểm", None, None, None)
    with db.transaction(reason="sửa kỳ") as s:
        six = period(s, "6t")
        with pytest.raises(UserError, match="Đã có kỳ “Đợt cao điểm”"):
            rs.update_period(s, six, "  đợt  cao điểm ", None, None, None)
        with pytest.raises(UserError, match="sau ngày kết thúc"):
            rs.update_period(s, six, "Sơ kết 6 tháng", dt.date(2026, 7, 1), dt.date(2026, 6, 30), None)
        rs.update_period(s, six, "Sơ kết 6 tháng  năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30),
                         dt.date(2026, 7, 5))
    with db.read() as s:
        six = period(s, "6t")
        assert (six.name, six.deadline) == ("Sơ kết 6 tháng năm 2026", dt.date(2026, 7, 5))
        bhyt = measure_id(s, "8")
    write(db, [cell(ids["Tổ dân phố số 1"], ev.MEASURE, bhyt, ResultValues(value=95.5)),
               cell(None, ev.MEASURE, bhyt, ResultValues(value=95.9))], period_code="6t")
    with db.transaction() as s:
        rs.set_report(s, period(s, "6t"), ids["Tổ dân phố số 1"], dt.date(2026, 7, 2))
    with db.transaction() as s:
        six = period(s, "6t")
        usage = rs.period_usage(s, six)
        assert (usage.results, usage.units_with_results, usage.ward_results, usage.reports) == (2, 1, 1, 1)
        with pytest.raises(UserError, match=r"đã có 2 kết quả \(1 đơn vị và số toàn phường\) và 1 lần ghi nhận"):
            rs.delete_period(s, six)
        with pytest.raises(UserError, match="kỳ cả năm"):
            rs.delete_period(s, period(s))
    with db.read() as s:
        assert s.scalar(select(func.count(Result.id))) == 2  # the refusal changed nothing
    with db.transaction(reason="xóa kỳ 6 tháng") as s:
        rs.delete_period(s, period(s, "6t"), with_results=True)
        rs.delete_period(s, period(s, "cd"))  # empty: no confirmation needed
    with db.read() as s:
        campaign = plan.current_campaign(s)
        assert [p.code for p in campaign.periods] == [period(s).code]
        assert s.scalar(select(func.count(Result.id))) == 0
        assert s.scalar(select(func.count(UnitReport.id))) == 0
        gone = s.scalars(select(AuditEntry).where(AuditEntry.action == "delete",
                                                  AuditEntry.entity == "result")).all()
        assert len(gone) == 2 and all(e.reason == "xóa kỳ 6 tháng" for e in gone)


def test_history_rows_are_never_written_for_new_results(db):
    ids = make_ward(db)
    with db.read() as s:
        bhyt = measure_id(s, "8")
    write(db, [cell(ids["Tổ dân phố số 1"], ev.MEASURE, bhyt, ResultValues(value=96))])
    with db.read() as s:
        assert s.scalar(select(func.count(ResultHistory.id))) == 0


def test_a_target_is_added_and_deleted_only_while_unused(db):
    make_ward(db)
    with db.transaction() as s:
        campaign = plan.current_campaign(s)
        with pytest.raises(UserError, match="Đã có chỉ tiêu"):
            ts.add_target(s, campaign, "8", "Trùng", {"label": "x", "kind": "rate", "comparison": "ge",
                                                     "planned_value": 90})
        added = ts.add_target(s, campaign, "(15)", "Tỷ lệ hộ dùng điện an toàn đạt 98%.",
                              {"label": "Tỷ lệ hộ dùng điện an toàn", "unit": "%", "kind": "rate",
                               "comparison": "ge", "planned_value": 98})
        assert added.code == "15" and added.measures[0].rollup == "ratio"
        target_id = added.id
    with db.transaction() as s:
        eight = s.scalar(select(Measure).where(Measure.code == "8")).target_id
        with pytest.raises(UserError, match="danh sách tiêu chí"):
            ts.delete_target(s, eight)
        ts.delete_target(s, target_id)
    with db.read() as s:
        assert len(plan.current_campaign(s).targets) == 14
