"""Issue 13, domain corrections: targets without a unit plan, one rounding of
scores, a total above the scale, percent of plan digits (small wards built here)."""
from __future__ import annotations

import datetime as dt

import pytest

from awards_helpers import make_ward, wait_ranked
from thidua_desktop.domain import scoring as sc
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services import plan
from thidua_desktop.services.awards import scoring
from thidua_desktop.storage.models import Allocation, Criterion, Result


def _count_target(db, ids, planned: dict[str, float | None], values: dict[str, float]) -> int:
    """Target 14 (a count) in the block's list, allocated to the groups with ``planned``."""
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        m = next(m for t in campaign.targets for m in t.measures if m.code == "14")
        c = Criterion(block_id=ids["Khối tổ dân phố"], position=3, code="14", label=m.label, kind="measure",
                      measure_id=m.id, unit=m.unit, comparison=m.comparison)
        s.add(c)
        for name, value in planned.items():
            s.add(Allocation(measure_id=m.id, unit_id=ids[name], planned_value=value))
        for name, value in values.items():
            s.add(Result(period_id=period.id, unit_id=ids[name], measure_id=m.id, value=value,
                         reported_on=dt.date(2026, 12, 1)))
        s.flush()
        return c.id


def _block(db, name="Khối tổ dân phố"):
    with db.read() as s:
        r = scoring.rankings(s, plan.current_campaign(s))
    return next(b for b in r.blocks if b.card.block_name == name), r


def test_target_without_unit_plan_is_left_out_and_the_scale_renormalised(db):
    ids = make_ward(db)
    # group 1 is planned to build a drug-free group; group 2 carries the target without a plan
    # and still enters a result (it is summed into the ward's figure)
    _count_target(db, ids, {"Tổ dân phố số 1": 1, "Tổ dân phố số 2": None},
                  {"Tổ dân phố số 1": 1, "Tổ dân phố số 2": 1})
    block, rankings = _block(db)
    tdp1 = next(e for e in block.ranking.entries if e.name == "Tổ dân phố số 1")
    tdp2 = next(e for e in block.ranking.entries if e.name == "Tổ dân phố số 2")
    # never a silent 0: group 2 is scored on the three other criteria, brought back to 100
    assert tdp1.total == 100
    assert tdp2.total == 100
    lines = scoring.explanation(tdp2)
    assert any(l.startswith("14 ") and "Chỉ tiêu (14) không giao kế hoạch cho đơn vị" in l
               and "không tính, thang điểm quy về 100" in l for l in lines)
    assert any(l.startswith("Quy đổi về thang điểm") for l in lines)
    # the ward ranking and the nominations read the same totals
    ward = {s.name: s.percent for s in rankings.ward.entries}
    assert ward["Tổ dân phố số 2"] == 100
    # the results area says why the unit's figure is not judged
    with db.read() as s:
        campaign = plan.current_campaign(s)
        results = ev.unit_results(s, campaign, ev.main_period(campaign))
    item = next(i for i in results[ids["Tổ dân phố số 2"]].items if i.item.code == "14")
    assert item.unplanned and "Không giao kế hoạch cho đơn vị" in item.evaluation.rule


def test_target_without_plan_scored_by_count_still_counts(db):
    """A "chấm thẳng" rule needs no plan: the count earns its points."""
    ids = make_ward(db)
    cid = _count_target(db, ids, {"Tổ dân phố số 2": None}, {"Tổ dân phố số 2": 2})
    with db.transaction(actor="kiểm thử") as s:
        c = s.get(Criterion, cid)
        c.max_points, c.rule, c.params = 10, "per_unit", {"each": 5}
        for other in s.query(Criterion).filter(Criterion.block_id == ids["Khối tổ dân phố"],
                                               Criterion.id != cid):
            other.max_points = 30
        c_hh = s.get(Criterion, ids["c_hh"])
        c_hh.max_points = 40
    block, _ = _block(db)
    tdp2 = next(e for e in block.ranking.entries if e.name == "Tổ dân phố số 2")
    line = next(l for l in tdp2.lines if l.code == "14")
    assert line.points == 10 and line.kind == "score"


def test_one_rounding_for_block_total_and_ward_percent():
    """99,835 points: the block and the ward both print 99,84 (half up, once)."""
    card = sc.Scorecard(1000, (sc.CriterionSpec("a", "1", "A", 1000, sc.Rule.YESNO),),
                        (sc.Band("Xuất sắc", 900),))
    unit = sc.UnitInput(1, "A", True, {"a": sc.yes_no(True)}, adjustments=((-1.65, "Chậm nộp hồ sơ"),))
    s = sc.score_unit(card, unit)
    assert s.total == 998.35 and s.percent == 99.84
    assert sc.round_score(99.835) == 99.84 and sc.round_score(2.675) == 2.68


