"""``thidua people ratings|discipline``: a person's yearly rating and discipline from
the command line, on the demo ward's real SQLite file: JSON lists, audited
writes that re-check the year's nominations, dry runs that write nothing, and a
Vietnamese message with exit code 1 for what cannot be done."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from thidua_desktop.cli import main
from thidua_desktop.storage.models import AuditEntry, Nomination, PersonYear

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """``thidua init --demo`` once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("ratings-demo")
    path = folder / "phường mẫu.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(folder / "data"))
        assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


@pytest.fixture
def db_file(demo_file, tmp_path):
    copy = tmp_path / "thi đua.db"
    shutil.copy(demo_file, copy)
    return copy


def run(capsys, db_file, *args):
    code = main(["--db", str(db_file), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def listing(capsys, db_file, *args) -> list[dict]:
    code, out, err = run(capsys, db_file, "people", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def engine(db_file):
    return create_engine(f"sqlite:///{db_file}")


def test_ratings_list_as_json_and_missing(capsys, db_file):
    rows = listing(capsys, db_file, "ratings", "list")
    assert len(rows) > 100 and all(r["active"] and r["year"] == 2026 for r in rows)
    rated = [r for r in rows if r["rating"]]
    assert rated and all(r["rating"] in ("HTXSNV", "HTTNV", "HTNV", "KHTNV") and r["rating_label"] for r in rated)
    missing = listing(capsys, db_file, "ratings", "list", "--missing")
    assert missing and {r["person_id"] for r in missing} == {r["person_id"] for r in rows if not r["rating"]}
    unit = rated[0]["unit"]
    of_unit = listing(capsys, db_file, "ratings", "list", "--unit", unit)
    assert of_unit and {r["unit"] for r in of_unit} == {unit}
    code, out, _ = run(capsys, db_file, "people", "ratings", "list")
    assert code == 0 and f"{len(rows)} người; đã xếp loại: {len(rated)}, chưa có: {len(missing)}." in out


def test_set_rating_is_audited_with_its_reason(capsys, db_file):
    person = listing(capsys, db_file, "ratings", "list", "--missing")[0]
    code, out, err = run(capsys, db_file, "people", "ratings", "set", person["person_id"], "hoan thanh tot nhiem vu")
    assert code == 0, err
    assert f"Đã ghi xếp loại năm 2026 của {person['full_name']}" in out and "Hoàn thành tốt nhiệm vụ" in out
    assert "(trước: chưa có)" in out
    after = {r["person_id"]: r for r in listing(capsys, db_file, "ratings", "list")}
    assert after[person["person_id"]]["rating"] == "HTTNV"
    with Session(engine(db_file)) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "person_year")
                          .order_by(AuditEntry.id.desc())).first()
    assert entry.reason == f"Ghi xếp loại năm 2026 của {person['full_name']}"
    assert entry.actor.startswith("dòng lệnh")

    code, out, err = run(capsys, db_file, "people", "ratings", "clear", person["person_id"])
    assert code == 0 and "Đã ghi xếp loại" in out and "chưa có (trước: Hoàn thành tốt nhiệm vụ)" in out
    assert {r["person_id"]: r for r in listing(capsys, db_file, "ratings", "list")}[person["person_id"]]["rating"] \
        is None


def test_discipline_set_review_clear_and_the_nominations_are_checked_again(capsys, db_file):
    with Session(engine(db_file)) as s:  # a person nominated, not yet decided, with nothing against
        nomination = next(n for n in s.scalars(select(Nomination).where(
            Nomination.subject == "person", Nomination.decision_id.is_(None)).order_by(Nomination.id))
            if not n.check_report)
        person_id, nomination_id = nomination.person_id, nomination.id
    assert listing(capsys, db_file, "discipline", "list")
    code, out, err = run(capsys, db_file, "people", "discipline", "set", person_id, "canh cao")
    assert code == 0 and "Cảnh cáo (trước: không)" in out, err
    with Session(engine(db_file)) as s:
        report = s.get(Nomination, nomination_id).check_report
    assert any(f["rule"] == "discipline" for f in report)  # the same save as the nomination dialog's
    code, out, _ = run(capsys, db_file, "people", "discipline", "review", person_id)
    assert code == 0 and "Cảnh cáo, đang bị xem xét kỷ luật" in out
    mine = [r for r in listing(capsys, db_file, "discipline", "list") if r["person_id"] == person_id]
    assert mine and mine[0]["discipline"] == "canh_cao" and mine[0]["under_review"] is True
    code, out, _ = run(capsys, db_file, "people", "discipline", "clear", person_id)
    assert code == 0 and "không (trước: Cảnh cáo, đang bị xem xét kỷ luật)" in out
    assert person_id not in {r["person_id"] for r in listing(capsys, db_file, "discipline", "list")}
    with Session(engine(db_file)) as s:
        assert not any(f["rule"] == "discipline" for f in s.get(Nomination, nomination_id).check_report)


def _snapshot(db_file):
    with Session(engine(db_file)) as s:
        years = sorted((py.person_id, py.rating, py.discipline, py.under_review)
                       for py in s.scalars(select(PersonYear)))
        return years, s.scalar(select(func.count(AuditEntry.id)))


def test_dry_run_checks_everything_and_writes_nothing(capsys, db_file):
    person = listing(capsys, db_file, "ratings", "list", "--missing")[0]
    before = _snapshot(db_file)
    code, out, err = run(capsys, db_file, "people", "ratings", "set", person["full_name"], "HTXSNV",
                         "--unit", person["unit"], "--dry-run")
    assert code == 0, err
    assert "Sẽ ghi xếp loại năm 2026" in out and "Hoàn thành xuất sắc nhiệm vụ" in out and "chưa ghi gì" in out
    code, out, _ = run(capsys, db_file, "people", "discipline", "set", person["person_id"], "khien trach",
                       "--dry-run")
    assert code == 0 and "Sẽ ghi kỷ luật" in out
    assert _snapshot(db_file) == before
    code, _, err = run(capsys, db_file, "people", "ratings", "set", person["person_id"], "giỏi", "--dry-run")
    assert code == 1 and "Không có mức xếp loại “giỏi”" in err and _snapshot(db_file) == before


@pytest.mark.parametrize("args, message", [
    (("ratings", "set", "{id}", "XUẤT SẮC"), "Không có mức xếp loại “XUẤT SẮC”. Các mức: HTXSNV"),
    (("discipline", "set", "{id}", "phê bình"), "Không có hình thức kỷ luật “phê bình”. Các hình thức: khien_trach"),
    (("ratings", "set", "Người Không Có", "HTNV"), "Không có cá nhân nào tên “Người Không Có”."),
    (("ratings", "set", "99999", "HTNV"), "Không có cá nhân số 99999"),
    (("ratings", "set", "Nguyễn", "HTNV"), "người khớp “Nguyễn”"),
    (("ratings", "set", "{id}", "HTNV", "--year", "2019"), "Chưa có kế hoạch thi đua năm 2019."),
    (("ratings", "list", "--unit", "đơn vị không có"), "Không xác định được đơn vị “đơn vị không có”"),
])
def test_bad_input_exits_1_with_a_message_naming_the_problem(capsys, db_file, args, message):
    person = listing(capsys, db_file, "ratings", "list")[0]
    before = _snapshot(db_file)
    code, out, err = run(capsys, db_file, "people", *[a.replace("{id}", str(person["person_id"])) for a in args])
    assert code == 1 and out == ""
    assert err.startswith("thidua: ") and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert _snapshot(db_file) == before


def test_the_installed_command_prints_utf8_json(db_file, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THIDUA_DATA_DIR": str(tmp_path / "data"),
           "PYTHONIOENCODING": "cp1252"}  # a Windows console's encoding must not break Vietnamese names
    done = subprocess.run([sys.executable, "-m", "thidua_desktop", "--db", str(db_file), "people", "discipline",
                           "list", "--json"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    rows = json.loads(done.stdout.decode("utf-8"))
    assert rows and all(r["discipline"] or r["under_review"] for r in rows)
    assert any(r["discipline_label"] == "Khiển trách" for r in rows)
