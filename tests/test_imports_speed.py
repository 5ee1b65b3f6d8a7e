"""Issue 15, goals 4 and 5: imports print a summary (``-v`` for every row) and
the long results table finds units through a dictionary built once."""
from __future__ import annotations

import pytest

from registry_helpers import write_xlsx
from thidua_desktop.cli import main
from thidua_desktop.domain.text import clean, fold, unique_key
from thidua_desktop.errors import UserError
from thidua_desktop.services.results import entry as rs
from thidua_desktop.storage.models import Unit

GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long", "Minh", "Nam", "Phúc", "Quang"]
NAMES = ["Tổ dân phố số 1", "Tổ dân phố số 10", "Tổ Hà", "Tổ Hạ", "Trường Tiểu học Bạch Đằng",
         "Trường THCS Bạch Đằng", "Công ty Hoà Bình", "Chi hội Cựu chiến binh"]
TYPED = ["Tổ dân phố số 1", "  tổ   DÂN phố số 1 ", "to dan pho so 10", "Tổ Hà", "tổ hạ", "To Ha",
         "Tiểu học", "Bạch Đằng", "truong thcs bach dang", "Công ty Hòa Bình", "cong ty hoa binh",
         "Cựu chiến", "Tổ dân phố số 2", "", "THCS", "số 1"]


def _old_scan(units: list[Unit], text: str) -> Unit:
    """``find_unit`` before issue 15: every unit's keys recomputed for each lookup."""
    wanted = unique_key(text)
    for u in units:
        if u.name_key == wanted or unique_key(u.name) == wanted:
            return u
    folded = fold(text)
    loose = [u for u in units if fold(u.name) == folded]
    if len(loose) == 1:
        return loose[0]
    partial = [u for u in units if folded and folded in fold(u.name)]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        names = ", ".join(f"“{u.name}”" for u in partial[:5])
        raise UserError(f"“{clean(text)}” trùng với nhiều đơn vị: {names}. Hãy ghi đủ tên.")
    raise UserError(f"Không có đơn vị “{clean(text)}”.")


def _outcome(find, text):
    try:
        return find(text).id
    except UserError as exc:
        return exc.message


@pytest.mark.parametrize("text", TYPED)
def test_unit_finder_finds_exactly_what_the_scan_found(text):
    units = [Unit(id=i, name=n, name_key=unique_key(n)) for i, n in enumerate(NAMES, start=1)]
    finder = rs.UnitFinder(units)
    assert _outcome(finder.find, text) == _outcome(lambda t: _old_scan(units, t), text)


def test_unit_finder_refuses_ambiguous_names_and_keeps_accents_apart():
    units = [Unit(id=i, name=n, name_key=unique_key(n)) for i, n in enumerate(NAMES, start=1)]
    finder = rs.UnitFinder(units)
    assert finder.find("tổ hạ").name == "Tổ Hạ" and finder.find("TỔ HÀ").name == "Tổ Hà"
    with pytest.raises(UserError, match="trùng với nhiều đơn vị: “Tổ Hà”, “Tổ Hạ”"):
        finder.find("To Ha")
    with pytest.raises(UserError, match="Không có đơn vị “Tổ dân phố số 2”"):
        finder.find("Tổ dân phố số 2")


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_counts_and_errors_and_every_row_only_with_v(capsys, db_path, tmp_path):
    assert _run(capsys, "--db", db_path, "init")[0] == 0
    rows = [["Tên đơn vị", "Loại hình", "Khối thi đua"]]
    rows += [[f"Tổ dân phố số {n}", "Tổ dân phố", "Khối tổ dân phố"] for n in range(1, 31)]
    units = write_xlsx(tmp_path / "đơn vị.xlsx", rows)
    code, out, err = _run(capsys, "--db", db_path, "units", "import", units, "--dry-run")
    assert code == 0, err
    assert "30 thêm mới" in out and "Tổ dân phố số 17" not in out and "-v" in out
    code, out, err = _run(capsys, "--db", db_path, "units", "import", units, "--dry-run", "-v")
    assert code == 0 and out.count("  Thêm mới   Tổ dân phố số ") == 30

    people = write_xlsx(tmp_path / "cá nhân.xlsx", [["Họ và tên", "Giới tính", "Năm sinh", "Đơn vị"]]
                        + [[f"Nguyễn Văn {given}", "Nam", 1980, "Tổ dân phố số 1"] for given in GIVEN]
                        + [["Lê Thị Hoa", "Nữ", 1985, "Trường Không Có"]])
    assert _run(capsys, "--db", db_path, "units", "import", units)[0] == 0
    code, out, err = _run(capsys, "--db", db_path, "people", "import", people)
    assert code == 1 and "có 1 dòng lỗi; chưa nhập gì" in err
    assert "Lỗi" in out and "chưa có đơn vị “Trường Không Có”" in out and "12 thêm mới, 1 lỗi" in out
    assert "Nguyễn Văn An" not in out


def test_cells_new_to_the_period_are_stored_and_audited_as_the_orm_does(db):
    """New cells go in through ``bulkwrite``: the row and its audit entry are
    those one ORM object per cell gave (the path before issue 15)."""
    import datetime as dt

    from results_helpers import make_ward, measure_id, period
    from sqlalchemy import select

    from thidua_desktop.domain.results import ResultValues
    from thidua_desktop.services.results import evaluation as ev
    from thidua_desktop.storage.models import AuditEntry, Result, UnitReport

    ids = make_ward(db)
    day = dt.date(2026, 9, 28)
    with db.transaction(actor="văn thư", reason="kiểm thử") as s:
        target = measure_id(s, "8")
        summary = rs.apply_changes(s, period(s), [rs.CellChange(rs.CellKey(ids["Tổ dân phố số 1"], ev.MEASURE, target),
                                                                ResultValues(numerator=965, denominator=1000),
                                                                note="Số liệu đến 30/9")],
                                   "import", source_file="bảng.xlsx", reported_on=day)
    assert summary.new == 1 and summary.units_reported == {ids["Tổ dân phố số 1"]}
    with db.transaction(actor="văn thư", reason="kiểm thử") as s:
        s.add(Result(period_id=period(s).id, unit_id=ids["Tổ dân phố số 2"], measure_id=target, numerator=965,
                     denominator=1000, note="Số liệu đến 30/9", evidence="", source="import",
                     source_file="bảng.xlsx", reported_on=day, updated_by="văn thư"))
    with db.read() as s:
        bulk, orm = s.scalars(select(Result).order_by(Result.id)).all()
        columns = [c.key for c in Result.__table__.columns if c.key not in ("id", "unit_id", "created_at",
                                                                               "updated_at")]
        assert [getattr(bulk, c) for c in columns] == [getattr(orm, c) for c in columns]
        a, b = s.scalars(select(AuditEntry).where(AuditEntry.entity == "result").order_by(AuditEntry.id)).all()
        for entry, row in ((a, bulk), (b, orm)):
            assert entry.entity_id == row.id and entry.changes.pop("id") == row.id
            assert entry.changes.pop("unit_id") == row.unit_id
        assert (a.action, a.label, a.actor, a.reason, a.changes) == (b.action, b.label, b.actor, b.reason, b.changes)
        assert s.scalar(select(UnitReport.reported_on).where(UnitReport.unit_id == ids["Tổ dân phố số 1"])) == day
