"""``thidua units register|unregister`` and ``thidua blocks assign``: the registrations
tab's and "Xếp vào khối…" actions as verbs, on a real SQLite file: titles by code or
name, checked against each unit's kind, one audited transaction, ``--dry-run``
writing nothing, exit 1 with a Vietnamese message."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from registry_helpers import add_units
from thidua_desktop.cli import main
from thidua_desktop.services import plan
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import AuditEntry, Registration


@pytest.fixture
def ward(db_path):
    opened = open_app(db_path, actor="kiểm thử")
    add_units(opened.db, "Tổ dân phố số 1", "Tổ dân phố số 2", kind="to_dan_pho")
    add_units(opened.db, "Trường Tiểu học Bạch Đằng", kind="truong_hoc")
    with opened.db.transaction(reason="kiểm thử") as s:
        block_service.save_block(s, plan.current_campaign(s).id, block_service.BlockFields(name="Khối tổ dân phố"))
    opened.close()
    return db_path


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def registered(capsys, db_path) -> dict[str, list[str]]:
    code, out, _ = run(capsys, db_path, "units", "list", "--json")
    assert code == 0
    return {u["name"]: u["titles"] for u in json.loads(out) if u["registered"]}


def snapshot(db_path):
    opened = open_app(db_path, actor="kiểm thử")
    try:
        with opened.db.read() as s:
            return (s.scalar(select(func.count(Registration.id))), s.scalar(select(func.count(AuditEntry.id))))
    finally:
        opened.close()


def test_register_many_units_then_unregister_one(capsys, ward):
    code, out, err = run(capsys, ward, "units", "register", "to dan pho so 1", "Tổ dân phố số 2",
                         "--titles", "tổ dân phố văn hóa, GK", "--date", "15/01/2026", "--note", "Hội nghị")
    assert code == 0, err
    assert out == "Đã ghi đăng ký thi đua năm 2026 của 2 đơn vị: Giấy khen; TDP văn hóa, ngày 15/01/2026.\n"
    assert registered(capsys, ward) == {"Tổ dân phố số 1": ["GK", "TDPVH"], "Tổ dân phố số 2": ["GK", "TDPVH"]}
    opened = open_app(ward, actor="kiểm thử")
    with opened.db.read() as s:
        reasons = set(s.scalars(select(AuditEntry.reason).where(AuditEntry.entity == "registration")))
    opened.close()
    assert reasons == {"Đăng ký thi đua cho 2 đơn vị"}
    code, out, _ = run(capsys, ward, "units", "unregister", "Tổ dân phố số 2")
    assert code == 0 and out == "Đã bỏ đăng ký thi đua năm 2026 của 1 đơn vị.\n"
    assert set(registered(capsys, ward)) == {"Tổ dân phố số 1"}


def test_dry_run_checks_and_writes_nothing(capsys, ward):
    before = snapshot(ward)
    code, out, _ = run(capsys, ward, "units", "register", "Trường Tiểu học Bạch Đằng", "--titles", "TTLDTT",
                       "--dry-run")
    assert code == 0 and "Sẽ ghi đăng ký thi đua năm 2026 của 1 đơn vị: TTLĐ tiên tiến" in out
    assert "chưa ghi gì (--dry-run)" in out and snapshot(ward) == before
    code, _, err = run(capsys, ward, "units", "register", "Trường Tiểu học Bạch Đằng", "--titles", "TDPVH",
                       "--dry-run")
    assert code == 1 and "“Tổ dân phố văn hóa” chỉ dành cho tổ dân phố" in err and snapshot(ward) == before


@pytest.mark.parametrize("args, message", [
    (("--titles", "huy chương"), "Không có danh hiệu, hình thức đăng ký “huy chương”. Các danh hiệu: GK"),
    (("--titles", "TTLDTT,TTLDXS"), "chỉ đăng ký một trong hai danh hiệu"),
    (("--titles", "GK", "--date", "31/02/2026"), "Ngày đăng ký (--date) “31/02/2026”"),
    (("--titles", "GK", "--year", "2019"), "Chưa có kế hoạch thi đua năm 2019."),
])
def test_bad_input_exits_1_naming_the_problem(capsys, ward, args, message):
    before = snapshot(ward)
    code, out, err = run(capsys, ward, "units", "register", "Trường Tiểu học Bạch Đằng", *args)
    assert code == 1 and out == "" and err.startswith("thidua: ") and message in err and err.count("\n") == 1
    assert snapshot(ward) == before


def test_an_unknown_unit_is_named(capsys, ward):
    code, _, err = run(capsys, ward, "units", "register", "Tổ dân phố số 9", "--titles", "GK")
    assert code == 1 and "Không xác định được đơn vị “Tổ dân phố số 9”" in err


def blocks_of(capsys, db_path) -> dict[str, str | None]:
    code, out, _ = run(capsys, db_path, "units", "list", "--json")
    assert code == 0
    return {u["name"]: u["block"] for u in json.loads(out)}


def test_units_are_put_in_a_block_and_taken_out(capsys, ward):
    before = snapshot(ward)
    code, out, _ = run(capsys, ward, "blocks", "assign", "--block", "khoi to dan pho", "Tổ dân phố số 1",
                       "to dan pho so 2", "--dry-run")
    assert code == 0 and out == "Sẽ xếp 2 đơn vị vào “Khối tổ dân phố”; chưa ghi gì (--dry-run).\n"
    assert snapshot(ward) == before and set(blocks_of(capsys, ward).values()) == {None}
    code, out, _ = run(capsys, ward, "blocks", "assign", "--block", "khoi to dan pho", "Tổ dân phố số 1",
                       "to dan pho so 2")
    assert code == 0 and out == "Đã xếp 2 đơn vị vào “Khối tổ dân phố”.\n"
    assert blocks_of(capsys, ward)["Tổ dân phố số 2"] == "Khối tổ dân phố"
    code, out, _ = run(capsys, ward, "blocks", "assign", "--none", "Tổ dân phố số 2")
    assert code == 0 and out == "Đã xếp 1 đơn vị ra khỏi khối thi đua.\n"
    assert blocks_of(capsys, ward) == {"Tổ dân phố số 1": "Khối tổ dân phố", "Tổ dân phố số 2": None,
                                       "Trường Tiểu học Bạch Đằng": None}
    code, _, err = run(capsys, ward, "blocks", "assign", "--block", "khối y tế", "Tổ dân phố số 2")
    assert code == 1 and "Không có khối thi đua “khối y tế”. Các khối năm nay: “Khối tổ dân phố”." in err
