"""Heavy work of the awards page runs in a worker (issue 14): recording a decision for a
thousand awardees, writing ballots and the vote sheet leave the window responsive."""
from __future__ import annotations

import datetime as dt
import threading

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from awards_helpers import make_ward
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.printing import ballots
from thidua_desktop.services import plan
from thidua_desktop.services.awards import catalogue as awards, council, decisions, nominations as nm

AWARDEES = 1000


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch):
    def fail(parent, title, text, *args, **kwargs):
        raise AssertionError(f"{title}: {text}")

    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, fail)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)


@pytest.fixture
def voted(app):
    """A thousand households proposed for a Giấy khen, all passed by the council."""
    ids = make_ward(app.db)
    with app.db.transaction(actor="kiểm thử") as s:
        c = plan.current_campaign(s)
        for i in range(AWARDEES):
            nm.create(s, c, nm.NominationInput("household", "GK", household_name=f"Hộ gia đình số {i + 1}",
                                               household_address=f"Số {i + 1} đường Bạch Đằng",
                                               proposing_unit_id=ids["Tổ dân phố số 1"],
                                               summary="Hiến đất mở rộng ngõ"), recheck_all=False)
        nm.recheck(s, c)
        members = [council.MemberInput(f"Thành viên số {i + 1}", "Ủy viên") for i in range(9)]
        cs = council.save_session(s, c, council.SessionInput("01/BB-HĐTĐKT", dt.datetime(2026, 12, 18, 8),
                                                            members=members))
        council.set_votes(s, cs.id, {r.id: 9 for r in nm.rows(s, c)})
        ids["session"] = cs.id
        ids["GK"] = next(t.id for t in awards.titles(s) if t.code == "GK")
    return ids


@pytest.fixture
def page(qtbot, app):
    win = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(win)
    win.show()
    return win.show_page("awards")


def _watch(monkeypatch, module, name: str) -> list[threading.Thread]:
    """Wrap ``module.name`` to note the thread it runs in."""
    seen, real = [], getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def _run_while_ticking(qtbot, start) -> int:
    """Start the work, count the GUI event loop's ticks until it finishes."""
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    operation = start()
    with qtbot.waitSignal(operation.finished, timeout=120_000) as done:
        pass
    timer.stop()
    assert done.args == [True]
    return len(ticks)


class _Dialog:
    def __init__(self, data):
        self._data = data

    def exec(self) -> bool:
        return True

    def data(self):
        return self._data


def test_recording_a_decision_for_a_thousand_awardees_runs_in_the_worker(page, app, voted, qtbot, monkeypatch):
    tab = page.decisions
    page.tabs.setCurrentIndex(2)
    data = decisions.DecisionInput("130/QĐ-UBND", dt.date(2026, 12, 22), [voted["GK"]], session_id=voted["session"])
    monkeypatch.setattr(tab, "_dialog", lambda decision_id=None: _Dialog(data))
    threads = _watch(monkeypatch, decisions, "record")
    ticks = _run_while_ticking(qtbot, lambda: (tab.record(), tab.operation)[1])
    assert threads and threads[0] is not threading.main_thread()
    assert ticks > 0  # the window kept handling events while the decision was written
    with app.db.read() as s:
        [d] = decisions.decisions(s, plan.current_campaign(s))
        assert d.frozen and len(decisions.members(s, d)) == AWARDEES
    page.activate()
    assert tab.decision_model.rowCount() == 1


def test_ballots_and_the_vote_sheet_are_written_in_the_worker(page, voted, qtbot, monkeypatch, tmp_path):
    tab = page.council
    page.tabs.setCurrentIndex(1)
    pdf, sheet = tmp_path / "phiếu bầu.pdf", tmp_path / "bảng ghi phiếu.xlsx"
    from thidua_desktop.gui.awards import council_tab

    drawn = _watch(monkeypatch, ballots, "save_pdf")
    written = _watch(monkeypatch, council, "save_vote_sheet")
    monkeypatch.setattr(council_tab, "save_path", lambda *a, **k: pdf)
    assert _run_while_ticking(qtbot, lambda: (tab.save_ballots(), tab.operation)[1]) >= 0
    monkeypatch.setattr(council_tab, "save_path", lambda *a, **k: sheet)
    _run_while_ticking(qtbot, lambda: (tab.vote_sheet(), tab.operation)[1])
    assert drawn and drawn[0] is not threading.main_thread()
    assert written and written[0] is not threading.main_thread()
    assert pdf.read_bytes().startswith(b"%PDF")
    names = [row[1] for row in openpyxl.load_workbook(sheet).active.iter_rows(min_row=4, values_only=True)]
    assert len(names) == AWARDEES and "Hộ gia đình số 1" in names
