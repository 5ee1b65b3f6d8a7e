"""Các bước trong năm (issue 16, item 12): each step's state and fact from the real data,
on an empty ward and on the demo ward, deadlines judged on a given day; ``thidua steps``."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from thidua_desktop.cli import main
from thidua_desktop.services import plan, steps, ward, years
from thidua_desktop.services.app import open_app
from thidua_desktop.services.safety.backup_status import BackupAge
from thidua_desktop.storage.models import IssuedDocument, Registration, Unit

TODAY = dt.date(2026, 12, 4)
NO_BACKUP = BackupAge(server=False)
S = steps.State
KEYS = ["plan", "units", "people", "registrations", "allocations", "results", "evaluation", "ranking",
        "nominations", "council", "decision", "papers", "report", "backup", "close"]


def year_steps(db, today=TODAY, backup=NO_BACKUP) -> steps.YearSteps:
    with db.read() as s:
        return steps.year_steps(s, backup, today)


def by_key(found: steps.YearSteps) -> dict[str, steps.Step]:
    return {s.key: s for s in found.steps}


@pytest.fixture
def demo(demo_copy):
    opened = open_app(demo_copy, actor="kiểm thử")
    yield opened
    opened.close()


def test_an_empty_ward_has_every_step_before_it(db):
    found = year_steps(db)
    assert [s.key for s in found.steps] == KEYS
    assert all(s.state is S.NOT_STARTED for s in found.steps)
    assert found.next_step.key == "plan"
    step = by_key(found)
    assert step["plan"].fact == ("Đã nạp kế hoạch năm 2026 (14 chỉ tiêu); chưa ghi số và ngày ban hành "
                                 "của kế hoạch phường.")
    assert step["units"].fact == "Chưa có đơn vị nào."
    assert (step["units"].page_id, step["units"].tab) == ("units", "Đơn vị")
    assert step["registrations"].fact == "Chưa có đơn vị nào để đăng ký."
    assert step["registrations"].deadline == dt.date(2026, 3, 31)
    assert step["results"].fact == "Chưa có đơn vị nào phải báo cáo kết quả."
    assert step["results"].deadline_text == "trước ngày 05/12/2026 — hôm nay là ngày cuối"
    assert step["ranking"].fact == "Chưa có đơn vị nào trong khối để xếp hạng."
    assert step["papers"].fact == (
        "Chưa lập: biên bản họp Hội đồng, quyết định khen thưởng, báo cáo năm. Danh sách khen thưởng "
        "không vào sổ văn bản nên chương trình không biết đã in hay chưa.")
    assert step["report"].deadline_text == "trước ngày 15/12/2026 — còn 11 ngày"
    assert step["backup"].fact == "Chưa có bản sao lưu nào."
    assert step["close"].command == "close_year" and step["close"].where == "Tệp › Kết thúc năm…"


def test_the_demo_ward_on_4_december(demo):
    found = year_steps(demo.db)
    assert [(s.key, s.state, s.fact) for s in found.steps] == [
        ("plan", S.NOT_STARTED, "Đã nạp kế hoạch năm 2026 (14 chỉ tiêu); chưa ghi số và ngày ban hành của kế "
                                "hoạch phường."),
        ("units", S.IN_PROGRESS, "40 đơn vị, 5 khối thi đua; 1 đơn vị chưa thuộc khối nào: Quỹ tín dụng nhân "
                                 "dân Bạch Đằng."),
        ("people", S.DONE, "156 cá nhân của 40/40 đơn vị; 142 người có xếp loại năm 2026."),
        ("registrations", S.LATE, "34/40 đơn vị đã đăng ký thi đua; còn 6: Trung tâm Phục vụ hành chính công "
                                  "phường, Đoàn Thanh niên Cộng sản Hồ Chí Minh phường, Tổ dân phố số 11, Tổ dân "
                                  "phố số 14, Hợp tác xã Dịch vụ nông nghiệp Bạch Đằng và 1 đơn vị khác."),
        ("allocations", S.DONE, "30 đơn vị đã được giao chỉ tiêu (119 lượt giao); 10 đơn vị không mang chỉ tiêu "
                                "nào theo cách giao mặc định (chấm theo tiêu chí của khối)."),
        ("results", S.IN_PROGRESS, "37/40 đơn vị đã báo cáo kết quả cả năm 2026; còn 3: Hội Nông dân phường, Tổ "
                                   "dân phố số 12, Công ty TNHH Cơ khí Đông Hải."),
        ("evaluation", S.IN_PROGRESS, "16 mục chỉ tiêu toàn phường: 5 vượt, 7 đạt, 4 không đạt; 5 đơn vị báo cáo "
                                      "còn thiếu mục."),
        ("ranking", S.IN_PROGRESS, "Xếp hạng tạm thời: 39 đơn vị trong 5 khối; 1 đơn vị chưa thuộc khối nào không "
                                   "được xếp; còn 3 đơn vị chưa báo cáo."),
        ("nominations", S.DONE, "125 đề nghị (21 tập thể, 96 cá nhân, 8 hộ gia đình)."),
        ("council", S.IN_PROGRESS, "1 phiên họp; gần nhất số 01/BB-HĐTĐKT ngày 08/12/2026 (chưa tới ngày họp); "
                                   "đã kiểm phiếu 17/18 đề nghị cần bỏ phiếu."),
        ("decision", S.IN_PROGRESS, "3 văn bản (125/QĐ-UBND, 126/QĐ-UBND, 15/TTr-UBND): 110 đề nghị đã vào quyết "
                                    "định, tiền thưởng 119.520.000 đồng; còn 15 đề nghị chưa có quyết định."),
        ("papers", S.NOT_STARTED, "Chưa lập: biên bản họp Hội đồng, quyết định khen thưởng, báo cáo năm. Danh "
                                  "sách khen thưởng không vào sổ văn bản nên chương trình không biết đã in hay "
                                  "chưa."),
        ("report", S.NOT_STARTED, "Chưa lập báo cáo kết quả thực hiện Kế hoạch thi đua năm."),
        ("backup", S.NOT_STARTED, "Chưa có bản sao lưu nào."),
        ("close", S.NOT_STARTED, "Chưa kết thúc; còn 2 việc: 3 đơn vị chưa báo cáo kết quả Cả năm 2026: Hội Nông "
                                 "dân phường, Tổ dân phố số 12, Công ty TNHH Cơ khí Đông Hải. 15 đề nghị khen "
                                 "thưởng chưa có quyết định (chưa được khen, chưa rút)."),
    ]
    step = by_key(found)
    assert step["registrations"].deadline_text == "31/03/2026 — đã quá hạn 248 ngày"
    assert step["results"].where == "Chỉ tiêu và kết quả › Nhập kết quả"
    assert found.next_step.key == "plan"


def test_late_once_the_deadline_has_passed(demo):
    # "trước ngày 05/12/2026": the 4th is the last day on time
    assert by_key(year_steps(demo.db, dt.date(2026, 12, 4)))["results"].state is S.IN_PROGRESS
    results = by_key(year_steps(demo.db, dt.date(2026, 12, 5)))["results"]
    assert results.state is S.LATE
    assert results.deadline_text == "trước ngày 05/12/2026 — đã quá hạn 1 ngày"
    # the ward's report: not made by the day before 15/12
    assert by_key(year_steps(demo.db, dt.date(2026, 12, 14)))["report"].state is S.NOT_STARTED
    assert by_key(year_steps(demo.db, dt.date(2026, 12, 15)))["report"].state is S.LATE
    # registration: on time until 31/03 inclusive
    assert by_key(year_steps(demo.db, dt.date(2026, 3, 31)))["registrations"].state is S.IN_PROGRESS
    # on the session's day it is no longer said to be ahead
    assert "(chưa tới ngày họp)" not in by_key(year_steps(demo.db, dt.date(2026, 12, 8)))["council"].fact


def test_steps_move_as_the_year_is_done(demo):
    with demo.db.transaction(actor="kiểm thử", reason="Ghi số kế hoạch") as s:
        campaign = plan.current_campaign(s)
        ward.update_plan_header(s, campaign.id, {"number": "12/KH-UBND", "issued_on": dt.date(2026, 2, 20)})
        registered = set(s.scalars(select(Registration.unit_id).where(Registration.campaign_id == campaign.id)))
        missing = [uid for uid in s.scalars(select(Unit.id).where(Unit.active.is_(True))) if uid not in registered]
        s.add_all(Registration(campaign_id=campaign.id, unit_id=uid, registered_on=dt.date(2026, 4, 2), titles=[])
                  for uid in missing)
        s.add(IssuedDocument(campaign_id=campaign.id, kind="year-end", number="20/BC-UBND",
                             dated=dt.date(2026, 12, 14), path="bao-cao.docx"))
    step = by_key(year_steps(demo.db))
    assert (step["plan"].state, step["plan"].fact) == (S.DONE, "Kế hoạch số 12/KH-UBND ngày 20/02/2026: 14 chỉ tiêu.")
    assert (step["registrations"].state, step["registrations"].fact) == (
        S.DONE, "40/40 đơn vị đã đăng ký thi đua (6 đăng ký sau hạn).")
    assert step["papers"].state is S.IN_PROGRESS
    assert step["papers"].fact.startswith("Đã lập: báo cáo năm số 20/BC-UBND ngày 14/12/2026. Chưa lập: biên bản "
                                          "họp Hội đồng, quyết định khen thưởng.")
    # the app writes the report but cannot see it leave: never "done"
    assert (step["report"].state, step["report"].fact) == (
        S.IN_PROGRESS, "Đã lập báo cáo năm số 20/BC-UBND ngày 14/12/2026. Việc gửi đi chương trình không ghi "
                       "nhận được: hãy tự kiểm tra với văn thư.")
    assert by_key(year_steps(demo.db, dt.date(2026, 12, 20)))["report"].state is S.IN_PROGRESS
    with demo.db.transaction(actor="kiểm thử", reason="Kết thúc năm") as s:
        years.close_year(s, 2026, actor="kiểm thử", despite="thử")
    close = by_key(year_steps(demo.db))["close"]
    assert close.state is S.DONE and close.fact.startswith("Đã kết thúc lúc ") and close.fact.endswith(
        " (kiểm thử).")


def test_backup_step_from_the_backup_age():
    made = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=3)
    fresh = steps._backup_step(BackupAge(False, made, dt.timedelta(hours=3), 24))
    assert (fresh.state, fresh.fact) == (S.DONE, f"Bản sao lưu gần nhất lúc {made:%H:%M %d/%m/%Y} (3 giờ trước).")
    old = steps._backup_step(BackupAge(False, made, dt.timedelta(hours=30), 24))
    assert old.state is S.LATE and old.fact.endswith(", cũ hơn 24 giờ.")
    assert steps._backup_step(BackupAge(server=True)).state is S.NOT_APPLICABLE


def run(capsys, path, *args):
    code = main(["--db", str(path), "steps", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_steps(capsys, demo_copy):
    code, out, err = run(capsys, demo_copy, "--today", "04/12/2026")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Các bước trong năm 2026 — Phường Bạch Đằng (tính đến ngày 04/12/2026)"
    at = lines.index(" 6. [Đang làm] Các đơn vị báo cáo kết quả")
    assert lines[at + 1:at + 4] == [
        "    37/40 đơn vị đã báo cáo kết quả cả năm 2026; còn 3: Hội Nông dân phường, Tổ dân phố số 12, "
        "Công ty TNHH Cơ khí Đông Hải.",
        "    Hạn: trước ngày 05/12/2026 — hôm nay là ngày cuối",
        "    Làm ở: Chỉ tiêu và kết quả › Nhập kết quả",
    ]
    assert " 4. [Trễ hạn ] Đăng ký thi đua" in lines
    assert lines[-1] == "Việc tiếp theo: Nạp kế hoạch thi đua, ghi số và ngày."


def test_cli_json(capsys, demo_copy):
    code, out, err = run(capsys, demo_copy, "--today", "05/12/2026", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["year"], data["today"], data["next"]) == (2026, "2026-12-05", "plan")
    assert [s["key"] for s in data["steps"]] == KEYS
    results = data["steps"][KEYS.index("results")]
    assert results == {
        "key": "results", "title": "Các đơn vị báo cáo kết quả", "state": "late", "state_label": "Trễ hạn",
        "fact": "37/40 đơn vị đã báo cáo kết quả cả năm 2026; còn 3: Hội Nông dân phường, Tổ dân phố số 12, "
                "Công ty TNHH Cơ khí Đông Hải.",
        "deadline": "2026-12-05", "deadline_text": "trước ngày 05/12/2026 — đã quá hạn 1 ngày", "page": "targets",
        "tab": "Nhập kết quả", "command": "", "where": "Chỉ tiêu và kết quả › Nhập kết quả"}


def test_cli_refuses_a_wrong_day(capsys, demo_copy):
    code, out, err = run(capsys, demo_copy, "--today", "31/02/2026")
    assert code != 0 and out == ""
    assert "31/02/2026" in err and "Traceback" not in err
