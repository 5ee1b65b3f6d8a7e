"""``thidua results report``: the page's “Ghi nhận đã báo cáo” as a verb (issue 14: every action
of the window is also a verb), through the same service and with the same reason in the log."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from results_helpers import make_ward
from sqlalchemy import select

from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app
from thidua_desktop.storage.models import AuditEntry, Unit, UnitReport


def run(capsys, db_path, *args):
    code = main(["--db", str(db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ward_db(db_path):
    opened = open_app(db_path)
    make_ward(opened.db)
    opened.close()
    return db_path


def reports(db_path) -> list[tuple]:
    opened = open_app(db_path, lock=False)
    try:
        with opened.db.read() as s:
            rows = s.execute(select(Unit.name, UnitReport.reported_on, UnitReport.source)
                             .join(Unit, Unit.id == UnitReport.unit_id).order_by(Unit.name)).all()
            reasons = list(s.scalars(select(AuditEntry.reason).where(AuditEntry.entity == "unit_report")))
            return [tuple(r) for r in rows], reasons
    finally:
        opened.close()


def test_report_records_clears_and_rehearses(capsys, ward_db):
    code, out, err = run(capsys, ward_db, "results", "report", "to dan pho so 2", "--date", "01/12/2026",
                         "--dry-run")
    assert code == 0, err
    assert "chưa ghi gì" in out and reports(ward_db) == ([], [])
    code, out, err = run(capsys, ward_db, "results", "report", "to dan pho so 2", "--date", "01/12/2026")
    assert code == 0, err
    assert "Đã ghi nhận: Tổ dân phố số 2 báo cáo Cả năm 2026 ngày 01/12/2026." in out
    rows, reasons = reports(ward_db)
    assert rows == [("Tổ dân phố số 2", dt.date(2026, 12, 1), "manual")]
    assert reasons == ["Ghi nhận báo cáo của Tổ dân phố số 2"]  # the page's reason
    code, out, err = run(capsys, ward_db, "results", "report", "Tổ dân phố số 2", "--clear", "--json")
    assert code == 0, err
    assert json.loads(out)["reported_on"] is None and reports(ward_db)[0] == []


def test_report_refuses_plainly_and_writes_nothing(capsys, ward_db):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    cases = [(("Tổ dân phố", "--date", "01/12/2026"), 1, "trùng với nhiều đơn vị"),
             (("Tổ dân phố số 1", "--date", tomorrow), 1, "không thể sau hôm nay"),
             (("Tổ dân phố số 1", "--date", "31/02/2026"), 2, "không phải là ngày có thật"),
             (("Tổ dân phố số 1", "--date", "01/12/2026", "--clear"), 2, "không ghi cả hai"),
             (("Tổ dân phố số 1", "--period", "q9"), 1, "q9")]
    for args, expected, words in cases:
        code, out, err = run(capsys, ward_db, "results", "report", *args)
        assert (code, words in err, "Traceback" in err) == (expected, True, False), (args, err)
    assert reports(ward_db) == ([], [])


def audit_reasons(db_path, entity: str) -> list[tuple[str, str]]:
    """The log's entries on ``entity`` after the ward was made (the plan's own seeding left out)."""
    opened = open_app(db_path, lock=False)
    try:
        with opened.db.read() as s:
            return [tuple(r) for r in s.execute(select(AuditEntry.action, AuditEntry.reason)
                                                .where(AuditEntry.entity == entity, AuditEntry.actor != "kiểm thử",
                                                       AuditEntry.reason != "Nạp kế hoạch mặc định lần đầu")
                                                .order_by(AuditEntry.id))]
    finally:
        opened.close()


def test_targets_add_allocate_and_delete_as_the_setup_tabs_do(capsys, ward_db):
    """``thidua targets add|allocate|delete``: the tabs' actions, with the tabs' reasons in the log."""
    code, out, err = run(capsys, ward_db, "targets", "add", "17", "--text", "Tỷ lệ hộ gia đình văn hóa",
                         "--planned", "90", "--dry-run")
    assert code == 0 and "chưa ghi gì (--dry-run): sẽ thêm chỉ tiêu (17)" in out, err
    assert audit_reasons(ward_db, "target") == []
    code, out, err = run(capsys, ward_db, "targets", "add", "17", "--text", "Tỷ lệ hộ gia đình văn hóa",
                         "--planned", "90")
    assert code == 0 and out.startswith("Đã thêm chỉ tiêu (17)"), err
    code, out, err = run(capsys, ward_db, "targets", "allocate", "17", "to dan pho so 1", "--planned", "95", "--json")
    assert code == 0, err
    assert json.loads(out) == {"measure": "17", "unit": "Tổ dân phố số 1", "allocated": True, "planned": 95.0,
                               "dry_run": False}
    code, out, err = run(capsys, ward_db, "targets", "allocate", "17", "Tổ dân phố số 1", "--remove")
    assert code == 0 and "Đã bỏ giao 17 cho Tổ dân phố số 1." in out, err
    code, out, err = run(capsys, ward_db, "targets", "delete", "(17)")
    assert code == 0 and "Đã xóa chỉ tiêu (17)." in out, err
    assert audit_reasons(ward_db, "target") == [("insert", "Thêm chỉ tiêu (17)"), ("delete", "Xóa chỉ tiêu (17)")]
    assert audit_reasons(ward_db, "allocation") == [("insert", "Giao chỉ tiêu cho đơn vị"),
                                                    ("delete", "Giao chỉ tiêu cho đơn vị")]


def test_targets_verbs_refuse_plainly_and_write_nothing(capsys, ward_db):
    cases = [(("add", "8", "--text", "Trùng mã", "--planned", "90"), 1, "Đã có chỉ tiêu hoặc tiêu chí đo mã “8”"),
             (("add", "18", "--text", "Trường chuẩn", "--kind", "count", "--comparison", "reach", "--planned", "1,5"),
              1, "số nguyên"),
             (("add", "18", "--text", "X", "--planned", "chín mươi"), 2, "--planned"),
             (("allocate", "8", "Tổ dân phố số 1", "--planned", "120"), 1, "từ 0 đến 100"),
             (("allocate", "8", "Tổ dân phố số 1", "--planned", "90", "--remove"), 2, "không ghi cả hai"),
             (("allocate", "99", "Tổ dân phố số 1"), 1, "Không có chỉ tiêu"),
             (("delete", "99"), 1, "Không có chỉ tiêu (99)")]
    for args, expected, words in cases:
        code, out, err = run(capsys, ward_db, "targets", *args)
        assert (code, words in err, "Traceback" in err) == (expected, True, False), (args, err)
    assert audit_reasons(ward_db, "target") == [] and audit_reasons(ward_db, "allocation") == []


def test_criteria_of_a_block_listed_added_moved_and_deleted(capsys, ward_db):
    """``thidua targets criteria BLOCK [add|delete|up|down]``: the “Tiêu chí của khối” tab as a verb."""
    def codes():
        code, out, err = run(capsys, ward_db, "targets", "criteria", "khoi co quan", "--json")
        assert code == 0, err
        return [c["code"] for c in json.loads(out)["criteria"]]

    before = codes()
    code, out, err = run(capsys, ward_db, "targets", "criteria", "co quan", "add", "TC40", "--kind", "number",
                         "--label", "Số sáng kiến được công nhận", "--unit", "sáng kiến", "--planned", "2",
                         "--dry-run")
    assert code == 0 and "chưa ghi gì" in out and codes() == before, err
    code, out, err = run(capsys, ward_db, "targets", "criteria", "co quan", "add", "TC40", "--kind", "number",
                         "--label", "Số sáng kiến được công nhận", "--unit", "sáng kiến", "--planned", "2")
    assert code == 0 and "Đã thêm tiêu chí TC40 vào Khối cơ quan." in out, err
    assert codes() == before + ["TC40"]
    code, out, err = run(capsys, ward_db, "targets", "criteria", "co quan", "up", "tc40")
    assert code == 0 and codes() == before[:-1] + ["TC40", before[-1]], err
    code, out, err = run(capsys, ward_db, "targets", "criteria", "co quan")
    assert "≥ 2 sáng kiến" in out and "Số sáng kiến được công nhận" in out
    code, out, err = run(capsys, ward_db, "targets", "criteria", "co quan", "delete", "TC40")
    assert code == 0 and codes() == before, err
    assert [r for _, r in audit_reasons(ward_db, "criterion")] == [
        "Tiêu chí của Khối cơ quan", "Sắp xếp tiêu chí", "Sắp xếp tiêu chí", "Xóa tiêu chí TC40"]
    for args, expected, words in [(("khoi", "list"), 1, "Nhiều khối"),
                                  (("co quan", "add", before[0], "--label", "Trùng"), 1, "đã có tiêu chí mã"),
                                  (("co quan", "add", "TC41", "--kind", "measure", "--measure", "99"), 1,
                                   "Không có chỉ tiêu"),
                                  (("co quan", "delete"), 2, "chưa ghi MÃ"),
                                  (("co quan", "delete", "TC99"), 1, "không có tiêu chí mã “TC99”")]:
        code, out, err = run(capsys, ward_db, "targets", "criteria", *args)
        assert (code, words in err, "Traceback" in err) == (expected, True, False), (args, err)
    assert codes() == before
