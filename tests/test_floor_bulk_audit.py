"""The bulk imports serialise each audit entry's ``changes`` once (issue 15, goal 4):
the text hashed into the chain is the text stored, a JSON object as the ORM stores it."""
from __future__ import annotations

import json
import sqlite3

from registry_helpers import write_xlsx
from thidua_desktop.cli import main
from thidua_desktop.storage import audit_chain

GIVEN = ["An", "Bình", "Cường", "Dũng"]


def test_people_imported_in_bulk_are_audited_as_json_objects_on_an_intact_chain(capsys, db_path, tmp_path):
    assert main(["--db", str(db_path), "init"]) == 0
    units = write_xlsx(tmp_path / "đơn vị.xlsx",
                       [["Tên đơn vị", "Loại hình"], ["Tổ dân phố số 1", "Tổ dân phố"]])
    people = write_xlsx(tmp_path / "cá nhân.xlsx", [["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"]]
                        + [[f"Nguyễn Văn {g}", "Nam", "02/01/1980", "Tổ dân phố số 1"] for g in GIVEN])
    assert main(["--db", str(db_path), "units", "import", str(units)]) == 0
    assert main(["--db", str(db_path), "people", "import", str(people)]) == 0, capsys.readouterr()
    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute(
            "SELECT changes FROM audit_entry WHERE entity = 'person' AND action = 'insert'").fetchall()
        verdict = audit_chain.verify(conn)
    finally:
        conn.close()
    assert len(stored) == len(GIVEN)
    for (text,) in stored:
        changes = json.loads(text)
        assert isinstance(changes, dict) and changes["full_name"].startswith("Nguyễn Văn ")
        assert text == json.dumps(changes)  # the very text the ORM's JSON column writes
        assert changes["birth_date"] == "1980-01-02"
    assert verdict.broken is None
