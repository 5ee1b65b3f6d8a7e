"""Issue 12 on the command line: a missing database is never created by
accident (class 10), every command that writes respects the window's lock
(class 11), a dry run runs every check the real run does (class 12), and
every count option is bounded (class 16). Each refusal: a Vietnamese message,
exit code 1 (2 for usage), the database row for row as it was."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from safety_helpers import table_dump

from thidua_desktop.cli import main
from thidua_desktop.services.awards import nominations
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.plan import default_plan_path


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo ward (units, people, nominations, a council session with
    votes, frozen decisions), made once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("demo-an-toan")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("THIDUA_DATA_DIR", str(folder))
        assert main(["--db", str(path), "init", "--demo"]) == 0
    return path


@pytest.fixture
def demo(demo_file, tmp_path) -> Path:
    copy = tmp_path / "dữ liệu" / "thi đua.db"
    copy.parent.mkdir()
    shutil.copyfile(demo_file, copy)
    return copy


def run(capsys, db: Path | None, *argv: str) -> tuple[int, str, str]:
    code = main((["--db", str(db)] if db is not None else []) + [str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def units_file(path: Path, address: str = "Số 1 phố Bạch Đằng") -> Path:
    """A units list (xlsx) with one new unit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Tên đơn vị", "Loại hình", "Khối thi đua", "Địa chỉ"])
    ws.append([1, "Tổ dân phố số 99", "Tổ dân phố", "", address])
    wb.save(path)
    return path


def backups_of(db: Path) -> list[str]:
    folder = db.parent / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- class 10: a missing database ---------------------------------------------------------------

def _commands_on(tmp_path: Path) -> dict[str, list[str]]:
    units = units_file(tmp_path / "đơn vị.xlsx")
    return {
        "info": ["info"],
        "units import": ["units", "import", units],
        "units import --dry-run": ["units", "import", units, "--dry-run"],
        "people list": ["people", "list"],
        "targets list": ["targets", "list"],
        "results set": ["results", "set", "8", "97"],
        "check": ["check"],
        "audit": ["audit"],
        "rank": ["rank"],
        "backup": ["backup"],
        "council list": ["council", "list"],
        "accounts list": ["accounts", "list"],
        "nominations check": ["nominations", "check"],
        "report decision": ["report", "decision", "--draft", "--out", tmp_path / "qd.docx"],
        "templates list": ["templates", "list"],
        "plan load --dry-run": ["plan", "load", default_plan_path(), "--dry-run"],
    }


COMMANDS = [
    "info", "units import", "units import --dry-run", "people list", "targets list", "results set", "check",
    "audit", "rank", "backup", "council list", "accounts list", "nominations check", "report decision",
    "templates list", "plan load --dry-run"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_database_is_named_and_never_created(command, tmp_path, capsys):
    folder = tmp_path / "ổ khác" / "thư mục gõ sai"
    target = folder / "thi đua.db"
    code, out, err = run(capsys, target, *_commands_on(tmp_path)[command])
    assert code == 1, (out, err)
    assert f"Cơ sở dữ liệu “{target}” không có" in err and "thidua --db" in err and " init" in err, err
    assert not folder.exists(), "a folder (or an empty database) was created"


def test_an_empty_file_is_not_taken_for_a_new_database(tmp_path, capsys):
    target = tmp_path / "thi đua.db"
    target.write_bytes(b"")
    code, _, err = run(capsys, target, "units", "import", units_file(tmp_path / "u.xlsx"))
    assert code == 1 and "trống (0 byte)" in err and str(target) in err
    assert target.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thi đua.db", "u.xlsx"]


def test_the_environment_variable_and_the_default_database_are_not_created(tmp_path, capsys, monkeypatch,
                                                                        isolated_data_dir):
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "env.db"))
    code, _, err = run(capsys, None, "info")
    assert code == 1 and "env.db" in err and "THIDUA_DB" in err
    assert not (tmp_path / "env.db").exists()
    monkeypatch.delenv("THIDUA_DB")
    before = sorted(p.name for p in isolated_data_dir.rglob("*"))
    code, _, err = run(capsys, None, "units", "list")
    assert code == 1 and "không có" in err
    assert not [p for p in isolated_data_dir.rglob("*.db")]
    assert sorted(p.name for p in isolated_data_dir.rglob("*")) == before


def test_init_still_creates_and_then_every_command_opens_it(tmp_path, capsys):
    target = tmp_path / "mới" / "thi đua.db"
    assert run(capsys, target, "init")[0] == 0
    code, out, _ = run(capsys, target, "info")
    assert code == 0 and str(target) in out


