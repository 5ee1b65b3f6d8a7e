"""The one write path of the GUI (``gui/operations``): a change is one audited transaction,
its failure is shown once and writes nothing, the refreshed areas are announced once."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy import func, select

from thidua_desktop.errors import UserError
from thidua_desktop.gui import operations as ops
from thidua_desktop.gui.context import GuiContext
from thidua_desktop.domain.registry import UnitFields
from thidua_desktop.services.plan import current_campaign
from thidua_desktop.services.registry import units
from thidua_desktop.storage.models import AuditEntry, Unit


def _add(session, name: str) -> int:
    return units.save_unit(session, current_campaign(session).id, UnitFields(name=name)).id


def _unit_count(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count(Unit.id)))


def _setup(qtbot, app, monkeypatch):
    ctx = GuiContext(app, actor="văn thư")
    widget = QWidget()
    qtbot.addWidget(widget)
    shown, announced = [], []
    monkeypatch.setattr(ops, "show_error", lambda parent, exc, title: shown.append((title, str(exc))))
    ctx.data_changed.connect(announced.append)
    return ctx, widget, shown, announced


def test_change_writes_one_audited_transaction_and_announces_once(qtbot, app, monkeypatch):
    ctx, widget, shown, announced = _setup(qtbot, app, monkeypatch)
    before = _unit_count(app.db)
    result = ops.change(widget, ctx, "Thêm đơn vị thử",
                        lambda s: _add(s, "Trường Mầm non Hoa Sen"),
                        refresh=("units", "results"))
    assert isinstance(result, int)
    assert _unit_count(app.db) == before + 1
    assert announced == ["units", "results"] and shown == []
    with app.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "unit", AuditEntry.entity_id == result)).one()
    assert entry.reason == "Thêm đơn vị thử" and entry.actor == "văn thư"


def test_failed_change_is_shown_once_writes_nothing_and_announces_nothing(qtbot, app, monkeypatch):
    ctx, widget, shown, announced = _setup(qtbot, app, monkeypatch)
    before = _unit_count(app.db)

    def op(session):
        _add(session, "Đơn vị sẽ không còn")
        session.flush()
        raise UserError("Tên đơn vị trùng.")

    assert ops.change(widget, ctx, "Thêm đơn vị", op, refresh="units", title="Không thêm được") is ops.FAILED
    assert _unit_count(app.db) == before
    assert shown == [("Không thêm được", "Tên đơn vị trùng.")] and announced == []


def test_query_returns_plain_data_or_failed(qtbot, app, monkeypatch):
    ctx, widget, shown, _ = _setup(qtbot, app, monkeypatch)
    assert ops.query(widget, ctx, lambda s: s.scalar(select(func.count(Unit.id)))) == _unit_count(app.db)

    def broken(session):
        raise UserError("Không đọc được.")

    assert ops.query(widget, ctx, broken) is ops.FAILED and shown == [("Không đọc được dữ liệu", "Không đọc được.")]


def test_change_in_background_reports_progress_and_announces_after(qtbot, app, monkeypatch):
    ctx, widget, shown, announced = _setup(qtbot, app, monkeypatch)
    before = _unit_count(app.db)
    got = []

    def op(session, progress):
        for i in range(3):
            progress(i, 3, "Đang thêm…")
            _add(session, f"Tổ dân phố số {i + 40}")
        return 3

    operation = ops.change_in_background(widget, ctx, "Thêm đơn vị", "Thêm ba tổ dân phố", op,
                                         on_done=got.append, refresh="units")
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    assert got == [3] and announced == ["units"] and shown == []
    assert _unit_count(app.db) == before + 3
