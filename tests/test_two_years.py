"""Two years of one ward (issue 18): 2026 closed, 2027 opened from a plan file, the award
history carried, a proposal to the city checked against both years, a unit's predecessor
kept in its history (lineage)."""
from __future__ import annotations

import json


from thidua_desktop.cli import main
from thidua_desktop.paths import resource
from thidua_desktop.services.app import open_app


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out



def test_two_years_with_history_lineage_and_a_proposal_to_the_city(capsys, demo_copy, tmp_path):
    db = demo_copy
    plan_2027 = tmp_path / "ke-hoach-2027.toml"
    plan_2027.write_text(resource("plans", "2026-phuong-bach-dang.toml").read_text(encoding="utf-8")
                         .replace("2026", "2027").replace("2025", "2026"), encoding="utf-8")

    # 2026's awardees are history; one of them had Chiến sĩ thi đua cơ sở in 2025 too (the city's paper typed in)
    history = json.loads(run(capsys, db, "history", "list", "--json"))
    fighter = next(r for r in history if r["title"] == "Chiến sĩ thi đua cơ sở" and r["year"] == 2026)
    run(capsys, db, "history", "add", "--person", fighter["name"], "--of", fighter["unit"], "--title", "CSTDCS",
        "--year", "2025", "--decision", "98/QĐ-UBND", "--date", "20/12/2025", "--level", "Phường")
    # a school that absorbed another keeps the other's award (lineage)
    run(capsys, db, "history", "add", "--unit", "Trường THCS Hùng Vương", "--title", "Tập thể lao động tiên tiến",
        "--year", "2025", "--decision", "97/QĐ-UBND", "--date", "18/12/2025", "--level", "Phường")
    run(capsys, db, "units", "lineage", "add", "Trường THCS Bạch Đằng", "--from", "Trường THCS Hùng Vương",
        "--kind", "merged", "--date", "01/07/2025")

    # close 2026 (the demo leaves gaps: the reason is kept), open 2027 from its plan file
    run(capsys, db, "year", "close", "2026", "--yes", "--despite", "Kết thúc để mở năm 2027")
    opened = json.loads(run(capsys, db, "year", "open", "--plan", str(plan_2027), "--json"))
    assert opened["year"]["year"] == 2027 and opened["blocks"] == 5
    years = {r["year"]: r for r in json.loads(run(capsys, db, "year", "list", "--json"))}
    assert years[2026]["closed"] and years[2027]["current"]
    assert len([r for r in json.loads(run(capsys, db, "history", "list", "--json")) if r["year"] == 2026]) \
        == len([r for r in history if r["year"] == 2026])  # 2026's history stays readable

    # 2027: the same person proposed to the city for Chiến sĩ thi đua thành phố
    from thidua_desktop.services.awards import nominations as nm
    from thidua_desktop.services.awards.history import history as history_rows
    from thidua_desktop.services.plan import current_campaign
    from thidua_desktop.storage.models import Unit

    app = open_app(db, actor="văn thư")
    try:
        with app.db.transaction(reason="Đề nghị năm 2027") as s:
            campaign = current_campaign(s)
            assert campaign.year == 2027
            nm.create(s, campaign, nm.NominationInput("person", "CSTDCS", person_id=fighter["person_id"],
                                                      summary="Hoàn thành xuất sắc nhiệm vụ năm 2027"),
                      recheck_all=False)
            proposal = nm.create(s, campaign, nm.NominationInput(
                "person", "CSTDTP", person_id=fighter["person_id"], summary="Ba năm liền Chiến sĩ thi đua cơ sở"),
                recheck_all=False)
            findings = nm.evaluate_all(s, campaign)[proposal.id].findings
            nm.recheck(s, campaign)
            from thidua_desktop.services.awards import lists
            listed = lists.proposal_list(s, campaign, "all")
            note = next(row.values["note"] for section in listed.sections for group in section.groups
                        for row in group.rows if row.values["title"] == "Chiến sĩ thi đua thành phố")
            school = s.query(Unit).filter(Unit.name == "Trường THCS Bạch Đằng").one().id
            school_history = history_rows(s, unit_id=school)
    finally:
        app.close()
    years_found = [f for f in findings if f.rule == "city_fighter_years"]
    assert years_found[0].severity == "info"
    assert "3 lần liên tục “Chiến sĩ thi đua cơ sở” (2025, 2026, 2027)" in years_found[0].message
    assert any(r.name == "Trường THCS Hùng Vương" and r.year == 2025 for r in school_history)
    # the proposal's list names the years that qualify it
    assert "Đủ 3 lần liên tục “Chiến sĩ thi đua cơ sở” (2025, 2026, 2027)" in note
