"""Closing a year and opening the next (issue 18, item 1): ``thidua year``."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from thidua_desktop.cli import main
from thidua_desktop.paths import resource
from thidua_desktop.services import years
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import Campaign, EmulationBlock, Result


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err



@pytest.fixture
def ward(demo_copy):
    return demo_copy


@pytest.fixture
def plan_2027(tmp_path):
    text = resource("plans", "2026-phuong-bach-dang.toml").read_text(encoding="utf-8")
    path = tmp_path / "ke-hoach-2027.toml"
    path.write_text(text.replace("2026", "2027").replace("2025", "2026"), encoding="utf-8")
    return path


def _count(path, model, *where):
    opened = open_app(path)
    try:
        with opened.db.read() as s:
            return s.scalar(select(func.count()).select_from(model).where(*where))
    finally:
        opened.close()


def test_check_lists_what_is_missing_and_close_refuses_without_backup(capsys, ward):
    code, out, _ = run(capsys, ward, "year", "check", "2026", "--json")
    assert code == 0
    gaps = json.loads(out)["gaps"]
    assert any("chưa báo cáo kết quả Cả năm 2026" in g for g in gaps)
    assert any("đề nghị khen thưởng chưa có quyết định" in g for g in gaps)
    backups = list((ward.parent / "backups").glob("*")) if (ward.parent / "backups").exists() else []
    code, _, err = run(capsys, ward, "year", "close", "2026", "--yes")
    assert code == 1 and "chưa kết thúc được" in err and "--despite" in err
    after = list((ward.parent / "backups").glob("*")) if (ward.parent / "backups").exists() else []
    assert after == backups  # refused before the backup and before writing
    code, out, _ = run(capsys, ward, "year", "list", "--json")
    assert json.loads(out)[0]["closed"] is False


def test_a_closed_year_refuses_every_write_until_reopened_with_a_reason(capsys, ward):
    code, out, err = run(capsys, ward, "year", "close", "2026", "--yes", "--despite", "Hết năm, thiếu báo cáo")
    assert code == 0, err
    assert list((ward.parent / "backups").glob("*truoc*")) or list((ward.parent / "backups").glob("*"))
    before = _count(ward, Result)
    code, _, err = run(capsys, ward, "results", "set", "--unit", "Tổ dân phố số 12", "8", "95")
    assert code == 1 and "Năm 2026 đã kết thúc" in err and "thidua year reopen 2026" in err
    assert _count(ward, Result) == before
    code, _, err = run(capsys, ward, "year", "reopen", "2026", "--reason", "")
    assert code == 1 and "phải ghi lý do" in err
    code, _, err = run(capsys, ward, "year", "reopen", "2026", "--reason", "Bổ sung kết quả tổ 12")
    assert code == 0, err
    code, _, err = run(capsys, ward, "results", "set", "--unit", "Tổ dân phố số 12", "8", "95")
    assert code == 0, err
    code, out, _ = run(capsys, ward, "year", "list", "--json")
    log = json.loads(out)[0]["log"]
    assert [e["action"] for e in log] == ["close", "reopen"]
    assert log[0]["reason"] == "Hết năm, thiếu báo cáo" and log[1]["reason"] == "Bổ sung kết quả tổ 12"


def test_bulk_writes_into_a_closed_year_are_refused_too(ward):
    opened = open_app(ward, actor="kiểm thử")
    try:
        with opened.db.transaction() as s:
            years.close_year(s, 2026, despite="kiểm thử")
        from thidua_desktop.services.xlsx.bulkwrite import insert_rows, update_rows

        with opened.db.read() as s:
            result = s.scalars(select(Result).limit(1)).one()
            row = {c.key: getattr(result, c.key) for c in Result.__table__.columns if c.key != "id"}
            result_id = result.id
        with pytest.raises(years.YearClosed):
            with opened.db.transaction() as s:
                insert_rows(s, Result.__table__, [row])
        with pytest.raises(years.YearClosed):
            with opened.db.transaction() as s:
                update_rows(s, Result.__table__, [(result_id, "x", {"note": ("", "sửa")})])
    finally:
        opened.close()


def test_open_next_year_carries_blocks_and_keeps_the_past_readable(capsys, ward, plan_2027):
    blocks_2026 = _count(ward, EmulationBlock)
    code, out, err = run(capsys, ward, "year", "open", "--plan", str(plan_2027), "--dry-run", "--json")
    assert code == 0, err and json.loads(out)["dry_run"] is True
    assert _count(ward, Campaign) == 1
    code, out, err = run(capsys, ward, "year", "open", "--plan", str(plan_2027), "--json")
    assert code == 0, err
    opened = json.loads(out)
    assert opened["year"]["year"] == 2027 and opened["year"]["current"] is True
    assert opened["blocks"] == blocks_2026 and opened["memberships"] > 0 and opened["criteria"] > 0
    assert opened["criteria_unlinked"] == []
    assert _count(ward, EmulationBlock) == 2 * blocks_2026
    code, out, _ = run(capsys, ward, "targets", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 14  # the current year is the new one
    code, _, err = run(capsys, ward, "year", "open", "--plan", str(plan_2027))
    assert code == 1 and "năm mới phải sau năm 2027" in err


def test_years_before_the_app_are_created_closed(capsys, ward):
    code, out, err = run(capsys, ward, "year", "past", "2025")
    assert code == 0, err
    code, out, _ = run(capsys, ward, "year", "list", "--json")
    rows = {r["year"]: r for r in json.loads(out)}
    assert rows[2025]["closed"] is True and rows[2026]["current"] is True
    code, _, err = run(capsys, ward, "year", "past", "2026")
    assert code == 1 and "Đã có năm 2026" in err
    code, _, err = run(capsys, ward, "year", "past", "2027")
    assert code == 1 and "phải trước năm 2025" in err