# --- class 11: the window's lock ------------------------------------------------------------------

def _votes_sheet(db: Path, path: Path, frozen: bool) -> Path:
    """A votes sheet for session 1 with one nomination: one inside a frozen decision, or not."""
    opened = open_app(db, lock=False)
    try:
        with opened.db.read() as session:
            campaign = plan.current_campaign(session)
            rows = [r for r in nominations.rows(session, campaign) if r.active and r.vote is not None
                    and (r.decision_number != "") == frozen]
            row = rows[0]
            name, title, where = row.name, row.title_name, row.where or row.group
    finally:
        opened.close()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Số phiếu đồng ý"])
    ws.append([1, name, where, title, 2])
    wb.save(path)
    return path


def _write_commands(db: Path, tmp_path: Path) -> dict[str, list]:
    next_year = tmp_path / "kế hoạch 2027.toml"
    next_year.write_text(default_plan_path().read_text(encoding="utf-8").replace("year = 2026", "year = 2027"),
                         encoding="utf-8")
    return {
        "report decision": ["report", "decision", "--draft", "--out", tmp_path / "quyết định.docx"],
        "report year-end": ["report", "year-end", "--out", tmp_path / "báo cáo.docx"],
        "results set": ["results", "set", "8", "97,5"],
        "units import": ["units", "import", units_file(tmp_path / "đơn vị.xlsx")],
        "nominations check": ["nominations", "check"],
        "templates reset": ["templates", "reset", "decision"],
        "plan load": ["plan", "load", next_year],
        "results periods add": ["results", "periods", "add", "q1", "--name", "Quý I"],
        "targets defaults": ["targets", "defaults"],
        "accounts autologin": ["accounts", "autologin", "--off"],
        "council votes": ["council", "votes", _votes_sheet(db, tmp_path / "phiếu.xlsx", frozen=False)],
    }


WRITE_COMMANDS = ["report decision", "report year-end", "results set", "units import", "nominations check",
                  "templates reset", "plan load", "results periods add", "targets defaults", "accounts autologin",
                  "council votes"]


@pytest.mark.parametrize("command", WRITE_COMMANDS)
def test_writing_commands_wait_for_the_window_to_close(command, demo, tmp_path, capsys):
    argv = _write_commands(demo, tmp_path)[command]
    window = open_app(demo, lock=True, actor="cửa sổ")  # what the GUI holds while open
    try:
        before = table_dump(demo)
        code, out, err = run(capsys, demo, *argv)
        assert code == 1, (out, err)
        assert "đang được mở ở một cửa sổ" in err, err
        assert table_dump(demo) == before
        assert not (tmp_path / "quyết định.docx").exists() and not (tmp_path / "báo cáo.docx").exists()
    finally:
        window.close()
    code, out, err = run(capsys, demo, *argv)  # the window closed: the same command goes through
    assert code == 0, (out, err)


@pytest.mark.parametrize("argv", [["info"], ["rank"], ["units", "list"], ["council", "results"],
                                  ["report", "nominations", "--out", "{tmp}/danh sách.xlsx"],
                                  ["units", "import", "{tmp}/đơn vị.xlsx", "--dry-run"]],
                         ids=lambda a: " ".join(a[:2]))
def test_reading_commands_still_work_beside_the_window(argv, demo, tmp_path, capsys):
    units_file(tmp_path / "đơn vị.xlsx")
    window = open_app(demo, lock=True, actor="cửa sổ")
    try:
        before = table_dump(demo)
        code, out, err = run(capsys, demo, *[a.replace("{tmp}", str(tmp_path)) for a in argv])
        assert code == 0, (out, err)
        assert table_dump(demo) == before
    finally:
        window.close()


# --- class 12: a dry run runs every check ---------------------------------------------------------

def _same_outcome(capsys, db: Path, argv: list) -> tuple[str, str]:
    """Run ``argv`` as a dry run, then for real: both refuse with the same reason."""
    before, copies = table_dump(db), backups_of(db)
    code, out, dry_err = run(capsys, db, *argv, "--dry-run")
    assert code == 1, (out, dry_err)
    assert table_dump(db) == before and backups_of(db) == copies, "the dry run wrote or copied something"
    code, out, real_err = run(capsys, db, *argv)
    assert code == 1, (out, real_err)
    assert table_dump(db) == before
    return dry_err, real_err


