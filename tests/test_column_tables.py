"""The registry's column tables (issue 14): each table is consistent with
itself and with its model, an export imported into an empty database gives
back the same data for every column, and a new column added to a table, the
model and the database (what its migration does) is imported, exported,
templated, named in the preview and explained, with no other change."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Boolean, Date, Integer, select

from thidua_desktop.domain.registry import PersonFields, UnitFields
from thidua_desktop.services import plan
from thidua_desktop.services.app import open_app
from thidua_desktop.services.registry import blocks as block_service
from thidua_desktop.services.registry import columns as cols
from thidua_desktop.services.registry import excel as rx
from thidua_desktop.services.registry import people as people_service
from thidua_desktop.services.registry import units as unit_service
from thidua_desktop.services.xlsx import columns as frame
from thidua_desktop.services.xlsx.files import header_key
from thidua_desktop.storage.models import Person, Unit

TWO_WAY = {"units": (cols.UNIT_COLUMNS, Unit), "people": (cols.PEOPLE_COLUMNS, Person)}
ALL_TABLES = {**{name: table for name, (table, _) in TWO_WAY.items()},
              "blocks": cols.BLOCK_COLUMNS, "registrations": cols.REGISTRATION_COLUMNS}
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ALL_TABLES)
def test_every_header_an_import_accepts_names_one_column(name):
    headers = [(header_key(h), c.header) for c in ALL_TABLES[name] for h in (c.header, *c.aliases)]
    keys = [key for key, _ in headers]  # as an import compares them: "E-mail" is "Email"
    assert len(keys) == len(set(keys)), [h for h in headers if keys.count(h[0]) > 1]
    fields = [c.field for c in ALL_TABLES[name] if c.field]
    assert len(fields) == len(set(fields))


@pytest.mark.parametrize("name", TWO_WAY)
def test_every_attribute_is_a_model_column_of_the_kind_the_cells_have(name):
    table, model = TWO_WAY[name]
    model_columns = model.__table__.c
    for column in table:
        if column.attr is None:
            continue
        assert column.attr in model_columns, f"{name}: {column.header} → {model.__name__}.{column.attr}"
        kind = type(model_columns[column.attr].type)
        expected = {"int": Integer, "date": Date}.get(column.kind, Boolean if column.choices == "yesno" else None)
        if expected is not None:
            assert issubclass(kind, expected), f"{column.header}: {kind.__name__}"
        if column.change:
            assert column.read is not None, f"{column.header} changes a record but is never read"


@pytest.mark.parametrize("name", TWO_WAY)
def test_every_written_column_is_read_back(name):
    table, _ = TWO_WAY[name]
    for column in frame.written(table):
        assert column is frame.NUMBER or column.field, column.header
    assert frame.written(table)[0] is frame.NUMBER


@pytest.mark.parametrize("name", ["blocks", "registrations"])
def test_written_only_tables_say_how_to_write_each_cell(name):
    table = ALL_TABLES[name]
    assert table[0] is frame.NUMBER and all(c.write and c.width for c in table[1:])


def _fill_registry(db) -> None:
    """Every column of units and people holds something, and the blocks their three roles."""
    with db.transaction(reason="kiểm thử") as s:
        campaign = plan.current_campaign(s).id
        a = unit_service.save_unit(s, campaign, UnitFields(
            "Trường Tiểu học Bạch Đằng", "truong_hoc", "Trần Thị Hòa", "0912345678", "12 Lê Lợi",
            "thbd@example.vn", 40, 31, True, "Hai dòng\nghi chú")).id
        b = unit_service.save_unit(s, campaign, UnitFields("Tổ dân phố số 1", "to_dan_pho", "Lê Văn Tám",
                                                           "02253123456", "Ngõ 5", "", 12, 5, True, "")).id
        # (a blank kind is guessed from the name when imported: every unit here has one)
        c = unit_service.save_unit(s, campaign, UnitFields("Hợp tác xã Cũ", "doanh_nghiep", "", "", "", "", None,
                                                           None, False, "đã giải thể")).id
        unit_service.save_unit(s, campaign, UnitFields("Công an phường", "co_quan"))
        block = block_service.save_block(s, campaign, block_service.BlockFields(
            "Khối trường học", leader_unit_id=a, deputy_unit_id=b, member_ids=[a, b, c])).id
        for unit_id in (a, b, c):
            unit_service.place_in_block(s, campaign, unit_id, block)
        for fields in (
            PersonFields("Nguyễn Văn An", "nam", dt.date(1980, 12, 5), None, "Hiệu trưởng", a, True,
                         "0987654321", "3 Trần Phú", True, "Tổ trưởng\ncông đoàn"),
            PersonFields("Phạm Thị Bình", "nu", None, 1975, "Giáo viên", a, False, "", "", False, ""),
            PersonFields("Đỗ Minh", "", None, None, "", b, False, "", "", True, ""),
        ):
            people_service.save_person(s, fields)


def _sheet(path: Path, title: str) -> list[tuple]:
    """A sheet's header and rows (the title rows name the export's date and ward)."""
    ws = openpyxl.load_workbook(path)[title]
    return [tuple(row) for row in ws.iter_rows(min_row=rx.HEADER_ROW, values_only=True) if any(row)]


def _stored(db, model, table) -> dict:
    attrs = [c.attr for c in table if c.attr]
    with db.read() as s:
        rows = s.execute(select(*[model.__table__.c[a] for a in attrs])).all()
    return {row[0]: row[1:] for row in rows}  # by name (the first attribute)


def test_an_export_imported_into_an_empty_database_gives_back_every_column(db, tmp_path):
    _fill_registry(db)
    units, people = tmp_path / "đơn vị.xlsx", tmp_path / "cá nhân.xlsx"
    assert rx.export_units(db, units) == 4 and rx.export_people(db, people) == 3

    other = open_app(tmp_path / "khác" / "thi đua.db", actor="kiểm thử")
    try:
        for preview, apply, path in ((rx.preview_units_import, rx.apply_units_import, units),
                                     (rx.preview_people_import, rx.apply_people_import, people)):
            shown = preview(other.db, path)
            assert shown.ok, shown.lines(shown.errors)
            apply(other.db, shown)
        for model, table in ((Unit, cols.UNIT_COLUMNS), (Person, cols.PEOPLE_COLUMNS)):
            assert _stored(other.db, model, table) == _stored(db, model, table)
        again_units, again_people = tmp_path / "lại đơn vị.xlsx", tmp_path / "lại cá nhân.xlsx"
        rx.export_units(other.db, again_units)
        rx.export_people(other.db, again_people)
    finally:
        other.close()
    for first, again, title in ((units, again_units, "Đơn vị"), (units, again_units, "Khối thi đua"),
                                (people, again_people, "Cá nhân")):
        assert _sheet(again, title) == _sheet(first, title), title
    for title, table in (("Đơn vị", cols.UNIT_COLUMNS), ("Cá nhân", cols.PEOPLE_COLUMNS),
                         ("Khối thi đua", cols.BLOCK_COLUMNS), ("Đăng ký thi đua", cols.REGISTRATION_COLUMNS)):
        workbook = units if title != "Cá nhân" else people
        assert _sheet(workbook, title)[0] == tuple(c.header for c in frame.written(table))
    rows = {row[1]: row for row in _sheet(people, "Cá nhân")[1:]}
    assert rows["Phạm Thị Bình"][2:5] == ("Nữ", None, 1975)  # only the year known: the date stays blank
    assert rows["Nguyễn Văn An"][3] == dt.datetime(1980, 12, 5)


# A column that is not there yet: the model's attribute, the table's line and
# the database's column (what the migration adds) — nothing else is touched.
_NEW_COLUMN = textwrap.dedent('''
    import json, sqlite3, sys
    from pathlib import Path

    import openpyxl
    from sqlalchemy import String, select
    from sqlalchemy.orm import mapped_column

    from thidua_desktop.storage import models
    models.Unit.website = mapped_column(String(200), default="")  # the model

    from thidua_desktop.services.registry import columns  # the table, before anything reads it
    columns.UNIT_COLUMNS += (columns.Column(
        "Trang web", "website", ("Website", "Trang thông tin điện tử"), 30, read=columns._text, attr="website",
        change="trang web", help="Địa chỉ trang thông tin điện tử của đơn vị, nếu có."),)

    from thidua_desktop.services.app import open_app
    from thidua_desktop.services.registry import excel as rx

    folder = Path(sys.argv[1])
    open_app(folder / "w.db", actor="t").close()
    with sqlite3.connect(folder / "w.db") as raw:  # the migration
        raw.execute("ALTER TABLE unit ADD COLUMN website VARCHAR(200) DEFAULT ''")
    app = open_app(folder / "w.db", actor="t")
    db, out = app.db, {}
    book = openpyxl.Workbook()
    book.active.append(["Tên đơn vị", "Website"])
    book.active.append(["Tổ dân phố số 2", "tdp2.example.vn"])
    book.save(folder / "in.xlsx")
    rx.apply_units_import(db, rx.preview_units_import(db, folder / "in.xlsx"))
    with db.read() as s:
        out["stored"] = s.scalar(select(models.Unit.website))
    rx.export_units(db, folder / "out.xlsx")
    sheet = openpyxl.load_workbook(folder / "out.xlsx")["Đơn vị"]
    out["exported"] = [c.value for c in sheet[rx.HEADER_ROW + 1]][-1]
    out["header"] = [c.value for c in sheet[rx.HEADER_ROW]][-1]
    sheet.cell(row=rx.HEADER_ROW + 1, column=sheet.max_column, value="moi.example.vn")
    sheet.parent.save(folder / "changed.xlsx")
    out["preview"] = rx.preview_units_import(db, folder / "changed.xlsx").rows[0].message
    rx.write_units_template(db, folder / "mau.xlsx")
    template = openpyxl.load_workbook(folder / "mau.xlsx")
    out["template"] = [c.value for c in template["Đơn vị"][rx.HEADER_ROW]][-1]
    out["help"] = [r[0] for r in template[rx.HELP_SHEET].iter_rows(values_only=True) if r[0]]
    app.close()
    print(json.dumps(out, ensure_ascii=False))
''')


def test_a_new_column_needs_only_the_table_the_model_and_the_migration(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THIDUA_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _NEW_COLUMN, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["stored"] == out["exported"] == "tdp2.example.vn"
    assert out["header"] == out["template"] == "Trang web"
    assert out["preview"] == "đổi trang web"
    assert "Trang web" in out["help"]


def test_a_required_cell_that_does_not_read_names_its_row_and_is_not_called_missing(db, tmp_path):
    from registry_helpers import add_units, write_xlsx

    add_units(db, "Tổ dân phố số 1")
    path = write_xlsx(tmp_path / "cá nhân.xlsx", [["Họ và tên", "Đơn vị"], ["Nguyễn Văn 2", "Tổ dân phố số 1"],
                                                 ["", "Tổ dân phố số 1"]])
    wrong, blank = rx.preview_people_import(db, path).rows
    assert (wrong.name, wrong.message) == ("Nguyễn Văn 2", "Họ và tên “Nguyễn Văn 2” có chữ số")
    assert (blank.name, blank.message) == ("(không có tên)", "thiếu họ và tên")