def test_total_above_the_scale_is_explained_on_the_line():
    card = sc.Scorecard(100, (sc.CriterionSpec("a", "1", "A", 100, sc.Rule.YESNO),
                              sc.CriterionSpec("b", "T1", "Mô hình hay", 3, sc.Rule.YESNO, sc.Role.BONUS)),
                        (sc.Band("Xuất sắc", 90),))
    unit = sc.UnitInput(1, "A", True, {"a": sc.yes_no(True), "b": sc.yes_no(True)})
    s = sc.score_unit(card, unit)
    assert s.total == 103
    summary = scoring.explanation(s)[-1]
    assert "= 103/100 điểm, gồm 3 điểm thưởng ngoài thang; xếp loại Xuất sắc" in summary


@pytest.mark.parametrize("percent, text", [(100.0421, "100,04%"), (100.004, "100,004%"), (100.0, "100%"),
                                           (99.9996, "99,9996%"), (97.96, "97,96%")])
def test_percent_of_plan_never_reads_100_when_it_is_not(percent, text):
    from thidua_desktop.domain.evaluation import percent_of_plan_text

    assert percent_of_plan_text(percent) == text


# --- 2. a unit outside every block -------------------------------------------------------


def _add_unit_outside_blocks(db, name="Hợp tác xã Nông nghiệp Bạch Đằng"):
    from thidua_desktop.domain.text import unique_key
    from thidua_desktop.storage.models import Unit

    with db.transaction(actor="kiểm thử") as s:
        s.add(Unit(name=name, name_key=unique_key(name), kind="doanh_nghiep"))
    return name


