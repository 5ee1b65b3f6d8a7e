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


def test_the_what_if_sandbox_the_unit_card_and_the_person_form_are_photographed(demo_file, tmp_path):
    """The windows beside the main one (the what-if sandbox as opened and with a criterion
    changed, a tab of a unit's card opened by a double-click) and the person form with its year."""
    out = tmp_path / "ảnh"
    names = ["thu-thay-doi-quy-tac-doi-diem", "the-don-vi-4-de-nghi-khen-thuong", "hop-sua-ca-nhan"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), "--db", str(demo_file), "--only", *names],
                         capture_output=True, text=True, env=env, timeout=240)
    assert run.returncode == 0, run.stderr
    assert sorted(p.stem for p in out.glob("*.png")) == sorted(names)
    for path in out.glob("*.png"):
        image = QImage(str(path))
        assert image.width() <= 1366 and image.height() <= 768, path.name  # fits the office screen
        assert distinct_colours(path) > 3, f"{path.name} is blank"  # the card: black text on white, a few greys


def test_every_tab_of_the_unit_card_has_its_picture_name():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import screens
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from thidua_desktop.printing.unit_card import SECTIONS

    names = [w.name for w in screens.card_windows()]
    assert names == [f"the-don-vi-{i}-{screens.slug(title)}" for i, (title, _) in enumerate(SECTIONS, 1)]
    assert "the-don-vi-3-diem-xep-hang" in names
    known = {d.name for d in screens.DIALOGS + screens.WINDOWS} | set(names)
    assert {"thu-thay-doi-quy-tac", "hop-in-danh-sach-don-vi", "hop-sua-ca-nhan"} <= known