def test_dry_run_refuses_an_over_long_cell_like_the_real_run(demo, tmp_path, capsys):
    dry, real = _same_outcome(capsys, demo, ["units", "import",
                                             units_file(tmp_path / "u.xlsx", address="Số " + "9" * 600)])
    assert "địa chỉ dài 603 ký tự, tối đa 300" in dry and dry == real


def test_dry_run_refuses_votes_for_a_frozen_decision_like_the_real_run(demo, tmp_path, capsys):
    sheet = _votes_sheet(demo, tmp_path / "phiếu.xlsx", frozen=True)
    dry, real = _same_outcome(capsys, demo, ["council", "votes", sheet])
    assert "đã khóa" in dry and dry == real


def test_dry_run_of_a_plan_already_installed_is_refused(demo, capsys):
    dry, real = _same_outcome(capsys, demo, ["plan", "load", default_plan_path()])
    assert "Đã có kế hoạch năm 2026" in dry and dry == real


def test_a_good_dry_run_writes_nothing_and_copies_nothing(demo, tmp_path, capsys):
    before, copies = table_dump(demo), backups_of(demo)
    code, out, err = run(capsys, demo, "units", "import", units_file(tmp_path / "u.xlsx"), "--dry-run")
    assert code == 0, err
    assert "mọi kiểm tra khi ghi đều qua" in out
    assert table_dump(demo) == before and backups_of(demo) == copies
    code, out, err = run(capsys, demo, "units", "import", tmp_path / "u.xlsx")
    assert code == 0 and table_dump(demo) != before


# --- class 16: count options are bounded ----------------------------------------------------------

BAD_COUNTS = [
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--copies", "-3"], "từ 1 đến 500 (đã ghi -3)"),
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--copies", "0"], "từ 1 đến 500 (đã ghi 0)"),
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--copies", "100000"], "từ 1 đến 500"),
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--copies", "9" * 400], "không phải số nguyên"),
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--copies", "ba"], "“ba” không phải số nguyên"),
    (["council", "ballots", "--out", "{tmp}/p.pdf", "--session", "9" * 30], "không phải số nguyên"),
    (["council", "votes", "{tmp}/p.xlsx", "--session", "-1"], "từ 1 đến"),
    (["council", "sheet", "{tmp}/p.xlsx", "--session", "0"], "từ 1 đến"),
    (["audit", "--limit", "-5"], "từ 0 đến 1.000.000 (đã ghi -5)"),
    (["audit", "--id", "0"], "từ 1 đến"),
    (["audit", "--id", "99999999999999999999"], "từ 1 đến 9.223.372.036.854.775.807"),
    (["report", "decision", "--out", "{tmp}/q.docx", "--year", "99999"], "từ 2000 đến 2100"),
    (["report", "decision", "--out", "{tmp}/q.docx", "--decision", "-2"], "từ 1 đến"),
    (["report", "minutes", "--out", "{tmp}/q.docx", "--session", "1e3"], "không phải số nguyên"),
    (["targets", "list", "--year", "26"], "từ 2000 đến 2100 (đã ghi 26)"),
    (["blocks", "list", "--year", "-2026"], "từ 2000 đến 2100"),
]


@pytest.mark.parametrize("argv, told", BAD_COUNTS, ids=[" ".join(a[:1] + a[-2:]) for a, _ in BAD_COUNTS])
def test_count_options_are_bounded(argv, told, demo, tmp_path, capsys):
    before = table_dump(demo)
    code, out, err = run(capsys, demo, *[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert code == 2, (out, err)
    assert told in err and "lỗi cú pháp" in err, err
    assert "Traceback" not in err and "invalid" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["dữ liệu"]  # no file written
    assert table_dump(demo) == before


def test_copies_within_bounds_are_made(demo, tmp_path, capsys):
    code, out, err = run(capsys, demo, "council", "ballots", "--out", tmp_path / "p.pdf", "--copies", "2")
    assert code == 0, err
    assert "Đã tạo 2 phiếu bầu" in out


def test_a_backup_beside_the_window_is_still_made_and_noted(demo, tmp_path, capsys):
    """Copying is safe while the window is open; its note in the audit trail
    is the one write allowed beside the window's lock."""
    window = open_app(demo, lock=True, actor="cửa sổ")
    try:
        code, out, err = run(capsys, demo, "backup", "--out", tmp_path / "sao lưu.db")
        assert code == 0, err
        assert (tmp_path / "sao lưu.db").exists()
    finally:
        window.close()
