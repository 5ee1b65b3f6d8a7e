"""The ``thidua`` command line: output, JSON, exit codes, messages."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from thidua_desktop.cli import main
from thidua_desktop.services.app import open_app


@pytest.fixture
def db_path(db_path):
    """A database made as ``thidua init`` makes it: other commands never create one."""
    open_app(db_path, actor="kiểm thử").close()
    return db_path


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_targets_list_json_gives_the_14_targets(capsys, db_path):
    code, out, err = run(capsys, "--db", str(db_path), "targets", "list", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [t["code"] for t in data] == [str(i) for i in range(1, 15)]
    by_code = {t["code"]: t for t in data}
    assert by_code["1"]["comparison"] == "ge" and by_code["1"]["planned"] == 12.5
    assert by_code["2"]["comparison"] == "gt" and by_code["2"]["unit"] == "triệu đồng/ha"
    assert by_code["5"]["comparison"] == "decrease" and by_code["5"]["planned"] is None
    assert by_code["6"]["comparison"] == ["gt", "gt"] and by_code["6"]["planned"] == [97.0, 85.0]
    assert by_code["7"]["comparison"] == "reach" and by_code["7"]["planned"] == 1.0
    assert by_code["9"]["planned"] == 56.8
    assert by_code["12"]["planned"] == [100.0, 95.0]
    assert by_code["14"]["planned"] == 2.0 and by_code["14"]["unit"] == "tổ dân phố"
    assert by_code["8"]["text"] == "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 96%."


def test_targets_list_text(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "targets", "list")
    assert code == 0
    assert "(8) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 96%." in out
    assert "≥ 56,8%" in out and "02 tổ dân phố" in out


def test_info(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "info")
    assert code == 0
    assert str(db_path.resolve()) in out
    assert "Phường Bạch Đằng" in out and "05/12/2026" in out and "15/12/2026" in out
    code, out, _ = run(capsys, "--db", str(db_path), "info", "--json")
    info = json.loads(out)
    assert info["schema_version"] == info["app_schema_version"]
    assert info["plan"]["targets"] == 14 and info["plan"]["measures"] == 16


def test_env_variable_selects_the_database(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "env.db"))
    assert run(capsys, "init")[0] == 0
    code, out, _ = run(capsys, "info")
    assert code == 0 and "env.db" in out


def test_usage_error_exits_2_with_a_vietnamese_message(capsys, db_path):
    code, out, err = run(capsys, "--db", str(db_path), "targets", "lst")
    assert code == 2
    assert "lỗi cú pháp" in err and "lựa chọn không hợp lệ" in err
    assert "Traceback" not in err


def test_missing_command_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "thiếu tham số bắt buộc" in err


def test_bad_database_exits_1_with_one_line(capsys, tmp_path):
    bad = tmp_path / "ghi chú.db"
    bad.write_text("xin chào", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(bad), "info")
    assert code == 1
    assert err.strip().count("\n") == 0 and "không phải là cơ sở dữ liệu" in err


def test_unknown_year_exits_1(capsys, db_path):
    code, _, err = run(capsys, "--db", str(db_path), "targets", "list", "--year", "2030")
    assert code == 1 and "Chưa có kế hoạch thi đua năm 2030" in err


def test_module_entry_point_runs_as_a_process(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="cp1252")  # a Windows console; output must still work
    open_app(tmp_path / "p.db").close()
    done = subprocess.run([sys.executable, "-m", "thidua_desktop", "--db", str(tmp_path / "p.db"),
                           "targets", "list", "--json"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert len(json.loads(done.stdout.decode("utf-8"))) == 14
    missing = subprocess.run([sys.executable, "-m", "thidua_desktop", "--db", str(tmp_path),
                              "info"], capture_output=True, env=env, timeout=120)
    assert missing.returncode == 1
    assert b"Traceback" not in missing.stderr


def test_plan_load_installs_next_years_plan(capsys, db_path, tmp_path):
    from thidua_desktop.services.plan import default_plan_path

    next_year = tmp_path / "kế hoạch 2027.toml"
    next_year.write_text(default_plan_path().read_text(encoding="utf-8").replace("year = 2026", "year = 2027"),
                         encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db_path), "plan", "load", str(next_year), "--dry-run")
    assert code == 0 and "năm 2027, 14 chỉ tiêu, 16 tiêu chí đo" in out and "không ghi gì" in out
    code, out, _ = run(capsys, "--db", str(db_path), "targets", "list", "--year", "2027")
    assert code == 1
    code, out, _ = run(capsys, "--db", str(db_path), "plan", "load", str(next_year))
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db_path), "info", "--json")
    assert '"year": 2027' in out
    code, _, err = run(capsys, "--db", str(db_path), "plan", "load", str(next_year))
    assert code == 1 and "Đã có kế hoạch năm 2027" in err


@pytest.mark.skipif(sys.platform == "win32", reason="a pipe closed early is a POSIX shell habit (| head)")
def test_output_piped_into_head_is_not_an_error(tmp_path):
    db = tmp_path / "p.db"
    env = dict(os.environ, THIDUA_DATA_DIR=str(tmp_path / "data"))
    assert subprocess.run([sys.executable, "-m", "thidua_desktop", "--db", str(db), "init", "--demo"],
                          capture_output=True, env=env, timeout=300).returncode == 0
    # Far more than a pipe holds, so the writes after ``head`` has gone do fail.
    command = f"{sys.executable} -m thidua_desktop --db '{db}' audit --json | head -c 1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr and "lỗi không mong muốn".encode() not in done.stderr
