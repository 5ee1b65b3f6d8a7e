"""tools/screens.py (issue 16, "How to check"): a page, a tab and a dialog photographed at
1366×768 on a copy of the demo ward, each a PNG that is not blank, and the clerk's own
window settings left alone."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "screens.py"


def distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull(), path
    step_x, step_y = max(1, image.width() // 60), max(1, image.height() // 40)
    return len({image.pixel(x, y) for x in range(0, image.width(), step_x)
                for y in range(0, image.height(), step_y)})


def test_pages_tabs_and_dialogs_are_written_and_not_blank(demo_file, tmp_path, isolated_data_dir):
    out = tmp_path / "ảnh"
    names = ["overview", "units-1-don-vi", "hop-them-don-vi"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--db", str(demo_file), "--only", *names],
                         capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 0, run.stderr
    written = sorted(p.stem for p in out.glob("*.png"))
    assert written == sorted(names)
    for name in ("overview", "units-1-don-vi"):
        image = QImage(str(out / f"{name}.png"))
        assert 1300 <= image.width() <= 1366 and 700 <= image.height() <= 768  # the window, its frame aside
    for path in out.glob("*.png"):
        assert distinct_colours(path) > 8, f"{path.name} is blank"
    assert not any(isolated_data_dir.iterdir())  # the window settings went to the script's own folder


def test_an_unknown_name_is_reported(demo_file, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--db", str(demo_file),
                          "--only", "no-such-page"], capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 1
    assert "không chụp được: no-such-page" in run.stderr
