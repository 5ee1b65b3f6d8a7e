"""Windows delivery: the portable copy's data folder, unattended GUI runs that
never hang on a dialog, UTF-8 output on a Windows code page, the app icon."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from thidua_desktop import paths
from thidua_desktop.services.app import open_app
from thidua_desktop.services.safety.backup import create_backup

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def frozen_programs(tmp_path, monkeypatch):
    """A frozen bundle's folder: ``sys.executable`` is the program inside it."""
    programs = tmp_path / "ThiDuaKhenThuong"
    programs.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(programs / "thidua-desktop.exe"))
    monkeypatch.delenv("THIDUA_DATA_DIR", raising=False)
    return programs


def test_portable_marker_puts_database_backups_and_logs_beside_the_programs(frozen_programs):
    (frozen_programs / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    data = frozen_programs / "data"
    assert paths.data_dir() == data
    assert paths.default_database() == data / "thidua.db"
    assert paths.log_dir() == data / "logs"

    opened = open_app(None, actor="kiểm thử")  # no --db: the default database
    try:
        made = create_backup(opened.db)
    finally:
        opened.close()
    assert (data / "thidua.db").is_file()
    assert made.parent == data / "backups"


def test_without_marker_data_stays_in_the_per_user_folder(frozen_programs):
    assert paths.portable_data_dir() is None
    assert not paths.data_dir().is_relative_to(frozen_programs)


def test_marker_beside_a_plain_python_is_ignored(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python.exe"))
    (tmp_path / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.portable_data_dir() is None


def test_explicit_data_folder_wins_over_the_portable_marker(frozen_programs, tmp_path, monkeypatch):
    (frozen_programs / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv("THIDUA_DATA_DIR", str(tmp_path / "chosen"))
    assert paths.data_dir() == tmp_path / "chosen"


def _run_gui(args: list[str], tmp_path: Path, env_extra: dict[str, str], code: str | None = None):
    """The GUI entry point in its own process, output redirected to files as a
    scheduled task would; a dialog would block it, so a timeout means a hang."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **env_extra)
    env.pop("PYTHONUTF8", None)
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "thidua_desktop.gui.app"]
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        try:
            done = subprocess.run(command + args, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                  env=env, timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail("thidua-desktop treo (một hộp thoại đang chờ người bấm?): "
                        + err.read_text(encoding="utf-8", errors="replace")[-2000:])
    return done.returncode, out.read_bytes().decode("utf-8"), err.read_bytes().decode("utf-8")


def test_smoke_test_writes_utf8_when_the_console_code_page_is_cp1252(tmp_path):
    shot = tmp_path / "ảnh.png"
    code, out, err = _run_gui(["--db", str(tmp_path / "thi đua.db"), "--smoke-test", str(shot)],
                              tmp_path, {"PYTHONIOENCODING": "cp1252", "THIDUA_DATA_DIR": str(tmp_path)})
    assert code == 0, err
    assert "Đã mở" in out and "0 lỗi" in out
    assert shot.is_file()


FAIL_IN_A_SLOT = """
from PySide6.QtCore import QTimer
from thidua_desktop.gui import main_window

show_page = main_window.MainWindow.show_page


def failing_show_page(self, page_id):
    timer = QTimer(self)  # an error raised later, in a slot inside Qt's event loop
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: 1 / 0)
    timer.start(0)
    return show_page(self, page_id)


main_window.MainWindow.show_page = failing_show_page
"""

FAIL_IN_THE_FLOW = """
from thidua_desktop.gui import main_window


def failing_open_initial_page(self):
    raise ZeroDivisionError("trang đầu hỏng")  # raised straight through main(), like the print that failed


main_window.MainWindow.open_initial_page = failing_open_initial_page
"""


@pytest.mark.parametrize("failure, mode", [(FAIL_IN_A_SLOT, ["--smoke-test", "shot.png"]),
                                           (FAIL_IN_THE_FLOW, ["--measure-startup"])],
                         ids=["slot-smoke-test", "flow-measure-startup"])
def test_unattended_run_prints_an_error_and_exits_non_zero_without_a_dialog(tmp_path, failure, mode):
    args = ["--db", str(tmp_path / "x.db")] + [str(tmp_path / a) if a.endswith(".png") else a for a in mode]
    code = failure + "import sys\nfrom thidua_desktop.gui import app\nsys.exit(app.main(sys.argv[1:]))\n"
    returncode, _out, err = _run_gui(args, tmp_path, {"THIDUA_DATA_DIR": str(tmp_path)}, code=code)
    assert returncode != 0
    assert "ZeroDivisionError" in err


def test_app_icon_is_ours_and_renders_at_16_px(qapp):
    from thidua_desktop.gui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(16, 16).toImage()
    assert image.width() == 16
    assert image.pixelColor(8, 12).alpha() > 0  # the medal is drawn, not an empty square
    assert (paths.resource("icons", "thidua.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"
