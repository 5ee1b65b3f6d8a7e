"""``thidua results report``: the page's “Ghi nhận đã báo cáo” as a verb (issue 14: every action
of the window is also a verb), through the same service and with the same reason in the log."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from results_helpers import make_ward
from sqlalchemy import func, select

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
