"""``thidua check``: a healthy database passes; each kind of damage is found and named."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest

from thidua_desktop.cli import main as cli
from thidua_desktop.domain.text import unique_key
from thidua_desktop.services.safety import check
from thidua_desktop.services import plan
from thidua_desktop.storage.models import (
    AwardTitle,
    BlockMembership,
    Campaign,
    CouncilSession,
    Decision,
    EmulationBlock,
    Measure,
    Nomination,
    Person,
    Result,
    Target,
    Unit,
    Vote,
)

from safety_helpers import add_units


def rules_failing(db) -> set[str]:
    return {f.rule for f in check.run_checks(db).errors}


def raw(db, sql: str, *params) -> None:
    """Write behind the app's back, as a bug or a hand-edited file would."""
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


@pytest.fixture
def ward(db):
    """A small ward: two units in a block, a person, a result, a nomination, a council vote."""
    with db.transaction(reason="t") as session:
        campaign = plan.current_campaign(session)
        block = EmulationBlock(campaign_id=campaign.id, name="Khối Tổ dân phố", name_key=unique_key("Khối Tổ dân phố"))
        units = [Unit(name=n, name_key=unique_key(n)) for n in ("Tổ dân phố số 1", "Tổ dân phố số 2")]
        session.add_all([block, *units])
        session.flush()
        session.add_all([BlockMembership(campaign_id=campaign.id, block_id=block.id, unit_id=u.id) for u in units])
        block.leader_unit_id = units[0].id
        person = Person(full_name="Nguyễn Thị Hoà", name_key=unique_key("Nguyễn Thị Hoà"), unit_id=units[0].id)
        title = AwardTitle(code="GK-T", name="Giấy khen", subject="person")
        session.add_all([person, title])
        session.flush()
        measure = session.query(Measure).filter(Measure.code == "8").one()
        period = campaign.periods[0]
        session.add(Result(period_id=period.id, unit_id=units[0].id, measure_id=measure.id, value=95.0,
                           numerator=950, denominator=1000))
        nomination = Nomination(campaign_id=campaign.id, subject="person", person_id=person.id, title_id=title.id)
        meeting = CouncilSession(campaign_id=campaign.id, number="01", members_total=9)
        session.add_all([nomination, meeting])
        session.flush()
        decision = Decision(campaign_id=campaign.id, number="125/QĐ-UBND", signed_on=dt.date(2026, 12, 20))
        session.add(decision)
        session.flush()
        nomination.decision_id, nomination.decision_seq = decision.id, 1
        session.add(Vote(session_id=meeting.id, nomination_id=nomination.id, agree=8, ballots=9))
    return db


def test_a_healthy_database_passes(ward):
    report = check.run_checks(ward)
    assert report.ok and report.findings == [], report.lines()
    assert "không thấy lỗi" in report.summary() and len(report.rules_run) == len(check.rule_titles())


@pytest.mark.parametrize("damage, rule, words", [
    ("UPDATE unit SET name_key = 'tdp1' WHERE id = 1", "names.key", "Tổ dân phố số 1"),
    ("UPDATE person SET name_key = 'nguyễn thị hòa x' WHERE id = 1", "names.key", "Nguyễn Thị Hoà"),
    ("UPDATE unit SET name = '  ' WHERE id = 2", "names.blank", "không có tên"),
    ("UPDATE result SET numerator = 1200", "results.values", "lớn hơn mẫu số"),
    ("UPDATE result SET denominator = 0", "results.values", "mẫu số bằng 0"),
    ("UPDATE result SET numerator = -5", "results.values", "âm"),
    ("UPDATE result SET criterion_id = NULL, measure_id = NULL", "results.reference", "đúng một"),
    ("UPDATE nomination SET person_id = NULL", "nominations.subject", "không ghi người"),
    ("UPDATE nomination SET subject = 'dog'", "nominations.subject", "loại đối tượng lạ"),
    ("UPDATE nomination SET decision_seq = 2", "decisions.numbering", "không liên tục"),
    ("UPDATE vote SET agree = 10", "votes.counts", "nhiều hơn"),
    ("UPDATE person SET unit_id = 999", "sqlite.foreign_keys", "không còn tồn tại"),
    ("INSERT INTO setting (key, value, updated_at) VALUES ('backup.keep_last', '0', '2026-01-01')",
     "settings.valid", "không hợp lệ"),
])
def test_each_kind_of_damage_is_found(ward, damage, rule, words):
    raw(ward, damage)
    report = check.run_checks(ward)
    found = [f for f in report.findings if f.rule == rule]
    assert found and any(words in f.message for f in found), report.lines()
    assert not report.ok


