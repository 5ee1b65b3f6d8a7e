"""The audit trail in words (issue 16, item 6): a change pointing to another record
names it as the clerk knows it — the unit's name, the target's code "(8)" — not
by its database id, and a page of entries is named in a few queries, not one per entry."""
from __future__ import annotations

from sqlalchemy import event, select

from registry_helpers import add_units
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.gui.main_window import MainWindow
from thidua_desktop.services.results import setup as setup_service
from thidua_desktop.services.safety import audit_log
from thidua_desktop.storage.models import Allocation, Measure, Unit


def _allocated(app):
    ids = add_units(app.db, "Tổ dân phố số 1", "Tổ dân phố số 2", kind="to_dan_pho")
    with app.db.transaction(reason="Giao theo mặc định") as s:
        setup_service.apply_defaults(s)
    with app.db.read() as s:
        measure_8 = s.scalar(select(Measure.id).where(Measure.code == "8"))
    return ids, measure_8


def test_the_detail_names_the_unit_and_the_target_code(qtbot, app):
    ids, measure_8 = _allocated(app)
    assert ids["Tổ dân phố số 1"] != 8 or measure_8 != 8  # ids and codes differ, or the test proves nothing
    window = MainWindow(GuiContext(app, actor="kiểm thử"))
    qtbot.addWidget(window)
    tab = window.show_page("audit").log_tab
    tab.entity.setCurrentIndex(tab.entity.findData("allocation"))
    rows = [tab.model.row_at(r) for r in range(tab.model.rowCount())]
    [row] = [r for r in rows if r.changes.get("measure_id") == measure_8
             and r.changes.get("unit_id") == ids["Tổ dân phố số 1"]]
    assert "Chỉ tiêu: (8)" in row.summary() and "Đơn vị: Tổ dân phố số 1" in row.summary()
    tab.view.selectRow(rows.index(row))
    text = tab.detail.toPlainText()
    assert "Tổ dân phố số 1" in text and "(8)" in text
    assert f"Đơn vị{ids['Tổ dân phố số 1']}" not in text.replace(" ", "").replace("\n", "")


def test_a_deleted_unit_keeps_its_name_and_a_page_is_named_in_a_few_queries(app):
    ids, _ = _allocated(app)
    with app.db.transaction(reason="giải thể tổ") as s:
        for allocation in s.scalars(select(Allocation).where(Allocation.unit_id == ids["Tổ dân phố số 2"])):
            s.delete(allocation)
        s.flush()
        s.delete(s.get(Unit, ids["Tổ dân phố số 2"]))
    statements = []
    with app.db.read() as s:
        engine = s.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            rows = audit_log.fetch_entries(s, audit_log.AuditFilter(entities=("allocation",)), 0, 200)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert len(rows) >= 10 and len(statements) <= 6, statements
    assert {r.action for r in rows} == {"insert", "delete"}
    assert all("Đơn vị: Tổ dân phố số" in r.summary() for r in rows)
    assert any("Đơn vị: Tổ dân phố số 2" in r.summary() and r.action == "delete" for r in rows)
