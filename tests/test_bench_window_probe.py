"""The window probes of ``bench/bench_scale.py`` and ``bench/bench_page_switch.py`` open
the initial page at start as the app does: the first page's build is start-up, and
was counted as a page switch (100–270 ms) by the scale bench."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_probes_window_has_its_initial_page_built_before_any_switch(qtbot, demo_copy):
    sys.path.insert(0, str(ROOT / "bench"))
    from window_probe import open_window

    _qt, opened, _ctx, window = open_window(demo_copy)
    qtbot.addWidget(window)
    try:
        assert window.pages[window.current_page_id()] is not None
    finally:
        window.close()
        opened.close()