def test_unit_outside_every_block_is_listed_in_cli_json_and_xlsx(db_path, capsys, tmp_path):
    import json

    import openpyxl

    from thidua_desktop.cli import main
    from thidua_desktop.services.app import open_app

    opened = open_app(db_path)
    try:
        make_ward(opened.db)
        name = _add_unit_outside_blocks(opened.db)
        with opened.db.read() as s:
            r = scoring.rankings(s, plan.current_campaign(s))
    finally:
        opened.close()
    assert r.unassigned == [name]
    last = r.ward.entries[-1]
    assert (last.name, last.rank, last.status) == (name, None, "Chưa thuộc khối nào")
    assert name not in r.ward.missing  # not "chưa báo cáo": it has nowhere to report
    path = str(db_path)
    assert main(["--db", path, "rank"]) == 0
    out = capsys.readouterr().out
    assert f"Chưa thuộc khối nào (không chấm điểm, không xếp hạng cho tới khi được xếp vào một khối): {name}." in out
    assert main(["--db", path, "rank", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unassigned"] == [name]
    assert {"unit": name, "status": "Chưa thuộc khối nào", "rank": None}.items() <= \
        next(u for u in data["ward"]["units"] if u["unit"] == name).items()
    xlsx = tmp_path / "xep-hang.xlsx"
    assert main(["--db", path, "rank", "--out", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx)["Toàn phường"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert name in cells and "Chưa thuộc khối nào" in cells
    assert any(c.startswith("Lưu ý: Chưa thuộc khối nào") for c in cells)


def test_scoring_page_says_a_unit_is_in_no_block(qtbot, app):
    from thidua_desktop.gui.context import GuiContext
    from thidua_desktop.gui.main_window import MainWindow

    make_ward(app.db)
    name = _add_unit_outside_blocks(app.db)
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("scoring")
    wait_ranked(qtbot, page)
    assert "Chưa thuộc khối nào" in page.status.text() and name in page.status.text()
    page.block.setCurrentIndex(page.block.count() - 1)  # the whole ward
    page.select_unit(name)
    assert "chưa thuộc khối nào" in page.explain.toPlainText()


# --- 3. the registration register feeds TC01 ------------------------------------------------


def test_registration_register_decides_criterion_tc01(db):
    from thidua_desktop.services import settings
    from thidua_desktop.storage.models import Registration

    ids = make_ward(db)
    with db.transaction(actor="kiểm thử") as s:
        campaign = plan.current_campaign(s)
        period = ev.main_period(campaign)
        tc01 = Criterion(block_id=ids["Khối tổ dân phố"], position=5, code="TC01", kind="yesno",
                         label="Đăng ký thi đua và triển khai các phong trào thi đua của phường")
        s.add(tc01)
        s.flush()
        for name in ("Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"):  # every group answered "Có"
            s.add(Result(period_id=period.id, unit_id=ids[name], criterion_id=tc01.id, flag=True))
        s.add(Registration(campaign_id=campaign.id, unit_id=ids["Tổ dân phố số 1"],
                           registered_on=dt.date(2026, 3, 10), titles=["TTLDTT"]))
        s.add(Registration(campaign_id=campaign.id, unit_id=ids["Tổ dân phố số 2"],
                           registered_on=dt.date(2026, 4, 15), titles=["TTLDTT"]))
    block, _ = _block(db)
    by_name = {e.name: e for e in block.ranking.entries}

    def tc01_line(name):
        return next(l for l in by_name[name].lines if l.code == "TC01")

    assert tc01_line("Tổ dân phố số 1").value == "Đăng ký thi đua ngày 10/03/2026 (hạn 31/03/2026) → Đạt"
    assert tc01_line("Tổ dân phố số 1").points > 0
    assert tc01_line("Tổ dân phố số 2").value == \
        "Đăng ký thi đua ngày 15/04/2026, sau hạn 31/03/2026 → Không đạt"
    assert tc01_line("Tổ dân phố số 2").points == 0
    assert "Không có tên trong sổ đăng ký thi đua" in tc01_line("Tổ dân phố số 3").value
    assert tc01_line("Tổ dân phố số 3").points == 0
    # the deadline is a setting
    with db.transaction(actor="kiểm thử") as s:
        settings.set_value(s, "registration.deadline", "30/04")
    block, _ = _block(db)
    line = next(l for e in block.ranking.entries if e.name == "Tổ dân phố số 2" for l in e.lines if l.code == "TC01")
    assert line.value == "Đăng ký thi đua ngày 15/04/2026 (hạn 30/04/2026) → Đạt"


def test_registration_deadline_setting_is_checked():
    from thidua_desktop.domain import settings as decl
    from thidua_desktop.domain.settings import SettingError

    assert decl.validate("registration.deadline", "29/02") == "29/02"
    assert decl.validate("registration.deadline", "") == ""
    with pytest.raises(SettingError, match="ví dụ 31/03"):
        decl.validate("registration.deadline", "31/02")


# --- 4. the optional CSTĐCS cap is a quota on the council's order ----------------------------


def test_cstdcs_cap_cuts_the_council_order_on_passed_ldtt_and_blocks_nobody(db):
    import datetime as _dt

    from thidua_desktop.domain import eligibility as el
    from thidua_desktop.services.awards import council, nominations as nm
    from thidua_desktop.services import settings

    ids = make_ward(db)
    good = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Thu", "Đặng Thị Lan", "Bùi Văn Đức", "Đỗ Thị Hằng"]
    with db.transaction(actor="kiểm thử") as s:
        # switched on in the strictest mode a clerk could pick: still never a verdict on a nominee
        settings.set_value(s, "eligibility.cstdcs_cap",
                           {**el.RULES_BY_KEY["cstdcs_cap"].default_value(), "mode": "block", "percent": 34})
        c = plan.current_campaign(s)
        for name in good:
            nm.create(s, c, nm.NominationInput("person", "LDTT", person_id=ids[name], summary="Hoàn thành tốt"),
                      recheck_all=False)
        for name in ("Nguyễn Thị Hoa", "Trần Văn Nam"):
            nm.create(s, c, nm.NominationInput("person", "CSTDCS", person_id=ids[name], summary="Tiêu biểu"),
                      recheck_all=False)
        nm.recheck(s, c)
        members = [council.MemberInput(f"Thành viên số {i + 1}", "Ủy viên") for i in range(9)]
        cs = council.save_session(s, c, council.SessionInput("01/BB-HĐTĐKT", _dt.datetime(2026, 12, 18, 8),
                                                            members=members))
        rows = nm.rows(s, c)
        votes = {r.id: 8 for r in rows}
        thu = next(r for r in rows if r.title_code == "LDTT" and r.name == "Lê Thị Thu")
        votes[thu.id] = 3  # voted down: does not count towards the cap
        hoa = next(r for r in rows if r.title_code == "CSTDCS" and r.name == "Nguyễn Thị Hoa")
        votes[hoa.id] = 9
        council.set_votes(s, cs.id, votes)
        rows = nm.rows(s, c)
        cstdcs = [r for r in rows if r.title_code == "CSTDCS"]
        assert all(r.verdict.may_proceed for r in cstdcs), [f.message for r in cstdcs for f in r.findings]
        lists = {fl.title.code: fl for fl in council.final_lists(s, c)}
    assert len(lists["LDTT"].chosen) == 5
    fl = lists["CSTDCS"]
    # 34 % of the 5 LĐTT passed = 1,7 → 1 place, taken in the council's order (9 votes before 8)
    assert [e.row.name for e in fl.chosen] == ["Nguyễn Thị Hoa"]
    left = next(e for e in fl.entries if not e.within_quota)
    assert left.row.name == "Trần Văn Nam"
    assert "ngoài mức tối đa 34% của 5 “Lao động tiên tiến” được Hội đồng thông qua (1 người)" in left.note
    assert "1 được chọn, 1 ngoài mức tối đa 34%" in fl.summary()


# --- 5. collective eligibility: reported, band, city flag ----------------------------------


def _unit_nominations(db, ids, items):
    from thidua_desktop.services.awards import nominations as nm

    with db.transaction(actor="kiểm thử") as s:
        c = plan.current_campaign(s)
        for name, code in items:
            nm.create(s, c, nm.NominationInput("unit", code, unit_id=ids[name], summary="Thành tích của năm"),
                      recheck_all=False)
        nm.recheck(s, c)
        return {(r.name, r.title_code): r for r in nm.rows(s, c)}


def test_giay_khen_for_a_unit_not_reported_or_below_the_band_is_never_silently_eligible(db):
    from thidua_desktop.domain import eligibility as el
    from thidua_desktop.services.awards import nominations as nm
    from thidua_desktop.services import settings

    ids = make_ward(db)
    rows = _unit_nominations(db, ids, [("Tổ dân phố số 1", "GK"), ("Tổ dân phố số 3", "GK"),
                                       ("Tổ dân phố số 4", "GK")])
    assert rows[("Tổ dân phố số 1", "GK")].verdict is el.Verdict.OK  # 100 points, Xuất sắc
    below = rows[("Tổ dân phố số 3", "GK")]
    assert below.verdict is el.Verdict.WARN
    assert any(f.rule == "collective_standing" and "xếp loại “Khá”, dưới mức “Tốt”" in f.message
               and "hoàn thành tốt nhiệm vụ" in f.quote for f in below.findings)
    silent = rows[("Tổ dân phố số 4", "GK")]
    assert silent.verdict is el.Verdict.WARN
    assert any("chưa báo cáo kết quả thi đua của năm" in f.message for f in silent.findings)
    # the ward may make it a hard rule; and the band is a setting
    with db.transaction(actor="kiểm thử") as s:
        settings.set_value(s, "eligibility.collective_standing",
                           {**el.RULES_BY_KEY["collective_standing"].default_value(), "mode": "block",
                            "min_band": "Khá"})
        c = plan.current_campaign(s)
        nm.recheck(s, c)
        rows = {(r.name, r.title_code): r for r in nm.rows(s, c)}
    assert rows[("Tổ dân phố số 3", "GK")].verdict is el.Verdict.OK
    assert rows[("Tổ dân phố số 4", "GK")].verdict is el.Verdict.BLOCKED


def test_city_flag_asks_for_leading_a_cluster_the_city_organises(db):
    from thidua_desktop.domain import eligibility as el
    from thidua_desktop.services.awards import nominations as nm
    from thidua_desktop.services import settings

    ids = make_ward(db)
    rows = _unit_nominations(db, ids, [("Tổ dân phố số 1", "CTD")])
    flag = rows[("Tổ dân phố số 1", "CTD")]
    # leading the ward's own block is not what the city's rule asks
    assert flag.verdict is el.Verdict.WARN
    finding = next(f for f in flag.findings if f.rule == "city_flag")
    assert "khối “Khối tổ dân phố” của đơn vị do phường tổ chức" in finding.message
    assert "dẫn đầu phong trào thi đua của cụm, khối thi đua do thành phố tổ chức" in finding.quote
    with db.transaction(actor="kiểm thử") as s:
        settings.set_value(s, "eligibility.city_flag", {**el.RULES_BY_KEY["city_flag"].default_value(),
                                                        "city_leaders": "Phường Hải An; tổ dân phố số 1"})
        c = plan.current_campaign(s)
        nm.recheck(s, c)
        flag = next(r for r in nm.rows(s, c) if r.title_code == "CTD")
    assert flag.verdict is el.Verdict.OK


def test_list_note_of_a_unit_above_the_scale_says_why():
    from thidua_desktop.services.awards import lists as award_lists
    from thidua_desktop.services.awards.nominations import NominationRow

    row = NominationRow.__new__(NominationRow)
    row.subject, row.score, row.rank, row.note, row.findings = "unit", 102.85, 1, "", []
    assert award_lists._note(row) == "Hạng 1 trong khối; 102,85% điểm tối đa (gồm điểm thưởng ngoài thang)"
