"""Conditions that span years (issue 18, item 3), as pure rules over the nominee's history."""
from __future__ import annotations

from thidua_desktop.domain import eligibility as el


def _facts(**kw):
    base = dict(subject="person", name="Nguyễn Thị Lan", title_code="BK",
                title_name="Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", title_subject="any", year=2026,
                summary="Có thành tích", person=el.PersonFacts("Nguyễn Thị Lan", initiative=""))
    base.update(kw)
    return el.NomineeFacts(**base)


def _found(facts, rule):
    return [f for f in el.check(facts, el.default_configs()) if f.rule == rule]


def test_consecutive_years_end_at_the_given_year():
    assert el.consecutive_years({2023, 2024, 2026}, 2026) == [2026]
    assert el.consecutive_years({2024, 2025, 2026}, 2026) == [2024, 2025, 2026]
    assert el.consecutive_years({2024, 2025}, 2026) == []


def test_city_merit_needs_two_consecutive_excellent_years_and_names_them():
    ok = _found(_facts(ratings_by_year={2025: "HTXSNV", 2026: "HTXSNV"}), "city_merit_years")
    assert [f.severity for f in ok] == ["info"] and "(2025, 2026)" in ok[0].message
    # this year's rating not known yet: the two years before count
    early = _found(_facts(ratings_by_year={2024: "HTXSNV", 2025: "HTXSNV"}), "city_merit_years")
    assert early[0].severity == "info" and "(2024, 2025)" in early[0].message
    short = _found(_facts(ratings_by_year={2025: "HTTNV", 2026: "HTXSNV"}), "city_merit_years")
    assert short[0].severity == "warn"
    assert "2025: Hoàn thành tốt nhiệm vụ" in short[0].message and "ghi lý do" in short[0].message


def test_city_fighter_needs_three_consecutive_cstdcs_and_an_initiative():
    history = (el.PastAward(2024, "CSTDCS", "Chiến sĩ thi đua cơ sở"), el.PastAward(2025, "CSTDCS", "Chiến sĩ thi đua cơ sở"))
    now = (el.OtherNomination("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", ""),)
    facts = _facts(title_code="CSTDTP", title_name="Chiến sĩ thi đua thành phố", title_subject="person",
                   history=history, others=now,
                   person=el.PersonFacts("Nguyễn Thị Lan", initiative="Số hóa hồ sơ hộ tịch"))
    found = _found(facts, "city_fighter_years")
    assert [f.severity for f in found] == ["info"] and "(2024, 2025, 2026)" in found[0].message
    gap = _found(_facts(title_code="CSTDTP", title_name="Chiến sĩ thi đua thành phố", title_subject="person",
                        history=(el.PastAward(2023, "CSTDCS", "Chiến sĩ thi đua cơ sở"),
                                 el.PastAward(2025, "CSTDCS", "Chiến sĩ thi đua cơ sở")), others=now),
                 "city_fighter_years")
    assert [f.severity for f in gap] == ["block", "warn"]
    assert "đã đạt: 2023, 2025, 2026" in gap[0].message and "sáng kiến" in gap[1].message


def test_one_achievement_is_not_rewarded_again_in_a_later_year():
    facts = _facts(achievement_key="Sáng kiến số hóa hồ sơ", ratings_by_year={2025: "HTXSNV", 2026: "HTXSNV"},
                   history=(el.PastAward(2025, "GK", "Giấy khen", achievement_key="sang kien so hoa ho so"),))
    found = _found(facts, "one_achievement")
    assert found and found[0].severity == "block" and "năm 2025" in found[0].message


def test_an_older_database_gets_the_city_fighter_title_once(tmp_path):
    """Revision 0006 adds CSTDTP to a catalogue installed before it; a clerk's own title with that code stays."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from thidua_desktop.services.app import open_app
    from thidua_desktop.storage.migrate import alembic_config

    path = tmp_path / "cu.db"
    open_app(path, actor="kiểm thử").close()
    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005_year_close")
        assert conn.execute(text("SELECT COUNT(*) FROM award_title WHERE code = 'CSTDTP'")).scalar() == 0
    engine.dispose()
    opened = open_app(path, actor="kiểm thử")
    try:
        with opened.db.read() as s:
            rows = s.execute(text("SELECT name, level, position FROM award_title WHERE code = 'CSTDTP'")).all()
            last = s.execute(text("SELECT MAX(position) FROM award_title")).scalar()
    finally:
        opened.close()
    assert rows == [("Chiến sĩ thi đua thành phố", "city", last)]


def test_the_rules_read_the_award_history_and_earlier_ratings(demo_ward):
    """A CSTĐCS of 2026 with CSTĐCS in 2024 and 2025 on record qualifies for Chiến sĩ thi đua
    thành phố (the years named); a Bằng khen without two excellent years is a warning."""
    from sqlalchemy import select

    from thidua_desktop.services.awards import nominations as nm
    from thidua_desktop.services.plan import current_campaign
    from thidua_desktop.storage.models import AwardHistory, Nomination, Person

    db = demo_ward.db
    with db.rehearsal(), db.transaction() as s:  # rolled back: the module's demo stays as built
        campaign = current_campaign(s)
        cstdcs = s.scalars(select(Nomination).where(Nomination.campaign_id == campaign.id,
                                                    Nomination.subject == "person",
                                                    Nomination.status != "withdrawn")
                           .join(Nomination.title).where(el_title_code() == "CSTDCS")).first()
        person = s.get(Person, cstdcs.person_id)
        for year in (2024, 2025):
            s.add(AwardHistory(subject="person", name=person.full_name, name_key=person.full_name.lower(),
                               person_id=person.id, title="Chiến sĩ thi đua cơ sở",
                               title_key="chien si thi dua co so", year=year, level="ward"))
        s.flush()
        fighter = nm.create(s, campaign, nm.NominationInput("person", "CSTDTP", person_id=person.id,
                                                            summary="Ba năm liền"), recheck_all=False)
        merit = nm.create(s, campaign, nm.NominationInput("person", "BK", person_id=person.id,
                                                          summary="Thành tích xuất sắc"), recheck_all=False)
        found = nm.evaluate_all(s, campaign)
    fighter_findings = [f for f in found[fighter.id].findings if f.rule == "city_fighter_years"]
    assert fighter_findings[0].severity == "info" and "(2024, 2025, 2026)" in fighter_findings[0].message
    merit_findings = [f for f in found[merit.id].findings if f.rule == "city_merit_years"]
    assert merit_findings and merit_findings[0].severity == "warn"


def el_title_code():
    from thidua_desktop.storage.models import AwardTitle

    return AwardTitle.code
