"""Issue 15, goal 5: the long results table's fast paths give what the plain
path gave. Reading: the cleaned texts and parsed figures remembered per read,
a unit name typed exactly as stored answered from the finder's own keys, an
item code cleaned once per text (each compared with the same read with the
fast path taken away). Writing: the units' reports go in through ``bulkwrite``
as the ORM wrote them, and a refused table leaves the database as it was."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import select

from registry_helpers import write_xlsx
from thidua_desktop.cli import main
from thidua_desktop.domain.results import edit_text
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.results import entry as rs
from thidua_desktop.services.results import evaluation as ev
from thidua_desktop.services.results import exchange
from thidua_desktop.services.results import table as result_table
from thidua_desktop.storage.models import AuditEntry, UnitReport

HEADER = ["Đơn vị", "Chỉ tiêu", "Giá trị", "Ghi chú"]


def _demo_rows(db_file) -> tuple[list[list], int]:
    """Every unit's items with its recorded value (or a figure of its own), and the main period's id."""
    app = open_app(db_file)
    try:
        with app.db.read() as s:
            campaign = plan.current_campaign(s)
            people = ev.participants(s, campaign)
            main_period = ev.main_period(campaign)
            recorded = ev.period_results(s, main_period)
            rows = []
            for n, unit in enumerate(people.ordered_units()):
                for item in people.items(unit.id):
                    existing = recorded.get(unit.id, item.kind, item.id)
                    text = edit_text(ev.values_of(existing), item.spec) if ev.has_values(existing) else ""
                    if not text or n % 3 == 0:  # some figures change, some are new
                        text = "Có" if item.spec.shape.name == "YESNO" else "7"
                    rows.append([unit.name, item.code, text, "ghi chú" if n % 5 == 0 else None])
            return rows, main_period.id
    finally:
        app.close()


def _with_bad_rows(rows: list[list]) -> list[list]:
    """The rows retyped as clerks type them, with every kind of mistake among them."""
    out = [list(r) for r in rows]
    for i in range(0, len(out), 4):
        out[i][0] = out[i][0].upper()  # the same unit, typed in capitals
    for i in range(1, len(out), 6):
        out[i][0] = "  " + out[i][0].replace(" ", "  ") + " "  # spaces
    for i in range(2, len(out), 7):  # numbers as Excel holds them
        if out[i][2] == "7":
            out[i][2] = 7 if i % 2 else 7.0
    out += [
        ["Đơn vị không có", "1", "5", None],
        [out[3][0], "ZZ99", "5", None],
        [out[5][0], out[5][1], "abc", None],
        list(out[9]),  # a duplicate of a row above
        [None, "1", "5", None],
        [out[11][0], None, "5", None],
        [out[12][0], out[12][1], -0.0, None],
        [out[13][0], out[13][1], None, None],  # empty: changes nothing
        ["Toàn phường", "1", "96,5", None],
        ["toàn phường", "9999", "1", None],
        ["Tổ", "1", "1", None],  # names more than one unit
    ]
    return out


def _read(db_file, path, period_id):
    app = open_app(db_file)
    try:
        with app.db.read() as s:
            back = exchange.read_back(s, period_id, [path])
    finally:
        app.close()
    (read,) = back.files
    return ([(r.row, r.outcome, r.name, r.message) for r in read.preview.rows], read.changes, read.error)


def _plain_path(monkeypatch) -> None:
    """The read as it was before the fast paths: nothing remembered, every name through is_ward and find."""
    monkeypatch.setattr(result_table, "_memo", lambda function: function)
    monkeypatch.setattr(rs.UnitFinder, "unit_or_ward",
                        lambda self, text: None if rs.is_ward(text) else self.find(text))
    monkeypatch.setattr(rs, "_typed_code", rs._typed_code.__wrapped__)


@pytest.mark.parametrize("bad", [False, True], ids=["demo", "with-bad-rows"])
def test_the_table_reads_as_it_does_without_the_fast_paths(demo_copy, tmp_path, monkeypatch, bad):
    rows, period_id = _demo_rows(demo_copy)
    if bad:
        rows = _with_bad_rows(rows)
    path = write_xlsx(tmp_path / "bảng kết quả.xlsx", [HEADER] + rows)
    fast = _read(demo_copy, path, period_id)
    with monkeypatch.context() as m:
        _plain_path(m)
        plain = _read(demo_copy, path, period_id)
    assert fast == plain
    outcomes = {outcome.value for _, outcome, _, _ in fast[0]}
    assert outcomes >= ({"new", "update", "error", "unchanged"} if bad else {"new", "update"})
    assert len(fast[0]) == len(rows)


NAMES = ["Tổ dân phố số 1", "Tổ Hà", "Tổ Hạ", "Phường đội", "Toàn phường", "Ban Chỉ huy Quân sự phường",
         "Tổ dân phố số 1"]


@pytest.mark.parametrize("text", NAMES + ["tổ hạ", "PHƯỜNG ĐỘI", "Tổ", "Không có", "toàn phường", "tp", ""])
def test_a_name_typed_as_stored_is_found_as_is_ward_and_find_found_it(text):
    from thidua_desktop.domain.text import unique_key
    from thidua_desktop.errors import UserError
    from thidua_desktop.storage.models import Unit

    finder = rs.UnitFinder([Unit(id=i, name=n, name_key=unique_key(n)) for i, n in enumerate(NAMES, start=1)])

    def outcome(find):
        try:
            found = find(text)
        except UserError as exc:
            return exc.message
        return None if found is None else found.id

    assert outcome(finder.unit_or_ward) == outcome(lambda t: None if rs.is_ward(t) else finder.find(t))


def test_the_memo_keeps_types_and_signs_apart():
    seen = []
    remembered = result_table._memo(lambda value: seen.append(value) or repr(value))
    assert [remembered(v) for v in (1, 1.0, True, 0.0, -0.0, "1", 1, -0.0)] == \
        ["1", "1.0", "True", "0.0", "-0.0", "'1'", "1", "-0.0"]
    assert seen == [1, 1.0, True, 0.0, -0.0, "1"]  # bool is never remembered: True came once


def test_unit_reports_are_stored_and_audited_as_the_orm_does(db):
    """A unit's report for the period goes in through ``bulkwrite``: the row and
    its audit entry are those the ORM object gave (the path before issue 15)."""
    from results_helpers import make_ward, measure_id, period

    from thidua_desktop.domain.results import ResultValues

    ids = make_ward(db)
    day = dt.date(2026, 9, 28)
    with db.transaction(actor="văn thư", reason="kiểm thử") as s:
        key = rs.CellKey(ids["Tổ dân phố số 1"], ev.MEASURE, measure_id(s, "8"))
        rs.apply_changes(s, period(s), [rs.CellChange(key, ResultValues(numerator=965, denominator=1000))],
                         "import", source_file="bảng.xlsx", reported_on=day)
    with db.transaction(actor="văn thư", reason="kiểm thử") as s:
        s.add(UnitReport(period_id=period(s).id, unit_id=ids["Tổ dân phố số 2"], reported_on=day, source="import",
                         source_file="bảng.xlsx"))
    with db.read() as s:
        bulk, orm = s.scalars(select(UnitReport).order_by(UnitReport.id)).all()
        columns = [c.key for c in UnitReport.__table__.columns if c.key not in ("id", "unit_id", "created_at",
                                                                                   "updated_at")]
        assert [getattr(bulk, c) for c in columns] == [getattr(orm, c) for c in columns]
        a, b = s.scalars(select(AuditEntry).where(AuditEntry.entity == "unit_report").order_by(AuditEntry.id)).all()
        for entry, row in ((a, bulk), (b, orm)):
            assert entry.entity_id == row.id and entry.changes.pop("id") == row.id
            assert entry.changes.pop("unit_id") == row.unit_id
        assert (a.action, a.label, a.actor, a.reason, list(a.changes.items())) == \
            (b.action, b.label, b.actor, b.reason, list(b.changes.items()))


def _dump(path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_a_table_with_bad_rows_names_each_and_leaves_the_database_as_it_was(demo_copy, tmp_path, capsys):
    rows, _ = _demo_rows(demo_copy)
    path = write_xlsx(tmp_path / "bảng kết quả.xlsx", [HEADER] + _with_bad_rows(rows))
    before = _dump(demo_copy)
    assert main(["--db", str(demo_copy), "results", "import", str(path)]) == 1
    out = capsys.readouterr().out
    first = len(rows) + 2  # the header is row 1
    assert "Từ chối" in out and "bảng kết quả.xlsx" in out
    assert f"dòng {first}: Không có đơn vị “Đơn vị không có”" in out
    assert f"dòng {first + 1}: Không có chỉ tiêu hoặc tiêu chí “ZZ99” trong danh sách của" in out
    assert f"dòng {first + 3}: trùng với dòng 11" in out and f"dòng {first + 4}: chưa ghi đơn vị" in out
    assert _dump(demo_copy) == before


def test_a_whole_table_goes_in_and_the_database_checks(demo_copy, tmp_path, capsys):
    rows, _ = _demo_rows(demo_copy)
    path = write_xlsx(tmp_path / "bảng kết quả.xlsx", [HEADER] + rows)
    assert main(["--db", str(demo_copy), "results", "import", str(path)]) == 0
    assert "Đã nhập 1 tệp" in capsys.readouterr().out
    assert main(["--db", str(demo_copy), "check"]) == 0