def test_a_result_against_another_years_measure(ward):
    with ward.transaction(reason="t") as session:
        other = Campaign(year=2027, title="Kế hoạch 2027")
        session.add(other)
        session.flush()
        target = Target(campaign_id=other.id, code="1", text="x")
        session.add(target)
        session.flush()
        measure = Measure(target_id=target.id, code="1", label="x", kind="rate", comparison="ge")
        session.add(measure)
        session.flush()
        measure_id = measure.id
    raw(ward, "UPDATE result SET measure_id = ?", measure_id)
    assert "results.reference" in rules_failing(ward)


def test_a_unit_placed_in_a_block_of_another_year(ward):
    with ward.transaction(reason="t") as session:
        other = Campaign(year=2027, title="Kế hoạch 2027")
        session.add(other)
        session.flush()
        other_id = other.id
    raw(ward, "UPDATE block_membership SET campaign_id = ? WHERE unit_id = 2", other_id)
    assert "blocks.one_per_year" in rules_failing(ward)


def test_a_leader_outside_the_block_is_a_warning(ward):
    raw(ward, "DELETE FROM block_membership WHERE unit_id = 1")
    report = check.run_checks(ward)
    assert report.ok and [f.rule for f in report.warnings] == ["blocks.leaders"]


def test_no_administrator_left(ward):
    raw(ward, "INSERT INTO account (username, full_name, role, password_hash, failed_attempts, active, "
              "created_at, updated_at) VALUES ('lan', '', 'reader', 'scrypt$x', 0, 1, '2026-01-01', '2026-01-01')")
    report = check.run_checks(ward)
    assert any("Không còn tài khoản quản trị" in f.message for f in report.errors)


def test_many_findings_are_counted_but_listed_up_to_a_limit(db, monkeypatch):
    monkeypatch.setattr(check, "MAX_PER_RULE", 5)
    add_units(db, 12)
    raw(db, "UPDATE unit SET name_key = 'x' || id")
    report = check.run_checks(db)
    assert len(report.errors) == 5 and report.counts[("names.key", "error")] == 12
    assert "12 lỗi" in report.summary() and any("7 trường hợp khác" in line for line in report.lines())


def test_a_damaged_file_is_reported(db, tmp_path):
    add_units(db, 300)
    db.dispose()
    conn = sqlite3.connect(db.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.path.read_bytes())
    size = len(data)
    for offset in range(size // 2, size - 4096, 4096):  # damage index and table pages in the second half
        data[offset + 16:offset + 64] = b"\x00\x17" * 24
    damaged = tmp_path / "hong.db"
    damaged.write_bytes(bytes(data))
    from thidua_desktop.storage.database import Database, url_for

    broken = Database(url_for(damaged))
    try:
        report = check.run_checks(broken)
    finally:
        broken.dispose()
    assert not report.ok and any(f.rule == "sqlite.integrity" for f in report.errors), report.lines()
    assert any("bị hỏng" in f.message for f in report.errors)
    assert cli(["--db", str(damaged), "check"]) == 1  # the command line reports, never a traceback


# --- the command line ---------------------------------------------------------------


def test_cli_check_exits_0_when_healthy_and_1_with_a_report(capsys, db_path):
    from thidua_desktop.services.app import open_app

    open_app(db_path, actor="t").close()
    assert cli(["--db", str(db_path), "check"]) == 0
    out = capsys.readouterr().out
    assert "không thấy lỗi" in out
    opened = open_app(db_path, actor="t")
    add_units(opened.db, 2)
    opened.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE unit SET name_key = 'sai' WHERE id = 2")
    conn.commit()
    conn.close()
    assert cli(["--db", str(db_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "[LỖI] Đơn vị “Tổ dân phố số 2”" in out
    assert cli(["--db", str(db_path), "check", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["findings"][0]["rule"] == "names.key"
    assert data["findings"][0]["entity"] == "unit" and data["findings"][0]["entity_id"] == 2


def test_cli_check_strict_fails_on_warnings(capsys, ward):
    raw(ward, "DELETE FROM block_membership WHERE unit_id = 1")
    path = str(ward.path)
    ward.dispose()
    assert cli(["--db", path, "check"]) == 0
    assert cli(["--db", path, "check", "--strict"]) == 1
    capsys.readouterr()
    assert cli(["--db", path, "check", "--rules"]) == 0
    assert "decisions.numbering" in capsys.readouterr().out


def test_check_of_a_copy_is_the_same_as_of_the_original(ward, tmp_path):
    from thidua_desktop.services.safety import backup

    copy = backup.create_backup(ward)
    target = tmp_path / "copy.db"
    shutil.copy(copy, target)
    from thidua_desktop.storage.database import Database, url_for

    other = Database(url_for(target))
    try:
        assert check.run_checks(other).ok
    finally:
        other.dispose()


def test_the_demo_ward_passes_every_rule(db):
    """The demo fills every area through its services: none of them breaks a rule."""
    from thidua_desktop.services.demo import build_demo

    with db.transaction(actor="demo", reason="Dữ liệu mẫu") as session:
        build_demo(session)
    report = check.run_checks(db)
    assert report.ok, report.lines()
    assert not report.warnings, report.lines()
